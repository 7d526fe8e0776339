"""What the main window expects of a screen."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desk.ui.common.context import Context


class Screen(QWidget):
    """A page of the main window.

    `kinds` are the change-feed kinds it shows; the window calls refresh() when
    one of them changes (at once if visible, else when next shown).
    """

    kinds: frozenset[str] = frozenset()

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stale = True

    @classmethod
    def title(cls) -> str:
        """The name in the navigation, known before the screen is made."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Re-read what the screen shows (one read transaction)."""

    def on_changes(self, kinds: set[str]) -> None:
        if kinds & self.kinds:
            self.stale = True
            if self.isVisible():
                self.refresh()
                self.stale = False

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.stale:
            self.refresh()
            self.stale = False
        super().showEvent(event)

    def page_layout(self) -> QVBoxLayout:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        heading = QLabel(self.title())
        heading.setObjectName("screenTitle")
        layout.addWidget(heading)
        return layout
