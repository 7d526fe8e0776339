"""The sales manager's approvals (审批): what assistants on any PC ask, answered
here; and the count of waiting requests in the status bar, with a notice when
one arrives."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStatusBar,
    QTableView,
    QWidget,
)

from desk.core import labels
from desk.core.changes import ChangeKind
from desk.core.timefmt import full
from desk.core.uow import UnitOfWork
from desk.customers.customers import phone_for
from desk.models.enums import ApprovalKind
from desk.sales import approvals
from desk.sales.approvals import RequestRow
from desk.ui.common.context import Context
from desk.ui.common.operations import Changes
from desk.ui.common.screen import Screen
from desk.ui.common.table_model import Column, RowsModel, table_view
from desk.ui.sales.action_dialog import ActionDialog, Field

NOTICE_MS = 15_000  # how long the status bar tells of a new request


def _money(text: object) -> str:
    return "—" if text in (None, "") else f"¥{float(str(text)):,.2f}"


class ApprovalsScreen(Screen):
    kinds = frozenset({ChangeKind.APPROVALS})

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("ApprovalsScreen", "Approvals")

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = self.page_layout()
        hint = QLabel(self.tr("Requests from the sales desk, oldest first. The one who asked "
                              "sees your answer at once and goes ahead."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.model: RowsModel[RequestRow] = RowsModel([
            Column(self.tr("Asked at"), lambda r: full(r.requested_at)),
            Column(self.tr("Kind"), lambda r: labels.label_of(ApprovalKind, r.kind)),
            Column(self.tr("Unit"), lambda r: r.unit_code),
            Column(self.tr("Buyer"), lambda r: r.customer or ""),
            Column(self.tr("Asked by"), lambda r: r.requested_by or ""),
            Column(self.tr("What"), self.details),
        ])
        self.view: QTableView = table_view(self.model)
        self.view.doubleClicked.connect(lambda _i: self.approve())
        layout.addWidget(self.view, 1)
        bar = QHBoxLayout()
        self.empty = QLabel(self.tr("Nothing waits for your approval."))
        self.empty.setObjectName("hint")
        bar.addWidget(self.empty)
        bar.addStretch()
        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.setObjectName("approve")
        self.approve_button.clicked.connect(self.approve)
        self.refuse_button = QPushButton(self.tr("Refuse…"))
        self.refuse_button.setObjectName("refuse")
        self.refuse_button.clicked.connect(self.refuse)
        bar.addWidget(self.approve_button)
        bar.addWidget(self.refuse_button)
        layout.addLayout(bar)

    def details(self, r: RequestRow) -> str:
        """What is asked, in a line: the manager decides from it."""
        p = r.params
        phone = phone_for(self.ctx.actor, r.customer_phone)
        if r.kind == ApprovalKind.DISCOUNT:
            off = "" if r.discount is None else f"{r.discount:.2f}%"
            return (self.tr("%1 instead of %2 (%3 off); buyer's mobile %4")
                    .replace("%1", _money(p.get("agreed_price")))
                    .replace("%2", _money(p.get("list_price"))).replace("%3", off)
                    .replace("%4", phone))
        if r.kind == ApprovalKind.CHANGE_UNIT:
            return (self.tr("To %1 at %2. Reason: %3").replace("%1", str(p.get("new_code")))
                    .replace("%2", _money(p.get("agreed_price")))
                    .replace("%3", str(p.get("reason"))))
        if r.kind == ApprovalKind.RENAME:
            return (self.tr("To the buyer with mobile %1. Reason: %2").replace("%1", phone)
                    .replace("%2", str(p.get("reason"))))
        return self.tr("Reason: %1").replace("%1", str(p.get("reason")))

    def query(self) -> Callable[[UnitOfWork], list[RequestRow]]:
        actor = self.ctx.actor
        return lambda uow: approvals.pending(uow, actor)

    def show_data(self, data: list[RequestRow]) -> None:
        self.model.set_rows(data)
        self.empty.setVisible(not data)
        self.approve_button.setEnabled(bool(data))
        self.refuse_button.setEnabled(bool(data))
        if data and not self.view.currentIndex().isValid():
            self.view.selectRow(0)

    def first_field(self) -> QWidget | None:
        return self.view

    def selected(self) -> RequestRow | None:
        return self.model.row_at(self.view.currentIndex())

    def approve(self) -> None:
        row, actor = self.selected(), self.ctx.actor
        if row is not None:
            rid = row.id
            self.ctx.ops.write(self, lambda uow: approvals.approve(uow, actor, rid))

    def refuse(self) -> None:
        row, actor = self.selected(), self.ctx.actor
        if row is None:
            return
        rid = row.id
        dlg = ActionDialog(
            self.ctx, self.tr("Refuse: %1 %2").replace("%1", labels.label_of(ApprovalKind, row.kind))
            .replace("%2", row.unit_code),
            self.tr("%1 reads your reason.").replace("%1", row.requested_by or ""),
            [Field("reason", self.tr("Reason"))],
            lambda uow, v: approvals.refuse(uow, actor, rid, v["reason"]),
            ok_text=self.tr("Refuse"), parent=self)
        dlg.exec()
        dlg.deleteLater()


class ApprovalsBadge(QLabel):
    """How many requests wait, in the status bar of whoever may answer them
    (hidden for everyone else and while none waits). A request arriving from
    another PC is told in the status bar and flashes the window."""

    clicked = Signal()

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("approvalsBadge")
        self.setStyleSheet("background:#f5b041; color:#1b1b1b; border-radius:8px; "
                           "padding:1px 8px; font-weight:bold;")
        self.known: set[int] | None = None  # the requests seen; None: not read yet
        self.hide()
        ctx.ops.changes_seen.connect(self._on_changes)

    def reset(self) -> None:
        """Another user logged in: count anew, without a notice for what waits."""
        self.known = None
        self.refresh()

    def refresh(self) -> None:
        actor = self.ctx.actor
        if not actor.can("units.approve"):
            self.known = None
            self.hide()
            return
        self.ctx.ops.read(self, lambda uow: approvals.pending(uow, actor), self._show)

    def _on_changes(self, changes: Changes) -> None:
        if ChangeKind.APPROVALS in changes:
            self.refresh()

    def _show(self, rows: list[RequestRow]) -> None:
        if not self.ctx.actor.can("units.approve"):
            return
        self.setText(self.tr("%1 to approve").replace("%1", str(len(rows))))
        self.setVisible(bool(rows))
        new = [r for r in rows if self.known is not None and r.id not in self.known]
        self.known = {r.id for r in rows}
        if new:
            r = new[-1]
            text = (self.tr("New request from %1: %2 of %3")
                    .replace("%1", r.requested_by or "")
                    .replace("%2", labels.label_of(ApprovalKind, r.kind))
                    .replace("%3", r.unit_code))
            bar = self.parentWidget()
            if isinstance(bar, QStatusBar):
                bar.showMessage(text, NOTICE_MS)
            QApplication.alert(self.window())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit()
        super().mousePressEvent(event)
