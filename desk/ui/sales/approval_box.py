"""A sales manager's approval inside an action's form: typed here (the manager's
login and password), or asked of the manager at their own PC and awaited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desk.core.changes import ChangeKind
from desk.core.errors import DeskError
from desk.core.uow import UnitOfWork
from desk.models.enums import ApprovalState
from desk.sales import approvals
from desk.sales.claims import Approval
from desk.ui.common.context import Context
from desk.ui.common.feedback import FieldErrorsView
from desk.ui.common.operations import Changes

AskFn = Callable[[UnitOfWork, dict[str, Any]], int]


class ApprovalBox(QGroupBox):
    """Emits `approved(request_id)` when the manager approves the request sent
    from here; the form then proceeds with it."""

    approved = Signal(int)

    def __init__(self, ctx: Context, title: str, errors: FieldErrorsView,
                 values: Callable[[], dict[str, Any]], ask: AskFn | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.ctx = ctx
        self.ask_fn = ask
        self.values_fn = values
        self.errors = errors
        self.request_id: int | None = None  # the request sent, while it is pending
        self.approved_id: int | None = None  # the request approved, to be used
        form = QFormLayout(self)
        self.login = QLineEdit()
        self.login.setObjectName("approver")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Manager's login"), self.login)
        form.addRow(self.tr("Manager's password"), self.password)
        form.addRow("", errors.add("approval", self.login))
        self.ask_button = QPushButton(self.tr("Ask the manager"))
        self.ask_button.setObjectName("ask")
        self.ask_button.setToolTip(self.tr("Send the request to the sales manager's screen, on "
                                           "any PC, and wait for the answer here"))
        self.ask_button.clicked.connect(self.ask)
        self.ask_button.setVisible(ask is not None)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.ask_button)
        row.addWidget(self.status, 1)
        form.addRow(self.tr("Or"), row)
        ctx.ops.changes_seen.connect(self._on_changes)

    def approval(self) -> Approval | None:
        """The password approval typed here, if any."""
        if self.login.text().strip():
            return Approval(self.login.text().strip(), self.password.text())
        return None

    # --- asking the manager ---
    def ask(self) -> None:
        ask = self.ask_fn
        if ask is None:
            return
        values = self.values_fn()
        self.errors.clear()
        self.ask_button.setEnabled(False)
        self.status.setText(self.tr("Sending the request…"))
        self.ctx.ops.write(self, lambda uow: ask(uow, values), self._sent, failed=self._not_sent)

    def _sent(self, request_id: int) -> None:
        self.request_id, self.approved_id = request_id, None
        self.status.setText(self.tr("Waiting for the manager's answer…"))
        self._check()

    def _not_sent(self, error: DeskError) -> None:
        self.ask_button.setEnabled(True)
        self.status.clear()
        if not self.errors.show(error):
            self.status.setText(str(error))

    def _on_changes(self, changes: Changes) -> None:
        """The manager answered on another PC (or here): read the answer."""
        refs = changes.get(ChangeKind.APPROVALS)
        if self.request_id is not None and refs is not None \
                and (None in refs or str(self.request_id) in refs):
            self._check()

    def _check(self) -> None:
        rid, actor = self.request_id, self.ctx.actor
        if rid is not None:
            self.ctx.ops.read(self, lambda uow: approvals.get(uow, actor, rid), self._answered)

    def _answered(self, row: approvals.RequestRow) -> None:
        if row.id != self.request_id:
            return
        who = row.decided_by or ""
        if row.state == ApprovalState.PENDING:
            self.status.setText(self.tr("Waiting for the manager's answer…"))
            return
        self.request_id = None
        self.ask_button.setEnabled(True)
        if row.state == ApprovalState.APPROVED:
            self.approved_id = row.id
            self.status.setText(self.tr("Approved by %1.").replace("%1", who))
            self.approved.emit(row.id)
        elif row.state == ApprovalState.REFUSED:
            self.status.setText(self.tr("Refused by %1: %2").replace("%1", who)
                                .replace("%2", row.reason))
        else:
            self.status.setText(self.tr("The request was withdrawn."))

    def withdraw(self) -> None:
        """The form is closed without the approval: take the request back, so the
        manager is not left answering a question nobody waits for."""
        rid, actor = self.request_id or self.approved_id, self.ctx.actor
        self.request_id = self.approved_id = None
        if rid is not None:  # no parent: the call outlives the closed form
            self.ctx.ops.write(None, lambda uow: approvals.withdraw(uow, actor, rid),
                               failed=lambda e: None)
