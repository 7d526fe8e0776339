"""Inventory and sell-through (房源去化): every unit's status now, by building
and by layout, what the sold ones sold for and what is still for sale at list
price, and the subscriptions the period made on them. Floor prices are never
read. Two grouped statements, whatever the number of units."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from desk.admin.auth import Actor, require
from desk.core.errors import pick
from desk.core.uow import UnitOfWork
from desk.models import Building, Claim, Unit
from desk.models.enums import ClaimKind, ClaimState, UnitStatus
from desk.reporting.figures import fen, new_deal, real, share, yuan
from desk.reporting.model import Chart, ChartKind, Column, Kind, Report, Series, Table, Value
from desk.reporting.periods import Period, utc_bounds

DEALS = (ClaimKind.SUBSCRIPTION, ClaimKind.CONTRACT)


@dataclass
class _Tally:
    by_status: dict[str, int] = field(default_factory=dict)
    sold_fen: int = 0
    for_sale_fen: int = 0
    sold_in_period: int = 0

    def add(self, other: _Tally) -> None:
        for s, n in other.by_status.items():
            self.by_status[s] = self.by_status.get(s, 0) + n
        self.sold_fen += other.sold_fen
        self.for_sale_fen += other.for_sale_fen
        self.sold_in_period += other.sold_in_period

    def n(self, status: UnitStatus) -> int:
        return self.by_status.get(status, 0)

    def rate(self) -> Decimal | None:
        """Sold of the units put on the market (withheld ones are not)."""
        sold = self.n(UnitStatus.SUBSCRIBED) + self.n(UnitStatus.SIGNED)
        return share(sold, sum(self.by_status.values()) - self.n(UnitStatus.WITHHELD))

    def row(self, name: str) -> tuple[Value, ...]:
        n = self.n
        return (name, sum(self.by_status.values()), n(UnitStatus.AVAILABLE), n(UnitStatus.HELD),
                n(UnitStatus.SUBSCRIBED), n(UnitStatus.SIGNED), n(UnitStatus.WITHHELD),
                n(UnitStatus.SUBSCRIBED) + n(UnitStatus.SIGNED), self.rate(),
                yuan(self.sold_fen), yuan(self.for_sale_fen), self.sold_in_period)


def _columns(first: Column) -> list[Column]:
    return [first,
            Column("units", "总套数", "Units"),
            Column("available", "可售", "Available"),
            Column("held", "预留", "Held"),
            Column("subscribed", "已认购", "Subscribed"),
            Column("signed", "已签约", "Signed"),
            Column("withheld", "未推/封存", "Withheld"),
            Column("sold", "已售", "Sold"),
            Column("sell_through", "去化率", "Sell-through", Kind.PERCENT),
            Column("sold_amount", "已售金额", "Sold amount", Kind.MONEY),
            Column("for_sale_amount", "待售金额", "For sale at list price", Kind.MONEY),
            Column("sold_in_period", "本期认购", "Subscribed in period")]


def build(uow: UnitOfWork, actor: Actor, period: Period, rep_id: int | None = None) -> Report:
    require(actor, "reports.view")
    now = uow.now
    start, end = utc_bounds(uow, period)
    # A hold past its expiry is available, as the grid shows it (units.summary).
    lapsed = and_(Unit.status == UnitStatus.HELD, Claim.kind == ClaimKind.HOLD,
                  Claim.expires_at <= now)
    status = case((lapsed, UnitStatus.AVAILABLE.value), else_=Unit.status)
    sold_price = case((Claim.kind.in_(DEALS), fen(Claim.price)), else_=0)
    on_sale = case((status.in_((UnitStatus.AVAILABLE, UnitStatus.HELD)), fen(Unit.list_price)),
                   else_=0)
    cells: dict[tuple[int, str], _Tally] = {}
    buildings: dict[int, tuple[int, str]] = {}
    for bid, bsort, bname, layout, st, n, sold, for_sale in uow.execute(
            select(Building.id, Building.sort, Building.name, Unit.layout, status, func.count(),
                   func.sum(sold_price), func.sum(on_sale))
            .join(Building, Building.id == Unit.building_id)
            .outerjoin(Claim, and_(Claim.unit_id == Unit.id, Claim.state == ClaimState.ACTIVE))
            .group_by(Building.id, Building.sort, Building.name, Unit.layout, status)):
        buildings[bid] = (bsort, bname)
        t = cells.setdefault((bid, layout or ""), _Tally())
        t.by_status[st] = t.by_status.get(st, 0) + n
        t.sold_fen += int(sold or 0)
        t.for_sale_fen += int(for_sale or 0)
    before = aliased(Claim)
    for bid, layout, n in uow.execute(
            select(Unit.building_id, Unit.layout, func.count())
            .select_from(Claim).join(Unit, Unit.id == Claim.unit_id)
            .outerjoin(before, before.id == Claim.previous_id)
            .where(Claim.kind == ClaimKind.SUBSCRIPTION, Claim.created_at >= start,
                   Claim.created_at < end, real(), new_deal(before))
            .group_by(Unit.building_id, Unit.layout)):
        cells.setdefault((bid, layout or ""), _Tally()).sold_in_period += n

    per_building: dict[int, _Tally] = {}
    per_layout: dict[str, _Tally] = {}
    total = _Tally()
    for (bid, layout), t in cells.items():
        per_building.setdefault(bid, _Tally()).add(t)
        per_layout.setdefault(layout, _Tally()).add(t)
        total.add(t)
    everything = pick("合计", "Total")

    by_building = Table("by_building", "按楼栋", "By building",
                        _columns(Column("building", "楼栋", "Building", Kind.TEXT)))
    for bid in sorted(per_building, key=lambda b: buildings[b]):
        by_building.rows.append(per_building[bid].row(buildings[bid][1]))
    by_building.total = total.row(everything)

    by_layout = Table("by_layout", "按户型", "By layout",
                      _columns(Column("layout", "户型", "Layout", Kind.TEXT)))
    layouts = sorted(per_layout, key=lambda s: (s == "", s))  # the unnamed last
    for layout in layouts:
        by_layout.rows.append(per_layout[layout].row(layout or pick("未填", "Not given")))
    by_layout.total = total.row(everything)

    chart = Chart("sell_through_by_layout", "各户型去化率", "Sell-through by layout",
                  ChartKind.BAR, tuple(str(r[0]) for r in by_layout.rows),
                  (Series("去化率", "Sell-through",
                          tuple(float(per_layout[k].rate() or 0) for k in layouts)),),
                  percent=True)
    return Report("inventory", "房源去化", "Inventory and sell-through", period.start, period.end,
                  [by_building, by_layout], [chart])
