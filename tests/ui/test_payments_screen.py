"""The payments screen (回款) through the main window: the three lists, and a
payment recorded through its form, refused by the field first, then printed."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from desk.admin import settings
from desk.core.db import Database
from desk.ui.documents.preview import PdfPreview
from desk.ui.sales.action_dialog import ActionDialog
from desk.ui.sales.payments import PaymentsScreen
from tests.conftest import settle, type_text


def test_record_a_payment_and_the_lists_update_once(ui_app, qtbot, open_window,  # type: ignore[no-untyped-def]
                                                     demo_db: Database) -> None:
    win = open_window(demo_db, "assistant", "payments")
    screen = win.page("payments")
    assert isinstance(screen, PaymentsScreen)
    with demo_db.read() as s:
        today = settings.today(s)
    assert [screen.tabs.tabText(i) for i in range(3)] == ["本周到期", "逾期", "本月"]
    week = screen.week_model.rows
    assert len(week) == 8 and all(r.item == "定金" and r.due_on == today for r in week)
    assert screen.overdue_model.rows == [] and screen.month_model.rows == []
    assert screen.summary.text() == f"{today:%Y-%m}：计划回款 ¥400,000.00，已回款 ¥0.00（0.0%），退款 ¥0.00"
    first = week[0]
    screen.week_view.selectRow(0)
    seen: list[str] = []

    def fill() -> None:
        form = QApplication.activeModalWidget()
        assert isinstance(form, ActionDialog)
        assert (form.widgets["code"].text(), form.widgets["amount"].text()) == (first.unit_code,
                                                                               "50000.00")
        form.widgets["amount"].clear()
        type_text(form.widgets["amount"], "99999999")
        form.widgets["method"].setCurrentIndex(form.widgets["method"].findData("pos"))
        form.submit()
        qtbot.waitUntil(lambda: form.errors.fields["amount"][1].isVisible(), timeout=5000)
        seen.append(form.errors.fields["amount"][1].text())
        # nothing typed is lost
        seen.append(f"{form.widgets['amount'].text()} {form.widgets['method'].currentData()} "
                    f"{form.widgets['note'].text()}")
        form.widgets["amount"].clear()
        type_text(form.widgets["amount"], "50000")
        form.submit()

    before = screen.refreshes
    QTimer.singleShot(100, fill)
    screen.record_button.click()
    qtbot.waitUntil(lambda: any(isinstance(w, PdfPreview) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=10_000)
    settle(qtbot, win)
    qtbot.wait(800)  # the change feed's echo of this window's own payment: skipped
    settle(qtbot, win)
    assert seen[0].startswith("收款金额 ¥99,999,999.00 超过未付余额 ¥") and seen[0].endswith(
        "已收 ¥0.00）。")
    assert seen[1:] == ["99999999 pos "]  # the note starts empty: the receipt names the items
    preview = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PdfPreview))
    assert preview.printed.kind == "receipt" and preview.printed.copy_no == 1
    number = preview.printed.ref
    preview.close()
    assert screen.refreshes == before + 1
    assert len(screen.week_model.rows) == 7
    assert first.unit_code not in [r.unit_code for r in screen.week_model.rows]
    assert [(r.receipt_no, r.unit_code, str(r.amount), r.method) for r in screen.month_model.rows] \
        == [(number, first.unit_code, "50000.00", "pos")]
    assert screen.summary.text() == (f"{today:%Y-%m}：计划回款 ¥400,000.00，已回款 ¥50,000.00"
                                     "（12.5%），退款 ¥0.00")


def test_only_the_assistant_and_manager_see_payments(ui_app, qtbot, open_window,  # type: ignore[no-untyped-def]
                                                     demo_db: Database) -> None:
    for login, shown in (("assistant", True), ("manager", True), ("lina", False),
                         ("frontdesk", False), ("admin", False)):
        win = open_window(demo_db, login)
        assert ("payments" in win.factories) is shown, login
        win.close()


def fits(label: QLabel, field: QWidget) -> bool:
    """The message has the height its wrapped text needs at its width, and the
    field above it the height it asks for: nothing squashed."""
    return (label.height() == label.heightForWidth(label.width())
            and field.height() >= field.sizeHint().height())


def test_a_long_refusal_is_shown_whole_and_goes_once_the_amount_is_edited(  # type: ignore[no-untyped-def]
        ui_app, qtbot, open_window, demo_db: Database) -> None:
    win = open_window(demo_db, "assistant", "payments", size=(1024, 768))
    screen = win.page("payments")
    assert isinstance(screen, PaymentsScreen)
    screen.week_view.selectRow(0)
    seen: list[object] = []

    def fill() -> None:
        form = QApplication.activeModalWidget()
        assert isinstance(form, ActionDialog)
        amount, message = form.widgets["amount"], form.errors.fields["amount"][1]
        amount.clear()
        type_text(amount, "99999999")
        form.submit()
        try:
            qtbot.waitUntil(lambda: message.isVisible() and fits(message, amount), timeout=5000)
            lines = message.height() // message.fontMetrics().lineSpacing()
            seen.append((lines, form.height() <= 768, amount.property("invalid")))
            type_text(amount, "0")  # editing the field takes its message away at once
            seen.append((message.isHidden(), message.text(), amount.property("invalid")))
        finally:
            form.reject()

    QTimer.singleShot(100, fill)
    screen.record_button.click()
    settle(qtbot, win)
    assert seen == [(2, True, True), (True, "", False)]


def test_columns_fit_their_text_and_no_figure_stretches(  # type: ignore[no-untyped-def]
        ui_app, qtbot, open_window, demo_db: Database) -> None:
    win = open_window(demo_db, "assistant", "payments", size=(1024, 768))
    screen = win.page("payments")
    assert isinstance(screen, PaymentsScreen)
    for view in (screen.week_view, screen.overdue_view):
        header = view.horizontalHeader()
        assert not header.stretchLastSection()
        for column in range(header.count()):  # each as wide as its header or its widest cell
            assert header.sectionSize(column) == max(header.sectionSizeHint(column),
                                                     view.sizeHintForColumn(column)), column
    header = screen.week_view.horizontalHeader()
    unpaid = header.count() - 1
    assert screen.week_model.headerData(unpaid, Qt.Orientation.Horizontal) == "未付"
    assert header.sectionSize(unpaid) < 150
    assert header.length() < screen.week_view.viewport().width()
    assert screen.month_view.horizontalHeader().stretchLastSection()  # the note, a text


def test_more_than_is_due_is_asked_no_keeps_the_form_yes_records(  # type: ignore[no-untyped-def]
        ui_app, qtbot, open_window, demo_db: Database) -> None:
    win = open_window(demo_db, "assistant", "payments")
    screen = win.page("payments")
    assert isinstance(screen, PaymentsScreen)
    first = screen.week_model.rows[0]
    screen.week_view.selectRow(0)
    seen: list[object] = []

    def answer(button: QMessageBox.StandardButton) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.button(button).click()

    def fill() -> None:
        form = QApplication.activeModalWidget()
        assert isinstance(form, ActionDialog)
        form.widgets["amount"].clear()
        type_text(form.widgets["amount"], "999999")
        QTimer.singleShot(300, lambda: answer(QMessageBox.StandardButton.No))
        form.submit()
        qtbot.waitUntil(lambda: len(seen) == 1 and form.ok_button.isEnabled(), timeout=5000)
        seen.append((form.isVisible(), form.widgets["amount"].text(),
                     form.errors.fields["amount"][1].isVisible()))
        QTimer.singleShot(300, lambda: answer(QMessageBox.StandardButton.Yes))
        form.submit()

    QTimer.singleShot(100, fill)
    screen.record_button.click()
    qtbot.waitUntil(lambda: any(isinstance(w, PdfPreview) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=10_000)
    preview = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PdfPreview))
    preview.close()
    settle(qtbot, win)
    question = ("本次收款 999,999.00 元超过目前应收的 50,000.00 元（定金）。"
                "多出的 949,999.00 元将计入后续款项（首付款）。确认登记吗？")
    assert seen == [question, (True, "999999", False), question]
    assert [(r.unit_code, str(r.amount)) for r in screen.month_model.rows] == [
        (first.unit_code, "999999.00")]
