"""A small form for one action (hold, subscribe, cancel, …): fields, errors
next to them, and a manager's approval when the user cannot approve."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desk.core.errors import DeskError
from desk.core.uow import UnitOfWork
from desk.sales.claims import Approval
from desk.ui.common.context import Context
from desk.ui.common.feedback import FieldErrorsView


@dataclass
class Field:
    name: str
    label: str
    value: Any = ""
    kind: str = "text"  # text | password | choice | date
    choices: list[tuple[str, Any]] = field(default_factory=list)
    hint: str = ""


class ActionDialog(QDialog):
    def __init__(self, ctx: Context, title: str, intro: str, fields: list[Field],
                 submit: Callable[[UnitOfWork, dict[str, Any]], Any], *, approval: str = "",
                 ok_text: str = "", parent: QWidget | None = None) -> None:
        """`approval`: "" none, "optional" (only needed past a limit), "required"."""
        super().__init__(parent)
        self.ctx = ctx
        self.submit_fn = submit
        self.result_value: Any = None
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.errors = FieldErrorsView()
        self.widgets: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            label.setObjectName("hint")
            layout.addWidget(label)
        form = QFormLayout()
        for f in fields:
            w = self._widget(f)
            self.widgets[f.name] = w
            form.addRow(f.label, w)
            form.addRow("", self.errors.add(f.name, w))
        layout.addLayout(form)
        self.approver: QLineEdit | None = None
        self.approver_password: QLineEdit | None = None
        if approval and not ctx.actor.can("units.approve"):
            box = QGroupBox(self.tr("Manager's approval") if approval == "required"
                            else self.tr("Manager's approval (only past the discount limit)"))
            af = QFormLayout(box)
            self.approver = QLineEdit()
            self.approver.setObjectName("approver")
            self.approver_password = QLineEdit()
            self.approver_password.setEchoMode(QLineEdit.EchoMode.Password)
            af.addRow(self.tr("Manager's login"), self.approver)
            af.addRow(self.tr("Manager's password"), self.approver_password)
            af.addRow("", self.errors.add("approval", self.approver))
            layout.addWidget(box)
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

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, w in self.widgets.items():
            if isinstance(w, QComboBox):
                out[name] = w.currentData()
            elif isinstance(w, QDateEdit):
                out[name] = w.date().toPython()
            elif isinstance(w, QLineEdit):
                out[name] = w.text()
        if self.approver is not None and self.approver_password is not None \
                and self.approver.text().strip():
            out["approval"] = Approval(self.approver.text().strip(),
                                       self.approver_password.text())
        else:
            out["approval"] = None
        return out

    def submit(self) -> None:
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
        self.ok_button.setEnabled(True)
        if not self.errors.show(error):
            self.general.setText(str(error))
            self.general.show()
