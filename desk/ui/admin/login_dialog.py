"""Log in, unlock, switch user."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desk.core.errors import DeskError
from desk.ui.common.feedback import FieldErrorsView

if TYPE_CHECKING:  # the dialog shows before SQLAlchemy is loaded (see desk.app)
    from desk.admin.auth import Actor
    from desk.core.db import Database


class LoginDialog(QDialog):
    """`get_db` returns the database, waiting if it is still being opened."""

    def __init__(self, get_db: Callable[[], Database], project_name: str = "", login: str = "",
                 locked: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.get_db = get_db
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Showroom Desk — log in"))
        self.setMinimumWidth(380)

        self.title = title = QLabel(project_name or self.tr("Showroom Desk"))
        title.setObjectName("screenTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel(self.tr("The screen is locked. Log in to go on, or as another user to "
                              "switch.") if locked else self.tr("Log in with your staff account."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)

        self.login_edit = QLineEdit(login)
        self.login_edit.setObjectName("login")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors = FieldErrorsView()
        form = QFormLayout()
        form.addRow(self.tr("Login"), self.login_edit)
        form.addRow("", self.errors.add("login", self.login_edit))
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow("", self.errors.add("password", self.password_edit))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Log in"))
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(buttons)
        (self.password_edit if login else self.login_edit).setFocus()

    def set_project_name(self, name: str) -> None:
        self.title.setText(name)

    def try_login(self) -> None:
        from desk.admin import auth

        self.errors.clear()
        try:
            with self.get_db().begin() as s:
                self.actor = auth.login(s, self.login_edit.text(), self.password_edit.text())
        except DeskError as e:
            if not self.errors.show(e):
                self.errors.fields["password"][1].setText(str(e))
            self.password_edit.selectAll()
            self.password_edit.setFocus()
            return
        self.accept()
