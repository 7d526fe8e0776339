"""`desk audit …`: the chain's check and the log itself (a manager or an administrator)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from desk.admin import audit
from desk.cli import session
from desk.cli.output import clean, json_out, table
from desk.core.db import Database
from desk.core.errors import InvalidInput, pick
from desk.core.timefmt import local


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"日期应为 YYYY-MM-DD：{clean(text)[:40]}",
                           f"A date is YYYY-MM-DD: {clean(text)[:40]}", field="date") from None


MAX_LIMIT = 100_000


def _limit(text: str) -> int:
    if not text.strip().isdigit() or not 1 <= int(text) <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"a whole number from 1 to {MAX_LIMIT}")
    return int(text)


def cmd_verify(db: Database, args: argparse.Namespace) -> None:
    """Exit 0 when the chain is whole; 11 and the first broken entry otherwise."""
    who = session.acting(db, args)
    with db.read() as s:
        intact = audit.check(s, who.prove(s))
    print(pick(f"审计日志完整：{intact.entries} 条，末条哈希 {intact.head}",
               f"Audit log intact: {intact.entries} entries, last hash {intact.head}"))


def cmd_list(db: Database, args: argparse.Namespace) -> None:
    who = session.acting(db, args)
    f = audit.Filters(since=_day(args.since) if args.since else None,
                      until=_day(args.until) if args.until else None,
                      user=args.login, table=args.table, text=args.text, action=args.action)
    with db.read() as s:
        page = audit.entries(s, who.prove(s), f, limit=args.limit)
    if args.json:
        json_out([{"id": e.id, "at": e.at.isoformat() + "Z", "actor": e.actor, "host": e.host,
                   "action": e.action, "table": e.table, "key": e.key, "old": e.old,
                   "new": e.new, "redacted": e.redacted} for e in page.entries])
        return
    erased = pick("（已抹去）", "(erased)")
    rows = []
    for e in page.entries:
        shown = audit.present(e)
        rows.append([str(e.id), f"{local(e.at):%Y-%m-%d %H:%M:%S}", e.actor, e.host,
                     shown.action, clean(shown.what),
                     erased if e.redacted else clean(shown.change)[:100]])
    table(rows,
          pick("序号 时间 用户 电脑 操作 对象 变化", "id time user PC action what change").split())
    if page.more:
        print(pick(f"只列出最新的 {len(page.entries)} 条；用 --since、--table 等缩小范围。",
                   f"Only the newest {len(page.entries)} are listed; narrow with --since, "
                   "--table and the like."))


def register(sub: Any) -> None:
    g = sub.add_parser("audit", help="the audit log: check the chain, list entries").add_subparsers(
        dest="audit_cmd", metavar="ACTION", required=True)
    p = g.add_parser("verify", help="check every entry's hash (exit 11: broken, naming the entry)")
    p.add_argument("--user", help=session.USER_HELP)
    p.set_defaults(func=cmd_verify)
    p = g.add_parser("list", help="entries, newest first")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="from this showroom day")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="up to this showroom day")
    p.add_argument("--by", dest="login", metavar="LOGIN", help="changes made by this user")
    p.add_argument("--table", metavar="T", help="a table (units, claims, users …)")
    p.add_argument("--action", choices=audit.ACTIONS, help="one kind of entry")
    p.add_argument("--text", help="text in the old or new values, or in the name of the row "
                   "(a unit's code, an account's login or name, a customer's name or phone)")
    p.add_argument("--limit", type=_limit, default=audit.LIMIT, metavar="N",
                   help=f"at most N entries (default {audit.LIMIT}, up to {MAX_LIMIT})")
    p.add_argument("--json", action="store_true")
    p.add_argument("--user", help=session.USER_HELP)
    p.set_defaults(func=cmd_list)
