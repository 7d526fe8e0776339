"""Slow work (an import, an export, a PDF) off the UI thread, reporting back by signal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as e:  # reported to the UI thread, which decides what to show
            log.exception("background job failed")
            self.signals.failed.emit(e)
            return
        self.signals.done.emit(result)


_alive: set[_Job] = set()


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any], None],
                      on_failed: Callable[[Exception], None]) -> None:
    """Run `fn` on the thread pool; the callbacks run on the UI thread."""
    job = _Job(fn)
    job.setAutoDelete(False)
    _alive.add(job)

    def finish(cb: Callable[[Any], None]) -> Callable[[Any], None]:
        def call(value: Any) -> None:
            _alive.discard(job)
            cb(value)
        return call

    job.signals.done.connect(finish(on_done))
    job.signals.failed.connect(finish(on_failed))
    QThreadPool.globalInstance().start(job)
