"""The sales-control grid opening fast: the summary read after the cells and then
kept from the change feed, the model changed without a reset where it can be."""

from __future__ import annotations

from desk.admin import projects
from desk.core.db import Database
from desk.sales import claims, units
from desk.ui.sales.screen import SalesScreen
from tests.conftest import actor, settle


def _hold(db: Database, code: str, phone: str) -> None:
    with db.begin() as s:  # another PC: no origin of this window
        claims.hold(s, actor(db, "lina"), projects.find_project(s, None).id, code,
                    customer_phone=phone, customer_name="远方客户")


def test_summary_moves_a_shown_unit_and_rereads_for_one_not_shown(
        ui_app, qtbot, open_window, demo_db: Database) -> None:
    win = open_window(demo_db, "assistant", "sales")
    s = win.page("sales")
    assert isinstance(s, SalesScreen) and s.building() == "1栋"
    held = dict(s.by_status.rows)["held"].count
    layout = s.model.unit_at(s.model.index_of("1-2601")).layout
    available = dict(s.by_layout.rows)[layout].available
    assert s.summary_reads == 1 and s.total_label.text() == "本项目共 264 套"
    _hold(demo_db, "1-2601", "13600000041")  # in the building shown: moved, not re-read
    qtbot.waitUntil(lambda: dict(s.by_status.rows)["held"].count == held + 1, timeout=5000)
    settle(qtbot, win)
    assert s.summary_reads == 1
    assert dict(s.by_layout.rows)[layout].available == available - 1
    with demo_db.read() as r:
        other = next(u.code for u in units.grid_units(r, s.project_id, building="2栋")
                     if u.status == "available")
    _hold(demo_db, other, "13600000042")  # not shown: its old tallies are not here
    qtbot.waitUntil(lambda: dict(s.by_status.rows)["held"].count == held + 2, timeout=5000)
    settle(qtbot, win)
    assert s.summary_reads == 2 and s.total_label.text() == "本项目共 264 套"


def test_a_filter_keeps_the_current_cell(ui_app, qtbot, open_window, demo_db: Database) -> None:
    win = open_window(demo_db, "assistant", "sales")
    s = win.page("sales")
    assert isinstance(s, SalesScreen)
    s._select("1-2603")
    s.layout_box.setCurrentIndex(s.layout_box.findData("4室2厅2卫"))
    settle(qtbot, win)
    assert s.model.unit_at(s.view.currentIndex()).code == "1-2603"
