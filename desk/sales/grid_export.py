"""The sales-control grid as an .xlsx workbook: one coloured grid sheet per
building, and a list of every unit."""

from __future__ import annotations

import itertools
from pathlib import Path

from desk.core.errors import pick
from desk.core.labels import status_name
from desk.sales.units import UnitRow

FILLS = {"available": "DFF3E4", "held": "FFF1C1", "subscribed": "FFD8A8", "signed": "F6C1C1",
         "withheld": "D9DDE3"}


def write_xlsx(rows: list[UnitRow], path: Path, project_name: str) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.worksheet import Worksheet

    wb = Workbook()
    listing = wb.active
    assert isinstance(listing, Worksheet)  # a new workbook starts with one worksheet
    listing.title = pick("房源清单", "Units")
    head = pick("房号 楼栋 单元 楼层 房间 户型 朝向 用途 建筑面积 套内面积 单价 总价 状态 客户 "
                "置业顾问 合同号",
                "code building entrance floor room layout orientation use gross_area inner_area "
                "unit_price list_price status customer rep contract").split()
    listing.append(head)
    for c in listing[1]:
        c.font = Font(bold=True)
    for r in rows:
        listing.append([
            r.code, r.building, r.entrance, r.floor, r.room, r.layout, r.orientation, r.usage,
            float(r.gross_area), None if r.inner_area is None else float(r.inner_area),
            None if r.unit_price is None else float(r.unit_price),
            None if r.list_price is None else float(r.list_price), status_name(r.status),
            r.customer or "", r.rep or "", r.contract_number or "",
        ])
    listing.freeze_panes = "A2"

    from desk.sales.grid_layout import grid_layout, group_starts, has_groups

    for building, (floors, columns, cells) in grid_layout(rows).items():
        ws = wb.create_sheet(building[:31])
        ws.cell(1, 1, f"{project_name} {building}").font = Font(bold=True, size=13)
        # As on screen: the groups (entrances, wings) in a row above the positions.
        top = 3 if has_groups(columns) else 2
        for j, col in enumerate(columns):
            ws.cell(top, j + 2, col.position).font = Font(bold=True)
            ws.column_dimensions[ws.cell(top, j + 2).column_letter].width = 16
        if top == 3:
            starts = [0, *sorted(group_starts(columns)), len(columns)]
            for first, end in itertools.pairwise(starts):
                ws.cell(2, first + 2, columns[first].group).font = Font(bold=True)
                ws.cell(2, first + 2).alignment = Alignment(horizontal="center")
                if end - first > 1:
                    ws.merge_cells(start_row=2, start_column=first + 2, end_row=2, end_column=end + 1)
        for i, floor in enumerate(floors):
            ws.cell(i + top + 1, 1, f"{floor}F").font = Font(bold=True)
            for j, _ in enumerate(columns):
                unit = cells.get((i, j))
                if unit is None:
                    continue
                price = "" if unit.list_price is None else f"{unit.list_price / 10000:,.1f}万"
                c = ws.cell(i + top + 1, j + 2, f"{unit.room} {status_name(unit.status)}\n"
                                                f"{unit.layout} {unit.gross_area}㎡\n{price}")
                c.fill = PatternFill("solid", fgColor=FILLS[unit.status])
                c.alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[i + top + 1].height = 45
    wb.save(path)
    return path
