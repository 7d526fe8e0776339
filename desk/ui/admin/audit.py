"""The audit log (审计日志): who changed what, when and on which PC, newest
first, filtered by days, user, table or action, and text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from desk.admin import audit, settings
from desk.admin.audit import Entry, Filters, Page
from desk.core import timefmt
from desk.core.changes import ChangeKind
from desk.core.uow import UnitOfWork
from desk.ui.common.context import Context
from desk.ui.common.screen import Screen
from desk.ui.common.table_model import Column, Index, RowsModel, table_view

SHORT = 70  # characters of a change shown in its cell; the tooltip has all of it
DAYS = 7  # the days shown at first


translate = QCoreApplication.translate  # lupdate finds the strings by this name


def action_name(action: str) -> str:
    return {
        "insert": translate("AuditScreen", "Added"),
        "update": translate("AuditScreen", "Changed"),
        "delete": translate("AuditScreen", "Removed"),
        "import": translate("AuditScreen", "Imported"),
        "erase": translate("AuditScreen", "Erased"),
    }.get(action, action)


def table_name(table: str) -> str:
    return {
        "access_log": translate("AuditScreen", "Access log"),
        "approval_requests": translate("AuditScreen", "Approval requests"),
        "buildings": translate("AuditScreen", "Buildings"),
        "claims": translate("AuditScreen", "Holds and deals"),
        "complaints": translate("AuditScreen", "Complaints"),
        "contract_counters": translate("AuditScreen", "Contract numbers"),
        "customers": translate("AuditScreen", "Customers"),
        "follow_ups": translate("AuditScreen", "Follow-ups"),
        "print_log": translate("AuditScreen", "Print log"),
        "projects": translate("AuditScreen", "Projects"),
        "receptions": translate("AuditScreen", "Receptions"),
        "rotation_events": translate("AuditScreen", "Rotation"),
        "settings": translate("AuditScreen", "Settings"),
        "unit_events": translate("AuditScreen", "Unit history"),
        "units": translate("AuditScreen", "Units"),
        "users": translate("AuditScreen", "Accounts"),
        "visits": translate("AuditScreen", "Visits"),
        "waiting_visitors": translate("AuditScreen", "Waiting visitors"),
    }.get(table, table)


class _Model(RowsModel[Entry]):
    """The change column is shortened; its tooltip has the whole text."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            return self.columns[index.column()].text(self.rows[index.row()]) or None
        value = super().data(index, role)
        if role == Qt.ItemDataRole.DisplayRole and isinstance(value, str) and len(value) > SHORT:
            return value[:SHORT - 1] + "…"
        return value


class AuditScreen(Screen):
    kinds = frozenset(ChangeKind)  # every change is an entry

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("AuditScreen", "Audit log")

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = self.page_layout()
        grid = QGridLayout()
        # The showroom's today (database clock, showroom zone) comes with the first read.
        self._days_set = False
        self.since, self.until = self._date(), self._date()
        self.user = QLineEdit()
        self.user.setPlaceholderText(self.tr("login"))
        self.user.setMaximumWidth(120)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Everything"), "")
        for action in audit.ACTIONS:
            self.kind.addItem(action_name(action), action)
        for table in audit.tables():
            self.kind.addItem(table_name(table), table)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Text in the values, a row's number, a PC"))
        self.search = QPushButton(self.tr("Search"))
        self.search.setDefault(True)
        for w, row, col in ((QLabel(self.tr("From")), 0, 0), (self.since, 0, 1),
                            (QLabel(self.tr("To")), 0, 2), (self.until, 0, 3),
                            (QLabel(self.tr("User")), 0, 4), (self.user, 0, 5),
                            (QLabel(self.tr("What")), 0, 6), (self.kind, 0, 7)):
            grid.addWidget(w, row, col)
        grid.addWidget(QLabel(self.tr("Text")), 1, 0)
        grid.addWidget(self.text, 1, 1, 1, 6)
        grid.addWidget(self.search, 1, 7)
        grid.setColumnStretch(7, 1)
        layout.addLayout(grid)
        self.model = _Model([
            Column(self.tr("Time"), lambda e: _stamp(e)),
            Column(self.tr("User"), lambda e: e.actor),
            Column(self.tr("PC"), lambda e: e.host),
            Column(self.tr("Action"), lambda e: action_name(e.action)),
            Column(self.tr("What"), lambda e: f"{table_name(e.table)} {e.key}".strip()),
            Column(self.tr("Old → new"), self.change_text),
        ])
        self.view: QTableView = table_view(self.model)
        self.view.setWordWrap(False)
        layout.addWidget(self.view, 1)
        self.note = QLabel()
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.since.dateChanged.connect(self.refresh)
        self.until.dateChanged.connect(self.refresh)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.search.clicked.connect(self.refresh)
        self.user.returnPressed.connect(self.refresh)
        self.text.returnPressed.connect(self.refresh)

    def _date(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setEnabled(False)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def first_field(self) -> QWidget | None:
        return self.text

    def change_text(self, e: Entry) -> str:
        return self.tr("(erased)") if e.redacted else audit.changes(e)

    def filters(self) -> Filters:
        since: date | None = self.since.date().toPython() if self._days_set else None  # type: ignore[assignment]
        until: date | None = self.until.date().toPython() if self._days_set else None  # type: ignore[assignment]
        return Filters(since=since, until=until, user=self.user.text(),
                       table=self.kind.currentData() or None, text=self.text.text())

    def query(self) -> Callable[[UnitOfWork], tuple[Filters, Page]]:
        actor, f = self.ctx.actor, self.filters()

        def read(uow: UnitOfWork) -> tuple[Filters, Page]:
            shown = f
            if f.until is None:  # the first read: the last few days
                today = settings.today(uow)
                shown = replace(f, since=today - timedelta(days=DAYS), until=today)
            return shown, audit.entries(uow, actor, shown)

        return read

    def show_data(self, data: tuple[Filters, Page]) -> None:
        f, page = data
        if not self._days_set:
            for edit, day in ((self.since, f.since), (self.until, f.until)):
                assert day is not None
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
                edit.setEnabled(True)
            self._days_set = True
        self.show_page(page)

    def show_page(self, data: Page) -> None:
        self.model.set_rows(data.entries)
        if data.more:
            self.note.setText(self.tr("Only the newest %1 entries are shown; narrow the filters "
                                      "to see older ones.").replace("%1", str(len(data.entries))))
        elif not data.entries:
            self.note.setText(self.tr("No entry matches."))
        else:
            self.note.setText("")

    def load_failed(self, error: Exception) -> None:
        self.note.setText(str(error))


def _stamp(e: Entry) -> str:
    d = timefmt.local(e.at)
    return "" if d is None else d.strftime("%Y-%m-%d %H:%M:%S")
