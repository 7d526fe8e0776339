"""Who receives a party: the one rule, for a walk-in and for a waiting visitor.

A returning party seen today goes back to the same rep; a returning customer
to the owner, without using a turn, if the owner is waiting; otherwise the
first waiting rep in the line takes the turn (covering for an absent owner,
keeping their place). Reps ahead who are away forfeit the turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update

from desk.admin.auth import Actor
from desk.core.errors import Conflict
from desk.core.uow import UnitOfWork
from desk.models import Customer, Reception, RotationDay, WaitingVisitor
from desk.models.enums import (
    ReceptionHow,
    ReceptionState,
    RepStatus,
    RotationEventKind,
    WaitingState,
)
from desk.reception import daylog
from desk.reception.state import TURN, DayState

How = ReceptionHow


@dataclass(frozen=True)
class Assignment:
    reception_id: int
    rep_login: str
    rep_name: str
    how: str
    arrived_at: datetime  # when the reception began
    owner_name: str | None
    customer_name: str | None
    forfeited: tuple[str, ...]  # said by labels.assignment / assignment_detail
    waiting_number: int | None = None  # handed from the waiting list: the visitor's number
    waited_minutes: int | None = None


@dataclass(frozen=True)
class Choice:
    rep_id: int
    how: str
    skipped: tuple[int, ...]  # away reps ahead: they forfeit the turn
    owner_id: int | None
    reopen: Reception | None  # the same party again today


def owner(uow: UnitOfWork, customer: Customer | None) -> int | None:
    if customer is None or customer.owner_id is None or customer.owner_until is None:
        return None
    return customer.owner_id if customer.owner_until > uow.now else None


def todays_reception(uow: UnitOfWork, day: date, customer: Customer | None) -> Reception | None:
    if customer is None:
        return None
    return uow.execute(
        select(Reception).where(Reception.day == day, Reception.customer_id == customer.id,
                                Reception.state != ReceptionState.UNDONE)
        .order_by(Reception.id.desc())
    ).scalars().first()


def choose(uow: UnitOfWork, state: DayState, day: date, customer: Customer | None
           ) -> Choice | None:
    """The rep who receives this party now; None when no rep is waiting."""
    earlier = todays_reception(uow, day, customer)
    owner_id = owner(uow, customer)
    if earlier is not None and earlier.rep_id in state.reps \
            and state.reps[earlier.rep_id].status == RepStatus.WAITING:
        return Choice(earlier.rep_id, How.REOPEN, (), owner_id, earlier)
    if owner_id is not None and state.present(owner_id) \
            and state.reps[owner_id].status == RepStatus.WAITING:
        return Choice(owner_id, How.OWNER, (), owner_id, None)
    nxt, ahead = state.next_rep()
    if nxt is None:
        return None
    if owner_id is not None:  # the owner is absent: cover, keep one's place
        return Choice(nxt, How.COVER, (), owner_id, None)
    return Choice(nxt, TURN, tuple(ahead), None, None)


def hand_out(uow: UnitOfWork, row: RotationDay, state: DayState, actor: Actor, choice: Choice,
             customer: Customer | None, party_size: int, reason: str = "",
             visitor: WaitingVisitor | None = None, after: int | None = None,
             people: dict[int, tuple[str, str]] | None = None) -> Assignment:
    """Open (or reopen) the reception and log the assignment. A waiting visitor
    is taken off the list by a compare-and-set on their row: one waiting visitor
    is never handed out twice, whatever the lock. `people`: (login, name) by
    user id, when the caller has read them already."""
    now = uow.now
    reception = choice.reopen
    data: dict[str, object] = {"how": choice.how}
    if reception is None:
        reception = Reception(
            day=row.day, rep_id=choice.rep_id, how=choice.how,
            customer_id=customer.id if customer else None,
            owner_id=choice.owner_id if choice.how in (How.OWNER, How.COVER) else None,
            party_size=party_size, arrived_at=now, state=ReceptionState.OPEN, reason=reason,
        )
        uow.add(reception)
        uow.flush()
    else:
        if reception.ended_at is not None:  # an undo restores it
            data["ended_before"] = reception.ended_at.isoformat()
        reception.state, reception.ended_at = ReceptionState.OPEN, None
        reception.party_size = max(reception.party_size, party_size)
    waited = None
    if visitor is not None:
        taken = uow.execute(
            update(WaitingVisitor)
            .where(WaitingVisitor.id == visitor.id, WaitingVisitor.state == WaitingState.WAITING)
            .values(state=WaitingState.ASSIGNED, reception_id=reception.id, ended_at=now)
            .execution_options(synchronize_session="fetch"))
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict(f"等候号 {visitor.number} 的客人已经分配或离开。",
                           f"Waiting visitor no. {visitor.number} was handed out or left "
                           f"already.")
        waited = int((now - visitor.arrived_at).total_seconds() // 60)
        data.update(visitor=visitor.id, number=visitor.number, waited=waited)
    if after is not None:
        data["after"] = after  # handed out because event `after` freed the rep
    data.update(reception=reception.id, skipped=list(choice.skipped))
    if reason:
        data["reason"] = reason
    daylog.append(uow, row, state, RotationEventKind.ASSIGN, choice.rep_id, actor, data)
    ids = [choice.rep_id, *choice.skipped, *([choice.owner_id] if choice.owner_id else [])]
    who = daylog.people(uow, ids, people)
    name = {i: n for i, (_login, n) in who.items()}
    return Assignment(
        reception.id, who[choice.rep_id][0], name[choice.rep_id], choice.how,
        reception.arrived_at, name.get(choice.owner_id) if choice.owner_id else None,
        customer.name if customer else None, tuple(name[s] for s in choice.skipped),
        visitor.number if visitor else None, waited)
