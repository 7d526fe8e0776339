"""The targets screen (目标) through the main window: the manager types the
month's targets, a wrong cell is refused by its row and keeps what was typed,
then everything is saved in one go and shown against the month's figures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from desk.admin import settings
from desk.core.db import Database
from desk.models import SalesTarget
from desk.reporting import assessment
from desk.reporting.periods import month
from desk.ui.admin.screen import AdminScreen
from desk.ui.reporting.targets import COLLECTION, SCOPE, SIGNED, SIGNED_SO_FAR, UNITS, TargetsScreen
from tests.conftest import actor, settle


def saved_targets(db: Database) -> int:
    with db.read() as s:
        return int(s.execute(select(func.count()).select_from(SalesTarget)).scalar_one())


def test_set_the_months_targets(ui_app, qtbot, open_window,  # type: ignore[no-untyped-def]
                                demo_db: Database) -> None:
    win = open_window(demo_db, "manager", "targets")
    screen = win.page("targets")
    assert isinstance(screen, TargetsScreen)
    keys = list(win.factories)
    assert keys[keys.index("reports") + 1] == "targets"
    assert win.nav.item(keys.index("targets")).text() == "目标"
    with demo_db.read() as s:
        first = settings.today(s).replace(day=1)
        actual = assessment.actuals(s, actor(demo_db, "manager"), month(first))
    assert screen.chosen_month() == first
    table = screen.table
    scopes = [table.item(r, SCOPE).text() for r in range(table.rowCount())]
    assert scopes == ["团队", "刘洋", "张伟", "李娜", "杨帆", "王芳", "陈静"]
    assert [table.horizontalHeaderItem(c).text() for c in range(7)] == [
        "范围", "签约目标", "已签约", "套数目标", "已签套数", "回款目标", "已回款"]
    team = actual[None]
    assert table.item(0, SIGNED).text() == "" and table.item(0, SIGNED_SO_FAR).text() == \
        f"{team.signed_amount:,.2f}"  # no target yet: no share

    lina = scopes.index("李娜")
    table.item(0, SIGNED).setText("20,000,000")
    table.item(lina, UNITS).setText("两套")
    table.item(lina, COLLECTION).setText("-5")
    screen.save_button.click()
    qtbot.waitUntil(screen.errors.isVisible, timeout=5000)
    assert screen.errors.text() == "李娜：签约套数目标必须是整数。\n李娜：回款目标金额必须是不小于零的数。"
    assert table.item(lina, UNITS).toolTip() == "签约套数目标必须是整数。"
    assert (table.item(0, SIGNED).text(), table.item(lina, UNITS).text()) == ("20,000,000", "两套")
    assert saved_targets(demo_db) == 0  # one transaction: nothing of it is kept

    table.item(lina, UNITS).setText("2")
    table.item(lina, COLLECTION).setText("")
    screen.save_button.click()
    qtbot.waitUntil(lambda: screen.status.text() == "已保存。", timeout=5000)
    settle(qtbot, win)
    qtbot.waitUntil(lambda: table.item(0, SIGNED).text() == "20,000,000.00", timeout=5000)
    assert not screen.errors.isVisible() and table.item(lina, UNITS).toolTip() == ""
    assert saved_targets(demo_db) == 2
    share = assessment.rate(team.signed_amount, 20_000_000)
    assert share is not None  # one decimal, as the reports show a share
    percent = (share * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert table.item(0, SIGNED_SO_FAR).text() == f"{team.signed_amount:,.2f} · {percent}%"
    assert (table.item(lina, UNITS).text(), table.item(lina, COLLECTION).text()) == ("2", "")


def answer(qtbot, seen: list[str], button: QMessageBox.StandardButton,  # type: ignore[no-untyped-def]
           then: Callable[[], object]) -> None:
    """Do `then` (it changes the month) and answer the question it brings with
    `button`, noting the question and its buttons' words."""
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(" / ".join([box.text()] + [box.button(b).text() for b in (
            QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Cancel)]))
        box.button(button).click()

    QTimer.singleShot(20, click)
    count = len(seen)
    then()
    qtbot.waitUntil(lambda: len(seen) > count, timeout=5000)


def test_changing_the_month_with_unsaved_targets(ui_app, qtbot, open_window,  # type: ignore[no-untyped-def]
                                                 demo_db: Database) -> None:
    win = open_window(demo_db, "manager", "targets")
    screen = win.page("targets")
    assert isinstance(screen, TargetsScreen)
    settle(qtbot, win)
    this = screen.chosen_month()
    last = (this - timedelta(days=1)).replace(day=1)
    table, save = screen.table, screen.save_button
    assert not save.isEnabled() and screen.status.text() == ""
    table.item(0, SIGNED).setText("1000000")
    assert save.isEnabled() and screen.status.text() == "有未保存的修改"
    table.item(0, SIGNED).setText("")  # typed back as it was: nothing to save
    assert not save.isEnabled() and screen.status.text() == ""
    table.item(0, SIGNED).setText("1000000")

    def pick(first: date) -> Callable[[], None]:
        return lambda: screen.month.setDate(QDate(first.year, first.month, 1))

    seen: list[str] = []
    answer(qtbot, seen, QMessageBox.StandardButton.Cancel, pick(last))
    assert seen == [f"{this:%Y-%m} 的目标有未保存的修改。保存、放弃还是取消？ / 保存 / 放弃 / 取消"]
    settle(qtbot, win)
    assert screen.chosen_month() == this and table.item(0, SIGNED).text() == "1000000"
    assert save.isEnabled() and screen.status.text() == "有未保存的修改"

    answer(qtbot, seen, QMessageBox.StandardButton.Discard, pick(last))
    settle(qtbot, win)
    qtbot.waitUntil(lambda: screen.shown is not None and screen.shown.month == last,
                    timeout=5000)
    assert screen.chosen_month() == last and table.item(0, SIGNED).text() == ""
    assert not save.isEnabled() and screen.status.text() == ""
    assert saved_targets(demo_db) == 0

    screen.month.setDate(QDate(this.year, this.month, 1))  # nothing typed: no question
    settle(qtbot, win)
    qtbot.waitUntil(lambda: screen.shown is not None and screen.shown.month == this,
                    timeout=5000)
    assert len(seen) == 2
    table.item(0, SIGNED).setText("1000000")
    answer(qtbot, seen, QMessageBox.StandardButton.Save, pick(last))
    qtbot.waitUntil(lambda: saved_targets(demo_db) == 1, timeout=5000)
    settle(qtbot, win)
    qtbot.waitUntil(lambda: screen.shown is not None and screen.shown.month == last,
                    timeout=5000)
    assert screen.chosen_month() == last and table.item(0, SIGNED).text() == ""
    assert not save.isEnabled() and screen.status.text() == "已保存。"
    with demo_db.read() as s:
        assert s.execute(select(SalesTarget.month, SalesTarget.signed_amount)).one() == (
            this, Decimal("1000000.00"))


def test_only_a_manager_has_the_screen(ui_app, qtbot, open_window,  # type: ignore[no-untyped-def]
                                       staff_db: Database) -> None:
    for login in ("lina", "assistant", "admin"):
        assert "targets" not in open_window(staff_db, login).factories


def test_the_assessment_weights_in_the_rules_tab(ui_app, qtbot, open_window,  # type: ignore[no-untyped-def]
                                                 staff_db: Database,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "information", lambda *_: None)
    win = open_window(staff_db, "manager", "admin")
    admin = win.page("admin")
    assert isinstance(admin, AdminScreen)
    edit = admin.rule_edits["assessment.weights"]
    # In the screen's language, read from the start.
    assert edit.text() == "签约=30, 回款=25, 转化=20, 跟进=15, 满意度=10, 投诉扣分=5"
    assert edit.cursorPosition() == 0
    edit.setText("签约=300")
    admin.save_rules()
    settle(qtbot, win)
    error = admin.rule_errors.fields["assessment.weights"][1]
    assert error.text() == "考核权重中「签约」应为 0 到 100 的数。"
    assert edit.text() == "签约=300"
    edit.setText("signed=40，投诉扣分=0")  # either language's names
    admin.save_rules()
    settle(qtbot, win)
    with staff_db.read() as s:
        assert settings.get(s, "assessment.weights") == {
            "signed": 40, "collected": 25, "conversion": 20, "followups": 15, "satisfaction": 10,
            "complaint": 0}
    qtbot.waitUntil(lambda: edit.text() == "签约=40, 回款=25, 转化=20, 跟进=15, 满意度=10, "
                    "投诉扣分=0", timeout=5000)


def test_a_rule_loses_its_message_once_it_is_edited(  # type: ignore[no-untyped-def]
        ui_app, qtbot, open_window, staff_db: Database) -> None:
    win = open_window(staff_db, "manager", "admin", size=(1024, 768))
    admin = win.page("admin")
    assert isinstance(admin, AdminScreen)
    admin.tabs.setCurrentIndex(
        next(i for i in range(admin.tabs.count()) if admin.tabs.tabText(i) == "规则"))
    edit = admin.rule_edits["assessment.weights"]
    edit.setText("签约=300")
    admin.save_rules()
    settle(qtbot, win)
    error = admin.rule_errors.fields["assessment.weights"][1]
    qtbot.waitUntil(error.isVisible, timeout=5000)
    assert edit.property("invalid") is True
    edit.setFocus()
    edit.end(False)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)  # 签约=30: corrected by typing
    assert (error.isHidden(), error.text(), edit.property("invalid")) == (True, "", False)
    assert edit.text() == "签约=30"
