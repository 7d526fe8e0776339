"""The sales-control grid: floors as rows (top floor first), units as columns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QHeaderView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desk.sales.grid_layout import GridColumn, building_layout, group_starts, has_groups
from desk.sales.units import GridUnit

UNIT_ROLE = Qt.ItemDataRole.UserRole + 1
MATCH_ROLE = Qt.ItemDataRole.UserRole + 2
GROUP_START_ROLE = Qt.ItemDataRole.UserRole + 3  # the column opens a group (an entrance, a wing)
Index = QModelIndex | QPersistentModelIndex
_UNIT_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # asked for every cell painted
_NO_FLAGS = Qt.ItemFlag.NoItemFlags

STATUS_COLORS = {
    "available": "#dff3e4",
    "held": "#fff1c1",
    "subscribed": "#ffd8a8",
    "signed": "#f6c1c1",
    "withheld": "#d9dde3",
}
STATUS_BORDER = {
    "available": "#6abf7b",
    "held": "#e0b020",
    "subscribed": "#e8862a",
    "signed": "#c94f4f",
    "withheld": "#9aa3ad",
}




class UnitGridModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.floors: list[int] = []
        self.columns: list[GridColumn] = []
        self.starts: set[int] = set()  # columns that open a group
        self.grouped = False
        self.cells: dict[tuple[int, int], GridUnit] = {}
        self.where: dict[int, tuple[int, int]] = {}  # unit id -> its cell
        self.matches: Callable[[GridUnit], bool] = lambda r: True

    def set_units(self, rows: list[GridUnit], matches: Callable[[GridUnit], bool] | None = None
                  ) -> None:
        """Show these units; the same floors and columns again (a filter, a re-read)
        only repaint, so the view keeps its scroll and its current cell."""
        floors, columns, cells = building_layout(rows)
        same = floors == self.floors and columns == self.columns and bool(cells)
        if not same:
            self.beginResetModel()
        self.matches = matches or (lambda r: True)
        self.floors, self.columns, self.cells = floors, columns, cells
        self.where = {unit.id: key for key, unit in cells.items()}
        self.starts, self.grouped = group_starts(columns), has_groups(columns)
        if same:
            self.dataChanged.emit(self.index(0, 0), self.index(len(floors) - 1, len(columns) - 1))
        else:
            self.endResetModel()

    def update_units(self, rows: list[GridUnit]) -> tuple[list[tuple[GridUnit, GridUnit]],
                                                           list[GridUnit]]:
        """Put fresh copies of units already shown in their cells and repaint just
        the cells that changed; returns the (old, new) pairs replaced and the rows
        that are not in this grid."""
        replaced, rest = [], []
        for row in rows:
            key = self.where.get(row.id)
            if key is None:
                rest.append(row)
                continue
            old = self.cells[key]
            if old == row:
                continue
            self.cells[key] = row
            replaced.append((old, row))
            index = self.index(*key)
            self.dataChanged.emit(index, index)
        return replaced, rest

    def unit_at(self, index: Index) -> GridUnit | None:
        return self.cells.get((index.row(), index.column())) if index.isValid() else None

    def index_of(self, code: str) -> QModelIndex:
        for (r, c), unit in self.cells.items():
            if unit.code == code:
                return self.index(r, c)
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.floors)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == GROUP_START_ROLE:
            return index.column() in self.starts
        unit = self.cells.get((index.row(), index.column()))
        if unit is None:
            return None
        if role == UNIT_ROLE:
            return unit
        if role == MATCH_ROLE:
            return self.matches(unit)
        if role == Qt.ItemDataRole.DisplayRole:
            return unit.room
        if role == Qt.ItemDataRole.ToolTipRole:
            return unit.code
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _UNIT_FLAGS if (index.row(), index.column()) in self.cells else _NO_FLAGS

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == GROUP_START_ROLE:
            return section in self.starts
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return f"{self.floors[section]}F" if section < len(self.floors) else None
        if section >= len(self.columns):
            return None
        group, position = self.columns[section]
        # Every column names its group: a wide group scrolled half out of view still says whose it is.
        return f"{group}\n{position}" if self.grouped else position


def wan(amount: Any) -> str:
    """3,985,868.64 -> '398.6万'."""
    return "" if amount is None else f"{amount / 10000:,.1f}万"


TEXT, TEXT_DIM = QColor("#1f2a36"), QColor("#aab2bd")
GROUP_LINE = QColor("#5b6673")
GROUP_LINE_W = 2  # in the gap the cells leave at their left


def _group_line(painter: QPainter, rect: QRect) -> None:
    painter.fillRect(QRect(rect.left(), rect.top(), GROUP_LINE_W, rect.height()), GROUP_LINE)


class GroupHeader(QHeaderView):
    """The grid's column header: a thick line where a group of columns begins,
    as in the cells below it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        super().paintSection(painter, rect, logicalIndex)
        if self.model() is not None and self.model().headerData(
                logicalIndex, Qt.Orientation.Horizontal, GROUP_START_ROLE):
            painter.save()
            _group_line(painter, rect)
            painter.restore()


_COLORS = {k: (QColor(STATUS_COLORS[k]), QPen(QColor(STATUS_BORDER[k]), 1)) for k in STATUS_COLORS}
_DIMMED = (QColor("#f4f5f7"), QPen(QColor("#e1e4e8"), 1))
_SELECTED = QPen(QColor("#1f6feb"), 2)
_SELECTED_STATE = QStyle.StateFlag.State_Selected
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class UnitCellDelegate(QStyledItemDelegate):
    """Paints a unit: room, layout, area and price on its status colour. It reads
    the cell from the model itself: a paint asks for no roles through Qt, since a
    grid paints a hundred cells at a time."""

    def __init__(self, model: UnitGridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._fonts: tuple[QFont, QFont] | None = None  # the view's font and its bold

    def _bold(self, base: QFont) -> QFont:
        if self._fonts is None or self._fonts[0] != base:
            bold = QFont(base)
            bold.setBold(True)
            self._fonts = (QFont(base), bold)
        return self._fonts[1]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        model, key = self.model, (index.row(), index.column())
        cell: QRect = option.rect
        if key[1] in model.starts:
            _group_line(painter, cell)
        unit = model.cells.get(key)
        if unit is None:
            return
        painter.save()
        x, y, w, h = cell.x() + 2, cell.y() + 2, cell.width() - 4, cell.height() - 4
        match = model.matches(unit)
        fill, border = _COLORS[unit.status] if match else _DIMMED
        painter.fillRect(x, y, w, h, fill)
        painter.setPen(_SELECTED if option.state & _SELECTED_STATE else border)
        painter.drawRect(x, y, w, h)
        painter.setPen(TEXT if match else TEXT_DIM)
        base = option.font
        line = h // 3
        left, top, width = x + 5, y + 1, w - 9
        painter.setFont(self._bold(base))
        painter.drawText(left, top, width, line, _LEFT, unit.room)
        painter.setFont(base)
        if unit.customer:
            painter.drawText(left, top, width, line, _RIGHT, unit.customer)
        painter.drawText(left, top + line, width, line, _LEFT,
                         f"{unit.layout}  {unit.gross_area}㎡".strip())
        painter.drawText(left, top + 2 * line, width, line, _LEFT, wan(unit.list_price))
        painter.restore()
