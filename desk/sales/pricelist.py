"""Importing a price list (一房一价) from .xlsx or .csv: all rows or none.

Column names are recognised by themselves (including those of the Shenzhen
housing bureau's published tables); `overrides` maps any other heading. Every
row is checked before anything is written, and the report lists every bad row
by its row number in the file. Re-importing updates the prices of available
units and never touches a claimed or withheld one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select

from desk.admin.auth import Actor, require
from desk.core.changes import ChangeKind
from desk.core.errors import DeskError, InvalidInput, pick
from desk.core.spreadsheet import norm_heading, read_rows
from desk.core.uow import UnitOfWork
from desk.models import Building, Claim, Unit
from desk.models.enums import ClaimKind, ClaimState, UnitAction, UnitStatus
from desk.sales.transition import add_event
from desk.sales.units import natural_key

FIELDS = {
    "building": ("楼栋", "building"),
    "entrance": ("单元/座", "entrance"),
    "floor": ("楼层", "floor"),
    "room": ("房号", "room"),
    "code": ("房源编号", "unit code"),
    "layout": ("户型", "layout"),
    "orientation": ("朝向", "orientation"),
    "usage": ("用途", "use"),
    "gross_area": ("建筑面积", "gross area"),
    "inner_area": ("套内面积", "inner area"),
    "unit_price": ("单价", "unit price"),
    "list_price": ("总价", "total price"),
    "floor_price": ("底价", "floor price"),
    "contract_no": ("合同号", "contract no."),
    "sale_status": ("销售状态", "sale status"),
}

# Headings seen in real price lists, normalised (no spaces, brackets or units).
SYNONYMS = {
    "building": ["楼栋", "栋号", "楼号", "栋", "楼栋号", "楼栋名称", "项目楼栋情况", "building"],
    "entrance": ["单元", "单元号", "座号", "座", "entrance"],
    "floor": ["楼层", "层", "所在楼层", "层数", "floor"],
    "room": ["房号", "房间号", "室号", "户号", "房屋号", "room", "unit", "roomno"],
    "code": ["房源编号", "房源号", "编号", "code", "unitcode"],
    "layout": ["户型", "户型结构", "房型", "layout"],
    "orientation": ["朝向", "orientation"],
    "usage": ["用途", "房屋用途", "usage", "use"],
    "gross_area": ["建筑面积", "面积", "预售面积", "销售面积", "grossarea", "area"],
    "inner_area": ["套内面积", "户内面积", "套内建筑面积", "innerarea"],
    "unit_price": ["单价", "拟售价格", "拟售单价", "备案单价", "建筑面积单价", "销售单价", "unitprice",
                   "price"],
    "list_price": ["总价", "拟售总价", "房屋总价", "销售总价", "备案总价", "totalprice", "listprice"],
    "floor_price": ["底价", "最低价", "floorprice"],
    "contract_no": ["合同号", "合同编号", "网签合同号", "contractno"],
    "sale_status": ["状态", "销售状态", "salestatus", "status"],
}
_LOOKUP = {name: f for f, names in SYNONYMS.items() for name in names}
SOLD_WORDS = ("已网签", "已签约", "已售", "已转移登记", "已备案", "签约", "sold", "signed")
BLANK = {"", "--", "-", "—", "无", "none", "null", "n/a"}
CENT = Decimal("0.01")


@dataclass
class RowError:
    row: int
    field: str | None
    zh: str
    en: str

    def __str__(self) -> str:
        zh_field, en_field = FIELDS.get(self.field or "", ("", ""))
        return pick(
            f"第 {self.row} 行" + (f"（{zh_field}）" if zh_field else "") + f"：{self.zh}",
            f"row {self.row}" + (f" ({en_field})" if en_field else "") + f": {self.en}",
        )


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    signed: int = 0
    skipped_claimed: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        zh = (f"共 {self.rows} 行：新增 {self.created}，更新价格 {self.updated}，未变 {self.unchanged}，"
              f"其中已签约 {self.signed}")
        en = (f"{self.rows} rows: {self.created} new, {self.updated} repriced, "
              f"{self.unchanged} unchanged, {self.signed} already signed")
        if self.skipped_claimed:
            zh += f"；已被占用未改动 {len(self.skipped_claimed)}"
            en += f"; {len(self.skipped_claimed)} claimed units left as they are"
        return pick(zh, en)


class ImportRefused(DeskError):
    """The file has bad rows; nothing was imported. `report.errors` lists them."""

    exit_code = 2

    def __init__(self, report: ImportReport) -> None:
        n = len(report.errors)
        super().__init__(f"价目表有 {n} 行错误，未导入任何数据。",
                         f"The price list has {n} bad row(s); nothing was imported.")
        self.report = report


@dataclass
class ParsedUnit:
    row: int
    building: str
    entrance: str
    floor: int
    room: str
    code: str
    layout: str
    orientation: str
    usage: str
    gross_area: Decimal
    inner_area: Decimal | None
    unit_price: Decimal | None
    list_price: Decimal | None
    floor_price: Decimal | None
    sold: bool
    contract_no: str | None


# --- reading -----------------------------------------------------------------


def read_table(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Headings and (row number, cells) of the first sheet or the CSV file; a
    scraped list of inline `label, value` pairs is turned into a table."""
    numbered = read_rows(path)
    first = numbered[0][1]
    if _is_pairs_row(first):
        return _pairs_table(numbered)
    return first, numbered[1:]



_UNIT_TAILS = re.compile(r"(元/平方米|平方米|㎡|\(按建筑面积计\)|（按建筑面积计）)")


def _is_pairs_row(cells: list[str]) -> bool:
    """A scraped row of inline `label, value` pairs instead of a heading row."""
    labels = [c for c in cells if norm_heading(c) in _LOOKUP]
    return len(cells) >= 4 and norm_heading(cells[0]) in _LOOKUP and norm_heading(
        cells[1]) not in _LOOKUP and len(labels) >= 3


def _split_glued(cell: str) -> list[str]:
    """'46739元/平方米(按建筑面积计)楼层' -> ['46739', '楼层']; '建筑面积133.23平方米' ->
    ['建筑面积', '133.23']."""
    text = _UNIT_TAILS.sub("", cell).strip()
    if norm_heading(text) in _LOOKUP:
        return [text]
    number = re.compile(r"[\d.,\-]+")
    for label in sorted(_LOOKUP, key=len, reverse=True):
        if label.isascii() or len(label) < 2:
            continue
        if text.endswith(label) and number.fullmatch(text[: -len(label)].strip()):
            return [text[: -len(label)].strip(), label]
        if text.startswith(label) and number.fullmatch(text[len(label):]):
            return [label, text[len(label):]]
    return [text]


def _pairs_table(numbered: list[tuple[int, list[str]]]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    headings: list[str] = []
    dict_rows: list[tuple[int, dict[str, str]]] = []
    for n, cells in numbered:
        tokens = [t for c in cells for t in _split_glued(c)]
        values: dict[str, str] = {}
        i = 0
        while i < len(tokens) - 1:
            tok = tokens[i]
            if norm_heading(tok) in _LOOKUP and norm_heading(tokens[i + 1]) not in _LOOKUP:
                values.setdefault(tok, tokens[i + 1])  # the first of a repeated label wins
                if tok not in headings:
                    headings.append(tok)
                i += 2
            else:
                i += 1
        dict_rows.append((n, values))
    return headings, [(n, [v.get(h, "") for h in headings]) for n, v in dict_rows]


def map_columns(headings: list[str], overrides: dict[str, str] | None = None) -> dict[str, int]:
    """Field -> column index. `overrides` maps a heading to a field name."""
    mapping: dict[str, int] = {}
    overrides = overrides or {}
    for heading, fld in overrides.items():
        if fld not in FIELDS:
            raise InvalidInput(f"未知字段 {fld}（可选：{', '.join(FIELDS)}）",
                               f"Unknown field {fld} (one of: {', '.join(FIELDS)})", field="map")
        if heading not in headings:
            raise InvalidInput(f"文件中没有“{heading}”这一列。", f"The file has no column '{heading}'.",
                               field="map")
        mapping[fld] = headings.index(heading)
    for i, h in enumerate(headings):
        if h in overrides:
            continue
        known = _LOOKUP.get(norm_heading(h))
        if known and known not in mapping:
            mapping[known] = i
    return mapping


# --- checking ----------------------------------------------------------------


def _num(text: str) -> Decimal | None:
    t = text.replace(",", "").replace("，", "").strip()
    if t.lower() in BLANK:
        return None
    return Decimal(t)


def _room_floor(room: str) -> int | None:
    """Floor from a room number: '1502' -> 15, '32A' -> 32, 'A座2002' -> 20, '703' -> 7."""
    m = re.search(r"(\d+)([A-Za-z]*)$", room)
    if not m:
        return None
    digits, letters = m.group(1), m.group(2)
    if letters:
        return int(digits)
    return int(digits) // 100 if len(digits) >= 3 else None


def _short_building(name: str) -> str:
    return re.sub(r"(栋|座|幢|号楼|号)$", "", name) or name


def _common_prefix(names: Iterable[str]) -> str:
    names = list(names)
    if len(set(names)) < 2:
        return ""
    prefix = names[0]
    for n in names[1:]:
        while not n.startswith(prefix):
            prefix = prefix[:-1]
    return prefix


def parse(headings: list[str], rows: list[tuple[int, list[str]]],
          mapping: dict[str, int]) -> tuple[list[ParsedUnit], list[RowError]]:
    errors: list[RowError] = []
    for need in ("room", "gross_area"):
        if need not in mapping:
            zh, en = FIELDS[need]
            errors.append(RowError(1, need, f"找不到“{zh}”列（可用 --map 指定）",
                                   f"no '{en}' column (name it with --map)"))
    if "building" not in mapping and "entrance" not in mapping and "code" not in mapping:
        errors.append(RowError(1, "building", "找不到“楼栋”列", "no 'building' column"))
    if "unit_price" not in mapping and "list_price" not in mapping:
        errors.append(RowError(1, "unit_price", "找不到“单价”或“总价”列",
                               "no 'unit price' or 'total price' column"))
    if errors:
        return [], errors

    def get(cells: list[str], f: str) -> str:
        i = mapping.get(f)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    blds = [get(c, "building") for _, c in rows]
    prefix = _common_prefix(b for b in blds if b)
    entrance_is_building = len(set(blds)) <= 1 and len({get(c, "entrance") for _, c in rows}) > 1

    parsed: list[ParsedUnit] = []
    seen: dict[str, int] = {}
    for n, cells in rows:
        def bad(f: str | None, zh: str, en: str, n: int = n) -> None:
            errors.append(RowError(n, f, zh, en))

        building = get(cells, "building")
        if prefix and building.startswith(prefix) and len(building) > len(prefix):
            building = building[len(prefix):]
        entrance = get(cells, "entrance")
        entrance = "" if entrance.lower() in BLANK else entrance
        if entrance_is_building or (not building and entrance):
            building, entrance = entrance, ""
        room = get(cells, "room")
        if not building:
            bad("building", "缺少楼栋", "building missing")
        if not room:
            bad("room", "缺少房号", "room number missing")
            continue
        nums: dict[str, Decimal | None] = {}
        ok = True
        for f in ("gross_area", "inner_area", "unit_price", "list_price", "floor_price"):
            try:
                value = nums[f] = _num(get(cells, f))
            except InvalidOperation:
                zh, en = FIELDS[f]
                bad(f, f"{zh}“{get(cells, f)}”不是数字", f"{en} '{get(cells, f)}' is not a number")
                ok = False
                continue
            if value is not None and value <= 0:
                zh, en = FIELDS[f]
                bad(f, f"{zh}必须大于零", f"{en} must be above zero")
                ok = False
        if not ok:
            continue
        floor_text = get(cells, "floor")
        if floor_text and floor_text.lower() not in BLANK:
            m = re.fullmatch(r"-?\d+", floor_text.replace("层", "").replace("F", ""))
            if not m:
                bad("floor", f"楼层“{floor_text}”不是整数", f"floor '{floor_text}' is not a whole number")
                continue
            floor = int(m.group(0))
        else:
            derived = _room_floor(room)
            if derived is None:
                bad("floor", "缺少楼层，且无法从房号推出", "floor missing and not derivable from the room")
                continue
            floor = derived
        gross = nums["gross_area"]
        if gross is None:
            bad("gross_area", "缺少建筑面积", "gross area missing")
            continue
        inner = nums["inner_area"]
        if inner is not None and inner > gross:
            bad("inner_area", f"套内面积 {inner} 大于建筑面积 {gross}",
                f"inner area {inner} exceeds gross area {gross}")
            continue
        contract_text = get(cells, "contract_no")
        contract_no = None if contract_text.lower() in BLANK else contract_text
        status_text = get(cells, "sale_status")
        sold = contract_no is not None or any(w in status_text for w in SOLD_WORDS)
        unit_price, list_price = nums["unit_price"], nums["list_price"]
        if unit_price is None and list_price is None and not sold:
            bad("unit_price", "缺少单价和总价", "unit price and total price missing")
            continue
        if unit_price is not None and list_price is not None:
            # Totals are often rounded to the yuan, or the unit price derived from
            # the total and rounded to the fen: allow both roundings, no more.
            expected = gross * unit_price
            tolerance = Decimal(1) + gross * Decimal("0.005")
            if abs(list_price - expected) > tolerance:
                bad("list_price", f"总价 {list_price} 与 面积×单价 = {expected.quantize(CENT)} 不符",
                    f"total {list_price} differs from area × unit price = {expected.quantize(CENT)}")
                continue
        elif unit_price is not None:
            list_price = (gross * unit_price).quantize(CENT, ROUND_HALF_UP)
        elif list_price is not None:
            unit_price = (list_price / gross).quantize(CENT, ROUND_HALF_UP)
        code = get(cells, "code")
        if not code:
            parts = [_short_building(building), entrance, room]
            code = "-".join(p for p in parts if p)
        if len(code) > 40:
            bad("code", "房源编号太长（最多 40 个字符）", "unit code too long (40 at most)")
            continue
        if code in seen:
            bad("room", f"与第 {seen[code]} 行重复（{code}）", f"duplicate of row {seen[code]} ({code})")
            continue
        seen[code] = n
        parsed.append(ParsedUnit(
            row=n, building=building[:60], entrance=entrance[:20], floor=floor, room=room[:20],
            code=code, layout=get(cells, "layout")[:30], orientation=get(cells, "orientation")[:20],
            usage=get(cells, "usage")[:20], gross_area=gross.quantize(CENT, ROUND_HALF_UP),
            inner_area=None if inner is None else inner.quantize(CENT, ROUND_HALF_UP),
            unit_price=None if unit_price is None else unit_price.quantize(CENT, ROUND_HALF_UP),
            list_price=None if list_price is None else list_price.quantize(CENT, ROUND_HALF_UP),
            floor_price=nums["floor_price"], sold=sold, contract_no=contract_no,
        ))
    return parsed, errors


# --- writing -----------------------------------------------------------------


def import_file(uow: UnitOfWork, actor: Actor, project_id: int, path: Path,
                overrides: dict[str, str] | None = None) -> ImportReport:
    require(actor, "units.import")
    headings, rows = read_table(Path(path))
    mapping = map_columns(headings, overrides)
    report = ImportReport(rows=len(rows),
                          columns={f: headings[i] for f, i in sorted(mapping.items())})
    units, report.errors = parse(headings, rows, mapping)
    if report.errors:
        raise ImportRefused(report)
    apply(uow, actor, project_id, units, report)
    return report


def apply(uow: UnitOfWork, actor: Actor, project_id: int, units: list[ParsedUnit],
          report: ImportReport) -> None:
    now = uow.now
    buildings = {b.name: b for b in uow.execute(
        select(Building).where(Building.project_id == project_id)).scalars()}
    existing = {u.code: u for u in uow.execute(
        select(Unit).where(Unit.project_id == project_id)).scalars()}
    first = len(buildings)
    for i, name in enumerate(sorted({p.building for p in units} - set(buildings), key=natural_key)):
        buildings[name] = Building(project_id=project_id, name=name, sort=first + i + 1)
        uow.add(buildings[name])
    new_units: list[tuple[ParsedUnit, Unit]] = []
    for p in units:
        unit = existing.get(p.code)
        if unit is not None:
            if unit.status != UnitStatus.AVAILABLE:
                report.skipped_claimed.append(p.code)
                continue
            fields = ("layout", "orientation", "usage", "gross_area", "inner_area", "unit_price",
                      "list_price", "floor_price")
            if all(getattr(unit, f) == getattr(p, f) or not getattr(p, f) for f in fields):
                report.unchanged += 1
                continue
            old = unit.list_price
            for f in fields:
                if getattr(p, f) not in (None, ""):
                    setattr(unit, f, getattr(p, f))
            add_event(uow, unit, actor.id, UnitAction.REPRICE, UnitStatus.AVAILABLE, UnitStatus.AVAILABLE,
                      reason=f"{old} → {unit.list_price}", at=now)
            report.updated += 1
            continue
        unit = Unit(
            project_id=project_id, code=p.code, entrance=p.entrance,
            floor=p.floor, room=p.room, layout=p.layout, orientation=p.orientation,
            usage=p.usage, gross_area=p.gross_area, inner_area=p.inner_area,
            unit_price=p.unit_price, list_price=p.list_price, floor_price=p.floor_price,
            status=UnitStatus.SIGNED if p.sold else UnitStatus.AVAILABLE,
        )
        new_units.append((p, unit))
        report.created += 1
    uow.flush()  # building ids
    for p, unit in new_units:
        unit.building_id = buildings[p.building].id
        uow.add(unit)
    uow.flush()
    for p, unit in new_units:
        claim_id = None
        if p.sold:
            # Sold before this system: an active contract with no customer here.
            claim = Claim(project_id=project_id, unit_id=unit.id, kind=ClaimKind.CONTRACT,
                          state=ClaimState.ACTIVE, created_by=actor.id, created_at=now, started_at=now,
                          contract_number=p.contract_no, note="imported")
            uow.add(claim)
            uow.flush()
            claim_id = claim.id
            report.signed += 1
        add_event(uow, unit, actor.id, UnitAction.IMPORT, UnitStatus.AVAILABLE, unit.status,
                  claim_id=claim_id, at=now)
    uow.record(ChangeKind.UNITS)  # every unit may have changed
