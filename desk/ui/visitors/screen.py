"""Visitors (来访登记): the registration form, customers, follow-ups, complaints."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk.admin import auth, settings
from desk.core import labels
from desk.core.changes import ChangeKind
from desk.core.errors import DeskError, NotFound, pick
from desk.core.timefmt import full, hm
from desk.core.uow import UnitOfWork
from desk.models.enums import ComplaintChannel, ComplaintKind, FollowUpChannel, IntentGrade
from desk.ui.common.context import Context
from desk.ui.common.operations import Changes
from desk.ui.common.screen import Screen
from desk.ui.common.table_model import Column, RowsModel, table_view
from desk.ui.sales.action_dialog import ActionDialog, Field
from desk.ui.visitors.form import FormChoices, VisitorForm, read_choices
from desk.visitors import complaints, followups, visitors

# Typing pauses this long before the customer list is asked: fast typing is one search.
SEARCH_PAUSE_MS = 150


def print_visitor_form(parent: QWidget, ctx: Context, customer_id: int | None) -> None:
    """The registration form on paper: blank for the desk, or filled for a customer."""
    from desk.admin import projects
    from desk.documents import prints
    from desk.ui.documents.preview import preview_in_background

    actor = ctx.actor

    def make(uow: UnitOfWork) -> prints.Printed:
        pid = projects.list_projects(uow)[0].id
        return prints.render(uow, actor, "visitor_form", pid,
                             "" if customer_id is None else str(customer_id))

    preview_in_background(parent, ctx.ops, make)


class CustomerDialog(QDialog):
    """A customer's page: visits, calls, follow-ups, holds and deals, complaints."""

    def __init__(self, ctx: Context, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id = customer_id
        self.unmasked = False
        self.today: date | None = None  # the showroom's date, read with the page
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumSize(760, 560)
        self.text = QTextBrowser()
        buttons = QHBoxLayout()
        if ctx.actor.can("customers.unmasked"):
            show = QPushButton(self.tr("Show full phone and ID (logged)"))
            show.clicked.connect(self.show_full)
            buttons.addWidget(show)
            erase = QPushButton(self.tr("Erase on request…"))
            erase.clicked.connect(self.erase)
            buttons.addWidget(erase)
        self.plan_button = QPushButton(self.tr("Plan a follow-up…"))
        self.plan_button.setEnabled(False)  # until the page (and today's date) is read
        self.plan_button.clicked.connect(self.plan)
        buttons.addWidget(self.plan_button)
        sheet = QPushButton(self.tr("Print the registration form…"))
        sheet.clicked.connect(lambda: print_visitor_form(self, self.ctx, self.customer_id))
        buttons.addWidget(sheet)
        buttons.addStretch()
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        window = parent.window() if parent is not None else None
        if window is not None and hasattr(window, "changes"):
            window.changes.connect(self._on_changes)  # changes made anywhere
        self.load()

    def _on_changes(self, changes: Changes) -> None:
        """Reload when this customer (or a complaint, an import: anything but another
        customer) changed. Quietly: a customer erased meanwhile closes the page."""
        refs = changes.get(ChangeKind.VISITORS, set())
        if self.isVisible() and any(r == str(self.customer_id) or r is None or not r.isdigit()
                                    for r in refs):
            self.load(failed=self._not_reloaded)

    def _not_reloaded(self, e: DeskError) -> None:
        if isinstance(e, NotFound):
            self.reject()

    def load(self, failed: Callable[[DeskError], None] | None = None) -> None:
        """Read the page; seeing the full phone and ID is logged, so that is a write."""
        actor, cid, unmasked = self.ctx.actor, self.customer_id, self.unmasked

        def work(uow: UnitOfWork) -> tuple[visitors.CustomerPage, date]:
            return visitors.page(uow, actor, cid, unmasked), settings.today(uow)

        call = self.ctx.ops.write if unmasked else self.ctx.ops.read
        call(self, work, self._show_page, failed=failed)

    def _show_page(self, loaded: tuple[visitors.CustomerPage, date]) -> None:
        p, self.today = loaded
        self.plan_button.setEnabled(True)
        self.setWindowTitle(p.name)
        rows = [(self.tr("Mobile"), p.phone), (self.tr("ID number"), p.id_number or "—"),
                (self.tr("Intent"), p.grade), (self.tr("Source"), p.source + (f" {p.referral_code}"
                                                                 if p.referral_code else "")),
                (self.tr("Wants"), p.wanted or "—"),
                (self.tr("Owner"), f"{p.owner or '—'}" + (pick(f"（{full(p.owner_until)}）",
                                                         f" ({full(p.owner_until)})")
                                                    if p.owner_until else "")),
                (self.tr("Consent"), full(p.consent_at) or "—"), (self.tr("Notes"), p.notes or "—")]
        html = f"<h2>{p.name}</h2><table cellspacing=4>" + "".join(
            f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in rows) + "</table>"
        kind = {"visit": self.tr("visit"), "call": self.tr("call")}
        vk = {"first": self.tr("first"), "return": self.tr("return")}
        html += f"<h3>{self.tr('Visits and calls')}</h3><ul>" + "".join(
            f"<li>{full(at)} {kind[k]} {vk[v]} · {rep} · {labels.people(n)} {notes}</li>"
            for at, k, v, rep, n, notes in p.visits) + "</ul>"
        html += f"<h3>{self.tr('Follow-ups')}</h3><ul>" + "".join(
            f"<li>{due} {labels.label_of(FollowUpChannel, ch)} · {rep} · {plan} "
            f"{('→ ' + outcome) if done else ''}</li>"
            for due, ch, plan, rep, done, outcome in p.follow_ups) + "</ul>"
        html += f"<h3>{self.tr('Holds and deals')}</h3><ul>" + "".join(
            f"<li>{code} {k} {st} {full(at)} {no or ''}</li>"
            for code, k, st, at, no in p.deals) + "</ul>"
        html += f"<h3>{self.tr('Complaints and suggestions')}</h3><ul>" + "".join(
            f"<li>{full(at)} {labels.label_of(ComplaintKind, k)} {d} {done}</li>"
            for at, k, d, done in p.complaints) + "</ul>"
        self.text.setHtml(html)

    def show_full(self) -> None:
        self.unmasked = True
        self.load()

    def plan(self) -> None:
        if self.today is None:
            return
        cid = self.customer_id
        dlg = ActionDialog(self.ctx, self.tr("Plan a follow-up"), "", [
            Field("due", self.tr("Date"), self.today + timedelta(days=3), "date"),
            Field("channel", self.tr("How"), "phone", "choice",
                  labels.choices(FollowUpChannel)),
            Field("plan", self.tr("What for")),
        ], lambda s, v: followups.plan(s, self.ctx.actor, cid, v["due"], v["channel"],
                                       v["plan"]), parent=self)
        if dlg.exec() and not self._in_window():
            self.load()  # in the main window the change reloads the page

    def _in_window(self) -> bool:
        parent = self.parentWidget()
        return parent is not None and hasattr(parent.window(), "changes")

    def erase(self) -> None:
        cid = self.customer_id
        dlg = ActionDialog(self.ctx, self.tr("Erase the customer's data"),
                           self.tr("The personal fields are erased for good; the visits stay in "
                                   "the statistics without them."),
                           [Field("reason", self.tr("Reason"))],
                           lambda s, v: visitors.erase(s, self.ctx.actor, cid, v["reason"]),
                           parent=self)
        if dlg.exec():
            # No old copy of the erased rows is left on disk (outside any transaction).
            self.ctx.ops.background(self.parentWidget(), self.ctx.db.scrub)
            self.accept()


@dataclass(frozen=True)
class VisitorsData:
    """Everything the visitors screen shows, read in one go."""

    today: date  # the showroom's date
    reps: list[tuple[str, str]]  # (name, login) for the owner filter
    staff: list[tuple[str, str]]  # active users, for a complaint's rep and handler
    sources: list[str]
    form: FormChoices
    search_no: int  # which search the customer rows answer
    customers: list[visitors.CustomerRow]
    due: list[followups.DueRow]
    complaints: list[complaints.ComplaintRow]


class VisitorsScreen(Screen):
    kinds = frozenset({ChangeKind.VISITORS, ChangeKind.QUEUE, ChangeKind.SETTINGS,
                       ChangeKind.USERS})

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("VisitorsScreen", "Visitors")

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today: date | None = None
        self.staff: list[tuple[str, str]] = []
        self._search_no = 0  # the newest search asked for; older answers are dropped
        self.searches = 0  # searches sent from the box and the filters, for the tests
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(SEARCH_PAUSE_MS)
        self._typing.timeout.connect(self.search)
        self._escalated_on: date | None = None
        layout = self.page_layout()
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.form = VisitorForm(ctx)
        self.tabs.addTab(self.form, self.tr("Registration form"))
        blank = QPushButton(self.tr("Print a blank form…"))
        blank.clicked.connect(lambda: print_visitor_form(self, self.ctx, None))
        self.tabs.setCornerWidget(blank)
        self.tabs.addTab(self._customers_tab(), self.tr("Customers"))
        self.tabs.addTab(self._followups_tab(), self.tr("Follow-ups"))
        self.tabs.addTab(self._complaints_tab(), self.tr("Complaints and suggestions"))

    # --- customers ---
    def _customers_tab(self) -> QWidget:
        page = QWidget()
        bar = QHBoxLayout()
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("phone, name or pinyin initials (e.g. zs)"))
        self.search_box.textChanged.connect(lambda _text: self._typing.start())
        self.f_rep, self.f_grade, self.f_source = QComboBox(), QComboBox(), QComboBox()
        self.f_since = QComboBox()
        for text, days in ((self.tr("Any time"), None), (self.tr("Today"), 0),
                           (self.tr("Last 7 days"), 7), (self.tr("Last 30 days"), 30)):
            self.f_since.addItem(text, days)
        for box in (self.f_rep, self.f_grade, self.f_source, self.f_since):
            box.currentIndexChanged.connect(self.search)
            # Filled once read: as wide as the longest choice, not the first shown.
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        export = QPushButton(self.tr("Export to Excel…"))
        export.clicked.connect(self.export)
        bar.addWidget(self.search_box, 2)
        for w in (self.f_rep, self.f_grade, self.f_source, self.f_since, export):
            bar.addWidget(w)
        self.customers: RowsModel = RowsModel([
            Column(self.tr("Name"), lambda r: r.name),
            Column(self.tr("Mobile"), lambda r: r.phone),
            Column(self.tr("Intent"), lambda r: r.grade),
            Column(self.tr("Source"), lambda r: r.source),
            Column(self.tr("Owner"), lambda r: r.owner or ""),
            Column(self.tr("Last visit"), lambda r: full(r.last_visit)),
            Column(self.tr("Visits"), lambda r: r.visits),
        ])
        self.customer_view = table_view(self.customers)
        self.customer_view.doubleClicked.connect(self.open_customer)
        lay = QVBoxLayout(page)
        lay.addLayout(bar)
        lay.addWidget(self.customer_view)
        return page

    def _customers_query(self) -> tuple[int, Callable[[UnitOfWork], list[visitors.CustomerRow]]]:
        """The customer search as the box and the filters stand now, and its number."""
        self._typing.stop()  # this one reads what was typed so far
        self._search_no += 1
        actor, text, days = self.ctx.actor, self.search_box.text(), self.f_since.currentData()
        rep, grade, source = (self.f_rep.currentData(), self.f_grade.currentData(),
                              self.f_source.currentData())

        def run(uow: UnitOfWork) -> list[visitors.CustomerRow]:
            since = None if days is None else settings.today(uow) - timedelta(days=days)
            return visitors.search(uow, actor, text, rep_login=rep, grade=grade, source=source,
                                   since=since)

        return self._search_no, run

    def search(self) -> None:
        """Typing (after a pause) and the filters: the customer list alone."""
        no, run = self._customers_query()
        self.searches += 1
        self.ctx.ops.read(self, run, lambda rows: self._show_customers(no, rows))

    def _show_customers(self, no: int, rows: list[visitors.CustomerRow]) -> None:
        if no == self._search_no:  # else a newer search is under way
            self.customers.set_rows(rows)

    def open_customer(self, index: QModelIndex) -> None:
        row = self.customers.row_at(index)
        if row is not None:
            CustomerDialog(self.ctx, row.id, self).exec()

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to Excel"),
                                              str(Path.home() / "客户.xlsx"), "Excel (*.xlsx)")
        if not path:
            return
        rows = list(self.customers.rows)
        unmasked = self.ctx.actor.can("customers.unmasked") and QMessageBox.question(
            self, self.tr("Export to Excel"),
            self.tr("Export full phone numbers? (This is logged.)")) == \
            QMessageBox.StandardButton.Yes
        actor = self.ctx.actor

        def work(uow: UnitOfWork) -> Path:  # the full-phone export is logged: a write
            try:
                return visitors.export_xlsx(uow, actor, rows, Path(path), unmasked)
            except OSError as e:  # the file is open in Excel, the folder is read-only
                raise DeskError(f"导出失败：{e}", f"Export failed: {e}") from e

        def saved(p: Path) -> None:
            QMessageBox.information(self, self.tr("Export to Excel"),
                                    self.tr("Saved to %1").replace("%1", str(p)))

        self.ctx.ops.write(self, work, saved)

    # --- follow-ups ---
    def _followups_tab(self) -> QWidget:
        page = QWidget()
        self.due: RowsModel = RowsModel([
            Column(self.tr("Due"), lambda r: r.due.isoformat()),
            Column(self.tr("Overdue (days)"), lambda r: r.days_overdue or "",
                   color=lambda r: QColor("#c0392b") if r.days_overdue else None),
            Column(self.tr("Customer"), lambda r: r.customer),
            Column(self.tr("Mobile"), lambda r: r.phone),
            Column(self.tr("How"), lambda r: labels.label_of(FollowUpChannel, r.channel)),
            Column(self.tr("Rep"), lambda r: r.rep),
            Column(self.tr("Escalated"), lambda r: "⚠" if r.escalated else ""),
            Column(self.tr("What for"), lambda r: r.plan),
        ])
        self.due_view = table_view(self.due)
        done = QPushButton(self.tr("Record the outcome…"))
        done.clicked.connect(self.record_outcome)
        lay = QVBoxLayout(page)
        lay.addWidget(QLabel(self.tr("Today's and overdue follow-ups")))
        lay.addWidget(self.due_view)
        lay.addWidget(done, alignment=Qt.AlignmentFlag.AlignLeft)
        return page

    def record_outcome(self) -> None:
        row = self.due.row_at(self.due_view.currentIndex())
        if row is None:
            return
        ActionDialog(self.ctx, self.tr("Outcome of the follow-up"), row.customer,
                     [Field("outcome", self.tr("Outcome"))],
                     lambda s, v: followups.record(s, self.ctx.actor, row.id, v["outcome"]),
                     parent=self).exec()

    # --- complaints ---
    def _complaints_tab(self) -> QWidget:
        page = QWidget()
        red = QColor("#c0392b")
        self.complaints: RowsModel[complaints.ComplaintRow] = RowsModel([
            Column(self.tr("Received"), lambda r: full(r.received_at),
                   color=lambda r: red if r.overdue else None),
            Column(self.tr("Kind"), lambda r: labels.label_of(ComplaintKind, r.kind)),
            Column(self.tr("From"), lambda r: r.who),
            Column(self.tr("Rep concerned"), lambda r: r.rep_concerned or ""),
            Column(self.tr("Respond by"), lambda r: hm(r.due_at),
                   color=lambda r: red if r.overdue else None),
            Column(self.tr("Responded"), lambda r: full(r.first_response_at)),
            Column(self.tr("Resolved"), lambda r: full(r.resolved_at)),
            Column(self.tr("Satisfaction"), lambda r: r.satisfaction or ""),
            Column(self.tr("What"), lambda r: r.description),
        ])
        self.complaint_view = table_view(self.complaints)
        bar = QHBoxLayout()
        for text, slot in ((self.tr("Register…"), self.new_complaint),
                           (self.tr("Respond…"), self.respond),
                           (self.tr("Resolve…"), self.resolve)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            bar.addWidget(b)
        bar.addStretch()
        lay = QVBoxLayout(page)
        lay.addLayout(bar)
        lay.addWidget(self.complaint_view)
        return page

    def new_complaint(self) -> None:
        staff = self.staff  # read with the screen
        ActionDialog(self.ctx, self.tr("Register a complaint or suggestion"), "", [
            Field("kind", self.tr("Kind"), "complaint", "choice",
                  labels.choices(ComplaintKind)),
            Field("channel", self.tr("Channel"), "visit", "choice",
                  labels.choices(ComplaintChannel)),
            Field("customer_phone", self.tr("Customer's mobile (if registered)")),
            Field("contact_name", self.tr("Name")),
            Field("rep_concerned", self.tr("Rep concerned"), "", "choice", [("—", ""), *staff]),
            Field("handler", self.tr("Handled by"), "", "choice", [("—", ""), *staff]),
            Field("description", self.tr("What happened")),
        ], lambda s, v: complaints.register(
            s, self.ctx.actor, kind=v["kind"], channel=v["channel"],
            description=v["description"], customer_phone=v["customer_phone"],
            contact_name=v["contact_name"], rep_concerned=v["rep_concerned"],
            handler=v["handler"]), parent=self).exec()

    def _selected_complaint(self) -> complaints.ComplaintRow | None:
        return self.complaints.row_at(self.complaint_view.currentIndex())

    def respond(self) -> None:
        if (row := self._selected_complaint()) is None:
            return
        ActionDialog(self.ctx, self.tr("Respond"), row.description,
                     [Field("response", self.tr("Response"))],
                     lambda s, v: complaints.respond(s, self.ctx.actor, row.id, v["response"]),
                     parent=self).exec()

    def resolve(self) -> None:
        if (row := self._selected_complaint()) is None:
            return
        ActionDialog(self.ctx, self.tr("Resolve"), row.description, [
            Field("resolution", self.tr("Resolution")),
            Field("satisfaction", self.tr("Customer's satisfaction"), None, "choice",
                  [("—", None)] + [(str(i), i) for i in range(5, 0, -1)]),
        ], lambda s, v: complaints.resolve(s, self.ctx.actor, row.id, v["resolution"],
                                           v["satisfaction"]), parent=self).exec()

    # --- refreshing ---
    @property
    def loading(self) -> bool:
        """Reading, or about to search for what was just typed."""
        return super().loading or self._typing.isActive()

    def query(self) -> Callable[[UnitOfWork], VisitorsData]:
        actor, phone = self.ctx.actor, self.form.phone.text()
        search_no, customers = self._customers_query()

        def run(uow: UnitOfWork) -> VisitorsData:
            users = auth.list_users(uow)
            return VisitorsData(
                today=settings.today(uow),
                reps=[(u.name, u.login) for u in users if u.role in ("sales_rep", "manager")],
                staff=[(u.name, u.login) for u in users if u.active],
                sources=list(settings.get(uow, "visitors.sources")),
                form=read_choices(uow, actor, phone), search_no=search_no, customers=customers(uow),
                due=followups.due_list(uow, actor), complaints=complaints.rows(uow, actor))

        return run

    def show_data(self, data: VisitorsData) -> None:
        self.today, self.staff = data.today, data.staff
        self.form.show_choices(data.form)
        for box, items, first in (
            (self.f_rep, data.reps, self.tr("All reps")),
            (self.f_grade, labels.choices(IntentGrade),
             self.tr("All grades")),
            (self.f_source, [(x, x) for x in data.sources], self.tr("All sources")),
        ):
            keep = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(first, None)
            for text, value in items:
                box.addItem(text, value)
            box.setCurrentIndex(max(0, box.findData(keep)))
            box.blockSignals(False)
        self._show_customers(data.search_no, data.customers)
        self.due.set_rows(data.due)
        self.complaints.set_rows(data.complaints)
        self._escalate(data.today)

    def _escalate(self, today: date) -> None:
        """Overdue follow-ups go to the manager, as the manager's screen shows them:
        once a showroom day (escalation goes by the date) and after a settings
        change, as its own write; what it escalates comes back as a change."""
        actor = self.ctx.actor
        if self._escalated_on == today or not followups.may_escalate(actor):
            return
        self._escalated_on = today

        def not_done(e: DeskError) -> None:
            self._escalated_on = None  # tried again at the next refresh

        self.ctx.ops.write(self, lambda uow: followups.escalate(uow, actor), failed=not_done)

    def on_changes(self, changes: Changes) -> None:
        if ChangeKind.SETTINGS in changes:
            self._escalated_on = None  # the days before escalating may have changed
        super().on_changes(changes)

    def first_field(self) -> QWidget | None:
        return self.form.phone if self.tabs.currentWidget() is self.form else None

    def start_for_reception(self, reception_id: int) -> None:
        self.tabs.setCurrentWidget(self.form)
        self.form.start_for_reception(reception_id)
