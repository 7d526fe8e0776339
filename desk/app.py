"""GUI start-up: fonts, translations, login, main window.

The login window is painted before SQLAlchemy is even imported: the database
opens on a worker thread once it is painted, while the person types the
password, so the first window appears as fast as a bare Qt program's. What is
not needed to paint it (the log file, the Qt namespace's enums) waits too.
"""

from __future__ import annotations

import gc
import importlib
import logging
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desk.core import errors

if TYPE_CHECKING:
    from desk.admin.auth import Actor
    from desk.core.db import Database
    from desk.ui.admin.login_dialog import LoginDialog
    from desk.ui.main_window import MainWindow

log = logging.getLogger("desk")
NEEDS_SETUP = 2  # LoginDialog result: the database is empty, run the set-up instead
FIRST_PAINT_WAIT_S = 1.0  # the database opens after the login window's first paint, or this


def _install_excepthook() -> None:
    """An unexpected error shows a dialog with the log's path, never a silent exit."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        import traceback

        from PySide6.QtWidgets import QMessageBox

        log_path = _open_log()  # it may come before the login window's first paint
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if isinstance(value, errors.DeskError):
            QMessageBox.warning(None, "Showroom Desk", str(value))
            return
        QMessageBox.critical(
            None, "Showroom Desk",
            errors.pick(f"出现了意外错误：{value}\n\n详细信息已记录在：{log_path}",
                        f"An unexpected error occurred: {value}\n\nDetails are in: {log_path}"),
        )

    sys.excepthook = hook


def create_app(lang: str | None) -> tuple[QApplication, str]:
    from desk.ui.common.collector import GarbageCollector
    from desk.ui.common.context import ui_settings
    from desk.ui.common.resources import STYLE, install_font, install_translations

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("Showroom Desk")
    app.setOrganizationName("ShowroomDesk")
    lang = lang or str(ui_settings().value("ui/lang", "zh_CN"))
    lang = "en" if lang.startswith("en") else "zh_CN"
    errors.set_language(lang)
    install_font(app)
    install_translations(app, lang)
    app.setStyleSheet(STYLE)
    if not app.property("deskCollector"):  # not findChild: its first call costs 5 ms
        GarbageCollector(app)
        app.setProperty("deskCollector", True)
    return app, lang


@dataclass
class Opened:
    db: Database
    first_run: bool
    project_name: str


def open_database(url: str | None) -> Opened:
    """Connect, migrate, prune the change feed: everything before a login."""
    from desk.admin import projects
    from desk.core import changes
    from desk.core.db import Database

    db = Database(url)
    db.migrate()
    with db.begin() as s:
        changes.prune(s)
        first_run = projects.needs_setup(s)
        plist = projects.list_projects(s)
    try:  # holds that ran out while no PC was running get their history entry
        from desk.sales import claims

        with db.begin() as s:
            claims.expire_all_due(s)
    except errors.DeskError:  # another PC expired them at the same moment
        log.info("holds expired elsewhere meanwhile")
    from desk.sales import payments

    payments.open_missing_plans_of(db)  # deals from before payments were kept get their plan
    return Opened(db, first_run, plist[0].name if plist else "")


# What the main window, its screens and the first print import: loaded while the
# login window waits for the password, so that Enter finds them loaded.
WARM_MODULES = (
    "desk.admin.auth", "desk.ui.common.operations", "desk.ui.main_window",
    "desk.ui.common.upkeep", "desk.ui.admin.screen", "desk.ui.admin.audit",
    "desk.ui.reception.screen", "desk.ui.reporting.screen", "desk.ui.reporting.targets",
    "desk.ui.reporting.commission", "desk.ui.sales.approvals", "desk.ui.sales.deals",
    "desk.ui.sales.payments", "desk.ui.sales.screen", "desk.ui.visitors.screen",
    "desk.documents.prints", "desk.documents.pdf.layouts", "desk.documents.pdf.template",
)


def warm_up() -> None:
    """Import what the main window needs, configure the mappers and register the
    PDF font, on a worker thread. Importing on a thread is safe (each module has
    its import lock; a module imported on the UI thread meanwhile waits for it),
    and nothing here creates a QObject: the modules only define classes."""
    for name in WARM_MODULES:
        importlib.import_module(name)
    from sqlalchemy.orm import configure_mappers

    configure_mappers()  # else the first query of the main window does it
    from desk.documents.pdf import fonts

    fonts.register()  # the first print of the day need not read the font file


def start_login(url: str | None) -> tuple[Future[Opened], LoginDialog]:
    """Show the login window at once; open the database and load the rest in the
    background while it waits for the password."""
    from desk.ui.admin.login_dialog import LoginDialog

    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="start")
    painted = threading.Event()

    def open_when_painted() -> Opened:
        painted.wait(FIRST_PAINT_WAIT_S)  # a window never shown opens it all the same
        return open_database(url)

    opening = pool.submit(open_when_painted)
    login = LoginDialog(lambda: opening.result().db, ready=opening.done)
    # After the first paint: importing SQLAlchemy would hold the GIL the paint needs.
    login.painted.connect(painted.set)
    login.painted.connect(lambda: pool.submit(_logged(warm_up)))
    login.painted.connect(lambda: pool.shutdown(wait=False))

    def opened() -> None:
        if not opening.done():
            return
        timer.stop()
        if opening.exception() is not None:
            login.done(0)
        elif opening.result().first_run:
            login.done(NEEDS_SETUP)
        else:
            login.set_project_name(opening.result().project_name)

    timer = QTimer(login)
    timer.timeout.connect(opened)
    timer.start(25)
    return opening, login


class _Held(logging.Handler):
    """Keeps what is logged before the log file is opened, to write it there."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)



def _open_log() -> str:
    """Open the log file (once), write to it what was held for it; its path."""
    from desk.core.logsetup import setup_logging

    path = setup_logging()
    root = logging.getLogger()
    for held in [h for h in root.handlers if isinstance(h, _Held)]:
        root.removeHandler(held)
        for record in held.records:
            root.handle(record)
    return str(path)


def main(db_url: str | None = None, lang: str | None = None) -> int:
    # The log file opens after the login window's first paint (its module loads
    # the logging handlers); what is logged before then is held for it.
    logging.getLogger().addHandler(_Held())
    logging.getLogger().setLevel(logging.INFO)
    app, lang = create_app(lang)
    _install_excepthook()
    opening, login = start_login(db_url)
    login.painted.connect(lambda: QTimer.singleShot(0, _open_log))  # after the paint
    result = login.exec()
    log_path = _open_log()
    try:
        opened = opening.result()
    except Exception as e:  # the server is down, the file is not writable, ...
        from PySide6.QtWidgets import QMessageBox

        log.exception("cannot open the database")
        QMessageBox.critical(None, "Showroom Desk", errors.pick(
            f"无法打开数据库：{e}\n\n详细信息已记录在：{log_path}",
            f"Cannot open the database: {e}\n\nDetails are in: {log_path}"))
        return 1
    actor = login.actor
    if result == NEEDS_SETUP:
        from desk.ui.admin.setup_dialog import SetupDialog

        setup = SetupDialog(opened.db)
        actor = setup.actor if setup.exec() else None
    if actor is None:
        return 0

    window = show_main_window(opened.db, actor, lang)
    code = app.exec()
    window.shutdown()
    opened.db.dispose()
    return code


def _logged(work: Callable[[], None]) -> Callable[[], None]:
    """A background task whose failure is logged, not lost in its future."""

    def run() -> None:
        try:
            work()
        except Exception:  # the main window then imports what it needs itself
            log.exception("start-up warm-up failed")

    return run


def show_main_window(db: Database, actor: Actor, lang: str) -> MainWindow:
    """Build and show the main window; once it is painted, what start-up made is
    moved out of the garbage collector's sight (gc.freeze): a full collection
    then walks only what the day's work makes, not the imported modules and
    classes, and is 50-80 ms shorter."""
    window = build_main_window(db, actor, lang)
    window.painted.connect(gc.freeze)
    if window.settings.value("main/geometry") is None:
        window.showMaximized()  # the first start: the whole screen, as a desk PC runs it
    else:
        window.show()
    return window


def build_main_window(db: Database, actor: Actor, lang: str) -> MainWindow:
    """The main window as the application runs it: its operation runner and its
    change watcher (started) included."""
    from desk.ui.common.context import Context
    from desk.ui.main_window import MainWindow

    return MainWindow(Context(db, actor, lang))
