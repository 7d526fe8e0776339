"""The weekly-meeting pack (例会材料): one PDF with the week's figures the sales
meeting goes through, in the order it goes through them."""

from __future__ import annotations

from pathlib import Path

from desk.admin import projects
from desk.admin.permissions import Actor, require
from desk.core.errors import pick
from desk.core.uow import UnitOfWork
from desk.reporting import pdf, registry
from desk.reporting.files import check, write_atomically
from desk.reporting.periods import Period, month, week

# (report, over the week or the week's month). The daily report of a week
# compares it with the week before (its previous period).
CONTENTS = (("daily", "week"), ("reps", "week"), ("sources", "week"), ("collection", "week"),
            ("quality", "month"), ("inventory", "week"))


def cover_line(uow: UnitOfWork, period: Period) -> str:
    names = "、".join(p.name for p in projects.list_projects(uow))
    iso_year, iso_week, _ = period.start.isocalendar()
    return pick(f"{names} 销售例会 · {iso_year} 年第 {iso_week} 周（{period.start} 至 {period.end}）",
                f"{names} sales meeting · week {iso_week} of {iso_year} "
                f"({period.start} to {period.end})")


def write(uow: UnitOfWork, actor: Actor, period: Period, path: Path) -> None:
    """The pack of the week that holds `period.start` (Monday to Sunday)."""
    require(actor, "reports.view")  # team-wide figures
    path = check(Path(path))
    the_week = week(period.start)
    entries = registry.reports()
    sections: list[pdf.Section] = []
    for name, span in CONTENTS:
        entry = entries[name]
        covered = the_week if span == "week" else month(the_week.start)
        report = entry.build(uow, actor, covered, None)
        sections.append(pdf.section(report, note="" if sections else cover_line(uow, the_week)))
    data = pdf.render(sections, cover_line(uow, the_week))
    write_atomically(path, lambda temp: pdf.save(temp, data))
