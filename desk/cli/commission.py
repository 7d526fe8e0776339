"""`desk commission …`: the monthly commission statement (佣金), the manager's
adjustments and the confirmation that locks a month."""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any

from desk.admin import auth
from desk.cli import session
from desk.cli.output import json_out, table
from desk.cli.parser import month
from desk.core import labels
from desk.core.db import Database
from desk.core.errors import pick
from desk.reporting import commission_report
from desk.reporting.model import as_json
from desk.reporting.periods import month as month_period
from desk.sales import commission


def _yuan(value: Decimal) -> str:
    return f"¥{value:,.2f}"


def _share(bp: int) -> str:
    return f"{Decimal(bp) / 100:.2f}%"


def cmd_statement(db: Database, args: argparse.Namespace) -> None:
    who = session.acting(db, args)
    with db.read() as s:
        actor = who.prove(s)
        rep_id = None if args.rep is None else auth.get_user(s, args.rep).id
        if args.json:
            json_out(as_json(commission_report.build(s, actor, month_period(args.month),
                                                     rep_id)))
            return
        st = commission.statement(s, actor, args.month, rep_id)
    state = (pick(f"已确认（{st.confirmed_by}）", f"confirmed ({st.confirmed_by})")
             if st.confirmed else pick("未确认", "not confirmed"))
    print(f"{st.month:%Y-%m} {pick('佣金', 'commission')}: {state}")
    table([[x.rep, str(x.deal_id), x.unit, x.customer, _yuan(x.deal_amount), _share(x.share),
            commission_report.rule_text(x), _yuan(x.amount), labels.label(x.kind)]
           for x in st.lines],
          pick("顾问 成交 房号 客户 成交金额 份额 规则 佣金 类型",
               "rep deal unit customer amount share rule commission entry").split())
    print(pick(f"合计 {_yuan(st.total)}", f"Total {_yuan(st.total)}"))


def cmd_adjust(db: Database, args: argparse.Namespace) -> None:
    who = session.acting(db, args)
    with db.begin() as s:
        actor = who.prove(s)
        rep = auth.get_user(s, args.rep)
        commission.adjust(s, actor, args.deal, rep.id, args.share, args.reason)
    print(pick(f"成交 {args.deal}：{rep.name} 的份额调整为 {args.share}%",
               f"Deal {args.deal}: {rep.name}'s share is now {args.share}%"))


def cmd_confirm(db: Database, args: argparse.Namespace) -> None:
    who = session.acting(db, args)
    with db.begin() as s:
        actor = who.prove(s)
        n = commission.confirm(s, actor, args.month)
    print(pick(f"{args.month:%Y-%m} 佣金已确认并锁定（{n} 条明细）",
               f"{args.month:%Y-%m} commission confirmed and locked ({n} lines)"))


def _deal_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(pick(f"“{text[:40]}”不是成交编号",
                                              f"'{text[:40]}' is not a deal number"))
    return value


def register(sub: Any) -> None:
    g = sub.add_parser("commission", help="commission statements (佣金)").add_subparsers(
        dest="commission_cmd", metavar="ACTION", required=True)
    p = g.add_parser("statement", help="a month's statement: every rep's (manager) or one's own")
    p.add_argument("--month", required=True, type=month, metavar="YYYY-MM")
    p.add_argument("--rep", metavar="LOGIN", help="only this rep's lines")
    p.add_argument("--json", action="store_true")
    p.add_argument("--user", help=session.USER_HELP)
    p.set_defaults(func=cmd_statement)
    p = g.add_parser("adjust", help="set a rep's share of a deal (the others share the rest)")
    p.add_argument("--deal", required=True, type=_deal_id, metavar="ID",
                   help="the deal: its subscription's number, as the statement shows it")
    p.add_argument("--rep", required=True, metavar="LOGIN")
    p.add_argument("--share", required=True, metavar="PCT", help="percent, 0 to 100")
    p.add_argument("--reason", required=True, metavar="TEXT")
    p.add_argument("--user", help=session.USER_HELP)
    p.set_defaults(func=cmd_adjust)
    p = g.add_parser("confirm", help="confirm and lock a month that has ended")
    p.add_argument("--month", required=True, type=month, metavar="YYYY-MM")
    p.add_argument("--user", help=session.USER_HELP)
    p.set_defaults(func=cmd_confirm)
