"""The front-desk panel and the hall board, driven by keys and clicks through the
main window as the application builds it."""

from __future__ import annotations

import re
from datetime import timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desk.admin import auth, settings
from desk.core.db import Database
from desk.customers import customers
from desk.reception import rotation
from desk.ui.reception.screen import ReceptionScreen, ReturningDialog
from tests.conftest import actor, settle, type_text


def panel(qtbot, open_window, db: Database):  # type: ignore[no-untyped-def]
    win = open_window(db, "frontdesk", "reception")
    screen = win.page("reception")
    assert isinstance(screen, ReceptionScreen)
    win.windowHandle().requestActivate()
    qtbot.waitUntil(win.isActiveWindow, timeout=2000)  # shortcuts need the active window
    return win, screen


def check_in(qtbot, win, screen: ReceptionScreen, *logins: str) -> None:  # type: ignore[no-untyped-def]
    for login in logins:
        qtbot.waitUntil(lambda lg=login: screen.checkin_box.findData(lg) >= 0, timeout=3000)
        screen.checkin_box.setCurrentIndex(screen.checkin_box.findData(login))
        screen.checkin()
        settle(qtbot, win)


def select(screen: ReceptionScreen, login: str) -> None:
    row = next(i for i, r in enumerate(screen.lines) if r.login == login)
    screen.view.selectRow(row)


def test_f2_hands_the_walkin_to_the_first_waiting_rep(ui_app, qtbot, open_window, staff_db) -> None:
    win, s = panel(qtbot, open_window, staff_db)
    check_in(qtbot, win, s, "lina", "zhangwei")
    assert [r.login for r in s.lines] == ["lina", "zhangwei"]
    assert "李娜" in s.why.text()
    qtbot.keyClick(s, Qt.Key.Key_F2)
    settle(qtbot, win)
    assert s.announce.text().startswith("请 李娜 接待")
    assert s.open_model.rowCount() == 1 and s.undo_button.isEnabled()
    qtbot.keyClick(s, Qt.Key.Key_F2)
    settle(qtbot, win)
    assert s.announce.text().startswith("请 张伟 接待")
    select(s, "lina")
    qtbot.mouseClick(s.buttons["finish"], Qt.MouseButton.LeftButton)
    settle(qtbot, win)
    assert [r.login for r in s.lines] == ["zhangwei", "lina"]
    assert s.open_model.rowCount() == 1


def test_checkin_list_offers_whom_the_service_accepts(ui_app, qtbot, open_window, staff_db) -> None:
    """Reps and managers may join the rotation (the service's rule); the list used
    to offer reps only."""
    win, s = panel(qtbot, open_window, staff_db)
    offered = [s.checkin_box.itemData(i) for i in range(s.checkin_box.count())]
    assert offered == ["chenjing", "lina", "liuyang", "wangfang", "yangfan", "zhangwei", "manager"]
    check_in(qtbot, win, s, "manager")
    assert [r.login for r in s.lines] == ["manager"]


def test_ctrl_z_undoes_the_last_assignment(ui_app, qtbot, open_window, staff_db) -> None:
    win, s = panel(qtbot, open_window, staff_db)
    check_in(qtbot, win, s, "lina", "zhangwei")
    qtbot.keyClick(s, Qt.Key.Key_F2)
    settle(qtbot, win)
    qtbot.keyClick(s, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, win)
    assert s.announce.text() == "已撤销上一次分配。"
    assert s.open_model.rowCount() == 0 and s.lines[0].is_next


def test_undo_button_follows_the_undo_setting(ui_app, qtbot, open_window, staff_db) -> None:
    """The window is the service's `rotation.undo_seconds`, not a fixed 2 minutes."""
    with staff_db.begin() as ses:
        settings.put(ses, actor(staff_db, "admin"), "rotation.undo_seconds", 30)
    win, s = panel(qtbot, open_window, staff_db)
    check_in(qtbot, win, s, "lina")
    qtbot.keyClick(s, Qt.Key.Key_F2)
    settle(qtbot, win)
    assert s.undo_window == timedelta(seconds=30) and s.undo_button.isEnabled()
    s.offset += timedelta(seconds=31)  # as if half a minute went by
    s._tick()
    assert not s.undo_button.isEnabled()


def test_last_waiting_rep_going_away_asks_first(ui_app, qtbot, open_window, staff_db,
                                               monkeypatch) -> None:
    win, s = panel(qtbot, open_window, staff_db)
    check_in(qtbot, win, s, "lina")
    asked: list[str] = []

    def answer(parent, title, text, *a, **k):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    select(s, "lina")
    s.leave()
    settle(qtbot, win)
    assert len(asked) == 1 and "最后一位" in asked[0]
    assert [r.login for r in s.lines] == ["lina"]  # said no: still there


def test_f3_sends_a_returning_customer_to_the_owner(ui_app, qtbot, open_window, staff_db) -> None:
    with staff_db.begin() as ses:
        c = customers.get_or_create(ses, "13912340000", "回头客",
                                    owner_id=auth.get_user(ses, "zhangwei").id)
        c.owner_until = ses.now + timedelta(days=5)
    win, s = panel(qtbot, open_window, staff_db)
    check_in(qtbot, win, s, "lina", "zhangwei")
    seen: list[str] = []

    def answer() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, ReturningDialog)
        type_text(dlg.phone, "13912340000")
        qtbot.waitUntil(lambda: dlg.found.text() != "", timeout=3000)
        seen.append(dlg.found.text())
        qtbot.keyClick(dlg.phone, Qt.Key.Key_Return)

    QTimer.singleShot(200, answer)
    qtbot.keyClick(s, Qt.Key.Key_F3)
    settle(qtbot, win)
    assert len(seen) == 1 and seen[0].startswith("回头客，归属 张伟")
    assert s.announce.text().startswith("请 张伟 接待") and "老客户归属" in s.announce.text()
    assert [(r.login, r.status) for r in s.lines] == [("lina", "waiting"), ("zhangwei", "receiving")]


def test_board_follows_changes_and_shows_no_phone_numbers(ui_app, qtbot, open_window,
                                                          staff_db) -> None:
    win, s = panel(qtbot, open_window, staff_db)
    s.open_board()
    board = s.board_window
    assert board is not None
    qtbot.addWidget(board)
    win.show_screen("visitors")  # the board follows the feed whichever screen is shown
    desk = actor(staff_db, "frontdesk")
    with staff_db.begin() as ses:  # another PC
        rotation.checkin(ses, desk, "wangfang")
        rotation.checkin(ses, desk, "lina")
    qtbot.waitUntil(lambda: board.next_name.text() == "王芳", timeout=3000)
    with staff_db.begin() as ses:
        rotation.walkin(ses, desk, phone="13812345678")
    qtbot.waitUntil(lambda: board.next_name.text() == "李娜", timeout=3000)
    texts = " ".join(w.text() for w in board.findChildren(type(board.next_name)))
    assert "王芳" in texts and not re.search(r"1\d{10}|\*\*\*\*", texts)
    board.close()
