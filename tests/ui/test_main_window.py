"""Login, first set-up, main window and admin screen, driven like a person would."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QDialog, QMessageBox

from desk.admin import auth, projects, settings
from desk.core import config
from desk.core.changes import ChangeRow
from desk.core.db import Database
from desk.ui.admin.login_dialog import LoginDialog
from desk.ui.admin.setup_dialog import SetupDialog
from desk.ui.main_window import MainWindow
from tests.conftest import actor, settle, type_text


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
    qtbot.waitUntil(lambda: dlg.errors.fields["password"][1].text() != "", timeout=5000)
    assert dlg.actor is None
    assert dlg.errors.fields["password"][1].text() == "登录名或密码不正确。"
    assert dlg.login_edit.text() == "lina"  # what was typed is kept
    dlg.password_edit.clear()
    qtbot.keyClicks(dlg.password_edit, "demo123")
    qtbot.keyClick(dlg.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dlg.actor is not None, timeout=5000)
    assert dlg.actor is not None and dlg.actor.login == "lina"


def test_setup_dialog_shows_errors_by_fields_then_creates(ui_app, qtbot, db: Database) -> None:
    dlg = SetupDialog(db)  # before any main window: the dialog has its own runner
    qtbot.addWidget(dlg)
    e = dlg.edits
    type_text(e["name"], "管理员")
    qtbot.keyClicks(e["password"], "secret1")
    qtbot.keyClicks(e["password2"], "secret2")
    dlg.submit()
    assert not dlg.ops.busy  # the two passwords are compared without the database
    assert dlg.errors.fields["password2"][1].text() == "两次输入的密码不一致。"
    e["password2"].clear()
    qtbot.keyClicks(e["password2"], "secret1")
    dlg.submit()
    qtbot.waitUntil(lambda: not dlg.ops.busy)
    assert dlg.errors.fields["project_name"][1].text() == "请填写项目名称。"
    assert not dlg.errors.fields["project_name"][1].isHidden()
    assert dlg.actor is None and dlg.result() == QDialog.DialogCode.Rejected.value
    assert e["name"].text() == "管理员"
    type_text(e["project_name"], "翠湖")
    type_text(e["seller"], "某置业有限公司")
    type_text(e["presale_permit"], "深房许字（2026）1号")
    dlg.submit()
    qtbot.waitUntil(lambda: not dlg.ops.busy)
    assert dlg.actor is not None and dlg.actor.role == "admin" and dlg.actor.login == "admin"
    assert dlg.result() == QDialog.DialogCode.Accepted.value
    with db.read() as s:
        assert not projects.needs_setup(s)
        assert [p.name for p in projects.list_projects(s)] == ["翠湖"]


def test_main_window_status_bar_and_admin_screen(ui_app, qtbot, demo_db: Database,
                                                 open_window) -> None:
    win = open_window(demo_db, "admin")
    qtbot.waitExposed(win)
    assert win.user_label.text() == "系统管理员 · 管理员"
    assert win.db_label.text() == demo_db.description
    if demo_db.is_sqlite:
        assert win.db_label.text().endswith("desk.sqlite3")
    assert win.windowTitle() == "翠湖天地 — 售楼处前台"
    win.show_screen("admin")
    settle(qtbot, win)
    admin = win.screens["admin"]
    assert admin.users_model.rowCount() == 10
    with demo_db.read() as s:
        logins = [u.login for u in auth.list_users(s)]
    assert [admin.users_model.row_at(admin.users_model.index(i, 0))["login"]
            for i in range(10)] == logins


def _watching(qtbot, win: MainWindow) -> None:
    """Wait until the window's change watcher (as the app starts it) is listening."""
    assert win.watcher is not None
    qtbot.waitUntil(win.watcher.isRunning)
    qtbot.wait(600)  # it notes the feed's current end as it starts


def test_a_change_elsewhere_refreshes_the_screen(ui_app, qtbot, demo_db: Database,
                                                 open_window) -> None:
    win = open_window(demo_db, "admin", screen="admin")
    _watching(qtbot, win)
    admin = win.screens["admin"]
    before = admin.refreshes
    with demo_db.begin() as s:  # another PC: no origin of this window
        auth.create_user(s, None, "newrep", "新人", "sales_rep", "secret1")
    model = admin.users_model
    qtbot.waitUntil(lambda: model.rowCount() == 11, timeout=3000)
    settle(qtbot, win)
    assert admin.refreshes == before + 1
    logins = [model.row_at(model.index(i, 0))["login"] for i in range(11)]
    assert "newrep" in logins and len(set(logins)) == 11


def test_role_decides_the_screens(ui_app, qtbot, demo_db: Database, open_window) -> None:
    win = open_window(demo_db, "frontdesk")
    assert "admin" not in win.factories and "sales" in win.factories
    assert list(win.factories) == ["reception", "visitors", "sales"]
    win = open_window(demo_db, "admin")
    assert list(win.factories) == ["sales", "reports", "admin", "audit"]
    win = open_window(demo_db, "manager")
    assert list(win.factories) == ["reception", "visitors", "sales", "deals", "payments",
                                   "approvals", "reports", "targets", "commission", "admin",
                                   "audit"]
    assert list(win.screens) == ["reception"]  # the others are made when first shown
    qtbot.keyClick(win, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, win)
    assert win.current_key() == "sales" and list(win.screens) == ["reception", "sales"]
    win.show_screen("sales")
    settle(qtbot, win)
    assert "sales" in win.screens and win.stack.currentWidget() is win.screens["sales"]


def test_login_window_shows_before_the_database_is_open(ui_app, qtbot, demo_db) -> None:
    from desk.app import start_login

    opening, login = start_login(demo_db.url)
    qtbot.addWidget(login)
    qtbot.waitUntil(lambda: login.title.text() == "翠湖天地", timeout=5000)
    login.login_edit.setText("manager")
    login.password_edit.setText("demo123")
    login.try_login()
    qtbot.waitUntil(lambda: login.actor is not None, timeout=5000)
    assert login.actor is not None and login.actor.role == "manager"
    opening.result().db.dispose()


def test_empty_database_turns_the_login_into_the_setup(ui_app, qtbot, tmp_path) -> None:
    from desk.app import NEEDS_SETUP, start_login

    opening, login = start_login(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    qtbot.addWidget(login)
    qtbot.waitUntil(lambda: login.result() == NEEDS_SETUP, timeout=5000)
    assert opening.result().first_run
    opening.result().db.dispose()


def test_idle_window_locks_itself(ui_app, qtbot, demo_db: Database, monkeypatch,
                                  open_window) -> None:
    win = open_window(demo_db, "manager")  # the lock time is read through the runner
    assert win._idle.isActive() and win._idle_ms == 10 * 60_000  # the default: 10 minutes
    locked: list[bool] = []
    monkeypatch.setattr(win, "lock", lambda: locked.append(True))
    win._idle.start(50)
    qtbot.waitUntil(lambda: bool(locked), timeout=2000)
    win._idle.start(10_000)
    qtbot.keyClick(win, Qt.Key.Key_Shift)  # any key press starts the wait again
    assert win._idle.remainingTime() > 9 * 60_000


def test_reports_open_on_the_showroom_day_not_the_pc_day(ui_app, qtbot, demo_db: Database,
                                                       open_window) -> None:
    """The showroom is at UTC+14 and its clock reads noon UTC: there it is already
    tomorrow, while this PC (UTC) still has today. The screen shows the showroom's."""
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    with demo_db.begin() as s:
        settings.put(s, actor(demo_db, "admin"), "showroom.timezone", "Pacific/Kiritimati")
    now = datetime.now(UTC).replace(tzinfo=None)
    demo_db.clock_offset = now.replace(hour=12, minute=0, second=0, microsecond=0) - now
    with demo_db.read() as s:
        showroom_day = settings.today(s)
    pc_utc_day = now.date()
    assert showroom_day == pc_utc_day + timedelta(days=1)
    assert showroom_day == (now + demo_db.clock_offset).replace(tzinfo=UTC).astimezone(
        ZoneInfo("Pacific/Kiritimati")).date()

    win = open_window(demo_db, "manager", screen="reports")
    screen = win.screens["reports"]
    assert screen.start_edit.date().toPython() == showroom_day
    assert screen.start_edit.isEnabled()
    assert (screen.shown.report.start, screen.shown.report.end) == (showroom_day, showroom_day)
    if QDate.currentDate().toPython() == pc_utc_day:  # this PC's zone is behind UTC+12
        assert screen.start_edit.date() != QDate.currentDate()


def test_own_change_refreshes_each_affected_screen_once(ui_app, qtbot, demo_db: Database,
                                                        open_window, monkeypatch) -> None:
    """A save on the admin screen refreshes it once: after the runner reports the
    change, and not again when the change feed brings back the window's own change."""
    win = open_window(demo_db, "admin", screen="admin")
    _watching(qtbot, win)
    admin = win.screens["admin"]
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _parent, title, text: shown.append((title, text)))
    feed: list[ChangeRow] = []
    assert win.watcher is not None
    win.watcher.changed.connect(feed.extend)
    before = {key: screen.refreshes for key, screen in win.screens.items()}
    assert set(before) == {"sales", "admin"}

    admin.rule_edits["hold.ttl_minutes"].setText("45")
    admin.save_rules()
    settle(qtbot, win)
    assert len(shown) == 1 and admin.rule_errors.fields["hold.ttl_minutes"][1].isHidden()
    with demo_db.read() as s:
        assert settings.get(s, "hold.ttl_minutes") == 45
    assert admin.refreshes == before["admin"] + 1

    # The feed's echo of the change carries this window's origin: it is skipped.
    qtbot.waitUntil(lambda: bool(feed), timeout=5000)
    assert [(r.kind, r.ref, r.origin) for r in feed] == [
        ("settings", "hold.ttl_minutes", win.ctx.ops.origin)]
    qtbot.wait(1500)
    settle(qtbot, win)
    assert admin.refreshes == before["admin"] + 1
    assert win.screens["sales"].refreshes == before["sales"]  # shows no settings
    assert admin.rule_edits["hold.ttl_minutes"].text() == "45"


def test_switching_user_from_the_lock_screen_keeps_the_window(ui_app, qtbot, open_window,
                                                               demo_db: Database) -> None:
    """The lock screen's login runs on a runner of its own, which goes with the
    dialog; the window must outlive it (it crashed 2 s after every unlock)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    win = open_window(demo_db, "frontdesk", "reception")

    def unlock_as_assistant() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, LoginDialog)
        dlg.login_edit.setText("assistant")
        dlg.password_edit.setText("demo123")
        dlg.try_login()

    QTimer.singleShot(100, unlock_as_assistant)
    win.lock()
    qtbot.wait(2500)  # past the runner's 2 s hold on its finished calls
    settle(qtbot, win)
    assert win.ctx.actor.login == "assistant" and win.central.isVisible()
    assert list(win.factories) == ["visitors", "sales", "deals", "payments"]
    assert [a.shortcut().toString() for a in win.screen_actions] == ["Ctrl+1", "Ctrl+2", "Ctrl+3",
                                                                     "Ctrl+4"]
    assert len([a for a in win.go_menu.actions() if a.shortcut().toString() == "Ctrl+1"]) == 1


def test_opening_a_screen_puts_the_keyboard_in_its_first_field(ui_app, qtbot, open_window,
                                                                demo_db: Database) -> None:
    win = open_window(demo_db, "frontdesk", "visitors")
    win.show_screen("reception")
    assert win.focusWidget() is win.page("reception").new_button
    win.show_screen("visitors")
    assert win.focusWidget() is win.page("visitors").form.phone


def test_screen_shortcuts_are_shown_and_land_in_the_first_field(ui_app, qtbot, open_window,
                                                                 demo_db: Database) -> None:
    from PySide6.QtCore import Qt

    win = open_window(demo_db, "frontdesk", "reception")
    assert [(a.text(), a.shortcut().toString()) for a in win.go_menu.actions()] == [
        ("接待", "Ctrl+1"), ("来访登记", "Ctrl+2"), ("销控", "Ctrl+3")]
    assert [win.nav.item(i).toolTip() for i in range(win.nav.count())] == [
        "接待 (Ctrl+1)", "来访登记 (Ctrl+2)", "销控 (Ctrl+3)"]
    qtbot.keyClick(win, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, win)
    assert win.current_key() == "visitors"
    assert win.focusWidget() is win.page("visitors").form.phone


def test_language_switch_retranslates_the_open_window_in_place(ui_app, qtbot, open_window,
                                                                demo_db: Database) -> None:
    """No restart: menus, navigation and screens change language; the screen
    shown and what was typed stay."""
    win = open_window(demo_db, "frontdesk", "visitors")
    win.page("visitors").form.phone.setText("1391234")
    win.page("visitors").form.name.setText("欧阳")
    try:
        win.set_language("en")
        settle(qtbot, win)
        assert [win.nav.item(i).text() for i in range(win.nav.count())] == [
            "Reception", "Visitors", "Sales control"]
        assert [m.title() for m in (a.menu() for a in win.menuBar().actions()) if m] == [
            "&Desk", "&Go"]
        assert win.current_key() == "visitors"
        form = win.page("visitors").form
        assert (form.phone.text(), form.name.text()) == ("1391234", "欧阳")
        assert win.user_label.text() == "王小丽 · Front desk"
        win.set_language("zh_CN")
        settle(qtbot, win)
        assert win.nav.item(0).text() == "接待"
        assert win.page("visitors").form.phone.text() == "1391234"
    finally:
        from desk.ui.common.resources import switch_language

        switch_language("zh_CN")
    assert win.settings.value("ui/lang") == "zh_CN"


def test_qt_file_and_print_dialogs_speak_chinese(ui_app, qtbot) -> None:
    """Qt's own catalogue leaves some labels English; ours fills them."""
    import re

    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

    files = QFileDialog(None, "")
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    printer = QPrinter()
    printing = QPrintDialog(printer, None)
    for dlg in (files, printing):
        qtbot.addWidget(dlg)
        shown = [*dlg.findChildren(QLabel), *dlg.findChildren(QPushButton)]
        english = [w.text() for w in shown
                   if re.search("[A-Za-z]{3,}", w.text()) and "/" not in w.text()]
        assert english == []


def test_esc_on_the_lock_screen_asks_before_closing_the_window(ui_app, qtbot, open_window,
                                                                demo_db: Database) -> None:
    """Esc on the lock screen closed the whole application at once."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    win = open_window(demo_db, "frontdesk", "visitors")
    win.page("visitors").form.name.setText("欧阳")
    asked: list[str] = []

    def press_esc() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, LoginDialog)
        qtbot.keyClick(dlg, Qt.Key.Key_Escape)

    def answer_no() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.No).click()

    def log_in_again() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, LoginDialog)
        dlg.password_edit.setText("demo123")
        dlg.try_login()

    QTimer.singleShot(100, press_esc)
    QTimer.singleShot(300, answer_no)
    QTimer.singleShot(500, log_in_again)
    win.lock()
    settle(qtbot, win)
    assert asked == ["关闭售楼处前台？尚未保存的内容将丢失。"]
    assert win.isVisible() and win.central.isVisible()
    assert win.page("visitors").form.name.text() == "欧阳"
