"""Start-up: the login window stays responsive while the password is checked and
the database opens; the main window freezes start-up's objects out of the
garbage collector's sight."""

from __future__ import annotations

import gc
import threading
from concurrent.futures import Future

from PySide6.QtCore import QTimer

from desk.core.db import Database
from desk.ui.admin.login_dialog import LoginDialog
from tests.conftest import actor, settle


def test_enter_while_the_database_opens_keeps_the_login_window_responsive(
        ui_app, qtbot, demo_db: Database) -> None:
    opening: Future[Database] = Future()
    opened = threading.Timer(0.3, lambda: opening.set_result(demo_db))
    ticks = {"opening": 0, "checking": 0}

    def tick() -> None:  # runs only when the UI thread processes events
        ticks["checking" if opening.done() else "opening"] += 1

    dlg = LoginDialog(opening.result, ready=opening.done)
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.painted, timeout=5000):
        dlg.show()
    dlg.login_edit.setText("manager")
    dlg.password_edit.setText("demo123")
    clock = QTimer(dlg)
    clock.timeout.connect(tick)
    clock.start(5)
    opened.start()
    dlg.try_login()  # returns at once: the database is not open yet
    assert dlg.actor is None and ticks == {"opening": 0, "checking": 0}
    with qtbot.waitSignal(dlg.accepted, timeout=10_000):
        pass
    clock.stop()
    assert dlg.actor is not None and dlg.actor.login == "manager"
    # The window processed events while the database opened and while argon2
    # checked the password on the runner's worker thread.
    assert ticks["opening"] > 0 and ticks["checking"] > 0


def test_start_up_objects_are_frozen_once_the_main_window_is_painted(
        ui_app, qtbot, demo_db: Database) -> None:
    from desk.app import show_main_window

    gc.unfreeze()
    win = show_main_window(demo_db, actor(demo_db, "manager"), "zh_CN")
    qtbot.addWidget(win)
    try:
        assert gc.get_freeze_count() == 0  # nothing painted yet
        with qtbot.waitSignal(win.painted, timeout=5000):
            pass
        assert gc.get_freeze_count() > 0
        settle(qtbot, win)
    finally:
        win.shutdown()
        gc.unfreeze()


def test_warm_up_loads_the_screens_the_mappers_and_the_pdf_font() -> None:
    import sys

    from reportlab.pdfbase import pdfmetrics

    from desk.app import WARM_MODULES, warm_up
    from desk.documents.pdf.fonts import FONT

    done = threading.Event()
    worker = threading.Thread(target=lambda: (warm_up(), done.set()))
    worker.start()
    worker.join(60)
    assert done.is_set()
    assert [m for m in WARM_MODULES if m not in sys.modules] == []
    assert pdfmetrics.getFont(FONT).fontName == FONT
