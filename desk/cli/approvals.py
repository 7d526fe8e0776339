"""`desk approvals …`: the sales manager's queue from the command line."""

from __future__ import annotations

import argparse
from typing import Any

from desk.cli import parser, session
from desk.cli.output import json_out, table
from desk.core import labels
from desk.core.db import Database
from desk.core.errors import pick
from desk.core.timefmt import full
from desk.models.enums import ApprovalKind
from desk.sales import approvals


def cmd_list(db: Database, args: argparse.Namespace) -> None:
    who = session.acting(db, args)
    with db.read() as s:
        rows = approvals.pending(s, who.prove(s))
    if args.json:
        json_out([{"id": r.id, "kind": r.kind, "unit": r.unit_code, "customer": r.customer,
                   "requested_by": r.requested_by, "requested_at": r.requested_at.isoformat() + "Z",
                   "params": r.params,
                   "discount": None if r.discount is None else f"{r.discount:.2f}"}
                  for r in rows])
        return
    table([[str(r.id), full(r.requested_at), labels.label_of(ApprovalKind, r.kind), r.unit_code,
            r.customer or "", r.requested_by or "",
            "  ".join(f"{k}={v}" for k, v in r.params.items() if v is not None)] for r in rows],
          pick("编号 时间 类别 房号 客户 申请人 内容", "id time kind unit customer asked-by what").split())


def cmd_approve(db: Database, args: argparse.Namespace) -> None:
    who = session.acting(db, args)
    with db.begin() as s:
        approvals.approve(s, who.prove(s), args.id)
    print(pick(f"已批准审批请求 {args.id}", f"Approval request {args.id} approved"))


def cmd_refuse(db: Database, args: argparse.Namespace) -> None:
    who = session.acting(db, args)
    with db.begin() as s:
        approvals.refuse(s, who.prove(s), args.id, args.reason or "")
    print(pick(f"未批准审批请求 {args.id}", f"Approval request {args.id} refused"))


def register(sub: Any) -> None:
    g = sub.add_parser("approvals", help="requests waiting for a sales manager").add_subparsers(
        dest="approvals_cmd", metavar="ACTION", required=True)
    p = g.add_parser("list", help="the requests waiting, oldest first")
    p.add_argument("--user", help="a sales manager's login (default: DESK_USER or the desk "
                   "login session)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = g.add_parser("approve", help="approve a request: the one who asked goes ahead")
    p.add_argument("id", type=parser.record_id)
    p.add_argument("--user", help=session.USER_HELP)
    p.set_defaults(func=cmd_approve)
    p = g.add_parser("refuse", help="refuse a request, saying why")
    p.add_argument("id", type=parser.record_id)
    p.add_argument("--reason", required=True)
    p.add_argument("--user", help=session.USER_HELP)
    p.set_defaults(func=cmd_refuse)
