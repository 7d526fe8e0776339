"""The subscription form says, beside the price as it is typed, when the total is
one the project's pricing rule cannot give, and which totals it can."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit

from desk.core.db import Database
from desk.models import Project
from desk.ui.sales.unit_dialog import UnitDialog
from tests.conftest import type_text
from tests.ui.test_sales_screen import _closing, _form, pid_of


def test_a_total_off_the_rule_is_flagged_beside_the_price(ui_app, qtbot, open_window,
                                                          demo_db: Database) -> None:
    with demo_db.begin() as s:
        s.get_one(Project, pid_of(demo_db)).price_rule = "gross_yuan"
    win = open_window(demo_db, "assistant")
    dlg = UnitDialog(win.ctx, pid_of(demo_db), "1-2601")  # 118.56 ㎡
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.loads == 1, timeout=3000)
    seen: list[tuple[str, str]] = []

    @_closing
    def fill() -> None:
        form = _form(dlg)
        note, price = form.notes["agreed_price"], form.widgets["agreed_price"]
        assert isinstance(price, QLineEdit)
        for typed in ("4200000.50", "4200000"):
            price.clear()
            type_text(price, typed)
            before = note.text()
            qtbot.waitUntil(lambda b=before: note.isVisible() and note.text() != b, timeout=3000)
            seen.append((note.text(), note.objectName()))
        form.reject()

    QTimer.singleShot(100, fill)
    dlg.buttons["subscribe"].click()
    assert seen[0] == ("成交总价不符合本项目的计价规则（建筑面积×单价，总价四舍五入到元）："
                       "最接近的总价是 ¥4,200,000.00 或 ¥4,200,001.00。", "fieldError")
    assert seen[1] == ("折扣 1.51%，在权限之内。", "hint")  # off ¥4,264,366.08: whole yuan will do
