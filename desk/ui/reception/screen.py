"""Reception (接待): the front desk's panel for the rotation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
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
from desk.core.errors import pick
from desk.core.timefmt import full, hm, utc_now
from desk.core.uow import UnitOfWork
from desk.customers import customers
from desk.models.enums import BreakKind, ReceptionHow
from desk.reception import rotation
from desk.ui.common.context import Context
from desk.ui.common.screen import Screen
from desk.ui.common.table_model import Column, RowsModel

if TYPE_CHECKING:
    from desk.ui.reception.board import QueueBoard


def _minutes(since: datetime, now: datetime) -> str:
    return f"{max(0, int((now - since).total_seconds() // 60))}′"


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
        self.last: rotation.Assignment | None = None
        self.last_at: datetime | None = None
        self.undo_window = timedelta(0)  # the setting, read with the screen
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
        self.party.setSuffix(self.tr(" people"))
        self.party.setMinimumHeight(40)
        self.return_button = QPushButton(self.tr("Returning customer…  (F3)"))
        self.return_button.setMinimumHeight(64)
        self.return_button.setStyleSheet("font-size: 14pt;")
        self.return_button.clicked.connect(self.returning)
        top.addWidget(self.new_button, 2)
        top.addWidget(self.party)
        top.addWidget(self.return_button, 2)
        if ctx.actor.can("queue.override"):
            assign = QPushButton(self.tr("Assign to…"))
            assign.setMinimumHeight(64)
            assign.clicked.connect(self.override)
            top.addWidget(assign, 1)
        layout.addLayout(top)
        self.announce = QLabel(self.tr("Press “New walk-in” when a visitor arrives."))
        self.announce.setObjectName("announce")
        self.announce.setStyleSheet("font-size: 22pt; font-weight: bold; color: #1f6feb;"
                                    "background: #eef4ff; padding: 10px; border-radius: 4px;")
        self.announce.setWordWrap(True)
        self.undo_button = QPushButton(self.tr("Undo  (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.setEnabled(False)
        ann = QHBoxLayout()
        ann.addWidget(self.announce, 1)
        ann.addWidget(self.undo_button)
        layout.addLayout(ann)
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
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (("break", self.tr("Away…"), self.away),
                                ("back", self.tr("Back"), self.back),
                                ("finish", self.tr("End reception"), self.finish),
                                ("invalid", self.tr("Not a customer"), self.invalid),
                                ("leave", self.tr("Gone for the day"), self.leave)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            self.buttons[key] = b
            row.addWidget(b)
        ll.addLayout(row)
        body.addWidget(left, 3)
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
        self.open_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
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
        body.addWidget(right, 2)
        layout.addLayout(body, 1)

        for key, slot in (("F2", self.new_walkin), ("F3", self.returning),
                          ("Ctrl+Z", self.undo)):
            # Window-wide while this screen is the one shown: the desk presses F2
            # whatever has the focus.
            QShortcut(QKeySequence(key), self).activated.connect(slot)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)

    # --- reading ---
    def _now(self) -> datetime:
        return utc_now() + self.offset

    def query(self) -> Callable[[UnitOfWork], rotation.DeskView]:
        return rotation.desk_view

    def show_data(self, view: rotation.DeskView) -> None:
        self.lines = view.lines
        self.offset = view.now - utc_now()
        self.undo_window = timedelta(seconds=view.undo_seconds)
        self.model.set_rows(self.lines)
        self.open_model.set_rows(view.opened)
        self.why.setText(labels.why_next(view.why))
        current = self.checkin_box.currentData()
        self.checkin_box.clear()
        for login, name in view.candidates:
            self.checkin_box.addItem(name, login)
        self.checkin_box.setCurrentIndex(max(0, self.checkin_box.findData(current)))

    def first_field(self) -> QWidget | None:
        return self.new_button

    def _tick(self) -> None:
        if self.isVisible() and self.model.rowCount():
            self.model.dataChanged.emit(self.model.index(0, 3),
                                        self.model.index(self.model.rowCount() - 1, 3))
        if self.last_at is not None:
            self.undo_button.setEnabled(self._now() - self.last_at < self.undo_window)

    def selected(self) -> rotation.RepLine | None:
        return self.model.row_at(self.view.currentIndex())

    # --- acting ---
    def _act(self, fn: Callable[[UnitOfWork, bool], Any],
             done: Callable[[Any], None] | None = None) -> None:
        """Run one service call through the runner; when the service asks for
        confirmation, the runner asks and runs it again with force."""
        self.ctx.ops.write(self, lambda uow: fn(uow, False), done,
                           forced=lambda uow: fn(uow, True))

    def _assigned(self, a: rotation.Assignment | None) -> None:
        if a is None:
            return
        self.last, self.last_at = a, a.arrived_at
        self.undo_button.setEnabled(True)
        self.announce.setText(self.tr("Please receive: %1 (arrived %2) — %3")
                              .replace("%1", a.rep_name).replace("%2", hm(a.arrived_at))
                              .replace("%3", labels.assignment_detail(a)))

    def new_walkin(self) -> None:
        party = self.party.value()
        self._act(lambda s, f: rotation.walkin(s, self.ctx.actor, party_size=party),
                  self._assigned)
        self.party.setValue(1)

    def returning(self) -> None:
        dlg = ReturningDialog(self.ctx, self)
        if not dlg.exec():
            return
        phone, party = dlg.phone.text(), dlg.party.value()
        self._act(lambda s, f: rotation.walkin(s, self.ctx.actor, phone=phone,
                                               party_size=party), self._assigned)

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
            self._act(lambda s, f: rotation.walkin(s, self.ctx.actor, assign_to=login,
                                                   reason=reason), self._assigned)

    def undo(self) -> None:
        self._act(lambda s, f: rotation.undo(s, self.ctx.actor), self._undone)

    def _undone(self, _reception: object) -> None:
        self.announce.setText(self.tr("The last assignment was undone."))
        self.last_at = None
        self.undo_button.setEnabled(False)

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
        if (r := self.selected()) is not None:
            self._act(lambda s, f: rotation.finish(s, self.ctx.actor, r.login))

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
        from desk.ui.reception.board import QueueBoard

        screens = QGuiApplication.screens()
        names = [f"{i + 1}: {sc.name()} {sc.size().width()}×{sc.size().height()}"
                 for i, sc in enumerate(screens)]
        index = 0
        if len(screens) > 1:
            choice, ok = QInputDialog.getItem(self, self.tr("Hall board"),
                                              self.tr("Show on screen"), names, editable=False)
            if not ok:
                return
            index = names.index(choice)
        if self.board_window is None:
            self.board_window = QueueBoard(self.ctx.ops)
        self.board_window.setScreen(screens[index])
        self.board_window.move(screens[index].geometry().topLeft())
        if len(screens) > 1:
            self.board_window.showFullScreen()
        else:
            self.board_window.show()
