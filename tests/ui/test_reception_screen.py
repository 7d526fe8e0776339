"""The front-desk panel and the hall board, driven by keys and clicks through the
main window as the application builds it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, QSize, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from desk.admin import auth, settings
from desk.core.db import Database
from desk.customers import customers
from desk.reception import rotation, undo
from desk.ui.common.context import ui_settings
from desk.ui.reception.board import SCREEN_KEY, QueueBoard
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


def answer_yes(monkeypatch, asked: list[str]) -> None:  # type: ignore[no-untyped-def]
    def answer(parent, title, text, *a, **k):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)


def test_f2_hands_the_walkin_to_the_first_waiting_rep(ui_app, qtbot, open_window, staff_db,
                                                      monkeypatch) -> None:
    asked: list[str] = []
    answer_yes(monkeypatch, asked)
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
    # The form is still to fill: the service asks, the desk said yes.
    assert asked == ["李娜 接待的客人还没有填写客户登记表（待填写）。仍要结束接待吗？"]
    assert [r.login for r in s.lines] == ["zhangwei", "lina"]
    assert s.open_model.rowCount() == 1
    # The selection moved with 李娜 to the end of the line: a second press of
    # 结束接待 must not end 张伟's reception, who took her row.
    selected = s.selected()
    assert s.view.currentIndex().row() == 1 and selected is not None
    assert selected.login == "lina"
    assert [i.row() for i in s.view.selectionModel().selectedRows()] == [1]


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
    assert s.undo_button.text() == "撤销：分配 李娜 接待" and s.undo_button.isEnabled()
    qtbot.keyClick(s, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, win)
    assert s.feedback.text() == "已撤销：分配 李娜 接待"
    assert s.announce.text() == "客户到访时按“新客户来访”。"
    assert s.open_model.rowCount() == 0 and s.lines[0].is_next
    assert not s.undo_button.isEnabled()


def test_ctrl_z_after_ending_a_reception_reopens_it(ui_app, qtbot, open_window, staff_db,
                                                    monkeypatch) -> None:
    """It used to take back an earlier assignment still open instead."""
    answer_yes(monkeypatch, [])
    win, s = panel(qtbot, open_window, staff_db)
    check_in(qtbot, win, s, "lina", "zhangwei")
    for _ in range(2):
        qtbot.keyClick(s, Qt.Key.Key_F2)
        settle(qtbot, win)
    select(s, "lina")
    qtbot.mouseClick(s.buttons["finish"], Qt.MouseButton.LeftButton)
    settle(qtbot, win)
    assert s.undo_button.text() == "撤销：结束 李娜 的接待"
    qtbot.keyClick(s, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, win)
    assert [(r.login, r.status) for r in s.lines] == [("lina", "receiving"),
                                                      ("zhangwei", "receiving")]
    assert [s.open_model.row_at(s.open_model.index(i, 0)).rep_name for i in range(2)] == \
        ["李娜", "张伟"]
    assert s.undo_button.text() == "撤销：分配 张伟 接待"


def test_the_banner_follows_the_feed(ui_app, qtbot, open_window, staff_db) -> None:
    """Changes made at another PC: the banner names the rep while the reception is
    open, and no longer once it has ended."""
    win, s = panel(qtbot, open_window, staff_db)
    check_in(qtbot, win, s, "lina")
    qtbot.keyClick(s, Qt.Key.Key_F2)
    settle(qtbot, win)
    assert s.announce.text().startswith("请 李娜 接待")
    desk = actor(staff_db, "frontdesk")
    with staff_db.begin() as ses:  # another PC ends the reception
        rotation.finish(ses, desk, "lina", force=True)
    qtbot.waitUntil(lambda: s.announce.text() == "客户到访时按“新客户来访”。", timeout=5000)
    assert [(r.login, r.status) for r in s.lines] == [("lina", "waiting")]
    with staff_db.begin() as ses:  # and hands out the next walk-in
        rotation.walkin(ses, desk)
    qtbot.waitUntil(lambda: s.announce.text().startswith("请 李娜 接待"), timeout=5000)


def test_a_walkin_with_every_rep_busy_waits_and_goes_to_the_next_free(
        ui_app, qtbot, open_window, staff_db, monkeypatch) -> None:
    answer_yes(monkeypatch, [])
    win, s = panel(qtbot, open_window, staff_db)
    check_in(qtbot, win, s, "lina")
    qtbot.keyClick(s, Qt.Key.Key_F2)
    settle(qtbot, win)
    type_text(s.note, "红外套")
    s.party.setValue(2)
    s.new_walkin()
    settle(qtbot, win)
    assert s.announce.text() == "请客人稍候：等候号 1，前面还有 0 位，约 30 分钟。"
    assert s.note.text() == ""
    shown = [s.waiting_model.data(s.waiting_model.index(0, c)) for c in range(6)]
    assert shown[:2] == ["1", "2"] and shown[3:] == ["0′", "约 30 分钟", "红外套"]
    s.new_walkin()
    settle(qtbot, win)
    s.waiting_view.selectRow(1)
    s.left_button.click()  # number 2 did not wait
    settle(qtbot, win)
    assert s.waiting_model.rowCount() == 1
    select(s, "lina")
    s.finish()
    settle(qtbot, win)
    # 李娜 is free: number 1 is hers at once, and the banner says so.
    assert s.waiting_model.rowCount() == 0
    assert s.announce.text().startswith("请 李娜 接待")
    assert "等候号 1 的客人（已等 0 分钟）" in s.announce.text()
    assert [r.status for r in s.lines] == ["receiving"]


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
    with staff_db.begin() as ses:  # both busy: the next visitor waits, by number only
        rotation.walkin(ses, desk, phone="13812345679")
        rotation.walkin(ses, desk, phone="13812345670", note="红外套")
    qtbot.waitUntil(lambda: board.next_name.text() == "1 号", timeout=3000)
    texts = " ".join(w.text() for w in board.findChildren(type(board.next_name)))
    assert "1 号 · 0 分钟 · 约 30 分钟" in texts and "红外套" not in texts
    board.close()


def test_board_opens_full_screen_on_its_screen_and_esc_closes_it(ui_app, qtbot, open_window,
                                                                   staff_db) -> None:
    _win, s = panel(qtbot, open_window, staff_db)
    s.open_board()
    board = s.board_window
    assert board is not None
    qtbot.addWidget(board)
    qtbot.waitUntil(board.isVisible, timeout=2000)
    screen = QGuiApplication.screens()[0]
    assert board.isFullScreen() and board.screen() is screen
    assert board.size() == screen.geometry().size()
    assert ui_settings().value(SCREEN_KEY) == screen.name()  # kept for this PC
    qtbot.keyClick(board, Qt.Key.Key_Escape)
    assert not board.isVisible()
    s.open_board()
    qtbot.waitUntil(board.isVisible, timeout=2000)
    assert board.isFullScreen()

    def close_from_the_menu() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        (close,) = [a for a in menu.actions() if a.text() == "关闭  (Esc)"]
        close.trigger()
        menu.close()

    QTimer.singleShot(200, close_from_the_menu)
    QApplication.sendEvent(board, QContextMenuEvent(QContextMenuEvent.Reason.Mouse,
                                                     QPoint(10, 10), QPoint(10, 10)))
    assert not board.isVisible()


def test_board_scales_to_the_screen(ui_app, qtbot, open_window, staff_db) -> None:
    """It was a fixed 1280×720 window: now the type follows the size and all of
    it fits a 1024×768 screen."""
    desk = actor(staff_db, "frontdesk")
    with staff_db.begin() as ses:
        for login in ("lina", "zhangwei", "wangfang", "liuyang", "chenjing", "yangfan"):
            rotation.checkin(ses, desk, login)
        for _ in range(10):
            rotation.walkin(ses, desk)
    win, _s = panel(qtbot, open_window, staff_db)
    board = QueueBoard(win.ctx.ops)
    qtbot.addWidget(board)
    qtbot.waitUntil(lambda: board.refreshes > 0, timeout=3000)
    sizes = {}
    for w, h in ((1024, 768), (1920, 1080)):
        board.resize(w, h)
        board.show()
        qtbot.waitUntil(lambda w=w, h=h: board.size() == QSize(w, h), timeout=2000)
        hint = board.minimumSizeHint()
        assert hint.width() <= w and hint.height() <= h, (w, h, hint)
        sizes[w] = board.next_name.font().pixelSize()
    assert sizes == {1024: 68, 1920: 128}
    board.close()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_desk_fits_with_visitors_waiting(ui_app, qtbot, open_window, demo_db, lang: str,
                                             size: tuple[int, int]) -> None:
    """The waiting list, the note and a long undo label fit the desk's screen."""
    from desk.ui.common.resources import switch_language
    from tools.fit import clipped

    desk = actor(demo_db, "frontdesk")
    with demo_db.begin() as ses:
        rotation.back(ses, desk, "liuyang")
        while isinstance(rotation.walkin(ses, desk), rotation.Assignment):
            pass  # until everyone is busy and the next one waits
        rotation.walkin(ses, desk, phone="13800000000", note="穿红外套的两位客人")
    switch_language(lang)
    try:
        win = open_window(demo_db, "frontdesk", "reception", lang=lang)
        win.resize(*size)
        settle(qtbot, win)
        s = win.page("reception")
        assert isinstance(s, ReceptionScreen) and s.waiting_model.rowCount() == 2
        assert s.undo_button.isEnabled() is False  # the walk-ins were another desk's
        s._show_undo(undo.Undoable(1, "finish", s._now(), s._now() + timedelta(minutes=2),
                                   "李娜", None, (("李娜", 12),)))
        qtbot.wait(100)  # the new label's layout
        assert (win.width(), win.height()) == size
        assert clipped(win) == []
    finally:
        switch_language("zh_CN")


def test_board_follows_a_language_switch_and_outlives_the_remade_screens(
        ui_app, qtbot, open_window, staff_db) -> None:
    from desk.ui.common.resources import switch_language

    win, s = panel(qtbot, open_window, staff_db)
    s.open_board()
    board = s.board_window
    assert board is not None and board.title.text() == "接待顺序"
    try:
        win.set_language("en")
        settle(qtbot, win)
        qtbot.waitUntil(lambda: board.title.text() == "Reception order", timeout=3000)
        assert [h.text() for h in board.heads] == ["Waiting, in order", "Receiving", "Away",
                                                   "Visitors waiting"]
        again = win.page("reception")
        assert again is not s and board.isVisible()
        again.open_board()
        assert again.board_window is board and len(win.findChildren(QueueBoard)) == 1
    finally:
        switch_language("zh_CN")
    board.close()


def test_board_clock_reads_the_showroom_time(ui_app, qtbot, open_window, staff_db) -> None:
    """It showed this PC's clock, hours away from the showroom's when the PC's
    zone is not the showroom's."""
    from desk.core import timefmt

    win, _s = panel(qtbot, open_window, staff_db)
    timefmt.set_zone("Pacific/Kiritimati")  # UTC+14: never this test machine's zone
    board = QueueBoard(win.ctx.ops)
    qtbot.addWidget(board)
    qtbot.waitUntil(lambda: board.refreshes > 0, timeout=3000)
    expected = timefmt.local(timefmt.utc_now() + board.offset)
    assert expected is not None
    assert board.clock.text() in {expected.strftime("%H:%M"),
                                  (expected - timedelta(minutes=1)).strftime("%H:%M")}
    board.close()
