"""`desk payments …`: payments received (回款), refunds and the collection lists."""

from __future__ import annotations

import argparse
from typing import Any

from desk.admin import projects
from desk.cli import parser, session
from desk.cli.output import json_out, table
from desk.core import labels
from desk.core.db import Database
from desk.core.errors import pick
from desk.models.enums import PaymentKind, PaymentMeans
from desk.sales import collection, payments


def cmd_record(db: Database, args: argparse.Namespace) -> None:
    who = session.acting(db, args)
    with db.begin() as s:
        actor = who.prove(s)
        project = projects.find_project(s, args.project)
        done = payments.record_for_unit(s, actor, project.id, args.code, args.amount, args.date,
                                        args.method, args.note or "", force=args.force)
    print(pick(f"已收款 ¥{done.amount:,.2f}，收据号 {done.receipt_no}，未付余额 ¥{done.account.balance:,.2f}",
               f"Received ¥{done.amount:,.2f}, receipt {done.receipt_no}, balance "
               f"¥{done.account.balance:,.2f}"))


def cmd_refund(db: Database, args: argparse.Namespace) -> None:
    who = session.acting(db, args)
    with db.begin() as s:
        actor = who.prove(s)
        project = projects.find_project(s, args.project)
        done = payments.refund_for_unit(s, actor, project.id, args.code, args.amount, args.reason,
                                        args.date, args.method)
    print(pick(f"已退款 ¥{done.amount:,.2f}，仍需退还 ¥{-done.account.balance:,.2f}",
               f"Refunded ¥{done.amount:,.2f}, still to refund ¥{-done.account.balance:,.2f}"))


def cmd_void(db: Database, args: argparse.Namespace) -> None:
    who = session.acting(db, args)
    with db.begin() as s:
        actor = who.prove(s)
        project = projects.find_project(s, args.project)
        done = payments.void(s, actor, payments.find_payment(s, project.id, args.id), args.reason)
    what = pick("退款", "refund") if done.kind == PaymentKind.REFUND else (
        done.receipt_no or pick("收款", "payment"))
    print(pick(f"已作废 {what}（¥{abs(done.amount):,.2f}），未付余额 ¥{done.account.balance:,.2f}",
               f"Voided {what} (¥{abs(done.amount):,.2f}), balance ¥{done.account.balance:,.2f}"))


def cmd_list(db: Database, args: argparse.Namespace) -> None:
    who = session.acting(db, args)
    with db.read() as s:
        actor = who.prove(s)
        project = projects.find_project(s, args.project)
        if args.month is not None:
            figures = collection.month(s, actor, project.id, args.month)
            rows = collection.received(s, actor, project.id, args.month)
        else:
            due = (collection.overdue if args.overdue else collection.due_this_week)(
                s, actor, project.id)
    if args.month is not None:
        if args.json:
            json_out({**figures.as_json(), "payments": [r.as_json() for r in rows]})
            return
        pct = "—" if figures.percent is None else f"{figures.percent}%"
        print(pick(f"{figures.first:%Y-%m} 计划回款 ¥{figures.plan:,.2f}，已回款 ¥{figures.collected:,.2f}"
                   f"（{pct}），退款 ¥{figures.refunded:,.2f}",
                   f"{figures.first:%Y-%m} plan ¥{figures.plan:,.2f}, collected "
                   f"¥{figures.collected:,.2f} ({pct}), refunded ¥{figures.refunded:,.2f}"))
        table([[str(r.received_on), r.receipt_no or "—", r.unit_code, r.customer or "",
                f"{r.amount:,.2f}", labels.label_of(PaymentMeans, r.method), r.operator or "",
                pick("作废", "void") if r.voided else ""]
               for r in rows],
              pick("日期 收据号 房号 客户 金额 方式 经办人 作废",
                   "date receipt unit customer amount method operator voided").split())
        return
    if args.json:
        json_out([r.as_json() for r in due])
        return
    table([[str(r.due_on), str(r.days_overdue) if args.overdue else "", r.unit_code,
            r.customer or "", r.item, f"{r.outstanding:,.2f}"] for r in due],
          pick("到期日 逾期天数 房号 客户 款项 未付", "due days-late unit customer item unpaid").split())


def register(sub: Any) -> None:
    g = sub.add_parser("payments", help="payments received (回款) and refunds").add_subparsers(
        dest="payments_cmd", metavar="ACTION", required=True)
    means = [m.value for m in PaymentMeans]
    p = g.add_parser("record", help="record a payment on a unit's deal; prints its receipt number")
    p.add_argument("code", metavar="CODE", help="the unit's code")
    p.add_argument("--amount", required=True, type=parser.money, help="yuan")
    p.add_argument("--date", type=parser.day, help="YYYY-MM-DD, the day received (default: today)")
    p.add_argument("--method", default=PaymentMeans.TRANSFER.value, choices=means)
    p.add_argument("--note")
    p.add_argument("--force", action="store_true",
                   help="even if more than is due by the date (the rest goes to later instalments)")
    p.add_argument("--user", help=session.USER_HELP)
    p.add_argument("--project")
    p.set_defaults(func=cmd_record)
    p = g.add_parser("refund", help="record a refund of a unit's cancelled deal")
    p.add_argument("code", metavar="CODE", help="the unit's code")
    p.add_argument("--amount", required=True, type=parser.money, help="yuan")
    p.add_argument("--reason", required=True)
    p.add_argument("--date", type=parser.day, help="YYYY-MM-DD, the day paid back (default: today)")
    p.add_argument("--method", default=PaymentMeans.TRANSFER.value, choices=means)
    p.add_argument("--user", help=session.USER_HELP)
    p.add_argument("--project")
    p.set_defaults(func=cmd_refund)
    p = g.add_parser("void", help="void a payment or refund recorded by mistake (the manager)")
    p.add_argument("id", metavar="ID", help="the payment's id (as list --json gives it) or receipt no.")
    p.add_argument("--reason", required=True)
    p.add_argument("--user", help=session.USER_HELP)
    p.add_argument("--project")
    p.set_defaults(func=cmd_void)
    p = g.add_parser("list", help="due this week (the default), overdue, or a month's collection")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--due-week", action="store_true", help="due from today to Sunday")
    which.add_argument("--overdue", action="store_true", help="past due, the longest first")
    which.add_argument("--month", type=parser.month, metavar="YYYY-MM",
                       help="collected against the plan, and the month's payments")
    p.add_argument("--json", action="store_true")
    p.add_argument("--user", help=session.USER_HELP)
    p.add_argument("--project")
    p.set_defaults(func=cmd_list)
