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
        "manager", "新增", "设置 预留时长（分钟）", "值：45"]
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
    # Emptying the user box reads again at once: everyone's entries are back.
    before = screen.refreshes
    screen.user.clear()
    qtbot.waitUntil(lambda: screen.refreshes > before, timeout=5000)
    settle(qtbot, win)
    assert len({e.actor for e in screen.model.rows}) > 1
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


def test_names_both_filters_and_leaving_a_box_in_english(ui_app: Any, qtbot: Any,
                                                        open_window: Any,
                                                        demo_db: Database) -> None:
    from desk.ui.common.resources import switch_language

    switch_language("en")
    try:
        walk_in_english(qtbot, open_window(demo_db, "manager", "audit", lang="en",
                                           size=(1024, 768)))
    finally:
        switch_language("zh_CN")


def walk_in_english(qtbot: Any, win: Any) -> None:
    from desk.admin import audit

    screen = win.page("audit")
    assert isinstance(screen, AuditScreen)
    # Two filters: the actions, and the tables grouped by what they are about.
    assert [screen.action.itemText(i) for i in range(screen.action.count())] == [
        "Any action", "Added", "Changed", "Removed", "Imported", "Erased", "Signed in",
        "Sign-in refused (locked)", "Wrong password", "Unlocked"]
    kinds = [screen.kind.itemText(i) for i in range(screen.kind.count())]
    assert kinds[:4] == ["Everything", "Units", "Unit history", "Holds and deals"]
    assert kinds.index("Customers") < kinds.index("Visits") < kinds.index("Accounts")
    assert len(kinds) == len(audit.tables()) + 1
    # A unit by its code: the typed text applies when the box is left.
    type_text(screen.text, "1-1801")
    before = screen.refreshes
    screen.user.setFocus()
    qtbot.waitUntil(lambda: screen.refreshes > before, timeout=5000)
    settle(qtbot, win)
    rows = [(cell(screen, r, 3), cell(screen, r, 4)) for r in range(screen.model.rowCount())]
    assert rows and all(what.endswith(" 1-1801") for _, what in rows)
    assert sorted(rows) == sorted([("Added", "Holds and deals 1-1801")] * 2
                                  + [("Added", "Unit history 1-1801")] * 2
                                  + [("Changed", "Holds and deals 1-1801")]
                                  + [("Changed", "Units 1-1801")] * 3)
    assert {cell(screen, r, 5) for r in range(len(rows)) if rows[r][1] == "Units 1-1801"} == {
        "status: available → held", "status: held → subscribed", "status: subscribed"}
    # Leaving the box again with nothing changed reads nothing again.
    before = screen.refreshes
    screen.text.setFocus()
    screen.user.setFocus()
    settle(qtbot, win)
    assert screen.refreshes == before
    screen.text.clear()
    screen.action.setCurrentIndex(screen.action.findData("update"))
    settle(qtbot, win)
    assert {cell(screen, r, 3) for r in range(screen.model.rowCount())} == {"Changed"}
