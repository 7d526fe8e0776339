"""Deals (认购/合同): every subscription and contract, with overdue signings."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QWidget

from desk.admin import projects
from desk.core.timefmt import full
from desk.sales import claims
from desk.ui.common.context import Context
from desk.ui.common.screen import Screen
from desk.ui.common.table_model import Column, RowsModel, table_view

STATE_NAMES = {
    "active": ("有效", "active"), "converted": ("已转签约", "signed"),
    "cancelled": ("已退订", "cancelled"), "moved": ("已换房", "changed unit"),
}


class DealsScreen(Screen):
    kinds = frozenset({"units", "visitors"})

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("DealsScreen", "Deals")

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from desk.core.errors import pick

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
            Column(self.tr("State"), lambda d: pick(*STATE_NAMES.get(d.state, (d.state,) * 2))),
        ])
        self.view = table_view(self.model)
        self.view.doubleClicked.connect(self.open_unit)
        layout.addWidget(self.view)

    def refresh(self) -> None:
        with self.ctx.db.read() as s:
            plist = projects.list_projects(s)
            rows = claims.deals(s, plist[0].id, self.active_only.isChecked()) if plist else []
            self.project_id = plist[0].id if plist else None
        self.model.set_rows(rows)

    def open_unit(self, index) -> None:  # type: ignore[no-untyped-def]
        from desk.ui.sales.unit_dialog import UnitDialog

        row = self.model.row_at(index)
        if row is not None and self.project_id is not None:
            UnitDialog(self.ctx, self.project_id, row.unit_code, self).exec()
            self.refresh()
