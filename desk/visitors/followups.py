"""Follow-ups (回访): plan the next contact, record its outcome, escalate the
overdue ones to the manager."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from desk.admin import settings
from desk.admin.auth import Actor, require
from desk.core.changes import ChangeKind
from desk.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from desk.core.phones import mask, national
from desk.core.uow import UnitOfWork
from desk.models import Customer, FollowUp, User
from desk.models.enums import FollowUpChannel, Role

CHANNELS = tuple(FollowUpChannel)


def plan(uow: UnitOfWork, actor: Actor, customer_id: int, due: date, channel: str,
         note: str = "", rep_id: int | None = None) -> FollowUp:
    require(actor, "visitors.register")
    if channel not in CHANNELS:
        raise InvalidInput("请选择回访方式。", "Choose how to follow up.", field="channel")
    now = uow.now
    if due < now.date():
        raise InvalidInput("回访日期不能早于今天。", "The date cannot be in the past.", field="due")
    c = uow.get(Customer, customer_id)
    if c is None or c.erased_at is not None:
        raise NotFound("没有这个客户。", "No such customer.")
    f = FollowUp(customer_id=c.id, rep_id=rep_id or actor.id, due=due, channel=channel,
                 plan=note.strip(), created_at=now)
    uow.add(f)
    uow.flush()
    uow.record(ChangeKind.VISITORS, c.id)
    return f


def record(uow: UnitOfWork, actor: Actor, follow_up_id: int, outcome: str) -> FollowUp:
    """The contact was made: an effective contact keeps the owner's ownership."""
    require(actor, "visitors.register")
    f = uow.get(FollowUp, follow_up_id)
    if f is None:
        raise NotFound("没有这条回访。", "No such follow-up.")
    if f.done_at is not None:
        raise Conflict("这条回访已经记录过结果。", "This follow-up has its outcome already.")
    if actor.role == Role.SALES_REP and f.rep_id != actor.id:
        raise PermissionDenied("只能记录自己的回访。", "A rep records their own follow-ups only.")
    if not outcome.strip():
        raise InvalidInput("请填写回访结果。", "Enter the outcome.", field="outcome")
    now = uow.now
    f.done_at, f.outcome = now, outcome.strip()
    c = uow.get_one(Customer, f.customer_id)
    if c.owner_id == f.rep_id and c.owner_until and c.owner_until > now:
        days = settings.get(uow, "ownership.call_days")
        c.owner_until = max(c.owner_until, now + timedelta(days=days))
    uow.record(ChangeKind.VISITORS, c.id)
    return f


@dataclass(frozen=True)
class DueRow:
    id: int
    customer_id: int
    customer: str
    phone: str
    rep: str
    due: date
    channel: str
    plan: str
    days_overdue: int
    escalated: bool


def due_list(uow: UnitOfWork, actor: Actor, include_all: bool = False) -> list[DueRow]:
    """Today's and overdue follow-ups: a rep's own; the manager's are the escalated
    ones (or all, with include_all)."""
    require(actor, "visitors.register")
    today = uow.now.date()
    q = (select(FollowUp, Customer, User.name).join(Customer, Customer.id == FollowUp.customer_id)
         .join(User, User.id == FollowUp.rep_id)
         .where(FollowUp.done_at.is_(None), FollowUp.due <= today, Customer.erased_at.is_(None))
         .order_by(FollowUp.due))
    if actor.can("reports.view"):
        if not include_all:
            q = q.where(FollowUp.escalated_at.is_not(None) | (FollowUp.rep_id == actor.id))
    else:
        q = q.where(FollowUp.rep_id == actor.id)
    full = actor.can("customers.unmasked") or actor.role == Role.SALES_REP
    return [DueRow(f.id, c.id, c.name, national(c.phone) if full else mask(c.phone), rep, f.due,
                   f.channel, f.plan, (today - f.due).days, f.escalated_at is not None)
            for f, c, rep in uow.execute(q)]


def escalate(uow: UnitOfWork, actor: Actor | None = None) -> int:
    """Follow-ups overdue by the configured days go to the manager, and the rep's
    ownership of that customer ends (the rules: no follow-up, no ownership).

    Run by the system (`actor` None: the demo, a scheduled task) or on behalf of
    a user who sees the escalated follow-ups (the manager, when the visitors
    screen shows them); for anyone else it does nothing and returns 0."""
    if actor is not None and not may_escalate(actor):
        return 0
    now = uow.now
    days = settings.get(uow, "followup.escalate_after_days")
    late = uow.execute(select(FollowUp).where(
        FollowUp.done_at.is_(None), FollowUp.escalated_at.is_(None),
        FollowUp.due <= (now - timedelta(days=days)).date())).scalars().all()
    for f in late:
        f.escalated_at = now
        c = uow.get_one(Customer, f.customer_id)
        if c.owner_id == f.rep_id and c.owner_until and c.owner_until > now:
            c.owner_until = now
        uow.record(ChangeKind.VISITORS, c.id)
    return len(late)


def may_escalate(actor: Actor) -> bool:
    """Whether this user's screen runs the escalation: the one who receives the
    escalated follow-ups (whoever may view reports)."""
    return actor.can("reports.view")
