"""`desk units …`: the sales-control grid from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desk.admin import auth, projects
from desk.cli import parser, session
from desk.cli.output import clean, json_out, table
from desk.core import labels
from desk.core.db import Database
from desk.core.errors import InvalidInput, pick
from desk.core.timefmt import full
from desk.models.enums import PaymentMethod, UnitAction, UnitStatus
from desk.sales import units  # claims: in the commands that change a unit (listing needs none)


def cmd_import(db: Database, args: argparse.Namespace) -> None:
    from desk.sales import pricelist

    overrides: dict[str, str] = {}
    for item in args.map or []:
        if "=" not in item:
            raise InvalidInput(f"--map 的格式是 列名=字段：{item}", f"--map takes COLUMN=FIELD: {item}",
                               field="map")
        col, fld = item.split("=", 1)
        overrides[col.strip()] = fld.strip()
    who = session.acting(db, args)
    if args.dry_run:
        with db.read() as s:
            actor = who.prove(s)
            pid = None if args.new_project else projects.find_project(s, args.project).id
            plan = pricelist.preview(s, actor, pid, Path(args.file), overrides)
        _print_plan(plan)
        if not plan.ok:
            raise pricelist.ImportRefused(plan)
        return
    try:
        with db.begin() as s:
            actor = who.prove(s)
            # A name that matches no project is a typo unless --new-project says so.
            project = (projects.create_project(s, None, args.new_project, args.new_project, "—")
                       if args.new_project else projects.find_project(s, args.project))
            report = pricelist.import_file(s, actor, project.id, Path(args.file), overrides)
            name = project.name
    except pricelist.ImportRefused as e:
        for err in e.report.errors:
            print(clean(str(err)), file=sys.stderr)
        raise
    print(pick(f"已导入到项目“{name}”。", f"Imported into project '{name}'.") + report.summary())
    if report.skipped_claimed:
        print(pick("已被占用、未改价的房源：", "Claimed units left as they are: ")
              + ", ".join(report.skipped_claimed))


def _print_plan(plan: Any) -> None:
    """The import preview: what an import would do, then every problem row."""
    for line in plan.summary_lines():
        print(line)
    if plan.notices:
        print(pick(f"提示（{len(plan.notices)}）：", f"notes ({len(plan.notices)}):"))
        for n in plan.notices:
            print("  " + str(n))
    if plan.errors:
        print(pick(f"错误（{plan.error_count}）：", f"errors ({plan.error_count}):"))
        for e in plan.errors:
            print("  " + str(e))
    print(pick("（预览，未写入任何数据）", "(preview: nothing was written)"))


def cmd_list(db: Database, args: argparse.Namespace) -> None:
    who = session.user(db, args, optional=True)
    with db.read() as s:
        actor = who.prove(s) if who is not None else None
        project = projects.find_project(s, args.project)
        rows = units.rows(s, project.id, building=args.building, status=args.status)
    if args.json:
        json_out([r.as_json(actor) for r in rows])
        return

    table(
        [[r.code, r.building, str(r.floor), r.layout, str(r.gross_area),
          "" if r.list_price is None else f"{r.list_price:,.2f}", labels.status_name(r.status),
          r.customer or "", r.rep or "",
          full(r.expires_at) if r.status == UnitStatus.HELD else (r.contract_number or "")] for r in rows],
        pick("房号 楼栋 楼层 户型 建筑面积 总价 状态 客户 置业顾问 到期/合同号",
             "code building floor layout area price status customer rep expires/contract").split(),
    )


def cmd_hold(db: Database, args: argparse.Namespace) -> None:
    from desk.sales import claims

    who = session.acting(db, args)
    with db.begin() as s:
        actor = who.prove(s)
        project = projects.find_project(s, args.project)
        claim = claims.hold(s, actor, project.id, args.code, customer_phone=args.customer_phone,
                            customer_name=args.customer_name, minutes=args.minutes,
                            rep_login=args.rep)
        until = full(claim.expires_at)
    print(pick(f"已预留 {args.code}，至 {until}", f"Held {args.code} until {until}"))


def cmd_release(db: Database, args: argparse.Namespace) -> None:
    from desk.sales import claims

    who = session.acting(db, args)
    with db.begin() as s:
        actor = who.prove(s)
        project = projects.find_project(s, args.project)
        claims.release(s, actor, project.id, args.code, args.reason or "")
    print(pick(f"已释放 {args.code}", f"Released {args.code}"))


def cmd_extend(db: Database, args: argparse.Namespace) -> None:
    from desk.sales import claims

    who = session.acting(db, args)
    with db.begin() as s:
        actor = who.prove(s)
        project = projects.find_project(s, args.project)
        claim = claims.extend(s, actor, project.id, args.code, args.minutes)
        until = full(claim.expires_at)
    print(pick(f"已延期 {args.code}，至 {until}", f"Extended {args.code} until {until}"))


def cmd_subscribe(db: Database, args: argparse.Namespace) -> None:
    from desk.sales import claims

    who = session.acting(db, args)
    approval = (claims.Approval(args.approver, session.approver_password(args.approver))
                if args.approver else None)
    with db.begin() as s:
        actor = who.prove(s)
        project = projects.find_project(s, args.project)
        claims.subscribe(
            s, actor, project.id, args.code, customer_phone=args.customer_phone,
            customer_name=args.customer_name, deposit=args.deposit, agreed_price=args.price,
            sign_by=args.sign_by,
            payment_method=args.payment, approval=approval, rep_login=args.rep,
        )
    print(pick(f"{args.code} 已认购", f"{args.code} subscribed"))


def cmd_contract(db: Database, args: argparse.Namespace) -> None:
    from desk.sales import claims

    who = session.acting(db, args)
    with db.begin() as s:
        actor = who.prove(s)
        project = projects.find_project(s, args.project)
        number = claims.contract(s, actor, project.id, args.code).contract_number
    print(pick(f"{args.code} 已签约，合同号 {number}", f"{args.code} signed, contract {number}"))


def cmd_history(db: Database, args: argparse.Namespace) -> None:
    reader = session.acting(db, args)  # the history names customers
    with db.begin() as s:
        auth.require(reader.prove(s), "units.view")
        project = projects.find_project(s, args.project)
        rows = units.history(s, project.id, args.code)
    if args.json:
        json_out([{"at": r.at.isoformat() + "Z", "action": r.action, "from": r.from_status,
                    "to": r.to_status, "by": r.actor, "approved_by": r.approver,
                    "customer": r.customer, "reason": r.reason,
                    "contract_number": r.contract_number} for r in rows])
        return
    for r in rows:
        action = labels.label_of(UnitAction, r.action)
        who = r.actor or pick("系统", "system")
        line = (f"{full(r.at)}  {action}  {labels.status_name(r.from_status)} → "
                f"{labels.status_name(r.to_status)}  {who}")
        if r.customer:
            line += f"  {pick('客户', 'customer')} {r.customer}"
        if r.contract_number:
            line += f"  {pick('合同号', 'contract')} {r.contract_number}"
        if r.approver:
            line += f"  {pick('审批', 'approved by')} {r.approver}"
        if r.reason:
            line += f"  {r.reason}"
        print(line)


USER_HELP = session.USER_HELP
REP_HELP = ("login of the sales rep (置业顾问) credited; default: the customer's owner, or the "
            "user when a sales rep (required when the customer has none)")


def register(sub: Any) -> None:
    g = sub.add_parser("units", help="the sales-control grid").add_subparsers(
        dest="units_cmd", metavar="ACTION", required=True)

    def cmd(name: str, func: Any, help: str) -> argparse.ArgumentParser:
        p = g.add_parser(name, help=help)
        p.add_argument("--project", help="project name (needed when there are several)")
        p.set_defaults(func=func)
        return p

    p = cmd("import", cmd_import, "import a price list (.xlsx or .csv), all rows or none")
    p.add_argument("file")
    p.add_argument("--new-project", metavar="NAME",
                   help="create this project and import into it (--project names an existing "
                        "one)")
    p.add_argument("--map", nargs="*", metavar="COLUMN=FIELD",
                   help="map a column heading to a field (building, room, gross_area, …), "
                        "or to - to leave it out")
    p.add_argument("--dry-run", action="store_true",
                   help="show what the import would do (columns, buildings, statuses, pricing "
                        "convention, problem rows) and write nothing")
    p.add_argument("--user", help=USER_HELP)
    p = cmd("list", cmd_list, "list units")
    p.add_argument("--status", choices=list(UnitStatus))
    p.add_argument("--building")
    p.add_argument("--user", help="show what this user may see (full phone numbers, floor "
                   "prices); default: DESK_USER or the desk login session, else masked")
    p.add_argument("--json", action="store_true")
    p = cmd("hold", cmd_hold, "hold a unit for a customer (exit 3 if it is not available)")
    p.add_argument("code")
    p.add_argument("--customer-phone", required=True)
    p.add_argument("--customer-name", help="needed for a new customer")
    p.add_argument("--user", help=USER_HELP)
    p.add_argument("--minutes", type=parser.minutes)
    p.add_argument("--rep", help=REP_HELP)
    p = cmd("release", cmd_release, "release a hold")
    p.add_argument("code")
    p.add_argument("--user", help=USER_HELP)
    p.add_argument("--reason")
    p = cmd("extend", cmd_extend, "give a hold more time (up to its maximum)")
    p.add_argument("code")
    p.add_argument("--user", help=USER_HELP)
    p.add_argument("--minutes", type=parser.minutes)
    p = cmd("subscribe", cmd_subscribe, "record a subscription (认购) with its deposit")
    p.add_argument("code")
    p.add_argument("--customer-phone", required=True)
    p.add_argument("--customer-name")
    p.add_argument("--deposit", required=True, type=parser.money)
    p.add_argument("--price", required=True, type=parser.money, help="agreed total price")
    p.add_argument("--sign-by", type=parser.day, help="YYYY-MM-DD")
    p.add_argument("--payment", default=PaymentMethod.MORTGAGE, choices=list(PaymentMethod))
    p.add_argument("--approver", help="manager's login, for a discount past the limit (the "
                   "password from DESK_APPROVER_PASSWORD or typed)")
    p.add_argument("--user", help=USER_HELP)
    p.add_argument("--rep", help=REP_HELP)
    p = cmd("contract", cmd_contract, "sign the contract of a subscribed unit")
    p.add_argument("code")
    p.add_argument("--user", help=USER_HELP)
    p = cmd("history", cmd_history, "every status change of a unit")
    p.add_argument("code")
    p.add_argument("--user", help="who reads it (default: DESK_USER or `desk login`)")
    p.add_argument("--json", action="store_true")
