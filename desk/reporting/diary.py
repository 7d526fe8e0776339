"""The sales diary (销售日报) of any period with the period before it: calls,
visits, holds, deals, cancellations and changes of unit, the money they moved,
and the figures day by day.

Each source table is read once for both periods: its rows from the first day
of the previous period to the last of this one are numbered by the showroom day
they fall on (one CASE over the days' UTC bounds, `figures.day_index`) and
counted and summed per day in SQL; the days then add up to the two periods. So
the number of statements is fixed, whatever the number of rows.

Two deposit rows, because a deposit agreed is not money in hand:
- subscription_deposits (认购定金): the deposits the subscriptions made in the
  period agreed to (Claim.deposit), paid or not.
- deposits_received (收定金): money received in the period (payments, not
  voided; refunds are the refunds row) that went to deposit instalments, each
  deal's payments paying its instalments in order as `desk.sales.collection`
  allocates them: what the payments received by a period's last day pay of the
  deposits, less what those received by the day before it began paid. A deal
  cancelled since keeps the deposit it received then. These two are whole-period
  figures (the day-by-day table has no deposit column).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from desk.admin.auth import Actor, require
from desk.core.errors import pick
from desk.core.uow import UnitOfWork
from desk.models import Claim, Instalment, Payment, Visit
from desk.models.enums import (
    ClaimKind,
    ClaimState,
    ContactKind,
    InstalmentKind,
    PaymentKind,
    VisitKind,
)
from desk.reporting.figures import change, day_index, fen, midnights, new_deal, real, yuan
from desk.reporting.model import Chart, ChartKind, Column, Kind, Report, Series, Table, Value
from desk.reporting.periods import Period
from desk.sales.collection import owed_in_order

COUNTS = (
    ("calls", "来电", "Calls"),
    ("first_visits", "首访", "First visits"),
    ("return_visits", "复访", "Return visits"),
    ("holds", "预留", "Holds"),
    ("subscriptions", "认购", "Subscriptions"),
    ("contracts", "签约", "Contracts"),
    ("cancellations", "退订", "Cancellations"),
    ("unit_changes", "换房", "Changes of unit"),
)
MONEY = (
    ("subscription_amount", "认购金额", "Subscribed amount"),
    ("contract_amount", "签约金额", "Contracted amount"),
    ("subscription_deposits", "认购定金", "Deposits agreed"),
    ("deposits_received", "收定金", "Deposits received"),
    ("payments_received", "回款", "Payments received"),
    ("refunds", "退款", "Refunds"),
)


@dataclass
class _Days:
    """Figures per day index: 0 is the previous period's first day."""

    counts: dict[str, dict[int, int]]
    fen: dict[str, dict[int, int]]

    def count(self, key: str, days: range) -> int:
        return sum(self.counts[key].get(i, 0) for i in days)

    def money(self, key: str, days: range) -> Decimal:
        return yuan(sum(self.fen[key].get(i, 0) for i in days))


def _visits(uow: UnitOfWork, bounds: list[Any], d: _Days) -> None:
    q = (select(day_index(Visit.at, bounds).label("d"), Visit.kind.label("kind"),
                Visit.visit_kind.label("vk"))
         .where(Visit.at >= bounds[0], Visit.at < bounds[-1]).subquery())
    for i, kind, visit_kind, n in uow.execute(
            select(q.c.d, q.c.kind, q.c.vk, func.count()).group_by(q.c.d, q.c.kind, q.c.vk)):
        if kind == ContactKind.CALL:
            key = "calls"
        elif kind == ContactKind.VISIT:
            key = "first_visits" if visit_kind == VisitKind.FIRST else "return_visits"
        else:
            continue
        d.counts[key][i] = d.counts[key].get(i, 0) + n


def _claims(uow: UnitOfWork, bounds: list[Any], d: _Days) -> None:
    """Claims made in the range: holds, new subscriptions (with the deposits they agree),
    contracts, and subscriptions a change of unit moved (换房)."""
    before = aliased(Claim)
    q = (select(day_index(Claim.created_at, bounds).label("d"), Claim.kind.label("kind"),
                new_deal(before).label("new"), fen(Claim.price).label("price"),
                fen(Claim.deposit).label("deposit"))
         .outerjoin(before, before.id == Claim.previous_id)
         .where(Claim.created_at >= bounds[0], Claim.created_at < bounds[-1], real())
         .subquery())
    for i, kind, new, n, price, deposit in uow.execute(
            select(q.c.d, q.c.kind, q.c.new, func.count(), func.sum(q.c.price),
                   func.sum(q.c.deposit)).group_by(q.c.d, q.c.kind, q.c.new)):
        if kind == ClaimKind.HOLD:
            d.counts["holds"][i] = n
        elif kind == ClaimKind.SUBSCRIPTION and not new:
            d.counts["unit_changes"][i] = n
        elif kind == ClaimKind.SUBSCRIPTION:
            d.counts["subscriptions"][i] = n
            d.fen["subscription_amount"][i] = int(price or 0)
            d.fen["subscription_deposits"][i] = int(deposit or 0)
        elif kind == ClaimKind.CONTRACT:
            d.counts["contracts"][i] = n
            d.fen["contract_amount"][i] = int(price or 0)


def _cancellations(uow: UnitOfWork, bounds: list[Any], d: _Days) -> None:
    q = (select(day_index(Claim.ended_at, bounds).label("d"))
         .where(Claim.state == ClaimState.CANCELLED,
                Claim.kind.in_((ClaimKind.SUBSCRIPTION, ClaimKind.CONTRACT)),
                Claim.ended_at >= bounds[0], Claim.ended_at < bounds[-1], real())
         .subquery())
    for i, n in uow.execute(select(q.c.d, func.count()).group_by(q.c.d)):
        d.counts["cancellations"][i] = n


def _payments(uow: UnitOfWork, first: date, last: date, d: _Days) -> None:
    """Money by the showroom date it was received on; voided rows are no money.
    Refunds are stored negative and shown as the amount paid back."""
    for day, kind, total in uow.execute(
            select(Payment.received_on, Payment.kind, func.sum(fen(Payment.amount)))
            .where(Payment.voided_at.is_(None), Payment.received_on >= first,
                   Payment.received_on <= last)
            .group_by(Payment.received_on, Payment.kind)):
        i = (day - first).days
        if kind == PaymentKind.PAYMENT:
            d.fen["payments_received"][i] = int(total or 0)
        elif kind == PaymentKind.REFUND:
            d.fen["refunds"][i] = -int(total or 0)


def _deposits(uow: UnitOfWork, prev: Period, period: Period) -> tuple[int, int]:
    """The fen paid to deposit instalments in the previous period and in this
    one: each deal's payments by three days (the eve of the previous period, its
    last day, this period's last day) allocated in order, in one statement."""
    cuts = (prev.start - timedelta(days=1), prev.end, period.end)
    valid = and_(Payment.voided_at.is_(None), Payment.kind == PaymentKind.PAYMENT)
    # Only a deal paid something between the first and last cut can have paid
    # its deposit then: the others' figures are the same at every cut, so the
    # statement reads the period's deals, not every deal ever made.
    moved = select(Payment.deal_id).where(valid, Payment.received_on > cuts[0],
                                          Payment.received_on <= cuts[-1])
    paid = (select(Payment.deal_id, *(
                func.sum(case((Payment.received_on <= c, fen(Payment.amount)), else_=0))
                .label(f"by{n}") for n, c in enumerate(cuts)))
            .where(valid, Payment.received_on <= cuts[-1], Payment.deal_id.in_(moved))
            .group_by(Payment.deal_id).subquery())
    owed = (select(Instalment.kind.label("kind"),
                   *(owed_in_order(paid.c[f"by{n}"]).label(f"owed{n}") for n in range(3)))
            .join(paid, paid.c.deal_id == Instalment.deal_id).subquery())
    before, now = uow.execute(
        select(func.sum(owed.c.owed0 - owed.c.owed1), func.sum(owed.c.owed1 - owed.c.owed2))
        .where(owed.c.kind == InstalmentKind.DEPOSIT)).one()
    return int(before or 0), int(now or 0)


def _item_columns(kind: Kind) -> list[Column]:
    return [Column("key", "键", "Key", Kind.TEXT, hidden=True),
            Column("item", "项目", "Item", Kind.TEXT),
            Column("current", "本期", "This period", kind),
            Column("previous", "上期", "Previous period", kind),
            Column("change", "增减", "Change", Kind.PERCENT)]


def build(uow: UnitOfWork, actor: Actor, period: Period, rep_id: int | None = None) -> Report:
    """The team's diary: for whoever may read the team's figures (`rep_id` is
    not a narrowing here: the diary is the showroom's)."""
    require(actor, "reports.view")
    prev = period.previous()
    first = prev.start
    bounds = midnights(uow, first, (period.end - first).days + 1)
    d = _Days(defaultdict(dict), defaultdict(dict))
    _visits(uow, bounds, d)
    _claims(uow, bounds, d)
    _cancellations(uow, bounds, d)
    _payments(uow, first, period.end, d)

    before = range((prev.start - first).days, (prev.end - first).days + 1)
    now = range((period.start - first).days, (period.end - first).days + 1)
    # whole periods, each period's sum kept on its first day
    d.fen["deposits_received"][before[0]], d.fen["deposits_received"][now[0]] = \
        _deposits(uow, prev, period)
    counts = Table("counts", "计数", "Counts", _item_columns(Kind.COUNT))
    for key, zh, en in COUNTS:
        cur, old = d.count(key, now), d.count(key, before)
        counts.rows.append((key, pick(zh, en), cur, old, change(cur, old)))
    money = Table("money", "金额", "Money", _item_columns(Kind.MONEY))
    for key, zh, en in MONEY:
        m_cur, m_old = d.money(key, now), d.money(key, before)
        money.rows.append((key, pick(zh, en), m_cur, m_old, change(m_cur, m_old)))

    by_day = Table("by_day", "每日明细", "Day by day", [
        Column("day", "日期", "Date", Kind.DATE),
        Column("calls", "来电", "Calls"),
        Column("first_visits", "首访", "First visits"),
        Column("return_visits", "复访", "Return visits"),
        Column("subscriptions", "认购", "Subscriptions"),
        Column("contracts", "签约", "Contracts"),
        Column("contract_amount", "签约金额", "Contracted amount", Kind.MONEY),
        Column("payments_received", "回款", "Payments received", Kind.MONEY),
    ])
    for day, i in zip(period.dates(), now, strict=True):
        one = range(i, i + 1)
        row: tuple[Value, ...] = (
            day, d.count("calls", one), d.count("first_visits", one),
            d.count("return_visits", one), d.count("subscriptions", one),
            d.count("contracts", one), d.money("contract_amount", one),
            d.money("payments_received", one))
        by_day.rows.append(row)

    chart = Chart("visits_per_day", "每日来访", "Visits per day", ChartKind.BAR,
                  tuple(day.strftime("%m-%d") for day in period.dates()), (
                      Series("首访", "First visits",
                             tuple(float(d.count("first_visits", range(i, i + 1))) for i in now)),
                      Series("复访", "Return visits",
                             tuple(float(d.count("return_visits", range(i, i + 1))) for i in now)),
                  ))
    return Report("daily", "销售日报", "Sales diary", period.start, period.end,
                  [counts, money, by_day], [chart])
