"""The line above the screens that says the database server cannot be reached
(and retries until it can), or that this PC's clock is off."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from desk.core import clock
from desk.core.timefmt import utc_now
from desk.core.uow import UnitOfWork
from desk.ui.common.operations import Operations

RETRY_MS = 3000
CLOCK_CHECK_MS = 3_600_000  # the clock is compared at login and then hourly

_DOWN_STYLE = "background:#fde2e1; border:1px solid #d9534f; color:#7a1c1a; padding:6px;"
_CLOCK_STYLE = "background:#fff1c1; border:1px solid #e0b020; padding:6px;"


class ServerBanner(QLabel):
    """Hidden while all is well. `restored` is emitted once when the server
    answers again, so the window re-reads every screen (a save whose answer was
    lost may have happened: the screens show whether it did)."""

    restored = Signal()

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serverBanner")
        self.setWordWrap(True)  # a narrow window wraps the line instead of cutting it
        self.ops = ops
        ops.announces_loss = True
        ops.unavailable.connect(self.lost)
        self.down = False
        self.skew = timedelta(0)  # this PC's clock minus the server's, as last measured
        # This PC's clock; the clock test gives it a wrong one.
        self.local_clock: Callable[[], datetime] = utc_now
        self._asking = False
        self._retry = QTimer(self)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.check)
        self._hourly = QTimer(self)
        self._hourly.setInterval(CLOCK_CHECK_MS)
        self._hourly.timeout.connect(self.check)
        self._hourly.start()
        self.hide()

    def server_now(self) -> datetime:
        """The server's time by this PC's clock and the last measured difference."""
        return self.local_clock() - self.skew

    def lost(self) -> None:
        """A call or the change feed found the server unreachable."""
        if not self.down:
            self.down = True
            self._retry.start()
            self._show()

    def check(self) -> None:
        """Ask the server its time (off the UI thread): an answer means it is
        reachable, and tells how far this PC's clock is off."""
        if self._asking:
            return
        self._asking = True
        local = self.local_clock

        def work(uow: UnitOfWork) -> timedelta:
            return clock.skew(uow, local)

        self.ops.read(self, work, self._answered, failed=self._unanswered)

    def _answered(self, skew: timedelta) -> None:
        self._asking = False
        self.skew = skew
        back = self.down
        if back:
            self.down = False
            self._retry.stop()
        self._show()
        if back:
            self.restored.emit()

    def _unanswered(self, _error: Exception) -> None:
        self._asking = False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._show()
        super().changeEvent(event)

    def _show(self) -> None:
        if self.down:
            self.setStyleSheet(_DOWN_STYLE)
            self.setText(self.tr("Cannot reach the database server; retrying… What you typed is "
                                 "kept: save it again once the connection is back."))
        elif clock.is_off(self.skew):
            self.setStyleSheet(_CLOCK_STYLE)
            self.setText(self.tr("This PC's clock differs from the server's by %1 min: every "
                                 "time follows the server; please set this PC's clock.")
                         .replace("%1", str(clock.minutes(self.skew))))
        else:
            self.clear()
        self.setVisible(bool(self.text()))
