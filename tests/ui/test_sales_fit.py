"""The approvals screen and the subscription form (with its rep, price note and
the manager's approval) fit a 1024×768 screen, in both languages."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from desk.core.db import Database
from desk.models.enums import ApprovalKind
from desk.sales import claims, units
from desk.ui.sales.unit_dialog import UnitDialog
from tests.conftest import actor, settle
from tests.ui.test_sales_screen import _closing, _form, pid_of
from tools.fit import clipped


@pytest.fixture(params=["zh_CN", "en"])
def lang(request: pytest.FixtureRequest, ui_app: Any) -> Iterator[str]:
    from desk.ui.common.resources import switch_language

    switch_language(request.param)
    yield request.param
    switch_language("zh_CN")


def test_approvals_screen_fits(ui_app, qtbot, open_window, demo_db: Database, lang: str) -> None:
    pid = pid_of(demo_db)
    with demo_db.begin() as s:
        asst = actor(demo_db, "assistant")
        for r in [r for r in units.rows(s, pid) if r.status == "subscribed"][:2]:
            claims.request_approval(s, asst, pid, r.code, ApprovalKind.CANCEL,
                                    reason="客户资金出现问题，申请退订")
    win = open_window(demo_db, "manager", "approvals", lang=lang)
    win.resize(1024, 768)
    settle(qtbot, win)
    assert win.page("approvals").model.rowCount() == 2
    # The status bar's database path is as long as the test's folder name: not ours.
    assert [c for c in clipped(win) if win.ctx.db.description not in c
            and "/tmp/" not in c] == []


def test_subscription_form_fits(ui_app, qtbot, open_window, demo_db: Database, lang: str) -> None:
    win = open_window(demo_db, "assistant", lang=lang)
    dlg = UnitDialog(win.ctx, pid_of(demo_db), "1-2601")
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.loads == 1, timeout=3000)
    seen: dict[str, Any] = {}

    with demo_db.read() as s:
        list_price = units.rows(s, pid_of(demo_db), code="1-2601")[0].list_price

    @_closing
    def look() -> None:
        form = _form(dlg)
        note, price = form.notes["agreed_price"], form.widgets["agreed_price"]
        price.setText(str((list_price * Decimal("0.97")).quantize(Decimal("1"))))
        qtbot.waitUntil(note.isVisible, timeout=3000)  # past the limit: the longest note
        qtbot.wait(100)
        seen["size"] = (form.width(), form.height())
        seen["clipped"] = clipped(form)
        form.reject()

    QTimer.singleShot(100, look)
    dlg.buttons["subscribe"].click()
    width, height = seen["size"]
    assert width <= 1024 and height <= 768 - 60  # the task bar keeps some of the screen
    assert seen["clipped"] == []


def test_unit_dialog_with_its_rep_and_operator_fits(ui_app, qtbot, open_window,
                                                    demo_db: Database) -> None:
    """In Chinese, as the showroom works; in English the history of any unit
    scrolls sideways (its status names are long)."""
    win = open_window(demo_db, "manager")
    pid = pid_of(demo_db)
    with demo_db.read() as s:
        code = next(r.code for r in units.rows(s, pid) if r.status == "signed"
                    and r.operator != r.rep)
    dlg = UnitDialog(win.ctx, pid, code)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.loads == 1, timeout=3000)
    qtbot.wait(100)
    assert dlg.width() <= 1024 and dlg.height() <= 768 - 60
    assert clipped(dlg) == []
