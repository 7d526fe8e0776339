"""Reception (接待): the front desk's panel for the rotation."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.core import labels
from desk.core.changes import ChangeKind
from desk.core.errors import DeskError, Unavailable, pick
from desk.core.timefmt import full, hm, utc_now
from desk.core.uow import UnitOfWork
from desk.customers import customers
from desk.models.enums import BreakKind, ReceptionHow
from desk.reception import rotation, waiting
from desk.reception.undo import Undoable
from desk.ui.common.context import Context, ui_settings
from desk.ui.common.feedback import show_error
from desk.ui.common.operations import Changes
from desk.ui.common.screen import Screen
from desk.ui.common.table_model import Column, RowsModel

if TYPE_CHECKING:
    from desk.ui.reception.board import QueueBoard


def _minutes(since: datetime, now: datetime) -> str:
    return f"{max(0, int((now - since).total_seconds() // 60))}′"


def _push_rows(model: RowsModel, rows: list[Any], key: Callable[[Any], Any]) -> None:
    """Rows pushed in place: the rows that differ are repainted, and only those
    (a reset repaints every cell). When the same people change places, the
    selection moves with its person (the next button press must not act on
    whoever took their row); other people, or another number, reset."""
    old, new = [key(r) for r in model.rows], [key(r) for r in rows]
    if len(rows) != len(model.rows) or (old != new and sorted(old) != sorted(new)):
        model.set_rows(rows)
        return
    if old != new:
        place = {k: i for i, k in enumerate(new)}
        model.layoutAboutToBeChanged.emit()
        before = model.persistentIndexList()
        model.rows = list(rows)
        model.changePersistentIndexList(
            before, [model.index(place[old[ix.row()]], ix.column()) for ix in before])
        model.layoutChanged.emit()
        return
    previous, model.rows = model.rows, list(rows)
    last = model.columnCount() - 1
    for i, (a, b) in enumerate(zip(previous, rows, strict=True)):
        if a != b:
            model.dataChanged.emit(model.index(i, 0), model.index(i, last))


def _rep(line: Any) -> Any:
    return line.rep_id


def _id(row: Any) -> Any:
    return row.id


def _push_row(model: RowsModel, row: Any, key: Callable[[Any], Any]) -> None:
    """One row in place of the row with the same key, else added at the end."""
    for i, r in enumerate(model.rows):
        if key(r) == key(row):
            model.rows[i] = row
            model.dataChanged.emit(model.index(i, 0), model.index(i, model.columnCount() - 1))
            return
    n = len(model.rows)
    model.beginInsertRows(QModelIndex(), n, n)
    model.rows.append(row)
    model.endInsertRows()


class ReturningDialog(QDialog):
    """A returning customer: look them up by phone; show who owns them."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Returning customer"))
        self.setMinimumWidth(420)
        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.phone.setPlaceholderText(self.tr("mobile number"))
        self.found = QLabel()
        self.found.setWordWrap(True)
        self.party = QSpinBox()
        self.party.setRange(1, 50)
        form = QFormLayout()
        form.addRow(self.tr("Mobile"), self.phone)
        form.addRow("", self.found)
        form.addRow(self.tr("People"), self.party)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.phone.textChanged.connect(self.look_up)

    def look_up(self) -> None:
        text = self.phone.text()
        if len("".join(c for c in text if c.isdigit())) < 11:
            self.found.setText("")
            return
        self.ctx.ops.read(self, lambda uow: customers.ownership(uow, text), self._show_owner,
                          failed=lambda e: self.found.setText(str(e)))

    def _show_owner(self, c: customers.Ownership | None) -> None:
        if c is None:
            self.found.setText(self.tr("Not found: will be received as a new customer."))
        elif c.valid:
            self.found.setText(self.tr("%1, owned by %2 until %3").replace("%1", c.name)
                               .replace("%2", c.owner or "").replace("%3", full(c.owner_until)))
        else:
            self.found.setText(self.tr("%1, no current owner").replace("%1", c.name))


class ReceptionScreen(Screen):
    kinds = frozenset({ChangeKind.QUEUE, ChangeKind.USERS, ChangeKind.VISITORS})
    register_requested = Signal(int)  # a reception's registration form to fill

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("ReceptionScreen", "Reception")

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.lines: list[rotation.RepLine] = []
        self.offset = timedelta(0)
        self.board_window: QueueBoard | None = None
        self.undo_window = timedelta(0)  # the setting, read with the screen
        self.undoable: Undoable | None = None  # what the service says Ctrl+Z takes back
        self.waiting: list[waiting.WaitingLine] = []
        self.version = (-1, -1)  # the day's version shown (`daylog.version_of`)
        # This desk's walk-ins under way, and the queue changes heard meanwhile:
        # a walk-in's own change is shown from its answer, not read again.
        self._walkins = 0
        self._heard = 0
        layout = self.page_layout()

        # the big buttons and the announcement
        top = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New walk-in  (F2)"))
        self.new_button.setObjectName("primary")
        self.new_button.setMinimumHeight(64)
        self.new_button.setStyleSheet("font-size: 16pt;")
        self.new_button.clicked.connect(self.new_walkin)
        self.party = QSpinBox()
        self.party.setRange(1, 50)
        self.party.valueChanged.connect(self._party_suffix)
        self._party_suffix(1)
        self.party.setMinimumHeight(40)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr("note, if they wait"))
        self.note.setMinimumWidth(self.note.fontMetrics().horizontalAdvance(
            self.note.placeholderText()) + 16)
        self.note.setMaximumWidth(220)
        self.note.setMinimumHeight(40)
        self.return_button = QPushButton(self.tr("Returning customer…  (F3)"))
        self.return_button.setMinimumHeight(64)
        self.return_button.setStyleSheet("font-size: 14pt;")
        # Its whole text, whatever the language: the walk-in button gives way.
        self.return_button.setMinimumWidth(self.return_button.sizeHint().width())
        self.return_button.clicked.connect(self.returning)
        top.addWidget(self.new_button, 2)
        top.addWidget(self.party)
        top.addWidget(self.note)
        top.addWidget(self.return_button, 2)
        if ctx.actor.can("queue.override"):
            assign = QPushButton(self.tr("Assign to…"))
            assign.setMinimumHeight(64)
            assign.setStyleSheet("font-size: 14pt;")
            assign.clicked.connect(self.override)
            top.addWidget(assign, 1)
        layout.addLayout(top)
        self.announce = QLabel(self.tr("Press 'New walk-in' when a visitor arrives."))
        self.announce.setObjectName("announce")
        self.announce.setStyleSheet("font-size: 22pt; font-weight: bold; color: #1f6feb;"
                                    "background: #eef4ff; padding: 10px; border-radius: 4px;")
        self.announce.setWordWrap(True)
        self.announce.setTextFormat(Qt.TextFormat.RichText)
        # Room for the call and its detail, so that the tables below stay put.
        self.announce.setMinimumHeight(100)
        self.undo_button = QPushButton(self.tr("Undo  (Ctrl+Z)"))
        self.undo_button.setToolTip("Ctrl+Z")
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.setEnabled(False)
        ann = QHBoxLayout()
        ann.addWidget(self.announce, 1)
        ann.addWidget(self.undo_button)
        layout.addLayout(ann)
        self.feedback = QLabel()  # what this desk's last undo took back
        self.feedback.setObjectName("hint")
        self.feedback.hide()
        layout.addWidget(self.feedback)
        self.why = QLabel()
        self.why.setObjectName("hint")
        self.why.setWordWrap(True)
        layout.addWidget(self.why)

        # the line and the open receptions
        body = QHBoxLayout()
        left = QGroupBox(self.tr("Order"))
        ll = QVBoxLayout(left)
        self.model: RowsModel = RowsModel([
            Column(self.tr("Place"), lambda r: ("→ " if r.is_next else "") + str(r.position)),
            Column(self.tr("Rep"), lambda r: r.name),
            Column(self.tr("Status"), lambda r: labels.rep_status(r.status, r.break_kind)),
            Column(self.tr("For"), lambda r: _minutes(r.since, self._now())),
            Column(self.tr("Forfeited"), lambda r: r.forfeits or ""),
        ])
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        ll.addWidget(self.view)
        row = QHBoxLayout()
        self.checkin_box = QComboBox()
        self.checkin_box.setMinimumWidth(110)
        checkin = QPushButton(self.tr("Check in"))
        checkin.clicked.connect(self.checkin)
        row.addWidget(self.checkin_box)
        row.addWidget(checkin)
        row.addStretch()
        ll.addLayout(row)
        self.buttons: dict[str, QPushButton] = {}
        # Two rows: the ends of a reception, then the rep's own comings and goings.
        for keys in ((("finish", self.tr("End reception"), self.finish),
                      ("invalid", self.tr("Not a customer"), self.invalid)),
                     (("break", self.tr("Away…"), self.away),
                      ("back", self.tr("Back"), self.back),
                      ("leave", self.tr("Gone for the day"), self.leave))):
            row = QHBoxLayout()
            for key, text, slot in keys:
                b = QPushButton(text)
                b.clicked.connect(slot)
                self.buttons[key] = b
                row.addWidget(b)
            row.addStretch()
            ll.addLayout(row)
        body.addWidget(left, 1)
        side = QVBoxLayout()
        right = QGroupBox(self.tr("Open receptions"))
        rl = QVBoxLayout(right)
        self.open_model: RowsModel = RowsModel([
            Column("#", lambda o: o.id),
            Column(self.tr("Rep"), lambda o: o.rep_name),
            Column(self.tr("How"), lambda o: labels.label_of(ReceptionHow, o.how)),
            Column(self.tr("People"), lambda o: o.party_size),
            Column(self.tr("Since"), lambda o: hm(o.arrived_at)),
            Column(self.tr("For"), lambda o: _minutes(o.arrived_at, self._now())),
            Column(self.tr("Form"), lambda o: "✓" if o.registered else self.tr("to fill")),
        ])
        self.open_view = QTableView()
        self.open_view.setModel(self.open_model)
        self.open_view.verticalHeader().hide()
        # As wide as the headings and cells need (a narrow desk scrolls sideways).
        self.open_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.open_view.horizontalHeader().setSectionResizeMode(  # "how": the longest words
            2, QHeaderView.ResizeMode.Stretch)
        self.open_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.open_view.doubleClicked.connect(self._fill_form)
        rl.addWidget(self.open_view)
        fill = QPushButton(self.tr("Fill the registration form…"))
        fill.clicked.connect(lambda: self._fill_form(self.open_view.currentIndex()))
        rl.addWidget(fill)
        tools = QHBoxLayout()
        replay = QPushButton(self.tr("Replay the day…"))
        replay.clicked.connect(self.show_replay)
        board = QPushButton(self.tr("Hall board…"))
        board.clicked.connect(self.open_board)
        tools.addWidget(replay)
        tools.addWidget(board)
        tools.addStretch()
        rl.addLayout(tools)
        side.addWidget(right, 3)
        side.addWidget(self._waiting_box(), 2)
        body.addLayout(side, 1)
        layout.addLayout(body, 1)

        for key, slot in (("F2", self.new_walkin), ("F3", self.returning),
                          ("Ctrl+Z", self.undo)):
            # Window-wide while this screen is the one shown: the desk presses F2
            # whatever has the focus.
            QShortcut(QKeySequence(key), self).activated.connect(slot)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)
        # The estimates move with the clock: read them again while someone waits.
        self._estimates = QTimer(self)
        self._estimates.timeout.connect(self._refresh_estimates)
        self._estimates.start(60_000)

    def _waiting_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Waiting visitors"))
        self.waiting_model: RowsModel = RowsModel([
            Column(self.tr("No."), lambda w: w.number),
            Column(self.tr("People"), lambda w: w.party_size),
            Column(self.tr("Arrived"), lambda w: hm(w.arrived_at)),
            Column(self.tr("Waited"), lambda w: _minutes(w.arrived_at, self._now())),
            Column(self.tr("About"), lambda w: labels.about(w.estimate)),
            Column(self.tr("Who"), lambda w: " ".join(x for x in (w.customer or "", w.note) if x)),
        ])
        self.waiting_view = QTableView()
        self.waiting_view.setObjectName("waiting")
        self.waiting_view.setModel(self.waiting_model)
        self.waiting_view.verticalHeader().hide()
        self.waiting_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.waiting_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.waiting_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The free-text column takes what is left (cut short, never pushing the
        # others out of sight).
        header.setSectionResizeMode(self.waiting_model.columnCount() - 1,
                                    QHeaderView.ResizeMode.Stretch)
        self.left_button = QPushButton(self.tr("Visitor left"))
        self.left_button.clicked.connect(self.visitor_left)
        lay = QVBoxLayout(box)
        lay.addWidget(self.waiting_view)
        row = QHBoxLayout()
        row.addWidget(self.left_button)
        row.addStretch()
        lay.addLayout(row)
        return box

    # --- reading ---
    def _now(self) -> datetime:
        return utc_now() + self.offset

    def query(self) -> Callable[[UnitOfWork], rotation.DeskView]:
        actor, origin = self.ctx.actor, self.ctx.ops.origin
        return lambda uow: rotation.desk_view(uow, actor, origin)

    def show_data(self, view: rotation.DeskView) -> None:
        if view.version < self.version:  # read before a walk-in this desk has shown
            self.refresh()
            return
        self.version = view.version
        self.lines = view.lines
        self.offset = view.now - utc_now()
        self.undo_window = timedelta(seconds=view.undo_seconds)
        _push_rows(self.model, self.lines, _rep)
        _push_rows(self.open_model, view.opened, _id)
        self.waiting = view.waiting
        _push_rows(self.waiting_model, view.waiting, _id)
        self.why.setText(labels.why_next(view.why))
        self._show_banner(view)
        self._show_undo(view.undoable)
        current = self.checkin_box.currentData()
        self.checkin_box.clear()
        for login, name in view.candidates:
            self.checkin_box.addItem(name, login)
        self.checkin_box.setCurrentIndex(max(0, self.checkin_box.findData(current)))

    def first_field(self) -> QWidget | None:
        return self.new_button

    def apply_changes(self, changes: Changes) -> None:
        """While this desk's walk-in is under way its own change is heard first:
        it is shown from the walk-in's answer (`_walked_in`), not read again."""
        if self._walkins and set(changes) == {ChangeKind.QUEUE}:
            self._heard += 1
            return
        self.refresh()

    def _show_banner(self, view: rotation.DeskView) -> None:
        """The banner follows the log (this desk's and every other's changes):
        the latest hand-out while it is open, the latest walk-in told to wait
        while they wait, else the prompt."""
        if view.banner.assignment is not None:
            self.announce.setText(self._assignment_text(view.banner.assignment))
        elif view.banner.queued is not None:
            self.announce.setText(labels.waiting_told(view.banner.queued))
        elif view.waiting:
            self.announce.setText(self.tr("%1 waiting: the next rep free receives number %2.")
                                  .replace("%1", str(len(view.waiting)))
                                  .replace("%2", str(view.waiting[0].number)))
        else:
            self.announce.setText(self.tr("Press 'New walk-in' when a visitor arrives."))

    def _show_undo(self, u: Undoable | None) -> None:
        self.undoable = u
        if u is None:
            self.undo_button.setText(self.tr("Undo  (Ctrl+Z)"))
        else:
            self.undo_button.setText(self.tr("Undo: %1").replace("%1", labels.undo_what(u)))
        # The button only grows: the banner beside it keeps its width (no new
        # layout and repaint of the row each time the text changes).
        width = self.undo_button.sizeHint().width()
        if width > self.undo_button.minimumWidth():
            self.undo_button.setMinimumWidth(width)
        self._tick_undo()

    def _tick_undo(self) -> None:
        u = self.undoable
        if u is not None and self._now() >= u.until:  # the window has passed
            self._show_undo(None)
        self.undo_button.setEnabled(self.undoable is not None)

    def _tick(self) -> None:
        if self.isVisible():
            for model, column in ((self.model, 3), (self.waiting_model, 3)):
                if model.rowCount():
                    model.dataChanged.emit(model.index(0, column),
                                           model.index(model.rowCount() - 1, column))
        self._tick_undo()

    def _refresh_estimates(self) -> None:
        if self.isVisible() and self.waiting:
            self.refresh()

    def selected(self) -> rotation.RepLine | None:
        return self.model.row_at(self.view.currentIndex())

    # --- acting ---
    def _act(self, fn: Callable[[UnitOfWork, bool], Any],
             done: Callable[[Any], None] | None = None) -> None:
        """Run one service call through the runner; when the service asks for
        confirmation, the runner asks and runs it again with force."""
        self.ctx.ops.write(self, lambda uow: fn(uow, False), done,
                           forced=lambda uow: fn(uow, True))

    def _assignment_text(self, a: rotation.Assignment) -> str:
        """Who receives, large; how it was decided, small beneath."""
        call = (self.tr("Please receive: %1 (arrived %2)")
                .replace("%1", a.rep_name).replace("%2", hm(a.arrived_at)))
        return (f"{html.escape(call)}<br><span style='font-size: 12pt; font-weight: normal;'>"
                f"{html.escape(labels.assignment_detail(a))}</span>")

    def _party_suffix(self, n: int) -> None:
        self.party.setSuffix(labels.people(n).removeprefix(str(n)))

    def _walkin(self, fn: Callable[[UnitOfWork], rotation.DeskUpdate]) -> None:
        self._walkins += 1
        self.ctx.ops.write(self, fn, self._walked_in, failed=self._walkin_failed)

    def _walked_in(self, u: rotation.DeskUpdate) -> None:
        """The desk's own walk-in: the rep's name first, then the rows it changed;
        read all again only if another change came in between."""
        self._assigned(u.outcome)
        # The name is what the desk waits for: on screen now, the rows after.
        self.announce.repaint()
        self._walkins -= 1
        self._heard = max(0, self._heard - 1)  # its own change
        if u.before != self.version:
            self.refresh()
            return
        self.version = u.version
        self.offset = u.now - utc_now()
        self.lines = u.lines
        _push_rows(self.model, u.lines, _rep)
        if u.opened is not None:
            _push_row(self.open_model, u.opened, _id)
        if u.waiting is not None:
            self.waiting = u.waiting
            _push_rows(self.waiting_model, u.waiting, _id)
        self.why.setText(labels.why_next(u.why))
        self._show_undo(u.undoable)
        self._settle_heard()

    def _walkin_failed(self, e: DeskError) -> None:
        self._walkins -= 1
        if not (isinstance(e, Unavailable) and self.ctx.ops.announces_loss):
            show_error(self, e)  # else the window's banner says so
        self._settle_heard()

    def _settle_heard(self) -> None:
        """Changes heard during the walk-ins that were not theirs: read them."""
        if self._walkins == 0 and self._heard:
            self._heard = 0
            self.refresh()

    def _assigned(self, a: rotation.Assignment | rotation.Waiting | None) -> None:
        """The desk's own walk-in, said at once (the refresh that follows says the
        same, from the log)."""
        self.feedback.hide()
        if isinstance(a, rotation.Assignment):
            self.announce.setText(self._assignment_text(a))
        elif isinstance(a, rotation.Waiting):
            self.announce.setText(labels.waiting_told(a))

    def new_walkin(self) -> None:
        party, note = self.party.value(), self.note.text()
        self._walkin(lambda s: rotation.desk_walkin(s, self.ctx.actor, party_size=party,
                                                    note=note))
        self.party.setValue(1)
        self.note.clear()

    def returning(self) -> None:
        dlg = ReturningDialog(self.ctx, self)
        if not dlg.exec():
            return
        phone, party, note = dlg.phone.text(), dlg.party.value(), self.note.text()
        self._walkin(lambda s: rotation.desk_walkin(s, self.ctx.actor, phone=phone,
                                                    party_size=party, note=note))
        self.note.clear()

    def override(self) -> None:
        names = [f"{r.name} ({r.login})" for r in self.lines]
        if not names:
            return
        choice, ok = QInputDialog.getItem(self, self.tr("Assign to…"), self.tr("Rep"), names,
                                          editable=False)
        if not ok:
            return
        login = self.lines[names.index(choice)].login
        reason, ok = QInputDialog.getText(self, self.tr("Assign to…"),
                                          self.tr("Reason (required)"))
        if ok:
            self._walkin(lambda s: rotation.desk_walkin(s, self.ctx.actor, assign_to=login,
                                                        reason=reason))

    def undo(self) -> None:
        """The service decides what this desk's last undoable action is, and
        refuses with the reason when there is none or its time has passed."""
        self._act(lambda s, f: rotation.undo(s, self.ctx.actor), self._undone)

    def _undone(self, u: Undoable) -> None:
        self.feedback.setText(labels.undone(u))
        self.feedback.show()

    def visitor_left(self) -> None:
        w = self.waiting_model.row_at(self.waiting_view.currentIndex())
        if w is None:
            return
        number = w.number
        self._act(lambda s, f: waiting.left(s, self.ctx.actor, number))

    def checkin(self) -> None:
        login = self.checkin_box.currentData()
        if login:
            self._act(lambda s, f: rotation.checkin(s, self.ctx.actor, login))

    def away(self) -> None:
        r = self.selected()
        if r is None:
            return
        menu = QMenu(self)
        for text, kind in labels.choices(BreakKind):
            act = menu.addAction(text)
            act.setData(kind)
        chosen = menu.exec(self.buttons["break"].mapToGlobal(self.buttons["break"].rect()
                                                             .bottomLeft()))
        if chosen is not None:
            kind = chosen.data()
            self._act(lambda s, f: rotation.set_break(s, self.ctx.actor, r.login, kind, force=f))

    def back(self) -> None:
        if (r := self.selected()) is not None:
            self._act(lambda s, f: rotation.back(s, self.ctx.actor, r.login))

    def finish(self) -> None:
        """Ending a reception whose form is still to fill: the service asks first."""
        if (r := self.selected()) is not None:
            self._act(lambda s, f: rotation.finish(s, self.ctx.actor, r.login, force=f))

    def invalid(self) -> None:
        if (r := self.selected()) is not None:
            self._act(lambda s, f: rotation.finish(s, self.ctx.actor, r.login, invalid=True))

    def leave(self) -> None:
        if (r := self.selected()) is not None:
            self._act(lambda s, f: rotation.leave(s, self.ctx.actor, r.login, force=f))

    def _fill_form(self, index: QModelIndex) -> None:
        row = self.open_model.row_at(index)
        if row is not None:
            self.register_requested.emit(row.id)

    # --- views ---
    def show_replay(self) -> None:
        self.ctx.ops.read(self, lambda uow: rotation.replay_day(uow, rotation.today(uow)),
                          self._show_replay)

    def _show_replay(self, steps: list[rotation.ReplayStep]) -> None:
        dlg = QDialog(self)
        dlg.setWindowTitle(self.tr("Replay of the day"))
        dlg.resize(980, 600)
        model: RowsModel = RowsModel([
            Column("#", lambda st: st.event_id),
            Column(self.tr("Time"), lambda st: hm(st.at)),
            Column(self.tr("Event"), lambda st: labels.label(st.kind)
                   + (pick("（已撤销）", " (undone)") if st.undone else "")),
            Column(self.tr("Rep"), lambda st: st.rep or ""),
            Column(self.tr("Detail"), lambda st: labels.replay_detail(st.kind, st.data, st.skipped)),
            Column(self.tr("By"), lambda st: st.actor or ""),
            Column(self.tr("Order after it"), lambda st: " › ".join(st.order)),
        ], dlg)
        model.set_rows(steps)
        view = QTableView()
        view.setModel(model)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        QVBoxLayout(dlg).addWidget(view)
        dlg.exec()

    def open_board(self) -> None:
        """The hall board, full screen on the screen this PC chose for it."""
        from desk.ui.reception.board import QueueBoard

        # One board per window, owned by it: it outlives this screen when the
        # screens are made again (a language switch) and closes with the window.
        win = self.window()
        board = win.findChild(QueueBoard) if win is not self else None
        if board is None:
            board = QueueBoard(self.ctx.ops, ui_settings(), win if win is not self else None)
        self.board_window = board
        board.open_on_screen(self)
