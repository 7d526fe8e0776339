"""A unit's deal in money, on its detail: the schedule with what is still
unpaid of each line, and every payment and refund (the voided ones marked).
Shown to whoever may record payments; the service says the same."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desk.admin.auth import Actor
from desk.core import labels
from desk.models.enums import PaymentKind, PaymentMeans
from desk.sales.collection import DealPayments, Received, ScheduleLine
from desk.ui.common.table_model import Column, RowsModel, table_view

RIGHT = Qt.AlignmentFlag.AlignRight
GREY, RED = QColor("#888888"), QColor("#c0392b")


def money(v: object) -> str:
    return f"¥{v:,.2f}"


class PaymentsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.deal: DealPayments | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.schedule_model: RowsModel[ScheduleLine] = RowsModel([
            Column(self.tr("Item"), lambda r: r.item),
            Column(self.tr("Due"), lambda r: r.due_on.isoformat()),
            Column(self.tr("Amount"), lambda r: money(r.amount), align=RIGHT),
            Column(self.tr("Unpaid"), lambda r: money(r.outstanding), align=RIGHT),
        ])
        self.schedule = table_view(self.schedule_model)
        layout.addWidget(self.schedule, 2)
        self.payments_model: RowsModel[Received] = RowsModel([
            Column(self.tr("Date"), lambda r: r.received_on.isoformat()),
            Column(self.tr("Amount"), lambda r: money(r.amount), align=RIGHT,
                   color=lambda r: GREY if r.voided else RED if r.kind == PaymentKind.REFUND
                   else None),
            Column(self.tr("Method"), lambda r: labels.label_of(PaymentMeans, r.method)),
            Column(self.tr("Receipt no."), lambda r: r.receipt_no or ""),
            Column(self.tr("Operator"), lambda r: r.operator or ""),
            Column(self.tr("Voided"), lambda r: r.void_reason if r.voided else "",
                   color=lambda r: GREY),
        ])
        self.payments = table_view(self.payments_model)
        layout.addWidget(self.payments, 3)

    @staticmethod
    def allowed(actor: Actor) -> bool:
        return actor.can("payments.record")

    def concerns(self, refs: set[str | None] | None) -> bool:
        """A change of payments names this deal (or every deal)."""
        return refs is not None and self.deal is not None and (
            None in refs or str(self.deal.deal_id) in refs)

    def show_deal(self, deal: DealPayments | None) -> None:
        self.deal = deal
        self.schedule_model.set_rows(deal.schedule if deal else [])
        self.payments_model.set_rows(deal.payments if deal else [])
        if deal is None:
            self.summary.setText(self.tr("No subscription or contract on this unit."))
        elif deal.cancelled:
            self.summary.setText(self.tr("Cancelled: received %1, still to refund %2")
                                 .replace("%1", money(deal.received))
                                 .replace("%2", money(-deal.balance)))
        else:
            self.summary.setText(self.tr("Due %1, received %2, balance %3")
                                 .replace("%1", money(deal.due)).replace("%2", money(deal.received))
                                 .replace("%3", money(deal.balance)))
