"""`desk targets …`: the sales manager's monthly targets (销售目标)."""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any

from desk.admin import auth, settings
from desk.cli import parser, session
from desk.cli.output import json_out, table
from desk.core.db import Database
from desk.core.errors import pick
from desk.reporting import targets


def _yuan(value: Decimal | None) -> str:
    return "—" if value is None else f"¥{value:,.2f}"


def _units(value: int | None) -> str:
    return "—" if value is None else str(value)


def _scope(row: targets.TargetRow) -> str:
    return row.name or pick("团队", "Team")


def cmd_set(db: Database, args: argparse.Namespace) -> None:
    """A figure not given keeps its value; an empty one ("") clears it."""
    who = session.acting(db, args)
    with db.begin() as s:
        actor = who.prove(s)
        rep_id = None if args.rep is None else auth.get_user(s, args.rep).id
        current = next((r for r in targets.list_targets(s, actor, args.month)
                        if r.rep_id == rep_id), None)

        def given(typed: str | None, now: object) -> object:
            return now if typed is None else typed

        targets.set_target(
            s, actor, args.month, rep_id,
            given(args.signed, current and current.signed_amount),
            given(args.units, current and current.units),
            given(args.collection, current and current.collection))
        row = next(r for r in targets.list_targets(s, actor, args.month) if r.rep_id == rep_id)
    print(pick(f"{args.month:%Y-%m} {_scope(row)} 的目标：签约 {_yuan(row.signed_amount)}，"
               f"套数 {_units(row.units)}，回款 {_yuan(row.collection)}",
               f"{args.month:%Y-%m} targets of {_scope(row)}: signed {_yuan(row.signed_amount)}, "
               f"units {_units(row.units)}, collection {_yuan(row.collection)}"))


def cmd_list(db: Database, args: argparse.Namespace) -> None:
    who = session.acting(db, args)
    with db.read() as s:
        actor = who.prove(s)
        first = args.month or settings.today(s).replace(day=1)
        rows = targets.list_targets(s, actor, first)
    if args.json:
        json_out([r.as_json(first) for r in rows])
        return
    table([[f"{first:%Y-%m}", _scope(r), r.login, _yuan(r.signed_amount), _units(r.units),
            _yuan(r.collection)] for r in rows],
          pick("月份 范围 登录名 签约目标 套数目标 回款目标",
               "month scope login signed units collection").split())


def register(sub: Any) -> None:
    g = sub.add_parser("targets", help="monthly sales targets (销售目标)").add_subparsers(
        dest="targets_cmd", metavar="ACTION", required=True)
    p = g.add_parser("set", help="set a month's targets of the team or of a rep; a figure not "
                     "given keeps its value, an empty one clears it")
    p.add_argument("--month", required=True, type=parser.month, metavar="YYYY-MM")
    p.add_argument("--rep", metavar="LOGIN", help="the sales rep (default: the team)")
    p.add_argument("--signed", metavar="AMOUNT", help="signed amount target, yuan")
    p.add_argument("--units", metavar="N", help="units signed target")
    p.add_argument("--collection", metavar="AMOUNT", help="collection target, yuan")
    p.add_argument("--user", help=session.USER_HELP)
    p.set_defaults(func=cmd_set)
    p = g.add_parser("list", help="a month's targets: the team and every active sales rep")
    p.add_argument("--month", type=parser.month, metavar="YYYY-MM", help="default: this month")
    p.add_argument("--json", action="store_true")
    p.add_argument("--user", help=session.USER_HELP)
    p.set_defaults(func=cmd_list)
