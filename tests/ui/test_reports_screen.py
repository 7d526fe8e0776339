"""The reports screen (报表) through the main window: every report of the registry
for a chosen period, its tables as the PDF writes the figures, its charts, the
files it writes, and a sales rep who sees only their own row."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desk.admin import settings
from desk.core.db import Database
from desk.reporting import cells, periods, registry
from desk.reporting.model import Report
from desk.ui.reporting.screen import DAY, MONTH, RANGE, ReportsScreen
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
        assert screen.mode == DAY  # the period chosen stays when the report changes
        built = _built(demo_db, "manager", name, periods.day(today))
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
    assert row[:3] == ["李娜", "1", "1"]
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
    assert row[:3] == ["李娜", "1", "1"]


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
