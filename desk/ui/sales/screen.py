"""Sales control (销控): the grid of every unit, coloured by status."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.admin import projects
from desk.core import labels
from desk.core.changes import ChangeKind
from desk.core.errors import pick
from desk.core.timefmt import hm
from desk.core.uow import UnitOfWork
from desk.sales import claims, units
from desk.sales.units import GridUnit, Summary, UnitRow
from desk.ui.common.context import Context
from desk.ui.common.files import open_file
from desk.ui.common.operations import Changes
from desk.ui.common.retain import Snapshot, restore
from desk.ui.common.screen import Screen
from desk.ui.common.table_model import Column, RowsModel, table_view
from desk.ui.sales.grid_model import (
    STATUS_BORDER,
    STATUS_COLORS,
    GroupHeader,
    UnitCellDelegate,
    UnitGridModel,
    wan,
)

CELL_W, CELL_H = 150, 62
SUMMARY_LATEST_MS = 250  # the summary's read waits for the cells' paint, but no longer
FIRST_PAINT_LATEST_MS = 150  # an empty grid is painted if the first read takes longer


@dataclass(frozen=True)
class GridData:
    projects: list[tuple[int, str]]
    project_id: int | None
    buildings: list[str]
    shown: str
    rows: list[GridUnit]
    expiring: list[tuple[str, datetime]]


class SalesScreen(Screen):
    kinds = frozenset({ChangeKind.UNITS, ChangeKind.PROJECT})

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("SalesScreen", "Sales control")

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.project_id: int | None = None
        self.rows: list[GridUnit] = []
        # Read after the units are painted, then kept from the change feed.
        self.summary: Summary | None = None
        self._summary_due = False
        self._summary_loading = False
        self._summary_again = False
        self.summary_reads = 0  # finished reads of the summary, for the tests
        self._retained: Snapshot | None = None  # what was typed before a rebuild, for the layouts
        self._tab_names: list[str] = []
        layout = self.page_layout()

        # filters: what to show on the first row, narrowing it on the second
        bar = QHBoxLayout()
        narrow = QHBoxLayout()
        self.project_box = QComboBox()
        self.project_box.currentIndexChanged.connect(self._project_changed)
        bar.addWidget(self.project_box)
        self.layout_box = QComboBox()
        self.status_box = QComboBox()
        self.status_box.addItem(self.tr("All statuses"), None)
        for st in labels.STATUS_NAMES:
            self.status_box.addItem(labels.status_name(st), st)
        self.area_min, self.area_max = QLineEdit(), QLineEdit()
        self.price_min, self.price_max = QLineEdit(), QLineEdit()
        for e, hint in ((self.area_min, self.tr("min ㎡")), (self.area_max, self.tr("max ㎡")),
                        (self.price_min, self.tr("min 万")), (self.price_max, self.tr("max 万"))):
            e.setPlaceholderText(hint)
            e.setFixedWidth(76)
            e.textChanged.connect(self.apply_filters)
        self.layout_box.currentIndexChanged.connect(self.apply_filters)
        self.status_box.currentIndexChanged.connect(self.apply_filters)
        for box in (self.project_box, self.layout_box, self.status_box):
            # filled once read: as wide as the longest choice
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        bar.addWidget(QLabel(self.tr("Layout")))
        bar.addWidget(self.layout_box)
        bar.addWidget(self.status_box)
        narrow.addWidget(QLabel(self.tr("Area")))
        narrow.addWidget(self.area_min)
        narrow.addWidget(QLabel("–"))
        narrow.addWidget(self.area_max)
        narrow.addWidget(QLabel(self.tr("Price")))
        narrow.addWidget(self.price_min)
        narrow.addWidget(QLabel("–"))
        narrow.addWidget(self.price_max)
        narrow.addStretch()
        self.summary_button = QPushButton(self.tr("Summary"))
        self.summary_button.setCheckable(True)
        self.summary_button.setToolTip(self.tr("Show or hide the totals beside the grid"))
        self.summary_button.clicked.connect(self._summary_chosen)
        narrow.addWidget(self.summary_button)
        bar.addStretch()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Unit code, e.g. 1-1502"))
        self.search.setFixedWidth(170)
        self.search.returnPressed.connect(self.find_unit)
        bar.addWidget(self.search)
        if ctx.actor.can("units.import"):
            imp = QPushButton(self.tr("Import price list…"))
            imp.clicked.connect(self.import_price_list)
            bar.addWidget(imp)
        export = QPushButton(self.tr("Export to Excel…"))
        export.clicked.connect(self.export_xlsx)
        bar.addWidget(export)
        layout.addLayout(bar)
        layout.addLayout(narrow)

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setStyleSheet("background:#fff1c1; border:1px solid #e0b020; padding:6px;")
        self.banner.hide()
        layout.addWidget(self.banner)

        self.tabs = QTabBar()
        self.tabs.setExpanding(False)
        self.tabs.currentChanged.connect(self.load_building)
        layout.addWidget(self.tabs)

        self.model = UnitGridModel(self)
        self.view = QTableView()
        self.view.setHorizontalHeader(GroupHeader(self.view))
        self.view.setModel(self.model)
        self.view.setItemDelegate(UnitCellDelegate(self.model, self.view))
        self.view.setShowGrid(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setDefaultSectionSize(CELL_W)
        self.view.verticalHeader().setDefaultSectionSize(CELL_H)
        self.view.clicked.connect(self.open_unit)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.view).activated.connect(self._open_current)

        side = QWidget()
        self.side = side
        self._side_by_hand: bool | None = None  # None: beside the grid when both fit
        side.setMinimumWidth(330)
        side.setMaximumWidth(430)
        side.hide()  # filled when first shown (_fill_side): on a narrow screen it may never be
        self.total_label = QLabel(side)
        right = Qt.AlignmentFlag.AlignRight
        self.by_status: RowsModel = RowsModel([
            Column(self.tr("Status"), lambda r: labels.status_name(r[0])),
            Column(self.tr("Units"), lambda r: r[1].count, align=right),
            Column("㎡", lambda r: f"{r[1].area:,.0f}", align=right),
            Column(self.tr("Amount"), lambda r: wan(r[1].money), align=right),
        ], self)
        self.by_layout: RowsModel = RowsModel([
            Column(self.tr("Layout"), lambda r: r[0]),
            Column(self.tr("Units"), lambda r: r[1].count, align=right),
            Column(self.tr("Available"), lambda r: r[1].available, align=right),
            Column(self.tr("Sold"), lambda r: r[1].sold, align=right),
        ], self)
        self.summary_views: list[QTableView] = []

        body = QHBoxLayout()
        body.addWidget(self.view, 1)
        body.addWidget(side)
        layout.addLayout(body, 1)

        # Holds run out by themselves: re-read now and then, and remind the holder.
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(30_000)

    # --- data ---
    def query(self) -> Callable[[UnitOfWork], GridData]:
        """The project: its buildings and the shown building's units (never the
        whole project's units at once). The summary, which goes over every unit,
        is read once these are painted."""
        pid, current, actor = self.project_id, self.building(), self.ctx.actor

        def read(uow: UnitOfWork) -> GridData:
            plist = [(p.id, p.name) for p in projects.list_projects(uow)]
            project = pid if pid is not None else (plist[0][0] if plist else None)
            names = units.buildings(uow, project) if project else []
            shown = current if current in names else (names[0] if names else "")
            return GridData(plist, project, names, shown,
                            units.grid_units(uow, project, building=shown) if shown and project
                            else [], claims.my_expiring_holds(uow, actor))

        return read

    def showEvent(self, event: QShowEvent) -> None:
        first = self.refreshes == 0 and not self.loading
        super().showEvent(event)
        if first and self.loading:
            # The first read takes a few ms: painting the screen empty meanwhile
            # would only make the cells wait for a second paint.
            self.setUpdatesEnabled(False)
            QTimer.singleShot(FIRST_PAINT_LATEST_MS, self._paint_again)

    def _paint_again(self) -> None:
        if not self.updatesEnabled():
            self.setUpdatesEnabled(True)

    def load_failed(self, error: Exception) -> None:
        self._paint_again()
        super().load_failed(error)

    def show_data(self, data: GridData) -> None:
        if data.project_id != self.project_id:
            self.summary = None
        self.project_id = data.project_id
        self.rows = data.rows
        self.project_box.blockSignals(True)
        shown = [(self.project_box.itemData(i), self.project_box.itemText(i))
                 for i in range(self.project_box.count())]
        if shown != data.projects:
            self.project_box.clear()
            for pid, name in data.projects:
                self.project_box.addItem(name, pid)
        self.project_box.setCurrentIndex(max(0, self.project_box.findData(self.project_id)))
        self.project_box.setVisible(len(data.projects) > 1)
        self.project_box.blockSignals(False)
        self._fill_tabs(data.buildings, data.shown)
        self.apply_filters()
        self._remind(data.expiring)
        self._retained = self.retained  # the layout chosen: once the layouts are known
        # Sizes settled now (the tabs filled, the totals placed or not), so that the
        # cells are painted once, at their final size, not again after a re-layout.
        page = self.layout()
        if page is not None:
            page.activate()
        self.view.doItemsLayout()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self._paint_again()
        # After the cells are painted: the summary's read would only slow them down.
        self._summary_due = True
        if self.view.isVisible():
            self.view.viewport().installEventFilter(self)
            QTimer.singleShot(SUMMARY_LATEST_MS, self._summary_after_paint)
        else:
            QTimer.singleShot(0, self._summary_after_paint)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._summary_due:
            QTimer.singleShot(0, self._summary_after_paint)  # once this paint is done
        return super().eventFilter(watched, event)

    def _summary_after_paint(self) -> None:
        self.view.viewport().removeEventFilter(self)
        if self._summary_due:
            self._summary_due = False
            self.read_summary()

    @property
    def loading(self) -> bool:
        """Reading the units or, after them, the summary."""
        return super().loading or self._summary_due or self._summary_loading

    def read_summary(self) -> None:
        """The summary over every unit of the project, with the shown building's
        units read in the same transaction, so that the cells and the totals agree
        and each later change can move a unit from its old tallies to its new."""
        if self.project_id is None:
            return
        if self._summary_loading:
            self._summary_again = True
            return
        self._summary_loading = True
        pid, building = self.project_id, self.building()

        def read(uow: UnitOfWork) -> tuple[Summary, list[GridUnit]]:
            return (units.read_summary(uow, pid),
                    units.grid_units(uow, pid, building=building) if building else [])

        def show(data: tuple[Summary, list[GridUnit]]) -> None:
            self._summary_loading = False
            self.summary_reads += 1
            summary, fresh = data
            if pid == self.project_id:
                self._take_fresh(fresh)
                self.summary = summary
                self._fill_layouts(sorted(k for k in summary.by_layout if k != "—"))
                self._show_summary(summary)
                if self._retained is not None:
                    retained, self._retained = self._retained, None
                    restore(self, retained)
            if self._summary_again:
                self._summary_again = False
                self.read_summary()

        def failed(_e: Exception) -> None:
            self._summary_loading = False
            self._summary_again = False

        self.ctx.ops.read(self, read, show, failed=failed)

    def _take_fresh(self, fresh: list[GridUnit]) -> list[tuple[GridUnit, GridUnit]]:
        """Fresh copies of shown units into their cells; returns (old, new) pairs."""
        replaced, _ = self.model.update_units(fresh)
        if replaced:
            by_id = {new.id: new for _, new in replaced}
            self.rows = [by_id.get(r.id, r) for r in self.rows]
        return replaced

    def apply_changes(self, changes: Changes) -> None:
        """Units named by the change: repaint those cells and move them in the
        summary; a unit not shown (another building, another PC) re-reads the
        summary; anything else (an import, a new project): the whole screen."""
        refs = changes.get(ChangeKind.UNITS, set())
        named = {int(r) for r in refs if r is not None and r.isdigit()}
        if ChangeKind.PROJECT in changes or None in refs or not named or self.project_id is None:
            self.refresh()
            return
        if super().loading:  # a full read is under way: fold into one more
            self.refresh()
            return
        pid, actor = self.project_id, self.ctx.actor

        def read(uow: UnitOfWork) -> tuple[list[GridUnit], list]:
            return units.grid_units(uow, pid, ids=named), claims.my_expiring_holds(uow, actor)

        def show(data: tuple[list[GridUnit], list]) -> None:
            fresh, expiring = data
            shown = {r.id for r in fresh if r.id in self.model.where}
            replaced = self._take_fresh(fresh)
            if self.summary is None or self._summary_loading or shown != named \
                    or pid != self.project_id:
                self.read_summary()  # a unit whose old tallies are not here
            elif replaced:
                for old, new in replaced:
                    self.summary.replace(old, new)
                self._show_summary(self.summary)
            self._remind(expiring)
            self.refreshes += 1

        self.ctx.ops.read(self, read, show)

    def _fill_side(self) -> None:
        """The legend and the totals beside the grid."""
        sl = QVBoxLayout(self.side)
        sl.setContentsMargins(8, 0, 0, 0)
        legend = QGridLayout()
        for i, st in enumerate(labels.STATUS_NAMES):
            chip = QLabel()
            chip.setFixedSize(18, 14)
            chip.setStyleSheet(f"background:{STATUS_COLORS[st]}; border:1px solid "
                               f"{STATUS_BORDER[st]};")
            legend.addWidget(chip, i // 3, (i % 3) * 2)
            legend.addWidget(QLabel(labels.status_name(st)), i // 3, (i % 3) * 2 + 1)
        sl.addLayout(legend)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        sl.addWidget(line)
        sl.addWidget(self.total_label)
        for model in (self.by_status, self.by_layout):
            view = table_view(model)
            view.setSelectionMode(QTableView.SelectionMode.NoSelection)
            view.setShowGrid(False)
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.verticalHeader().setDefaultSectionSize(24)
            self.summary_views.append(view)
            sl.addWidget(view)
        sl.addStretch()
        self._fit_summary_views()

    def _fit_summary_views(self) -> None:
        for view in self.summary_views:  # as tall as its rows: no scrolling in a summary
            rows = view.model().rowCount()
            view.setFixedHeight(view.horizontalHeader().height() + 24 * rows + 4)

    def _summary_chosen(self, shown: bool) -> None:
        self._side_by_hand = shown
        self._place_summary()

    def _place_summary(self) -> None:
        """The totals stand beside the grid when both fit; on a narrow screen the
        grid has the room and the totals show when asked for (Summary)."""
        if not self.refreshes:  # how wide the grid is is known once read
            return
        grid = (self.view.verticalHeader().sizeHint().width() + self.model.columnCount() * CELL_W
                + self.view.verticalScrollBar().sizeHint().width() + 2 * self.view.frameWidth())
        room = self.width() - 2 * 16 - 6  # the page's margins and the spacing
        fits = room >= grid + self.side.minimumWidth()
        shown = fits if self._side_by_hand is None else self._side_by_hand
        self.summary_button.setChecked(shown)
        if shown and not self.summary_views:
            self._fill_side()
        self.side.setVisible(shown)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # after the resize is done: a child hidden within it keeps its old room
        QTimer.singleShot(0, self._place_summary)

    def load_building(self) -> None:
        """Another building tab: read its units only."""
        if self.project_id is None:
            return
        pid, building = self.project_id, self.building()

        def show(rows: list[GridUnit]) -> None:
            self.rows = rows
            self.apply_filters()

        self.ctx.ops.read(self, lambda uow: units.grid_units(uow, pid, building=building), show)

    def _project_changed(self) -> None:
        self.project_id = self.project_box.currentData()
        self.summary = None  # the other project's tallies
        self.refresh()

    def _fill_tabs(self, names: list[str], shown: str) -> None:
        self.tabs.blockSignals(True)
        if self._tab_names != names:
            self._tab_names = names
            # A shown bar lays out all its tabs at every tab added or removed: for
            # a project of many buildings, change them hidden and lay out once.
            self.tabs.hide()
            for i in range(min(self.tabs.count(), len(names))):
                self.tabs.setTabText(i, names[i])
            while self.tabs.count() > len(names):
                self.tabs.removeTab(self.tabs.count() - 1)
            for b in names[self.tabs.count():]:
                self.tabs.addTab(b)
            self.tabs.show()
        if shown in names and names.index(shown) != self.tabs.currentIndex():
            self.tabs.setCurrentIndex(names.index(shown))
        self.tabs.blockSignals(False)

    def _fill_layouts(self, layouts: list[str]) -> None:
        if [self.layout_box.itemData(i) for i in range(1, self.layout_box.count())] == layouts:
            return
        current_l = self.layout_box.currentData()
        self.layout_box.blockSignals(True)
        self.layout_box.clear()
        self.layout_box.addItem(self.tr("All layouts"), None)
        for lay in layouts:
            self.layout_box.addItem(lay, lay)
        self.layout_box.setCurrentIndex(max(0, self.layout_box.findData(current_l)))
        self.layout_box.blockSignals(False)
        if self.layout_box.currentData() != current_l:  # its layout is gone
            self.apply_filters()

    def building(self) -> str:
        return self.tabs.tabText(self.tabs.currentIndex()) if self.tabs.count() else ""

    def apply_filters(self) -> None:
        def num(e: QLineEdit) -> Decimal | None:
            try:
                return Decimal(e.text().strip()) if e.text().strip() else None
            except InvalidOperation:
                return None

        layout, status = self.layout_box.currentData(), self.status_box.currentData()
        amin, amax, pmin, pmax = (num(e) for e in (self.area_min, self.area_max, self.price_min,
                                                   self.price_max))

        def matches(r: GridUnit) -> bool:
            price = None if r.list_price is None else r.list_price / 10000
            return ((layout is None or r.layout == layout)
                    and (status is None or r.status == status)
                    and (amin is None or r.gross_area >= amin)
                    and (amax is None or r.gross_area <= amax)
                    and (pmin is None or (price is not None and price >= pmin))
                    and (pmax is None or (price is not None and price <= pmax)))

        self.model.set_units(self.rows, matches)
        self._place_summary()  # a building of more columns may need the room

    def _show_summary(self, summary: Summary) -> None:
        total = sum(t.count for t in summary.by_status.values())
        self.total_label.setText(self.tr("%1 units in the project").replace("%1", f"{total:,}"))
        self.by_status.set_rows(list(summary.by_status.items()))
        self.by_layout.set_rows(sorted(summary.by_layout.items()))
        self._fit_summary_views()

    def _remind(self, expiring: list) -> None:
        if not expiring:
            self.banner.hide()
            return
        items = pick("、", ", ").join(pick(f"{code}（{hm(at)}）", f"{code} ({hm(at)})")
                                      for code, at in expiring)
        self.banner.setText(self.tr("Your holds run out soon: %1 — extend them or they are "
                                    "released.").replace("%1", items))
        self.banner.show()

    def _tick(self) -> None:
        if self.isVisible():
            self.refresh()

    # --- actions ---
    def find_unit(self) -> None:
        code = self.search.text().strip()
        if self.project_id is None:
            return
        pid = self.project_id
        self.ctx.ops.read(self, lambda uow: units.find(uow, pid, code),
                          lambda match: self._go_to(code, match))

    def _go_to(self, code: str, match: UnitRow | None) -> None:
        if match is None:
            QMessageBox.information(self, self.tr("Sales control"),
                                    self.tr("No unit %1.").replace("%1", code))
            return
        names = [self.tabs.tabText(i) for i in range(self.tabs.count())]
        if names.index(match.building) != self.tabs.currentIndex():
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(names.index(match.building))
            self.tabs.blockSignals(False)
            pid = self.project_id
            if pid is None:
                return

            def show(rows: list[GridUnit]) -> None:
                self.rows = rows
                self.apply_filters()
                self._select(match.code)

            self.ctx.ops.read(self, lambda uow: units.grid_units(uow, pid, building=match.building),
                              show)
        else:
            self._select(match.code)

    def _select(self, code: str) -> None:
        idx = self.model.index_of(code)
        self.view.setCurrentIndex(idx)
        self.view.scrollTo(idx)
        self.view.setFocus()

    def _open_current(self) -> None:
        self.open_unit(self.view.currentIndex())

    def open_unit(self, index: QModelIndex) -> None:
        from desk.ui.sales.unit_dialog import UnitDialog

        unit = self.model.unit_at(index)
        if unit is None or self.project_id is None:
            return
        dlg = UnitDialog(self.ctx, self.project_id, unit.code, self)
        dlg.exec()
        dlg.deleteLater()  # a closed dialog must stop following the change feed

    def export_xlsx(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to Excel"),
                                              str(Path.home() / "销控表.xlsx"), "Excel (*.xlsx)")
        if not path or self.project_id is None:
            return
        from desk.sales.grid_export import write_xlsx

        pid = self.project_id
        name = self.project_box.currentText() or ""

        def work(uow: UnitOfWork) -> Path:
            return write_xlsx(units.rows(uow, pid), Path(path), name)

        def saved(p: Path) -> None:
            QMessageBox.information(self, self.tr("Export to Excel"),
                                    self.tr("Saved to %1").replace("%1", str(p)))

        self.ctx.ops.read(self, work, saved)

    def import_price_list(self) -> None:
        """Choose a price list; what importing it would do is shown before
        anything is written."""
        if self.project_id is None:
            return
        path = open_file(self, self.tr("Import price list"), self.tr("Price lists (*.xlsx *.csv)"))
        if path:
            from desk.ui.sales.import_preview import preview_price_list

            preview_price_list(self.ctx, self.project_id, Path(path), self)
