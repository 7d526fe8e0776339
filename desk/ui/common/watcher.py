"""Announces committed changes to every screen, from a worker thread."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QThread, Signal

from desk.core.db import Database
from desk.core.listener import Listener

log = logging.getLogger(__name__)


class ChangeWatcher(QThread):
    """Emits `changed(rows)` (a list of `ChangeRow`) within about a second of any
    commit anywhere."""

    changed = Signal(list)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._stop = False

    def run(self) -> None:
        listener: Listener | None = None
        while not self._stop:
            try:
                if listener is None:
                    listener = Listener(self.db)
                rows = listener.wait(0.5)
                if rows:
                    self.changed.emit(rows)
            except Exception:  # a dropped server connection: reconnect next round
                log.exception("change watcher")
                if listener is not None:
                    listener.close()
                listener = None
                self.msleep(2000)
        if listener is not None:
            listener.close()

    def stop(self) -> None:
        self._stop = True
        self.wait(3000)
