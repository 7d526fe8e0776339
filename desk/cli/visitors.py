"""`desk visitors …`: moving customers in from Excel, and finding them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desk.cli import session
from desk.cli.output import clean, json_out, table
from desk.core.db import Database
from desk.core.timefmt import full
from desk.models.enums import AccessAction
from desk.visitors import visitors


def cmd_import(db: Database, args: argparse.Namespace) -> None:
    from desk.visitors import spreadsheet_import as visitor_import

    who = session.acting(db, args)
    try:
        with db.begin() as s:
            actor = who.prove(s)
            report = visitor_import.import_file(s, actor, Path(args.file))
    except visitor_import.ImportRefused as e:
        for err in e.report.errors:
            print(clean(str(err)), file=sys.stderr)
        raise
    print(report.summary())


def cmd_find(db: Database, args: argparse.Namespace) -> None:
    who = session.acting(db, args)
    with db.begin() as s:  # unmasked results are logged
        actor = who.prove(s)
        rows = visitors.search(s, actor, args.query)
        if actor.can("customers.unmasked"):
            visitors.log_access(s, actor, AccessAction.VIEW, None, f"find {args.query!r}: {len(rows)}")
    if args.json:
        json_out([{"id": r.id, "name": r.name, "phone": r.phone, "grade": r.grade,
                    "source": r.source, "owner": r.owner,
                    "last_visit": r.last_visit.isoformat() + "Z" if r.last_visit else None,
                    "visits": r.visits} for r in rows])
        return
    table([[str(r.id), r.name, r.phone, r.grade, r.source, r.owner or "",
             full(r.last_visit), str(r.visits)] for r in rows],
           ["id", "name", "phone", "grade", "source", "owner", "last visit", "visits"])


def register(sub: Any) -> None:
    g = sub.add_parser("visitors", help="customers and visits").add_subparsers(
        dest="visitors_cmd", metavar="ACTION", required=True)
    p = g.add_parser("import", help="customers from .xlsx/.csv, merged by phone, all or none")
    p.add_argument("file")
    p.add_argument("--user", help=session.USER_HELP)
    p.set_defaults(func=cmd_import)
    p = g.add_parser("find", help="by phone, name or pinyin initials (masked unless the user "
                     "may see them)")
    p.add_argument("query")
    p.add_argument("--user", help=session.USER_HELP)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_find)
