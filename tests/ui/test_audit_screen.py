"""The manager's audit log screen: entries newest first, filtered by what, user
and text, long changes shortened with the whole text in the tooltip."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desk.admin import settings
from desk.core.db import Database
from desk.ui.admin.audit import AuditScreen
from tests.conftest import settle, type_text


def cell(screen: AuditScreen, row: int, col: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return screen.model.data(screen.model.index(row, col), role)


def test_the_manager_browses_and_filters_the_log(ui_app: Any, qtbot: Any, open_window: Any,
                                                 demo_db: Database) -> None:
    win = open_window(demo_db, "manager", "audit")
    screen = win.page("audit")
    assert isinstance(screen, AuditScreen) and screen.isVisible()
    before = screen.refreshes
    # A change made through the window's runner names who made it, and the shown
    # log follows at once.
    manager = win.ctx.actor
    win.ctx.ops.write(win, lambda uow: settings.put(uow, manager, "hold.ttl_minutes", 45))
    qtbot.waitUntil(lambda: screen.refreshes > before, timeout=5000)
    settle(qtbot, win)
    assert "audit" not in open_window(demo_db, "lina").factories
    rows = screen.model.rowCount()
    assert rows > 100  # the demo's own entries too
    ids = [e.id for e in screen.model.rows]
    assert ids == sorted(ids, reverse=True)  # newest first
    assert [cell(screen, 0, c) for c in (1, 3, 4, 5)] == [
        "manager", "新增", "设置 hold.ttl_minutes", "key=hold.ttl_minutes; value=45"]
    assert cell(screen, 0, 0).startswith(settings_day(demo_db))
    long = next(i for i, e in enumerate(screen.model.rows) if len(screen.change_text(e)) > 70)
    shown, tip = cell(screen, long, 5), cell(screen, long, 5, Qt.ItemDataRole.ToolTipRole)
    assert len(shown) == 70 and shown.endswith("…") and tip.startswith(shown[:-1])
    assert len(tip) > 70

    screen.kind.setCurrentIndex(screen.kind.findData("settings"))
    settle(qtbot, win)
    assert [(e.table, e.key, e.actor) for e in screen.model.rows] == [
        ("settings", "hold.ttl_minutes", "manager")]
    screen.kind.setCurrentIndex(0)
    type_text(screen.user, "manager")
    QTest.keyClick(screen.user, Qt.Key.Key_Return)
    settle(qtbot, win)
    assert {e.actor for e in screen.model.rows} == {"manager"}
    screen.user.clear()
    type_text(screen.text, "ttl_minutes")
    screen.search.click()
    settle(qtbot, win)
    assert [e.key for e in screen.model.rows] == ["hold.ttl_minutes"]
    screen.text.clear()
    type_text(screen.text, "no such text anywhere")
    screen.search.click()
    settle(qtbot, win)
    assert screen.model.rowCount() == 0 and screen.note.text() == "没有符合条件的记录。"

    # An impossible span is refused in one sentence where the notes go.
    screen.text.clear()
    screen.since.setDate(screen.until.date().addDays(1))
    settle(qtbot, win)
    assert screen.note.text() == "结束日期早于开始日期。"


def settings_day(db: Database) -> str:
    with db.read() as s:
        return settings.today(s).isoformat()
