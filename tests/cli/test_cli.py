"""The CLI as a person runs it: a real process, a real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desk.core.db import Database


def run(db_url: str, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DESK_DATABASE_URL=db_url)
    proc = subprocess.run([sys.executable, "-m", "desk", *args], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_init_demo_users_list(any_db: Database) -> None:
    run(any_db.url, "init")
    run(any_db.url, "demo")
    rows = json.loads(run(any_db.url, "users", "list", "--json").stdout)
    roles = {r["role"] for r in rows}
    assert roles == {"front_desk", "sales_rep", "assistant", "manager", "admin"}
    assert sum(r["role"] == "sales_rep" for r in rows) == 6
    table = run(any_db.url, "users", "list").stdout
    assert "李娜" in table and "置业顾问" in table


def test_init_on_a_new_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sub' / 'new.sqlite3'}"
    out = run(url, "init").stdout
    assert "new.sqlite3" in out
    assert (tmp_path / "sub" / "new.sqlite3").exists()


def test_user_errors_are_one_line_without_traceback(db: Database,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    run(db.url, "demo")
    monkeypatch.setenv("DESK_NEW_PASSWORD", "secret1")
    p = run(db.url, "users", "add", "lina", "--name", "X", "--role", "admin", "--user", "admin",
            ok=False)
    assert p.returncode == 3
    assert p.stderr.strip().count("\n") == 0 and "Traceback" not in p.stderr
    assert "lina" in p.stderr
    p = run(db.url, "--lang", "en", "users", "passwd", "ghost", "--user", "admin", ok=False)
    assert p.returncode == 4
    assert p.stderr.strip() == "desk: No user with login ghost."


def test_demo_twice_is_refused_unless_if_empty(db: Database) -> None:
    run(db.url, "demo")
    assert run(db.url, "demo", ok=False).returncode == 3
    run(db.url, "demo", "--if-empty")


@pytest.mark.sqlite_only(reason="the copy is a SQLite file, opened as one")
def test_backup_sqlite_is_a_readable_copy(db: Database, tmp_path: Path) -> None:
    run(db.url, "demo")
    target = tmp_path / "copy.sqlite3"
    run(db.url, "backup", str(target), "--user", "admin")
    rows = json.loads(run(f"sqlite:///{target}", "users", "list", "--json").stdout)
    assert len(rows) == 10


@pytest.mark.parametrize("cmd", [["users", "add", "x", "--name", "X", "--role", "admin",
                                  "--user", "admin"], ["users", "passwd", "lina"]])
def test_password_required_without_terminal(db: Database, cmd) -> None:
    run(db.url, "demo")
    p = run(db.url, *cmd, ok=False)
    assert p.returncode == 2 and "DESK_NEW_PASSWORD" in p.stderr
