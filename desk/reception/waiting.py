"""The waiting list: walk-ins who arrived while no rep was free.

The regulations: serve by order of arrival, and tell the waiting visitor how
long. A walk-in with no waiting rep is put on the list with a number for the
day; as soon as a rep becomes free (a reception ends, back from a break, a
check-in, an undo) the oldest waiting visitor is handed to them in the same
transaction, by the same rule as a walk-in (`assignments.choose`), and the
assignment is logged with the visitor's number and how long they waited. A
visitor who leaves before that is recorded as left.

The estimate ("about N minutes") is worked out from the average length of
today's receptions (or the configured default before the first one ends):
each rep present becomes free after what remains of an average reception (one
away: a whole one), and the visitors take the free reps in order of arrival.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from desk.admin import settings
from desk.admin.auth import Actor, require
from desk.core.errors import Conflict, InvalidInput, NeedsConfirmation, NotFound
from desk.core.uow import UnitOfWork
from desk.models import Customer, Reception, RotationDay, WaitingVisitor
from desk.models.enums import ReceptionState, RepStatus, RotationEventKind, WaitingState
from desk.reception import assignments, daylog
from desk.reception.assignments import Assignment
from desk.reception.state import DayState

Ev = RotationEventKind


@dataclass(frozen=True)
class Waiting:
    """What the desk tells a walk-in who has to wait."""

    visitor_id: int
    number: int  # the day's waiting number (等候号)
    position: int  # 1-based place on the list
    arrived_at: datetime
    estimate: int | None  # about this many minutes; None: nobody is in the rotation
    customer_name: str | None


@dataclass(frozen=True)
class WaitingLine:
    """One waiting visitor as the desk shows them (the hall board shows no
    customer data: number, people, minutes only)."""

    id: int
    number: int
    position: int
    party_size: int
    arrived_at: datetime
    waited: int  # minutes so far
    estimate: int | None
    customer: str | None
    note: str


def enqueue(uow: UnitOfWork, row: RotationDay, state: DayState, actor: Actor,
            customer: Customer | None, party_size: int, note: str) -> Waiting:
    """Put a walk-in on the list (the day is locked by the caller)."""
    if not state.line:
        raise Conflict("今天还没有置业顾问签到。", "No rep has checked in today.")
    number = (uow.execute(select(func.max(WaitingVisitor.number))
                          .where(WaitingVisitor.day == row.day)).scalar_one() or 0) + 1
    visitor = WaitingVisitor(day=row.day, number=number, arrived_at=uow.now,
                             party_size=party_size, customer_id=customer.id if customer else None,
                             note=note.strip(), state=WaitingState.WAITING)
    uow.add(visitor)
    uow.flush()
    daylog.append(uow, row, state, Ev.QUEUE, None, actor,
                  {"visitor": visitor.id, "number": number, "party_size": party_size})
    position = state.queue.index(visitor.id) + 1
    return Waiting(visitor.id, number, position, visitor.arrived_at,
                   estimates(uow, state, row.day)[position - 1],
                   customer.name if customer else None)


def dispatch(uow: UnitOfWork, row: RotationDay, state: DayState, actor: Actor,
             after: int) -> list[Assignment]:
    """Hand the oldest waiting visitors to the reps free now; `after` is the
    event that freed them (an undo of it takes these back too)."""
    handed: list[Assignment] = []
    while state.queue:
        visitor = uow.get_one(WaitingVisitor, state.queue[0])
        customer = uow.get(Customer, visitor.customer_id) if visitor.customer_id else None
        choice = assignments.choose(uow, state, row.day, customer)
        if choice is None:
            break
        handed.append(assignments.hand_out(uow, row, state, actor, choice, customer,
                                           visitor.party_size, visitor=visitor, after=after))
    return handed


def left(uow: UnitOfWork, actor: Actor, number: int) -> WaitingVisitor:
    """A waiting visitor left before a rep was free: recorded, off the list."""
    require(actor, "queue.operate")
    row, state = daylog.lock(uow, daylog.today(uow))
    visitor = uow.execute(select(WaitingVisitor).where(
        WaitingVisitor.day == row.day, WaitingVisitor.number == number)).scalar_one_or_none()
    if visitor is None:
        raise NotFound(f"今天没有等候号 {number}。", f"There is no waiting number {number} today.",
                       field="number")
    if visitor.state != WaitingState.WAITING or visitor.id not in state.queue:
        raise Conflict(f"等候号 {number} 的客人已经不在等候名单上。",
                       f"Waiting visitor no. {number} is no longer on the list.")
    visitor.state, visitor.ended_at = WaitingState.LEFT, uow.now
    daylog.append(uow, row, state, Ev.LEFT, None, actor,
                  {"visitor": visitor.id, "number": number,
                   "waited": int((uow.now - visitor.arrived_at).total_seconds() // 60)})
    return visitor


def hall_check(uow: UnitOfWork, state: DayState, rep_id: int, force: bool) -> None:
    """The last rep leaving for the day with visitors still waiting must be meant."""
    if force or not state.queue or state.line != [rep_id]:
        return
    raise NeedsConfirmation(
        f"还有 {len(state.queue)} 位客人在等候，离开后将没有置业顾问接待他们。确定吗？",
        f"{len(state.queue)} visitor(s) are waiting and nobody will be left to receive them. "
        "Sure?")


def check_party(party_size: int) -> int:
    if not 1 <= int(party_size) <= 50:
        raise InvalidInput("来访人数应在 1 到 50 之间。", "A party has 1 to 50 people.",
                           field="party_size")
    return int(party_size)


# --- reading ------------------------------------------------------------------


def average_minutes(uow: UnitOfWork, day: date) -> float:
    """The average length of today's ended receptions (not counting invalid
    ones), or the configured default before the first one has ended."""
    rows = uow.execute(select(Reception.arrived_at, Reception.ended_at).where(
        Reception.day == day, Reception.state == ReceptionState.CLOSED,
        Reception.invalid.is_(False), Reception.ended_at.is_not(None))).all()
    spans = [(end - start).total_seconds() / 60 for start, end in rows if end is not None]
    if not spans:
        return float(settings.get(uow, "rotation.reception_minutes"))
    return max(1.0, sum(spans) / len(spans))


def estimates(uow: UnitOfWork, state: DayState, day: date) -> list[int | None]:
    """Minutes until each waiting visitor (in order) is likely received."""
    if not state.line:
        return [None] * len(state.queue)
    avg = average_minutes(uow, day)
    now = uow.now
    free: list[float] = []
    for r in state.line:
        rs = state.reps[r]
        if rs.status == RepStatus.RECEIVING:
            spent = (now - datetime.fromisoformat(rs.since)).total_seconds() / 60
            free.append(max(0.0, avg - spent))
        else:
            free.append(avg if rs.status == RepStatus.BREAK else 0.0)
    heapq.heapify(free)
    out: list[int | None] = []
    for _ in state.queue:
        t = heapq.heappop(free)
        out.append(max(1, round(t)))
        heapq.heappush(free, t + avg)
    return out


def waiting_list(uow: UnitOfWork, day: date | None = None) -> list[WaitingLine]:
    """Today's waiting visitors in order of arrival, with the wait so far and the
    estimate. A day's list ends with the day: yesterday's are not shown."""
    day = day or daylog.today(uow)
    state = daylog.state_of(uow, day)
    if not state.queue:
        return []
    rows = {v.id: (v, name) for v, name in uow.execute(
        select(WaitingVisitor, Customer.name)
        .outerjoin(Customer, Customer.id == WaitingVisitor.customer_id)
        .where(WaitingVisitor.id.in_(state.queue)))}
    now = uow.now
    est = estimates(uow, state, day)
    out = []
    for i, vid in enumerate(state.queue):
        v, name = rows[vid]
        out.append(WaitingLine(v.id, v.number, i + 1, v.party_size, v.arrived_at,
                               max(0, int((now - v.arrived_at).total_seconds() // 60)), est[i],
                               name, v.note))
    return out
