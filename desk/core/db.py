"""Engines, sessions, migrations and the database clock.

One user action is one transaction: `db.begin()` hands out a unit of work
(`desk.core.uow`) whose transaction commits when the block ends and rolls back
on any exception. On
SQLite every write transaction starts with BEGIN IMMEDIATE, so two writers
queue on the busy timeout instead of failing at commit; reads use `db.read()`,
which does not take the write lock.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

import desk.core.audit  # noqa: F401  (its listeners record every change)
from desk.core import config, connection
from desk.core.cached import Cache
from desk.core.errors import Unavailable
from desk.core.uow import UnitOfWork

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"
SQLITE_BUSY_MS = 30_000
CONNECT_TIMEOUT_S = 5


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite would defer it).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        # A committed hold or contract must survive a power cut: sync the WAL on
        # every commit (NORMAL could lose the last transactions).
        cur.execute("PRAGMA synchronous=FULL")
        # Erased customer data is overwritten with zeros, not left in free space.
        cur.execute("PRAGMA secure_delete=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def private_file(path: Path) -> None:
    """The database file is made owner-only before SQLite opens it (SQLite gives
    its -wal and -shm the file's mode); an older install's files are tightened."""
    if not path.parent.exists():
        config.private_dir(path.parent)
    if not path.exists():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        config.tighten(p, 0o600)


def make_engine(url: str) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            private_file(Path(u.database))
        return _sqlite_engine(url)
    # A server gone from the network (no refusal comes back) is given up on in
    # seconds, not the minutes of TCP's own timeout: the window then says so.
    args = {} if "connect_timeout" in u.query else {"connect_timeout": CONNECT_TIMEOUT_S}
    engine = create_engine(url, pool_size=5, max_overflow=5, connect_args=args)
    _ping_when_idle(engine)
    return engine


# A pooled connection idle this long is pinged before use: the server may have
# restarted meanwhile (it is then replaced instead of failing the user's
# action). One action after another pays no round trip for it.
IDLE_PING_S = 10.0


def _ping_when_idle(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def _in(_dbapi: Any, record: ConnectionPoolEntry) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _out(dbapi: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < IDLE_PING_S:
            return
        try:
            cur = dbapi.cursor()
            try:
                cur.execute("SELECT 1")
            finally:
                cur.close()
            dbapi.rollback()
        except Exception as e:
            raise DisconnectionError(str(e)) from e  # the pool connects afresh


def unreachable(exc: BaseException, where: str = "") -> Unavailable | None:
    """The refusal to show when `exc` means the database server cannot be
    reached (refused, dropped, shutting down), else None. The one place that
    tells a lost connection from any other database error (window and CLI)."""
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, Unavailable):
        return exc
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    dropped = isinstance(exc, DBAPIError) and exc.connection_invalidated \
        and not isinstance(orig, sqlite3.Error)
    if not (dropped or _server_gone(orig)):
        return None
    at = f"（{where}）" if where else ""
    at_en = f" ({where})" if where else ""
    return Unavailable(f"无法连接数据库服务器{at}，请稍后再试。",
                       f"The database server cannot be reached{at_en}; try again shortly.")


def _server_gone(e: BaseException | None) -> bool:
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg ships with the application
        return False
    if isinstance(e, psycopg.InterfaceError):  # the connection is closed
        return True
    if isinstance(e, psycopg.OperationalError):
        # No SQLSTATE: the connection itself failed; class 08 is a connection
        # exception, 57P the server shutting down. A deadlock or a serialization
        # failure is an OperationalError too, and is not a lost server.
        state = e.sqlstate
        return state is None or state.startswith(("08", "57P"))
    return False


class Database:
    """The engine and session factory of one database, plus the clock offset
    that tests use to move time forward."""

    def __init__(self, url: str | None = None) -> None:
        self.url = connection.database_url(url)
        self.engine = make_engine(self.url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self.clock_offset = timedelta(0)
        self.cache = Cache()  # settings read by this process, dropped as changes arrive
        self._write = sessionmaker(self.engine, class_=UnitOfWork, expire_on_commit=False)
        reader = self.engine.execution_options(sqlite_begin="DEFERRED")
        self._read = sessionmaker(reader, class_=UnitOfWork, expire_on_commit=False)

    @property
    def description(self) -> str:
        return config.describe_url(self.url)

    @contextlib.contextmanager
    def begin(self, origin: str | None = None) -> Iterator[UnitOfWork]:
        """One user action that writes: commit on success. `origin` names the
        window that started it (carried by the change rows)."""
        with self._write() as uow:
            uow.db, uow.origin = self, origin
            with uow.begin():
                yield uow

    @contextlib.contextmanager
    def read(self) -> Iterator[UnitOfWork]:
        """A unit of work that only reads (no write lock on SQLite)."""
        with self._read() as uow:
            uow.db = self
            with uow.begin():
                yield uow

    def schema_version(self) -> str | None:
        with self.engine.connect() as conn:
            try:
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            except Exception:  # no table yet: an empty database
                conn.rollback()
                return None

    def migrate(self) -> None:
        """Bring the schema to the newest revision (run at every start)."""
        from desk.migrations import HEAD

        if self.schema_version() == HEAD:
            return
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()

    def scrub(self) -> None:
        """After an erasure: leave no old copy of the erased rows on disk. SQLite
        zeroes freed space (secure_delete) and the WAL is folded in and truncated;
        PostgreSQL's dead rows go with VACUUM."""
        if self.is_sqlite:
            raw = self.engine.raw_connection()  # outside any transaction
            try:
                cur = raw.cursor()
                cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                cur.close()
            finally:
                raw.close()
        else:
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                for table in ("customers", "visits", "follow_ups", "complaints", "unit_events",
                              "audit_log", "access_log"):
                    conn.exec_driver_sql(f"VACUUM {table}")

    def dispose(self) -> None:
        self.engine.dispose()

