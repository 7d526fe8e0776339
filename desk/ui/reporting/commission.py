"""Commission (佣金): a month's statement, everyone's for the manager or one's
own for a rep; the manager adjusts a deal's shares and confirms (locks) a month."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desk.admin import settings
from desk.core import labels, timefmt
from desk.core.changes import ChangeKind
from desk.core.errors import DeskError, InvalidInput
from desk.core.uow import UnitOfWork
from desk.reporting.cells import text as figure
from desk.reporting.commission_report import rule_text, share_of
from desk.reporting.model import Kind
from desk.sales import commission
from desk.ui.common.context import Context
from desk.ui.common.screen import Screen
from desk.ui.reporting.month_edit import month_edit
from desk.ui.sales.action_dialog import ActionDialog, Field

REP, DEAL, UNIT, CUSTOMER, AMOUNT, SHARE, RULE, COMMISSION, ENTRY, STATUS = range(10)
NUMERIC = {DEAL, AMOUNT, SHARE, COMMISSION}


@dataclass(frozen=True)
class CommissionData:
    month: date
    statement: commission.Statement
    reps: list[tuple[int, str, str]]  # (id, login, name)
    refusal: DeskError | None  # why the month may not be confirmed (None: it may)


def _money(value: Decimal) -> str:
    return figure(value, Kind.MONEY)  # as the 佣金 report writes it


class CommissionScreen(Screen):
    kinds = frozenset({ChangeKind.COMMISSION, ChangeKind.UNITS, ChangeKind.SETTINGS,
                       ChangeKind.USERS})

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("CommissionScreen", "Commission")

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = self.page_layout()
        bar = QHBoxLayout()
        self.month = month_edit()
        self.month.dateChanged.connect(self._month_changed)
        bar.addWidget(QLabel(self.tr("Month")))
        bar.addWidget(self.month)
        self.rep = QComboBox()
        self.rep.setObjectName("rep")
        self.rep.addItem(self.tr("All reps"), None)
        self.rep.currentIndexChanged.connect(self.refresh)
        if ctx.actor.can("commission.view"):  # a rep sees only their own lines
            bar.addWidget(QLabel(self.tr("Rep")))
            bar.addWidget(self.rep)
        else:
            self.rep.hide()
        bar.addStretch()
        self.adjust_button = QPushButton(self.tr("Adjust…"))
        self.adjust_button.clicked.connect(self.adjust)
        self.confirm_button = QPushButton(self.tr("Confirm month…"))  # names the month once read
        self.confirm_button.setEnabled(False)
        self.confirm_button.clicked.connect(self.confirm)
        for b in (self.adjust_button, self.confirm_button):
            b.setVisible(ctx.actor.can("commission.manage"))
            bar.addWidget(b)
        layout.addLayout(bar)
        self.state = QLabel()
        self.state.setObjectName("hint")
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        self.refusal = QLabel()  # why the month cannot be confirmed, for the manager
        self.refusal.setObjectName("hint")
        self.refusal.setWordWrap(True)
        self.refusal.hide()
        layout.addWidget(self.refusal)
        self.table = QTableWidget(0, 10)
        self.table.setHorizontalHeaderLabels([
            self.tr("Rep"), self.tr("Deal"), self.tr("Unit"), self.tr("Customer"),
            self.tr("Deal amount"), self.tr("Share"), self.tr("Rule"), self.tr("Commission"),
            self.tr("Entry"), self.tr("Status")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RULE, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.total = QLabel()
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.total)
        self._month_set = False
        self.shown: CommissionData | None = None
        self.dialog: ActionDialog | None = None

    # --- reading ---
    def chosen_month(self) -> date:
        d = self.month.date()
        return date(d.year(), d.month(), 1)

    def query(self) -> Callable[[UnitOfWork], CommissionData]:
        actor = self.ctx.actor
        chosen = self.chosen_month() if self._month_set else None
        rep_id = self.rep.currentData()

        def read(uow: UnitOfWork) -> CommissionData:
            first = chosen or settings.today(uow).replace(day=1)
            reps = commission.reps(uow) if actor.can("commission.view") else []
            refusal = (commission.may_confirm(uow, actor, first)
                       if actor.can("commission.manage") else None)
            return CommissionData(first, commission.statement(uow, actor, first, rep_id), reps,
                                  refusal)

        return read

    def show_data(self, data: CommissionData) -> None:
        if not self._month_set:
            self.month.blockSignals(True)
            self.month.setDate(QDate(data.month.year, data.month.month, 1))
            self.month.blockSignals(False)
            self.month.setEnabled(True)
            self._month_set = True
        elif data.month != self.chosen_month():
            return  # another month was picked meanwhile: its read follows
        self.shown = data
        self._fill_reps(data.reps)
        st = data.statement
        if st.confirmed and st.confirmed_at is not None:
            self.state.setText(
                self.tr("Confirmed by %1 on %2: locked. A change is written as a reversal and "
                        "new lines in the current month.")
                .replace("%1", st.confirmed_by or "").replace("%2", timefmt.full(st.confirmed_at)))
        else:
            self.state.setText(self.tr("Not confirmed: the figures follow the deals and the "
                                       "rules until the manager confirms the month."))
        self._show_refusal(data)
        self.table.setRowCount(len(st.lines))
        for i, x in enumerate(st.lines):
            cells = [x.rep, str(x.deal_id), x.unit, x.customer, _money(x.deal_amount),
                     figure(share_of(x.share), Kind.PERCENT), rule_text(x), _money(x.amount),
                     labels.label(x.kind),
                     self.tr("confirmed") if x.confirmed else self.tr("not confirmed")]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in NUMERIC:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, column, item)
        self.total.setText(self.tr("Total: %1").replace("%1", _money(st.total)))

    def _month_changed(self) -> None:
        self.confirm_button.setEnabled(False)  # until the new month's answer is read
        self.refresh()

    def _show_refusal(self, data: CommissionData) -> None:
        """The button names the month it confirms; when the service would refuse,
        it is off and says why (beside it, and on hover)."""
        self.confirm_button.setText(self.tr("Confirm %1…").replace("%1", f"{data.month:%Y-%m}"))
        reason = "" if data.refusal is None else str(data.refusal)
        self.confirm_button.setEnabled(data.refusal is None)
        self.confirm_button.setToolTip(reason)
        # A confirmed month already says so above.
        self.refusal.setText(reason)
        self.refusal.setVisible(bool(reason) and not data.statement.confirmed
                                and self.ctx.actor.can("commission.manage"))

    def _fill_reps(self, reps: list[tuple[int, str, str]]) -> None:
        wanted = [(name, i) for i, _login, name in reps]
        have = [(self.rep.itemText(k), self.rep.itemData(k)) for k in range(1, self.rep.count())]
        if wanted == have:
            return
        current = self.rep.currentData()
        self.rep.blockSignals(True)
        while self.rep.count() > 1:
            self.rep.removeItem(1)
        for name, i in wanted:
            self.rep.addItem(name, i)
        self.rep.setCurrentIndex(max(0, self.rep.findData(current)))
        self.rep.blockSignals(False)

    def first_field(self) -> QWidget | None:
        return self.table

    # --- changing ---
    def selected_line(self) -> commission.Line | None:
        row = self.table.currentRow()
        if self.shown is None or not 0 <= row < len(self.shown.statement.lines):
            return None
        return self.shown.statement.lines[row]

    def adjust(self) -> None:
        if self.shown is None:
            return
        line = self.selected_line()
        actor = self.ctx.actor
        fields = [
            Field("deal", self.tr("Deal"), str(line.deal_id) if line else ""),
            Field("rep", self.tr("Rep"), line.rep_id if line else None, kind="choice",
                  choices=[(name, i) for i, _login, name in self.shown.reps]),
            Field("share", self.tr("Share (%)"), "", hint=self.tr("0 to 100")),
            Field("reason", self.tr("Reason")),
        ]
        intro = self.tr("The rep's share of the deal becomes the given percent; the deal's "
                        "other reps share the rest in their proportions.")

        def submit(uow: UnitOfWork, v: dict[str, Any]) -> None:
            deal = v["deal"].strip()
            if not deal.isdigit():
                raise InvalidInput("请填写成交编号。", "Enter the deal number.", field="deal")
            commission.adjust(uow, actor, int(deal), v["rep"], v["share"], v["reason"])

        dlg = ActionDialog(self.ctx, self.tr("Adjust commission"), intro, fields, submit,
                           parent=self)
        self.dialog = dlg
        dlg.exec()
        dlg.deleteLater()
        self.dialog = None

    def confirm(self) -> None:
        if self.shown is None or self.shown.month != self.chosen_month():
            return
        month, actor = self.shown.month, self.ctx.actor
        asked = QMessageBox.question(
            self, self.tr("Confirm month"),
            self.tr("Confirm the commission of %1? The month is locked: a later change is "
                    "written as a reversal and new lines.").replace("%1", f"{month:%Y-%m}"))
        if asked != QMessageBox.StandardButton.Yes:
            return
        self.ctx.ops.write(self, lambda uow: commission.confirm(uow, actor, month),
                           lambda _n: self.refresh())
