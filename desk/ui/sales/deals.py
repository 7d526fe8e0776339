"""Deals (认购/合同): every subscription and contract, with overdue signings."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QTableView, QWidget

from desk.admin import projects
from desk.core import labels
from desk.core.changes import ChangeKind
from desk.core.timefmt import full
from desk.core.uow import UnitOfWork
from desk.models.enums import ClaimState
from desk.sales import claims
from desk.ui.common.context import Context
from desk.ui.common.screen import Screen
from desk.ui.common.table_model import Column, RowsModel, table_view


class DealsScreen(Screen):
    kinds = frozenset({ChangeKind.UNITS, ChangeKind.VISITORS})

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("DealsScreen", "Deals")

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)

        self.project_id: int | None = None
        layout = self.page_layout()
        bar = QHBoxLayout()
        self.active_only = QCheckBox(self.tr("Active only"))
        self.active_only.setChecked(True)
        self.active_only.toggled.connect(self.refresh)
        open_unit = QPushButton(self.tr("Open the unit…"))
        open_unit.clicked.connect(lambda: self.open_unit(self.view.currentIndex()))
        bar.addWidget(self.active_only)
        bar.addStretch()
        bar.addWidget(open_unit)
        layout.addLayout(bar)
        red = QColor("#c0392b")
        sub, con = self.tr("subscription"), self.tr("contract")
        self.model: RowsModel = RowsModel([
            Column(self.tr("Date"), lambda d: full(d.created_at)),
            Column(self.tr("Kind"), lambda d: sub if d.kind == "subscription" else con),
            Column(self.tr("Unit"), lambda d: d.unit_code),
            Column(self.tr("Buyer"), lambda d: d.customer or ""),
            Column(self.tr("Rep"), lambda d: d.rep or ""),
            Column(self.tr("Price"), lambda d: "" if d.price is None else f"¥{d.price:,.2f}",
                   align=Qt.AlignmentFlag.AlignRight),
            Column(self.tr("Deposit"), lambda d: "" if d.deposit is None else f"¥{d.deposit:,.2f}",
                   align=Qt.AlignmentFlag.AlignRight),
            Column(self.tr("Sign by"), lambda d: d.sign_by.isoformat() if d.sign_by else "",
                   color=lambda d: red if d.overdue else None),
            Column(self.tr("Contract no."), lambda d: d.contract_number or ""),
            Column(self.tr("State"), lambda d: labels.label_of(ClaimState, d.state)),
        ])
        self.view: QTableView = table_view(self.model)
        self.view.doubleClicked.connect(self.open_unit)
        layout.addWidget(self.view)

    def query(self) -> Callable[[UnitOfWork], tuple[int | None, list[claims.DealRow]]]:
        active_only = self.active_only.isChecked()

        def read(uow: UnitOfWork) -> tuple[int | None, list[claims.DealRow]]:
            plist = projects.list_projects(uow)
            if not plist:
                return None, []
            return plist[0].id, claims.deals(uow, plist[0].id, active_only)

        return read

    def show_data(self, data: tuple[int | None, list[claims.DealRow]]) -> None:
        self.project_id, rows = data
        self.model.set_rows(rows)

    def open_unit(self, index: QModelIndex) -> None:
        from desk.ui.sales.unit_dialog import UnitDialog

        row = self.model.row_at(index)
        if row is not None and self.project_id is not None:
            # What the dialog changes reaches this screen as a change.
            dlg = UnitDialog(self.ctx, self.project_id, row.unit_code, self)
            dlg.exec()
            dlg.deleteLater()  # a closed dialog must stop following the change feed
