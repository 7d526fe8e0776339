"""The commission screen (佣金) through the main window: the manager's statement,
an adjustment refused without a reason then saved, a month confirmed and shown
locked; a rep sees only their own lines and no buttons to change them."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desk.admin import settings
from desk.core.db import Database
from desk.reporting import periods, registry
from desk.reporting.cells import text
from desk.reporting.model import Kind
from desk.sales import commission
from desk.ui.reporting.commission import REP, RULE, SHARE, STATUS, CommissionScreen
from desk.ui.sales.action_dialog import ActionDialog
from tests.conftest import actor, settle, type_text


def cells(screen: CommissionScreen, column: int) -> list[str]:
    return [screen.table.item(r, column).text() for r in range(screen.table.rowCount())]


def test_adjust_and_confirm(ui_app, qtbot, open_window,  # type: ignore[no-untyped-def]
                            demo_db: Database) -> None:
    with demo_db.read() as s:
        this = settings.today(s).replace(day=1)
        team = commission.statement(s, actor(demo_db, "manager"), this)
    win = open_window(demo_db, "manager", "commission")
    screen = win.page("commission")
    assert isinstance(screen, CommissionScreen)
    settle(qtbot, win)
    assert screen.table.rowCount() == len(team.lines) == 8
    assert screen.state.text().startswith("未确认")
    assert screen.total.text() == f"合计：{team.total:,.2f}"
    # Shares and money written as the 佣金 report writes them.
    with demo_db.read() as s:
        report = registry.reports()["commission"].build(
            s, actor(demo_db, "manager"), periods.month(this), None).table("statement")
    at = {c.key: i for i, c in enumerate(report.columns)}
    assert cells(screen, SHARE) == [text(r[at["share"]], Kind.PERCENT) for r in report.rows]
    assert "100.0%" in cells(screen, SHARE)
    screen.table.selectRow(0)
    first = team.lines[0]
    seen: list[str] = []

    def fill() -> None:
        form = QApplication.activeModalWidget()
        assert isinstance(form, ActionDialog)
        seen.append(form.widgets["deal"].text())
        rep = form.widgets["rep"]
        rep.setCurrentIndex(rep.findText("张伟"))
        type_text(form.widgets["share"], "25")
        form.submit()
        qtbot.waitUntil(lambda: form.errors.fields["reason"][1].isVisible(), timeout=5000)
        seen.append(form.errors.fields["reason"][1].text())
        type_text(form.widgets["reason"], "张伟协助带看")
        form.submit()

    QTimer.singleShot(100, fill)
    screen.adjust_button.click()
    settle(qtbot, win)
    qtbot.waitUntil(lambda: screen.table.rowCount() == 9, timeout=5000)
    assert seen == [str(first.deal_id), "请填写调整原因。"]
    rows = [(cells(screen, REP)[i], cells(screen, SHARE)[i], cells(screen, RULE)[i])
            for i in range(9)]
    assert (first.rep, "75.0%", "归属顾问：张伟协助带看") in rows
    assert ("张伟", "25.0%", "经理调整：张伟协助带看") in rows

    # This month has not ended: the button names it, is off and says why.
    assert screen.confirm_button.text() == f"确认 {this:%Y-%m}…"
    assert not screen.confirm_button.isEnabled()
    assert screen.confirm_button.toolTip() == screen.refusal.text() == \
        f"{this:%Y-%m} 尚未结束，月底后才能确认。"
    assert screen.refusal.isVisible()
    assert screen.table.horizontalHeaderItem(STATUS).text() == "状态"
    assert set(cells(screen, STATUS)) == {"未确认"}

    # Last month, before any deal: nothing to confirm.
    last = this - timedelta(days=1)
    screen.month.setDate(QDate(last.year, last.month, 1))
    settle(qtbot, win)
    qtbot.waitUntil(lambda: screen.confirm_button.text() == f"确认 {last:%Y-%m}…", timeout=5000)
    assert screen.table.rowCount() == 0 and not screen.confirm_button.isEnabled()
    assert screen.refusal.text() == f"{last:%Y-%m} 没有成交也没有调整，无需确认。"

    # A month later this month has ended: confirmed after the question, then shown locked.
    demo_db.clock_offset += timedelta(days=32)
    screen.month.setDate(QDate(this.year, this.month, 1))
    settle(qtbot, win)
    qtbot.waitUntil(screen.confirm_button.isEnabled, timeout=5000)
    assert screen.confirm_button.text() == f"确认 {this:%Y-%m}…"
    assert screen.confirm_button.toolTip() == "" and not screen.refusal.isVisible()

    def yes() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    QTimer.singleShot(100, yes)
    screen.confirm_button.click()
    qtbot.waitUntil(lambda: screen.state.text().startswith("已由 赵建国 于"), timeout=5000)
    assert seen[-1] == (f"确认 {this:%Y-%m} 的佣金？确认后该月锁定，之后的更改以冲销和新明细记录。")
    assert not screen.confirm_button.isEnabled() and not screen.refusal.isVisible()
    assert screen.confirm_button.toolTip() == f"{this:%Y-%m} 的佣金已确认。"
    assert screen.table.rowCount() == 9 and set(cells(screen, STATUS)) == {"已确认"}


def test_a_rep_sees_only_their_own_lines(ui_app, qtbot, open_window,  # type: ignore[no-untyped-def]
                                         demo_db: Database) -> None:
    win = open_window(demo_db, "lina", "commission")
    screen = win.page("commission")
    assert isinstance(screen, CommissionScreen)
    settle(qtbot, win)
    assert set(cells(screen, REP)) == {"李娜"}
    assert not screen.adjust_button.isVisible() and not screen.confirm_button.isVisible()
    assert not screen.rep.isVisible()
    for login, shown in (("manager", True), ("lina", True), ("assistant", False),
                         ("frontdesk", False)):
        assert ("commission" in open_window(demo_db, login).factories) is shown, login
