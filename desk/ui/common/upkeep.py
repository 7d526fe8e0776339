"""What a running window does for the database besides the screens: it says
that the application runs on it (restore waits for that), and it makes the
day's backup of a SQLite file at start and then every hour, on a worker thread.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow

from desk.admin import settings
from desk.core import backup
from desk.core.errors import DeskError
from desk.ui.common.context import Context

log = logging.getLogger(__name__)
HOUR_MS = 3_600_000


class DailyBackup(QObject):
    made = Signal(object)  # the day's new copy, or None when there was one already

    def __init__(self, window: QMainWindow, ctx: Context, interval_ms: int = HOUR_MS) -> None:
        super().__init__(window)
        self.window, self.ctx = window, ctx
        self.lock = backup.hold_running(ctx.db)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.run)
        if ctx.db.is_sqlite:  # a PostgreSQL server is backed up by its own tools
            self.timer.start(interval_ms)
            self.run()

    def run(self) -> None:
        db = self.ctx.db

        def work() -> Path | None:
            with db.read() as uow:
                folder, keep = settings.get_many(uow, "backup.folder", "backup.keep")
                today = settings.today(uow)
            where = Path(folder) if folder else backup.default_folder()
            return backup.daily(db, where, int(keep), today)

        self.ctx.ops.background(None, work, self._made, failed=self._failed)

    def _made(self, path: Path | None) -> None:
        if path is not None:
            log.info("daily backup: %s", path)
        self.made.emit(path)

    def _failed(self, e: DeskError) -> None:
        log.warning("daily backup failed: %s", e)
        self.window.statusBar().showMessage(self.tr("The daily backup failed: %1")
                                            .replace("%1", str(e)), 60_000)

    def stop(self) -> None:
        self.timer.stop()
        if self.lock is not None:
            self.lock.release()
            self.lock = None
