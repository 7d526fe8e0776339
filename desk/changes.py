"""The change feed: every committed change leaves a row, so every window refreshes.

A service calls `record()` inside its transaction. On PostgreSQL the same
transaction sends NOTIFY, delivered to listeners when it commits; on SQLite the
windows poll the sequence, which is one indexed read.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from desk.db import Database, db_now
from desk.models import Change

CHANNEL = "desk_changes"
# Kinds of things that change; screens subscribe to the ones they show.
KINDS = ("users", "project", "settings", "units", "queue", "visitors", "prints")
# Rows older than this many sequence numbers are pruned at start-up.
KEEP = 10_000


@dataclass(frozen=True)
class ChangeRow:
    seq: int
    kind: str
    ref: str | None


def record(session: Session, kind: str, ref: object | None = None) -> None:
    session.add(Change(kind=kind, ref=None if ref is None else str(ref)[:60], at=db_now(session)))
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:ch, :kind)"), {"ch": CHANNEL, "kind": kind})


def latest(session: Session) -> int:
    return session.execute(select(func.coalesce(func.max(Change.seq), 0))).scalar_one()


def since(session: Session, seq: int, window: int = 200) -> list[ChangeRow]:
    """Changes with a sequence above `seq - window`.

    On PostgreSQL sequence numbers are taken before commit, so a lower number can
    become visible after a higher one; the caller keeps the numbers it has seen
    and the window catches the late ones.
    """
    rows = session.execute(
        select(Change.seq, Change.kind, Change.ref)
        .where(Change.seq > seq - window)
        .order_by(Change.seq)
    )
    return [ChangeRow(*r) for r in rows]


def prune(session: Session) -> None:
    top = latest(session)
    if top > KEEP:
        session.execute(delete(Change).where(Change.seq <= top - KEEP))


class Listener:
    """Waits for changes committed by anyone: this PC, another PC, the CLI.

    Plain Python (the UI runs it on a worker thread). PostgreSQL wakes it with
    NOTIFY; SQLite is polled, which costs one indexed read.
    """

    POLL_SECONDS = 0.5

    def __init__(self, db: Database) -> None:
        self.db = db
        with db.read() as s:
            self.last = latest(s)
        self._seen: set[int] = set()
        self._pg = None
        if not db.is_sqlite:
            import psycopg

            url = db.engine.url.set(drivername="postgresql")
            self._pg = psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)
            self._pg.execute(f"LISTEN {CHANNEL}")

    def poll(self) -> list[ChangeRow]:
        with self.db.read() as s:
            rows = since(s, self.last)
        new = [r for r in rows if r.seq not in self._seen]
        if new:
            self.last = max(self.last, max(r.seq for r in new))
            self._seen.update(r.seq for r in new)
            self._seen = {q for q in self._seen if q > self.last - 400}
        return new

    def wait(self, timeout: float = 1.0) -> list[ChangeRow]:
        if self._pg is not None:
            for _ in self._pg.notifies(timeout=timeout, stop_after=1):
                pass
        else:
            time.sleep(min(timeout, self.POLL_SECONDS))
        return self.poll()

    def close(self) -> None:
        if self._pg is not None:
            self._pg.close()
            self._pg = None
