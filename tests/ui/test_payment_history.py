"""Payments in the GUI through the main window: a payment voided from the 回款
screen with its reason, and a unit's schedule and payments in its dialog."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desk.admin import projects
from desk.core import timefmt
from desk.core.db import Database
from desk.models import Payment
from desk.sales import payments
from desk.ui.sales.action_dialog import ActionDialog
from desk.ui.sales.payments import PaymentsScreen
from desk.ui.sales.unit_dialog import UnitDialog
from tests.conftest import actor, settle, type_text
from tests.ui.test_payments_screen import fits


def pid_of(db: Database) -> int:
    with db.read() as s:
        return projects.find_project(s, None).id


def record(db: Database, code: str, amount: str) -> payments.Recorded:
    with db.begin() as s:
        return payments.record_for_unit(s, actor(db, "assistant"), pid_of(db), code, amount,
                                        force=True)


def test_the_manager_voids_a_payment_from_the_month_list(ui_app, qtbot, open_window,  # type: ignore[no-untyped-def]
                                                         demo_db: Database) -> None:
    done = record(demo_db, "1-1801", "50000")
    assistant = open_window(demo_db, "assistant", "payments")
    assert not assistant.page("payments").void_button.isVisibleTo(assistant)
    win = open_window(demo_db, "manager", "payments")
    screen = win.page("payments")
    assert isinstance(screen, PaymentsScreen)
    screen.tabs.setCurrentWidget(screen.month_view)
    assert not screen.void_button.isEnabled()
    screen.month_view.selectRow(0)
    assert screen.void_button.isEnabled() and screen.void_button.text() == "作废…"
    seen: list[str] = []

    def fill() -> None:
        form = QApplication.activeModalWidget()
        assert isinstance(form, ActionDialog)
        seen.append(form.windowTitle())
        form.submit()
        reason, message = form.widgets["reason"], form.errors.fields["reason"][1]
        qtbot.waitUntil(lambda: message.isVisible() and fits(message, reason), timeout=5000)
        seen.append(message.text())
        type_text(reason, "录错房号")
        seen.append(f"{message.isHidden()} {reason.text()}")  # the message goes as one types
        form.submit()

    QTimer.singleShot(300, fill)
    screen.void_button.click()
    qtbot.waitUntil(lambda: bool(screen.month_model.rows) and screen.month_model.rows[0].voided,
                    timeout=10_000)
    settle(qtbot, win)
    assert seen == ["作废收款", "请填写原因。", "True 录错房号"]
    row = screen.month_model.rows[0]
    assert (row.receipt_no, row.voided, row.void_reason) == (done.receipt_no, True, "录错房号")
    voided_column = [screen.month_model.headerData(i, Qt.Orientation.Horizontal) for i in
                     range(screen.month_model.columnCount())].index("作废")
    with demo_db.read() as s:
        voided_at = s.get(Payment, done.payment_id).voided_at  # type: ignore[union-attr]
    assert (row.voided_by, row.voided_at) == ("赵建国", voided_at)
    assert screen.month_model.index(0, voided_column).data() == \
        f"录错房号（赵建国，{timefmt.full(voided_at)}）"
    assert "已回款 ¥0.00" in screen.summary.text()
    assert not screen.void_button.isEnabled()  # a voided row cannot be voided again


def test_the_unit_dialog_shows_the_schedule_and_payments(ui_app, qtbot, open_window,  # type: ignore[no-untyped-def]
                                                         demo_db: Database) -> None:
    pid = pid_of(demo_db)
    kept = record(demo_db, "1-1801", "30000")
    wrong = record(demo_db, "1-1801", "20000")
    with demo_db.begin() as s:
        payments.void(s, actor(demo_db, "manager"), wrong.payment_id, "金额有误")
    rep = open_window(demo_db, "lina")
    rep_dlg = UnitDialog(rep.ctx, pid, "1-1801")
    qtbot.addWidget(rep_dlg)
    qtbot.waitUntil(lambda: rep_dlg.loads == 1, timeout=5000)
    assert [rep_dlg.tabs.tabText(i) for i in range(rep_dlg.tabs.count())] == ["变更记录"]
    win = open_window(demo_db, "assistant")
    dlg = UnitDialog(win.ctx, pid, "1-1801")
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.loads == 1, timeout=5000)
    assert [dlg.tabs.tabText(i) for i in range(dlg.tabs.count())] == ["变更记录", "回款"]
    tab = dlg.payments_tab
    deal = tab.deal
    assert deal is not None and deal.received == Decimal("30000.00")
    assert next((r.item, r.amount, r.outstanding) for r in tab.schedule_model.rows) == (
        "定金", Decimal("50000.00"), Decimal("20000.00"))
    assert [(r.receipt_no, r.amount, r.voided, r.operator) for r in tab.payments_model.rows] == [
        (wrong.receipt_no, Decimal("20000.00"), True, "孙晓燕"),
        (kept.receipt_no, Decimal("30000.00"), False, "孙晓燕")]
    cells = [[tab.payments_model.index(r, c).data() for c in range(tab.payments_model.columnCount())]
             for r in range(2)]
    assert cells[0][1:] == ["¥20,000.00", "银行转账", wrong.receipt_no, "孙晓燕", "金额有误"]
    assert tab.summary.text().startswith("应收 ¥") and "已收 ¥30,000.00" in tab.summary.text()
    record(demo_db, "1-1801", "20000")  # another PC: the dialog follows
    qtbot.waitUntil(lambda: len(tab.payments_model.rows) == 3, timeout=10_000)
    assert tab.schedule_model.rows[0].outstanding == Decimal("0.00")
