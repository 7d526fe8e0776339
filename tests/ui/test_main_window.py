"""Login, first set-up, main window and admin screen, driven like a person would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

from desk.admin import auth, projects
from desk.core import config
from desk.core.db import Database
from desk.ui.admin.login_dialog import LoginDialog
from desk.ui.admin.setup_dialog import SetupDialog
from desk.ui.common.context import Context
from desk.ui.main_window import MainWindow
from tests.conftest import actor, type_text


def test_shipped_font_covers_chinese(ui_app) -> None:
    font = ui_app.font()
    assert font.family() == config.FONT_FAMILY
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(
        font.family())
    metrics = QFontMetrics(QFont(config.FONT_FAMILY))
    assert all(metrics.inFontUcs4(ord(c)) for c in "售楼处前台销控表认购书壹贰叁")


def test_login_dialog_refuses_then_accepts(ui_app, qtbot, demo_db: Database) -> None:
    dlg = LoginDialog(lambda: demo_db, project_name="翠湖天地")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    assert dlg.windowTitle() == "售楼处前台 — 登录"
    qtbot.keyClicks(dlg.login_edit, "lina")
    qtbot.keyClicks(dlg.password_edit, "nope123")
    qtbot.keyClick(dlg.password_edit, Qt.Key.Key_Return)
    assert dlg.actor is None
    assert dlg.errors.fields["password"][1].text() == "登录名或密码不正确。"
    assert dlg.login_edit.text() == "lina"  # what was typed is kept
    dlg.password_edit.clear()
    qtbot.keyClicks(dlg.password_edit, "demo123")
    qtbot.keyClick(dlg.password_edit, Qt.Key.Key_Return)
    assert dlg.actor is not None and dlg.actor.login == "lina"


def test_setup_dialog_shows_errors_by_fields_then_creates(ui_app, qtbot, db: Database) -> None:
    dlg = SetupDialog(db)
    qtbot.addWidget(dlg)
    e = dlg.edits
    type_text(e["name"], "管理员")
    qtbot.keyClicks(e["password"], "secret1")
    qtbot.keyClicks(e["password2"], "secret2")
    dlg.submit()
    assert dlg.errors.fields["password2"][1].text() == "两次输入的密码不一致。"
    e["password2"].clear()
    qtbot.keyClicks(e["password2"], "secret1")
    dlg.submit()
    assert not dlg.errors.fields["project_name"][1].isHidden()
    assert e["name"].text() == "管理员"
    type_text(e["project_name"], "翠湖")
    type_text(e["seller"], "某置业有限公司")
    type_text(e["presale_permit"], "深房许字（2026）1号")
    dlg.submit()
    assert dlg.actor is not None and dlg.actor.role == "admin"
    with db.read() as s:
        assert not projects.needs_setup(s)


def test_main_window_status_bar_and_admin_screen(ui_app, qtbot, demo_db: Database) -> None:
    win = MainWindow(Context(demo_db, actor(demo_db, "admin"), "zh_CN"))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert "系统管理员" in win.user_label.text() and "管理员" in win.user_label.text()
    assert win.db_label.text().endswith("desk.sqlite3")
    assert "翠湖天地" in win.windowTitle()
    win.show_screen("admin")
    admin = win.screens["admin"]
    assert admin.users_model.rowCount() == 10


def test_a_change_elsewhere_refreshes_the_screen(ui_app, qtbot, demo_db: Database) -> None:
    from desk.ui.common.watcher import ChangeWatcher

    win = MainWindow(Context(demo_db, actor(demo_db, "admin"), "zh_CN"))
    qtbot.addWidget(win)
    win.show()
    win.show_screen("admin")
    watcher = ChangeWatcher(demo_db)
    watcher.changed.connect(win.on_changes)
    watcher.start()
    try:
        with demo_db.begin() as s:
            auth.create_user(s, None, "newrep", "新人", "sales_rep", "secret1")
        model = win.screens["admin"].users_model
        qtbot.waitUntil(lambda: model.rowCount() == 11, timeout=2000)
    finally:
        watcher.stop()


def test_role_decides_the_screens(ui_app, qtbot, demo_db: Database) -> None:
    win = MainWindow(Context(demo_db, actor(demo_db, "frontdesk"), "zh_CN"))
    qtbot.addWidget(win)
    assert "admin" not in win.factories and "sales" in win.factories
    win = MainWindow(Context(demo_db, actor(demo_db, "admin"), "zh_CN"))
    qtbot.addWidget(win)
    assert list(win.factories) == ["sales", "reports", "admin"]
    win = MainWindow(Context(demo_db, actor(demo_db, "manager"), "zh_CN"))
    qtbot.addWidget(win)
    assert list(win.factories) == ["reception", "visitors", "sales", "deals", "reports", "admin"]
    assert list(win.screens) == ["reception"]  # the others are made when first shown
    qtbot.keyClick(win, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    win.show_screen("sales")
    assert "sales" in win.screens and win.stack.currentWidget() is win.screens["sales"]


def test_login_window_shows_before_the_database_is_open(ui_app, qtbot, demo_db) -> None:
    from desk.app import start_login

    opening, login = start_login(demo_db.url)
    qtbot.addWidget(login)
    qtbot.waitUntil(lambda: login.title.text() == "翠湖天地", timeout=5000)
    login.login_edit.setText("manager")
    login.password_edit.setText("demo123")
    login.try_login()
    assert login.actor is not None and login.actor.role == "manager"
    opening.result().db.dispose()


def test_empty_database_turns_the_login_into_the_setup(ui_app, qtbot, tmp_path) -> None:
    from desk.app import NEEDS_SETUP, start_login

    opening, login = start_login(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    qtbot.addWidget(login)
    qtbot.waitUntil(lambda: login.result() == NEEDS_SETUP, timeout=5000)
    assert opening.result().first_run
    opening.result().db.dispose()


def test_idle_window_locks_itself(ui_app, qtbot, demo_db: Database, monkeypatch) -> None:
    win = MainWindow(Context(demo_db, actor(demo_db, "manager"), "zh_CN"))
    qtbot.addWidget(win)
    win.show()
    assert win._idle.isActive() and win._idle_ms == 10 * 60_000  # the default: 10 minutes
    locked: list[bool] = []
    monkeypatch.setattr(win, "lock", lambda: locked.append(True))
    win._idle.start(50)
    qtbot.waitUntil(lambda: bool(locked), timeout=2000)
    win._idle.start(10_000)
    qtbot.keyClick(win, Qt.Key.Key_Shift)  # any key press starts the wait again
    assert win._idle.remainingTime() > 9 * 60_000
