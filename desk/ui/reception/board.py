"""The board for a screen in the hall: who is next, the order, who is receiving
and for how long, who is away. Large type, no customer data."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desk.core import labels
from desk.core.changes import ChangeKind
from desk.core.timefmt import utc_now
from desk.reception import rotation
from desk.reception.rotation import RepLine
from desk.ui.common.operations import Changes, Operations

BOARD_STYLE = """
QWidget#board { background: #14202c; }
QLabel { color: #e8eef5; }
QLabel#boardTitle { color: #9fb3c8; font-size: 22pt; }
QLabel#nextName { color: #ffd166; font-size: 64pt; font-weight: bold; }
QLabel#colTitle { color: #9fb3c8; font-size: 20pt; border-bottom: 2px solid #2c3e50; }
QLabel#row { font-size: 26pt; }
QLabel#rowDim { font-size: 22pt; color: #9fb3c8; }
QLabel#clock { color: #9fb3c8; font-size: 20pt; }
"""


def minutes_since(since: datetime, now: datetime) -> int:
    return max(0, int((now - since).total_seconds() // 60))


class QueueBoard(QWidget):
    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ops = ops
        self.setObjectName("board")
        self.setStyleSheet(BOARD_STYLE)
        self.setWindowTitle(self.tr("Reception order"))
        self.resize(1280, 720)
        self.lines: list[RepLine] = []
        self.offset = timedelta(0)  # the database clock minus this PC's clock

        top = QHBoxLayout()
        title = QLabel(self.tr("Reception order"))
        title.setObjectName("boardTitle")
        self.clock = QLabel()
        self.clock.setObjectName("clock")
        top.addWidget(title)
        top.addStretch()
        top.addWidget(self.clock)
        self.next_caption = QLabel(self.tr("Next to receive"))
        self.next_caption.setObjectName("boardTitle")
        self.next_name = QLabel()
        self.next_name.setObjectName("nextName")
        self.columns = QGridLayout()
        self.columns.setHorizontalSpacing(60)
        self.cols: list[QVBoxLayout] = []
        for i, text in enumerate((self.tr("Waiting, in order"), self.tr("Receiving"),
                                  self.tr("Away"))):
            head = QLabel(text)
            head.setObjectName("colTitle")
            self.columns.addWidget(head, 0, i)
            col = QVBoxLayout()
            self.columns.addLayout(col, 1, i)
            self.cols.append(col)
        self.columns.setRowStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addLayout(top)
        layout.addWidget(self.next_caption)
        layout.addWidget(self.next_name)
        layout.addSpacing(24)
        layout.addLayout(self.columns, 1)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.redraw)
        self._timer.start(15_000)
        self.refreshes = 0
        ops.changes_seen.connect(self.on_changes)
        self.refresh()

    def on_changes(self, changes: Changes) -> None:
        """The board follows the change feed, whichever screen the desk shows."""
        if ChangeKind.QUEUE in changes or ChangeKind.USERS in changes:
            self.refresh()

    def refresh(self) -> None:
        self.ops.read(self, lambda uow: (rotation.board(uow), uow.now), self._show)

    def _show(self, data: tuple[list[RepLine], datetime]) -> None:
        self.lines, now = data
        self.offset = now - utc_now()
        self.refreshes += 1
        self.redraw()

    def redraw(self) -> None:
        """Draw the lines (not `render`: that is QWidget's, painting to a device)."""
        now = utc_now() + self.offset
        self.clock.setText(datetime.now().strftime("%H:%M"))
        nxt = next((r for r in self.lines if r.is_next), None)
        self.next_name.setText(nxt.name if nxt else self.tr("— please wait —"))
        waiting = [r for r in self.lines if r.status == "waiting"]
        receiving = [r for r in self.lines if r.status == "receiving"]
        away = [r for r in self.lines if r.status == "break"]
        texts = [
            [(f"{i + 1}. {r.name}", "row") for i, r in enumerate(waiting)],
            [(f"{r.name}  {minutes_since(r.since, now)} " + self.tr("min"), "row")
             for r in receiving],
            [(f"{r.name}  {labels.rep_status(r.status, r.break_kind)}", "rowDim") for r in away],
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
