"""Any report as a workbook and as a PDF, read back: the workbook cell by cell
with openpyxl, the PDF with poppler's pdftotext and pdffonts."""

from __future__ import annotations

import subprocess
import zipfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desk.core.db import Database
from desk.core.errors import InvalidInput
from desk.reporting import pack, pdf, registry, xlsx
from desk.reporting.model import Chart, ChartKind, Column, Kind, Report, Series, Table, Value
from desk.reporting.periods import Period, month, week
from tests.conftest import actor


def sample() -> Report:
    """A small report with every kind of column, a hidden key, a total row with
    an empty rate, and a bar and a percent line chart."""
    counts = Table("counts", "计数/汇总", "Counts", [
        Column("key", "键", "Key", Kind.TEXT, hidden=True),
        Column("item", "项目", "Item", Kind.TEXT),
        Column("current", "本期", "Current", Kind.COUNT),
        Column("amount", "金额", "Amount", Kind.MONEY),
        Column("change", "增减", "Change", Kind.PERCENT),
        Column("minutes", "平均接待分钟", "Average minutes", Kind.DECIMAL),
        Column("day", "日期", "Day", Kind.DATE),
    ], [
        ("calls", "来电", 1200, Decimal("1234567.50"), Decimal("0.9800"), Decimal("12.5"),
         date(2026, 5, 1)),
        ("first_visits", "首访", 3, Decimal("0.10"), None, Decimal("3.25"), date(2026, 5, 2)),
    ], ("total", "合计", 1203, Decimal("1234567.60"), Decimal("-0.5000"), None, None))
    charts = [
        Chart("visits_per_day", "每日来访", "Visits per day", ChartKind.BAR, ("05-01", "05-02"),
              (Series("首访", "First visits", (3.0, 4.0)), Series("复访", "Return visits",
                                                                   (1.0, 2.0)))),
        Chart("quality_trend", "质量趋势", "Quality trend", ChartKind.LINE, ("2026-04", "2026-05"),
              (Series("回款率", "Collection", (0.9, 0.98)),), percent=True),
    ]
    return Report("daily", "销售日报", "Sales diary", date(2026, 5, 1), date(2026, 5, 31),
                  [counts], charts)


def pdftotext(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [line.rstrip() for line in out.splitlines() if line.strip()]


def pdffonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


def pages(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [[line.rstrip() for line in page.splitlines() if line.strip()]
            for page in out.split("\f") if page.strip()]


def page_size(path: Path) -> str:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return next(line for line in out.splitlines() if line.startswith("Page size:")).split(":")[1]


def words(lines: list[str]) -> list[str]:
    """Lines with the layout's runs of spaces made one."""
    return [" ".join(line.split()) for line in lines]


# --- the workbook -----------------------------------------------------------------


def test_workbook_cell_by_cell(tmp_path: Path) -> None:
    path = tmp_path / "日报.xlsx"
    xlsx.write(sample(), path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["计数_汇总", "图表"]
    ws = wb["计数_汇总"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values == [
        ["销售日报 · 计数/汇总", None, None, None, None, None],
        ["期间：2026-05-01 至 2026-05-31", None, None, None, None, None],
        ["项目", "本期", "金额", "增减", "平均接待分钟", "日期"],
        ["来电", 1200, 1234567.5, 0.98, 12.5, ws["F4"].value],
        ["首访", 3, 0.1, None, 3.25, ws["F5"].value],
        ["合计", 1203, 1234567.6, -0.5, None, None],
    ]
    assert (ws["F4"].value.date(), ws["F5"].value.date()) == (date(2026, 5, 1), date(2026, 5, 2))
    # The hidden key column is left out: no cell holds a key.
    assert not {"calls", "first_visits", "total", "键"} & {v for row in values for v in row}
    assert [ws.cell(4, j).number_format for j in range(1, 7)] == [
        "General", "#,##0", "#,##0.00", "0.0%", "#,##0.0#", "yyyy-mm-dd"]
    assert [ws.cell(6, j).number_format for j in range(1, 4)] == ["General", "#,##0", "#,##0.00"]
    assert all(ws.cell(3, j).font.b and ws.cell(3, j).fill.fgColor.rgb == "FFDDE4EC"
               for j in range(1, 7))
    assert [ws.cell(6, j).font.b for j in range(1, 7)] == [True] * 6
    assert [ws.cell(4, j).font.b for j in range(1, 7)] == [False] * 6
    assert ws.freeze_panes == "A4"
    # Widths from the content, CJK counted double, plus a margin of two.
    assert {k: d.width for k, d in ws.column_dimensions.items()} == {
        "A": 6, "B": 7, "C": 14, "D": 8, "E": 14, "F": 12}


def test_workbook_charts_sheet_holds_the_data_and_native_charts(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    xlsx.write(sample(), path)
    ws = load_workbook(path)["图表"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_row=4)] == [
        ["每日来访", None, None], [None, "首访", "复访"], ["05-01", 3, 1], ["05-02", 4, 2]]
    assert [ws.cell(19, 1).value, ws.cell(20, 2).value, ws.cell(21, 2).value,
            ws.cell(21, 2).number_format] == ["质量趋势", "回款率", 0.9, "0.0%"]
    with zipfile.ZipFile(path) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        kinds = [("barChart" in z.read(n).decode(), "lineChart" in z.read(n).decode())
                 for n in charts]
    assert kinds == [(True, False), (False, True)]


def test_sheet_titles_are_ones_excel_takes() -> None:
    taken: set[str] = set()
    long = "回款/逾期:明细*[本月]?" + "x" * 40
    assert xlsx.sheet_title(long, taken) == "回款_逾期_明细__本月__" + "x" * 17
    assert xlsx.sheet_title(long, taken) == "回款_逾期_明细__本月__" + "x" * 13 + " (2)"
    assert xlsx.sheet_title("'", taken) == "Sheet"
    assert all(len(t) <= 31 for t in taken)


# --- the PDF ----------------------------------------------------------------------


def test_pdf_text_font_and_charts(tmp_path: Path) -> None:
    path = tmp_path / "日报.pdf"
    pdf.write(sample(), path)
    assert words(pdftotext(path)) == [
        "销售日报",
        "期间：2026-05-01 至 2026-05-31",
        "计数/汇总",
        "项目 本期 金额 增减 平均接待分钟 日期",
        "来电 1,200 1,234,567.50 98.0% 12.5 2026-05-01",
        "首访 3 0.10 — 3.25 2026-05-02",
        "合计 1,203 1,234,567.60 -50.0% — —",
        # the bar chart: its title, legend, value axis and categories
        "每日来访", "首访 复访", "4", "3", "2", "1", "0", "05-01 05-02",
        # the percent line chart: a percent axis
        "质量趋势", "回款率", "100%", "80%", "60%", "40%", "20%", "0%", "2026-04 2026-05",
        "销售日报 期间：2026-05-01 至 2026-05-31 第1页/共1页",
    ]
    # The Chinese font is embedded (subset), and it is the only font.
    assert [f[0].split("+")[1] for f in pdffonts(path)] == ["WenQuanYiMicroHei-0"]
    assert [f[3:5] for f in pdffonts(path)] == [["yes", "yes"]]
    assert page_size(path).strip() == "595.276 x 841.89 pts (A4)"


def test_a_count_chart_has_whole_round_ticks(tmp_path: Path) -> None:
    """Visits are counted: no half ticks (ReportLab's own would be 0, 0.5, … 2),
    a round step and the top on a step: 2 visits read 0 1 2; 7 read 0 2 4 6 8;
    yuan in the millions step by 5,000,000."""
    def axis(values: tuple[float, ...]) -> list[str]:
        chart = Chart("visits_per_day", "每日来访", "Visits per day", ChartKind.BAR,
                      ("05-01", "05-02"), (Series("首访", "First visits", values),))
        path = tmp_path / "来访.pdf"
        pdf.write(Report("daily", "销售日报", "Sales diary", date(2026, 5, 1), date(2026, 5, 2),
                         [], [chart]), path)
        return words(pdftotext(path))[4:-2]

    assert axis((1.0, 2.0)) == ["2", "1", "0"]
    assert axis((7.0, 0.0)) == ["8", "6", "4", "2", "0"]
    assert axis((0.0, 0.0)) == ["1", "0"]
    assert axis((12780615.0, 0.0)) == ["15,000,000", "10,000,000", "5,000,000", "0"]


def test_a_line_with_months_of_nothing_to_measure(tmp_path: Path) -> None:
    """A month with no figure is a gap, and a series with none at all draws no
    line (ReportLab refuses a line of fewer than two points)."""
    trend = Chart("trend", "质量趋势", "Quality", ChartKind.LINE, ("2026-04", "2026-05", "2026-06"),
                  (Series("回款率", "Collection", (None, None, None)),
                   Series("满意度", "Satisfaction", (None, 0.5, None))), percent=True)
    path = tmp_path / "趋势.pdf"
    pdf.write(Report("quality", "五项质量目标", "Quality", date(2026, 6, 1), date(2026, 6, 30),
                     [], [trend]), path)
    assert words(pdftotext(path))[2:5] == ["质量趋势", "回款率 满意度", "100%"]


def test_pdf_in_english(tmp_path: Path) -> None:
    from desk.core import errors

    errors.set_language("en")
    path = tmp_path / "r.pdf"
    pdf.write(sample(), path)
    assert words(pdftotext(path))[:3] == ["Sales diary", "Period: 2026-05-01 to 2026-05-31",
                                          "Counts"]
    assert words(pdftotext(path))[-1] == "Sales diary Period: 2026-05-01 to 2026-05-31 Page 1 of 1"


def test_a_long_table_repeats_its_header_and_a_wide_one_turns_the_page(tmp_path: Path) -> None:
    columns = [Column("rep", "置业顾问", "Rep", Kind.TEXT)] + [
        Column(f"c{i}", f"第{i}项指标", f"Figure {i}", Kind.MONEY) for i in range(12)]
    rows: list[tuple[Value, ...]] = [(f"顾问{n:03d}", *[Decimal(n * 1000 + i) for i in range(12)])
                                    for n in range(60)]
    report = Report("reps", "业绩考核", "Assessment", date(2026, 5, 1), date(2026, 5, 31),
                    [Table("reps", "考核", "Reps", columns, rows)])
    path = tmp_path / "wide.pdf"
    pdf.write(report, path)
    assert page_size(path).strip() == "841.89 x 595.276 pts (A4)"
    header = "置业顾问 第0项指标 第1项指标 第2项指标 第3项指标 第4项指标 第5项指标 第6项指标 " \
             "第7项指标 第8项指标 第9项指标 第10项指标 第11项指标"
    got = [words(p) for p in pages(path)]
    assert len(got) >= 2 and all(header in p for p in got)
    assert got[0][-1] == f"业绩考核 期间：2026-05-01 至 2026-05-31 第1页/共{len(got)}页"
    body = [line for p in got for line in p if line.startswith("顾问")]
    assert body[0] == "顾问000 " + " ".join(f"{i:,}.00" for i in range(12))
    assert len(body) == 60


@pytest.mark.parametrize("writer", [xlsx.write, pdf.write])
def test_an_unusable_path_is_refused_and_nothing_is_left(
        tmp_path: Path, writer: Callable[[Report, Path], None]) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    for bad, zh in [(folder, "是文件夹"), (folder / "no" / "r.pdf", "不存在"),
                    (folder / ("长" * 200 + ".pdf"), "无法写入")]:
        with pytest.raises(InvalidInput) as e:
            writer(sample(), bad)
        assert e.value.field == "path" and zh in str(e.value)
    assert list(folder.iterdir()) == []


def test_a_file_is_replaced_whole(tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    path.write_bytes(b"old")
    pdf.write(sample(), path)
    assert path.read_bytes()[:5] == b"%PDF-" and [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


# --- the registry's reports and the weekly pack ------------------------------------


def test_every_registered_report_exports(demo_db: Database, tmp_path: Path) -> None:
    manager = actor(demo_db, "manager")
    entries = registry.reports()
    assert entries
    with demo_db.read() as s:
        from desk.admin import settings

        today = settings.today(s)
        built = {name: e.build(s, manager, month(today), None) for name, e in entries.items()}
    for name, report in built.items():
        book, doc = tmp_path / f"{name}.xlsx", tmp_path / f"{name}.pdf"
        xlsx.write(report, book)
        pdf.write(report, doc)
        wb = load_workbook(book)
        assert len(wb.sheetnames) == len(report.tables) + (1 if report.charts else 0), name
        for table, sheet in zip(report.tables, wb.worksheets, strict=False):
            shown = [c.title for c in table.columns if not c.hidden]
            assert [c.value for c in sheet[3]] == shown, name
            assert sheet.max_row == 3 + len(table.rows) + (table.total is not None), name
        text = words(pdftotext(doc))
        assert text[0] == report.title, name
        assert all(t.title in text for t in report.tables), name
        assert all(c.title in text for c in report.charts), name


def test_the_weekly_pack(demo_db: Database, tmp_path: Path) -> None:
    manager = actor(demo_db, "manager")
    path = tmp_path / "例会.pdf"
    with demo_db.read() as s:
        from desk.admin import settings

        today = settings.today(s)
        pack.write(s, manager, week(today), path)
    the_week = week(today)
    year, number, _ = the_week.start.isocalendar()
    text = words(pdftotext(path))
    cover = f"翠湖天地 销售例会 · {year} 年第 {number} 周（{the_week.start} 至 {the_week.end}）"
    assert text[0] == cover
    with demo_db.read() as s:
        titles = [registry.reports()[name].build(
            s, manager, the_week if span == "week" else month(today), None).title
            for name, span in pack.CONTENTS]
    assert titles == ["销售日报", "业绩考核", "来源渠道", "回款", "五项质量目标", "房源去化"]
    # Each report starts a page (the first under the cover line).
    tops = [words(p)[0] for p in pages(path)]
    assert [t for t in tops if t in titles] == titles[1:]
    assert text[1] == titles[0]
    # More characters than one subset holds: several subsets of the one font.
    assert {(f[0].split("+")[1], f[3]) for f in pdffonts(path)} == {("WenQuanYiMicroHei-0", "yes")}
    with pytest.raises(Exception, match="无权"), demo_db.read() as s:
        pack.write(s, actor(demo_db, "yangfan"), Period(today, today), tmp_path / "x.pdf")


def test_a_legend_shows_every_name_whole_in_rows_that_fit(tmp_path: Path) -> None:
    """Names side by side as long as they fit the chart's width, in more rows
    when they do not: never one cut off at the chart's edge."""
    names = ["回款率", "合同签订无误率", "客户满意度", "销售房源无误率", "投诉及建议答复及时率"]
    trend = Chart("trend", "质量目标趋势", "Quality", ChartKind.LINE, ("2026-10", "2026-11"),
                  tuple(Series(n, n, (0.5, 1.0)) for n in names), percent=True)
    path = tmp_path / "趋势.pdf"
    pdf.write(Report("quality", "五项质量目标", "Quality", date(2026, 11, 1), date(2026, 11, 30),
                     [], [trend]), path)
    assert words(pdftotext(path))[2:4] == ["质量目标趋势", " ".join(names)]
    shapes = {}
    for width in (pdf.content_width(pdf.A4), 340.0):
        drawing = pdf.chart_drawing(trend, width)
        legend = next(x for x in drawing.contents if isinstance(x, pdf.Legend))
        shapes[width] = (legend.columnMaximum, legend.getBounds()[2] <= width)
    # filled column by column: two rows of three and two names at the narrow width
    assert list(shapes.values()) == [(1, True), (2, True)]
