"""Reservation slips back at the desk: scan the QR code, see the record.

A USB QR scanner is a keyboard: it types the slip's code and an Enter, faster
than anyone types, into whatever has the focus. `SlipScanner` watches the keys
of the whole application; a burst that starts with the code's prefix is kept
out of the focused widget, and its Enter opens what the code names (the unit's
dialog, headed by the verdict), or says plainly that the slip is forged or
unknown. Typing is not slowed: only a key that may begin a code waits, for at
most BURST_SECONDS, to see whether a scanner's burst follows. The scan box in
the status bar takes a code typed by hand.
"""

from __future__ import annotations

import time

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from desk.core import labels
from desk.core.errors import DeskError
from desk.documents import slipcode
from desk.documents.slipcode import Forged, SlipFacts
from desk.ui.common.context import Context

# A scanner's keys come closer together than this; a person's do not.
BURST_SECONDS = 0.05
_ENTER = {Qt.Key.Key_Return, Qt.Key.Key_Enter}
PREFIX = slipcode.PREFIX + ":"


def _may_begin_a_code(typed: str) -> bool:
    return typed[:len(PREFIX)].upper() == PREFIX[:len(typed)]


class ScanBox(QLineEdit):
    """Where a slip's code can be typed (or scanned) by hand."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("slipScan")
        self.setFixedWidth(190)
        self.setClearButtonEnabled(True)
        self._texts()

    def _texts(self) -> None:
        self.setPlaceholderText(self.tr("Slip code…"))
        self.setToolTip(self.tr("Scan a reservation slip's QR code, or type the code printed "
                                "under it and press Enter"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._texts()
        super().changeEvent(event)


class SlipScanner(QObject):
    """Opens the record a slip's code names, from a scan anywhere in `window` or
    from the scan box."""

    def __init__(self, window: QMainWindow, ctx: Context) -> None:
        super().__init__(window)
        self.main, self.ctx = window, ctx
        self.box = ScanBox()
        self.box.returnPressed.connect(self._typed)
        window.statusBar().addPermanentWidget(self.box)
        # The keys of a burst that may be a code, held back from the focused widget
        # until it is one (Enter) or is not (a slower key, another key, a pause).
        self._held: list[QKeyEvent] = []
        self._target: QWidget | None = None
        self._last = 0.0
        self._replaying = False
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(int(BURST_SECONDS * 1000))
        self._pause.timeout.connect(self._give_back)
        self._shown: QWidget | None = None
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # --- keys ---
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not isinstance(event, QKeyEvent) or self._replaying:
            return False
        # Each key once, as its first receiver (the focused widget) gets it.
        if not isinstance(obj, QWidget) or obj is not (QApplication.focusWidget()
                                                       or QApplication.activeWindow()):
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            # Inside a burst no shortcut takes the key (an Enter that opens the
            # current row, say): it comes here as a key press.
            if self._held and obj is self._target \
                    and time.monotonic() - self._last <= BURST_SECONDS:
                event.accept()
                return True
            return False
        if event.type() != QEvent.Type.KeyPress:
            return False
        text = event.text()
        if not self._held:
            # Only the code's first letter starts a burst: other keys pass at once.
            if text[:1].upper() != PREFIX[0] or not self._listening():
                return False
        elif time.monotonic() - self._last > BURST_SECONDS or obj is not self._target:
            self._give_back()
            return self.eventFilter(obj, event)
        elif event.key() in _ENTER:
            code = "".join(e.text() for e in self._held)
            if not slipcode.looks_like(code) or len(code) <= len(PREFIX):
                self._give_back()
                return False
            self._held.clear()
            self._pause.stop()
            self.open_code(code)
            return True
        elif not text:
            return False  # Shift and the like, between a scanner's characters too
        elif not text.isprintable() or not _may_begin_a_code(
                "".join(e.text() for e in self._held) + text):
            self._give_back()
            return False
        self._held.append(QKeyEvent(event.type(), event.key(), event.modifiers(), text,
                                    event.isAutoRepeat(), event.count()))
        self._target = obj
        self._last = time.monotonic()
        self._pause.start()
        return True

    def _give_back(self) -> None:
        """Not a code after all: the held keys go where they were typed."""
        held, self._held = self._held, []
        self._pause.stop()
        target = self._target
        if target is None or not shiboken6.isValid(target):
            return
        self._replaying = True
        try:
            for e in held:
                QApplication.sendEvent(target, e)
        finally:
            self._replaying = False

    @property
    def shown(self) -> QWidget | None:
        """The dialog or message the last code opened, while it is open."""
        if self._shown is not None and shiboken6.isValid(self._shown) and self._shown.isVisible():
            return self._shown
        return None

    def _listening(self) -> bool:
        """Not while locked, and not over a dialog of someone else's."""
        modal = QApplication.activeModalWidget()
        central = self.main.centralWidget()
        return (central is not None and central.isVisible()
                and (modal is None or modal is self.shown))

    def _typed(self) -> None:
        code = self.box.text()
        if code.strip():
            self.box.clear()
            self.open_code(code)

    # --- what the code names ---
    def open_code(self, code: str) -> None:
        if self.shown is not None:
            self.shown.close()  # the next slip scanned replaces the last one shown
        self.ctx.ops.read(self.main, lambda uow: slipcode.verify(uow, code), self._show,
                          failed=self._refused)

    def _show(self, facts: SlipFacts) -> None:
        verdict = labels.slip_check(facts)
        if not self.ctx.actor.can("units.view"):
            self._message(QMessageBox.Icon.Information, verdict)
            return
        from desk.ui.sales.unit_dialog import UnitDialog

        dlg = UnitDialog(self.ctx, facts.project_id, facts.unit_code, self.main)
        banner = QLabel(verdict)
        banner.setObjectName("slipVerdict")
        banner.setWordWrap(True)
        banner.setStyleSheet("background: #e3f2e6; border-left: 6px solid #2e7d32; "
                             "padding: 6px 10px;")
        layout = dlg.layout()
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(0, banner)
        self._open(dlg)

    def _refused(self, e: DeskError) -> None:
        forged = isinstance(e, Forged)
        self._message(QMessageBox.Icon.Critical if forged else QMessageBox.Icon.Warning, str(e))

    def _message(self, icon: QMessageBox.Icon, text: str) -> None:
        box = QMessageBox(icon, self.tr("Reservation slip"), text,
                          QMessageBox.StandardButton.Close, self.main)
        self._open(box)

    def _open(self, dlg: QDialog) -> None:
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._shown = dlg
        dlg.open()
