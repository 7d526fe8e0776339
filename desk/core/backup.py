"""Backups and restore: a consistent copy while the application runs, the daily
copies kept beside the data, and putting a copy back.

Every file made here is owner-only: a backup holds the same customer data as
the database. PostgreSQL is copied with pg_dump and put back with pg_restore;
their password goes through the child's environment, never its command line,
where every local user could read it in the process list.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url

from desk.core import config
from desk.core.db import Database, private_file
from desk.core.errors import ConfigurationError, DeskError, InvalidInput, NeedsConfirmation

if sys.platform != "win32":
    import fcntl

DAILY = re.compile(r"^desk-(\d{4}-\d{2}-\d{2})\.sqlite3$")


# --- making a copy ----------------------------------------------------------------


def backup(db: Database, target: Path) -> Path:
    target = target.expanduser().resolve()
    if target.exists() and target.is_dir():
        raise InvalidInput(f"{target} 是一个文件夹，请给出文件名。",
                           f"{target} is a folder: give a file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    if db.is_sqlite:
        _sqlite_copy(_sqlite_path(db), target)
    else:
        _pg_dump(db.url, target)
    return target


def _sqlite_path(db: Database) -> Path:
    name = make_url(db.url).database
    if not name or name == ":memory:":
        raise InvalidInput("内存数据库无法备份。", "An in-memory database cannot be backed up.")
    return Path(name)


@contextlib.contextmanager
def _private_temp(target: Path) -> Iterator[Path]:
    """A 0600 file beside `target` that becomes `target` only once complete, so
    a half-written copy never stands where a good one is expected."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}-journal").unlink(missing_ok=True)


def _sqlite_copy(source: Path, target: Path) -> None:
    with _private_temp(target) as tmp:
        # SQLite's online backup copies one consistent snapshot, WAL included,
        # while others go on writing.
        src = sqlite3.connect(source, timeout=30)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            # One self-contained file: no -wal needed beside the copy.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
            src.close()


# --- PostgreSQL's own tools ---------------------------------------------------------


def pg_command(url: str, program: str, *args: str,
               environ: Mapping[str, str] | None = None) -> tuple[list[str], dict[str, str]]:
    """The argument list and environment to run a PostgreSQL client program on
    `url`: the address without its password on the command line, the password
    (if the URL has one) in PGPASSWORD."""
    u = make_url(url)
    env = dict(os.environ if environ is None else environ)
    if u.password is not None:
        env["PGPASSWORD"] = str(u.password)
    bare = URL.create("postgresql", username=u.username, host=u.host, port=u.port,
                      database=u.database, query=u.query)
    address = bare.render_as_string(hide_password=False)
    return [program, *args, f"--dbname={address}"], env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ConfigurationError(
            f"未找到 {name}：请在这台电脑上安装 PostgreSQL 客户端。",
            f"{name} was not found: install the PostgreSQL client on this PC.",
        )
    return found


def _pg_dump(url: str, target: Path) -> None:
    argv, env = pg_command(url, _tool("pg_dump"), "--format=custom")
    with _private_temp(target) as tmp, tmp.open("wb") as out:
        result = subprocess.run(argv, env=env, stdout=out, stderr=subprocess.PIPE,
                                text=False, check=False)
        if result.returncode != 0:
            why = result.stderr.decode(errors="replace").strip()
            raise DeskError(f"备份失败：{why}", f"Backup failed: {why}")


def _archive(source: Path, *args: str) -> str:
    """What pg_restore reads from an archive file, offline (no database)."""
    result = subprocess.run([_tool("pg_restore"), *args, "--file=-", str(source)],
                            capture_output=True, check=False)
    if result.returncode != 0:
        raise _not_a_backup(source)
    return result.stdout.decode(errors="replace")


def _copy_rows(script: str, table: str) -> list[dict[str, str]]:
    """The rows of `table` in a plain-text dump: its COPY block."""
    lines = iter(script.splitlines())
    for line in lines:
        m = re.match(rf"COPY (?:public\.)?{table} \((.*)\) FROM stdin;", line)
        if m:
            columns = [c.strip().strip('"') for c in m.group(1).split(",")]
            rows = []
            for row in lines:
                if row == "\\.":
                    break
                rows.append(dict(zip(columns, row.split("\t"), strict=False)))
            return rows
    return []


# --- the daily copy ------------------------------------------------------------------


def default_folder() -> Path:
    return config.data_dir() / "backups"


def daily(db: Database, folder: Path, keep: int, today: date) -> Path | None:
    """Today's copy (the showroom's date) into `folder`, unless there is one;
    only the newest `keep` daily copies stay (0: no automatic backups). SQLite
    only: a PostgreSQL server is backed up by its own administrator's tools."""
    if not db.is_sqlite or keep <= 0:
        return None
    try:
        folder = config.private_dir(folder.expanduser())
        target = folder / f"desk-{today.isoformat()}.sqlite3"
        made = None
        if not target.exists():
            _sqlite_copy(_sqlite_path(db), target)
            made = target
        copies = sorted(p for p in folder.iterdir() if DAILY.match(p.name))
        for old in copies[:-keep]:
            old.unlink(missing_ok=True)
    except OSError as e:
        raise ConfigurationError(f"无法把备份写入 {folder}：{e.strerror}",
                                 f"Cannot write the backup into {folder}: {e.strerror}") from None
    return made


# --- the application's presence ------------------------------------------------------


class RunningLock:
    """A shared advisory lock on "<database>.running", held by every window
    open on a SQLite file; restore asks for it exclusively."""

    def __init__(self, fd: int) -> None:
        self.fd: int | None = fd

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing drops the lock
            self.fd = None


def _lock_path(db: Database) -> Path:
    return Path(f"{_sqlite_path(db)}.running")


def hold_running(db: Database) -> RunningLock | None:
    """Say "the application runs on this database" for as long as the lock is
    held. None on PostgreSQL (the server knows its clients), on a platform
    without advisory locks, or while a restore is under way."""
    if not db.is_sqlite or sys.platform == "win32":
        return None
    fd = os.open(_lock_path(db), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return RunningLock(fd)


@contextlib.contextmanager
def _alone(db: Database, force: bool) -> Iterator[None]:
    """Nobody else works on this database while it is replaced (or --force)."""
    if sys.platform == "win32":
        yield
        return
    fd = os.open(_lock_path(db), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            if not force:
                raise NeedsConfirmation(
                    "Showroom Desk 正在使用这个数据库：请先在每个窗口退出，或用 --force 强制恢复。",
                    "Showroom Desk is running on this database: quit it first, or repeat "
                    "with --force.",
                ) from None
        yield
    finally:
        os.close(fd)


def _pg_others(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'")).scalar_one())


# --- what a backup holds -----------------------------------------------------------


@dataclass(frozen=True)
class BackupInfo:
    """What restore needs to know of a backup before touching anything."""

    path: Path
    version: str
    latest_change: datetime | None
    tables: frozenset[str]


def _not_a_backup(path: Path) -> InvalidInput:
    return InvalidInput(f"{path} 不是 Showroom Desk 的备份。",
                        f"{path} is not a Showroom Desk backup.", field="path")


def _known(version: str, path: Path) -> None:
    from alembic.script import ScriptDirectory

    from desk.core.db import MIGRATIONS

    try:
        found = ScriptDirectory(str(MIGRATIONS)).get_revision(version)
    except Exception:
        found = None
    if found is None:
        raise InvalidInput(
            f"{path} 来自更新版本的 Showroom Desk（数据库版本 {version}）：请先升级本程序。",
            f"{path} comes from a newer Showroom Desk (schema {version}): upgrade this "
            "program first.", field="path")


def _moment(value: str | None) -> datetime | None:
    if value in (None, "", "\\N"):
        return None
    return datetime.fromisoformat(str(value)).replace(tzinfo=None)


def inspect(db: Database, path: Path) -> BackupInfo:
    """Check that `path` is a backup this program can restore into `db`:
    refused (InvalidInput) otherwise, with nothing touched."""
    path = path.expanduser()
    if not path.is_file():
        raise InvalidInput(f"没有这个备份文件：{path}", f"No such backup file: {path}",
                           field="path")
    if db.is_sqlite:
        try:
            src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                version = src.execute("SELECT version_num FROM alembic_version").fetchone()
                latest = src.execute("SELECT max(at) FROM changes").fetchone()
                tables = {r[0] for r in src.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'")}
            finally:
                src.close()
        except sqlite3.Error:
            raise _not_a_backup(path) from None
        if not version:
            raise _not_a_backup(path)
        info = BackupInfo(path, str(version[0]), _moment(latest[0] if latest else None),
                          frozenset(tables))
    else:
        listing = _archive(path, "--list")
        tables = set(re.findall(r" TABLE public (\w+) ", listing))
        if "alembic_version" not in tables:
            raise _not_a_backup(path)
        data = _archive(path, "--data-only", "--table=alembic_version", "--table=changes")
        versions = _copy_rows(data, "alembic_version")
        if not versions:
            raise _not_a_backup(path)
        moments = [_moment(r.get("at")) for r in _copy_rows(data, "changes")]
        latest_at = max((m for m in moments if m is not None), default=None)
        info = BackupInfo(path, versions[0]["version_num"], latest_at, frozenset(tables))
    _known(info.version, path)
    return info


def current_latest_change(db: Database) -> datetime | None:
    """The newest change in the live database; None when it cannot be read."""
    try:
        with db.engine.connect() as conn:
            value = conn.execute(text("SELECT max(at) FROM changes")).scalar()
    except Exception:
        return None
    finally:
        db.engine.dispose()
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return _moment(value)


def can_open(db: Database) -> bool:
    """Whether the live database opens as a Showroom Desk database at all
    (when not, whoever can write its file may restore it)."""
    try:
        return db.schema_version() is not None
    except Exception:
        return False
    finally:
        db.engine.dispose()


# --- putting a copy back ---------------------------------------------------------------


def restore(db: Database, info: BackupInfo, *, force: bool = False) -> None:
    """Put the backup `info` (from `inspect`) in place of the live database.
    Refused while the application runs on it or when the live database has
    changes newer than the backup, unless `force`. The caller then migrates
    and checks the business invariants."""
    if db.is_sqlite:
        with _alone(db, force):
            _check_newer(db, info, force)
            _sqlite_restore(_sqlite_path(db), info.path)
    else:
        others = _pg_others(db)
        db.engine.dispose()
        if others and not force:
            raise NeedsConfirmation(
                f"还有 {others} 个连接在使用这个数据库：请先让各电脑退出，或用 --force 强制恢复。",
                f"{others} other connection(s) are using this database: quit Showroom Desk on "
                "every PC first, or repeat with --force.")
        _check_newer(db, info, force)
        _pg_restore(db, info)


def _check_newer(db: Database, info: BackupInfo, force: bool) -> None:
    live = current_latest_change(db)
    if force or live is None:
        return
    if info.latest_change is None or live > info.latest_change:
        shown = live.strftime("%Y-%m-%d %H:%M")
        raise NeedsConfirmation(
            f"当前数据库有比备份更新的修改（最近一次在 {shown} UTC）：恢复会丢失它们。"
            "确定的话请用 --force 重试。",
            f"The database has changes newer than the backup (the latest at {shown} UTC): "
            "restoring loses them. Repeat with --force if that is what you want.")


def _sqlite_restore(live: Path, source: Path) -> None:
    private_file(live)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        try:
            # Through SQLite, into the live file: a -wal left by a killed
            # process is recovered first and then overwritten with the rest,
            # where copying the file over it would mix the two.
            dst = sqlite3.connect(live, timeout=30)
            try:
                dst.execute("PRAGMA journal_mode=WAL")
                src.backup(dst)
                dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                dst.close()
        except sqlite3.DatabaseError:
            # The live file is not a database any more: a fresh file in its place,
            # its stale -wal and -shm gone with it.
            with _private_temp(live) as tmp:
                fresh = sqlite3.connect(tmp)
                try:
                    src.backup(fresh)
                finally:
                    fresh.close()
                for side in ("-wal", "-shm"):
                    Path(f"{live}{side}").unlink(missing_ok=True)
    finally:
        src.close()
    config.tighten(live, 0o600)
    check = sqlite3.connect(live)
    try:
        result = [r[0] for r in check.execute("PRAGMA integrity_check")]
    finally:
        check.close()
    if result != ["ok"]:
        why = "; ".join(result[:5])
        raise DeskError(f"恢复后的数据库未通过完整性检查：{why}",
                        f"The restored database fails its integrity check: {why}")


def _pg_restore(db: Database, info: BackupInfo) -> None:
    argv, env = pg_command(db.url, _tool("pg_restore"), "--clean", "--if-exists",
                           "--single-transaction", "--no-owner", "--exit-on-error",
                           str(info.path))
    result = subprocess.run(argv, env=env, capture_output=True, check=False)
    if result.returncode != 0:
        why = result.stderr.decode(errors="replace").strip().splitlines()
        line = why[-1] if why else str(result.returncode)
        raise DeskError(f"恢复失败，数据库未改变：{line}",
                        f"Restore failed; the database is unchanged: {line}")
    # Tables of a later schema than the backup's go: the migrations make them again.
    with db.engine.begin() as conn:
        live = set(conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
        for table in sorted(live - info.tables):
            conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{table}" CASCADE')
    db.engine.dispose()
