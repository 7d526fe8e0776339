"""First run on an empty database: the administrator and the project."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desk.admin import projects
from desk.admin.auth import Actor
from desk.core import crypto
from desk.core.db import Database
from desk.core.errors import InvalidInput
from desk.core.uow import UnitOfWork
from desk.ui.common.feedback import FieldErrorsView
from desk.ui.common.operations import Operations


class SetupDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # No main window yet: the dialog has its own operation runner.
        self.ops = Operations(db, self)
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Showroom Desk — first set-up"))
        self.setMinimumWidth(520)
        self.errors = FieldErrorsView()

        intro = QLabel(self.tr("The database is empty. Create the administrator's account and "
                               "enter the project being sold; everything else can be set later."))
        intro.setWordWrap(True)
        intro.setObjectName("hint")

        self.edits: dict[str, QLineEdit] = {}
        admin = QGroupBox(self.tr("Administrator"))
        af = QFormLayout(admin)
        self._row(af, "login", self.tr("Login"), "admin")
        self._row(af, "name", self.tr("Name"))
        self._row(af, "password", self.tr("Password"), password=True)
        self._row(af, "password2", self.tr("Password again"), password=True)
        proj = QGroupBox(self.tr("Project"))
        pf = QFormLayout(proj)
        self._row(pf, "project_name", self.tr("Project name"))
        self._row(pf, "seller", self.tr("Seller (developer)"))
        self._row(pf, "presale_permit", self.tr("Presale permit no."))
        self._row(pf, "address", self.tr("Address"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (intro, admin, proj, buttons):
            layout.addWidget(w)

    def _row(self, form: QFormLayout, name: str, label: str, text: str = "",
             password: bool = False) -> None:
        edit = QLineEdit(text)
        edit.setObjectName(name)
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edits[name] = edit
        form.addRow(label, edit)
        form.addRow("", self.errors.add(name, edit))

    def submit(self) -> None:
        if self.ops.busy:
            return  # a second Enter while the first is saving
        self.errors.clear()
        v = {k: e.text() for k, e in self.edits.items()}
        if v["password"] != v["password2"]:
            self.errors.show(InvalidInput("两次输入的密码不一致。", "The two passwords differ.",
                                          field="password2"))
            return

        def setup(uow: UnitOfWork) -> tuple[Actor, Path | None]:
            new_showroom = crypto.is_new_showroom(uow)
            actor = projects.initial_setup(
                uow, admin_login=v["login"], admin_name=v["name"],
                admin_password=v["password"], project_name=v["project_name"],
                seller=v["seller"], presale_permit=v["presale_permit"], address=v["address"])
            # A new showroom's key; if it cannot be made, nothing is saved.
            return actor, crypto.create_key() if new_showroom else None

        def created(result: tuple[Actor, Path | None]) -> None:
            self.actor, key = result
            if key is not None:
                QMessageBox.information(self, self.tr("Customer-data key"), self.tr(
                    "A new key for customers' ID numbers was made: %1. Copy this file to "
                    "every other PC of the showroom and keep a copy safe: without it the ID "
                    "numbers cannot be read.").replace("%1", str(key)))
            self.accept()

        self.ops.write(self, setup, created, fields=self.errors)
