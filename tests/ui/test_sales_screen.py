"""The sales-control grid and the unit dialog, driven with pytest-qt."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from desk.admin import projects
from desk.core.db import Database
from desk.sales import claims, units
from desk.ui.common.context import Context
from desk.ui.sales.action_dialog import ActionDialog
from desk.ui.sales.grid_model import MATCH_ROLE
from desk.ui.sales.screen import SalesScreen
from desk.ui.sales.unit_dialog import UnitDialog
from tests.conftest import actor, type_text


def screen_for(qtbot, db: Database, login: str) -> SalesScreen:  # type: ignore[no-untyped-def]
    screen = SalesScreen(Context(db, actor(db, login), "zh_CN"))
    qtbot.addWidget(screen)
    screen.resize(1300, 800)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def test_grid_shows_buildings_floors_and_summary(ui_app, qtbot, demo_db: Database) -> None:
    s = screen_for(qtbot, demo_db, "assistant")
    assert [s.tabs.tabText(i) for i in range(s.tabs.count())] == ["1栋", "2栋", "3栋"]
    assert s.model.rowCount() == 26 and s.model.columnCount() == 4
    assert s.model.headerData(0, Qt.Orientation.Vertical) == "26F"  # top floor on top
    assert "264" in s.total_label.text()
    counts = {status: tally.count for status, tally in s.by_status.rows}
    assert counts["withheld"] == 3 and sum(counts.values()) == 264
    assert s.by_status.data(s.by_status.index(4, 0)) == "不可售"


def test_filters_dim_what_does_not_match(ui_app, qtbot, demo_db: Database) -> None:
    s = screen_for(qtbot, demo_db, "assistant")
    s.layout_box.setCurrentIndex(s.layout_box.findData("4室2厅2卫"))
    matched = [s.model.index(r, c).data(MATCH_ROLE) for (r, c) in s.model.cells]
    assert sum(matched) == 26  # one 4-room unit per floor of 1栋
    type_text(s.area_min, "200")
    assert not any(s.model.index(r, c).data(MATCH_ROLE) for (r, c) in s.model.cells)


def test_search_switches_building_and_selects(ui_app, qtbot, demo_db: Database) -> None:
    s = screen_for(qtbot, demo_db, "assistant")
    type_text(s.search, "3-1203")
    s.find_unit()
    assert s.building() == "3栋"
    assert s.model.unit_at(s.view.currentIndex()).code == "3-1203"


def test_change_from_elsewhere_reaches_the_grid(ui_app, qtbot, demo_db: Database) -> None:
    from desk.ui.common.watcher import ChangeWatcher

    s = screen_for(qtbot, demo_db, "assistant")
    watcher = ChangeWatcher(demo_db)
    watcher.changed.connect(s.on_changes)
    watcher.start()
    try:
        with demo_db.begin() as ses:
            pid = projects.find_project(ses, None).id
            claims.hold(ses, actor(demo_db, "lina"), pid, "1-2601", customer_phone="13600000001",
                        customer_name="远方客户")
        idx = s.model.index_of("1-2601")
        qtbot.waitUntil(lambda: s.model.unit_at(idx).status == "held", timeout=2000)
    finally:
        watcher.stop()


def test_rep_sees_only_the_actions_of_the_role(ui_app, qtbot, demo_db: Database) -> None:
    with demo_db.read() as s:
        pid = projects.find_project(s, None).id
    dlg = UnitDialog(Context(demo_db, actor(demo_db, "lina"), "zh_CN"), pid, "1-2601")
    qtbot.addWidget(dlg)
    assert set(dlg.buttons) == {"hold"}
    dlg = UnitDialog(Context(demo_db, actor(demo_db, "manager"), "zh_CN"), pid, "1-2601")
    qtbot.addWidget(dlg)
    assert set(dlg.buttons) == {"hold", "subscribe", "withhold"}


def test_hold_form_keeps_input_on_error_then_holds(ui_app, qtbot, demo_db: Database) -> None:
    ctx = Context(demo_db, actor(demo_db, "lina"), "zh_CN")
    with demo_db.read() as s:
        pid = projects.find_project(s, None).id
    dlg = UnitDialog(ctx, pid, "1-2601")
    qtbot.addWidget(dlg)

    def fill() -> None:
        form = next(w for w in dlg.findChildren(ActionDialog) if w.isVisible())
        type_text(form.widgets["phone"], "1381234")
        type_text(form.widgets["customer_name"], "张三丰")
        form.submit()
        assert form.errors.fields["phone"][1].text().startswith("手机号应为 11 位数字")
        assert form.widgets["customer_name"].text() == "张三丰"
        form.widgets["phone"].setText("13812345000")
        form.submit()

    QTimer.singleShot(100, fill)
    dlg.buttons["hold"].click()
    assert dlg.unit.status == "held" and dlg.unit.customer == "张三丰"
    assert set(dlg.buttons) == {"extend", "release", "print"}
    with demo_db.read() as s:
        assert [h.action for h in units.history(s, pid, "1-2601")][-1] == "hold"


def test_cancel_asks_for_the_managers_approval(ui_app, qtbot, demo_db: Database) -> None:
    with demo_db.read() as s:
        pid = projects.find_project(s, None).id
        code = next(r.code for r in units.rows(s, pid) if r.status == "subscribed")
    dlg = UnitDialog(Context(demo_db, actor(demo_db, "assistant"), "zh_CN"), pid, code)
    qtbot.addWidget(dlg)

    def fill() -> None:
        form = next(w for w in dlg.findChildren(ActionDialog) if w.isVisible())
        type_text(form.widgets["reason"], "客户放弃")
        form.submit()
        assert "经理" in form.errors.fields["approval"][1].text()
        form.approver.setText("manager")
        form.approver_password.setText("demo123")
        form.submit()

    QTimer.singleShot(100, fill)
    dlg.buttons["cancel"].click()
    assert dlg.unit.status == "available"
