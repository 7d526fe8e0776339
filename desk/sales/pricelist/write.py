"""Writing a checked price list: new units in bulk, prices of available units.

Re-importing updates the prices of available units and never touches a claimed
or withheld one. Units sold or subscribed before this system come in with an
active claim that names no customer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Connection, insert, select

from desk.admin.auth import Actor
from desk.core import audit
from desk.core.changes import ChangeKind
from desk.core.errors import pick
from desk.core.uow import UnitOfWork
from desk.models import Building, Claim, Project, Unit
from desk.models.base import Base
from desk.models.enums import ClaimKind, ClaimState, UnitAction, UnitStatus
from desk.sales.pricelist.rows import ParsedUnit
from desk.sales.transition import add_event
from desk.sales.unitcode import name_key

CHUNK = 2000  # rows a multi-row INSERT carries
_UNITS, _CLAIMS, _EVENTS = (Base.metadata.tables[t] for t in ("units", "claims", "unit_events"))
PRICED = ("layout", "orientation", "usage", "gross_area", "inner_area", "unit_price", "list_price",
          "floor_price")


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    signed: int = 0
    subscribed: int = 0
    skipped_claimed: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    rule: str | None = None

    def summary(self) -> str:
        zh = (f"共 {self.rows} 行：新增 {self.created}，更新价格 {self.updated}，未变 {self.unchanged}，"
              f"其中已签约 {self.signed}")
        en = (f"{self.rows} rows: {self.created} new, {self.updated} repriced, "
              f"{self.unchanged} unchanged, {self.signed} already signed")
        if self.subscribed:
            zh += f"，已认购 {self.subscribed}"
            en += f", {self.subscribed} already subscribed"
        if self.skipped_claimed:
            zh += f"；已被占用未改动 {len(self.skipped_claimed)}"
            en += f"; {len(self.skipped_claimed)} claimed units left as they are"
        return pick(zh, en)


def compare(uow: UnitOfWork, project_id: int | None, units: list[ParsedUnit]) -> tuple[int, int, int, int]:
    """(new, repriced, unchanged, claimed) if `units` were imported now."""
    if project_id is None:
        return len(units), 0, 0, 0
    cols = [getattr(Unit, f) for f in PRICED]
    existing = {r[0]: r[1:] for r in uow.execute(
        select(Unit.code, Unit.status, *cols).where(Unit.project_id == project_id))}
    new = repriced = unchanged = claimed = 0
    for p in units:
        row = existing.get(p.code)
        if row is None:
            new += 1
        elif row[0] != UnitStatus.AVAILABLE:
            claimed += 1
        elif _same(dict(zip(PRICED, row[1:], strict=True)), p):
            unchanged += 1
        else:
            repriced += 1
    return new, repriced, unchanged, claimed


def _same(old: dict, p: ParsedUnit) -> bool:
    return all(old[f] == getattr(p, f) or not getattr(p, f) for f in PRICED)


def apply(uow: UnitOfWork, actor: Actor, project_id: int, units: list[ParsedUnit],
          report: ImportReport) -> None:
    now = uow.now
    buildings = {b.name: b.id for b in uow.execute(
        select(Building).where(Building.project_id == project_id)).scalars()}
    existing = {u.code: u for u in uow.execute(
        select(Unit).where(Unit.project_id == project_id)).scalars()}
    first = len(buildings)
    for i, name in enumerate(sorted({p.building for p in units} - set(buildings), key=name_key)):
        b = Building(project_id=project_id, name=name, sort=first + i + 1)
        uow.add(b)
        uow.flush()
        buildings[name] = b.id
    new: list[ParsedUnit] = []
    for p in units:
        unit = existing.get(p.code)
        if unit is None:
            new.append(p)
            continue
        if unit.status != UnitStatus.AVAILABLE:
            report.skipped_claimed.append(p.code)
            continue
        if _same({f: getattr(unit, f) for f in PRICED}, p):
            report.unchanged += 1
            continue
        old = unit.list_price
        for f in PRICED:
            if getattr(p, f) not in (None, ""):
                setattr(unit, f, getattr(p, f))
        add_event(uow, unit, actor.id, UnitAction.REPRICE, UnitStatus.AVAILABLE, UnitStatus.AVAILABLE,
                  reason=f"{old} → {unit.list_price}", at=now)
        report.updated += 1
    uow.flush()
    if new:
        _insert(uow, actor, project_id, buildings, new, report)
    report.created += len(new)
    uow.record(ChangeKind.UNITS)  # every unit may have changed


def _insert(uow: UnitOfWork, actor: Actor, project_id: int, buildings: dict[str, int],
            new: list[ParsedUnit], report: ImportReport) -> None:
    """New units, their external claims and their history rows: three executemany
    INSERTs through Core (no ORM objects), ids read back by code and by unit."""
    now = uow.now
    conn = uow.connection()
    for chunk in _chunks(new):
        _insert_units(conn, project_id, buildings, chunk)
    id_of = dict(conn.execute(select(Unit.code, Unit.id).where(Unit.project_id == project_id)).all())
    sold = [p for p in new if p.status != UnitStatus.AVAILABLE]
    claim_of: dict[int, int] = {}
    if sold:
        for chunk in _chunks(sold):
            conn.execute(insert(_CLAIMS), [dict(
                project_id=project_id, unit_id=id_of[p.code],
                kind=(ClaimKind.CONTRACT if p.status == UnitStatus.SIGNED
                      else ClaimKind.SUBSCRIPTION).value,
                state=ClaimState.ACTIVE.value, created_by=actor.id, created_at=now, started_at=now,
                contract_number=p.contract_no, note="imported", payment_method="") for p in chunk])
        claim_of = dict(conn.execute(select(Claim.unit_id, Claim.id).where(
            Claim.project_id == project_id, Claim.state == ClaimState.ACTIVE)).all())
        report.signed += sum(p.status == UnitStatus.SIGNED for p in sold)
        report.subscribed += sum(p.status == UnitStatus.SUBSCRIBED for p in sold)
    for chunk in _chunks(new):
        conn.execute(insert(_EVENTS), [dict(
            unit_id=id_of[p.code], at=now, actor_id=actor.id, action=UnitAction.IMPORT.value,
            from_status=UnitStatus.AVAILABLE.value, to_status=p.status.value,
            claim_id=claim_of.get(id_of[p.code]) if p.status != UnitStatus.AVAILABLE else None,
            approved_by=None, reason="") for p in chunk])
    # Core writes pass the audit log's flush events by: one entry says what came in.
    audit.note(uow, "import", "units", project_id, {
        "project_id": project_id, "units": len(new), "claims": len(sold), "unit_events": len(new),
        "codes": f"{new[0].code} … {new[-1].code}" if len(new) > 1 else new[0].code})


def _chunks(items: list[ParsedUnit]) -> Iterator[list[ParsedUnit]]:
    """Slices of CHUNK rows: the parameters of one executemany stay small."""
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def _insert_units(conn: Connection, project_id: int, buildings: dict[str, int],
                  chunk: list[ParsedUnit]) -> None:
    conn.execute(insert(_UNITS), [dict(
        project_id=project_id, building_id=buildings[p.building], code=p.code, entrance=p.entrance,
        floor=p.floor, room=p.room, position=p.position or None, layout=p.layout,
        orientation=p.orientation, usage=p.usage, gross_area=p.gross_area, inner_area=p.inner_area,
        unit_price=p.unit_price, list_price=p.list_price, floor_price=p.floor_price,
        status=p.status.value, version=1) for p in chunk])


def store_rule(uow: UnitOfWork, project_id: int, rule: str | None) -> None:
    """Keep the list's pricing convention with the project for later prices."""
    if rule is None:
        return
    project = uow.get(Project, project_id)
    if project is not None and project.price_rule != rule:
        project.price_rule = rule
        uow.record(ChangeKind.PROJECT, project_id)
