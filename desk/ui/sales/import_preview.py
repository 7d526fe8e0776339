"""A price list previewed before it is imported: how its columns were read (and
a way to read them otherwise), the buildings it lays out, what it would do to
the project, and every row at fault. Importing is the service's all-or-nothing
`import_file` with the same column choices; cancelling writes nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.core import labels
from desk.core.errors import DeskError, pick
from desk.core.uow import UnitOfWork
from desk.sales import pricelist
from desk.sales.pricelist import FIELDS, IGNORE, BuildingShape, ImportPlan, ImportRefused, ImportReport
from desk.sales.pricelist.columns import RowError
from desk.sales.pricelist.plan import rule_line
from desk.ui.common.context import Context
from desk.ui.common.table_model import Column, RowsModel, table_view

Problem = tuple[bool, RowError]  # (blocks the import, the row's fault)
BLOCKING = QColor("#c0392b")
HEADING_W = 150  # the most a heading's name takes beside its choice
COMBO_FRAME = 36  # a combo box's arrow and padding in our style
WIDTH, HEIGHT = 960, 680  # within a 1024x768 screen, its task bar and the dialog's frame


def preview_price_list(ctx: Context, project_id: int, path: Path, parent: QWidget) -> None:
    """Read what importing `path` would do, then show it in the preview dialog."""
    actor = ctx.actor

    def shown(plan: ImportPlan) -> None:
        dialog = ImportPreviewDialog(ctx, project_id, path, plan, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    ctx.ops.read(parent, lambda uow: pricelist.preview(uow, actor, project_id, path), shown)


def _field_name(field: str | None) -> str:
    return pick(*FIELDS[field]) if field in FIELDS else ""


class ImportPreviewDialog(QDialog):
    def __init__(self, ctx: Context, project_id: int, path: Path, plan: ImportPlan,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.project_id = project_id
        self.path = path
        self.plan = plan
        self.overrides: dict[str, str] = {}  # the user's column choices: heading -> field or IGNORE
        self.report: ImportReport | None = None
        self.previews = 0  # previews shown, for the tests
        self._asked = 0  # previews asked; only the latest is shown
        self._shown = 0  # the one shown: Import waits until it is the latest
        self._writing = False
        self.setWindowTitle(self.tr("Import price list"))
        self.resize(WIDTH, HEIGHT)
        layout = QVBoxLayout(self)

        self.file_label = QLabel()
        self.file_label.setObjectName("screenTitle")
        layout.addWidget(self.file_label)

        top = QHBoxLayout()
        columns = QGroupBox(self.tr("Columns"))
        cl = QVBoxLayout(columns)
        self.combos: list[QComboBox] = []  # one a heading, in the file's order
        form_box = QWidget()
        form = QFormLayout(form_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for i, heading in enumerate(plan.headings):
            combo = QComboBox()
            combo.setEnabled(heading not in plan.headings[:i])  # a repeated heading cannot be named
            combo.addItem(self.tr("(not imported)"), IGNORE)
            for name, label in FIELDS.items():
                combo.addItem(pick(*label), name)
            combo.currentIndexChanged.connect(lambda _, h=heading, c=combo: self._column_chosen(h, c))
            # as wide as its longest choice, whichever is shown ("（不导入）" is wide)
            combo.setMinimumWidth(max(combo.fontMetrics().horizontalAdvance(combo.itemText(j))
                                      for j in range(combo.count())) + COMBO_FRAME)
            self.combos.append(combo)
            title = QLabel()
            # A long heading is shortened (whole on hover): the other panels keep their room.
            title.setText(title.fontMetrics().elidedText(heading, Qt.TextElideMode.ElideMiddle, HEADING_W))
            title.setToolTip(heading)
            form.addRow(title, combo)
        scroll = QScrollArea()
        scroll.setWidget(form_box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(form_box.sizeHint().width() + scroll.verticalScrollBar().sizeHint().width())
        cl.addWidget(scroll)
        top.addWidget(columns)

        right = QVBoxLayout()
        shape = QGroupBox(self.tr("Buildings"))
        sl = QVBoxLayout(shape)
        self.structure_label = QLabel()
        sl.addWidget(self.structure_label)
        self.structure: RowsModel[BuildingShape] = RowsModel([
            Column(self.tr("Building"), lambda b: b.name),
            Column(self.tr("Floors"), lambda b: f"{b.lowest}–{b.highest} ({b.floors})"),
            Column(self.tr("Units"), lambda b: b.units, align=Qt.AlignmentFlag.AlignRight),
            Column(self.tr("Most on a floor"), lambda b: b.per_floor, align=Qt.AlignmentFlag.AlignRight),
            Column(self.tr("Groups"), lambda b: pick("、", ", ").join(g for g in b.groups if g)),
        ], self)
        self.structure_view = self._table(self.structure)
        sl.addWidget(self.structure_view)
        right.addWidget(shape, 1)
        outcome = QGroupBox(self.tr("What the import would do"))
        ol = QVBoxLayout(outcome)
        self.counts_label, self.status_label, self.rule_label, self.against_label = (
            QLabel(), QLabel(), QLabel(), QLabel())
        for line in (self.counts_label, self.status_label, self.rule_label, self.against_label):
            line.setWordWrap(True)
            ol.addWidget(line)
        right.addWidget(outcome)
        top.addLayout(right, 1)
        layout.addLayout(top, 5)

        problems = QGroupBox(self.tr("Rows to look at"))
        pl = QVBoxLayout(problems)
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        pl.addWidget(self.problems_label)
        self.problems: RowsModel[Problem] = RowsModel([
            Column(self.tr("Kind"), lambda p: self.tr("Error") if p[0] else self.tr("Notice"),
                   color=lambda p: BLOCKING if p[0] else None),
            Column(self.tr("Row"), lambda p: p[1].row, align=Qt.AlignmentFlag.AlignRight),
            Column(self.tr("Field"), lambda p: _field_name(p[1].field)),
            Column(self.tr("Message"), lambda p: pick(p[1].zh, p[1].en),
                   color=lambda p: BLOCKING if p[0] else None),
        ], self)
        self.problems_view = self._table(self.problems)
        pl.addWidget(self.problems_view)
        layout.addWidget(problems, 4)

        bottom = QHBoxLayout()
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        bottom.addWidget(self.reason, 1)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setObjectName("primary")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        for button in (self.import_button, self.cancel_button):
            # Enter in a column's choice must not import: no button is the
            # dialog's default; Enter presses only the button that has the focus.
            button.setAutoDefault(False)
            button.setDefault(False)
            bottom.addWidget(button)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.reject)
        layout.addLayout(bottom)
        self._show(plan)

    def _table(self, model: RowsModel) -> QTableView:
        view = table_view(model)
        view.setWordWrap(True)
        view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        view.setTabKeyNavigation(False)  # Tab moves on to the buttons, not from cell to cell
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        last = model.columnCount() - 1
        view.horizontalHeader().setSectionResizeMode(last, QHeaderView.ResizeMode.Stretch)
        return view

    # --- showing a preview ---
    def _show(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.previews += 1
        self.file_label.setText(plan.file)
        field_at = {i: f for f, i in plan.mapping.items()}
        for i, combo in enumerate(self.combos):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(field_at.get(i, IGNORE))))
            combo.blockSignals(False)
        self.structure_label.setText(
            self.tr("%1 building(s), %2 floors in all")
            .replace("%1", str(len(plan.structure)))
            .replace("%2", str(sum(b.floors for b in plan.structure))))
        self.structure.set_rows(plan.structure)
        self.structure_view.resizeRowsToContents()
        counts = self.tr("%1 rows read, %2 units to import").replace("%1", f"{plan.rows:,}").replace(
            "%2", f"{len(plan.units):,}")
        if plan.by_code:
            counts += self.tr("; building and floor read from the unit code")
        self.counts_label.setText(counts)
        statuses = pick("，", ", ").join(f"{labels.status_name(s)} {n:,}" for s, n in plan.by_status.items())
        self.status_label.setText(self.tr("Statuses: %1").replace("%1", statuses or "—"))
        self.rule_label.setText(rule_line(plan))
        self.against_label.setText(
            self.tr("Against this project: %1 new, %2 repriced, %3 unchanged, %4 already claimed "
                    "(left as they are)")
            .replace("%1", f"{plan.new:,}").replace("%2", f"{plan.repriced:,}")
            .replace("%3", f"{plan.unchanged:,}").replace("%4", f"{plan.claimed:,}"))
        self._show_problems(plan)
        self._show_state()

    def _show_problems(self, plan: ImportPlan) -> None:
        if plan.error_count:
            text = self.tr("%1 error(s) block the import; %2 notice(s): imported as shown.").replace(
                "%1", f"{plan.error_count:,}").replace("%2", f"{len(plan.notices):,}")
        elif plan.notices:
            text = self.tr("No errors; %1 notice(s): imported as shown.").replace(
                "%1", f"{len(plan.notices):,}")
        else:
            text = self.tr("No errors, nothing to note.")
        if plan.rebuilt:
            text += " " + self.tr("%1 records ran across lines and were rebuilt: check them below.").replace(
                "%1", f"{plan.rebuilt:,}")
        if plan.error_count > len(plan.errors):
            text += " " + self.tr("The first %1 errors are listed.").replace("%1", f"{len(plan.errors):,}")
        self.problems_label.setText(text)
        self.problems_label.setObjectName("fieldError" if plan.error_count else "")
        self.problems_label.style().polish(self.problems_label)
        self.problems.set_rows([(True, e) for e in plan.errors] + [(False, n) for n in plan.notices])
        self.problems_view.resizeRowsToContents()

    def _show_state(self) -> None:
        """The line beside the buttons says why Import is off, or what it did."""
        plan, report = self.plan, self.report
        if report is not None:
            text, blocked = self.tr("Imported: %1").replace("%1", report.summary()), False
        elif plan.rows == 0 and any(e.field for e in plan.errors):  # no rows read: a column is missing
            text, blocked = self.tr("A needed column is missing: choose it above, or fix the file."), True
        elif plan.rows == 0:
            text, blocked = self.tr("No units: there is nothing to import."), True
        elif plan.error_count == 1:
            text, blocked = self.tr("1 bad row: fix the file and preview again."), True
        elif plan.error_count:
            text, blocked = self.tr("%1 bad rows: fix the file and preview again.").replace(
                "%1", f"{plan.error_count:,}"), True
        elif not plan.units:
            text, blocked = self.tr("No units: there is nothing to import."), True
        else:
            text = self.tr("%1 units are ready to import.").replace("%1", f"{len(plan.units):,}")
            blocked = False
        self._say(text, blocked)
        self.import_button.setEnabled(plan.ok and report is None and not self._writing
                                      and self._shown == self._asked)
        self.import_button.setVisible(report is None)
        self.cancel_button.setText(self.tr("Close") if report is not None else self.tr("Cancel"))
        self.cancel_button.setEnabled(not self._writing)
        for i, combo in enumerate(self.combos):
            combo.setEnabled(report is None and not self._writing
                             and plan.headings[i] not in plan.headings[:i])

    def _say(self, text: str, blocked: bool) -> None:
        self.reason.setText(text)
        self.reason.setObjectName("fieldError" if blocked else "")
        self.reason.style().polish(self.reason)

    # --- reading the columns otherwise ---
    def _column_chosen(self, heading: str, combo: QComboBox) -> None:
        field = combo.currentData()
        if field != IGNORE:  # one column per field: another heading chosen for it lets go
            for other, chosen in self.overrides.items():
                if chosen == field and other != heading:
                    self.overrides[other] = IGNORE
        self.overrides[heading] = field
        self.preview_again()

    def preview_again(self) -> None:
        """Read the file again with the user's column choices; the dialog stays."""
        self._asked += 1
        asked = self._asked
        actor, pid, path, overrides = self.ctx.actor, self.project_id, self.path, dict(self.overrides)
        self.import_button.setEnabled(False)
        self._say(self.tr("Reading the file again…"), False)

        def show(plan: ImportPlan) -> None:
            if asked == self._asked:  # else a later choice's preview is under way
                self._shown = asked
                self._show(plan)

        def failed(e: DeskError) -> None:
            if asked == self._asked:
                self._say(str(e), True)

        def read(uow: UnitOfWork) -> ImportPlan:
            return pricelist.preview(uow, actor, pid, path, overrides)

        self.ctx.ops.read(self, read, show, failed=failed)

    # --- importing ---
    def start_import(self) -> None:
        if not self.import_button.isEnabled():
            return
        actor, pid, path, overrides = self.ctx.actor, self.project_id, self.path, dict(self.overrides)
        self._writing = True
        self._say(self.tr("Importing…"), False)
        self._show_state()

        def imported(report: ImportReport) -> None:
            self._writing = False
            self.report = report
            self._show_state()
            self.cancel_button.setFocus()

        def refused(e: DeskError) -> None:
            self._writing = False
            if isinstance(e, ImportRefused):  # the file changed since the preview
                self._show(e.report)
            else:
                self._show_state()
            self._say(str(e), True)

        self.ctx.ops.write(self, lambda uow: pricelist.import_file(uow, actor, pid, path, overrides),
                           imported, failed=refused)

    def reject(self) -> None:
        if not self._writing:  # an import under way finishes (all or nothing) before the dialog goes
            super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused.isEnabled():
                focused.click()
            return
        super().keyPressEvent(event)
