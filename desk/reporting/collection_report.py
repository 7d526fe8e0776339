"""Collection (回款) against plan and target: what the schedules of deals not
cancelled made due in the period, what of it was collected, the money received
in it (voided payments left out), by rep (the rep credited on the deal's claim
now), what is overdue, and six months of plan against money received.

Two figures of money in, kept apart because they answer different questions:
- collected (应收已收) and rate (回款率 = collected ÷ due): what the payments
  received by the period's last day paid of the instalments due in the period,
  in order (`desk.reporting.figures.due_in`): the quality targets' collection
  rate, the same figure. It never exceeds what is due.
- received (实收): all money received in the period, whatever it paid; it
  exceeds what is due when customers pay ahead. The target's completion
  (target_rate = received ÷ the collection target) is measured on it.

The overdue list is as of the period's last day, or today for a period not
over yet (nothing is overdue before its day): instalments due before that day
and not paid by it, the payments paying each deal's instalments in order as
`desk.sales.collection` allocates them. Targets are the team's and each rep's
collection targets over the months the period touches
(`desk.reporting.targets.targets_for`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import case, func, select

from desk.admin import settings
from desk.admin.auth import Actor, require
from desk.core.errors import pick
from desk.core.labels import person
from desk.core.uow import UnitOfWork
from desk.models import Claim, Customer, Instalment, Payment, PaymentPlan, Unit, User
from desk.models.enums import ClaimState, PaymentKind
from desk.reporting.figures import due_in, fen, share, yuan
from desk.reporting.model import Chart, ChartKind, Column, Kind, Report, Series, Table
from desk.reporting.periods import Period
from desk.reporting.quality import trend_months
from desk.reporting.targets import targets_for
from desk.sales.collection import instalments_paid


def _plan(*where: Any) -> Any:
    """Instalments of deals not cancelled, with the deal's claim now."""
    return (select().select_from(Instalment)
            .join(PaymentPlan, PaymentPlan.deal_id == Instalment.deal_id)
            .join(Claim, Claim.id == PaymentPlan.claim_id)
            .where(Claim.state != ClaimState.CANCELLED, *where))


def _received(*where: Any) -> Any:
    """Payments and refunds, not voided, with the deal's claim now."""
    return (select().select_from(Payment)
            .join(PaymentPlan, PaymentPlan.deal_id == Payment.deal_id)
            .join(Claim, Claim.id == PaymentPlan.claim_id)
            .where(Payment.voided_at.is_(None), *where))


def _bucket(column: Any, months: list[Period]) -> Any:
    """The index of the month a date falls in (the caller bounds the dates)."""
    return case(*((column <= m.end, i) for i, m in enumerate(months[:-1])),
                else_=len(months) - 1)


def build(uow: UnitOfWork, actor: Actor, period: Period, rep_id: int | None = None) -> Report:
    """The collection report (team-wide: `rep_id` does not narrow it)."""
    require(actor, "reports.view")
    due: dict[int | None, int] = defaultdict(int)
    collected: dict[int | None, int] = defaultdict(int)
    got: dict[int | None, int] = defaultdict(int)
    refunds = 0
    plan = due_in(period)
    for rep, amount, paid in uow.execute(
            select(Claim.rep_id, func.sum(plan.c.amount), func.sum(plan.c.paid))
            .select_from(plan).join(Claim, Claim.id == plan.c.claim_id)
            .group_by(Claim.rep_id)):
        due[rep] += int(amount or 0)
        collected[rep] += int(paid or 0)
    for rep, kind, amount in uow.execute(
            _received(Payment.received_on >= period.start, Payment.received_on <= period.end)
            .add_columns(Claim.rep_id, Payment.kind, func.sum(fen(Payment.amount)))
            .group_by(Claim.rep_id, Payment.kind)):
        if kind == PaymentKind.REFUND:
            refunds -= int(amount or 0)
        else:
            got[rep] += int(amount or 0)
    targets = targets_for(uow, period)
    team = targets.get(None)
    team_target = team.collection if team is not None else None

    money = Kind.MONEY
    summary = Table("summary", "回款汇总", "Collection", [
        Column("due", "应收", "Due", money),
        Column("collected", "应收已收", "Collected of due", money),
        Column("rate", "回款率", "Rate", Kind.PERCENT),
        Column("received", "实收", "Received", money),
        Column("refunds", "退款", "Refunds", money),
        Column("target", "回款目标", "Target", money),
        Column("target_rate", "目标完成率", "Of target", Kind.PERCENT)])
    total_due, total_collected = yuan(sum(due.values())), yuan(sum(collected.values()))
    total_got = yuan(sum(got.values()))
    summary.rows.append((total_due, total_collected, share(total_collected, total_due),
                         total_got, yuan(refunds), team_target,
                         share(total_got, team_target or 0)))

    reps = {r for r in (*due, *got) if r is not None}
    reps |= {r for r, t in targets.items() if r is not None and t.collection is not None}
    names: dict[int, str] = {i: n for i, n in uow.execute(
        select(User.id, User.name).where(User.id.in_(reps)))} if reps else {}
    by_rep = Table("by_rep", "按置业顾问", "By sales rep", [
        Column("rep", "置业顾问", "Sales rep", Kind.TEXT),
        Column("due", "应收", "Due", money),
        Column("collected", "应收已收", "Collected of due", money),
        Column("rate", "回款率", "Rate", Kind.PERCENT),
        Column("received", "实收", "Received", money),
        Column("target", "回款目标", "Target", money),
        Column("target_rate", "目标完成率", "Of target", Kind.PERCENT)])
    order: list[int | None] = [*sorted(reps, key=lambda r: (names.get(r, ""), r))]
    if None in due or None in got:  # an imported deal without a rep
        order.append(None)
    for r in order:
        t = targets.get(r) if r is not None else None
        target = t.collection if t is not None else None
        d, c, g = yuan(due.get(r, 0)), yuan(collected.get(r, 0)), yuan(got.get(r, 0))
        by_rep.rows.append((names.get(r, "") if r is not None else pick("未指定", "None"),
                            d, c, share(c, d), g, target, share(g, target or 0)))

    as_of = min(period.end, settings.today(uow))
    inst = instalments_paid(as_of)
    overdue = Table("overdue", "逾期未收", "Overdue", [
        Column("unit", "房号", "Unit", Kind.TEXT), Column("customer", "客户", "Customer", Kind.TEXT),
        Column("rep", "置业顾问", "Sales rep", Kind.TEXT), Column("item", "款项", "Item", Kind.TEXT),
        Column("due_on", "应收日期", "Due on", Kind.DATE),
        Column("outstanding", "未收", "Outstanding", money),
        Column("days", "逾期天数", "Days overdue", Kind.COUNT)])
    for code, customer, rep_name, item, due_on, left in uow.execute(
            select(Unit.code, Customer.name, User.name, inst.c.item, inst.c.due_on,
                   inst.c.amount - inst.c.paid)
            .join(Claim, Claim.id == inst.c.claim_id)
            .join(Unit, Unit.id == Claim.unit_id)
            .outerjoin(Customer, Customer.id == Claim.customer_id)
            .outerjoin(User, User.id == Claim.rep_id)
            .where(inst.c.due_on < as_of, inst.c.paid < inst.c.amount)
            .order_by(inst.c.due_on, inst.c.id)):
        overdue.rows.append((code, person(customer) or "", rep_name or "", item, due_on,
                             yuan(left), (as_of - due_on).days))

    return Report("collection", "回款", "Collection", period.start, period.end,
                  [summary, by_rep, overdue], [_chart(uow, period)])


def _chart(uow: UnitOfWork, period: Period) -> Chart:
    """Plan (due) against money received, the six months to the period's month:
    two statements, each bucketing its rows by month in SQL."""
    months = trend_months(period)
    first, last = months[0].start, months[-1].end
    plan = [0] * len(months)
    got = [0] * len(months)
    i_due = _bucket(Instalment.due_on, months)
    for i, amount in uow.execute(
            _plan(Instalment.due_on >= first, Instalment.due_on <= last)
            .add_columns(i_due, func.sum(fen(Instalment.amount))).group_by(i_due)):
        plan[int(i)] = int(amount or 0)
    i_got = _bucket(Payment.received_on, months)
    for i, amount in uow.execute(
            _received(Payment.kind == PaymentKind.PAYMENT, Payment.received_on >= first,
                      Payment.received_on <= last)
            .add_columns(i_got, func.sum(fen(Payment.amount))).group_by(i_got)):
        got[int(i)] = int(amount or 0)
    return Chart("collection_vs_plan", "回款计划与实收", "Collection against plan", ChartKind.BAR,
                 tuple(m.start.strftime("%Y-%m") for m in months),
                 (Series("计划", "Plan", tuple(float(yuan(v)) for v in plan)),
                  Series("实收", "Received", tuple(float(yuan(v)) for v in got))))
