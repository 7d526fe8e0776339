"""Two main windows on one database file, as two PCs: the assistant asks the
manager, the manager's window shows the request and answers it, the assistant's
form goes ahead (or reads the refusal) by itself."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from desk.core.db import Database
from desk.models import UnitEvent
from desk.sales import units
from desk.ui.sales.action_dialog import ActionDialog
from desk.ui.sales.approvals import ApprovalsScreen
from desk.ui.sales.unit_dialog import UnitDialog
from tests.conftest import actor, settle, type_text
from tests.ui.test_sales_screen import _closing, _form, pid_of


def two_pcs(qtbot, open_window, db: Database, code: str):  # type: ignore[no-untyped-def]
    assistant = open_window(db, "assistant")
    manager = open_window(db, "manager", "approvals")
    screen = manager.page("approvals")
    assert isinstance(screen, ApprovalsScreen) and screen.model.rowCount() == 0
    assert not manager.approvals_badge.isVisible()
    assert "approvals" not in assistant.factories  # the queue is the manager's
    dlg = UnitDialog(assistant.ctx, pid_of(db), code)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.loads == 1, timeout=3000)
    return assistant, manager, screen, dlg


def quiet(qtbot, *windows) -> None:  # type: ignore[no-untyped-def]
    """Let the last echoes of the feed arrive and be read before the windows go
    (a read still under way when a window is deleted reports on a deleted runner)."""
    qtbot.wait(1500)
    for w in windows:
        settle(qtbot, w)


def subscribed(db: Database) -> str:
    with db.read() as s:
        return next(r.code for r in units.rows(s, pid_of(db)) if r.status == "subscribed")


def ask_cancel(qtbot, form: ActionDialog) -> None:  # type: ignore[no-untyped-def]
    type_text(form.widgets["reason"], "客户资金问题")
    form.submit()
    qtbot.waitUntil(lambda: form.errors.fields["approval"][1].isVisible(), timeout=3000)
    box = form.approval_box
    assert box is not None
    box.ask_button.click()
    qtbot.waitUntil(lambda: box.status.text() == "正在等候经理答复…", timeout=3000)


def test_the_manager_approves_on_another_pc_and_the_assistant_goes_ahead(
        ui_app, qtbot, open_window, demo_db: Database) -> None:
    code = subscribed(demo_db)
    assistant, manager, screen, dlg = two_pcs(qtbot, open_window, demo_db, code)
    seen: dict[str, object] = {}

    @_closing
    def fill() -> None:
        form = _form(dlg)
        ask_cancel(qtbot, form)
        # The manager's window hears of it through its change watcher.
        qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=5000)
        qtbot.waitUntil(manager.approvals_badge.isVisible, timeout=3000)
        seen["badge"] = manager.approvals_badge.text()
        seen["notice"] = manager.statusBar().currentMessage()
        seen["row"] = [screen.model.index(0, c).data() for c in range(1, 6)]
        screen.view.selectRow(0)
        screen.approve_button.click()
        qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)  # went ahead by itself

    QTimer.singleShot(100, fill)
    dlg.buttons["cancel"].click()
    qtbot.waitUntil(lambda: dlg.unit is not None and dlg.unit.status == "available", timeout=3000)
    assert seen["badge"] == "1 项待审批"
    assert seen["notice"] == f"孙晓燕 发来新的审批请求：{code} 退订"
    assert seen["row"] == ["退订", code, dlg.history_model.rows[-1].customer, "孙晓燕",
                           "原因：客户资金问题"]
    qtbot.waitUntil(lambda: screen.model.rowCount() == 0, timeout=3000)
    qtbot.waitUntil(lambda: not manager.approvals_badge.isVisible(), timeout=3000)
    with demo_db.read() as s:
        last = s.query(UnitEvent).order_by(UnitEvent.id.desc()).first()
    assert (last.action, last.approved_by, last.actor_id) == (
        "cancel", actor(demo_db, "manager").id, actor(demo_db, "assistant").id)
    quiet(qtbot, assistant, manager)


def test_a_refusal_reaches_the_assistant_with_its_reason(ui_app, qtbot, open_window,
                                                         demo_db: Database) -> None:
    code = subscribed(demo_db)
    assistant, manager, screen, dlg = two_pcs(qtbot, open_window, demo_db, code)
    seen: dict[str, object] = {}

    @_closing
    def refuse_form() -> None:
        refusal = next(w for w in screen.findChildren(ActionDialog) if w.isVisible())
        type_text(refusal.widgets["reason"], "已过退订期")
        refusal.submit()

    @_closing
    def fill() -> None:
        form = _form(dlg)
        ask_cancel(qtbot, form)
        qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=5000)
        screen.view.selectRow(0)
        QTimer.singleShot(100, refuse_form)
        screen.refuse_button.click()
        box = form.approval_box
        assert box is not None
        qtbot.waitUntil(lambda: box.status.text().startswith("赵建国"), timeout=5000)
        seen["status"] = box.status.text()
        seen["ask again"] = box.ask_button.isEnabled()
        form.reject()

    QTimer.singleShot(100, fill)
    dlg.buttons["cancel"].click()
    assert seen == {"status": "赵建国 未批准：已过退订期", "ask again": True}
    assert dlg.unit is not None and dlg.unit.status == "subscribed"
    quiet(qtbot, assistant, manager)
