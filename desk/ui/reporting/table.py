"""A report's table as a Qt model: the columns a person sees, figures written
as the PDF writes them and right-aligned, the total row bold and kept last."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QSizePolicy,
    QStyle,
    QStyleOptionHeader,
    QStylePainter,
    QTableView,
)

from desk.reporting import cells
from desk.reporting.model import Column, Kind, Table, Value

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

    @property
    def named_rows(self) -> bool:
        """Rows named by their first column (a rep, a source, a day): the view
        shows that column as the row labels, which stay while it scrolls sideways."""
        return len(self.shown) > 1 and self.shown[0][1].kind in (Kind.TEXT, Kind.DATE)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.text(section, 0)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _LEFT
            if role == Qt.ItemDataRole.FontRole and section >= len(self.rows):
                return self.bold
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


class _Corner(QObject):
    """Paints the first column's title in the table's corner, above the row
    labels, like a header section; a click there sorts by it."""

    def __init__(self, view: ReportTableView, title: str) -> None:
        super().__init__(view)
        self.view, self.title = view, title

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        button = watched
        if not isinstance(button, QAbstractButton):
            return False
        if event.type() == QEvent.Type.Paint:
            option = QStyleOptionHeader()
            option.initFrom(button)
            option.rect = button.rect()
            option.text = self.title
            option.textAlignment = Qt.AlignmentFlag(_LEFT)
            option.position = QStyleOptionHeader.SectionPosition.OnlyOneSection
            QStylePainter(button).drawControl(QStyle.ControlElement.CE_Header, option)
            return True
        if event.type() == QEvent.Type.MouseButtonRelease and self.view.isSortingEnabled():
            header = self.view.horizontalHeader()
            up = header.sortIndicatorSection() == 0 and \
                header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
            self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder if up
                                   else Qt.SortOrder.AscendingOrder)
            return True
        return event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)


class ReportTableView(QTableView):
    """A table as tall as its rows (the page scrolls down) and as wide as its
    columns, or as the page where that is narrower: then it scrolls sideways
    on its own, the row labels staying. A table with no rows says so under its
    header, as the PDF does."""

    def placeholder(self) -> str:
        """The line under the header of a table with no rows ('' when it has some)."""
        model = self.model()
        if model is not None and model.rowCount() == 0:
            return QCoreApplication.translate("ReportTableView", "(no data)")
        return ""

    def _placeholder_width(self) -> int:
        text = self.placeholder()
        return self.fontMetrics().horizontalAdvance(text) + 16 if text else 0

    def content_width(self) -> int:
        header = self.verticalHeader()
        labels = 0 if header.isHidden() else max(header.sizeHint().width(), header.minimumWidth())
        return labels + max(self.horizontalHeader().length(), self._placeholder_width()) \
            + 2 * self.frameWidth()

    def content_height(self) -> int:
        rows = self.verticalHeader().length()
        if self.placeholder():
            rows = self.verticalHeader().defaultSectionSize()
        height = self.horizontalHeader().sizeHint().height() + rows + 2 * self.frameWidth()
        if self.width() < self.content_width():
            height += self.horizontalScrollBar().sizeHint().height()
        return height

    def sizeHint(self) -> QSize:
        return QSize(self.content_width(), self.content_height())

    def fit_height(self) -> None:
        height = self.content_height()
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_height()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._whole_first_column()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        self._whole_first_column()

    def _whole_first_column(self) -> None:
        """Scrolled to the end, Qt lines the last column up with the right edge,
        which can cut the first one in view: start at the next whole column."""
        header = self.horizontalHeader()
        first = header.logicalIndexAt(0)
        if first < 0 or header.sectionViewportPosition(first) >= 0:
            return
        header.setOffset(header.sectionPosition(first) + header.sectionSize(first))
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        text = self.placeholder()
        if text:  # drawn, not a row: the model's rows stay the report's
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.viewport().rect().adjusted(8, 0, 0, 0),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             text)
            painter.end()


def table_view(table: Table) -> ReportTableView:
    """A table shown whole down the page; the first column (the row's name) is
    the row labels, so it stays in view when a wide table scrolls sideways."""
    view = ReportTableView()
    model = ReportTableModel(table, view)
    view.setModel(model)
    labels = view.verticalHeader()
    if model.named_rows and model.rowCount():  # an empty table shows its first column's title
        view.setColumnHidden(0, True)
        # Scrolling sideways on purpose: the names stay (tools/fit accepts it).
        view.setProperty("namesStay", True)
        labels.setDefaultAlignment(Qt.AlignmentFlag(_LEFT))
        labels.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        corner = view.findChild(QAbstractButton)
        if corner is not None:
            corner.installEventFilter(_Corner(view, model.shown[0][1].title))
    else:
        labels.hide()
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    # Whole columns: the first one shown starts at the row labels, never a sliver
    # of figures beside them that reads as values of the row.
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    if sortable(table):
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view.setSortingEnabled(True)
    view.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    view.setFrameShape(QFrame.Shape.StyledPanel)
    fit_to_contents(view)
    return view


def fit_to_contents(view: ReportTableView) -> None:
    view.resizeColumnsToContents()
    view.resizeRowsToContents()
    labels = view.verticalHeader()
    model = view.model()
    if not labels.isHidden() and isinstance(model, ReportTableModel):
        # The row labels are at least as wide as the column's title in the corner.
        title = model.shown[0][1].title
        labels.setMinimumWidth(view.fontMetrics().horizontalAdvance(title) + 16)
    view.setMaximumWidth(view.content_width())
    view.updateGeometry()
    view.fit_height()
