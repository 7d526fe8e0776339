"""A small form for one action (hold, subscribe, cancel, …): fields, errors
next to them, answers asked of a service as the user types, and a manager's
approval when the user cannot approve (typed here or asked of the manager)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desk.core.errors import DeskError
from desk.core.uow import UnitOfWork
from desk.ui.common.context import Context
from desk.ui.common.feedback import FieldErrorsView
from desk.ui.sales.approval_box import ApprovalBox, AskFn

TYPING_PAUSE_MS = 300  # ask the service once the user stops typing this long


@dataclass
class Field:
    name: str
    label: str
    value: Any = ""
    kind: str = "text"  # text | password | choice | date
    choices: list[tuple[str, Any]] = field(default_factory=list)
    hint: str = ""
    note: bool = False  # a line under the field for what the service says as it is typed


class ActionDialog(QDialog):
    def __init__(self, ctx: Context, title: str, intro: str, fields: list[Field],
                 submit: Callable[[UnitOfWork, dict[str, Any]], Any], *, approval: str = "",
                 ok_text: str = "", ask: AskFn | None = None,
                 parent: QWidget | None = None) -> None:
        """`approval`: "" none, "optional" (only needed past a limit), "required".
        `ask`: sends the request for approval to the manager's queue (its id)."""
        super().__init__(parent)
        self.ctx = ctx
        self.submit_fn = submit
        self.result_value: Any = None
        self.available = True  # False once the unit changed so that the action is gone
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.errors = FieldErrorsView()
        self.widgets: dict[str, QWidget] = {}
        self.notes: dict[str, QLabel] = {}  # answers shown beside a field as it is typed
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            label.setObjectName("hint")
            layout.addWidget(label)
        # A grid rather than a form layout: a form layout reckons a wrapped
        # message's height at its own preferred width, not the one it is given.
        form = QGridLayout()
        form.setColumnStretch(1, 1)
        for f in fields:
            w = self._widget(f)
            self.widgets[f.name] = w
            row = form.rowCount()
            form.addWidget(QLabel(f.label), row, 0)
            form.addWidget(w, row, 1)
            form.addWidget(self.errors.add(f.name, w), row + 1, 1)
            if f.note:
                note = QLabel()
                note.setObjectName("hint")
                note.setWordWrap(True)
                note.hide()
                self.notes[f.name] = note
                form.addWidget(note, row + 2, 1)
        layout.addLayout(form)
        self.approval_box: ApprovalBox | None = None
        self.approver: QLineEdit | None = None
        self.approver_password: QLineEdit | None = None
        if approval and not ctx.actor.can("units.approve"):
            self.approval_box = ApprovalBox(
                ctx, self.tr("Manager's approval") if approval == "required"
                else self.tr("Manager's approval (only past the discount limit)"),
                self.errors, self.values, ask, self)
            self.approval_box.approved.connect(lambda _id: self.submit())
            self.approver = self.approval_box.login
            self.approver_password = self.approval_box.password
            layout.addWidget(self.approval_box)
        for name, (w, _label) in self.errors.fields.items():
            self._clear_when_edited(name, w)
        self.general = QLabel()
        self.general.setObjectName("fieldError")
        self.general.setWordWrap(True)
        self.general.hide()
        layout.addWidget(self.general)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok_text:
            self.ok_button.setText(ok_text)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _widget(self, f: Field) -> QWidget:
        if f.kind == "choice":
            combo = QComboBox()
            combo.setObjectName(f.name)
            for text, data in f.choices:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(f.value)))
            return combo
        if f.kind == "date":
            date_edit = QDateEdit()
            date_edit.setCalendarPopup(True)
            date_edit.setDisplayFormat("yyyy-MM-dd")
            d: date = f.value
            date_edit.setDate(QDate(d.year, d.month, d.day))
            return date_edit
        e = QLineEdit(str(f.value) if f.value is not None else "")
        e.setObjectName(f.name)
        if f.kind == "password":
            e.setEchoMode(QLineEdit.EchoMode.Password)
        if f.hint:
            e.setPlaceholderText(f.hint)
        return e

    def _clear_when_edited(self, name: str, w: QWidget) -> None:
        """A field's message goes as soon as the user changes that field."""
        if isinstance(w, QLineEdit):
            w.textEdited.connect(lambda _text: self._clear_error(name))
        elif isinstance(w, QComboBox):
            w.activated.connect(lambda _index: self._clear_error(name))
        elif isinstance(w, QDateEdit):
            w.dateChanged.connect(lambda _date: self._clear_error(name))

    def _clear_error(self, name: str) -> None:
        self.errors.clear_field(name)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, w in self.widgets.items():
            if isinstance(w, QComboBox):
                out[name] = w.currentData()
            elif isinstance(w, QDateEdit):
                out[name] = w.date().toPython()
            elif isinstance(w, QLineEdit):
                out[name] = w.text()
        box = self.approval_box
        out["approval"] = box.approval() if box is not None else None
        out["request_id"] = box.approved_id if box is not None else None
        return out

    # --- answers while typing ---
    def when_typed(self, names: list[str], ask: Callable[[UnitOfWork, dict[str, Any]], Any],
                   answer: Callable[[Any], None], pause_ms: int = TYPING_PAUSE_MS) -> None:
        """Ask the service `ask(values)` a moment after any of the fields `names`
        changes (and once now); `answer` gets the reply to the latest question only."""
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(pause_ms)
        asked = [0]

        def run() -> None:
            asked[0] += 1
            mine, values = asked[0], self.values()

            def reply(result: Any) -> None:
                if mine == asked[0]:  # an older reply arriving late is stale
                    answer(result)

            self.ctx.ops.read(self, lambda uow: ask(uow, values), reply, failed=lambda e: None)

        timer.timeout.connect(run)
        for name in names:
            w = self.widgets[name]
            if isinstance(w, QLineEdit):
                w.textChanged.connect(lambda _text: timer.start())
            elif isinstance(w, QComboBox):
                w.currentIndexChanged.connect(lambda _index: timer.start())
        timer.start()

    def note(self, name: str, text: str, warn: bool = False) -> None:
        """A line under the field `name` (a warning in the error colour)."""
        label = self.notes[name]
        label.setObjectName("fieldError" if warn else "hint")
        label.style().polish(label)
        label.setText(text)
        label.setVisible(bool(text))
        self._fit_height()

    def event(self, e: QEvent) -> bool:
        handled = super().event(e)
        if e.type() == QEvent.Type.LayoutRequest:  # a message shown, hidden or changed
            self._fit_height()
        return handled

    def _fit_height(self) -> None:
        """A line shown after the form was laid out may wrap: grow to show it all.
        (A window's minimum size leaves out the height its wrapped labels need
        at its width, so the form would squash them and the fields around them.)"""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        need = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() \
            else layout.totalSizeHint().height()
        if need > self.height():
            self.resize(self.width(), need)

    def unavailable(self, text: str) -> None:
        """The action is no longer possible (the unit changed elsewhere)."""
        self.available = False
        self.ok_button.setEnabled(False)
        self.general.setText(text)
        self.general.show()
        self._fit_height()

    def reject(self) -> None:
        if self.approval_box is not None:
            self.approval_box.withdraw()
        super().reject()

    def submit(self) -> None:
        if not self.available:
            return
        self.errors.clear()
        self.general.hide()
        values, submit = self.values(), self.submit_fn
        self.ok_button.setEnabled(False)
        self.ctx.ops.write(self, lambda uow: submit(uow, values), self._done,
                           failed=self._refused)

    def _done(self, result: Any) -> None:
        self.ok_button.setEnabled(True)
        self.result_value = result
        self.accept()

    def _refused(self, error: DeskError) -> None:
        """Beside its field, else under the form; nothing typed is lost."""
        self.ok_button.setEnabled(self.available)
        if not self.errors.show(error):
            self.general.setText(str(error))
            self.general.show()
