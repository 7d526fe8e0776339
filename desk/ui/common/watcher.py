"""Announces committed changes to every screen, from a worker thread."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QThread, Signal

from desk.core.db import Database, unreachable
from desk.core.listener import Listener

log = logging.getLogger(__name__)


class ChangeWatcher(QThread):
    """Emits `changed(rows)` (a list of `ChangeRow`) within about a second of any
    commit anywhere."""

    changed = Signal(list)
    unavailable = Signal()  # the server cannot be reached: the window says so

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._stop = False
        self.listening = False  # connected to the feed now (set by the thread)

    def run(self) -> None:
        listener: Listener | None = None
        while not self._stop:
            try:
                if listener is None:
                    listener = Listener(self.db)
                    self.listening = True
                rows = listener.wait(0.5)
                if rows:
                    self.changed.emit(rows)
            except Exception as e:  # a dropped server connection: reconnect next round
                self.listening = False
                if unreachable(e) is not None:
                    log.warning("change watcher: server unreachable")
                    self.unavailable.emit()
                else:
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
