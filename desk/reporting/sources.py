"""Where the customers come from (来源渠道): visits by the channel the visit
was registered with, and the deals of the period by the channel the customer
first came by (Customer.source), with the conversion of first visits into
subscriptions. Two grouped statements, whatever the number of rows."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from desk.admin.auth import Actor, require
from desk.core.errors import pick
from desk.core.uow import UnitOfWork
from desk.models import Claim, Customer, Visit
from desk.models.enums import ClaimKind, ContactKind, VisitKind
from desk.reporting.figures import fen, new_deal, real, share, yuan
from desk.reporting.model import Chart, ChartKind, Column, Kind, Report, Series, Table, Value
from desk.reporting.periods import Period, utc_bounds

COLUMNS = [
    Column("source", "来源", "Source", Kind.TEXT),
    Column("visits", "来访", "Visits"),
    Column("first_visits", "首访", "First visits"),
    Column("subscriptions", "认购", "Subscriptions"),
    Column("contracts", "签约", "Contracts"),
    Column("contract_amount", "签约金额", "Contracted amount", Kind.MONEY),
    Column("conversion", "转化率", "Conversion", Kind.PERCENT),
]


def build(uow: UnitOfWork, actor: Actor, period: Period, rep_id: int | None = None) -> Report:
    require(actor, "reports.view")
    start, end = utc_bounds(uow, period)
    # source -> [visits, first visits, subscriptions, contracts, contract fen]
    figures: dict[str, list[int]] = {}

    def of(source: str | None) -> list[int]:
        return figures.setdefault(source or "", [0, 0, 0, 0, 0])

    for source, visit_kind, n in uow.execute(
            select(Visit.source, Visit.visit_kind, func.count())
            .where(Visit.kind == ContactKind.VISIT, Visit.at >= start, Visit.at < end)
            .group_by(Visit.source, Visit.visit_kind)):
        f = of(source)
        f[0] += n
        f[1] += n if visit_kind == VisitKind.FIRST else 0
    before = aliased(Claim)
    for source, kind, n, amount in uow.execute(
            select(Customer.source, Claim.kind, func.count(), func.sum(fen(Claim.price)))
            .join(Customer, Customer.id == Claim.customer_id)
            .outerjoin(before, before.id == Claim.previous_id)
            .where(Claim.kind.in_((ClaimKind.SUBSCRIPTION, ClaimKind.CONTRACT)),
                   Claim.created_at >= start, Claim.created_at < end, real(), new_deal(before))
            .group_by(Customer.source, Claim.kind)):
        f = of(source)
        if kind == ClaimKind.SUBSCRIPTION:
            f[2] += n
        else:
            f[3] += n
            f[4] += int(amount or 0)

    order = sorted(figures, key=lambda s: (-figures[s][0], s))
    table = Table("sources", "来源渠道", "Sources", list(COLUMNS))
    for source in order:
        table.rows.append(_row(source or pick("未填", "Not given"), figures[source]))
    sums = [sum(f[i] for f in figures.values()) for i in range(5)]
    table.total = _row(pick("合计", "Total"), sums)
    chart = Chart("visits_by_source", "各渠道来访", "Visits by source", ChartKind.BAR,
                  tuple(str(r[0]) for r in table.rows), (
                      Series("来访", "Visits", tuple(float(figures[s][0]) for s in order)),
                      Series("认购", "Subscriptions", tuple(float(figures[s][2]) for s in order)),
                  ))
    return Report("sources", "来源渠道", "Sources", period.start, period.end, [table], [chart])


def _row(name: str, f: list[int]) -> tuple[Value, ...]:
    return (name, f[0], f[1], f[2], f[3], yuan(f[4]), share(f[2], f[1]))
