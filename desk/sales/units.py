"""Units of the sales-control grid: what a screen shows, withholding, history."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import BigInteger, Select, and_, bindparam, case, func, select, type_coerce
from sqlalchemy.orm import aliased

from desk.admin.auth import Actor, require
from desk.core.changes import ChangeKind
from desk.core.errors import Conflict
from desk.core.labels import names, person
from desk.core.uow import UnitOfWork
from desk.customers.customers import phone_for
from desk.models import Building, Claim, Customer, Unit, UnitEvent, User
from desk.models.base import Cents
from desk.models.enums import ClaimKind, ClaimState, UnitAction, UnitStatus
from desk.sales.transition import (
    active_claim,
    add_event,
    expire_due,
    get_unit,
    load,
    notice_due,
    required_reason,
    write,
)


def natural_key(text: str) -> tuple:
    """'2栋' before '10栋'; letters and other text in their usual order."""
    return tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.findall(r"\d+|\D+", text))


@dataclass(frozen=True)
class UnitRow:
    """One unit as the grid, the list and the CLI show it (plain data)."""

    id: int
    code: str
    building: str
    building_sort: int
    entrance: str
    floor: int
    room: str
    layout: str
    orientation: str
    usage: str
    gross_area: Decimal
    inner_area: Decimal | None
    unit_price: Decimal | None
    list_price: Decimal | None
    floor_price: Decimal | None
    status: str  # effective: a hold past its expiry shows as available
    claim_id: int | None
    claim_kind: str | None
    customer: str | None
    customer_phone: str | None
    rep: str | None
    rep_id: int | None
    expires_at: datetime | None
    contract_number: str | None
    agreed_price: Decimal | None
    created_by: int | None = None  # who typed the claim (may differ from the rep)
    operator: str | None = None  # their name
    position: str | None = None  # its place on the floor, when the import read one

    def as_json(self, viewer: Actor | None = None) -> dict:
        """The unit for scripts, showing what `viewer` may see (the floor price and
        the full phone only to the roles with those rights)."""
        d = {
            "code": self.code, "building": self.building, "entrance": self.entrance,
            "floor": self.floor, "room": self.room, "layout": self.layout,
            "usage": self.usage, "gross_area": str(self.gross_area),
            "inner_area": None if self.inner_area is None else str(self.inner_area),
            "unit_price": None if self.unit_price is None else str(self.unit_price),
            "list_price": None if self.list_price is None else str(self.list_price),
            "status": self.status,
        }
        if viewer is not None and viewer.can("units.floor_price"):
            d["floor_price"] = None if self.floor_price is None else str(self.floor_price)
        if self.claim_id is not None:
            d.update(
                customer=self.customer,
                customer_phone=phone_for(viewer, self.customer_phone) or None,
                rep=self.rep,
                operator=self.operator,
                expires_at=self.expires_at.isoformat() + "Z" if self.expires_at else None,
                contract_number=self.contract_number,
                agreed_price=None if self.agreed_price is None else str(self.agreed_price),
            )
        return d


def effective_status(status: str, claim_kind: str | None, expires_at: datetime | None,
                     now: datetime) -> str:
    if status == UnitStatus.HELD and claim_kind == ClaimKind.HOLD and expires_at is not None \
            and expires_at <= now:
        return UnitStatus.AVAILABLE
    return status


def rows(
    uow: UnitOfWork, project_id: int, *, building: str | None = None, status: str | None = None,
    code: str | None = None, ids: Collection[int] | None = None,
) -> list[UnitRow]:
    """The units of the project (or of one building) with their active claims, in
    one query."""
    rep, operator = aliased(User), aliased(User)
    q = (
        select(
            Unit.id, Unit.code, Building.name, Building.sort, Unit.entrance, Unit.floor, Unit.room,
            Unit.layout, Unit.orientation, Unit.usage, Unit.gross_area, Unit.inner_area,
            Unit.unit_price, Unit.list_price, Unit.floor_price, Unit.status, Claim.id, Claim.kind,
            Customer.name, Customer.phone, rep.name, rep.id, Claim.expires_at,
            Claim.contract_number, Claim.price, Claim.created_by, operator.name, Unit.position,
        )
        .join(Building, Building.id == Unit.building_id)
        .outerjoin(Claim, and_(Claim.unit_id == Unit.id, Claim.state == ClaimState.ACTIVE))
        .outerjoin(Customer, Customer.id == Claim.customer_id)
        .outerjoin(rep, rep.id == Claim.rep_id)
        .outerjoin(operator, operator.id == Claim.created_by)
        .where(Unit.project_id == project_id)
        .order_by(Building.sort, Building.name, Unit.floor.desc(), Unit.entrance, Unit.room)
    )
    if building:  # by id, so the (building, floor) index does the work
        q = q.where(Unit.building_id == select(Building.id).where(
            Building.project_id == project_id, Building.name == building).scalar_subquery())
    if code:
        q = q.where(Unit.code == code)
    if ids is not None:
        q = q.where(Unit.id.in_(list(ids)))
    now = uow.now
    out = []
    for r in uow.connection().execute(q).all():  # rows as they are: no ORM result set-up
        values: tuple[Any, ...] = tuple(r)
        eff = effective_status(r[15], r[17], r[22], now)
        if eff != r[15]:  # expired hold: the unit is free, the claim is history
            values = (*values[:15], eff, *(None,) * 11, values[27])
            notice_due(uow, r[0])
        row = UnitRow(*values)
        if status is None or row.status == status:
            out.append(row)
    return out


def withhold(uow: UnitOfWork, actor: Actor, project_id: int, code: str, reason: str) -> None:
    """Take an available unit off the market (销控)."""
    require(actor, "units.withhold")
    reason = required_reason(reason)
    unit, claim = load(uow, project_id, code)
    expire_due(uow, unit, claim)
    if unit.status != UnitStatus.AVAILABLE:
        st_zh, st_en = names(UnitStatus(unit.status))
        raise Conflict(
            f"房源 {unit.code} 当前为“{st_zh}”，只有可售房源可以下架。",
            f"Unit {unit.code} is {st_en}; only available units can be "
            "withheld.",
        )
    unit.status = UnitStatus.WITHHELD
    write(uow, unit)
    add_event(uow, unit, actor.id, UnitAction.WITHHOLD, UnitStatus.AVAILABLE, UnitStatus.WITHHELD,
              reason=reason)
    uow.record(ChangeKind.UNITS, unit.id)


def unwithhold(uow: UnitOfWork, actor: Actor, project_id: int, code: str, reason: str) -> None:
    require(actor, "units.withhold")
    reason = required_reason(reason)
    unit = get_unit(uow, project_id, code)
    if unit.status != UnitStatus.WITHHELD:
        raise Conflict(f"房源 {unit.code} 没有下架。", f"Unit {unit.code} is not withheld.")
    unit.status = UnitStatus.AVAILABLE
    write(uow, unit)
    add_event(uow, unit, actor.id, UnitAction.UNWITHHOLD, UnitStatus.WITHHELD, UnitStatus.AVAILABLE,
              reason=reason)
    uow.record(ChangeKind.UNITS, unit.id)


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    action: str
    from_status: str
    to_status: str
    actor: str | None
    approver: str | None
    customer: str | None
    reason: str
    contract_number: str | None = None  # the contract the event belongs to


def history(uow: UnitOfWork, project_id: int, code: str) -> list[HistoryRow]:
    unit = get_unit(uow, project_id, code)
    who, appr = aliased(User), aliased(User)
    q = (
        select(UnitEvent.at, UnitEvent.action, UnitEvent.from_status, UnitEvent.to_status,
               who.name, appr.name, Customer.name, UnitEvent.reason, Claim.contract_number)
        .outerjoin(who, who.id == UnitEvent.actor_id)
        .outerjoin(appr, appr.id == UnitEvent.approved_by)
        .outerjoin(Claim, Claim.id == UnitEvent.claim_id)
        .outerjoin(Customer, Customer.id == Claim.customer_id)
        .where(UnitEvent.unit_id == unit.id)
        .order_by(UnitEvent.id)
    )
    out = []
    for r in uow.execute(q):
        reason, number = r[7], r[8]
        if r[1] == UnitAction.CONTRACT and reason == number:
            reason = ""  # signed before the number had its own place: it is not a reason
        # An erased customer shows as such, in the language of the reader.
        out.append(HistoryRow(*r[:6], person(r[6]), person(reason) or "", number))
    claim = active_claim(uow, unit.id)
    if claim is not None and claim.kind == ClaimKind.HOLD and claim.expires_at is not None \
            and claim.expires_at <= uow.now:  # ran out unrecorded: shown now, recorded next
        customer = uow.get(Customer, claim.customer_id) if claim.customer_id else None
        out.append(HistoryRow(claim.expires_at, UnitAction.EXPIRE, UnitStatus.HELD, UnitStatus.AVAILABLE,
                              None, None, person(customer.name if customer else None), ""))
        notice_due(uow, unit.id)
    return out


def buildings(uow: UnitOfWork, project_id: int) -> list[str]:
    return list(uow.execute(
        select(Building.name).where(Building.project_id == project_id)
        .order_by(Building.sort, Building.name)
    ).scalars())


@dataclass
class Tally:
    count: int = 0
    area: Decimal = Decimal(0)
    money: Decimal = Decimal(0)
    available: int = 0
    sold: int = 0


_SUMMARY_STATEMENT: list[Select] = []


def _summary_statement() -> Select:
    """summary's statement, built once (as grid_units')."""
    if _SUMMARY_STATEMENT:
        return _SUMMARY_STATEMENT[0]
    expired = and_(Unit.status == UnitStatus.HELD, Claim.kind == ClaimKind.HOLD,
                   Claim.expires_at <= bindparam("now"))
    status = case((expired, UnitStatus.AVAILABLE.value), else_=Unit.status)
    money = case((Claim.kind.in_((ClaimKind.SUBSCRIPTION, ClaimKind.CONTRACT)) & Claim.price.is_not(None),
                  Claim.price), else_=func.coalesce(Unit.list_price, 0))
    q = (
        select(status, Unit.layout, func.count(), type_coerce(func.sum(Unit.gross_area), Cents),
               type_coerce(func.sum(money), Cents))
        .select_from(Unit)
        .outerjoin(Claim, and_(Claim.unit_id == Unit.id, Claim.state == ClaimState.ACTIVE))
        .where(Unit.project_id == bindparam("project_id"))
        .group_by(status, Unit.layout)
    )
    _SUMMARY_STATEMENT.append(q)
    return q


def summary(uow: UnitOfWork, project_id: int) -> tuple[dict[str, Tally], dict[str, Tally]]:
    """Counts, area and money by status and by layout, aggregated in the database
    (a project can have tens of thousands of units). Money is the agreed price
    where there is one, else the list price; a hold past its expiry counts as
    available."""
    by_status: dict[str, Tally] = {s: Tally() for s in UnitStatus}
    by_layout: dict[str, Tally] = {}
    for st, layout, n, area, amount in uow.execute(
            _summary_statement(), {"project_id": project_id, "now": uow.now}):
        for t in (by_status[st], by_layout.setdefault(layout or "—", Tally())):
            t.count += n
            t.area += area or 0
            t.money += amount or 0
        lay = by_layout[layout or "—"]
        if st == UnitStatus.AVAILABLE:
            lay.available += n
        elif st in (UnitStatus.SUBSCRIBED, UnitStatus.SIGNED):
            lay.sold += n
    return by_status, by_layout


class GridUnit(NamedTuple):
    """One unit as a cell of the grid shows and filters it: a plain tuple, no more
    columns than the cell needs (a project can have tens of thousands)."""

    id: int
    code: str
    building: str
    entrance: str
    floor: int
    room: str
    position: str | None
    layout: str
    gross_area: Decimal
    list_price: Decimal | None
    status: str  # effective: a hold past its expiry shows as available
    customer: str | None
    amount: Decimal  # what it counts for in the summary (see `summary`)


_GRID_STATEMENTS: dict[tuple[bool, bool], Select] = {}
_CENTS = Cents()


def _read_cents() -> Callable[[int | None], Any]:
    """Hundredths as stored -> the Decimal the Cents column gives, each distinct
    value converted once."""
    seen: dict[int | None, Decimal | None] = {None: None}

    def decimal(value: int | None) -> Decimal | None:
        try:
            return seen[value]
        except KeyError:
            d = seen[value] = _CENTS.process_result_value(value, None)  # type: ignore[arg-type]
            return d

    return decimal


def _grid_statement(by_building: bool, by_ids: bool) -> Select:
    """grid_units' statement, built once for each shape with its values bound at
    execution: the grid reads again at every change, and building the statement
    took as long as running it."""
    q = _GRID_STATEMENTS.get((by_building, by_ids))
    if q is not None:
        return q
    sold = Claim.kind.in_((ClaimKind.SUBSCRIPTION, ClaimKind.CONTRACT)) & Claim.price.is_not(None)
    q = (
        # Money and areas as stored, in hundredths: read_cents makes each distinct
        # value a Decimal once (a building repeats a few areas and prices).
        select(Unit.id, Unit.code, Building.name, Unit.entrance, Unit.floor, Unit.room,
               Unit.position, Unit.layout, type_coerce(Unit.gross_area, BigInteger),
               type_coerce(Unit.list_price, BigInteger), Unit.status, Customer.name,
               type_coerce(case((sold, Claim.price), else_=None), BigInteger), Claim.kind,
               Claim.expires_at)
        .join(Building, Building.id == Unit.building_id)
        .outerjoin(Claim, and_(Claim.unit_id == Unit.id, Claim.state == ClaimState.ACTIVE))
        .outerjoin(Customer, Customer.id == Claim.customer_id)
        .where(Unit.project_id == bindparam("project_id"))
        .order_by(Building.sort, Building.name, Unit.floor.desc(), Unit.entrance, Unit.room)
    )
    if by_building:  # by id, so the (building, floor) index does the work
        q = q.where(Unit.building_id == select(Building.id).where(
            Building.project_id == bindparam("project_id"),
            Building.name == bindparam("building")).scalar_subquery())
    if by_ids:
        q = q.where(Unit.id.in_(bindparam("ids", expanding=True)))
    _GRID_STATEMENTS[(by_building, by_ids)] = q
    return q


def grid_units(uow: UnitOfWork, project_id: int, *, building: str | None = None,
               ids: Collection[int] | None = None) -> list[GridUnit]:
    """The cells of one building (or the units named), in one query over the
    (building, floor) index."""
    q = _grid_statement(bool(building), ids is not None)
    params: dict[str, Any] = {"project_id": project_id}
    if building:
        params["building"] = building
    if ids is not None:
        params["ids"] = list(ids)
    now = uow.now
    out = []
    decimal = _read_cents()
    # Core rows, not the ORM's: nothing here is an entity, and its per-row work
    # doubled the time of a building of a thousand units.
    for (uid, code, bname, entrance, floor, room, position, layout, area, price, status,
         customer, agreed, kind, expires) in uow.connection().execute(q, params):
        area, price, agreed = decimal(area), decimal(price), decimal(agreed)
        eff = effective_status(status, kind, expires, now)
        if eff != status:  # expired hold: the unit is free, the claim is history
            customer = None
            notice_due(uow, uid)
        amount = agreed if agreed is not None else (price if price is not None else Decimal(0))
        out.append(GridUnit(uid, code, bname, entrance, floor, room, position, layout, area,
                            price, eff, customer, amount))
    return out


@dataclass
class Summary:
    """The summary beside the grid, kept up to date unit by unit: a unit's
    change moves its count, area and amount from its old tallies to its new ones."""

    by_status: dict[str, Tally]
    by_layout: dict[str, Tally]

    def replace(self, old: GridUnit, new: GridUnit) -> None:
        self._add(old, -1)
        self._add(new, 1)

    def _add(self, u: GridUnit, sign: int) -> None:
        key = u.layout or "—"
        lay = self.by_layout.setdefault(key, Tally())
        for t in (self.by_status[u.status], lay):
            t.count += sign
            t.area += sign * u.gross_area
            t.money += sign * u.amount
        if u.status == UnitStatus.AVAILABLE:
            lay.available += sign
        elif u.status in (UnitStatus.SUBSCRIBED, UnitStatus.SIGNED):
            lay.sold += sign
        if lay.count == 0:
            del self.by_layout[key]


def read_summary(uow: UnitOfWork, project_id: int) -> Summary:
    return Summary(*summary(uow, project_id))


def find(uow: UnitOfWork, project_id: int, text: str) -> UnitRow | None:
    """A unit by its code, or else by a code or room ending in the text."""
    text = text.strip()
    if not text:
        return None
    for cond in (Unit.code == text, Unit.code.endswith(text) | (Unit.room == text)):
        code = uow.execute(
            select(Unit.code).where(Unit.project_id == project_id, cond).order_by(Unit.code)
        ).scalars().first()
        if code is not None:
            return rows(uow, project_id, code=code)[0]
    return None
