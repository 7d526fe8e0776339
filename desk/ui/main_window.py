"""The main window: navigation, screens, status bar, lock and switch user."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk.admin import projects, settings
from desk.core import timefmt
from desk.core.changes import ChangeKind, ChangeRow
from desk.models import Project
from desk.ui.common.context import Context, ui_settings
from desk.ui.common.operations import Changes
from desk.ui.common.retain import restore, snapshot
from desk.ui.common.screen import Screen
from desk.ui.common.server_banner import ServerBanner
from desk.ui.common.watcher import ChangeWatcher
from desk.ui.documents.scan import SlipScanner

ScreenFactory = type[Screen]
_INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel}
# Changes from elsewhere are gathered this long before the screens hear of them:
# a launch-day storm of changes costs at most a few refreshes a second.
COALESCE_MS = 250
_KINDS = {k.value for k in ChangeKind}


def available_screens(ctx: Context) -> list[tuple[str, ScreenFactory]]:
    """The screens this user's role may open, in navigation order."""
    from desk.ui.admin.screen import AdminScreen
    from desk.ui.reception.screen import ReceptionScreen
    from desk.ui.reporting.screen import ReportsScreen
    from desk.ui.sales.approvals import ApprovalsScreen
    from desk.ui.sales.deals import DealsScreen
    from desk.ui.sales.payments import PaymentsScreen
    from desk.ui.sales.screen import SalesScreen
    from desk.ui.visitors.screen import VisitorsScreen

    screens: list[tuple[str, ScreenFactory]] = []
    a = ctx.actor
    if a.can("queue.operate"):
        screens.append(("reception", ReceptionScreen))
    if a.can("visitors.register"):
        screens.append(("visitors", VisitorsScreen))
    if a.can("units.view"):
        screens.append(("sales", SalesScreen))
    if a.can("units.subscribe") or a.can("print.documents"):
        screens.append(("deals", DealsScreen))
    if a.can("payments.record"):
        screens.append(("payments", PaymentsScreen))
    if a.can("units.approve"):
        screens.append(("approvals", ApprovalsScreen))
    if a.can("reports.view") or a.can("reports.own"):
        screens.append(("reports", ReportsScreen))
    if a.can("targets.manage"):
        from desk.ui.reporting.targets import TargetsScreen

        screens.append(("targets", TargetsScreen))
    if a.can("commission.view") or a.can("reports.own"):
        from desk.ui.reporting.commission import CommissionScreen

        screens.append(("commission", CommissionScreen))
    if a.can("users.manage") or a.can("settings.manage") or a.can("project.manage"):
        screens.append(("admin", AdminScreen))
    if a.can("audit.view"):
        from desk.ui.admin.audit import AuditScreen

        screens.append(("audit", AuditScreen))
    return screens


class MainWindow(QMainWindow):
    painted = Signal()  # the first paint, for the start-up figure
    language_changed = Signal(str)  # windows of their own (the hall board) follow

    def __init__(self, ctx: Context, settings: QSettings | None = None, *,
                 watch: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.settings = settings or ui_settings()
        self._painted = False
        self._pending: Changes = {}
        self._coalesce = QTimer(self)
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(COALESCE_MS)
        self._coalesce.timeout.connect(self._flush_changes)
        ctx.ops.setParent(self)
        ctx.ops.changed.connect(self.dispatch_changes)
        self.setWindowTitle(self.tr("Showroom Desk"))
        self.setMinimumSize(1024, 680)

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(170)
        self.stack = QStackedWidget()
        self.nav.currentRowChanged.connect(self._show_row)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        # A lost server or a wrong PC clock, said above the screens.
        self.banner = ServerBanner(ctx.ops)
        self.banner.restored.connect(self.reload_all)
        column.addWidget(self.banner)
        row = QHBoxLayout()
        column.addLayout(row, 1)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.central = central

        self.user_label = QLabel()
        self.db_label = QLabel(ctx.db.description)
        self.clock_label = QLabel()
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.clock_label)
        from desk.ui.sales.approvals import ApprovalsBadge

        self.approvals_badge = ApprovalsBadge(ctx)  # requests waiting for this manager
        self.approvals_badge.clicked.connect(lambda: self.show_screen("approvals"))
        self.statusBar().addPermanentWidget(self.approvals_badge)
        self._clock = QTimer(self)
        self._clock.timeout.connect(self._tick)
        self._clock.start(1000)
        self._tick()
        # A reservation slip's code, scanned anywhere or typed in its box, opens its record.
        self.scanner = SlipScanner(self, ctx)

        self._build_menu()
        self.build_screens()
        # Customer data is on screen: lock after a while with nobody at the keyboard.
        self._idle_ms = 0
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._idle_lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._arm_idle()
        geometry = self.settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        from desk.ui.common.upkeep import DailyBackup

        self.daily_backup = DailyBackup(self, ctx)  # also tells restore the application runs
        self.watcher: ChangeWatcher | None = None
        if watch:
            self.watcher = ChangeWatcher(ctx.db, self)
            self.watcher.changed.connect(self.on_feed)
            self.watcher.unavailable.connect(self.banner.lost)
            self.watcher.start()
        self.banner.check()  # after the login: is this PC's clock right?

    # --- building ---
    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Desk"))
        self.lock_action = QAction(self.tr("Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        menu.addAction(self.lock_action)
        self.switch_action = QAction(self.tr("Switch user…"), self)
        self.switch_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.switch_action.triggered.connect(self.lock)
        menu.addAction(self.switch_action)
        menu.addSeparator()
        lang = menu.addMenu(self.tr("Language"))
        for code, label in (("zh_CN", "中文"), ("en", "English")):
            act = QAction(label, self)
            act.triggered.connect(lambda _=False, c=code: self.set_language(c))
            lang.addAction(act)
        menu.addSeparator()
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        # The screens, each with its Ctrl+number: the shortcuts are seen here.
        self.go_menu = self.menuBar().addMenu(self.tr("&Go"))
        self.refresh_action = QAction(self.tr("Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.refresh_current)
        self.addAction(self.refresh_action)

    def build_screens(self, show: str | None = None) -> None:
        """The navigation for the logged-in user's role. A screen is made when first
        shown, so logging in does not wait for screens nobody opened yet."""
        self.nav.blockSignals(True)
        self.nav.clear()
        while self.stack.count():
            w = self.stack.widget(0)
            if w is not None:
                self.stack.removeWidget(w)
                w.deleteLater()
        self.screens: dict[str, Screen] = {}
        self.factories = dict(available_screens(self.ctx))
        self.go_menu.clear()  # the previous user's Ctrl+1…9
        self.screen_actions: list[QAction] = []
        for i, (key, factory) in enumerate(self.factories.items()):
            self.stack.addWidget(QWidget())  # stands in until the screen is made
            item = QListWidgetItem(factory.title())
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            if i < 9:
                shortcut = QKeySequence(f"Ctrl+{i + 1}")
                act = QAction(factory.title(), self.go_menu)
                act.setShortcut(shortcut)
                act.triggered.connect(lambda _=False, k=key: self.show_screen(k))
                self.go_menu.addAction(act)
                self.screen_actions.append(act)
                keys = shortcut.toString(QKeySequence.SequenceFormat.NativeText)
                item.setToolTip(f"{factory.title()} ({keys})")
        self.nav.blockSignals(False)
        self.user_label.setText(f"{self.ctx.actor.name} · {self.ctx.actor.role_name}")
        self.approvals_badge.reset()
        self.ctx.ops.read(self, projects.list_projects, self._show_project)
        last = show or self.settings.value(f"main/last_screen/{self.ctx.actor.login}")
        self.show_screen(last if last in self.factories else next(iter(self.factories), ""))

    def _show_project(self, plist: list[Project]) -> None:
        if plist:
            self.setWindowTitle(f"{plist[0].name} — {self.tr('Showroom Desk')}")

    def page(self, key: str) -> Screen:
        """The screen `key`, made now if it was not yet."""
        if key not in self.screens:
            from desk.ui.reception.screen import ReceptionScreen

            screen = self.factories[key](self.ctx)
            index = list(self.factories).index(key)
            old = self.stack.widget(index)
            self.stack.insertWidget(index, screen)
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
            self.screens[key] = screen
            if isinstance(screen, ReceptionScreen) and "visitors" in self.factories:
                # The desk's open reception ends with the visitor registration form.
                screen.register_requested.connect(self._register_reception)
        return self.screens[key]

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.factories):
            screen = self.page(list(self.factories)[row])
            self.stack.setCurrentIndex(row)
            field = screen.first_field()
            if field is not None:  # the keyboard lands where the work starts
                field.setFocus()

    def show_screen(self, key: str) -> None:
        keys = list(self.factories)
        if key in keys:
            self.page(key)
            self.nav.setCurrentRow(keys.index(key))

    def _register_reception(self, reception_id: int) -> None:
        from desk.ui.visitors.screen import VisitorsScreen

        self.show_screen("visitors")
        screen = self.page("visitors")
        if isinstance(screen, VisitorsScreen):
            screen.start_for_reception(reception_id)

    def current_key(self) -> str | None:
        item = self.nav.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    # --- changes ---
    def on_feed(self, rows: list[ChangeRow]) -> None:
        """Changes committed anywhere; this window's own were handled already."""
        for row in rows:
            if row.origin == self.ctx.ops.origin or row.kind not in _KINDS:
                continue
            self._pending.setdefault(ChangeKind(row.kind), set()).add(row.ref)
        if self._pending and not self._coalesce.isActive():
            self._coalesce.start()

    def _flush_changes(self) -> None:
        pending, self._pending = self._pending, {}
        if pending:
            self.dispatch_changes(pending)

    def dispatch_changes(self, changes: Changes) -> None:
        """Each screen refreshes what the change names (a hidden one when next
        shown); dialogs and the hall board hear it through `changes`."""
        if ChangeKind.PROJECT in changes:
            self.ctx.ops.read(self, projects.list_projects, self._show_project)
        if ChangeKind.SETTINGS in changes:
            self._arm_idle()
        for screen in self.screens.values():
            screen.on_changes(changes)
        self.ctx.ops.changes_seen.emit(changes)

    # --- behaviour ---
    def reload_all(self) -> None:
        """The server is back: every screen and open dialog re-reads once, as if
        everything had changed (what others did meanwhile, and whether a save
        whose answer was lost went through)."""
        self.dispatch_changes({kind: {None} for kind in ChangeKind})

    def refresh_current(self) -> None:
        key = self.current_key()
        if key:
            self.page(key).refresh()

    def _tick(self) -> None:
        # The server's time in the showroom's zone, as every time shown.
        now = timefmt.local(self.banner.server_now())
        self.clock_label.setText(now.strftime("%Y-%m-%d %H:%M:%S") if now else "")

    def _arm_idle(self) -> None:
        """Read the settings this window applies itself: the idle lock and the
        showroom's time zone (for every time shown)."""
        self.ctx.ops.read(self, lambda uow: settings.get_many(
            uow, "ui.lock_after_minutes", "showroom.timezone"), self._apply_settings)

    def _apply_settings(self, values: list[Any]) -> None:
        minutes, zone = values
        timefmt.set_zone(zone)
        self._set_idle(minutes)

    def _set_idle(self, minutes: float) -> None:
        self._idle_ms = int(minutes * 60_000)
        if self._idle_ms > 0:
            self._idle.start(self._idle_ms)
        else:
            self._idle.stop()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self._idle_ms > 0 and event.type() in _INPUT_EVENTS:
            self._idle.start(self._idle_ms)
        return False

    def _idle_lock(self) -> None:
        if self.central.isVisible() and QApplication.activeModalWidget() is None:
            self.lock()
        else:
            self._arm_idle()

    def lock(self) -> None:
        """Hide the screens until someone logs in; another login switches user."""
        from desk.ui.admin.login_dialog import LoginDialog

        self._save_state()
        self.central.hide()
        while True:
            dlg = LoginDialog(lambda: self.ctx.db, login=self.ctx.actor.login, locked=True,
                              parent=self)
            if dlg.exec() and dlg.actor is not None:
                break
            # A locked window can be closed, never used without a login; an Esc
            # pressed by mistake must not close it and lose what a screen holds.
            if self.confirm_quit():
                self.close()
                return
        switched = dlg.actor.id != self.ctx.actor.id
        self._arm_idle()
        self.ctx.actor = dlg.actor
        if switched:
            self.build_screens()
        self.central.show()

    def confirm_quit(self) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Quit"), self.tr("Close Showroom Desk? Anything not yet saved is lost."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def set_language(self, code: str) -> None:
        """Switch the language now: the catalogues are swapped and the menus,
        the navigation and each open screen are made again in the new language,
        with what was typed in them and the screen shown kept."""
        from desk.ui.common.resources import switch_language

        self.settings.setValue("ui/lang", code)
        self.ctx.lang = switch_language(code)
        self.retranslate()

    def retranslate(self) -> None:
        kept = {key: snapshot(screen) for key, screen in self.screens.items()}
        current = self.current_key()
        self.menuBar().clear()
        self.removeAction(self.refresh_action)
        self._build_menu()
        self.setWindowTitle(self.tr("Showroom Desk"))
        self.build_screens(show=current)
        for key, snap in kept.items():
            if key in self.factories:
                screen = self.page(key)
                restore(screen, snap)
                screen.retained = snap
        self.ctx.ops.changes_seen.emit({})  # open dialogs and the hall board: re-read
        self.language_changed.emit(self.ctx.lang)

    def _save_state(self) -> None:
        self.settings.setValue("main/geometry", self.saveGeometry())
        key = self.current_key()
        if key:
            self.settings.setValue(f"main/last_screen/{self.ctx.actor.login}", key)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_state()
        self.settings.sync()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop listening and let the calls under way finish."""
        self.daily_backup.stop()
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
        self.ctx.ops.wait()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.painted.emit()
