"""The one path from a screen to a service and back (as Anki's `aqt.operations`).

A screen states the service call and what to do with its result; the runner
runs the call on a worker thread in its own unit of work, so the window never
waits on the database. After about 300 ms it shows a busy cursor. A refusal
(`DeskError`) goes beside the form field it names, or into one message box; a
`NeedsConfirmation` asks and, on yes, runs the forced call. An unexpected
error is logged and shown in one sentence, never as a traceback. A server
that cannot be reached is announced by `unavailable` (the window's banner says
so and retries) instead of a message box; a write it stopped is reported as not
saved and never sent again by itself. After a write
commits, `changed` reports which kinds of data (and which things) it changed,
so each affected screen refreshes once; the change rows carry `origin`, so the
change feed's echo of the same change is skipped.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desk.core import errors
from desk.core.changes import ChangeKind
from desk.core.db import unreachable
from desk.core.errors import DeskError, NeedsConfirmation, Unavailable
from desk.core.uow import UnitOfWork
from desk.ui.common.feedback import FieldErrorsView, show_error

log = logging.getLogger(__name__)

T = TypeVar("T")
Changes = dict[ChangeKind, set[str | None]]
BUSY_CURSOR_MS = 300


class _Job(QObject):
    """Carries one call's outcome from the worker thread to the UI thread."""

    finished = Signal(object, object)  # result, changes
    failed = Signal(object)  # the exception

    def __init__(self, runner: Operations) -> None:
        super().__init__()
        self.runner = runner
        self.cursor = False


# Carriers of finished calls, kept until their worker has surely left emit().
_retired: set[_Job] = set()


class _Task(QRunnable):
    def __init__(self, job: _Job, work: Callable[[], tuple[Any, Changes]]) -> None:
        super().__init__()
        self.job, self.work = job, work

    def run(self) -> None:
        try:
            result, changes = self.work()
        except Exception as e:  # handed to the UI thread, which decides what to show
            if unreachable(e) is not None:  # every few seconds while it lasts: no trace
                log.warning("database server unreachable: %s", str(e).partition("\n")[0])
            elif not isinstance(e, DeskError):
                log.exception("operation failed")
            self.job.failed.emit(e)
            return
        self.job.finished.emit(result, changes)


def as_desk_error(e: Exception) -> DeskError:
    """What the user reads for any failure: a refusal as is, else one sentence."""
    if isinstance(e, DeskError):
        return e
    lost = unreachable(e)
    if lost is not None:
        return lost
    from sqlalchemy.exc import DBAPIError, OperationalError

    if isinstance(e, OperationalError) or (isinstance(e, DBAPIError) and e.connection_invalidated):
        return DeskError("无法连接数据库，请稍后再试；已填写的内容仍保留。",
                         "The database cannot be reached; try again shortly. Nothing you typed "
                         "is lost.")
    from desk.core.logsetup import log_path

    return DeskError(f"出现了意外错误，未保存任何内容。详细信息已记录在：{log_path()}",
                     f"An unexpected error occurred; nothing was saved. Details are in: {log_path()}")


class Operations(QObject):
    """Runs every database call of one window off the UI thread."""

    changed = Signal(object)  # Changes made by this window's own actions
    # Every change the window hears of, its own and others' (coalesced): open
    # dialogs and the hall board follow it.
    changes_seen = Signal(object)
    idle = Signal()  # nothing under way any more
    unavailable = Signal()  # a call found the database server unreachable

    def __init__(self, db: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.origin = uuid.uuid4().hex[:16]
        self._jobs: set[_Job] = set()
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(4)
        # Set by the window whose banner announces a lost server: then no message
        # box says it again (a login dialog's own runner still shows one).
        self.announces_loss = False
        # Who acts in this window's writes (login, user id), for the audit log.
        self.acting: Callable[[], tuple[str, int | None]] | None = None

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    # --- the three kinds of call ---
    def write(self, parent: QWidget | None, work: Callable[[UnitOfWork], T],
              done: Callable[[T], None] | None = None, *, fields: FieldErrorsView | None = None,
              failed: Callable[[DeskError], None] | None = None,
              forced: Callable[[UnitOfWork], T] | None = None) -> None:
        """One user action in one transaction. A refusal goes beside its field in
        `fields`, else into a message box; `failed`, when given, takes its place.
        `forced` is the same call with the user's confirmation, run when the
        service asked for it and the user agreed."""
        db, origin = self.db, self.origin
        who = self.acting() if self.acting is not None else None

        def run() -> tuple[T, Changes]:
            with db.begin(origin) as uow:
                if who is not None:
                    uow.acting_as(*who)
                result = work(uow)
            return result, {k: set(v) for k, v in uow.changed.items()}

        def refused(e: DeskError) -> None:
            if isinstance(e, Unavailable):
                # The commit's answer may be what was lost: the screens re-read
                # once the server is back and show whether it happened.
                e = Unavailable("无法连接数据库服务器，未保存；内容仍保留，恢复后请再保存一次。",
                                "The database server cannot be reached: not saved. What you "
                                "typed is kept; save again once it is back.")
            if isinstance(e, NeedsConfirmation) and forced is not None:
                if _ask(parent, str(e)):
                    self.write(parent, forced, done, fields=fields, failed=failed)
                return
            self._refused(parent, e, fields, failed)

        self._start(parent, run, done, refused)

    def read(self, parent: QWidget | None, work: Callable[[UnitOfWork], T],
             done: Callable[[T], None] | None = None, *,
             failed: Callable[[DeskError], None] | None = None) -> None:
        """Read what a screen shows, in one read transaction."""
        db = self.db

        def run() -> tuple[T, Changes]:
            with db.read() as uow:
                return work(uow), {}

        self._start(parent, run, done, lambda e: self._refused(parent, e, None, failed))

    def background(self, parent: QWidget | None, work: Callable[[], T],
                   done: Callable[[T], None] | None = None, *,
                   failed: Callable[[DeskError], None] | None = None) -> None:
        """Slow work that needs no database (writing a file, drawing a PDF)."""
        self._start(parent, lambda: (work(), {}), done,
                    lambda e: self._refused(parent, e, None, failed))

    # --- machinery ---
    def _start(self, parent: QWidget | None, run: Callable[[], tuple[Any, Changes]],
               done: Callable[[Any], None] | None, refused: Callable[[DeskError], None]) -> None:
        job = _Job(self)
        self._jobs.add(job)

        def alive() -> bool:
            return parent is None or shiboken6.isValid(parent)

        def finished(result: Any, changes: Changes) -> None:
            self._end(job)
            if changes:
                self.changed.emit(changes)
            if done is not None and alive():
                done(result)
            self._maybe_idle()

        def failed(e: Exception) -> None:
            self._end(job)
            error = as_desk_error(e)
            if isinstance(error, Unavailable):
                self.unavailable.emit()
            if alive():
                refused(error)
            self._maybe_idle()

        job.finished.connect(finished, Qt.ConnectionType.QueuedConnection)
        job.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
        QTimer.singleShot(BUSY_CURSOR_MS, lambda: self._busy_cursor(job))
        self.pool.start(_Task(job, run))

    def _busy_cursor(self, job: _Job) -> None:
        if job in self._jobs and not job.cursor:
            job.cursor = True
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

    def _end(self, job: _Job) -> None:
        self._jobs.discard(job)
        if job.cursor:
            QApplication.restoreOverrideCursor()
        # The worker may still be returning from emit(): keep the carrier a while
        # (held by Python, not by this runner, which may go first: a login dialog's).
        _retired.add(job)
        QTimer.singleShot(2000, lambda: _retired.discard(job))

    def _maybe_idle(self) -> None:
        if not self._jobs:
            self.idle.emit()

    def _refused(self, parent: QWidget | None, e: DeskError, fields: FieldErrorsView | None,
                 failed: Callable[[DeskError], None] | None) -> None:
        if failed is not None:
            failed(e)
        elif isinstance(e, Unavailable) and self.announces_loss:
            pass  # the window's banner says so
        elif fields is None or not fields.show(e):
            show_error(parent, e)

    def wait(self, timeout_ms: int = 10_000) -> bool:
        """Let everything under way finish (tests and shutdown)."""
        from PySide6.QtCore import QDeadlineTimer, QEventLoop

        deadline = QDeadlineTimer(timeout_ms)
        while self._jobs and not deadline.hasExpired():
            self.pool.waitForDone(20)
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        return not self._jobs


def _ask(parent: QWidget | None, text: str) -> bool:
    answer = QMessageBox.question(parent, errors.pick("请确认", "Please confirm"), text)
    return answer == QMessageBox.StandardButton.Yes
