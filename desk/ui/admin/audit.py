"""The audit log (审计日志): who changed what, when and on which PC, newest
first, filtered by days, user, action, table and text. The words are the
reading layer's (`desk.admin.audit.present`), as `desk audit list` prints them."""

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
from desk.admin.audit import Entry, Filters, Page, Shown
from desk.core import timefmt
from desk.core.changes import ChangeKind
from desk.core.uow import UnitOfWork
from desk.ui.common.context import Context
from desk.ui.common.screen import Screen
from desk.ui.common.table_model import Column, Index, RowsModel, table_view

SHORT = 70  # characters of a change shown in its cell; the tooltip has all of it
DAYS = 7  # the days shown at first


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
        self.user.setClearButtonEnabled(True)
        # Two filters: what was done, and to which kind of row.
        self.action = QComboBox()
        self.action.addItem(self.tr("Any action"), "")
        for action in audit.ACTIONS:
            self.action.addItem(audit.action_name(action), action)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Everything"), "")
        for table in audit.tables():
            self.kind.addItem(audit.table_name(table), table)
        self.text = QLineEdit()
        self.text.setClearButtonEnabled(True)
        self.text.setPlaceholderText(self.tr("Text in the values, a name (a unit, an account, "
                                             "a customer), a PC"))
        self.search = QPushButton(self.tr("Search"))
        self.search.setDefault(True)
        for w, row, col in ((QLabel(self.tr("From")), 0, 0), (self.since, 0, 1),
                            (QLabel(self.tr("To")), 0, 2), (self.until, 0, 3),
                            (QLabel(self.tr("User")), 0, 4), (self.user, 0, 5),
                            (QLabel(self.tr("Action")), 0, 6), (self.action, 0, 7),
                            (QLabel(self.tr("What")), 0, 8), (self.kind, 0, 9)):
            grid.addWidget(w, row, col)
        grid.addWidget(QLabel(self.tr("Text")), 1, 0)
        grid.addWidget(self.text, 1, 1, 1, 8)
        grid.addWidget(self.search, 1, 9, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(10, 1)
        layout.addLayout(grid)
        self.model = _Model([
            Column(self.tr("Time"), lambda e: _stamp(e)),
            Column(self.tr("User"), lambda e: e.actor),
            Column(self.tr("PC"), lambda e: e.host),
            Column(self.tr("Action"), lambda e: self.shown(e).action),
            Column(self.tr("What"), lambda e: self.shown(e).what),
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
        self.action.currentIndexChanged.connect(self.refresh)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.search.clicked.connect(self.refresh)
        # A typed filter applies when Return is pressed or the box is left (both
        # end the edit), and when it is emptied (its clear button, or by hand).
        self._typed = ("", "")
        for edit in (self.user, self.text):
            edit.editingFinished.connect(self.apply_typed)
            edit.textChanged.connect(self._emptied)
        self._shown: dict[int, Shown] = {}

    def _date(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setEnabled(False)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def first_field(self) -> QWidget | None:
        return self.text

    def shown(self, e: Entry) -> Shown:
        """The entry in words, made once per read (data() is asked often)."""
        found = self._shown.get(e.id)
        if found is None:
            found = self._shown[e.id] = audit.present(e)
        return found

    def change_text(self, e: Entry) -> str:
        return self.tr("(erased)") if e.redacted else self.shown(e).change

    def apply_typed(self) -> None:
        """Read again if a typed filter differs from the one last read with."""
        if (self.user.text().strip(), self.text.text().strip()) != self._typed:
            self.refresh()

    def _emptied(self, text: str) -> None:
        if not text:
            self.apply_typed()

    def filters(self) -> Filters:
        since: date | None = self.since.date().toPython() if self._days_set else None  # type: ignore[assignment]
        until: date | None = self.until.date().toPython() if self._days_set else None  # type: ignore[assignment]
        return Filters(since=since, until=until, user=self.user.text(),
                       table=self.kind.currentData() or None, text=self.text.text(),
                       action=self.action.currentData() or None)

    def query(self) -> Callable[[UnitOfWork], tuple[Filters, Page]]:
        actor, f = self.ctx.actor, self.filters()
        self._typed = ((f.user or "").strip(), (f.text or "").strip())

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
        self._shown = {}
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
