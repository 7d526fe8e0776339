"""A report's table as a Qt model: the columns a person sees, figures written
as the PDF writes them and right-aligned, the total row bold and kept last."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QSizePolicy, QTableView

from desk.reporting import cells
from desk.reporting.model import Column, Table, Value

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def _order(value: Value) -> tuple[int, Any]:
    """Sort key: empty values (a rate of nothing) after every figure."""
    if value is None:
        return (1, 0)
    if isinstance(value, (int, Decimal)):
        return (0, value)
    if isinstance(value, date):
        return (0, value.toordinal())
    return (0, str(value))


class ReportTableModel(QAbstractTableModel):
    def __init__(self, table: Table, parent: Any = None) -> None:
        super().__init__(parent)
        self.table = table
        self.shown: list[tuple[int, Column]] = cells.shown(table)
        self.rows: list[tuple[Value, ...]] = list(table.rows)
        self.bold = QFont()
        self.bold.setBold(True)

    @property
    def has_total(self) -> bool:
        return self.table.total is not None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows) + (1 if self.has_total else 0)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.shown)

    def row_values(self, row: int) -> tuple[Value, ...]:
        if row < len(self.rows):
            return self.rows[row]
        assert self.table.total is not None
        return self.table.total

    def text(self, row: int, column: int) -> str:
        """What the cell shows."""
        position, col = self.shown[column]
        return cells.text(self.row_values(row)[position], col.kind)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        position, col = self.shown[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col.kind in cells.NUMERIC else _LEFT
        if role == Qt.ItemDataRole.FontRole and index.row() >= len(self.rows):
            return self.bold
        if role == Qt.ItemDataRole.UserRole:
            return self.row_values(index.row())[position]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.shown[section][1].title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self.shown[section][1].kind in cells.NUMERIC else _LEFT
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """By one column; column -1 is the report's own order. The total stays last."""
        self.layoutAboutToBeChanged.emit()
        if column < 0:
            self.rows = list(self.table.rows)
        else:
            position = self.shown[column][0]
            self.rows.sort(key=lambda r: _order(r[position]),
                           reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


def sortable(table: Table) -> bool:
    """A list of things (reps, sources, days) sorts; a fixed list of figures in
    its set order (the rows with a hidden `key`) does not."""
    return len(table.rows) > 1 and not any(c.key == "key" for c in table.columns)


def table_view(table: Table) -> QTableView:
    """A table shown whole: its height and width are its rows and columns, and the
    page around it scrolls."""
    view = QTableView()
    model = ReportTableModel(table, view)
    view.setModel(model)
    view.verticalHeader().hide()
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    if sortable(table):
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view.setSortingEnabled(True)
    view.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    view.setFrameShape(QFrame.Shape.StyledPanel)
    fit_to_contents(view)
    return view


def fit_to_contents(view: QTableView) -> None:
    view.resizeColumnsToContents()
    view.resizeRowsToContents()
    header = view.horizontalHeader()
    frame = 2 * view.frameWidth()
    width = sum(header.sectionSize(i) for i in range(header.count())) + frame
    model = view.model()
    rows = sum(view.rowHeight(r) for r in range(model.rowCount()))
    view.setFixedSize(width, header.sizeHint().height() + rows + frame)
