"""`desk print …`: the documents as PDF files; `desk verify CODE`: what a slip's
code names, and whether the slip is genuine."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desk.admin import projects
from desk.cli import parser, session
from desk.cli.output import json_out
from desk.core import labels
from desk.core.db import Database
from desk.core.errors import InvalidInput, pick
from desk.documents import prints, slipcode


def cmd_print(db: Database, args: argparse.Namespace) -> None:
    out = Path(args.output)
    if out.suffix.lower() != ".pdf":
        raise InvalidInput("输出文件应以 .pdf 结尾。", "The output file must end in .pdf.",
                           field="output")
    prints.check_output(out)  # before the database is even opened for writing
    kind = {"visitor-form": "visitor_form"}.get(args.print_cmd, args.print_cmd)
    ref = str(args.customer) if kind == "visitor_form" and args.customer else getattr(
        args, "ref", "") or ""
    who = session.acting(db, args)
    with db.begin() as s:
        actor = who.prove(s)
        project = projects.find_project(s, args.project)
        printed = prints.issue_to_file(s, prints.PrintRequest(
            actor, kind, project.id, ref.strip(), void_reason=args.void or ""), out,
            make_folder=True)
    mark = f"（{printed.mark}）" if printed.mark else ""
    print(pick(f"已生成 {out}{mark}，第 {printed.copy_no} 份",
               f"Wrote {out}{mark}, copy {printed.copy_no}"))


def register(sub: Any) -> None:
    g = sub.add_parser("print", help="documents as PDF").add_subparsers(
        dest="print_cmd", metavar="DOCUMENT", required=True)
    for name, ref, help_ in (("slip", "CODE", "reservation slip of a held unit"),
                             ("subscription", "CODE", "subscription agreement of a unit"),
                             ("contract", "NUMBER", "sale contract by its number"),
                             ("receipt", "NUMBER", "receipt (收据) of a payment by its number"),
                             ("visitor-form", None, "visitor registration form")):
        p = g.add_parser(name, help=help_)
        if ref:
            p.add_argument("ref", metavar=ref)
        else:
            p.add_argument("--customer", type=parser.record_id,
                           help="filled for this customer id; else blank")
        p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
        p.add_argument("--user", help=session.USER_HELP)
        p.add_argument("--project")
        p.add_argument("--void", metavar="REASON", help="print it marked 作废 (voided)")
        p.set_defaults(func=cmd_print)


def cmd_verify(db: Database, args: argparse.Namespace) -> None:
    with db.read() as s:
        facts = slipcode.verify(s, args.code)
    if args.json:
        json_out(facts.as_dict())
    else:
        print(labels.slip_check(facts))


def register_verify(sub: Any) -> None:
    v = sub.add_parser("verify", help="check a reservation slip's code (its QR code, as scanned)",
                       description="Exit status: 0 genuine, 2 not a document code, 4 genuine "
                                   "but no such record here, 8 forged or altered.")
    v.add_argument("code", metavar="CODE", help="the text of the slip's QR code (SD1:…)")
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=cmd_verify)
