"""What an import would do, worked out before anything is written.

`read_plan` reads and checks the whole file; the preview shows the plan and the
import writes it, so both say the same thing about the same file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from desk.core.errors import pick
from desk.models.enums import UnitStatus
from desk.sales import price_rules
from desk.sales.price_rules import PriceRow, PriceRule
from desk.sales.pricelist.columns import RowError, map_columns
from desk.sales.pricelist.rows import CENT, ParsedUnit, Rows, quantize
from desk.sales.pricelist.table import check_run_across, read_table
from desk.sales.unitcode import name_key

MAX_SHOWN = 2000  # problem rows kept for the preview; the count is always exact
# A total further than this from area × unit price, following no convention, is a
# wrong figure (a typo, a shifted field) rather than a published rounding.
GROSS_GAP = Decimal("0.01")


@dataclass(frozen=True)
class BuildingShape:
    """One building as the import would lay it out in the grid."""

    name: str
    groups: list[str]
    floors: int
    lowest: int
    highest: int
    units: int
    per_floor: int  # the most units on one floor


@dataclass
class ImportPlan:
    file: str
    headings: list[str] = field(default_factory=list)
    mapping: dict[str, int] = field(default_factory=dict)  # field -> column index
    by_code: bool = False  # building and floor read from the unit code
    rows: int = 0
    units: list[ParsedUnit] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)  # any one refuses the import
    notices: list[RowError] = field(default_factory=list)  # imported as shown, but worth a look
    error_count: int = 0
    rebuilt: int = 0  # records rebuilt from lines that ran across
    rule: PriceRule | None = None
    rule_followed: int = 0
    rule_priced: int = 0
    structure: list[BuildingShape] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)
    # Against the project as it is now (filled by `preview`):
    new: int = 0
    repriced: int = 0
    unchanged: int = 0
    claimed: int = 0

    @property
    def columns(self) -> dict[str, str]:
        return {f: self.headings[i] for f, i in sorted(self.mapping.items())}

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.units)

    def summary_lines(self) -> list[str]:
        """The preview in words, as the CLI's --dry-run prints it."""
        out = []
        fields = "，".join(f"{h}→{f}" for f, h in self.columns.items())
        out.append(pick(f"列：{fields}", f"columns: {fields}"))
        out.append(pick(f"{self.rows} 行，{len(self.units)} 套可导入，{self.error_count} 行有错",
                        f"{self.rows} rows, {len(self.units)} units to import, "
                        f"{self.error_count} bad row(s)"))
        if self.rebuilt:
            out.append(pick(f"记录跨行错位，已逐条重建 {self.rebuilt} 条（见下）",
                            f"records ran across lines: {self.rebuilt} rebuilt (listed below)"))
        n_floors = sum(b.floors for b in self.structure)
        out.append(pick(f"{len(self.structure)} 栋楼，共 {n_floors} 个楼层",
                        f"{len(self.structure)} building(s), {n_floors} floors in all"))
        for b in self.structure:
            groups = "、".join(g for g in b.groups if g)
            out.append(pick(
                f"  {b.name}：{b.lowest}–{b.highest} 层（{b.floors} 层），{b.units} 套，"
                f"每层最多 {b.per_floor} 套"
                + (f"，{groups}" if groups else ""),
                f"  {b.name}: floors {b.lowest}–{b.highest} ({b.floors}), {b.units} units, "
                f"up to {b.per_floor} a floor" + (f", {groups}" if groups else "")))
        from desk.core.labels import status_name

        statuses = "，".join(f"{status_name(s)} {n}" for s, n in self.by_status.items())
        out.append(pick(f"状态：{statuses}", f"statuses: {statuses}"))
        out.append(rule_line(self))
        out.append(pick(f"与项目现有房源相比：新增 {self.new}，调价 {self.repriced}，未变 {self.unchanged}，"
                        f"已被占用不改 {self.claimed}",
                        f"against the project: {self.new} new, {self.repriced} repriced, "
                        f"{self.unchanged} unchanged, {self.claimed} claimed left as they are"))
        return out


def rule_line(plan: ImportPlan) -> str:
    if plan.rule is None:
        return pick(f"计价规则：未能确定（{plan.rule_priced} 行有价格）",
                    f"pricing convention: none found ({plan.rule_priced} priced rows)")
    zh, en = price_rules.NAMES[plan.rule]
    return pick(f"计价规则：{zh}（{plan.rule_followed}/{plan.rule_priced} 行符合）",
                f"pricing convention: {en} ({plan.rule_followed}/{plan.rule_priced} rows follow it)")


def read_plan(path: Path, overrides: dict[str, str] | None = None,
              stored_rule: PriceRule | None = None) -> ImportPlan:
    """Read and check the whole file; nothing is written."""
    plan = ImportPlan(file=Path(path).name)
    table = read_table(Path(path))
    plan.headings = table.headings
    if not table.headings:
        plan.errors.append(RowError(1, None, "文件是空的，没有房源", "the file is empty: no units"))
        plan.error_count = 1
        return plan
    plan.mapping = map_columns(table.headings, overrides)
    checker = Rows(table.headings, plan.mapping)
    plan.by_code = checker.by_code
    missing = checker.missing_columns()
    if missing:
        plan.errors = missing
        plan.error_count = len(missing)
        return plan
    table = check_run_across(table, plan.mapping.get("sale_status"))
    if table.refusal:
        plan.errors.append(table.refusal)
        plan.error_count = 1
        return plan
    for n, cells in table.rows:
        plan.rows += 1
        checker.add(n, cells)
    checker.finish()
    plan.rebuilt = len(table.rebuilt)
    plan.notices.extend(table.rebuilt)
    _prices(plan, checker, stored_rule)
    plan.units = checker.units
    for u in plan.units:
        if u.floor_inferred and u.room == u.position:  # no floor in the code at all: assumed
            plan.notices.append(RowError(u.row, "floor", f"“{u.code}”按 {u.floor} 层导入（房号未写楼层）",
                                         f"'{u.code}' imported on floor {u.floor} (the code names none)"))
    plan.error_count = len(checker.errors)
    plan.errors = sorted(checker.errors, key=lambda e: e.row)[:MAX_SHOWN]
    plan.notices.sort(key=lambda e: e.row)
    if plan.rows == 0:
        plan.errors.append(RowError(1, None, "文件只有表头，没有房源",
                                    "the file has only a header: no units"))
        plan.error_count += 1
    plan.structure = shape(plan.units)
    counts = Counter(u.status.value for u in plan.units)
    plan.by_status = {s.value: counts[s.value] for s in UnitStatus if counts[s.value]}
    return plan


def _prices(plan: ImportPlan, checker: Rows, stored_rule: PriceRule | None) -> None:
    """Find the list's pricing convention, complete the missing figure of each row
    by it, and report rows whose total follows no convention."""
    priced = [u for u in checker.units if u.list_price is not None
              and (u.unit_price is not None or u.inner_price is not None)]
    found = price_rules.detect([_row(u) for u in priced])
    plan.rule = found.rule or stored_rule
    plan.rule_followed, plan.rule_priced = found.followed, found.rows
    rule = plan.rule
    kept = []
    for u in checker.units:
        if u.list_price is not None and u.unit_price is not None:
            row = _row(u)
            if rule is None or not price_rules.follows(rule, row):
                other = next((r for r in price_rules.PriceRule if price_rules.follows(r, row)), None)
                expected = (u.gross_area * u.unit_price).quantize(CENT)
                if other is None and abs(u.list_price - expected) > u.list_price * GROSS_GAP:
                    checker.errors.append(RowError(
                        u.row, "list_price", f"总价 {u.list_price} 与 面积×单价 = {expected} 不符",
                        f"total {u.list_price} differs from area × unit price = {expected}"))
                    continue
                if other is not None and rule is not None:
                    zh, en = price_rules.NAMES[other]
                    plan.notices.append(RowError(
                        u.row, "list_price", f"总价 {u.list_price} 按“{zh}”计算，与本表其余各行不同",
                        f"total {u.list_price} follows '{en}', unlike the rest of the list"))
                elif other is None:
                    plan.notices.append(RowError(
                        u.row, "list_price", f"总价 {u.list_price} 不符合任何计价规则"
                        f"（面积×单价 = {expected}），按表中总价导入",
                        f"total {u.list_price} follows no pricing convention (area × unit price = "
                        f"{expected}); imported as given"))
        elif u.unit_price is not None:
            u.list_price = price_rules.total_for(rule or PriceRule.GROSS_FEN, u.gross_area, u.unit_price,
                                                 u.inner_area, u.inner_price)
        elif u.list_price is not None:
            u.unit_price = price_rules.unit_price_for(rule or PriceRule.TOTAL, u.gross_area,
                                                      u.list_price, u.inner_area)
        u.gross_area = quantize(u.gross_area) or u.gross_area
        u.inner_area, u.unit_price = quantize(u.inner_area), quantize(u.unit_price)
        u.list_price, u.floor_price = quantize(u.list_price), quantize(u.floor_price)
        kept.append(u)
    checker.units = kept


def _row(u: ParsedUnit) -> PriceRow:
    return PriceRow(gross_area=u.gross_area, unit_price=u.unit_price, inner_area=u.inner_area,
                    inner_price=u.inner_price, total=u.list_price)


def shape(units: list[ParsedUnit]) -> list[BuildingShape]:
    by: dict[str, list[ParsedUnit]] = {}
    for u in units:
        by.setdefault(u.building, []).append(u)
    out = []
    for name in sorted(by, key=name_key):
        us = by[name]
        per_floor = Counter(u.floor for u in us)
        out.append(BuildingShape(
            name=name, groups=sorted({u.entrance for u in us}, key=name_key), floors=len(per_floor),
            lowest=min(per_floor), highest=max(per_floor), units=len(us),
            per_floor=max(per_floor.values())))
    return out

