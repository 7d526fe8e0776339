"""Bad input at every argument of every command: one line, a documented exit
code, never a traceback, and nothing changed in the database when refused.

The commands are found by walking the parser, so a new command is fuzzed as
soon as it is registered. `desk.cli.main.main` runs in this process (hundreds
of processes would take minutes); the user is proven with DESK_PASSWORD.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desk.cli import main as cli_main
from desk.cli.main import build_parser, main
from desk.core.db import Database
from desk.demo.showroom import DEMO_PASSWORD
from desk.models import Base

EXIT_CODES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
PROJECT = "翠湖天地"  # the demo's, with its units below


@dataclass(frozen=True)
class Arg:
    """One argument of one command: positional (option "") or an option."""

    command: tuple[str, ...]
    dest: str
    option: str
    required: bool


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
             ) -> Iterator[tuple[tuple[str, ...], list[argparse.Action]]]:
    """Every runnable command and its arguments, from the parser itself."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from commands(sub, (*path, name))
            return
    yield path, [a for a in parser._actions if a.nargs != 0 and a.dest != "help"]


def arguments() -> list[Arg]:
    out = []
    for path, actions in commands(the_parser()):
        if not path:
            continue
        for a in actions:
            out.append(Arg(path, a.dest, a.option_strings[-1] if a.option_strings else "",
                           a.required or not a.option_strings))
    return out


def baseline(cmd: tuple[str, ...], dest: str, files: Path) -> str:
    """A plausible value, so that the argument being fuzzed is what is judged."""
    soon = (date.today() + timedelta(days=30)).isoformat()
    by_command = {
        ("units", "hold", "code"): "1-101", ("units", "subscribe", "code"): "1-102",
        ("units", "contract", "code"): "1-1801", ("units", "history", "code"): "1-202",
        ("print", "slip", "ref"): "1-404", ("print", "subscription", "ref"): "1-1801",
        ("print", "contract", "ref"): "HT2026-00001", ("users", "add", "login"): "fuzzer",
        ("visitors", "import", "file"): str(files / "visitors.csv"),
        ("restore", "path"): str(files / "missing.sqlite3"),
        ("payments", "record", "code"): "1-1801", ("payments", "refund", "code"): "1-1801",
        ("print", "receipt", "ref"): "SJ2026-00001",
        ("report", "name"): "daily",
        ("targets", "set", "month"): date.today().strftime("%Y-%m"),
        ("targets", "set", "rep"): "lina",
        ("commission", "statement", "month"): date.today().strftime("%Y-%m"),
        ("commission", "confirm", "month"): date.today().strftime("%Y-%m"),
        ("commission", "adjust", "rep"): "lina", ("commission", "adjust", "deal"): "1",
        ("commission", "adjust", "share"): "50",
    }
    key = (*cmd, dest)
    if key in by_command:
        return by_command[key]
    admin = cmd[0] in ("users", "restore", "migrate-to", "key", "backup")
    return {
        "project": PROJECT, "code": "1-404", "customer_phone": "13800138000",
        "phone": "13800138000", "customer_name": "测试客户", "name": "测试",
        "user": "admin" if admin else "manager", "login": "lina" if cmd[0] == "queue" else "yangfan",
        "deposit": "50000", "price": "2844710.40", "amount": "1", "sign_by": soon, "minutes": "10",
        "party": "2", "number": "1", "reception": "1", "id": "1", "customer": "1",
        "hours": "1", "reason": "fuzz", "query": "138", "output": str(files / "out.pdf"),
        "path": str(files / "copy.sqlite3"), "file": str(files / "list.csv"),
        "url": "postgresql://nobody@127.0.0.1:1/none", "date": date.today().isoformat(),
    }.get(dest, "x")


@functools.cache
def the_parser(command: str | None = None) -> argparse.ArgumentParser:
    """`desk`'s whole parser, built once: building it costs more than most cases."""
    return build_parser()


def argv_for(target: Arg, value: str, files: Path) -> list[str]:
    """The command with `value` at `target` and plausible values elsewhere."""
    parser = the_parser()
    for name in target.command:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = sub.choices[name]
    argv = [*target.command]
    for a in parser._actions:
        if a.nargs == 0 or a.dest == "help":
            continue
        # --user and --project always: the fuzzed value, not a missing one, is judged
        needed = a.required or not a.option_strings or a.dest in ("user", "project")
        given = value if a.dest == target.dest else (
            baseline(target.command, a.dest, files) if needed else None)
        if given is None:
            continue
        if a.choices is not None and a.dest != target.dest:
            given = str(next(iter(a.choices)))
        argv += [a.option_strings[-1], given] if a.option_strings else [given]
    return argv


def digest(db: Database) -> str:
    """Every row of every table, in primary-key order."""
    h = hashlib.sha256()
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()


class Runner:
    """Runs cases against one database and checks each outcome."""

    def __init__(self, db: Database, capsys: pytest.CaptureFixture[str], files: Path) -> None:
        self.db, self.capsys, self.files = db, capsys, files
        self.before = digest(db)
        self.count = 0
        self.codes: dict[int, int] = {}
        # SQLite counts the commits of other connections: with no commit since
        # the last digest the rows are the same, and the digest need not be read.
        self.watch = sqlite3.connect(str(db.engine.url.database), isolation_level=None) \
            if db.is_sqlite else None
        self.version = self.data_version()
        self.now = self.before

    def data_version(self) -> int | None:
        return self.watch.execute("PRAGMA data_version").fetchone()[0] if self.watch else None

    def current(self) -> str:
        """The digest of the rows now."""
        version = self.data_version()
        if version is None or version != self.version:
            self.version, self.now = version, digest(self.db)
        return self.now

    def run(self, argv: list[str]) -> tuple[int, str]:
        self.capsys.readouterr()
        code = main(["--db", self.db.url, *argv])
        out, err = self.capsys.readouterr()
        self.count += 1
        self.codes[code] = self.codes.get(code, 0) + 1
        shown = repr(argv)[:300]
        assert code in EXIT_CODES, (shown, code, err)
        assert "Traceback" not in err + out, shown
        assert "内部错误" not in err, (shown, err)  # the last resort is a bug, not an answer
        assert "数据库不能保存" not in err, (shown, err)  # a DataError: a service missed a bound
        assert "\x1b" not in err, shown
        if code == 0:
            assert len(err.splitlines()) <= 1, (shown, err)
            self.before = self.current()  # it did what it says: compare from here on
        else:
            assert len(err.splitlines()) == 1 and err.startswith("desk: "), (shown, err)
            assert self.current() == self.before, (shown, code, err)
        return code, err


def bad_values(files: Path) -> list[str]:
    folder = files / "a folder"
    folder.mkdir(exist_ok=True)
    return [
        os.fsdecode(b"\xff\xfe"),  # not UTF-8: Python hands it over as surrogates
        "9999-99-99", "2024-13-01", "9999-12-31", "99999999999999999999999", "1e30", "nan",
        "inf", "-5", "", str(files / ("a" * 300 + ".pdf")), "\x01\x02控制\x7f",
        "\x1b[31m红\x1b[0m", str(folder), "名" * 300,
    ]


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Input files, and the working folder: relative names land here."""
    d = tmp_path / "files"
    d.mkdir()
    (d / "list.csv").write_text("楼栋,房号,建筑面积,单价\n9栋,101,90,30000\n", encoding="utf-8")
    (d / "visitors.csv").write_text("姓名,手机\n张三,13800138001\n", encoding="utf-8")
    monkeypatch.chdir(d)
    # users add / passwd: the demo password, so that an account the fuzz creates
    # (login "nan") and later names with --user is not a wrong password, whose
    # failed sign-in is counted in the database on purpose.
    monkeypatch.setenv("DESK_NEW_PASSWORD", DEMO_PASSWORD)
    monkeypatch.setattr(cli_main, "build_parser", the_parser)  # the same parser, built once
    return d


def test_every_argument_of_every_command_refuses_bad_values(
        demo_db: Database, files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runner = Runner(demo_db, capsys, files)
    targets = arguments()
    assert {t.command for t in targets} >= {("units", "subscribe"), ("queue", "walkin"),
                                            ("print", "slip"), ("users", "add")}
    for target in targets:
        for value in bad_values(files):
            runner.run(argv_for(target, value, files))
    with capsys.disabled():
        print(f"\nfuzz: {runner.count} cases over {len(targets)} arguments of "
              f"{len({t.command for t in targets})} commands; exit codes {sorted(runner.codes.items())}")
    assert runner.count >= 900


_VALUES = st.one_of(
    st.text(alphabet=st.characters(blacklist_characters="\x00"), max_size=80),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(date.isoformat),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.from_regex(r"\d{4}-\d{1,2}-\d{1,2}", fullmatch=True),
)


@settings(max_examples=250, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_generated_text_numbers_and_dates(demo_db: Database, files: Path,
                                          capsys: pytest.CaptureFixture[str],
                                          data: st.DataObject) -> None:
    runner = _runners.setdefault(id(demo_db), Runner(demo_db, capsys, files))
    target = data.draw(st.sampled_from(arguments()), label="argument")
    runner.run(argv_for(target, data.draw(_VALUES, label="value"), files))


_runners: dict[int, Runner] = {}


@pytest.mark.postgres
def test_lengths_and_ranges_on_postgresql(pg_db: Database, files: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """PostgreSQL refuses what SQLite stores (a name past VARCHAR(60), an id past
    INTEGER): the services refuse it first, so no DataError reaches anyone."""
    from desk.demo import showroom

    with pg_db.begin() as s:
        showroom.load(s)
    runner = Runner(pg_db, capsys, files)
    # Every argument typed as text: the ones whose length a column bounds.
    targets = [t for t in arguments() if t.dest not in ("user", "project")]
    for target in targets:
        for value in ("名" * 61, "x" * 2001, "99999999999999999999999", "\x1b[31m红"):
            runner.run(argv_for(target, value, files))
    with capsys.disabled():
        print(f"\nfuzz on PostgreSQL: {runner.count} cases; exit codes "
              f"{sorted(runner.codes.items())}")
    assert runner.count >= 250
