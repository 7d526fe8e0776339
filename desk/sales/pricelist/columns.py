"""The fields a price list can hold and the headings that name them.

Headings are recognised by themselves (including those of the Shenzhen housing
bureau's published tables); a user's `overrides` map any other heading, or tell
a recognised one to be ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desk.core.errors import InvalidInput, pick
from desk.core.spreadsheet import Row, norm_heading

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
    "inner_price": ("套内单价", "inner unit price"),
    "list_price": ("总价", "total price"),
    "floor_price": ("底价", "floor price"),
    "contract_no": ("合同号", "contract no."),
    "sale_status": ("销售状态", "sale status"),
    "remark": ("备注", "remark"),
}
IGNORE = "-"  # an override that leaves a column out

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
    "inner_price": ["套内面积单价", "套内单价", "户内面积单价", "innerprice"],
    "list_price": ["总价", "拟售总价", "房屋总价", "销售总价", "备案总价", "总售价", "总房款", "totalprice",
                   "listprice"],
    "floor_price": ["底价", "最低价", "floorprice"],
    "contract_no": ["合同号", "合同编号", "网签合同号", "contractno"],
    "sale_status": ["状态", "销售状态", "销售状况", "salestatus", "status"],
    "remark": ["备注", "说明", "remark", "note"],
}
LOOKUP = {name: f for f, names in SYNONYMS.items() for name in names}


@dataclass(frozen=True, slots=True)
class RowError:
    """One thing wrong (or worth saying) about one row of the file."""

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


def map_columns(headings: list[str], overrides: dict[str, str] | None = None) -> dict[str, int]:
    """Field -> column index. `overrides` maps a heading to a field name, or to
    IGNORE to leave a recognised column out."""
    mapping: dict[str, int] = {}
    overrides = overrides or {}
    for heading, fld in overrides.items():
        if fld != IGNORE and fld not in FIELDS:
            raise InvalidInput(f"未知字段 {fld}（可选：{', '.join(FIELDS)}）",
                               f"Unknown field {fld} (one of: {', '.join(FIELDS)})", field="map")
        if heading not in headings:
            raise InvalidInput(f"文件中没有“{heading}”这一列。", f"The file has no column '{heading}'.",
                               field="map")
        if fld != IGNORE:
            mapping[fld] = headings.index(heading)
    for i, h in enumerate(headings):
        if h in overrides:
            continue
        known = LOOKUP.get(norm_heading(h))
        if known and known not in mapping:
            mapping[known] = i
    return mapping


# --- scraped tables of inline `label, value` pairs ------------------------------

_UNIT_TAILS = re.compile(r"(元/平方米|平方米|㎡|\(按建筑面积计\)|（按建筑面积计）)")
_NUMBER = re.compile(r"[\d.,\-]+")


def is_pairs_row(cells: list[str]) -> bool:
    """A scraped row of inline `label, value` pairs instead of a heading row."""
    labels = [c for c in cells if norm_heading(c) in LOOKUP]
    return len(cells) >= 4 and norm_heading(cells[0]) in LOOKUP and norm_heading(
        cells[1]) not in LOOKUP and len(labels) >= 3


def _split_glued(cell: str) -> list[str]:
    """'46739元/平方米(按建筑面积计)楼层' -> ['46739', '楼层']; '建筑面积133.23平方米' ->
    ['建筑面积', '133.23']."""
    text = _UNIT_TAILS.sub("", cell).strip()
    if norm_heading(text) in LOOKUP:
        return [text]
    for label in sorted(LOOKUP, key=len, reverse=True):
        if label.isascii() or len(label) < 2:
            continue
        if text.endswith(label) and _NUMBER.fullmatch(text[: -len(label)].strip()):
            return [text[: -len(label)].strip(), label]
        if text.startswith(label) and _NUMBER.fullmatch(text[len(label):]):
            return [label, text[len(label):]]
    return [text]


def pairs_table(numbered: list[Row]) -> tuple[list[str], list[Row]]:
    """Headings and rows of a table scraped as `label, value` pairs per row."""
    headings: list[str] = []
    dict_rows: list[tuple[int, dict[str, str]]] = []
    for n, cells in numbered:
        tokens = [t for c in cells for t in _split_glued(c)]
        values: dict[str, str] = {}
        i = 0
        while i < len(tokens) - 1:
            tok = tokens[i]
            if norm_heading(tok) in LOOKUP and norm_heading(tokens[i + 1]) not in LOOKUP:
                values.setdefault(tok, tokens[i + 1])  # the first of a repeated label wins
                if tok not in headings:
                    headings.append(tok)
                i += 2
            else:
                i += 1
        dict_rows.append((n, values))
    return headings, [(n, [v.get(h, "") for h in headings]) for n, v in dict_rows]
