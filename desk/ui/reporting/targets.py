"""Targets (销售目标): the sales manager sets the month's targets of the team and
of each rep, and sees the month's figures against the saved ones."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from desk.core.changes import ChangeKind
from desk.core.errors import DeskError, FieldErrors, InvalidInput, pick
from desk.core.uow import UnitOfWork
from desk.reporting import assessment, targets
from desk.reporting.cells import text as cell_text
from desk.reporting.model import Kind
from desk.reporting.periods import month as month_period
from desk.ui.common.context import Context
from desk.ui.common.screen import Screen
from desk.ui.reporting.month_edit import month_edit

SCOPE, SIGNED, SIGNED_SO_FAR, UNITS, UNITS_SO_FAR, COLLECTION, COLLECTED = range(7)
EDITABLE = {SIGNED: "signed_amount", UNITS: "units", COLLECTION: "collection"}
INVALID = QColor("#f9d6d2")


@dataclass(frozen=True)
class TargetsData:
    month: date  # the first day
    rows: list[targets.TargetRow]
    actual: dict[int | None, assessment.Actual]


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def _share(actual: int | Decimal, target: int | Decimal | None) -> str:
    r = assessment.rate(actual, target)  # as the reports show a share: 63.9%
    return "" if r is None else f" · {cell_text(r, Kind.PERCENT)}"


class TargetsScreen(Screen):
    kinds = frozenset({ChangeKind.TARGETS, ChangeKind.UNITS, ChangeKind.PAYMENTS,
                       ChangeKind.USERS})

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("TargetsScreen", "Targets")

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = self.page_layout()
        bar = QHBoxLayout()
        self.month = month_edit()
        self.month.dateChanged.connect(self._month_changed)
        bar.addWidget(QLabel(self.tr("Month")))
        bar.addWidget(self.month)
        bar.addStretch()
        layout.addLayout(bar)
        hint = QLabel(self.tr("Amounts in yuan; a blank cell has no target. Beside each target: "
                              "the month's figure so far against the saved target."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels([
            self.tr("Scope"), self.tr("Signed target"), self.tr("Signed"),
            self.tr("Units target"), self.tr("Units signed"), self.tr("Collection target"),
            self.tr("Collected")])
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in EDITABLE:  # room to type an amount before there is one
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(column, 130)
        self.table.itemChanged.connect(self._edited)
        layout.addWidget(self.table, 1)
        self.errors = QLabel()
        self.errors.setObjectName("fieldError")
        self.errors.setWordWrap(True)
        self.errors.hide()
        layout.addWidget(self.errors)
        row = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save targets"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(lambda: self.save())
        self.save_button.setEnabled(False)  # until a target is changed
        row.addWidget(self.save_button)
        self.status = QLabel()  # "Unsaved changes" while edited, then "Saved."
        row.addWidget(self.status)
        row.addStretch()
        layout.addLayout(row)
        self._month_set = False
        self._filling = False
        self.shown: TargetsData | None = None
        self.edited: set[tuple[int, int]] = set()  # (row, column) changed since the last save
        self.asking = False  # the month picker's question is open

    # --- reading ---
    def chosen_month(self) -> date:
        d = self.month.date()
        return date(d.year(), d.month(), 1)

    def query(self) -> Callable[[UnitOfWork], TargetsData]:
        actor = self.ctx.actor
        chosen = self.chosen_month() if self._month_set else None

        def read(uow: UnitOfWork) -> TargetsData:
            first = chosen or settings.today(uow).replace(day=1)
            return TargetsData(first, targets.list_targets(uow, actor, first),
                               assessment.actuals(uow, actor, month_period(first)))

        return read

    def show_data(self, data: TargetsData) -> None:
        if not self._month_set:
            self.month.blockSignals(True)
            self.month.setDate(QDate(data.month.year, data.month.month, 1))
            self.month.blockSignals(False)
            self.month.setEnabled(True)
            self._month_set = True
        elif data.month != self.chosen_month():
            return  # another month was picked meanwhile: its read follows
        same = self.shown is not None and [r.rep_id for r in self.shown.rows] == [
            r.rep_id for r in data.rows] and self.shown.month == data.month
        if not same:
            self.edited.clear()
        self.shown = data
        self._mark()
        self._filling = True
        self.table.setRowCount(len(data.rows))
        for i, row in enumerate(data.rows):
            got = data.actual.get(row.rep_id, assessment.Actual(Decimal("0.00"), 0,
                                                                Decimal("0.00")))
            self._cell(i, SCOPE, row.name or self.tr("Team"), editable=False)
            for column, text in ((SIGNED, _money(row.signed_amount)),
                                 (UNITS, "" if row.units is None else str(row.units)),
                                 (COLLECTION, _money(row.collection))):
                if (i, column) not in self.edited:  # keep what is being typed
                    self._cell(i, column, text, editable=True)
            self._cell(i, SIGNED_SO_FAR, _money(got.signed_amount)
                       + _share(got.signed_amount, row.signed_amount), editable=False)
            self._cell(i, UNITS_SO_FAR, f"{got.units}{_share(got.units, row.units)}",
                       editable=False)
            self._cell(i, COLLECTED, _money(got.collected)
                       + _share(got.collected, row.collection), editable=False)
        self._filling = False

    def _cell(self, row: int, column: int, text: str, *, editable: bool) -> None:
        item = QTableWidgetItem(text)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        item.setFlags(flags)
        if column != SCOPE:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, column, item)

    def _month_changed(self) -> None:
        if self.edited and self.shown is not None:
            if not self.asking:  # asked once the picker has closed
                self.asking = True
                QTimer.singleShot(0, self._ask_month)
            return
        self._clear_errors()
        self.refresh()

    def _ask_month(self) -> None:
        """Typed targets are not lost to another month without a word: save them,
        discard them, or stay on their month."""
        self.asking = False
        if self.shown is None or not self.edited or self.chosen_month() == self.shown.month:
            return
        wanted = self.chosen_month()
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Unsaved targets"),
                          self.tr("The targets of %1 have unsaved changes. Save, discard or "
                                  "cancel?").replace("%1", f"{self.shown.month:%Y-%m}"),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        for button, text in ((QMessageBox.StandardButton.Save, self.tr("Save")),
                             (QMessageBox.StandardButton.Discard, self.tr("Discard")),
                             (QMessageBox.StandardButton.Cancel, self.tr("Cancel"))):
            box.button(button).setText(text)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        box.deleteLater()
        if answer == QMessageBox.StandardButton.Discard:
            self.edited.clear()
            self._mark()
            self._clear_errors()
            self.refresh()
            return
        self._pick(self.shown.month)  # back to the typed month: saved there, or kept
        if answer == QMessageBox.StandardButton.Save:
            self.save(then=wanted)

    def _pick(self, first: date) -> None:
        self.month.blockSignals(True)
        self.month.setDate(QDate(first.year, first.month, 1))
        self.month.blockSignals(False)

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() not in EDITABLE or self.shown is None:
            return
        key = (item.row(), item.column())
        if item.text().strip() == self._saved_text(*key):  # typed back as it was
            self.edited.discard(key)
        else:
            self.edited.add(key)
        self.status.clear()
        self._mark()

    def _saved_text(self, row: int, column: int) -> str:
        if self.shown is None or row >= len(self.shown.rows):
            return ""
        target = self.shown.rows[row]
        if column == UNITS:
            return "" if target.units is None else str(target.units)
        return _money(target.signed_amount if column == SIGNED else target.collection)

    def _mark(self) -> None:
        """Save is for changes; while there are some, say so."""
        self.save_button.setEnabled(bool(self.edited))
        if self.edited:
            self.status.setText(self.tr("Unsaved changes"))
        elif self.status.text() == self.tr("Unsaved changes"):
            self.status.clear()

    def first_field(self) -> QWidget | None:
        return self.table

    # --- saving ---
    def save(self, then: date | None = None) -> None:
        """Save the changed rows in one go; `then`: the month to show once saved."""
        if self.shown is None:
            return
        self._clear_errors()
        first, actor = self.shown.month, self.ctx.actor
        changed = sorted({r for r, _ in self.edited})
        typed = [(i, self.shown.rows[i].rep_id, self._text(i, SIGNED), self._text(i, UNITS),
                  self._text(i, COLLECTION)) for i in changed]

        def save(uow: UnitOfWork) -> int:
            wrong: dict[str, DeskError] = {}
            for i, rep_id, signed, units, collection in typed:
                try:
                    targets.set_target(uow, actor, first, rep_id, signed, units, collection)
                except InvalidInput as e:  # every wrong cell at once, by its row
                    found = e.errors if isinstance(e, FieldErrors) else {e.field or "": e}
                    wrong.update({f"{i}:{field}": err for field, err in found.items()})
            if wrong:
                raise FieldErrors(wrong)  # nothing is saved
            return len(typed)

        def saved(count: int) -> None:
            self.edited.clear()
            self.status.setText(self.tr("Saved.") if count else self.tr("Nothing was changed."))
            self._mark()
            if then is not None:
                self._pick(then)
                self.refresh()

        self.ctx.ops.write(self, save, saved, failed=self._failed)

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return "" if item is None else item.text()

    def _failed(self, error: DeskError) -> None:
        """Each refusal by its cell (marked, the message on hover) and listed
        below the table with the row it is on; what was typed stays."""
        found = error.errors if isinstance(error, FieldErrors) else {"": error}
        lines = []
        first_cell: QTableWidgetItem | None = None
        for key, err in found.items():
            row_text, _, field = key.partition(":")
            if not row_text.isdigit() or self.shown is None:
                lines.append(str(err))
                continue
            row = int(row_text)
            scope = self.shown.rows[row].name or self.tr("Team")
            lines.append(f"{scope}{pick('：', ': ')}{err}")
            column = next((c for c, f in EDITABLE.items() if f == field), SCOPE)
            item = self.table.item(row, column)
            if item is not None:
                item.setBackground(QBrush(INVALID))
                item.setToolTip(str(err))
                first_cell = first_cell or item
        self.errors.setText("\n".join(lines))
        self.errors.show()
        if first_cell is not None:  # in sight, its mark not hidden by the selection
            self.table.clearSelection()
            self.table.scrollToItem(first_cell)

    def _clear_errors(self) -> None:
        self.errors.hide()
        self.errors.clear()
        self._filling = True
        for r in range(self.table.rowCount()):
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                if item is not None and item.toolTip():
                    item.setBackground(QBrush())
                    item.setToolTip("")
        self._filling = False
