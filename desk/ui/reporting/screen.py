"""Reports (报表): the day's figures for the manager."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QTextBrowser, QWidget

from desk.admin import settings
from desk.core import labels
from desk.core.changes import ChangeKind
from desk.core.errors import pick
from desk.core.uow import UnitOfWork
from desk.reporting import reports
from desk.ui.common.context import Context
from desk.ui.common.screen import Screen


class ReportsScreen(Screen):
    kinds = frozenset({ChangeKind.QUEUE, ChangeKind.VISITORS, ChangeKind.UNITS})

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("ReportsScreen", "Reports")

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = self.page_layout()
        bar = QHBoxLayout()
        self.day = QDateEdit()  # the showroom's today comes with the first read
        self.day.setEnabled(False)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.dateChanged.connect(self.refresh)
        bar.addWidget(QLabel(self.tr("Day")))
        bar.addWidget(self.day)
        bar.addStretch()
        layout.addLayout(bar)
        self._day_set = False
        self.text = QTextBrowser()
        layout.addWidget(self.text)

    def query(self) -> Callable[[UnitOfWork], tuple[date, reports.DayReport]]:
        actor = self.ctx.actor
        # Until the first read, the day is the showroom's today (the database
        # clock in the showroom's time zone), whatever this PC's clock says.
        picked = self.day.date()
        chosen = date(picked.year(), picked.month(), picked.day()) if self._day_set else None

        def read(uow: UnitOfWork) -> tuple[date, reports.DayReport]:
            day = chosen or settings.today(uow)
            return day, reports.day_report(uow, actor, day)

        return read

    def load_failed(self, error: Exception) -> None:
        """A refusal or an unreachable server: say so where the figures go."""
        if not self._day_set:
            self.text.setPlainText(str(error))

    def show_data(self, data: tuple[date, reports.DayReport]) -> None:
        day, r = data
        if not self._day_set:
            self.day.blockSignals(True)
            self.day.setDate(QDate(day.year, day.month, day.day))
            self.day.blockSignals(False)
            self.day.setEnabled(True)
            self._day_set = True
        elif day != self.day.date().toPython():
            return  # another day was picked meanwhile: its read follows
        t_receptions, t_source = self.tr("Receptions"), self.tr("Visits by source")
        t_grade, t_units = self.tr("Visits by intent"), self.tr("Units")
        # Chinese punctuation in Chinese; in English, English punctuation.
        colon, gap = pick("：", ": "), pick("　", " · ")

        def paren(x: object) -> str:
            return pick(f"（{x}）", f" ({x})")

        def listed(pairs: list[tuple[str, int]]) -> str:
            return gap.join(f"{k}{colon}{v}" for k, v in pairs) or self.tr("None on this day.")

        subs = f"{r.subscriptions}{paren(f'¥{r.subscription_amount:,.0f}')}"
        cons = f"{r.contracts}{paren(f'¥{r.contract_amount:,.0f}')}"
        html = f"<h2>{r.day.isoformat()}</h2><table cellspacing=8><tr>"
        for label, value in ((self.tr("Visits"), r.visits), (self.tr("First visits"), r.first_visits),
                             (self.tr("Calls"), r.calls),
                             (self.tr("Subscriptions"), subs), (self.tr("Contracts"), cons),
                             (self.tr("Cancellations"), r.cancellations),
                             (self.tr("Overdue follow-ups"), r.overdue_follow_ups),
                             (self.tr("Open complaints"), f"{r.open_complaints}{paren(r.late_complaints)}")):
            html += f"<td><b>{label}</b><br><span style='font-size:16pt'>{value}</span></td>"
        html += "</tr></table>"
        head = "".join(f"<th>{h}</th>" for h in (
            self.tr("Rep"), self.tr("Receptions"), self.tr("First visits"), self.tr("Returns"),
            self.tr("Covering"), self.tr("Invalid"), self.tr("Assigned"), self.tr("Forfeited"),
            self.tr("Average minutes")))
        rows = "".join(
            f"<tr><td>{f.name}</td><td>{f.receptions}</td><td>{f.first_visits}</td>"
            f"<td>{f.returns}</td><td>{f.covering}</td><td>{f.invalid}</td><td>{f.overrides}</td>"
            f"<td>{f.forfeits}</td>"
            f"<td>{'' if f.average_minutes is None else round(f.average_minutes)}</td></tr>"
            for f in r.receptions)
        html += f"<h3>{t_receptions}</h3>" + (
            f"<table border=1 cellpadding=4 cellspacing=0><tr>{head}</tr>{rows}</table>"
            if r.receptions else f"<p>{self.tr('None on this day.')}</p>")
        by_source = sorted(r.by_source.items(), key=lambda x: -x[1])
        html += f"<h3>{t_source}</h3><p>{listed(by_source)}</p>"
        html += f"<h3>{t_grade}</h3><p>{listed(sorted(r.by_grade.items()))}</p>"
        by_status = [(pick(*labels.STATUS_NAMES[k]), v.count) for k, v in r.units_by_status.items()]
        html += f"<h3>{t_units}</h3><p>{listed(by_status)}</p>"
        self.text.setHtml(html)
