"""Visitors (来访登记): the registration form, customers, follow-ups, complaints."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
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
from desk.core.errors import DeskError, pick
from desk.core.timefmt import full, hm
from desk.ui.common.context import Context
from desk.ui.common.feedback import show_error
from desk.ui.common.screen import Screen
from desk.ui.common.table_model import Column, RowsModel, table_view
from desk.ui.common.worker import run_in_background
from desk.ui.sales.action_dialog import ActionDialog, Field
from desk.ui.visitors.form import VisitorForm
from desk.visitors import complaints, followups, visitors


def print_visitor_form(parent: QWidget, ctx: Context, customer_id: int | None) -> None:
    """The registration form on paper: blank for the desk, or filled for a customer."""
    from desk.admin import projects
    from desk.documents import prints
    from desk.ui.documents.preview import preview_in_background

    db, actor = ctx.db, ctx.actor

    def make() -> prints.Printed:
        with db.begin() as s:
            pid = projects.list_projects(s)[0].id
            return prints.render(s, actor, "visitor_form", pid,
                                 "" if customer_id is None else str(customer_id))

    preview_in_background(parent, make)


class CustomerDialog(QDialog):
    """A customer's page: visits, calls, follow-ups, holds and deals, complaints."""

    def __init__(self, ctx: Context, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id = customer_id
        self.unmasked = False
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
        plan = QPushButton(self.tr("Plan a follow-up…"))
        plan.clicked.connect(self.plan)
        buttons.addWidget(plan)
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
        self.load()

    def load(self) -> None:
        try:
            with self.ctx.db.begin() as s:
                p = visitors.page(s, self.ctx.actor, self.customer_id, self.unmasked)
        except DeskError as e:
            show_error(self, e)
            return
        self.setWindowTitle(p.name)
        rows = [(self.tr("Mobile"), p.phone), (self.tr("ID number"), p.id_number or "—"),
                (self.tr("Intent"), p.grade), (self.tr("Source"), p.source + (f" {p.referral_code}"
                                                                 if p.referral_code else "")),
                (self.tr("Wants"), p.wanted or "—"),
                (self.tr("Owner"), f"{p.owner or '—'}" + (f"（{full(p.owner_until)}）"
                                                    if p.owner_until else "")),
                (self.tr("Consent"), full(p.consent_at) or "—"), (self.tr("Notes"), p.notes or "—")]
        html = f"<h2>{p.name}</h2><table cellspacing=4>" + "".join(
            f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in rows) + "</table>"
        kind = {"visit": self.tr("visit"), "call": self.tr("call")}
        vk = {"first": self.tr("first"), "return": self.tr("return")}
        html += f"<h3>{self.tr('Visits and calls')}</h3><ul>" + "".join(
            f"<li>{full(at)} {kind[k]} {vk[v]} · {rep} · {n}{self.tr(' people')} {notes}</li>"
            for at, k, v, rep, n, notes in p.visits) + "</ul>"
        html += f"<h3>{self.tr('Follow-ups')}</h3><ul>" + "".join(
            f"<li>{due} {pick(*followups.CHANNELS[ch])} · {rep} · {plan} "
            f"{('→ ' + outcome) if done else ''}</li>"
            for due, ch, plan, rep, done, outcome in p.follow_ups) + "</ul>"
        html += f"<h3>{self.tr('Holds and deals')}</h3><ul>" + "".join(
            f"<li>{code} {k} {st} {full(at)} {no or ''}</li>"
            for code, k, st, at, no in p.deals) + "</ul>"
        html += f"<h3>{self.tr('Complaints and suggestions')}</h3><ul>" + "".join(
            f"<li>{full(at)} {pick(*complaints.KINDS[k])} {d} {done}</li>"
            for at, k, d, done in p.complaints) + "</ul>"
        self.text.setHtml(html)

    def show_full(self) -> None:
        self.unmasked = True
        self.load()

    def plan(self) -> None:
        from datetime import date, timedelta

        cid = self.customer_id
        ActionDialog(self.ctx, self.tr("Plan a follow-up"), "", [
            Field("due", self.tr("Date"), date.today() + timedelta(days=3), "date"),
            Field("channel", self.tr("How"), "phone", "choice",
                  [(pick(*v), k) for k, v in followups.CHANNELS.items()]),
            Field("plan", self.tr("What for")),
        ], lambda s, v: followups.plan(s, self.ctx.actor, cid, v["due"], v["channel"],
                                       v["plan"]), parent=self).exec()
        self.load()

    def erase(self) -> None:
        cid = self.customer_id
        dlg = ActionDialog(self.ctx, self.tr("Erase the customer's data"),
                           self.tr("The personal fields are erased for good; the visits stay in "
                                   "the statistics without them."),
                           [Field("reason", self.tr("Reason"))],
                           lambda s, v: visitors.erase(s, self.ctx.actor, cid, v["reason"]),
                           parent=self)
        if dlg.exec():
            self.ctx.db.scrub()
            self.accept()


class VisitorsScreen(Screen):
    kinds = frozenset({"visitors", "queue", "settings", "users"})

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("VisitorsScreen", "Visitors")

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = self.page_layout()
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.form = VisitorForm(ctx)
        self.form.saved.connect(lambda r: self.refresh_lists())
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
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("phone, name or pinyin initials (e.g. zs)"))
        self.query.textChanged.connect(self.search)
        self.f_rep, self.f_grade, self.f_source = QComboBox(), QComboBox(), QComboBox()
        self.f_since = QComboBox()
        for text, days in ((self.tr("Any time"), None), (self.tr("Today"), 0),
                           (self.tr("Last 7 days"), 7), (self.tr("Last 30 days"), 30)):
            self.f_since.addItem(text, days)
        for box in (self.f_rep, self.f_grade, self.f_source, self.f_since):
            box.currentIndexChanged.connect(self.search)
        export = QPushButton(self.tr("Export to Excel…"))
        export.clicked.connect(self.export)
        bar.addWidget(self.query, 2)
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

    def search(self) -> None:
        from datetime import timedelta

        from desk.reception import rotation

        days = self.f_since.currentData()
        with self.ctx.db.read() as s:
            since = None if days is None else rotation.today(s) - timedelta(days=days)
            rows = visitors.search(s, self.ctx.actor, self.query.text(),
                                   rep_login=self.f_rep.currentData(),
                                   grade=self.f_grade.currentData(),
                                   source=self.f_source.currentData(), since=since)
        self.customers.set_rows(rows)

    def open_customer(self, index) -> None:  # type: ignore[no-untyped-def]
        row = self.customers.row_at(index)
        if row is not None:
            CustomerDialog(self.ctx, row.id, self).exec()
            self.refresh_lists()

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
        db, actor = self.ctx.db, self.ctx.actor

        def work():  # type: ignore[no-untyped-def]
            with db.begin() as s:
                return visitors.export_xlsx(s, actor, rows, Path(path), unmasked)

        run_in_background(work, lambda p: QMessageBox.information(
            self, self.tr("Export to Excel"), self.tr("Saved to %1").replace("%1", str(p))),
            lambda e: show_error(self, e if isinstance(e, DeskError) else
                                 DeskError(f"导出失败：{e}", f"Export failed: {e}")))

    # --- follow-ups ---
    def _followups_tab(self) -> QWidget:
        page = QWidget()
        self.due: RowsModel = RowsModel([
            Column(self.tr("Due"), lambda r: r.due.isoformat()),
            Column(self.tr("Overdue (days)"), lambda r: r.days_overdue or "",
                   color=lambda r: QColor("#c0392b") if r.days_overdue else None),
            Column(self.tr("Customer"), lambda r: r.customer),
            Column(self.tr("Mobile"), lambda r: r.phone),
            Column(self.tr("How"), lambda r: pick(*followups.CHANNELS[r.channel])),
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
        self.refresh_lists()

    # --- complaints ---
    def _complaints_tab(self) -> QWidget:
        page = QWidget()
        red = QColor("#c0392b")
        self.complaints: RowsModel = RowsModel([
            Column(self.tr("Received"), lambda r: full(r.received_at),
                   color=lambda r: red if r.overdue else None),
            Column(self.tr("Kind"), lambda r: pick(*complaints.KINDS[r.kind])),
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
        with self.ctx.db.read() as s:
            staff = [(u.name, u.login) for u in auth.list_users(s) if u.active]
        ActionDialog(self.ctx, self.tr("Register a complaint or suggestion"), "", [
            Field("kind", self.tr("Kind"), "complaint", "choice",
                  [(pick(*v), k) for k, v in complaints.KINDS.items()]),
            Field("channel", self.tr("Channel"), "visit", "choice",
                  [(pick(*v), k) for k, v in complaints.CHANNELS.items()]),
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
        self.refresh_lists()

    def _selected_complaint(self):  # type: ignore[no-untyped-def]
        return self.complaints.row_at(self.complaint_view.currentIndex())

    def respond(self) -> None:
        if (row := self._selected_complaint()) is None:
            return
        ActionDialog(self.ctx, self.tr("Respond"), row.description,
                     [Field("response", self.tr("Response"))],
                     lambda s, v: complaints.respond(s, self.ctx.actor, row.id, v["response"]),
                     parent=self).exec()
        self.refresh_lists()

    def resolve(self) -> None:
        if (row := self._selected_complaint()) is None:
            return
        ActionDialog(self.ctx, self.tr("Resolve"), row.description, [
            Field("resolution", self.tr("Resolution")),
            Field("satisfaction", self.tr("Customer's satisfaction"), None, "choice",
                  [("—", None)] + [(str(i), i) for i in range(5, 0, -1)]),
        ], lambda s, v: complaints.resolve(s, self.ctx.actor, row.id, v["resolution"],
                                           v["satisfaction"]), parent=self).exec()
        self.refresh_lists()

    # --- refreshing ---
    def refresh(self) -> None:
        self.form.reload_choices()
        with self.ctx.db.read() as s:
            reps = [u for u in auth.list_users(s) if u.role in ("sales_rep", "manager")]
            sources = settings.get(s, "visitors.sources")
        for box, items, first in (
            (self.f_rep, [(u.name, u.login) for u in reps], self.tr("All reps")),
            (self.f_grade, [(pick(*visitors.GRADE_NAMES[g]), g) for g in visitors.GRADES],
             self.tr("All grades")),
            (self.f_source, [(x, x) for x in sources], self.tr("All sources")),
        ):
            keep = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(first, None)
            for text, data in items:
                box.addItem(text, data)
            box.setCurrentIndex(max(0, box.findData(keep)))
            box.blockSignals(False)
        self.refresh_lists()

    def refresh_lists(self) -> None:
        if self.ctx.actor.can("reports.view"):
            try:
                with self.ctx.db.begin() as s:
                    followups.escalate(s)
            except DeskError:
                pass
        self.search()
        with self.ctx.db.read() as s:
            self.due.set_rows(followups.due_list(s, self.ctx.actor))
            self.complaints.set_rows(complaints.rows(s, self.ctx.actor))

    def start_for_reception(self, reception_id: int) -> None:
        self.tabs.setCurrentWidget(self.form)
        self.form.start_for_reception(reception_id)
