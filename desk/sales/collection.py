"""The collection lists (回款): what falls due this week, what is overdue and by
how many days, and the month's money received against its plan. Every figure
is an SQL aggregate; no list loads a deal's rows to add them up.

A deal's payments pay its instalments in order: an instalment is outstanding by
what the payments so far leave of the schedule's running total up to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Select, and_, case, func, select, type_coerce
from sqlalchemy.orm import aliased

from desk.admin import settings
from desk.admin.auth import Actor, require
from desk.core.labels import person
from desk.core.uow import UnitOfWork
from desk.models import Claim, Customer, Instalment, Payment, PaymentPlan, Unit, User
from desk.models.enums import ClaimState, PaymentKind


def _fen(column: Any) -> Any:
    """A money column as its stored whole fen, for arithmetic in SQL."""
    return type_coerce(column, BigInteger)


def _yuan(fen: int | None) -> Decimal:
    return (Decimal(int(fen or 0)) / 100).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class DueRow:
    deal_id: int
    unit_code: str
    customer: str | None
    contract_number: str | None
    item: str
    kind: str
    due_on: date
    amount: Decimal  # the instalment
    outstanding: Decimal  # what is still unpaid of it
    days_overdue: int  # 0 when not yet due

    def as_json(self) -> dict[str, Any]:
        return {"deal": self.deal_id, "unit": self.unit_code, "customer": self.customer,
                "contract": self.contract_number, "item": self.item, "kind": self.kind,
                "due_on": self.due_on.isoformat(), "amount": f"{self.amount:.2f}",
                "outstanding": f"{self.outstanding:.2f}", "days_overdue": self.days_overdue}


def owed_in_order(paid: Any) -> Any:
    """What a deal's `paid` fen leave unpaid of each instalment (a row of
    `Instalment`), the payments paying the instalments in order: the schedule's
    running total up to it less what was paid, between nothing and all of it."""
    running = func.sum(_fen(Instalment.amount)).over(
        partition_by=Instalment.deal_id, order_by=Instalment.seq)
    left = running - func.coalesce(paid, 0)
    amount = _fen(Instalment.amount)
    return case((left <= 0, 0), (left >= amount, amount), else_=left)


def instalments_paid(upto: Any, due: tuple[Any, Any] | None = None) -> Any:
    """Each instalment of a deal not cancelled, as it stood at the end of `upto`:
    columns id, deal_id, claim_id (the deal's claim now), item, due_on, amount and
    paid (fen; the payments received by then, not voided, less refunds, in order).

    `due` (first, last) keeps only the deals with an instalment due in that range
    (all their instalments, as the running total needs the earlier ones): a
    month's figures then read that month's deals, not every deal ever made."""
    deals = (select(Instalment.deal_id).where(Instalment.due_on >= due[0],
                                              Instalment.due_on <= due[1])
             if due is not None else None)
    paid_q = select(Payment.deal_id, func.sum(_fen(Payment.amount)).label("paid")).where(
        Payment.voided_at.is_(None), Payment.received_on <= upto)
    if deals is not None:
        paid_q = paid_q.where(Payment.deal_id.in_(deals))
    paid = paid_q.group_by(Payment.deal_id).subquery()
    amount = _fen(Instalment.amount)
    q = (select(Instalment.id, Instalment.deal_id, PaymentPlan.claim_id, Instalment.item,
                Instalment.due_on, amount.label("amount"),
                (amount - owed_in_order(paid.c.paid)).label("paid"))
         .join(PaymentPlan, PaymentPlan.deal_id == Instalment.deal_id)
         .join(Claim, Claim.id == PaymentPlan.claim_id)
         .outerjoin(paid, paid.c.deal_id == Instalment.deal_id)
         .where(Claim.state != ClaimState.CANCELLED))
    if deals is not None:
        q = q.where(Instalment.deal_id.in_(deals))
    return q.subquery()


def _outstanding(project_id: int) -> Any:
    """Each instalment of a live deal with what is still unpaid of it."""
    paid = (select(Payment.deal_id, func.sum(_fen(Payment.amount)).label("paid"))
            .where(Payment.voided_at.is_(None)).group_by(Payment.deal_id).subquery())
    amount = _fen(Instalment.amount)
    owed = owed_in_order(paid.c.paid)
    return (select(Instalment.id, Instalment.deal_id, Instalment.item, Instalment.kind,
                   Instalment.due_on, amount.label("amount"), owed.label("owed"))
            .join(PaymentPlan, PaymentPlan.deal_id == Instalment.deal_id)
            .join(Claim, Claim.id == PaymentPlan.claim_id)
            .outerjoin(paid, paid.c.deal_id == Instalment.deal_id)
            .where(PaymentPlan.project_id == project_id, Claim.state == ClaimState.ACTIVE)
            .subquery())


def _due_rows(uow: UnitOfWork, project_id: int, today: date, where: Any, order: Any
              ) -> list[DueRow]:
    o = _outstanding(project_id)
    q: Select[Any] = (
        select(o.c.deal_id, Unit.code, Customer.name, Claim.contract_number, o.c.item, o.c.kind,
               o.c.due_on, o.c.amount, o.c.owed)
        .join(PaymentPlan, PaymentPlan.deal_id == o.c.deal_id)
        .join(Claim, Claim.id == PaymentPlan.claim_id)
        .join(Unit, Unit.id == Claim.unit_id)
        .outerjoin(Customer, Customer.id == Claim.customer_id)
        .where(o.c.owed > 0, where(o)).order_by(*order(o)))
    return [DueRow(int(d), code, person(name), number, item, kind, due, _yuan(amount), _yuan(owed),
                   max((today - due).days, 0))
            for d, code, name, number, item, kind, due, amount, owed in uow.execute(q)]


def due_this_week(uow: UnitOfWork, actor: Actor, project_id: int) -> list[DueRow]:
    """Instalments falling due from today to Sunday and not yet paid, soonest first."""
    require(actor, "payments.record")
    today = settings.today(uow)
    sunday = today + timedelta(days=6 - today.weekday())
    return _due_rows(uow, project_id, today,
                     lambda o: and_(o.c.due_on >= today, o.c.due_on <= sunday),
                     lambda o: (o.c.due_on, o.c.id))


def overdue(uow: UnitOfWork, actor: Actor, project_id: int) -> list[DueRow]:
    """Instalments past their date and not paid, the longest overdue first."""
    require(actor, "payments.record")
    today = settings.today(uow)
    return _due_rows(uow, project_id, today, lambda o: o.c.due_on < today,
                     lambda o: (o.c.due_on, o.c.id))


@dataclass(frozen=True)
class Month:
    first: date  # the month's first day
    plan: Decimal  # money due in the month by the schedules of live deals
    collected: Decimal  # payments received in the month
    refunded: Decimal  # refunds paid in the month

    @property
    def percent(self) -> Decimal | None:
        """Collected against plan (None: nothing was planned)."""
        if not self.plan:
            return None
        return (self.collected * 100 / self.plan).quantize(Decimal("0.1"))

    def as_json(self) -> dict[str, Any]:
        return {"month": self.first.strftime("%Y-%m"), "plan": f"{self.plan:.2f}",
                "collected": f"{self.collected:.2f}", "refunded": f"{self.refunded:.2f}",
                "percent": None if self.percent is None else f"{self.percent}"}


def month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1)


def month(uow: UnitOfWork, actor: Actor, project_id: int, first: date | None = None) -> Month:
    """The month's collection against its plan (this month by default)."""
    require(actor, "payments.record")
    first = month_start(first or settings.today(uow))
    end = _next_month(first)
    plan = uow.execute(
        select(func.sum(_fen(Instalment.amount)))
        .join(PaymentPlan, PaymentPlan.deal_id == Instalment.deal_id)
        .join(Claim, Claim.id == PaymentPlan.claim_id)
        .where(PaymentPlan.project_id == project_id, Claim.state != ClaimState.CANCELLED,
               Instalment.due_on >= first, Instalment.due_on < end)).scalar()
    got = case((Payment.kind == PaymentKind.PAYMENT, _fen(Payment.amount)), else_=0)
    back = case((Payment.kind == PaymentKind.REFUND, -_fen(Payment.amount)), else_=0)
    collected, refunded = uow.execute(
        select(func.sum(got), func.sum(back))
        .where(Payment.project_id == project_id, Payment.received_on >= first,
               Payment.received_on < end, Payment.voided_at.is_(None))).one()
    return Month(first, _yuan(plan), _yuan(collected), _yuan(refunded))


@dataclass(frozen=True)
class Received:
    payment_id: int
    kind: str
    receipt_no: str | None
    received_on: date
    unit_code: str
    customer: str | None
    amount: Decimal  # a refund below zero
    method: str
    operator: str | None
    note: str
    voided: bool = False  # listed (its receipt reprints marked 作废), counted nowhere
    void_reason: str = ""
    voided_by: str | None = None  # who voided it
    voided_at: datetime | None = None  # when, UTC

    def as_json(self) -> dict[str, Any]:
        return {"id": self.payment_id, "kind": self.kind, "receipt": self.receipt_no,
                "date": self.received_on.isoformat(), "unit": self.unit_code,
                "customer": self.customer, "amount": f"{self.amount:.2f}", "method": self.method,
                "operator": self.operator, "note": self.note, "voided": self.voided,
                "void_reason": self.void_reason}


def received(uow: UnitOfWork, actor: Actor, project_id: int, first: date | None = None
             ) -> list[Received]:
    """The month's payments and refunds, newest first (for reprinting receipts),
    the voided ones too, marked."""
    require(actor, "payments.record")
    first = month_start(first or settings.today(uow))
    return _received(uow, Payment.project_id == project_id, Payment.received_on >= first,
                     Payment.received_on < _next_month(first))


def _received(uow: UnitOfWork, *where: Any) -> list[Received]:
    operator, voider = aliased(User), aliased(User)
    q = (select(Payment, Unit.code, Customer.name, operator.name, voider.name)
         .join(Claim, Claim.id == Payment.claim_id)
         .join(Unit, Unit.id == Claim.unit_id)
         .outerjoin(Customer, Customer.id == Claim.customer_id)
         .outerjoin(operator, operator.id == Payment.operator_id)
         .outerjoin(voider, voider.id == Payment.voided_by)
         .where(*where)
         .order_by(Payment.received_on.desc(), Payment.id.desc()))
    return [Received(p.id, p.kind, p.receipt_no, p.received_on, code, person(name), p.amount,
                     p.means, op, p.note or p.reason, p.voided_at is not None, p.void_reason,
                     voided_by, p.voided_at)
            for p, code, name, op, voided_by in uow.execute(q)]


# --- one deal ----------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleLine:
    item: str
    kind: str
    due_on: date
    amount: Decimal
    outstanding: Decimal  # nothing on a cancelled deal


@dataclass(frozen=True)
class DealPayments:
    """A unit's deal as its detail shows it: the schedule and every payment and
    refund, the voided ones marked."""

    deal_id: int
    cancelled: bool
    due: Decimal  # the schedule's total; nothing once cancelled
    received: Decimal  # payments less refunds, not voided
    schedule: list[ScheduleLine]
    payments: list[Received]

    @property
    def balance(self) -> Decimal:
        return self.due - self.received


def deal_payments(uow: UnitOfWork, actor: Actor, project_id: int, code: str
                  ) -> DealPayments | None:
    """The unit's live deal, else its latest cancelled one (None: it has none)."""
    require(actor, "payments.record")
    rows = uow.execute(
        select(PaymentPlan.deal_id, Claim.state).join(Claim, Claim.id == PaymentPlan.claim_id)
        .join(Unit, Unit.id == Claim.unit_id)
        .where(Unit.project_id == project_id, Unit.code == code)
        .order_by(PaymentPlan.deal_id.desc())).all()
    if not rows:
        return None
    deal_id, state = next((r for r in rows if r[1] == ClaimState.ACTIVE), rows[0])
    cancelled = state == ClaimState.CANCELLED
    paid = (select(Payment.deal_id, func.sum(_fen(Payment.amount)).label("paid"))
            .where(Payment.voided_at.is_(None), Payment.deal_id == deal_id)
            .group_by(Payment.deal_id).subquery())
    lines = uow.execute(
        select(Instalment.item, Instalment.kind, Instalment.due_on, _fen(Instalment.amount),
               owed_in_order(paid.c.paid), func.sum(_fen(Instalment.amount)).over())
        .outerjoin(paid, paid.c.deal_id == Instalment.deal_id)
        .where(Instalment.deal_id == deal_id).order_by(Instalment.seq)).all()
    got = uow.execute(select(func.sum(_fen(Payment.amount))).where(
        Payment.deal_id == deal_id, Payment.voided_at.is_(None))).scalar()
    due = 0 if cancelled or not lines else lines[0][5]
    return DealPayments(
        int(deal_id), cancelled, _yuan(due), _yuan(got),
        [ScheduleLine(item, kind, on, _yuan(amount), _yuan(0 if cancelled else owed))
         for item, kind, on, amount, owed, _total in lines],
        _received(uow, Payment.deal_id == deal_id))
