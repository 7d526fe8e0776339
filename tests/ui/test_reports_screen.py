"""The reports screen (报表) through the main window: every report of the registry
for a chosen period, its tables as the PDF writes the figures, its charts, the
files it writes, and a sales rep who sees only their own row."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtQuick import QQuickItem
from PySide6.QtWidgets import QFileDialog

from desk.admin import settings
from desk.core.db import Database
from desk.reporting import cells, periods, registry
from desk.reporting.model import Chart, ChartKind, Report, Series
from desk.ui.reporting.charts import COLOURS, ChartView, value_axis
from desk.ui.reporting.screen import DAY, MONTH, RANGE, WEEK, ReportsScreen, pack_week, shift
from desk.ui.reporting.table import ReportTableModel
from tests.conftest import actor, settle


def _today(db: Database) -> date:
    with db.read() as s:
        return settings.today(s)


def _built(db: Database, login: str, name: str, period: periods.Period,
           rep_id: int | None = None) -> Report:
    with db.read() as s:
        return registry.reports()[name].build(s, actor(db, login), period, rep_id)


def _cells(screen: ReportsScreen, key: str) -> list[list[str]]:
    model = screen.table(key).model()
    assert isinstance(model, ReportTableModel)
    return [[model.text(r, c) for c in range(model.columnCount())] for r in range(model.rowCount())]


def _expected(report: Report, key: str) -> list[list[str]]:
    table = report.table(key)
    rows = table.rows + ([table.total] if table.total is not None else [])
    return [[cells.text(row[i], c.kind) for i, c in cells.shown(table)] for row in rows]


def _choose(qtbot: Any, win: Any, screen: ReportsScreen, name: str) -> None:
    screen.chooser.setCurrentIndex(screen.chooser.findData(name))
    settle(qtbot, win)
    assert screen.shown is not None and screen.shown.name == name


def test_daily_report_of_the_demo_day_and_month(ui_app, qtbot, open_window,  # type: ignore[no-untyped-def]
                                                demo_db: Database) -> None:
    win = open_window(demo_db, "manager", "reports", size=(1024, 768))
    screen = win.page("reports")
    assert isinstance(screen, ReportsScreen)
    today = _today(demo_db)
    assert [screen.chooser.itemData(i) for i in range(screen.chooser.count())] == \
        list(registry.reports())
    assert screen.name == "daily" and screen.mode == DAY
    assert (screen.start_edit.date().toPython(), screen.end_edit.date().toPython()) == (today, today)
    # The demo's day: twelve holds, eight subscriptions, four contracts.
    counts = _cells(screen, "counts")
    assert [r[0] for r in counts] == ["来电", "首访", "复访", "预留", "认购", "签约", "退订", "换房"]
    assert [r[1] for r in counts][3:6] == ["12", "8", "4"]
    money = _cells(screen, "money")
    assert money[0][:3] == ["认购金额", "29,078,587.00", "0.00"]
    assert money[1][:3] == ["签约金额", "12,780,615.00", "0.00"]
    assert counts == _expected(_built(demo_db, "manager", "daily", periods.day(today)), "counts")
    model = screen.table("counts").model()
    assert model.headerData(0, Qt.Orientation.Horizontal) == "项目"  # the hidden key is left out
    assert model.data(model.index(3, 1), Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    [chart] = screen.charts
    assert chart.series_names() == ["首访", "复访"]
    assert chart.chart is not None and chart.chart.categories == (f"{today:%m-%d}",)

    screen.modes.button(MONTH).click()
    settle(qtbot, win)
    month = periods.month(today)
    assert screen.shown is not None and (screen.shown.start, screen.shown.end) == (month.start, month.end)
    built = _built(demo_db, "manager", "daily", month)
    assert _cells(screen, "by_day") == _expected(built, "by_day")
    assert len(_cells(screen, "by_day")) == month.days
    assert screen.charts[0].chart is not None and len(screen.charts[0].chart.categories) == month.days

    screen.earlier.click()  # the month before
    settle(qtbot, win)
    assert screen.shown is not None and screen.shown.start == month.previous().start

    screen.modes.button(RANGE).click()
    settle(qtbot, win)
    screen.end_edit.setDate(screen.start_edit.date().addDays(-1))
    settle(qtbot, win)
    assert screen.message.isVisible() and screen.message.text() == "结束日期早于开始日期。"
    assert screen.tables == [] and not screen.excel_button.isEnabled()


def test_every_report_shows_its_tables_and_charts(ui_app, qtbot, open_window,  # type: ignore[no-untyped-def]
                                                  demo_db: Database) -> None:
    win = open_window(demo_db, "manager", "reports", size=(1024, 768))
    screen = win.page("reports")
    today = _today(demo_db)
    for name in registry.reports():
        _choose(qtbot, win, screen, name)
        assert not screen.message.isVisible(), screen.message.text()
        # The period chosen stays when the report changes; commission is monthly.
        monthly = name == "commission"
        assert screen.mode == (MONTH if monthly else DAY)
        built = _built(demo_db, "manager", name,
                       periods.month(today) if monthly else periods.day(today))
        assert [v.objectName() for v in screen.tables] == [f"table_{t.key}" for t in built.tables]
        for t in built.tables:
            assert _cells(screen, t.key) == _expected(built, t.key)
        assert [c.series_names() for c in screen.charts] == \
            [[s.name for s in c.series] for c in built.charts]


def test_reps_report_narrows_to_one_rep(ui_app, qtbot, open_window,  # type: ignore[no-untyped-def]
                                        demo_db: Database) -> None:
    win = open_window(demo_db, "manager", "reports", size=(1024, 768))
    screen = win.page("reports")
    _choose(qtbot, win, screen, "reps")
    assert screen.rep.isVisible()
    rows = _cells(screen, "reps")
    assert sorted(r[0] for r in rows) == ["刘洋", "张伟", "李娜", "杨帆", "王芳", "陈静"]
    lina = actor(demo_db, "lina")
    screen.rep.setCurrentIndex(screen.rep.findData(lina.id))
    settle(qtbot, win)
    [row] = _cells(screen, "reps")
    assert row[0] == "李娜" and [row] == _expected(
        _built(demo_db, "manager", "reps", periods.day(_today(demo_db)), lina.id), "reps")
    screen.rep.setCurrentIndex(0)  # all reps again
    settle(qtbot, win)
    assert len(_cells(screen, "reps")) == 6
    # Sorting by a column keeps the report's own order reachable and the figures whole.
    view = screen.table("reps")
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [r[0] for r in _cells(screen, "reps")] == sorted(r[0] for r in rows)


def test_a_sales_rep_sees_only_their_own_figures(ui_app, qtbot, open_window,  # type: ignore[no-untyped-def]
                                                 demo_db: Database) -> None:
    win = open_window(demo_db, "lina", size=(1024, 768))
    assert "reports" in win.factories
    win.show_screen("reports")
    settle(qtbot, win)
    screen = win.page("reports")
    names = [screen.chooser.itemData(i) for i in range(screen.chooser.count())]
    assert names == [n for n in registry.reports() if n in ("reps", "commission")]
    assert screen.name == "reps" and screen.mode == MONTH
    assert not screen.rep.isVisible() and not screen.pack_button.isVisible()
    [row] = _cells(screen, "reps")
    assert row[0] == "李娜" and [row] == _expected(
        _built(demo_db, "lina", "reps", periods.month(_today(demo_db))), "reps")


def test_export_writes_the_shown_report(ui_app, qtbot, open_window, monkeypatch,  # type: ignore[no-untyped-def]
                                        demo_db: Database, tmp_path: Path) -> None:
    win = open_window(demo_db, "manager", "reports", size=(1024, 768))
    screen = win.page("reports")
    target: list[Path] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target[-1]), "")))
    target.append(tmp_path / "daily.xlsx")
    screen.excel_button.click()
    settle(qtbot, win)
    qtbot.waitUntil(target[-1].exists, timeout=5000)
    book = load_workbook(target[-1])
    assert book.sheetnames[:3] == ["计数", "金额", "每日明细"]  # one sheet per table
    target.append(tmp_path / "daily.pdf")
    screen.pdf_button.click()
    settle(qtbot, win)
    qtbot.waitUntil(target[-1].exists, timeout=5000)
    text = subprocess.run(["pdftotext", "-layout", str(target[-1]), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "销售日报" in text and "29,078,587.00" in text
    assert screen.message.text() == f"已保存：{target[-1]}"


def _shown(screen: ReportsScreen) -> tuple[date, date]:
    assert screen.shown is not None
    return screen.shown.start, screen.shown.end


def _set_range(qtbot: Any, win: Any, screen: ReportsScreen, start: date, end: date) -> None:
    screen.end_edit.setDate(QDate(end.year, end.month, end.day))
    screen.start_edit.setDate(QDate(start.year, start.month, start.day))
    settle(qtbot, win)


def test_switching_mode_keeps_today_and_today_goes_back(  # type: ignore[no-untyped-def]
        ui_app, qtbot, open_window, demo_db: Database) -> None:
    win = open_window(demo_db, "manager", "reports", size=(1024, 768))
    screen = win.page("reports")
    today = _today(demo_db)
    assert today.day > 7  # the demo's today is late in its month, not on a Monday
    month, week = periods.month(today), periods.week(today)
    assert not screen.later.isEnabled()  # nothing after today
    screen.modes.button(MONTH).click()
    settle(qtbot, win)
    assert _shown(screen) == (month.start, month.end)
    screen.modes.button(DAY).click()  # back to today, not the month's 1st
    settle(qtbot, win)
    assert _shown(screen) == (today, today)
    screen.modes.button(RANGE).click()
    settle(qtbot, win)
    _set_range(qtbot, win, screen, month.start, today)
    screen.modes.button(WEEK).click()  # the range holds today: the week of today
    settle(qtbot, win)
    assert _shown(screen) == (week.start, week.end)
    screen.modes.button(RANGE).click()
    settle(qtbot, win)
    earlier = month.previous()
    _set_range(qtbot, win, screen, earlier.start + timedelta(days=4), earlier.end)
    screen.modes.button(DAY).click()  # a range before today: its first day
    settle(qtbot, win)
    assert _shown(screen) == (earlier.start + timedelta(days=4),) * 2
    assert screen.later.isEnabled()
    screen.today_button.click()
    settle(qtbot, win)
    assert _shown(screen) == (today, today) and not screen.later.isEnabled()
    screen.modes.button(MONTH).click()
    settle(qtbot, win)
    screen.earlier.click()
    settle(qtbot, win)
    assert _shown(screen) == (earlier.start, earlier.end)
    screen.modes.button(WEEK).click()  # a month before today: the week of its 1st
    settle(qtbot, win)
    assert _shown(screen) == (periods.week(earlier.start).start, periods.week(earlier.start).end)
    screen.today_button.click()
    settle(qtbot, win)
    assert _shown(screen) == (week.start, week.end)


def test_range_steps_by_its_days_or_by_calendar_month(  # type: ignore[no-untyped-def]
        ui_app, qtbot, open_window, demo_db: Database) -> None:
    assert shift(periods.Period(date(2026, 11, 1), date(2026, 11, 30)), RANGE, -1) == \
        periods.Period(date(2026, 10, 1), date(2026, 10, 31))
    assert shift(periods.Period(date(2026, 10, 1), date(2026, 10, 31)), RANGE, 1) == \
        periods.Period(date(2026, 11, 1), date(2026, 11, 30))
    assert shift(periods.Period(date(2026, 10, 5), date(2026, 10, 14)), RANGE, -1) == \
        periods.Period(date(2026, 9, 25), date(2026, 10, 4))
    win = open_window(demo_db, "manager", "reports", size=(1024, 768))
    screen = win.page("reports")
    today = _today(demo_db)
    month = periods.month(today)
    screen.modes.button(RANGE).click()
    settle(qtbot, win)
    _set_range(qtbot, win, screen, month.start, month.end)
    assert not screen.later.isEnabled()  # the next month starts after today
    screen.earlier.click()
    settle(qtbot, win)
    assert _shown(screen) == (month.previous().start, month.previous().end)
    assert screen.later.isEnabled()
    screen.later.click()
    settle(qtbot, win)
    assert _shown(screen) == (month.start, month.end)
    _set_range(qtbot, win, screen, today - timedelta(days=9), today)
    screen.earlier.click()
    settle(qtbot, win)
    assert _shown(screen) == (today - timedelta(days=19), today - timedelta(days=10))


def test_weekly_pack_is_the_week_of_today_or_the_last_week_shown(  # type: ignore[no-untyped-def]
        ui_app, qtbot, open_window, monkeypatch, demo_db: Database) -> None:
    assert pack_week(periods.month(date(2026, 10, 5)), date(2026, 11, 24)) == \
        periods.Period(date(2026, 10, 26), date(2026, 11, 1))
    assert pack_week(periods.month(date(2026, 11, 5)), date(2026, 11, 24)) == \
        periods.Period(date(2026, 11, 23), date(2026, 11, 29))
    assert pack_week(periods.day(date(2026, 11, 4)), date(2026, 11, 24)) == \
        periods.Period(date(2026, 11, 2), date(2026, 11, 8))
    win = open_window(demo_db, "manager", "reports", size=(1024, 768))
    screen = win.page("reports")
    today = _today(demo_db)
    offered: list[str] = []

    def chooser(*args: Any, **kwargs: Any) -> tuple[str, str]:
        offered.append(Path(args[2]).name)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(chooser))
    screen.modes.button(MONTH).click()
    settle(qtbot, win)
    screen.pack_button.click()
    week = periods.week(today)
    assert offered == [f"周例会资料_{week.start:%Y%m%d}-{week.end:%Y%m%d}.pdf"]


def test_commission_is_shown_by_month_only(ui_app, qtbot, open_window,  # type: ignore[no-untyped-def]
                                           demo_db: Database) -> None:
    win = open_window(demo_db, "manager", "reports", size=(1024, 768))
    screen = win.page("reports")
    today = _today(demo_db)
    assert screen.mode == DAY
    _choose(qtbot, win, screen, "commission")
    assert screen.mode == MONTH and _shown(screen) == (periods.month(today).start,
                                                       periods.month(today).end)
    assert [screen.modes.button(m).isEnabled() for m in (DAY, WEEK, MONTH, RANGE)] == \
        [False, False, True, False]
    _choose(qtbot, win, screen, "daily")
    assert all(screen.modes.button(m).isEnabled() for m in (DAY, WEEK, MONTH, RANGE))


def test_value_axes_have_round_whole_ticks() -> None:
    def axis(values: tuple[float, ...], percent: bool = False) -> tuple[float, float, int]:
        return value_axis(Chart("c", "c", "c", ChartKind.BAR, ("a",) * len(values),
                                (Series("s", "s", values),), percent))

    assert axis((0.015, 0.046, 0.03), percent=True) == (5.0, 1.0, 0)
    assert axis((0.98, 1.0), percent=True) == (100.0, 20.0, 0)
    assert axis((0.0, 0.0), percent=True) == (100.0, 20.0, 0)
    assert axis((2.0, 1.0)) == (2.0, 1.0, 0)
    assert axis((0.0, 0.0)) == (5.0, 1.0, 0)
    assert axis((13.0, 3.0)) == (15.0, 5.0, 0)
    assert axis((2858613.0, 4120076.0)) == (5000000.0, 1000000.0, 0)


def _drawn(view: ChartView, colour: str) -> int:
    image = view.plot.grab().toImage()
    want = QColor(colour)

    def near(pixel: int) -> bool:
        got = QColor(pixel)
        return max(abs(got.red() - want.red()), abs(got.green() - want.green()),
                   abs(got.blue() - want.blue())) < 24

    return sum(1 for x in range(image.width()) for y in range(image.height())
               if near(image.pixel(x, y)))


def _axis_labels(view: ChartView) -> list[str]:
    root = view.plot.rootObject()
    assert root is not None
    return [str(item.property("text")) for item in root.findChildren(QQuickItem)
            if item.metaObject().className().startswith("QQuickText") and item.isVisible()
            and str(item.property("text")).startswith("2026-")]


def test_a_lone_value_of_a_line_shows_and_every_month_is_labelled(  # type: ignore[no-untyped-def]
        ui_app, qtbot) -> None:
    months = tuple(f"2026-{m:02d}" for m in range(6, 12))
    chart = Chart("trend", "趋势", "Trend", ChartKind.LINE, months,
                  (Series("回款率", "Collection", (None, None, None, None, None, 0.5)),),
                  percent=True)
    view = ChartView()
    qtbot.addWidget(view)
    view.resize(760, 320)
    view.show_chart(chart)
    view.show()
    qtbot.waitUntil(lambda: _drawn(view, COLOURS[0]) > 20, timeout=3000)
    assert sorted(_axis_labels(view)) == list(months)


def test_wide_tables_scroll_sideways_with_their_names_kept(  # type: ignore[no-untyped-def]
        ui_app, qtbot, open_window, demo_db: Database) -> None:
    win = open_window(demo_db, "manager", "reports", size=(1024, 768))
    screen = win.page("reports")
    screen.modes.button(MONTH).click()
    settle(qtbot, win)
    _choose(qtbot, win, screen, "reps")
    settle(qtbot, win)
    room = screen.pane.viewport().width()

    def fits() -> None:  # on the table shown now (a change heard late may re-render it)
        view = screen.table("reps")
        model = view.model()
        assert view.mapTo(screen.page, QPoint(view.width(), 0)).x() <= room
        scroll = view.horizontalScrollBar()
        assert scroll.maximum() > 0 and view.verticalScrollBar().maximum() == 0
        names = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
        assert sorted(names) == ["刘洋", "张伟", "李娜", "杨帆", "王芳", "陈静"]
        scroll.setValue(scroll.maximum())  # the last column (得分) in view, the names still there
        header = view.horizontalHeader()
        last = model.columnCount() - 1
        assert model.headerData(last, Qt.Orientation.Horizontal) == "得分"
        assert header.sectionViewportPosition(last) + header.sectionSize(last) <= \
            view.viewport().width()
        assert view.verticalHeader().isVisible() and view.verticalHeader().width() > 0

    qtbot.waitUntil(fits, timeout=5000)
    for chart in screen.charts:
        assert chart.mapTo(screen.page, QPoint(chart.width(), 0)).x() <= room


def test_an_empty_table_says_no_data_under_its_header(  # type: ignore[no-untyped-def]
        ui_app, qtbot, open_window, demo_db: Database) -> None:
    win = open_window(demo_db, "manager", "reports", size=(1024, 768))
    screen = win.page("reports")
    _choose(qtbot, win, screen, "collection")
    qtbot.waitUntil(lambda: screen.table("overdue").isVisible(), timeout=5000)
    view = screen.table("overdue")
    model = view.model()
    assert model.rowCount() == 0  # no made-up row: the model holds the report's rows
    assert view.placeholder() == "（无数据）"
    assert screen.table("by_rep").placeholder() == ""
    # The header whole, its first column's title among the columns, and one line under it.
    assert view.horizontalHeader().isVisible()
    assert not view.isColumnHidden(0) and model.headerData(0, Qt.Orientation.Horizontal) == "房号"
    assert view.viewport().height() >= view.verticalHeader().defaultSectionSize()
    assert view.width() >= view.fontMetrics().horizontalAdvance("（无数据）")
    image = view.viewport().grab().toImage()
    inked = [x for x in range(image.width()) for y in range(image.height())
             if QColor(image.pixel(x, y)).lightness() < 200]
    assert inked and min(inked) < 20 and max(inked) < view.fontMetrics().horizontalAdvance(
        "（无数据）") + 20


def test_a_wide_table_scrolls_by_whole_columns(  # type: ignore[no-untyped-def]
        ui_app, qtbot, open_window, demo_db: Database) -> None:
    win = open_window(demo_db, "manager", "reports", size=(1024, 768))
    screen = win.page("reports")
    _choose(qtbot, win, screen, "inventory")
    view = screen.table("by_building")
    header, scroll = view.horizontalHeader(), view.horizontalScrollBar()
    assert scroll.maximum() > 0
    for value in range(1, scroll.maximum() + 1):
        scroll.setValue(value)
        # The first column in view starts right at the row labels: no sliver of another.
        first = header.logicalIndexAt(0)
        assert header.sectionViewportPosition(first) == 0, value
    last = view.model().columnCount() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= \
        view.viewport().width()
