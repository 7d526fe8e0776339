"""`desk report NAME`: any report of the registry as aligned text, JSON, a
spreadsheet or a PDF; `desk report pack`: the weekly-meeting pack (例会)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from desk.admin import auth, settings
from desk.cli import parser, session
from desk.cli.output import json_out, table
from desk.core.db import Database
from desk.core.errors import InvalidInput, pick
from desk.core.uow import UnitOfWork
from desk.reporting import files, periods, registry
from desk.reporting.cells import NUMERIC, shown, text, text_width
from desk.reporting.model import Report, Table, as_json
from desk.reporting.periods import Period

PACK = "pack"
MAX_DAYS = 731  # two years: a day-by-day table longer than that is no report


def period_of(name: str, start: date | None, end: date | None, today: date) -> Period:
    """The period asked for. The daily report defaults to today, the others to
    this month; with only one end given, the daily report covers that day and
    the others run to the end of (or from the start of) its month."""
    if name == "daily":
        period = Period(start or end or today, end or start or today)
    elif start is None and end is None:
        period = periods.month(today)
    else:
        period = Period(start or periods.month(end or today).start,
                        end or periods.month(start or today).end)
    if period.days > MAX_DAYS:
        raise InvalidInput(f"报表期间最长 {MAX_DAYS} 天。",
                           f"A report covers at most {MAX_DAYS} days.", field="to")
    return period


def _unknown(name: str) -> InvalidInput:
    names = ", ".join([*registry.reports(), PACK])
    return InvalidInput(f"没有名为“{name[:40]}”的报表（可选：{names}）。",
                        f"No report named '{name[:40]}' (there are: {names}).", field="name")


def _path(value: str | None) -> Path | None:
    return None if value is None else files.named(value)


def print_table(t: Table) -> None:
    """A table as aligned text in the current language; figures right-aligned."""
    columns = shown(t)
    rows = [[text(r[i], c.kind) for i, c in columns] for r in t.rows]
    if t.total is not None:
        rows.append([text(t.total[i], c.kind) for i, c in columns])
    for j, (_, col) in enumerate(columns):
        if col.kind in NUMERIC:
            width = max([text_width(r[j]) for r in rows] + [text_width(col.title)])
            for r in rows:
                r[j] = " " * (width - text_width(r[j])) + r[j]
    print(t.title)
    table(rows, [c.title for _, c in columns])


def print_report(report: Report) -> None:
    when = (str(report.start) if report.start == report.end
            else pick(f"{report.start} 至 {report.end}", f"{report.start} to {report.end}"))
    print(f"{report.title}  {when}")
    for t in report.tables:
        print()
        print_table(t)


def _rep_id(uow: UnitOfWork, login: str | None) -> int | None:
    return None if login is None else auth.get_user(uow, login).id


def cmd_report(db: Database, args: argparse.Namespace) -> None:
    name = args.name.strip().lower()
    if name == PACK:
        cmd_pack(db, args)
        return
    entry = registry.reports().get(name)
    if entry is None:
        raise _unknown(args.name)
    if args.week is not None:
        raise InvalidInput("只有例会材料（pack）按周：请用 --from 和 --to。",
                           "Only the pack goes by week: use --from and --to.", field="week")
    xlsx_path, pdf_path = _path(args.xlsx), _path(args.pdf)
    who = session.acting(db, args)
    with db.read() as s:
        actor = who.prove(s)
        period = period_of(name, args.start, args.end, settings.today(s))
        report = entry.build(s, actor, period, _rep_id(s, args.rep))
    from desk.reporting import pdf, xlsx

    for path, writer in ((xlsx_path, xlsx.write), (pdf_path, pdf.write)):
        if path is not None:
            writer(report, path)
            print(pick(f"已导出 {path}", f"Exported {path}"))
    if args.json:
        json_out(as_json(report))
    elif xlsx_path is None and pdf_path is None:
        print_report(report)


def cmd_pack(db: Database, args: argparse.Namespace) -> None:
    if args.pdf is None:
        raise InvalidInput("例会材料是 PDF：请用 --pdf 给出文件名。",
                           "The pack is a PDF: name the file with --pdf.", field="pdf")
    if any(v is not None for v in (args.start, args.end, args.rep, args.xlsx)) or args.json:
        raise InvalidInput("例会材料只接受 --week 和 --pdf。",
                           "The pack takes only --week and --pdf.", field="week")
    path = files.named(args.pdf)
    from desk.reporting import pack

    who = session.acting(db, args)
    with db.read() as s:
        actor = who.prove(s)
        the_week = periods.week(args.week or settings.today(s))
        pack.write(s, actor, the_week, path)
    print(pick(f"已生成例会材料 {path}（{the_week.start} 至 {the_week.end}）",
               f"Meeting pack written to {path} ({the_week.start} to {the_week.end})"))


def register(sub: Any) -> None:
    p = sub.add_parser("report", help="a report as text, JSON, a spreadsheet or a PDF; "
                       "`report pack --pdf FILE`: the weekly-meeting pack")
    p.add_argument("name", metavar="NAME", help="daily, sources, inventory, quality, collection, "
                   "reps, commission, or pack")
    p.add_argument("--from", dest="start", type=parser.day, metavar="YYYY-MM-DD",
                   help="the first day (default: today for daily, else this month)")
    p.add_argument("--to", dest="end", type=parser.day, metavar="YYYY-MM-DD",
                   help="the last day (default: --from for daily, else the end of its month)")
    p.add_argument("--week", type=parser.day, metavar="YYYY-MM-DD",
                   help="pack: a day of the week (default: this week)")
    p.add_argument("--rep", metavar="LOGIN", help="one sales rep's figures")
    p.add_argument("--xlsx", metavar="FILE", help="write an Excel workbook")
    p.add_argument("--pdf", metavar="FILE", help="write a PDF")
    p.add_argument("--json", action="store_true")
    p.add_argument("--user", help=session.USER_HELP)
    p.set_defaults(func=cmd_report)
