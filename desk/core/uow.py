"""The unit of work: one user action, one transaction.

`Database.begin()` hands out a `UnitOfWork`, a SQLAlchemy session that also
knows the database time of this transaction (`now`, read once: one action
happens at one moment) and collects what the action changed (`record`). The
change rows are written just before the commit, once per kind and thing, and
carry `origin`, the window that started the action, so that window skips the
echo of its own change when the change feed reports it back.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Table, event, func, select
from sqlalchemy.orm import Session

from desk.core import driver
from desk.core.changes import CHANNEL, ChangeKind
from desk.models import Change


def clock(dialect: str) -> ColumnElement[Any]:
    """The database server's time, UTC without tzinfo, as a column to select
    (SQLite gives it as text: `UnitOfWork.read_clock` reads either)."""
    if dialect == "sqlite":
        return func.strftime("%Y-%m-%d %H:%M:%f", "now")
    return func.timezone("UTC", func.clock_timestamp())


class Source(Protocol):
    """What a unit of work needs of its database (`desk.core.db.Database`)."""

    clock_offset: timedelta

    def read(self) -> AbstractContextManager[UnitOfWork]: ...

    def begin(self, origin: str | None = None) -> AbstractContextManager[UnitOfWork]: ...


class UnitOfWork(Session):
    """A session for one user action, with its clock and its change record."""

    db: Source
    origin: str | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.origin = None
        # Who acts in this unit of work, once known (the audit log names them).
        self.actor_login: str | None = None
        self.actor_id: int | None = None
        self._now: datetime | None = None
        # kind -> the things named (None: "something of this kind changed")
        self.changed: dict[ChangeKind, list[str | None]] = {}

    @property
    def now(self) -> datetime:
        """Now, in UTC without tzinfo, from the database server's clock.

        Rules that compare times (hold expiry, the undo window, ownership) use
        this, so PCs with different clocks agree."""
        if self._now is None:
            self.read_clock(self.execute(select(clock(self.get_bind().dialect.name))).scalar_one())
        assert self._now is not None
        return self._now

    def read_clock(self, value: datetime | str) -> datetime:
        """Take `now` from `clock()` read along with another query (one round
        trip less on a hot path); the first reading of the transaction stands."""
        if self._now is None:
            now = datetime.fromisoformat(value) if isinstance(value, str) else value
            self._now = now + self.db.clock_offset
        return self._now

    def acting_as(self, login: str, user_id: int | None) -> None:
        """Name the user this action is done by (set where the user is proven)."""
        self.actor_login, self.actor_id = login, user_id

    def record(self, kind: ChangeKind, ref: object | None = None) -> None:
        """Note that `kind` changed (the thing `ref`, when one thing did)."""
        refs = self.changed.setdefault(kind, [])
        key = None if ref is None else str(ref)[:60]
        if key not in refs:
            refs.append(key)

    @contextlib.contextmanager
    def fresh(self) -> Iterator[UnitOfWork]:
        """A separate read transaction: after a failed statement PostgreSQL accepts
        no more in this one, yet the message must say what the row holds now."""
        with self.db.read() as other:
            yield other


_CHANGES: Table = Change.__table__  # type: ignore[assignment]
_CHANGE_COLUMNS = ("kind", "ref", "at", "origin")
FEED = "uow.feed"


# One NOTIFY per kind of the change rows inserted by the CTE `c`.
NOTIFY_KINDS = "SELECT pg_notify(:channel, k.kind) FROM (SELECT DISTINCT kind FROM c) k"


def notified(insert: str) -> str:
    """On PostgreSQL the change rows' INSERT with its NOTIFYs, one statement
    (a data-modifying CTE); `channel` is bound in `info[FEED]`."""
    return f"WITH c AS ({insert} RETURNING kind) {NOTIFY_KINDS}"


@event.listens_for(UnitOfWork, "before_commit")
def _feed(session: Session) -> None:
    """The change rows' INSERTs (SQL and values), kept in `info[FEED]`: the
    audit log's commit hook (`desk.core.audit`, which the database always
    loads) writes them, the last in the statement that reads its chain's head."""
    if not isinstance(session, UnitOfWork) or not session.changed:
        return
    at = session.now
    rows = [{"kind": kind.value, "ref": ref, "at": at, "origin": session.origin}
            for kind, refs in session.changed.items() for ref in refs]
    dialect = session.get_bind().dialect
    statements = []
    for start in range(0, len(rows), driver.CHUNK):
        chunk = rows[start:start + driver.CHUNK]
        into, values = driver.insert_rows(_CHANGES, _CHANGE_COLUMNS, len(chunk))
        bound = driver.params(dialect, _CHANGES, chunk)
        if dialect.name == "postgresql":
            bound["channel"] = CHANNEL
        statements.append((f"{into} {values}", bound))
    session.info[FEED] = statements


@event.listens_for(UnitOfWork, "after_rollback")
def _forget_changes(session: Session) -> None:
    if isinstance(session, UnitOfWork):
        session.changed.clear()
        session.info.pop(FEED, None)
