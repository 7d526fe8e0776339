"""Undo: a desk takes back its own last action, within the configured window.

"This desk" is the operator in this window (the events carry the window that
wrote them); a command line without a window is a desk of its own. The last
undoable action of the desk, and what undoing it means:

- a walk-in handed to a rep: the reception is cancelled and the rep stands
  where they stood (a rep who forfeited that turn gets it back);
- a walk-in put on the waiting list: off the list again;
- a reception ended: reopened, the rep receiving again; a waiting visitor
  handed to the rep at that moment waits again, in their place;
- back from a break or a check-in that handed out a waiting visitor: both are
  taken back (else the visitor would go to the same rep again at once);
- a waiting visitor marked as left: waiting again, in their place.

A plain break, back, check-in, leave or reorder is not undone (do the
opposite). An action is undone only while nothing since depends on it: a
later event of the same rep, reception or waiting visitor refuses the undo,
naming that event. What an undo frees (a rep waiting again) goes at once to
the oldest waiting visitor, as any freed rep does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from desk.admin import settings
from desk.admin.auth import Actor, require
from desk.core.errors import Conflict, DeskError, NotFound
from desk.core.labels import names as label_names
from desk.core.timefmt import hm
from desk.core.uow import UnitOfWork
from desk.models import Reception, RotationEvent, WaitingVisitor
from desk.models.enums import ReceptionHow, ReceptionState, RotationEventKind, WaitingState
from desk.reception import daylog, waiting

Ev = RotationEventKind
UNDOABLE = (Ev.ASSIGN, Ev.QUEUE, Ev.FINISH, Ev.LEFT, Ev.BACK, Ev.CHECKIN)


@dataclass(frozen=True)
class Undoable:
    """An action a desk may take back; `labels.undo_what` says it."""

    event_id: int
    kind: str  # a RotationEventKind: the desk's own action
    at: datetime
    until: datetime  # the undo window closes (database clock)
    rep: str | None
    number: int | None  # the waiting visitor's number (put on the list, left)
    handed: tuple[tuple[str, int], ...]  # (rep, number): waiting visitors it handed out


@dataclass(frozen=True)
class _Row:
    ev: RotationEvent
    data: dict[str, Any]


def _rows(uow: UnitOfWork, day: date) -> list[_Row]:
    rows = uow.execute(select(RotationEvent).where(RotationEvent.day == day)
                       .order_by(RotationEvent.id)).scalars()
    return [_Row(r, json.loads(r.data)) for r in rows]


def _undone(rows: list[_Row]) -> set[int]:
    out: set[int] = set()
    for r in rows:
        if r.ev.kind == Ev.UNDO:
            out.add(r.data["target"])
            out.update(r.data.get("also", []))
    return out


def _group(rows: list[_Row], primary: _Row) -> list[_Row]:
    """The action: the desk's event and the handing out it caused."""
    return [primary, *(r for r in rows if r.data.get("after") == primary.ev.id)]


def _last_of_desk(rows: list[_Row], undone: set[int], actor_id: int | None,
                  origin: str | None) -> _Row | None:
    for r in reversed(rows):
        e = r.ev
        if e.actor_id != actor_id or e.origin != origin or e.id in undone:
            continue
        if e.kind not in UNDOABLE or "after" in r.data:
            continue
        if e.kind in (Ev.BACK, Ev.CHECKIN) and len(_group(rows, r)) == 1:
            continue
        return r
    return None


def _of_reception(rows: list[_Row], undone: set[int], reception_id: int) -> _Row:
    assign = next((r for r in reversed(rows) if r.ev.kind == Ev.ASSIGN and r.ev.id not in undone
                   and r.data.get("reception") == reception_id), None)
    if assign is None:
        raise NotFound("今天没有这个接待可以撤销。", "There is no such reception to undo today.",
                       field="reception")
    if "after" not in assign.data:
        return assign
    primary = next(r for r in rows if r.ev.id == assign.data["after"])
    if primary.ev.kind == Ev.UNDO:
        raise Conflict("这次分配是撤销之后自动进行的，不能单独撤销。",
                       "This assignment followed an undo; it cannot be undone on its own.")
    return primary


def _window(seconds: int) -> tuple[str, str]:
    if seconds % 60 == 0:
        return f"{seconds // 60} 分钟", f"{seconds // 60} minutes"
    return f"{seconds} 秒", f"{seconds} seconds"


def _problem(uow: UnitOfWork, rows: list[_Row], undone: set[int], group: list[_Row],
             limit: int) -> DeskError | None:
    """Why this action can no longer be undone, or None."""
    primary = group[0]
    if uow.now - primary.ev.at > timedelta(seconds=limit):
        zh, en = _window(limit)
        return Conflict(f"超过 {zh}，不能撤销（{hm(primary.ev.at)} 的操作）。",
                        f"More than {en} have passed (done at {hm(primary.ev.at)}); it cannot be "
                        "undone.")
    ids = {r.ev.id for r in group}
    reps = {r.ev.rep_id for r in group if r.ev.rep_id is not None}
    visitors = {r.data["visitor"] for r in group if "visitor" in r.data}
    receptions = {r.data["reception"] for r in group if "reception" in r.data}
    for r in rows:
        e = r.ev
        if e.id <= primary.ev.id or e.id in ids or e.id in undone or e.kind == Ev.UNDO:
            continue
        if e.rep_id in reps or r.data.get("visitor") in visitors \
                or r.data.get("reception") in receptions:
            zh_kind, en_kind = label_names(Ev(e.kind))
            name = daylog.names(uow, [e.rep_id]).get(e.rep_id, "") if e.rep_id else ""
            zh_who, en_who = (name, name) if name else (
                f"等候号 {r.data.get('number', '')}", f"no. {r.data.get('number', '')}")
            return Conflict(f"此后 {hm(e.at)} 又有“{zh_kind} {zh_who}”，不能再撤销。",
                            f"'{en_kind} {en_who}' was recorded since, at {hm(e.at)}; it can "
                            "no longer be undone.")
    return None


def _describe(uow: UnitOfWork, group: list[_Row], limit: int) -> Undoable:
    primary = group[0]
    ids = [r.ev.rep_id for r in group if r.ev.rep_id is not None]
    names = daylog.names(uow, ids)
    e = primary.ev
    return Undoable(e.id, Ev(e.kind), e.at, e.at + timedelta(seconds=limit),
                    names.get(e.rep_id) if e.rep_id is not None else None,
                    primary.data.get("number") if e.kind in (Ev.QUEUE, Ev.LEFT) else None,
                    tuple((names[r.ev.rep_id], r.data["number"]) for r in group[1:]
                          if r.ev.rep_id is not None))


def just_done(uow: UnitOfWork, event_id: int, kind: str, rep: str | None,
              number: int | None) -> Undoable:
    """The desk's action just written (a walk-in): its own last, with nothing
    since, so undoable for the whole window (what `last_undoable` would say)."""
    limit = int(settings.get(uow, "rotation.undo_seconds"))
    return Undoable(event_id, Ev(kind), uow.now, uow.now + timedelta(seconds=limit), rep, number,
                    ())


def last_undoable(uow: UnitOfWork, actor: Actor, origin: str | None) -> Undoable | None:
    """What the desk's undo would take back now; None when nothing can be."""
    if not actor.can("queue.operate"):
        return None
    rows = _rows(uow, daylog.today(uow))
    undone = _undone(rows)
    primary = _last_of_desk(rows, undone, actor.id, origin)
    if primary is None:
        return None
    limit = int(settings.get(uow, "rotation.undo_seconds"))
    group = _group(rows, primary)
    if _problem(uow, rows, undone, group, limit) is not None:
        return None
    return _describe(uow, group, limit)


def _take_back(uow: UnitOfWork, r: _Row) -> None:
    """Put the rows an event changed back as they were."""
    kind, d, now = r.ev.kind, r.data, uow.now
    if kind == Ev.ASSIGN:
        reception = uow.get_one(Reception, d["reception"])
        if d["how"] == ReceptionHow.REOPEN:  # the same party again: ended as before
            reception.state = ReceptionState.CLOSED
            before = d.get("ended_before")
            reception.ended_at = datetime.fromisoformat(before) if before else now
        else:
            reception.state = ReceptionState.UNDONE
        if "visitor" in d:
            visitor = uow.get_one(WaitingVisitor, d["visitor"])
            visitor.state, visitor.reception_id, visitor.ended_at = (WaitingState.WAITING, None,
                                                                     None)
    elif kind == Ev.FINISH:
        reception = uow.get_one(Reception, d["reception"])
        reception.state, reception.ended_at, reception.invalid = ReceptionState.OPEN, None, False
        if "reason_before" in d:
            reception.reason = d["reason_before"]
    elif kind == Ev.QUEUE:
        visitor = uow.get_one(WaitingVisitor, d["visitor"])
        visitor.state, visitor.ended_at = WaitingState.UNDONE, now
    elif kind == Ev.LEFT:
        visitor = uow.get_one(WaitingVisitor, d["visitor"])
        visitor.state, visitor.ended_at = WaitingState.WAITING, None


def undo(uow: UnitOfWork, actor: Actor, reception_id: int | None = None) -> Undoable:
    """Take back this desk's last undoable action (or the assignment of the given
    reception), within `rotation.undo_seconds`; returns what was undone."""
    require(actor, "queue.operate")
    row, state = daylog.lock(uow, daylog.today(uow))
    rows = _rows(uow, row.day)
    undone = _undone(rows)
    if reception_id is None:
        primary = _last_of_desk(rows, undone, actor.id, uow.origin)
        if primary is None:
            raise NotFound("没有可以撤销的操作。", "There is nothing to undo.")
    else:
        primary = _of_reception(rows, undone, reception_id)
    limit = int(settings.get(uow, "rotation.undo_seconds"))
    group = _group(rows, primary)
    problem = _problem(uow, rows, undone, group, limit)
    if problem is not None:
        raise problem
    what = _describe(uow, group, limit)
    for r in reversed(group):
        _take_back(uow, r)
    uow.flush()
    event = daylog.append(uow, row, state, Ev.UNDO, primary.ev.rep_id, actor,
                          {"target": primary.ev.id, "also": [r.ev.id for r in group[1:]]},
                          rebuild=True)
    waiting.dispatch(uow, row, state, actor, after=event.id)
    return what
