"""Backups made while others write, the daily copy, and `desk restore`."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from desk.admin import auth, projects
from desk.cli.restore import check_restored
from desk.core import backup
from desk.core.db import Database
from desk.demo import showroom as demo
from desk.migrations import HEAD
from desk.models import Claim, UnitEvent
from tests.cli.test_cli import run

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def showroom(db: Database) -> None:
    """The demo's staff and price list: what the writers work on."""
    with db.begin() as s:
        for login, name, role in demo.DEMO_USERS:
            auth.create_user(s, None, login, name, role, demo.DEMO_PASSWORD)
        p = projects.create_project(s, None, "P", "S", "1")
        demo.load_units(s, p.id)


def writer(db: Database, worker: int, attempts: int) -> subprocess.Popen[str]:
    """A process holding, releasing, subscribing and cancelling units in a loop."""
    return subprocess.Popen([sys.executable, "-m", "tests.sales.race_worker", db.url,
                             str(worker), str(attempts), "backup"],
                            stdout=subprocess.PIPE, text=True)


def consistent(db: Database) -> None:
    """Integrity and every business invariant, plus never two active claims."""
    if db.is_sqlite:
        with db.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA integrity_check").scalars().all() == ["ok"]
    assert check_restored(db) == []
    with db.read() as s:
        doubled = s.execute(select(Claim.unit_id).where(Claim.state == "active")
                            .group_by(Claim.unit_id).having(func.count() > 1)).all()
        assert doubled == []


def events(db: Database) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(UnitEvent)).scalar_one()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- pg_dump's password ------------------------------------------------------------


def test_the_password_goes_to_the_environment_not_the_command_line() -> None:
    argv, env = backup.pg_command("postgresql+psycopg://desk:s3cr%40t@db.example:5433/showroom",
                                  "/usr/bin/pg_dump", "--format=custom", environ={"PATH": "/bin"})
    assert argv == ["/usr/bin/pg_dump", "--format=custom",
                    "--dbname=postgresql://desk@db.example:5433/showroom"]
    assert env == {"PATH": "/bin", "PGPASSWORD": "s3cr@t"}
    assert not any("s3cr" in a for a in argv)
    # No password in the address: the user's own PGPASSWORD or ~/.pgpass still serve.
    argv, env = backup.pg_command("postgresql+psycopg://desk@db.example/showroom", "pg_restore",
                                  environ={"PGPASSWORD": "from-env"})
    assert argv == ["pg_restore", "--dbname=postgresql://desk@db.example/showroom"]
    assert env == {"PGPASSWORD": "from-env"}


@pytest.mark.postgres
def test_a_pg_dump_backup_is_private_and_restorable(pg_db: Database, tmp_path: Path) -> None:
    showroom(pg_db)
    target = backup.backup(pg_db, tmp_path / "showroom.dump")
    assert mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["showroom.dump"]
    info = backup.inspect(pg_db, target)
    assert info.version == HEAD
    assert {"units", "claims", "changes", "alembic_version"} <= info.tables
    with pg_db.read() as s:
        assert info.latest_change == s.execute(text("SELECT max(at) FROM changes")).scalar()


# --- the daily copy ----------------------------------------------------------------------


def test_the_daily_backup_is_made_once_a_day_and_the_newest_are_kept(sqlite_db: Database,
                                                                     tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    made = backup.daily(sqlite_db, folder, 3, date(2026, 11, 23))
    assert made == folder / "desk-2026-11-23.sqlite3"
    assert mode(folder) == 0o700 and mode(made) == 0o600
    assert backup.inspect(sqlite_db, made).version == HEAD
    assert backup.daily(sqlite_db, folder, 3, date(2026, 11, 23)) is None  # one a day
    for day in (20, 21, 22):
        (folder / f"desk-2026-11-{day}.sqlite3").write_bytes(b"")
    (folder / "notes.txt").write_text("kept: not a daily copy")
    made = backup.daily(sqlite_db, folder, 3, date(2026, 11, 24))
    assert sorted(p.name for p in folder.iterdir()) == [
        "desk-2026-11-22.sqlite3", "desk-2026-11-23.sqlite3", "desk-2026-11-24.sqlite3",
        "notes.txt"]
    assert backup.daily(sqlite_db, folder, 0, date(2026, 11, 25)) is None  # 0: turned off
    assert not (folder / "desk-2026-11-25.sqlite3").exists()


@pytest.mark.postgres
def test_no_daily_copy_of_a_postgresql_database(pg_db: Database, tmp_path: Path) -> None:
    assert backup.daily(pg_db, tmp_path / "b", 30, date(2026, 11, 23)) is None
    assert not (tmp_path / "b").exists()


# --- backups during writes -------------------------------------------------------------


@pytest.mark.slow
def test_backups_taken_during_writes_restore_to_a_consistent_database(
        any_db: Database, tmp_path: Path) -> None:
    showroom(any_db)
    any_db.dispose()
    writers = [writer(any_db, i, 400) for i in range(2)]
    copies: list[Path] = []
    while len(copies) < 4 and any(w.poll() is None for w in writers):
        copies.append(backup.backup(any_db, tmp_path / f"during-{len(copies)}.bak"))
        time.sleep(0.2)
    during = len(copies)
    for w in writers:
        w.communicate(timeout=600)
        assert w.returncode == 0
    assert during >= 2, "the writers finished before two backups were taken"
    for copy in copies:
        info = backup.inspect(any_db, copy)
        any_db.dispose()
        p = run(any_db.url, "--lang", "en", "restore", str(copy), "--force", "--user", "admin")
        assert "integrity and business checks pass" in p.stdout
        consistent(any_db)
        assert backup.current_latest_change(any_db) == info.latest_change
    any_db.dispose()


# --- what restore refuses ----------------------------------------------------------------


def test_restore_is_refused_while_the_application_runs(sqlite_db: Database,
                                                       tmp_path: Path) -> None:
    showroom(sqlite_db)
    copy = backup.backup(sqlite_db, tmp_path / "copy.sqlite3")
    lock = backup.hold_running(sqlite_db)
    assert lock is not None
    p = run(sqlite_db.url, "--lang", "en", "restore", str(copy), "--user", "admin", ok=False)
    assert p.returncode == 7
    assert p.stderr == ("desk: Showroom Desk is running on this database: quit it first, or "
                        "repeat with --force.\n")
    lock.release()
    run(sqlite_db.url, "restore", str(copy), "--user", "admin")


def test_restore_over_a_newer_database_needs_force(sqlite_db: Database, tmp_path: Path) -> None:
    showroom(sqlite_db)
    copy = backup.backup(sqlite_db, tmp_path / "copy.sqlite3")
    with sqlite_db.begin() as s:
        auth.create_user(s, None, "later", "Later", "sales_rep", "secret12")
    sqlite_db.dispose()
    p = run(sqlite_db.url, "--lang", "en", "restore", str(copy), "--user", "admin", ok=False)
    assert p.returncode == 7
    assert p.stderr.startswith("desk: The database has changes newer than the backup")
    assert p.stderr.count("\n") == 1
    with sqlite_db.read() as s:
        assert auth.get_user(s, "later").login == "later"  # untouched
    sqlite_db.dispose()
    run(sqlite_db.url, "restore", str(copy), "--force", "--user", "admin")
    with sqlite_db.read() as s:
        assert [u.login for u in auth.list_users(s) if u.login == "later"] == []


def test_restore_refuses_a_file_that_is_not_a_desk_backup(sqlite_db: Database,
                                                         tmp_path: Path) -> None:
    showroom(sqlite_db)
    sqlite_db.dispose()
    live = Path(str(sqlite_db.engine.url.database))
    before = digest(live)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a database")
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as c:
        c.execute("CREATE TABLE t (x)")
    newer = backup.backup(sqlite_db, tmp_path / "newer.sqlite3")
    with sqlite3.connect(newer) as c:
        c.execute("UPDATE alembic_version SET version_num = '0099'")
    for path, says in ((text_file, f"desk: {text_file} is not a Showroom Desk backup.\n"),
                       (other, f"desk: {other} is not a Showroom Desk backup.\n"),
                       (newer, f"desk: {newer} comes from a newer Showroom Desk (schema 0099): "
                               "upgrade this program first.\n"),
                       (tmp_path / "missing", f"desk: No such backup file: {tmp_path}/missing\n")):
        p = run(sqlite_db.url, "--lang", "en", "restore", str(path), "--force", "--user", "admin",
                ok=False)
        assert (p.returncode, p.stderr) == (2, says)
    assert digest(live) == before


def test_restore_needs_an_administrator_unless_the_database_cannot_open(
        sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    showroom(sqlite_db)
    copy = backup.backup(sqlite_db, tmp_path / "copy.sqlite3")
    sqlite_db.dispose()
    p = run(sqlite_db.url, "--lang", "en", "restore", str(copy), "--user", "assistant", ok=False)
    assert (p.returncode, p.stderr) == (
        5, "desk: 孙晓燕 (Sales assistant) may not back up, restore or move the database.\n")
    # A database that no longer opens: whoever can write its file restores it.
    live = Path(str(sqlite_db.engine.url.database))
    live.write_bytes(b"\0garbage" * 4096)
    Path(f"{live}-wal").write_bytes(b"junk")
    monkeypatch.delenv("DESK_PASSWORD")
    p = run(sqlite_db.url, "--lang", "en", "restore", str(copy))
    assert p.stdout.startswith(f"Restored {live} from {copy}")
    consistent(sqlite_db)
    assert mode(live) == 0o600


def test_restore_over_a_wal_left_by_a_killed_writer(sqlite_db: Database, tmp_path: Path) -> None:
    showroom(sqlite_db)
    copy = backup.backup(sqlite_db, tmp_path / "copy.sqlite3")
    saved = events(sqlite_db)
    sqlite_db.dispose()
    live = Path(str(sqlite_db.engine.url.database))
    wal = Path(f"{live}-wal")
    proc = writer(sqlite_db, 0, 100_000)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not wal.exists() or wal.stat().st_size < 100_000):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert wal.stat().st_size >= 100_000  # committed frames never folded in
    assert events(sqlite_db) > saved
    sqlite_db.dispose()
    run(sqlite_db.url, "restore", str(copy), "--force", "--user", "admin")
    consistent(sqlite_db)
    assert events(sqlite_db) == saved
    sqlite_db.dispose()


@pytest.mark.postgres
def test_pg_restore_is_refused_while_others_are_connected(pg_db: Database,
                                                         tmp_path: Path) -> None:
    showroom(pg_db)
    copy = backup.backup(pg_db, tmp_path / "copy.dump")
    pg_db.dispose()
    other = create_engine(pg_db.url)
    with other.connect() as conn:  # another PC's window
        conn.execute(text("SELECT 1"))
        p = run(pg_db.url, "--lang", "en", "restore", str(copy), "--user", "admin", ok=False)
        assert (p.returncode, p.stderr) == (
            7, "desk: 1 other connection(s) are using this database: quit Showroom Desk on every "
               "PC first, or repeat with --force.\n")
    other.dispose()
    run(pg_db.url, "restore", str(copy), "--user", "admin")
    consistent(pg_db)
    pg_db.dispose()
