"""A report as a PDF to print for a meeting: its tables (header repeated on
every page, figures right-aligned, the total row bold) and its charts, drawn
with ReportLab's own graphics in the embedded Chinese font, so the file reads
the same on a PC without any Chinese font.

A report whose tables are too wide for A4 upright is laid out on A4 landscape;
in the weekly pack every report starts a page of its own orientation."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus import Table as PdfTable

from desk.core.errors import pick
from desk.documents.pdf.fonts import register
from desk.documents.pdf.styles import GREY, INK, LINE, grid, stylesheet
from desk.documents.pdf.template import MARGIN, PagedCanvas, body_frame, content_width
from desk.reporting.cells import NUMERIC, percent_label, shown, text
from desk.reporting.files import write_atomically
from desk.reporting.model import Chart, ChartKind, Kind, Report, Table

PORTRAIT = A4
LANDSCAPE = landscape(A4)
SIZES = (9.0, 8.0, 7.0, 6.5)  # font sizes tried, largest first, until a table fits
PAD = 4.0  # a cell's padding, each side
CHART_HEIGHT = 210
# One colour per series, distinct in print and on a grey-scale copier.
PALETTE = [colors.HexColor(c) for c in ("#3b6ea8", "#e08a2e", "#4f9d69", "#b8475b",
                                        "#7a5aa6", "#8c8c8c")]
_WORD = re.compile(r"[A-Za-z0-9%.,()/+\-]+|\S")


@dataclass
class Section:
    """One report's pages: what flows onto them and the orientation they need."""

    flowables: list[Flowable] = field(default_factory=list)
    wide: bool = False


# --- tables -------------------------------------------------------------------


class _Strong(Flowable):
    """A cell's text drawn filled and outlined: the embedded font has no bold
    face, and a total row must stand out."""

    def __init__(self, content: str, size: float, right: bool) -> None:
        super().__init__()
        self.content, self.size, self.right = content, size, right
        self.avail = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.avail = availWidth
        return availWidth, self.size * 1.25

    def draw(self) -> None:
        font = register()
        c = self.canv
        width = stringWidth(self.content, font, self.size)
        x = self.avail - width if self.right else 0.0
        c.saveState()
        c.setFillColor(INK)
        c.setStrokeColor(INK)
        c.setLineWidth(self.size * 0.04)
        t = c.beginText(x, self.size * 0.3)
        t.setFont(font, self.size)
        t.setTextRenderMode(2)
        t.textOut(self.content)
        c.drawText(t)
        c.restoreState()


def _style(size: float, centred: bool = False) -> ParagraphStyle:
    return ParagraphStyle(f"cell{size}{centred}", parent=stylesheet()["body"], fontSize=size,
                          leading=size * 1.25, alignment=TA_CENTER if centred else 0)


def _width(s: str, size: float) -> float:
    return stringWidth(s, register(), size)


def _lines(table: Table) -> list[tuple[list[str], bool]]:
    rows = [([text(r[i], c.kind) for i, c in shown(table)], False) for r in table.rows]
    if table.total is not None:
        rows.append(([text(table.total[i], c.kind) for i, c in shown(table)], True))
    return rows


def _widths(table: Table, size: float) -> tuple[list[float], list[float]]:
    """Each shown column's natural width (nothing wrapped) and least width (the
    header wrapped at words or between CJK characters, text cells at 8 characters;
    figures never wrap)."""
    natural, least = [], []
    lines = _lines(table)
    for j, (_, col) in enumerate(shown(table)):
        cells = [_width(cells[j], size) for cells, _ in lines] or [0.0]
        head = _width(col.title, size)
        head_least = min(head, max([_width(w, size) for w in _WORD.findall(col.title)] or [0.0])
                         + size)
        cell_least = min(max(cells), 8 * size) if col.kind is Kind.TEXT else max(cells)
        natural.append(max(head, max(cells)) + 2 * PAD + 1)
        least.append(max(head_least, cell_least) + 2 * PAD + 1)
    return natural, least


def is_wide(table: Table) -> bool:
    natural, _ = _widths(table, SIZES[0])
    return sum(natural) > content_width(PORTRAIT)


def _fit(table: Table, avail: float) -> tuple[float, list[float]]:
    """The largest font size at which the table fits `avail`, and its column
    widths: natural if they fit, else the slack shared out above the least."""
    for size in SIZES:
        natural, least = _widths(table, size)
        if sum(natural) <= avail:
            return size, natural
        if sum(least) <= avail:
            share = (avail - sum(least)) / (sum(natural) - sum(least))
            return size, [lo + (n - lo) * share for n, lo in zip(natural, least, strict=True)]
    scale = avail / sum(least)
    return SIZES[-1], [w * scale for w in least]


def table_flowable(table: Table, avail: float) -> Flowable:
    size, widths = _fit(table, avail)
    columns = [c for _, c in shown(table)]
    text_style, head_style = _style(size), _style(size, centred=True)
    data: list[list[Any]] = [[Paragraph(escape(c.title), head_style) for c in columns]]
    lines = _lines(table)
    for cells, total in lines:
        row: list[Any] = []
        for value, col in zip(cells, columns, strict=True):
            if total:
                row.append(_Strong(value, size, col.kind in NUMERIC))
            elif col.kind is Kind.TEXT:
                row.append(Paragraph(escape(value), text_style))
            else:
                row.append(value)
        data.append(row)
    style = grid(header_rows=1)
    style.add("FONT", (0, 0), (-1, -1), register(), size)
    style.add("LEFTPADDING", (0, 0), (-1, -1), PAD)
    style.add("RIGHTPADDING", (0, 0), (-1, -1), PAD)
    style.add("TOPPADDING", (0, 0), (-1, -1), 2.5)
    style.add("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)
    for j, col in enumerate(columns):
        if col.kind in NUMERIC:
            style.add("ALIGN", (j, 1), (j, -1), "RIGHT")
    if table.total is not None:
        style.add("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1),
                  colors.HexColor("#f5f6f8"))
        style.add("LINEABOVE", (0, len(data) - 1), (-1, len(data) - 1), 1.2, INK)
    return PdfTable(data, colWidths=widths, repeatRows=1, style=style, hAlign="LEFT")


# --- charts ---------------------------------------------------------------------


def _axis_label(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 or value == int(value) else f"{value:,.1f}"


def _step(span: float, ticks: int = 5) -> int:
    """A round step between value ticks, about `ticks` of them over the span:
    1, 2 or 5 × 10^n, never below 1 (counts and yuan have no half ticks)."""
    if span <= 0:
        return 1
    raw = span / ticks
    power = 10 ** max(0, math.floor(math.log10(raw)))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def chart_drawing(chart: Chart, width: float) -> Drawing:
    """The chart as a ReportLab drawing: axes, a legend above, every label in
    the embedded font (so Chinese category names print)."""
    font = register()
    values = [v for s in chart.series for v in s.values if v is not None]  # None: a gap
    low, high = min([0.0, *values]), max([0.0, *values])
    drawing = Drawing(width, CHART_HEIGHT, initialFontName=font)  # no stray Helvetica
    plot: VerticalBarChart | HorizontalLineChart
    if chart.kind is ChartKind.BAR:
        plot = VerticalBarChart()
        plot.groupSpacing = 6
        plot.barSpacing = 1
        for i in range(len(chart.series)):
            plot.bars[i].fillColor = PALETTE[i % len(PALETTE)]
            plot.bars[i].strokeColor = None
    else:
        plot = HorizontalLineChart()
        plot.joinedLines = 1
        for i in range(len(chart.series)):
            plot.lines[i].strokeColor = PALETTE[i % len(PALETTE)]
            plot.lines[i].strokeWidth = 1.6
            # A dot on each value: a month standing alone between gaps still shows.
            plot.lines[i].symbol = makeMarker("FilledCircle", size=3,
                                              fillColor=PALETTE[i % len(PALETTE)])
    many = len(chart.categories) > 12
    plot.x, plot.y = 52, 48 if many else 30
    plot.width, plot.height = int(width) - 64, CHART_HEIGHT - plot.y - 40
    plot.data = [tuple(s.values) for s in chart.series]
    if isinstance(plot, HorizontalLineChart):
        for i, s in enumerate(chart.series):
            if all(v is None for v in s.values):  # nothing to draw: ReportLab needs points
                plot.data[i] = tuple(0.0 for _ in s.values)
                plot.lines[i].strokeColor, plot.lines[i].symbol = None, None
    axis = plot.categoryAxis
    axis.categoryNames = list(chart.categories)
    axis.labels.fontName, axis.labels.fontSize = font, 7
    if many:
        axis.labels.angle, axis.labels.boxAnchor, axis.labels.dy = 60, "ne", -2
    value_axis = plot.valueAxis
    value_axis.labels.fontName, value_axis.labels.fontSize = font, 7
    value_axis.valueMin = low
    if chart.percent:
        value_axis.valueMax = max(1.0, high)
        value_axis.valueStep = 0.2
        value_axis.labelTextFormat = percent_label
    else:
        step = _step(high - low)
        bottom = math.floor(low / step) * step
        value_axis.valueMin, value_axis.valueStep = bottom, step
        value_axis.valueMax = max(math.ceil(high / step) * step, bottom + step)
        value_axis.labelTextFormat = _axis_label
    value_axis.gridStrokeColor = colors.HexColor("#e3e6ea")
    value_axis.visibleGrid = 1
    legend = _legend(chart, font, plot.x, width - plot.x)
    plot.height -= max(0, legend.columnMaximum - 2) * LEGEND_ROW  # two rows fit above it
    drawing.add(plot)
    drawing.add(legend)
    return drawing


LEGEND_ROW = 12  # the height of one row of the legend


def _legend(chart: Chart, font: str, x: int, room: float) -> Legend:
    """The series' names above the plot, each whole: in as few rows as let the
    columns, each as wide as its longest name, fit in `room`."""
    legend = Legend()
    legend.fontName, legend.fontSize = font, 8
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], s.name)
                             for i, s in enumerate(chart.series)]
    legend.alignment = "right"  # the swatch first, then its name
    legend.boxAnchor = "nw"
    legend.x, legend.y = x, CHART_HEIGHT - 6
    legend.dx, legend.dy, legend.dxTextSpace, legend.autoXPadding = 8, 8, 4, 14
    legend.deltay = LEGEND_ROW
    legend.variColumn = 1  # each column as wide as its own names
    legend.strokeColor = None
    # Legend fills column by column, `columnMaximum` names to a column.
    item = [legend.dx + legend.dxTextSpace + legend.autoXPadding + stringWidth(s.name, font, 8)
            for s in chart.series]
    rows = 1
    while rows < len(item) and sum(max(item[c:c + rows])
                                   for c in range(0, len(item), rows)) > room:
        rows += 1
    legend.columnMaximum = rows
    return legend


# --- sections and the document -------------------------------------------------


def section(report: Report, note: str = "") -> Section:
    """A report's title, period, tables and charts. `note` is a line above the
    title (the pack's cover line)."""
    wide = any(is_wide(t) for t in report.tables)
    avail = content_width(LANDSCAPE if wide else PORTRAIT)
    sheet = stylesheet()
    small = ParagraphStyle("reportnote", parent=sheet["small"], alignment=TA_CENTER)
    out: list[Flowable] = []
    if note:
        out.append(Paragraph(escape(note), small))
    out.append(Paragraph(escape(report.title), sheet["title"]))
    out.append(Paragraph(escape(period_line(report)), sheet["subtitle"]))
    # A heading never ends a page: a page with too little room left for it and a
    # few rows breaks first. (keepWithNext would move a long table whole.)
    loose = ParagraphStyle("tableheading", parent=sheet["heading"], keepWithNext=0)
    for table in report.tables:
        out += [CondPageBreak(80), Paragraph(escape(table.title), loose)]
        if table.rows or table.total is not None:
            out.append(table_flowable(table, avail))
        else:
            out.append(Paragraph(pick("（无数据）", "(no data)"), sheet["small"]))
        out.append(Spacer(1, 8))
    for chart in report.charts:
        heading = Paragraph(escape(chart.title), sheet["heading"])
        if chart.categories and chart.series:
            out.append(KeepTogether([heading, chart_drawing(chart, avail)]))
        else:
            out.extend([heading, Paragraph(pick("（无数据）", "(no data)"), sheet["small"])])
        out.append(Spacer(1, 8))
    return Section(out, wide)


def period_line(report: Report) -> str:
    if report.start == report.end:
        return pick(f"日期：{report.start}", f"Date: {report.start}")
    return pick(f"期间：{report.start} 至 {report.end}", f"Period: {report.start} to {report.end}")


class _Numbered(PagedCanvas):
    """The report's footer on every page, with 'page x of y'."""

    def __init__(self, *args: Any, footer: str, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.footer = footer

    def _decorate(self, total: int) -> None:
        width, _ = self._pagesize
        self.saveState()
        self.setFont(register(), 8)
        self.setFillColor(GREY)
        self.setStrokeColor(LINE)
        self.setLineWidth(0.5)
        self.line(MARGIN, 13.5 * mm, width - MARGIN, 13.5 * mm)
        self.drawString(MARGIN, 9 * mm, self.footer)
        n = self.getPageNumber()
        self.drawRightString(width - MARGIN, 9 * mm,
                             pick(f"第 {n} 页 / 共 {total} 页", f"Page {n} of {total}"))
        self.restoreState()


def render(sections: list[Section], title: str) -> bytes:
    """The PDF of `sections`, each starting a page in its own orientation."""
    font = register()
    out = BytesIO()
    doc = BaseDocTemplate(out, pagesize=PORTRAIT, leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=MARGIN, bottomMargin=MARGIN, title=title,
                          creator="Showroom Desk", initialFontName=font)
    templates = {"portrait": PageTemplate(id="portrait", frames=[body_frame(PORTRAIT)],
                                          pagesize=PORTRAIT),
                 "landscape": PageTemplate(id="landscape", frames=[body_frame(LANDSCAPE)],
                                           pagesize=LANDSCAPE)}
    first = "landscape" if sections and sections[0].wide else "portrait"
    doc.addPageTemplates([templates[first], *(t for k, t in templates.items() if k != first)])
    story: list[Flowable] = []
    for i, part in enumerate(sections):
        if i:
            story += [NextPageTemplate("landscape" if part.wide else "portrait"), PageBreak()]
        story += part.flowables
    if not story:
        story.append(Spacer(1, 1))
    doc.build(story, canvasmaker=lambda *a, **k: _Numbered(*a, footer=title, **k))
    return out.getvalue()


def write(report: Report, path: Path) -> None:
    """Write the report's PDF to `path` whole, or refuse (InvalidInput, field "path")."""
    data = render([section(report)], f"{report.title}  {period_line(report)}")
    write_atomically(Path(path), lambda temp: save(temp, data))


def save(path: Path, data: bytes) -> None:
    path.write_bytes(data)
