"""Python's garbage collection kept on the UI thread.

The cyclic collector runs on whichever thread happens to allocate, and the
operation runner's worker threads allocate a lot. Collecting a Qt wrapper there
deletes a QObject off its thread, which crashes. So automatic collection is off
and this timer collects on the UI thread, by the same thresholds Python would
use (as Anki's `aqt` does).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class GarbageCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(INTERVAL_MS)

    def check(self) -> None:
        g0, g1, g2 = gc.get_count()
        if g0 > self.threshold[0]:
            generation = 2 if g2 > self.threshold[2] else 1 if g1 > self.threshold[1] else 0
            gc.collect(generation)
