"""A report as an Excel workbook: one sheet per table, figures as numbers with
the number formats of their kind, so the manager can go on calculating.

Money is handed to openpyxl as the Decimal itself; it writes the number with 16
significant digits ("1234.5" for Decimal("1234.50")), so every amount below a
hundred trillion yuan reaches the file exact to the fen, and Excel reads it as
it reads a typed figure."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desk.core.errors import pick
from desk.reporting.cells import shown, text_width
from desk.reporting.files import write_atomically
from desk.reporting.model import Chart, ChartKind, Kind, Report, Table, Value

FORMATS = {
    Kind.COUNT: "#,##0",
    Kind.MONEY: "#,##0.00",
    Kind.PERCENT: "0.0%",
    Kind.DECIMAL: "#,##0.0#",
    Kind.DATE: "yyyy-mm-dd",
    Kind.TEXT: "General",
}
HEADER_FILL = PatternFill("solid", start_color="FFDDE4EC", end_color="FFDDE4EC")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER_ROW = 3  # title, period line, then the header
MAX_WIDTH = 60
# Excel refuses these in a sheet's name, and names longer than 31 characters.
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(title: str, taken: set[str]) -> str:
    """A name Excel accepts, unique in the workbook (case-insensitively, as
    Excel compares them)."""
    base = _FORBIDDEN.sub("_", title).strip("'").strip() or "Sheet"
    name, n = base[:31], 1
    while name.lower() in taken:
        n += 1
        suffix = f" ({n})"
        name = base[:31 - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def _written(value: Value, kind: Kind) -> str:
    """A value roughly as Excel shows it under its format, to size the column."""
    if value is None:
        return ""
    if kind is Kind.MONEY:
        return f"{value:,.2f}"
    if kind is Kind.PERCENT:
        return f"{float(value) * 100:.1f}%" if not isinstance(value, (str, date)) else str(value)
    if kind is Kind.COUNT and isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _fill_sheet(ws: Worksheet, report: Report, table: Table) -> None:
    columns = shown(table)
    ws.cell(1, 1, f"{report.title} · {table.title}").font = TITLE
    ws.cell(2, 1, pick(f"期间：{report.start} 至 {report.end}",
                       f"Period: {report.start} to {report.end}"))
    widths = [text_width(c.title) for _, c in columns]
    for j, (_, col) in enumerate(columns, start=1):
        cell = ws.cell(HEADER_ROW, j, col.title)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    rows = [(row, False) for row in table.rows]
    if table.total is not None:
        rows.append((table.total, True))
    for i, (row, total) in enumerate(rows, start=HEADER_ROW + 1):
        for j, (pos, col) in enumerate(columns, start=1):
            value = row[pos]
            cell = ws.cell(i, j, value)
            if value is not None and col.kind is not Kind.TEXT and not isinstance(value, str):
                cell.number_format = FORMATS[col.kind]
            if total:
                cell.font = BOLD
            widths[j - 1] = max(widths[j - 1], text_width(_written(value, col.kind)))
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(MAX_WIDTH, width + 2)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"  # the title and the header stay in view


def _add_chart(ws: Worksheet, chart: Chart, top: int) -> int:
    """The chart's data at row `top` (category, then a column per series) and a
    native Excel chart beside it; the next free row."""
    ws.cell(top, 1, chart.title).font = BOLD
    head = top + 1
    ws.cell(head, 1, "")
    for j, series in enumerate(chart.series, start=2):
        ws.cell(head, j, series.name).font = BOLD
    for i, category in enumerate(chart.categories, start=head + 1):
        ws.cell(i, 1, category)
        for j, series in enumerate(chart.series, start=2):
            cell = ws.cell(i, j, series.values[i - head - 1])
            cell.number_format = "0.0%" if chart.percent else "#,##0.##"
    last = head + len(chart.categories)
    if chart.categories and chart.series:
        native = BarChart() if chart.kind is ChartKind.BAR else LineChart()
        native.title = chart.title
        native.add_data(Reference(ws, min_col=2, max_col=1 + len(chart.series), min_row=head,
                                  max_row=last), titles_from_data=True)
        native.set_categories(Reference(ws, min_col=1, min_row=head + 1, max_row=last))
        if chart.percent:
            native.y_axis.number_format = "0%"
        native.x_axis.delete = native.y_axis.delete = False  # else recent Excel hides the axes
        native.width, native.height = 18, 8
        ws.add_chart(native, f"{get_column_letter(len(chart.series) + 3)}{top}")
    return max(last, top + 16) + 2


def workbook(report: Report) -> Workbook:
    wb = Workbook()
    first = wb.active
    assert first is not None  # a new workbook has its one sheet
    wb.remove(first)
    taken: set[str] = set()
    for table in report.tables:
        _fill_sheet(wb.create_sheet(sheet_title(table.title, taken)), report, table)
    if report.charts:
        ws = wb.create_sheet(sheet_title(pick("图表", "Charts"), taken))
        top = 1
        for chart in report.charts:
            top = _add_chart(ws, chart, top)
        ws.column_dimensions["A"].width = 14
    if not wb.worksheets:  # a workbook needs a sheet
        wb.create_sheet(sheet_title(report.title, taken)).cell(1, 1, report.title)
    return wb


def write(report: Report, path: Path) -> None:
    """Write the workbook to `path` whole, or refuse (InvalidInput, field "path")."""
    book = workbook(report)
    write_atomically(Path(path), lambda temp: book.save(temp))
