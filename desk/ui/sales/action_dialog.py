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
from sqlalchemy.orm import Session

from desk.core.errors import DeskError
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
                 submit: Callable[[Session, dict[str, Any]], Any], *, approval: str = "",
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
        else:
            self.approver = self.approver_password = None
        self.general = QLabel()
        self.general.setObjectName("fieldError")
        self.general.setWordWrap(True)
        self.general.hide()
        layout.addWidget(self.general)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        if ok_text:
            buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _widget(self, f: Field) -> QWidget:
        if f.kind == "choice":
            w = QComboBox()
            for text, data in f.choices:
                w.addItem(text, data)
            w.setCurrentIndex(max(0, w.findData(f.value)))
            return w
        if f.kind == "date":
            w = QDateEdit()
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
            d: date = f.value or date.today()
            w.setDate(QDate(d.year, d.month, d.day))
            return w
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
            else:
                out[name] = w.text()
        if self.approver is not None and self.approver.text().strip():
            out["approval"] = Approval(self.approver.text().strip(),
                                       self.approver_password.text())
        else:
            out["approval"] = None
        return out

    def submit(self) -> None:
        self.errors.clear()
        self.general.hide()
        try:
            with self.ctx.db.begin() as s:
                self.result_value = self.submit_fn(s, self.values())
        except DeskError as e:
            if not self.errors.show(e):
                self.general.setText(str(e))
                self.general.show()
            return
        self.accept()
