"""What the main window expects of a screen, and how a screen refreshes.

A screen reads what it shows through the operation runner: `query()` runs on
the UI thread and returns the read to run on a worker (it captures the widget
state it needs, such as the shown building), `show_data()` puts the result on
screen. One read is under way at a time; asks that arrive meanwhile fold into
one more read. A hidden screen only notes that it is stale and reads when it is
next shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desk.core.changes import ChangeKind
from desk.core.uow import UnitOfWork
from desk.ui.common.context import Context
from desk.ui.common.operations import Changes
from desk.ui.common.retain import Snapshot, restore


class Screen(QWidget):
    """A page of the main window.

    `kinds` are the change-feed kinds it shows; the window hands it every
    change (coalesced) and the screen refreshes what the change names.
    """

    kinds: frozenset[ChangeKind] = frozenset()

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stale = True
        self.refreshes = 0  # finished reads, for the tests' refresh counts
        self._loading = False
        self._again = False
        # Fields typed before a language switch remade this screen; what is
        # filled from data (a building list) can only be chosen once read.
        self.retained: Snapshot | None = None

    @classmethod
    def title(cls) -> str:
        """The name in the navigation, known before the screen is made."""
        raise NotImplementedError

    # --- what a screen supplies ---
    def query(self) -> Callable[[UnitOfWork], Any]:
        """The read of everything the screen shows (run off the UI thread)."""
        return lambda uow: None

    def show_data(self, data: Any) -> None:
        """Put what `query()` read on screen (UI thread)."""

    def first_field(self) -> QWidget | None:
        """Where the keyboard goes when the screen is opened."""
        return None

    # --- refreshing ---
    def refresh(self) -> None:
        """Re-read what the screen shows; asks during a read fold into one more."""
        if self._loading:
            self._again = True
            return
        self._loading = True
        self.stale = False
        self.ctx.ops.read(self, self.query(), self._loaded, failed=self._load_failed)

    def _loaded(self, data: Any) -> None:
        self._loading = False
        self.refreshes += 1
        self.show_data(data)
        if self.retained is not None:
            retained, self.retained = self.retained, None
            restore(self, retained)
        if self._again:
            self._again = False
            self.refresh()

    def _load_failed(self, error: Exception) -> None:
        self._loading = False
        self._again = False
        self.stale = True
        self.load_failed(error)

    def load_failed(self, error: Exception) -> None:
        """A read failed (the server is away): keep what is shown; read again
        at the next change or when shown."""

    @property
    def loading(self) -> bool:
        return self._loading

    def on_changes(self, changes: Changes) -> None:
        """Changes made anywhere. By default: re-read all when one of `kinds`
        changed (now if shown, else when next shown)."""
        if not self.kinds.intersection(changes):
            return
        if self.isVisible():
            self.apply_changes(changes)
        else:
            self.stale = True

    def apply_changes(self, changes: Changes) -> None:
        """Refresh for these changes while shown; a screen that can refresh only
        the things named overrides this."""
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        if self.stale:
            self.refresh()
        super().showEvent(event)

    def page_layout(self) -> QVBoxLayout:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        heading = QLabel(self.title())
        heading.setObjectName("screenTitle")
        layout.addWidget(heading)
        return layout
