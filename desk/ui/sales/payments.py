"""Payments (回款): what falls due this week, what is overdue, the month's money
received against its plan; recording a payment prints its receipt (收据)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QTabWidget, QWidget

from desk.admin import projects, settings
from desk.core import labels
from desk.core.changes import ChangeKind
from desk.core.errors import DeskError
from desk.core.timefmt import full
from desk.core.uow import UnitOfWork
from desk.documents import prints
from desk.models.enums import DocumentKind, PaymentKind, PaymentMeans
from desk.sales import collection, payments
from desk.sales.collection import DueRow, Month, Received
from desk.ui.common.context import Context
from desk.ui.common.feedback import show_error
from desk.ui.common.screen import Screen
from desk.ui.common.table_model import Column, RowsModel, table_view
from desk.ui.documents.preview import preview_in_background
from desk.ui.sales.action_dialog import ActionDialog, Field

RIGHT = Qt.AlignmentFlag.AlignRight


@dataclass(frozen=True)
class Collection:
    """Everything the screen shows, read at once."""

    project_id: int | None
    today: date
    week: list[DueRow]
    overdue: list[DueRow]
    month: Month | None
    received: list[Received]


def money(v: Any) -> str:
    return f"¥{v:,.2f}"


class PaymentForm(ActionDialog):
    """The payment form. More than is due by the date is the service's question:
    the runner asks it and, on yes, records with force; on no the form stays as
    typed, ready to be corrected."""

    def __init__(self, ctx: Context, title: str, fields: list[Field],
                 record: Callable[[UnitOfWork, dict[str, Any], bool], payments.Recorded], *,
                 ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title, "", fields, lambda uow, v: record(uow, v, False),
                         ok_text=ok_text, parent=parent)
        self.record_fn = record
        # A declined question ends the call with no answer: once nothing is under
        # way, the form takes input again.
        ctx.ops.idle.connect(self._settled)
        self.finished.connect(lambda _r: ctx.ops.idle.disconnect(self._settled))

    def submit(self) -> None:
        if not self.available:
            return
        self.errors.clear()
        self.general.hide()
        values, record = self.values(), self.record_fn
        self.ok_button.setEnabled(False)
        self.ctx.ops.write(self, lambda uow: record(uow, values, False), self._done,
                           failed=self._refused, forced=lambda uow: record(uow, values, True))

    def _settled(self) -> None:
        if self.result_value is None and self.available:
            self.ok_button.setEnabled(True)


class PaymentsScreen(Screen):
    kinds = frozenset({ChangeKind.PAYMENTS, ChangeKind.UNITS})

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("PaymentsScreen", "Payments")

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: Collection | None = None
        self.dialog: ActionDialog | None = None  # the payment form while open
        layout = self.page_layout()
        bar = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.record_button = QPushButton(self.tr("Record payment…"))
        self.record_button.setObjectName("primary")
        self.record_button.clicked.connect(self.record)
        self.receipt_button = QPushButton(self.tr("Print receipt…"))
        self.receipt_button.clicked.connect(self.print_receipt)
        self.void_button = QPushButton(self.tr("Void…"))
        self.void_button.clicked.connect(self.void)
        self.void_button.setVisible(payments.may_void(ctx.actor))
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.record_button)
        bar.addWidget(self.receipt_button)
        bar.addWidget(self.void_button)
        layout.addLayout(bar)
        red, grey = QColor("#c0392b"), QColor("#888888")
        due_columns: list[Column[DueRow]] = [
            Column(self.tr("Due"), lambda r: r.due_on.isoformat()),
            Column(self.tr("Unit"), lambda r: r.unit_code),
            Column(self.tr("Buyer"), lambda r: r.customer or ""),
            Column(self.tr("Item"), lambda r: r.item),
            Column(self.tr("Amount"), lambda r: money(r.amount), align=RIGHT),
            Column(self.tr("Unpaid"), lambda r: money(r.outstanding), align=RIGHT),
        ]
        self.week_model: RowsModel[DueRow] = RowsModel(due_columns)
        self.overdue_model: RowsModel[DueRow] = RowsModel([
            *due_columns,
            Column(self.tr("Days overdue"), lambda r: r.days_overdue, align=RIGHT,
                   color=lambda r: red),
        ])
        self.month_model: RowsModel[Received] = RowsModel([
            Column(self.tr("Date"), lambda r: r.received_on.isoformat()),
            Column(self.tr("Receipt no."), lambda r: r.receipt_no or ""),
            Column(self.tr("Unit"), lambda r: r.unit_code),
            Column(self.tr("Buyer"), lambda r: r.customer or ""),
            Column(self.tr("Amount"), lambda r: money(r.amount), align=RIGHT,
                   color=lambda r: grey if r.voided else red if r.kind == PaymentKind.REFUND
                   else None),
            Column(self.tr("Method"), lambda r: labels.label_of(PaymentMeans, r.method)),
            Column(self.tr("Operator"), lambda r: r.operator or ""),
            Column(self.tr("Voided"), self.void_text, color=lambda r: grey),
            Column(self.tr("Note"), lambda r: r.note),
        ])
        self.tabs = QTabWidget()
        self.week_view = self._tab(self.week_model, self.tr("Due this week"))
        self.overdue_view = self._tab(self.overdue_model, self.tr("Overdue"))
        self.month_view = self._tab(self.month_model, self.tr("This month"))
        self.tabs.currentChanged.connect(lambda _i: self._buttons())
        layout.addWidget(self.tabs, 1)
        self._buttons()

    def void_text(self, r: Received) -> str:
        """Why a payment was voided, by whom and when (the showroom's clock)."""
        if not r.voided:
            return ""
        return (self.tr("%1 (by %2, %3)").replace("%1", r.void_reason)
                .replace("%2", r.voided_by or "").replace("%3", full(r.voided_at)))

    def _tab(self, model: RowsModel[Any], title: str) -> QTableView:
        view = table_view(model)
        # Columns as wide as their text; the room left goes to a text column at
        # the end (the month's note), never to a figure pushed far from its row.
        view.horizontalHeader().setStretchLastSection(model is self.month_model)
        view.setStyleSheet("QTableView::item { padding: 0 6px; }")  # room between columns
        view.doubleClicked.connect(lambda _i: self.record() if model is not self.month_model
                                   else self.print_receipt())
        view.selectionModel().currentRowChanged.connect(lambda *_a: self._buttons())
        self.tabs.addTab(view, title)
        return view

    def _buttons(self) -> None:
        on_month = self.tabs.currentWidget() is self.month_view
        self.receipt_button.setEnabled(on_month)
        row = self.month_model.row_at(self.month_view.currentIndex()) if on_month else None
        self.void_button.setEnabled(row is not None and not row.voided)

    # --- reading ---
    def query(self) -> Callable[[UnitOfWork], Collection]:
        actor = self.ctx.actor

        def read(uow: UnitOfWork) -> Collection:
            plist = projects.list_projects(uow)
            today = settings.today(uow)
            if not plist:
                return Collection(None, today, [], [], None, [])
            p = plist[0].id
            return Collection(p, today, collection.due_this_week(uow, actor, p),
                              collection.overdue(uow, actor, p), collection.month(uow, actor, p),
                              collection.received(uow, actor, p))

        return read

    def show_data(self, data: Collection) -> None:
        self.data = data
        self.week_model.set_rows(data.week)
        self.overdue_model.set_rows(data.overdue)
        self.month_model.set_rows(data.received)
        self.record_button.setEnabled(data.project_id is not None)
        self._buttons()
        m = data.month
        if m is None:
            self.summary.setText("")
            return
        pct = "—" if m.percent is None else f"{m.percent}%"
        self.summary.setText(self.tr("%1: collected %2 of the %3 due (%4), refunded %5")
                             .replace("%1", m.first.strftime("%Y-%m")).replace("%2", money(m.collected))
                             .replace("%3", money(m.plan)).replace("%4", pct)
                             .replace("%5", money(m.refunded)))

    def load_failed(self, error: Exception) -> None:
        if self.data is None:
            self.summary.setText(str(error))

    # --- actions ---
    def selected_due(self) -> DueRow | None:
        view = self.tabs.currentWidget()
        if view is self.week_view:
            return self.week_model.row_at(self.week_view.currentIndex())
        if view is self.overdue_view:
            return self.overdue_model.row_at(self.overdue_view.currentIndex())
        return None

    def record(self) -> None:
        """The payment form, filled from the chosen instalment; on success its
        receipt is shown, ready to print."""
        data = self.data
        if data is None or data.project_id is None:
            return
        row = self.selected_due()
        actor, pid = self.ctx.actor, data.project_id
        fields = [
            Field("code", self.tr("Unit"), row.unit_code if row else ""),
            Field("amount", self.tr("Amount (yuan)"), f"{row.outstanding:.2f}" if row else ""),
            Field("date", self.tr("Date received"), data.today, kind="date"),
            Field("method", self.tr("Method"), PaymentMeans.TRANSFER.value, kind="choice",
                  choices=labels.choices(PaymentMeans)),
            Field("note", self.tr("Note")),  # the receipt names what it paid by itself
        ]

        def submit(uow: UnitOfWork, v: dict[str, Any], force: bool) -> payments.Recorded:
            return payments.record_for_unit(uow, actor, pid, v["code"], v["amount"], v["date"],
                                            v["method"], v["note"], force)

        dlg = PaymentForm(self.ctx, self.tr("Record payment"), fields, submit,
                          ok_text=self.tr("Record and print receipt"), parent=self)
        self.dialog = dlg
        if dlg.exec() and isinstance(dlg.result_value, payments.Recorded):
            number = dlg.result_value.receipt_no
            if number:
                self.show_receipt(number)
        dlg.deleteLater()
        self.dialog = None

    def show_receipt(self, number: str) -> None:
        data = self.data
        if data is None or data.project_id is None:
            return
        actor, pid = self.ctx.actor, data.project_id
        preview_in_background(self, self.ctx.ops, lambda uow: prints.render(
            uow, actor, DocumentKind.RECEIPT, pid, number))

    def void(self) -> None:
        """Void the chosen payment or refund: the service says first whether it
        may be, then the form asks why."""
        row = self.month_model.row_at(self.month_view.currentIndex())
        if row is None or row.voided:
            return
        actor = self.ctx.actor

        def answered(refusal: DeskError | None) -> None:
            if refusal is not None:
                show_error(self, refusal, self.tr("Cannot void"))
            else:
                self._void_form(row)

        self.ctx.ops.read(self, lambda uow: payments.void_refusal(uow, actor, row.payment_id),
                          answered)

    def _void_form(self, row: Received) -> None:
        actor = self.ctx.actor
        what = row.receipt_no or self.tr("the refund")
        intro = (self.tr("Void %1 of %2 on unit %3? It keeps its number, marked void, and no "
                         "longer counts.")
                 .replace("%1", what).replace("%2", money(abs(row.amount)))
                 .replace("%3", row.unit_code))

        def submit(uow: UnitOfWork, v: dict[str, Any]) -> payments.Voided:
            return payments.void(uow, actor, row.payment_id, v["reason"])

        dlg = ActionDialog(self.ctx, self.tr("Void payment"), intro,
                           [Field("reason", self.tr("Reason"))], submit,
                           ok_text=self.tr("Void"), parent=self)
        self.dialog = dlg
        dlg.exec()
        dlg.deleteLater()
        self.dialog = None

    def print_receipt(self) -> None:
        row = self.month_model.row_at(self.month_view.currentIndex())
        if row is not None and row.receipt_no:
            self.show_receipt(row.receipt_no)
