"""Reports (报表): any report of the registry for a day, a week, a month or a
range of days, as tables and charts, and written to Excel or PDF.

A sales rep sees only the reports of one rep, narrowed to themselves by the
report's builder; the screen only leaves out what they may not open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk.admin import settings
from desk.core.changes import ChangeKind
from desk.core.errors import DeskError, pick
from desk.core.uow import UnitOfWork
from desk.reporting import periods, registry
from desk.reporting.model import Report
from desk.reporting.periods import Period
from desk.sales.reps import Rep, active_reps
from desk.ui.common.context import Context
from desk.ui.common.files import save_file
from desk.ui.common.screen import Screen
from desk.ui.reporting.charts import ChartView
from desk.ui.reporting.table import ReportTableView, fit_to_contents, table_view

PER_REP = ("reps", "commission")  # the reports that can be narrowed to one rep
MONTHLY = ("commission",)  # reports of a whole month only: the other modes are off
DAY, WEEK, MONTH, RANGE = range(4)


@dataclass(frozen=True)
class Shown:
    """What one read brought: the report and the choices it was read for."""

    name: str
    start: date
    end: date
    rep_id: int | None
    report: Report
    reps: list[Rep]
    today: date  # the showroom's today when it was read


def report_names(ctx: Context) -> list[registry.Entry]:
    """The reports this user may open, in the registry's order: all of them for
    reports.view, the per-rep ones for a rep's own figures (reports.own)."""
    entries = list(registry.reports().values())
    if ctx.actor.can("reports.view"):
        return entries
    if ctx.actor.can("reports.own"):
        return [e for e in entries if e.name in PER_REP]
    return []


def shift(period: Period, mode: int, step: int) -> Period:
    """The period `step` days, weeks or months on. A range moves by its length
    in days, or by a calendar month when it is one whole month."""
    if mode == DAY:
        return periods.day(period.start + timedelta(days=step))
    if mode == WEEK:
        return periods.week(period.start + timedelta(days=7 * step))
    if mode == MONTH or period.is_month():
        if step < 0:
            return periods.month(period.start - timedelta(days=1))
        return periods.month(period.end + timedelta(days=1))
    return Period(period.start + timedelta(days=step * period.days),
                  period.end + timedelta(days=step * period.days))


def focus_day(period: Period, today: date) -> date:
    """The day a period of another mode is built around: today when the shown
    period holds it (the day the user is looking at), else the period's start."""
    return today if period.start <= today <= period.end else period.start


def around_today(period: Period, mode: int, today: date) -> Period:
    """The mode's period that holds today; a range keeps its length, ending today."""
    if mode == RANGE:
        return Period(today - timedelta(days=period.days - 1), today)
    return {DAY: periods.day, WEEK: periods.week, MONTH: periods.month}[mode](today)


def pack_week(period: Period, today: date) -> Period:
    """The week of the weekly pack from the shown period: the week of today when
    the period holds it, else the last week starting in the period (the week of
    its start when no Monday falls in it)."""
    if period.start <= today <= period.end:
        return periods.week(today)
    monday = period.end - timedelta(days=period.end.weekday())
    return periods.week(monday if monday >= period.start else period.start)


class ReportsScreen(Screen):
    kinds = frozenset({ChangeKind.QUEUE, ChangeKind.VISITORS, ChangeKind.UNITS,
                       ChangeKind.PAYMENTS, ChangeKind.TARGETS, ChangeKind.PRINTS,
                       ChangeKind.USERS})

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("ReportsScreen", "Reports")

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.entries = report_names(ctx)
        self.shown: Shown | None = None
        self.tables: list[ReportTableView] = []
        self.charts: list[ChartView] = []
        self._dated = False  # the showroom's today comes with the first read
        self.today: date | None = None
        layout = self.page_layout()

        top = QHBoxLayout()
        self.chooser = QComboBox()
        for e in self.entries:
            self.chooser.addItem(pick(e.zh, e.en), e.name)
        self.chooser.currentIndexChanged.connect(self._report_chosen)
        top.addWidget(QLabel(self.tr("Report")))
        top.addWidget(self.chooser)
        self.rep_label = QLabel(self.tr("Rep"))
        self.rep = QComboBox()
        self.rep.addItem(self.tr("All reps"), None)
        self.rep.currentIndexChanged.connect(self.refresh)
        top.addWidget(self.rep_label)
        top.addWidget(self.rep)
        top.addStretch()
        self.excel_button = QPushButton(self.tr("Export Excel…"))
        self.excel_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button = QPushButton(self.tr("Export PDF…"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.pack_button = QPushButton(self.tr("Weekly pack…"))
        self.pack_button.clicked.connect(self.weekly_pack)
        self.pack_button.setVisible(ctx.actor.can("reports.view"))
        for b in (self.excel_button, self.pdf_button, self.pack_button):
            b.setEnabled(False)
            top.addWidget(b)
        layout.addLayout(top)

        bar = QHBoxLayout()
        self.modes = QButtonGroup(self)
        # A context of its own: "Day" here is 日, not the 日期 of a date field.
        for mode, text in ((DAY, QCoreApplication.translate("PeriodBar", "Day")),
                           (WEEK, QCoreApplication.translate("PeriodBar", "Week")),
                           (MONTH, QCoreApplication.translate("PeriodBar", "Month")),
                           (RANGE, QCoreApplication.translate("PeriodBar", "Range"))):
            b = QPushButton(text)
            b.setCheckable(True)
            self.modes.addButton(b, mode)
            bar.addWidget(b)
        first = self.entries[0].name if self.entries else ""
        self.modes.button(DAY if first == "daily" else MONTH).setChecked(True)
        self.modes.idClicked.connect(self._mode_chosen)
        self.earlier = QPushButton("◀")
        self.earlier.setToolTip(self.tr("Previous period"))
        self.earlier.clicked.connect(lambda: self._step(-1))
        self.later = QPushButton("▶")
        self.later.setToolTip(self.tr("Next period"))
        self.later.clicked.connect(lambda: self._step(1))
        self.today_button = QPushButton(self.tr("Today"))
        self.today_button.setToolTip(self.tr("The period that holds today"))
        self.today_button.clicked.connect(self._to_today)
        for b in (self.earlier, self.later, self.today_button):
            b.setEnabled(False)
        self.start_edit, self.end_edit = QDateEdit(), QDateEdit()
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            edit.dateChanged.connect(self._dates_edited)
        bar.addSpacing(8)
        bar.addWidget(self.earlier)
        bar.addWidget(QLabel(self.tr("From")))
        bar.addWidget(self.start_edit)
        bar.addWidget(QLabel(self.tr("To")))
        bar.addWidget(self.end_edit)
        bar.addWidget(self.later)
        bar.addWidget(self.today_button)
        bar.addStretch()
        layout.addLayout(bar)
        self.message = QLabel()  # a refusal (the end before the start) or a saved file
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

        self.pane = QScrollArea()
        self.pane.setWidgetResizable(True)
        # The page is as wide as the pane: a wide table scrolls sideways on its own.
        self.pane.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page = QWidget()
        self.body = QVBoxLayout(self.page)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.pane.setWidget(self.page)
        layout.addWidget(self.pane, 1)
        self._report_chosen()

    # --- the choices ---
    @property
    def name(self) -> str:
        return str(self.chooser.currentData() or "")

    @property
    def mode(self) -> int:
        return self.modes.checkedId()

    def period(self) -> Period | None:
        """The period chosen (None before the first read: the showroom's today)."""
        if not self._dated:
            return None
        start, end = self.start_edit.date().toPython(), self.end_edit.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        return Period(start, max(start, end)) if self.mode != RANGE else Period(start, end)

    def set_period(self, period: Period) -> None:
        for edit, d in ((self.start_edit, period.start), (self.end_edit, period.end)):
            edit.blockSignals(True)
            edit.setDate(QDate(d.year, d.month, d.day))
            edit.blockSignals(False)
        self.end_edit.setEnabled(self._dated and self.mode == RANGE)
        self.start_edit.setEnabled(self._dated)
        self._enable_steps()

    def _enable_steps(self) -> None:
        """◀ and 今天 once dated; ▶ only to a period that starts by today."""
        self.earlier.setEnabled(self._dated)
        self.today_button.setEnabled(self._dated)
        try:
            current = self.period()
        except DeskError:
            current = None
        later = current is not None and self.today is not None and \
            shift(current, self.mode, 1).start <= self.today
        self.later.setEnabled(later)

    def _snap(self, d: date) -> Period:
        return {DAY: periods.day, WEEK: periods.week, MONTH: periods.month}[self.mode](d)

    def _shown_period(self) -> Period:
        """The period the date fields hold (a range ending before it starts: its first day)."""
        start, end = self.start_edit.date().toPython(), self.end_edit.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        return Period(start, max(start, end))

    def _mode_chosen(self, mode: int) -> None:
        if not self._dated:
            return
        current = self._shown_period()
        if mode != RANGE:
            current = self._snap(focus_day(current, self.today or current.start))
        self.set_period(current)
        self.refresh()

    def _to_today(self) -> None:
        if not self._dated or self.today is None:
            return
        self.set_period(around_today(self._shown_period(), self.mode, self.today))
        self.refresh()

    def _dates_edited(self) -> None:
        if self.mode != RANGE:
            start = self.start_edit.date().toPython()
            assert isinstance(start, date)
            self.set_period(self._snap(start))
        self.refresh()

    def _step(self, step: int) -> None:
        try:
            current = self.period()
        except DeskError:
            return
        if current is not None:
            self.set_period(shift(current, self.mode, step))
            self.refresh()

    def _report_chosen(self) -> None:
        per_rep = self.name in PER_REP and self.ctx.actor.can("reports.view")
        self.rep_label.setVisible(per_rep)
        self.rep.setVisible(per_rep)
        monthly = self.name in MONTHLY
        for mode in (DAY, WEEK, RANGE):
            self.modes.button(mode).setEnabled(not monthly)
        if monthly and self.mode != MONTH:
            self.modes.button(MONTH).setChecked(True)
            if self._dated:
                current = self._shown_period()
                self.set_period(periods.month(focus_day(current, self.today or current.start)))
        if self._dated:
            self.refresh()

    # --- reading and showing ---
    def query(self) -> Callable[[UnitOfWork], Shown]:
        actor, name = self.ctx.actor, self.name
        entry = next((e for e in self.entries if e.name == name), None)
        rep_id = self.rep.currentData() if self.rep.isVisibleTo(self) else None
        manager = actor.can("reports.view")
        dated, mode = self._dated, self.mode
        start, end = self.start_edit.date().toPython(), self.end_edit.date().toPython()

        def read(uow: UnitOfWork) -> Shown:
            if entry is None:
                raise DeskError("没有可查看的报表。", "There is no report you may open.")
            # The period is checked by the service (an end before its start is refused).
            if dated:
                assert isinstance(start, date) and isinstance(end, date)
                period = Period(start, end)
            else:
                today = settings.today(uow)
                period = {DAY: periods.day, WEEK: periods.week, MONTH: periods.month,
                          RANGE: periods.day}[mode](today)
            report = entry.build(uow, actor, period, rep_id)
            return Shown(name, period.start, period.end, rep_id, report,
                         active_reps(uow) if manager else [], settings.today(uow))

        return read

    def load_failed(self, error: Exception) -> None:
        """Say why in place of the figures, so no other period's figures stay."""
        self.message.setText(str(error))
        self.message.setStyleSheet("")
        self.message.show()
        self.shown = None
        self._clear()
        for b in (self.excel_button, self.pdf_button, self.pack_button):
            b.setEnabled(False)

    def show_data(self, data: Shown) -> None:
        self.today = data.today
        if not self._dated:
            self._dated = True
            self.set_period(Period(data.start, data.end))
        self._enable_steps()
        self._fill_reps(data.reps)
        self.message.hide()
        self.shown = data
        self._show_report(data.report)
        for b in (self.excel_button, self.pdf_button, self.pack_button):
            b.setEnabled(True)

    def _fill_reps(self, reps: list[Rep]) -> None:
        chosen = self.rep.currentData()
        have = [self.rep.itemData(i) for i in range(1, self.rep.count())]
        if have == [r.id for r in reps]:
            return
        self.rep.blockSignals(True)
        while self.rep.count() > 1:
            self.rep.removeItem(1)
        for r in reps:
            self.rep.addItem(r.name, r.id)
        at = self.rep.findData(chosen)
        self.rep.setCurrentIndex(max(at, 0))
        self.rep.blockSignals(False)

    def _clear(self) -> None:
        while self.body.count():
            item = self.body.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.tables, self.charts = [], []

    def _show_report(self, report: Report) -> None:
        self._clear()
        for table in report.tables:
            heading = QLabel(table.title)
            heading.setObjectName("tableTitle")
            heading.setStyleSheet("font-weight: bold; margin-top: 6px;")
            self.body.addWidget(heading)
            view = table_view(table)
            view.setObjectName(f"table_{table.key}")
            self.tables.append(view)
            self.body.addWidget(view, 0, Qt.AlignmentFlag.AlignLeft)
        for chart in report.charts:
            plot = ChartView()
            plot.setObjectName(f"chart_{chart.key}")
            plot.show_chart(chart)
            self.charts.append(plot)
            self.body.addWidget(plot)
        self.body.addStretch()
        # Column widths follow the font the page is shown in.
        QTimer.singleShot(0, self._fit_tables)

    def _fit_tables(self) -> None:
        for view in self.tables:
            fit_to_contents(view)

    def table(self, key: str) -> ReportTableView:
        return next(v for v in self.tables if v.objectName() == f"table_{key}")

    # --- files ---
    def export(self, kind: str) -> None:
        shown = self.shown
        if shown is None:
            return
        report = shown.report
        if kind == "xlsx":
            path = save_file(self, self.tr("Export Excel"), _file_name(report, "xlsx"),
                             self.tr("Excel workbook (*.xlsx)"))
        else:
            path = save_file(self, self.tr("Export PDF"), _file_name(report, "pdf"),
                             self.tr("PDF file (*.pdf)"))
        if not path:
            return
        target = Path(path)

        def write() -> Path:
            if kind == "xlsx":
                from desk.reporting import xlsx

                xlsx.write(report, target)
            else:
                from desk.reporting import pdf

                pdf.write(report, target)
            return target

        self.ctx.ops.background(self, write, self._saved)

    def weekly_pack(self) -> None:
        """The weekly meeting's pack: the week of today when the shown period
        holds it, else the last week that starts in the shown period."""
        shown = self.shown
        if shown is None:
            return
        week = pack_week(Period(shown.start, shown.end), shown.today)
        name = f"{self.tr('Weekly pack')}_{week.start:%Y%m%d}-{week.end:%Y%m%d}.pdf"
        path = save_file(self, self.tr("Weekly pack"), name, self.tr("PDF file (*.pdf)"))
        if not path:
            return
        actor, target = self.ctx.actor, Path(path)

        def write(uow: UnitOfWork) -> Path:
            from desk.reporting import pack

            pack.write(uow, actor, week, target)
            return target

        self.ctx.ops.read(self, write, self._saved)

    def _saved(self, path: Path) -> None:
        self.message.setText(self.tr("Saved: %1").replace("%1", str(path)))
        self.message.setStyleSheet("color: #1e7e34;")
        self.message.show()

    def first_field(self) -> QWidget | None:
        return self.chooser


def _file_name(report: Report, suffix: str) -> str:
    return f"{report.title}_{report.start:%Y%m%d}-{report.end:%Y%m%d}.{suffix}"
