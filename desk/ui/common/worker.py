"""Slow work (an import, an export, a PDF) off the UI thread, reporting back by signal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


# Signal carriers of jobs under way. Each is kept a while after its callback ran,
# so the worker thread has surely left emit() before the object goes.
_alive: set[_Signals] = set()


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any], None],
                      on_failed: Callable[[Exception], None]) -> None:
    """Run `fn` on the thread pool; the callbacks run on the UI thread."""
    signals = _Signals()
    _alive.add(signals)

    def finish(cb: Callable[[Any], None]) -> Callable[[Any], None]:
        def call(value: Any) -> None:
            QTimer.singleShot(2000, lambda: _alive.discard(signals))
            cb(value)
        return call

    signals.done.connect(finish(on_done))
    signals.failed.connect(finish(on_failed))

    def job() -> None:
        try:
            result = fn()
        except Exception as e:  # reported to the UI thread, which decides what to show
            log.exception("background job failed")
            signals.failed.emit(e)
            return
        signals.done.emit(result)

    QThreadPool.globalInstance().start(job)
