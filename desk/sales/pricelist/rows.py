"""Checking each row of a price list and turning it into a unit to import.

Two shapes of list are read. A list with a building column (the bureau's
older tables, most developers' spreadsheets) names building, entrance, floor and
room in their own columns. A list without one (the published 一房一价 lists)
carries them all in the unit code, read by `desk.sales.unitcode`; the row's
remark may name the building the code leaves out (`B座住宅`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from desk.models.enums import UnitStatus
from desk.sales.pricelist.columns import FIELDS, RowError
from desk.sales.pricelist.statuses import BLANK, published_status
from desk.sales.unitcode import CodeProblem, UnitCode, parse_code

CENT = Decimal("0.01")
NO_BUILDING = "主楼"  # the one building of a list whose codes name none
MANY_REPEATS = 5  # repeated codes that point to buildings the codes do not name
# Beyond these a figure is a typing or scraping error, not a price list's.
LIMITS = {"gross_area": Decimal(100_000), "inner_area": Decimal(100_000),
          "unit_price": Decimal(10_000_000), "inner_price": Decimal(10_000_000),
          "list_price": Decimal(10_000_000_000), "floor_price": Decimal(10_000_000_000)}
NUMBERS = tuple(LIMITS)
# Remark words that are a use of the unit rather than a note.
_USES = re.compile(r"^(住宅|复式住宅|公寓|商务公寓|商业|商铺|办公|写字楼|产业研发|研发用房|车位|储藏室|厂房"
                   r"|宿舍)$")
_PLACE_WORDS = re.compile(r"[座栋幢区楼]|商铺|商业")  # a remark that may name where the unit is
_WING_PREFIX = re.compile(r"^([A-Z0-9一二三四五六七八九十]+[座栋]|裙楼)")


@dataclass(slots=True)
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
    status: UnitStatus = UnitStatus.AVAILABLE
    contract_no: str | None = None
    position: str = ""
    inner_price: Decimal | None = None
    floor_inferred: bool = False


class Rows:
    """Checks rows one at a time; `finish` settles what needs the whole list."""

    def __init__(self, headings: list[str], mapping: dict[str, int]) -> None:
        self.headings = headings
        self.mapping = mapping
        self.by_code = not ({"building", "entrance", "code"} & mapping.keys())
        self.units: list[ParsedUnit] = []
        self.errors: list[RowError] = []
        self.notices: list[RowError] = []

    def missing_columns(self) -> list[RowError]:
        out = []
        for need in ("room", "gross_area"):
            if need not in self.mapping:
                zh, en = FIELDS[need]
                out.append(RowError(1, need, f"找不到“{zh}”列：请指明哪一列是{zh}",
                                    f"no '{en}' column: say which column holds the {en}"))
        if "unit_price" not in self.mapping and "list_price" not in self.mapping:
            out.append(RowError(1, "unit_price", "找不到“单价”或“总价”列",
                                "no 'unit price' or 'total price' column"))
        return out

    def add(self, n: int, cells: list[str]) -> None:
        def get(f: str) -> str:
            i = self.mapping.get(f)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        def bad(f: str | None, zh: str, en: str) -> None:
            self.errors.append(RowError(n, f, zh, en))

        width = len(self.headings)
        absent = [f for f, i in self.mapping.items() if i >= len(cells)]
        if any(f in absent for f in ("room", "gross_area", "unit_price", "list_price", "sale_status")):
            bad(None, f"只有 {len(cells)} 个字段（应有 {width} 个），无法读取",
                f"only {len(cells)} field(s) where {width} are expected; the row cannot be read")
            return
        nums: dict[str, Decimal | None] = {}
        for f in NUMBERS:
            text = get(f)
            try:
                nums[f] = value = number(text)
            except (InvalidOperation, ValueError):
                zh, en = FIELDS[f]
                hint_zh, hint_en = ("（字段错位？）", " (fields shifted?)") if is_word(text) else ("", "")
                bad(f, f"{zh}“{text[:20]}”不是数字{hint_zh}", f"{en} '{text[:20]}' is not a number{hint_en}")
                return
            if value is not None and value <= 0:
                zh, en = FIELDS[f]
                bad(f, f"{zh}必须大于零", f"{en} must be above zero")
                return
            if value is not None and value > LIMITS[f]:
                zh, en = FIELDS[f]
                bad(f, f"{zh} {text[:20]} 大得不合理", f"{en} {text[:20]} is implausibly large")
                return
        status_text = get("sale_status")
        status = published_status(status_text)
        contract_no = None if get("contract_no").lower() in BLANK else get("contract_no")[:60]
        if status is None:
            bad("sale_status", f"不认识的销售状态“{status_text[:20]}”",
                f"unknown sale status '{status_text[:20]}'")
            return
        if contract_no and status == UnitStatus.AVAILABLE:
            status = UnitStatus.SIGNED  # the older tables mark a sale by its contract number only
        placed = self._place(n, get, bad)
        if placed is None:
            return
        building, entrance, floor, room, position, code, inferred = placed
        gross = nums["gross_area"]
        if gross is None:
            bad("gross_area", "缺少建筑面积", "gross area missing")
            return
        inner = nums["inner_area"]
        if inner is not None and inner > gross:
            bad("inner_area", f"套内面积 {inner} 大于建筑面积 {gross}",
                f"inner area {inner} exceeds gross area {gross}")
            return
        if nums["unit_price"] is None and nums["list_price"] is None and status == UnitStatus.AVAILABLE:
            bad("unit_price", "缺少单价和总价", "unit price and total price missing")
            return
        usage = get("usage")
        remark = get("remark")
        if not usage and remark:
            rest = _WING_PREFIX.sub("", remark)
            usage = rest if _USES.match(rest) else ""
        self.units.append(ParsedUnit(
            row=n, building=building[:60], entrance=entrance[:20], floor=floor, room=room[:20],
            code=code, layout=get("layout")[:30], orientation=get("orientation")[:20],
            usage=usage[:20], gross_area=gross, inner_area=inner,
            unit_price=nums["unit_price"], list_price=nums["list_price"],
            floor_price=nums["floor_price"], status=status, contract_no=contract_no,
            position=position[:20], inner_price=nums["inner_price"], floor_inferred=inferred))

    def _place(self, n: int, get: Callable[[str], str], bad: Callable[[str | None, str, str], None]
               ) -> tuple[str, str, int, str, str, str, bool] | None:
        """Building, entrance, floor, room, position, code, whether the floor was inferred."""
        room = get("room")
        if not room:
            bad("room", "缺少房号", "room number missing")
            return None
        floor_text = get("floor")
        floor_given: int | None = None
        if floor_text and floor_text.lower() not in BLANK:
            m = re.fullmatch(r"-?\d+", floor_text.replace("层", "").replace("F", ""))
            if not m:
                bad("floor", f"楼层“{floor_text[:20]}”不是整数",
                    f"floor '{floor_text[:20]}' is not a whole number")
                return None
            floor_given = int(m.group(0))
        parsed = parse_code(room, get("remark"))
        if self.by_code:
            if isinstance(parsed, CodeProblem):
                bad("room", parsed.zh, parsed.en)
                return None
            building = parsed.building_name or NO_BUILDING
            code = room
            remark = get("remark")
            if parsed.building_name and _PLACE_WORDS.search(remark):
                # A building taken from the remark ('B座住宅') goes into the code,
                # so that the code alone names the unit on a slip.
                bare = parse_code(room)
                if not isinstance(bare, UnitCode) or bare.building_name != parsed.building_name:
                    code = parsed.building_name + room
            floor = parsed.floor if floor_given is None else floor_given
            if floor_given is not None and not parsed.floor_inferred and floor_given != parsed.floor:
                bad("floor", f"楼层 {floor_given} 与房号“{room}”中的 {parsed.floor} 层不符",
                    f"floor {floor_given} differs from floor {parsed.floor} in the code '{room}'")
                return None
            if len(code) > 40:
                bad("room", "房号太长（最多 40 个字符）", "unit code too long (40 at most)")
                return None
            return (building, parsed.group, floor, parsed.room, parsed.position, code,
                    parsed.floor_inferred and floor_given is None)
        building = get("building")
        entrance = get("entrance")
        entrance = "" if entrance.lower() in BLANK else entrance
        if not building and not entrance:
            bad("building", "缺少楼栋", "building missing")
            return None
        position = ""
        if isinstance(parsed, UnitCode):
            position = parsed.position
        if floor_given is not None:
            floor = floor_given
        elif isinstance(parsed, UnitCode):
            floor = parsed.floor
        else:
            bad("floor", f"缺少楼层，且无法从房号推出：{parsed.zh}",
                f"floor missing and not derivable from the room: {parsed.en}")
            return None
        code = get("code")
        if len(code) > 40:
            bad("code", "房源编号太长（最多 40 个字符）", "unit code too long (40 at most)")
            return None
        return building, entrance, floor, room, position, code, False


    def finish(self) -> None:
        """Name buildings and codes the way the whole list shows them, then refuse
        duplicate codes (every row of a duplicate is reported)."""
        if not self.by_code:
            self._name_by_columns()
        seen: dict[str, int] = {}
        kept = []
        repeated = 0
        for u in self.units:
            if u.code in seen:
                repeated += 1
                self.errors.append(RowError(u.row, "room", f"与第 {seen[u.code]} 行重复（{u.code}）",
                                            f"duplicate of row {seen[u.code]} ({u.code})"))
                continue
            seen[u.code] = u.row
            kept.append(u)
        sold: dict[str, int] = {}  # one contract sells one unit
        for u in list(kept):
            if not u.contract_no:
                continue
            if u.contract_no in sold:
                self.errors.append(RowError(
                    u.row, "contract_no", f"合同号 {u.contract_no} 与第 {sold[u.contract_no]} 行相同",
                    f"contract number {u.contract_no} is the same as row {sold[u.contract_no]}'s"))
                kept.remove(u)
                continue
            sold[u.contract_no] = u.row
        self.units = kept
        if self.by_code and repeated >= MANY_REPEATS and {u.building for u in kept} == {NO_BUILDING}:
            # The codes of several buildings, none naming its building: which
            # row is in which building cannot be told from the file.
            self.errors.insert(0, RowError(
                1, "building", f"有 {repeated} 个房号重复，而房号中没有楼栋：这份价目表似乎包含多栋楼。"
                "请在文件中加一列“楼栋”后再导入",
                f"{repeated} unit codes repeat and the codes name no building: the list seems to "
                "hold several buildings. Add a 'building' column to the file and import it again"))

    def _name_by_columns(self) -> None:
        """A building column often repeats the project's name ('京基御景半山花园17栋'):
        the common prefix goes. A list whose building column is one value and whose
        entrance column varies names its buildings by the entrance."""
        names = {u.building for u in self.units}
        prefix = _common_prefix(sorted(n for n in names if n))
        entrance_is_building = len(names) <= 1 and len({u.entrance for u in self.units}) > 1
        for u in self.units:
            if prefix and u.building.startswith(prefix) and len(u.building) > len(prefix):
                u.building = u.building[len(prefix):]
            if entrance_is_building or (not u.building and u.entrance):
                u.building, u.entrance = u.entrance, ""
            if not u.code:
                parts = [_short_building(u.building), u.entrance, u.room]
                u.code = "-".join(p for p in parts if p)[:40]


def _short_building(name: str) -> str:
    return re.sub(r"(栋|座|幢|号楼|号)$", "", name) or name


def _common_prefix(names: list[str]) -> str:
    if len(names) < 2:
        return ""
    prefix = names[0]
    for n in names[1:]:
        while not n.startswith(prefix):
            prefix = prefix[:-1]
    return prefix


def number(text: str) -> Decimal | None:
    """A figure as typed ('1,234.50'); None when blank. Raises on anything else,
    NaN and infinities included."""
    t = text.replace(",", "").replace("，", "").replace("¥", "").strip()
    if t.lower() in BLANK:
        return None
    value = Decimal(t)
    if not value.is_finite():
        raise ValueError(t)
    return value


def is_word(text: str) -> bool:
    """Chinese text where a figure belongs: most likely another column's value."""
    return bool(re.search(r"[\u4e00-\u9fff]", text))


def quantize(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT, ROUND_HALF_UP)
