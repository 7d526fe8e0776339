"""A pooled PostgreSQL connection is pinged only after sitting idle: one
action after another pays no round trip, and a connection the server dropped
meanwhile is replaced or reported, never a traceback."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from desk.core import db as db_module
from desk.core.db import Database, unreachable
from tests.conftest import PG_URL


def backend(db: Database) -> int:
    with db.read() as s:
        pid: int = s.execute(text("SELECT pg_backend_pid()")).scalar_one()
        return pid


def drop(pid: int) -> None:
    assert PG_URL
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        while c.execute(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :p"),
                        {"p": pid}).scalar_one():
            time.sleep(0.01)
    admin.dispose()


def test_a_dropped_connection_is_reported_when_busy_and_replaced_when_idle(
        pg_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    first = backend(pg_db)
    assert backend(pg_db) == first  # the pooled connection, used again
    drop(first)
    with pytest.raises(DBAPIError) as lost:  # used again at once: no ping before it
        backend(pg_db)
    assert unreachable(lost.value, pg_db.description) is not None
    second = backend(pg_db)  # the pool connected afresh
    assert second != first
    drop(second)
    monkeypatch.setattr(db_module, "IDLE_PING_S", 0.0)  # as after a while with nothing to do
    third = backend(pg_db)  # pinged at checkout, found dead, replaced: the action goes through
    assert third not in (first, second)
