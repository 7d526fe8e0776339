"""Admin (设置): staff accounts, the project, the rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk.admin import auth, projects, settings
from desk.core import labels, timefmt
from desk.core.changes import ChangeKind
from desk.core.errors import DeskError, pick
from desk.core.uow import UnitOfWork
from desk.models import ROLES
from desk.models.enums import Role
from desk.ui.common.context import Context
from desk.ui.common.feedback import FieldErrorsView, show_error
from desk.ui.common.screen import Screen
from desk.ui.common.table_model import Column, RowsModel

SETTING_LABELS = labels.SETTING_NAMES  # the rules tab's names


def _shown(value: object) -> str:
    if isinstance(value, dict):  # the assessment weights, named in words: "签约=30, …"
        return settings.weights_text(value)
    return "，".join(value) if isinstance(value, list) else str(value)


@dataclass
class AdminData:
    """What the admin screen shows, read in one go."""

    users: list[dict[str, Any]]
    project: tuple[int, dict[str, str]] | None  # id, the edits' values
    values: dict[str, Any]  # every setting


class AddUserDialog(QDialog):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Add a staff account"))
        self.setMinimumWidth(420)
        self.errors = FieldErrorsView()
        self.saving = False
        self.login = QLineEdit()
        self.name = QLineEdit()
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(labels.label(Role(role)), role)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        for name, label, w in (("login", self.tr("Login"), self.login),
                               ("name", self.tr("Name"), self.name),
                               ("role", self.tr("Role"), self.role),
                               ("password", self.tr("Password"), self.password)):
            form.addRow(label, w)
            form.addRow("", self.errors.add(name, w))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def submit(self) -> None:
        if self.saving:
            return  # a second Enter while the first is saving
        self.errors.clear()
        actor, login, name = self.ctx.actor, self.login.text(), self.name.text()
        role, password = self.role.currentData(), self.password.text()
        self.saving = True

        def refused(e: DeskError) -> None:
            self.saving = False
            if not self.errors.show(e):
                show_error(self, e)

        self.ctx.ops.write(
            self, lambda uow: auth.create_user(uow, actor, login, name, role, password),
            lambda _: self.accept(), failed=refused)


class AdminScreen(Screen):
    kinds = frozenset({ChangeKind.USERS, ChangeKind.PROJECT, ChangeKind.SETTINGS})

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("AdminScreen", "Settings")

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = self.page_layout()
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        if ctx.actor.can("users.manage"):
            self.tabs.addTab(self._users_tab(), self.tr("Staff"))
        if ctx.actor.can("project.manage"):
            self.tabs.addTab(self._project_tab(), self.tr("Project"))
        if ctx.actor.can("settings.manage"):
            self.tabs.addTab(self._rules_tab(), self.tr("Rules"))
            self.tabs.addTab(self._clauses_tab(), self.tr("Document clauses"))

    # --- staff ---
    def _users_tab(self) -> QWidget:
        page = QWidget()
        self.users_model: RowsModel = RowsModel([
            Column(self.tr("Login"), lambda u: u["login"]),
            Column(self.tr("Name"), lambda u: u["name"]),
            Column(self.tr("Role"), lambda u: labels.label_of(Role, u["role"])),
            Column(self.tr("Status"), self.user_status),
        ])
        self.users_view = QTableView()
        self.users_view.setModel(self.users_model)
        self.users_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.users_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.users_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # The status says until when an account is locked: room for all of it.
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.users_view.verticalHeader().hide()
        add = QPushButton(self.tr("Add…"))
        add.clicked.connect(self.add_user)
        passwd = QPushButton(self.tr("Reset password…"))
        passwd.clicked.connect(self.reset_password)
        toggle = QPushButton(self.tr("Deactivate / activate"))
        toggle.clicked.connect(self.toggle_user)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setToolTip(self.tr("Lift a lockout after too many wrong passwords "
                                              "before it ends"))
        self.unlock_button.clicked.connect(self.unlock_user)
        row = QHBoxLayout()
        for b in (add, passwd, toggle, self.unlock_button):
            row.addWidget(b)
        row.addStretch()
        lay = QVBoxLayout(page)
        lay.addLayout(row)
        lay.addWidget(self.users_view)
        return page

    def user_status(self, u: dict[str, Any]) -> str:
        status = self.tr("active") if u["active"] else self.tr("deactivated")
        if u["locked"] is not None:
            status += self.tr(", locked until %1").replace("%1", timefmt.full(u["locked"]))
        return status

    def _selected_user(self) -> dict | None:
        idx = self.users_view.currentIndex()
        return self.users_model.row_at(idx)

    def add_user(self) -> None:
        AddUserDialog(self.ctx, self).exec()  # the runner refreshes the list

    def reset_password(self) -> None:
        user = self._selected_user()
        if user is None:
            return
        pw, ok = QInputDialog.getText(self, self.tr("Reset password"),
                                      self.tr("New password for %1:").replace("%1", user["name"]),
                                      QLineEdit.EchoMode.Password)
        if ok:
            actor, login = self.ctx.actor, user["login"]
            self.ctx.ops.write(self, lambda uow: auth.set_password(uow, actor, login, pw))

    def toggle_user(self) -> None:
        user = self._selected_user()
        if user is not None:
            actor, login, active = self.ctx.actor, user["login"], not user["active"]
            self.ctx.ops.write(self, lambda uow: auth.set_active(uow, actor, login, active))

    def unlock_user(self) -> None:
        user = self._selected_user()
        if user is not None:
            actor, login = self.ctx.actor, user["login"]
            self.ctx.ops.write(self, lambda uow: auth.unlock(uow, actor, login))

    # --- project ---
    def _project_tab(self) -> QWidget:
        page = QWidget()
        self.project_errors = FieldErrorsView()
        self.project_edits = {k: QLineEdit() for k in ("project_name", "seller",
                                                        "presale_permit", "address")}
        form = QFormLayout()
        labels = {"project_name": self.tr("Project name"), "seller": self.tr("Seller (developer)"),
                  "presale_permit": self.tr("Presale permit no."), "address": self.tr("Address")}
        for k, e in self.project_edits.items():
            form.addRow(labels[k], e)
            form.addRow("", self.project_errors.add(k, e))
        save = QPushButton(self.tr("Save"))
        save.setObjectName("primary")
        save.clicked.connect(self.save_project)
        lay = QVBoxLayout(page)
        lay.addLayout(form)
        lay.addWidget(save, alignment=Qt.AlignmentFlag.AlignLeft)
        lay.addStretch()
        self.project_id: int | None = None
        return page

    def save_project(self) -> None:
        if self.project_id is None:
            return
        self.project_errors.clear()
        v = {k: e.text() for k, e in self.project_edits.items()}
        actor, pid = self.ctx.actor, self.project_id

        def saved(_: object) -> None:
            for e in self.project_edits.values():
                e.setModified(False)
            QMessageBox.information(self, self.tr("Project"), self.tr("Saved."))

        self.ctx.ops.write(
            self, lambda uow: projects.update_project(
                uow, actor, pid, name=v["project_name"], seller=v["seller"],
                permit=v["presale_permit"], address=v["address"]),
            saved, fields=self.project_errors)

    # --- rules ---
    def _rules_tab(self) -> QWidget:
        page = QWidget()
        self.rule_edits: dict[str, QLineEdit] = {}
        self.rule_choices: dict[str, QComboBox] = {}
        self.rule_errors = FieldErrorsView()
        form = QFormLayout()
        for key in settings.DEFAULTS:
            if key.startswith("print."):
                continue  # edited in the clauses tab
            e: QWidget
            if key in settings.CHOICES:
                e = QComboBox()
                for choice in settings.CHOICES[key]:
                    e.addItem(labels.label(choice), choice)
                e.activated.connect(lambda _i, k=key: self._rule_edited(k))
                self.rule_choices[key] = e
            else:
                e = QLineEdit()
                # A corrected value loses its message as it is typed, not at the next save.
                e.textEdited.connect(lambda _t, k=key: self._rule_edited(k))
                self.rule_edits[key] = e
            default = settings.DEFAULTS[key]
            wide = isinstance(default, (list, dict)) or (isinstance(default, str)
                                                         and len(default) > 30)
            e.setMaximumWidth(520 if wide else 200)  # a list or a sentence: room to read it
            form.addRow(pick(*SETTING_LABELS[key]), e)
            form.addRow("", self.rule_errors.add(key, e))
        save = QPushButton(self.tr("Save rules"))
        save.setObjectName("primary")
        save.clicked.connect(self.save_rules)
        lay = QVBoxLayout(page)
        lay.addLayout(form)
        lay.addWidget(save, alignment=Qt.AlignmentFlag.AlignLeft)
        lay.addStretch()
        return page

    def _rule_edited(self, key: str) -> None:
        self.rule_errors.clear_field(key)

    def save_rules(self) -> None:
        self.rule_errors.clear()
        actor = self.ctx.actor
        texts = {key: edit.text() for key, edit in self.rule_edits.items()}
        choices = {key: combo.currentData() for key, combo in self.rule_choices.items()}

        def save(uow: UnitOfWork) -> None:
            current = settings.all_values(uow)
            for key, text in texts.items():
                if text != _shown(current[key]):
                    settings.put(uow, actor, key, text)
            for key, choice in choices.items():
                if choice != current[key]:
                    settings.put(uow, actor, key, choice)

        def saved(_: None) -> None:
            for e in self.rule_edits.values():
                e.setModified(False)
            QMessageBox.information(self, self.tr("Rules"), self.tr("Saved."))

        self.ctx.ops.write(self, save, saved, fields=self.rule_errors)

    # --- clauses ---
    def _clauses_tab(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        hint = QLabel(self.tr("One clause per line. Fields in braces are filled in when printing: "
                              "{total} {total_upper} {deposit} {deposit_upper} {sign_by} {buyer} "
                              "{unit} {gross_area} {unit_price} {project} {seller} {permit}"))
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        lay.addWidget(hint)
        self.clause_edits: dict[str, QPlainTextEdit] = {}
        for key, title in (("print.subscription_clauses", self.tr("Subscription agreement")),
                           ("print.contract_clauses", self.tr("Contract"))):
            lay.addWidget(QLabel(title))
            edit = QPlainTextEdit()
            self.clause_edits[key] = edit
            lay.addWidget(edit, 1)
        self.clause_errors = QLabel()
        self.clause_errors.setObjectName("fieldError")
        lay.addWidget(self.clause_errors)
        save = QPushButton(self.tr("Save clauses"))
        save.setObjectName("primary")
        save.clicked.connect(self.save_clauses)
        lay.addWidget(save, alignment=Qt.AlignmentFlag.AlignLeft)
        return page

    def save_clauses(self) -> None:
        self.clause_errors.clear()
        actor = self.ctx.actor
        clauses = {key: [x.strip() for x in edit.toPlainText().splitlines() if x.strip()]
                   for key, edit in self.clause_edits.items()}

        def save(uow: UnitOfWork) -> None:
            for key, lines in clauses.items():
                settings.put(uow, actor, key, lines)

        def saved(_: None) -> None:
            for edit in self.clause_edits.values():
                edit.document().setModified(False)
            QMessageBox.information(self, self.tr("Document clauses"), self.tr("Saved."))

        self.ctx.ops.write(self, save, saved,
                           failed=lambda e: self.clause_errors.setText(str(e)))

    def query(self) -> Callable[[UnitOfWork], AdminData]:
        def read(uow: UnitOfWork) -> AdminData:
            users = [{"login": u.login, "name": u.name, "role": u.role, "active": u.active,
                      "locked": auth.lock_end(uow, u)} for u in auth.list_users(uow)]
            plist = projects.list_projects(uow)
            project = None if not plist else (
                plist[0].id, {"project_name": plist[0].name, "seller": plist[0].seller,
                              "presale_permit": plist[0].presale_permit,
                              "address": plist[0].address})
            return AdminData(users, project, settings.all_values(uow))

        return read

    def show_data(self, data: AdminData) -> None:
        values = data.values
        if hasattr(self, "users_model"):
            self.users_model.set_rows(data.users)
        if hasattr(self, "project_edits") and data.project is not None:
            self.project_id, fields = data.project
            for k, v in fields.items():
                if not self.project_edits[k].isModified():  # keep what is being typed
                    self.project_edits[k].setText(v)
        if hasattr(self, "rule_edits"):
            for key, edit in self.rule_edits.items():
                if not edit.isModified():
                    edit.setText(_shown(values[key]))
                    edit.setCursorPosition(0)  # a long value reads from its start
                    if isinstance(values[key], dict):  # the weights: all six on hover too
                        edit.setToolTip(edit.text())
            for key, combo in self.rule_choices.items():
                combo.setCurrentIndex(max(0, combo.findData(values[key])))
        if hasattr(self, "clause_edits"):
            for key, clauses in self.clause_edits.items():
                if not clauses.document().isModified():
                    clauses.setPlainText("\n".join(values[key]))
