"""The board for a screen in the hall: who is next, the order, who is receiving
and for how long, who is away, and the visitors waiting (by number, with the
wait so far and the estimate). Large type, no customer data.

It opens full screen on the screen this PC chose for it (remembered in the
PC's UI settings) and scales its type to that screen; Esc, or Close in its
context menu, closes it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QKeyEvent, QResizeEvent, QScreen
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from desk.core import labels
from desk.core.changes import ChangeKind
from desk.core.timefmt import hm, utc_now
from desk.reception import rotation
from desk.reception.rotation import HallView, HallWaiting, RepLine
from desk.ui.common.operations import Changes, Operations

# Designed for 1280×720; every size is scaled to the screen the board is on.
DESIGN_SIZE = (1280, 720)
BOARD_STYLE = """
QWidget#board {{ background: #14202c; }}
QLabel {{ color: #e8eef5; }}
QLabel#boardTitle {{ color: #9fb3c8; font-size: {title}px; }}
QLabel#nextName {{ color: #ffd166; font-size: {next}px; font-weight: bold; }}
QLabel#colTitle {{ color: #9fb3c8; font-size: {col}px; border-bottom: 2px solid #2c3e50; }}
QLabel#row {{ font-size: {row}px; }}
QLabel#rowDim {{ font-size: {dim}px; color: #9fb3c8; }}
QLabel#clock {{ color: #9fb3c8; font-size: {col}px; }}
"""
# Font sizes in pixels at the design size.
FONT_PX = {"title": 29, "next": 85, "col": 27, "row": 35, "dim": 29}
SCREEN_KEY = "board/screen"  # the screen this PC shows the board on (its name)


def minutes_since(since: datetime, now: datetime) -> int:
    return max(0, int((now - since).total_seconds() // 60))


class QueueBoard(QWidget):
    def __init__(self, ops: Operations, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ops = ops
        self.settings = settings
        self.setObjectName("board")
        self.resize(*DESIGN_SIZE)
        self.scale = 0.0
        self.lines: list[RepLine] = []
        self.waiting: list[HallWaiting] = []
        self.offset = timedelta(0)  # the database clock minus this PC's clock

        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("boardTitle")
        self.clock = QLabel()
        self.clock.setObjectName("clock")
        top.addWidget(self.title)
        top.addStretch()
        top.addWidget(self.clock)
        self.next_caption = QLabel()
        self.next_caption.setObjectName("boardTitle")
        self.next_name = QLabel()
        self.next_name.setObjectName("nextName")
        self.columns = QGridLayout()
        self.columns.setHorizontalSpacing(60)
        self.cols: list[QVBoxLayout] = []
        self.heads: list[QLabel] = []
        for i in range(4):
            head = QLabel()
            head.setObjectName("colTitle")
            self.heads.append(head)
            self.columns.addWidget(head, 0, i)
            col = QVBoxLayout()
            self.columns.addLayout(col, 1, i)
            self.cols.append(col)
        self.columns.setRowStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.next_caption)
        layout.addWidget(self.next_name)
        self.gap = QSpacerItem(0, 24)
        layout.addSpacerItem(self.gap)
        layout.addLayout(self.columns, 1)
        self.retranslate()
        self.apply_scale()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.redraw)
        self._timer.start(15_000)
        # The estimates move with the clock: read them again while someone waits.
        self._estimates = QTimer(self)
        self._estimates.timeout.connect(self._refresh_estimates)
        self._estimates.start(60_000)
        self.refreshes = 0
        ops.changes_seen.connect(self.on_changes)
        self.refresh()

    def _refresh_estimates(self) -> None:
        if self.waiting and self.isVisible():
            self.refresh()

    def retranslate(self) -> None:
        """The fixed texts, in the language in use (again after a switch)."""
        self.setWindowTitle(self.tr("Reception order"))
        self.title.setText(self.tr("Reception order"))
        for head, text in zip(self.heads, (self.tr("Waiting, in order"), self.tr("Receiving"),
                                           self.tr("Away"), self.tr("Visitors waiting")),
                              strict=True):
            head.setText(text)
        self.redraw()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def on_changes(self, changes: Changes) -> None:
        """The board follows the change feed, whichever screen the desk shows."""
        if ChangeKind.QUEUE in changes or ChangeKind.USERS in changes:
            # Once the event at hand is done: a desk's own walk-in is heard
            # just before its answer, whose rep's name is painted first (the
            # read's worker would contend with it for the interpreter).
            QTimer.singleShot(0, self, self.refresh)

    def refresh(self) -> None:
        self.ops.read(self, rotation.hall_view, self._show)

    def _show(self, view: HallView) -> None:
        self.lines, self.waiting = view.lines, view.waiting
        self.offset = view.now - utc_now()
        self.refreshes += 1
        self.redraw()

    # --- the screen it is on ---
    def open_on_screen(self, parent: QWidget | None = None) -> None:
        """Full screen on this PC's screen for the board; asked when it has more
        than one screen and none was chosen yet (or the chosen one is gone)."""
        screen = self.chosen_screen(parent, ask=False)
        if screen is not None:
            self.show_on(screen)

    def chosen_screen(self, parent: QWidget | None, ask: bool) -> QScreen | None:
        screens = QGuiApplication.screens()
        remembered = self.settings.value(SCREEN_KEY) if self.settings is not None else None
        index = next((i for i, sc in enumerate(screens) if sc.name() == remembered), None)
        if index is not None and not ask:
            return screens[index]
        index = index or 0
        if len(screens) > 1:
            names = [f"{i + 1}: {sc.name()} {sc.size().width()}×{sc.size().height()}"
                     for i, sc in enumerate(screens)]
            choice, ok = QInputDialog.getItem(parent, self.tr("Hall board"),
                                              self.tr("Show on screen"), names, index,
                                              editable=False)
            if not ok:
                return None
            index = names.index(choice)
        if self.settings is not None:
            self.settings.setValue(SCREEN_KEY, screens[index].name())
        return screens[index]

    def show_on(self, screen: QScreen) -> None:
        if self.windowHandle() is not None and self.isVisible():
            self.hide()  # a full-screen window moves to another screen only when shown again
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        if len(QGuiApplication.screens()) > 1:
            move = menu.addAction(self.tr("Show on another screen…"))
            move.triggered.connect(self._move)
        close = menu.addAction(self.tr("Close  (Esc)"))
        close.triggered.connect(self.close)
        menu.exec(event.globalPos())

    def _move(self) -> None:
        screen = self.chosen_screen(self, ask=True)
        if screen is not None:
            self.show_on(screen)

    # --- scaling ---
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.apply_scale()

    def apply_scale(self) -> None:
        """Type, margins and spacing follow the board's size, so it reads the same
        at 1024×768 as at 1920×1080."""
        scale = min(self.width() / DESIGN_SIZE[0], self.height() / DESIGN_SIZE[1])
        if abs(scale - self.scale) < 0.01:
            return
        self.scale = scale
        self.setStyleSheet(BOARD_STYLE.format(**{k: max(8, round(v * scale))
                                                  for k, v in FONT_PX.items()}))
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.setContentsMargins(round(48 * scale), round(32 * scale), round(48 * scale),
                                      round(32 * scale))
            self.gap.changeSize(0, round(24 * scale))
            layout.invalidate()
        self.columns.setHorizontalSpacing(round(48 * scale))

    def redraw(self) -> None:
        """Draw the lines (not `render`: that is QWidget's, painting to a device)."""
        now = utc_now() + self.offset
        self.clock.setText(hm(now))  # the showroom's clock, as every time shown
        nxt = next((r for r in self.lines if r.is_next), None)
        if nxt is not None:
            self.next_caption.setText(self.tr("Next to receive"))
            self.next_name.setText(nxt.name)
        elif self.waiting:  # the next rep free receives the first visitor waiting
            self.next_caption.setText(self.tr("Next to be received"))
            self.next_name.setText(self.tr("No. %1").replace("%1", str(self.waiting[0].number)))
        else:
            self.next_caption.setText(self.tr("Next to receive"))
            self.next_name.setText(self.tr("— please wait —"))
        waiting = [r for r in self.lines if r.status == "waiting"]
        receiving = [r for r in self.lines if r.status == "receiving"]
        away = [r for r in self.lines if r.status == "break"]
        texts = [
            [(f"{i + 1}. {r.name}", "row") for i, r in enumerate(waiting)],
            [(f"{r.name}  {minutes_since(r.since, now)} " + self.tr("min"), "row")
             for r in receiving],
            [(f"{r.name}  {labels.rep_status(r.status, r.break_kind)}", "rowDim") for r in away],
            [(self.tr("No. %1 · %2 min · %3").replace("%1", str(w.number))
              .replace("%2", str(minutes_since(w.arrived_at, now)))
              .replace("%3", labels.about(w.estimate)), "row")
             for w in self.waiting],
        ]
        for col, rows in zip(self.cols, texts, strict=True):
            while (item := col.takeAt(0)) is not None:
                w = item.widget()
                if w:
                    w.deleteLater()
            for text, style in rows:
                label = QLabel(text)
                label.setObjectName(style)
                col.addWidget(label)
            col.addStretch(1)
