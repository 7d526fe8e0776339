"""The change feed: every committed change leaves a row, so every window refreshes.

A service calls `uow.record()` inside its unit of work, which writes the rows
as it commits. On PostgreSQL the same transaction sends NOTIFY, delivered to
listeners when it commits; on SQLite the windows poll the sequence, which is
one indexed read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from desk.models import Change

CHANNEL = "desk_changes"


class ChangeKind(StrEnum):
    """Kinds of things that change; screens subscribe to the ones they show."""

    USERS = "users"
    PROJECT = "project"
    SETTINGS = "settings"
    UNITS = "units"
    QUEUE = "queue"
    VISITORS = "visitors"
    PRINTS = "prints"
    APPROVALS = "approvals"
    PAYMENTS = "payments"
    TARGETS = "targets"
    COMMISSION = "commission"

# Rows older than this many sequence numbers are pruned at start-up.
KEEP = 10_000


@dataclass(frozen=True)
class ChangeRow:
    seq: int
    kind: str
    ref: str | None
    origin: str | None = None


def latest(session: Session) -> int:
    return session.execute(select(func.coalesce(func.max(Change.seq), 0))).scalar_one()


def since(session: Session, seq: int, window: int = 200) -> list[ChangeRow]:
    """Changes with a sequence above `seq - window`.

    On PostgreSQL sequence numbers are taken before commit, so a lower number can
    become visible after a higher one; the caller keeps the numbers it has seen
    and the window catches the late ones.
    """
    rows = session.execute(
        select(Change.seq, Change.kind, Change.ref, Change.origin)
        .where(Change.seq > seq - window)
        .order_by(Change.seq)
    )
    return [ChangeRow(*r) for r in rows]


def prune(session: Session) -> None:
    top = latest(session)
    if top > KEEP:
        session.execute(delete(Change).where(Change.seq <= top - KEEP))
