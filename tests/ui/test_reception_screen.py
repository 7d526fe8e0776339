"""The front-desk panel and the hall board, driven by keys and clicks."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desk.core.db import Database
from desk.customers import customers
from desk.reception import rotation
from desk.ui.common.context import Context
from desk.ui.reception.board import QueueBoard
from desk.ui.reception.screen import ReceptionScreen
from tests.conftest import actor


def panel(qtbot, db: Database) -> ReceptionScreen:  # type: ignore[no-untyped-def]
    screen = ReceptionScreen(Context(db, actor(db, "frontdesk"), "zh_CN"))
    qtbot.addWidget(screen)
    screen.resize(1300, 800)
    screen.show()
    qtbot.waitExposed(screen)
    screen.windowHandle().requestActivate()
    qtbot.waitUntil(screen.isActiveWindow, timeout=2000)  # shortcuts need the active window
    return screen


def check_in(screen: ReceptionScreen, *logins: str) -> None:
    for login in logins:
        screen.checkin_box.setCurrentIndex(screen.checkin_box.findData(login))
        screen.checkin()


def select(screen: ReceptionScreen, login: str) -> None:
    row = next(i for i, r in enumerate(screen.lines) if r.login == login)
    screen.view.selectRow(row)


def test_f2_hands_the_walkin_to_the_first_waiting_rep(ui_app, qtbot, staff_db) -> None:
    s = panel(qtbot, staff_db)
    check_in(s, "lina", "zhangwei")
    assert [r.login for r in s.lines] == ["lina", "zhangwei"]
    assert "李娜" in s.why.text()
    qtbot.keyClick(s, Qt.Key.Key_F2)
    assert s.announce.text().startswith("请 李娜 接待")
    assert s.open_model.rowCount() == 1 and s.undo_button.isEnabled()
    qtbot.keyClick(s, Qt.Key.Key_F2)
    assert s.announce.text().startswith("请 张伟 接待")
    select(s, "lina")
    qtbot.mouseClick(s.buttons["finish"], Qt.MouseButton.LeftButton)
    assert [r.login for r in s.lines] == ["zhangwei", "lina"]
    assert s.open_model.rowCount() == 1


def test_ctrl_z_undoes_the_last_assignment(ui_app, qtbot, staff_db) -> None:
    s = panel(qtbot, staff_db)
    check_in(s, "lina", "zhangwei")
    qtbot.keyClick(s, Qt.Key.Key_F2)
    qtbot.keyClick(s, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert s.announce.text() == "已撤销上一次分配。"
    assert s.open_model.rowCount() == 0 and s.lines[0].is_next


def test_last_waiting_rep_going_away_asks_first(ui_app, qtbot, staff_db, monkeypatch) -> None:
    s = panel(qtbot, staff_db)
    check_in(s, "lina")
    asked: list[str] = []

    def answer(parent, title, text, *a, **k):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    select(s, "lina")
    s.leave()
    assert asked and "最后一位" in asked[0]
    assert [r.login for r in s.lines] == ["lina"]  # said no: still there


def test_returning_customer_goes_to_the_owner(ui_app, qtbot, staff_db) -> None:
    from datetime import timedelta

    from desk.admin import auth

    with staff_db.begin() as ses:
        c = customers.get_or_create(ses, "13912340000", "回头客",
                                    owner_id=auth.get_user(ses, "zhangwei").id)
        c.owner_until = ses.now + timedelta(days=5)
    s = panel(qtbot, staff_db)
    check_in(s, "lina", "zhangwei")
    with staff_db.begin() as ses:
        a = rotation.walkin(ses, s.ctx.actor, phone="13912340000")
    s._assigned(a)
    assert "张伟" in s.announce.text() and "老客户归属" in s.announce.text()


def test_board_follows_changes_and_shows_no_phone_numbers(ui_app, qtbot, staff_db) -> None:
    from desk.ui.common.watcher import ChangeWatcher

    board = QueueBoard(staff_db)
    qtbot.addWidget(board)
    board.show()
    watcher = ChangeWatcher(staff_db)
    watcher.changed.connect(board.on_changes)
    watcher.start()
    try:
        with staff_db.begin() as ses:
            desk = actor(staff_db, "frontdesk")
            rotation.checkin(ses, desk, "wangfang")
            rotation.checkin(ses, desk, "lina")
        qtbot.waitUntil(lambda: board.next_name.text() == "王芳", timeout=2000)
        with staff_db.begin() as ses:
            rotation.walkin(ses, desk, phone="13812345678")
        qtbot.waitUntil(lambda: board.next_name.text() == "李娜", timeout=2000)
    finally:
        watcher.stop()
    texts = " ".join(w.text() for w in board.findChildren(type(board.next_name)))
    assert "王芳" in texts and not re.search(r"1\d{10}|\*\*\*\*", texts)
