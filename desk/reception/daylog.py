"""The day's rotation log and the lock every rotation write takes first.

Every change is an event appended to the day's log; the current order is the
log replayed (`state.replay`). A snapshot of the state sits in the day's row,
which every write locks first (SELECT … FOR UPDATE on PostgreSQL; BEGIN
IMMEDIATE on SQLite), so two front desks are served one after the other and
never hand out the same turn or the same waiting visitor.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select

from desk.admin import settings
from desk.admin.auth import Actor
from desk.core.changes import ChangeKind
from desk.core.uow import UnitOfWork
from desk.models import RotationDay, RotationEvent, User
from desk.reception.state import DayState, Event, replay


def today(uow: UnitOfWork) -> date:
    """The showroom's date (its time zone), from the database clock."""
    return settings.today(uow)


def events(uow: UnitOfWork, day: date) -> list[Event]:
    rows = uow.execute(
        select(RotationEvent).where(RotationEvent.day == day).order_by(RotationEvent.id)
    ).scalars()
    return [Event(r.id, r.at.isoformat(), r.kind, r.rep_id, json.loads(r.data)) for r in rows]


def lock(uow: UnitOfWork, day: date) -> tuple[RotationDay, DayState]:
    """The day's row, locked for this transaction, and its state. The row is
    made by the day's first write only (every later write locks it in one
    statement); two first writes at once make it once (ON CONFLICT)."""
    locked = select(RotationDay).where(RotationDay.day == day).with_for_update()
    row = uow.execute(locked).scalar_one_or_none()
    if row is None:
        values = {"day": day, "state": DayState().to_json(), "version": 0}
        if uow.get_bind().dialect.name == "postgresql":
            from sqlalchemy.dialects import postgresql
            uow.execute(postgresql.insert(RotationDay).values(values).on_conflict_do_nothing())
        else:
            from sqlalchemy.dialects import sqlite
            uow.execute(sqlite.insert(RotationDay).values(values).on_conflict_do_nothing())
        row = uow.execute(locked).scalar_one()
    return row, DayState.from_json(row.state)


def state_of(uow: UnitOfWork, day: date | None = None) -> DayState:
    day = day or today(uow)
    row = uow.get(RotationDay, day)
    return DayState() if row is None else DayState.from_json(row.state)


def version_of(uow: UnitOfWork, day: date) -> tuple[int, int]:
    """The day and how many changes it has had: later days compare greater."""
    row = uow.get(RotationDay, day)
    return day.toordinal(), 0 if row is None else row.version


def append(uow: UnitOfWork, row: RotationDay, state: DayState, kind: str, rep: int | None,
           actor: Actor, data: dict[str, Any] | None = None, rebuild: bool = False) -> Event:
    """Write one event, apply it to `state` (the caller's, kept current) and the
    day's snapshot. The event carries the window that wrote it (`uow.origin`), so
    a desk's undo finds its own last action."""
    now = uow.now
    rec = RotationEvent(day=row.day, at=now, kind=kind, rep_id=rep, actor_id=actor.id,
                        data=json.dumps(data or {}, ensure_ascii=False), origin=uow.origin)
    uow.add(rec)
    uow.flush()
    event = Event(rec.id, now.isoformat(), kind, rep, data or {})
    if rebuild:  # an undo: the day is replayed without the undone events
        vars(state).update(vars(replay(events(uow, row.day))))
    else:
        state.apply(event)
    row.state = state.to_json()
    row.version += 1
    uow.record(ChangeKind.QUEUE, row.day.isoformat())
    return event


def names(uow: UnitOfWork, ids: list[int]) -> dict[int, str]:
    rows = uow.execute(select(User.id, User.name).where(User.id.in_(ids)))
    return {i: n for i, n in rows}


def people(uow: UnitOfWork, ids: list[int], known: dict[int, tuple[str, str]] | None = None
           ) -> dict[int, tuple[str, str]]:
    """(login, name) by user id; those in `known` (read earlier in the same
    transaction) are not read again."""
    out = dict(known or {})
    missing = [i for i in ids if i not in out]
    if missing:
        rows = uow.execute(select(User.id, User.login, User.name).where(User.id.in_(missing)))
        out.update({i: (login, name) for i, login, name in rows})
    return out
