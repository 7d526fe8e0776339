"""`desk queue …`: the rotation from the command line (scripts, or a broken screen)."""

from __future__ import annotations

import argparse
from typing import Any

from desk.cli import parser, session
from desk.cli.output import json_out, table
from desk.core import labels
from desk.core.db import Database
from desk.core.errors import pick
from desk.core.timefmt import full, hm
from desk.models.enums import BreakKind
from desk.reception import rotation, waiting


def cmd_simple(db: Database, args: argparse.Namespace) -> None:
    who = session.acting(db, args)
    with db.begin() as s:
        actor = who.prove(s)
        if args.queue_cmd == "checkin":
            place = rotation.checkin(s, actor, args.login)
            print(pick(f"{args.login} 已签到，排第 {place} 位", f"{args.login} checked in, place {place}"))
        elif args.queue_cmd == "break":
            rotation.set_break(s, actor, args.login, args.kind, force=args.force)
        elif args.queue_cmd == "back":
            rotation.back(s, actor, args.login)
        elif args.queue_cmd == "leave":
            rotation.leave(s, actor, args.login, force=args.force)


def cmd_walkin(db: Database, args: argparse.Namespace) -> None:
    who = session.acting(db, args)
    with db.begin() as s:
        actor = who.prove(s)
        a = rotation.walkin(s, actor, phone=args.phone, party_size=args.party,
                            assign_to=args.assign, reason=args.reason or "", note=args.note or "")
    if isinstance(a, rotation.Waiting):  # nobody free: on the waiting list
        print(f"-\t{a.number}\t{labels.waiting_told(a)}")
        return
    print(f"{a.rep_login}\t{a.rep_name}\t{labels.assignment(a)}")


def cmd_finish(db: Database, args: argparse.Namespace) -> None:
    who = session.acting(db, args)
    with db.begin() as s:
        rotation.finish(s, who.prove(s), args.login, invalid=args.invalid,
                        force=args.force)


def cmd_undo(db: Database, args: argparse.Namespace) -> None:
    who = session.acting(db, args)
    with db.begin() as s:
        u = rotation.undo(s, who.prove(s), args.reception)
    print(labels.undone(u))


def cmd_left(db: Database, args: argparse.Namespace) -> None:
    who = session.acting(db, args)
    with db.begin() as s:
        v = waiting.left(s, who.prove(s), args.number)
    print(pick(f"等候号 {v.number} 的客人已离开", f"Waiting visitor no. {v.number} left"))


def cmd_status(db: Database, args: argparse.Namespace) -> None:

    with db.read() as s:
        lines = rotation.board(s)
        opened = rotation.open_receptions(s)
        why = labels.why_next(rotation.next_reason(s))
        queue = waiting.waiting_list(s)
    if args.json:
        json_out({
            "order": [{"position": r.position, "login": r.login, "name": r.name,
                       "status": r.status, "break_kind": r.break_kind or None,
                       "since": r.since.isoformat() + "Z", "next": r.is_next,
                       "forfeits": r.forfeits} for r in lines],
            "open_receptions": [{"id": o.id, "rep": o.rep_name, "how": o.how,
                                 "party_size": o.party_size,
                                 "arrived_at": o.arrived_at.isoformat() + "Z",
                                 "registered": o.registered} for o in opened],
            "waiting": [{"number": w.number, "position": w.position, "party_size": w.party_size,
                         "arrived_at": w.arrived_at.isoformat() + "Z", "waited": w.waited,
                         "estimate": w.estimate, "customer": w.customer, "note": w.note}
                        for w in queue],
            "why_next": why,
        })
        return
    table([[str(r.position), ("→ " if r.is_next else "") + r.name, r.login,
             labels.rep_status(r.status, r.break_kind),
             hm(r.since), str(r.forfeits)] for r in lines],
           pick("位次 姓名 登录名 状态 自 轮空", "place name login status since forfeits").split())
    print(why)
    for o in opened:
        print(pick(f"接待中 #{o.id} {o.rep_name} {o.party_size}人 自 {hm(o.arrived_at)}",
                   f"open #{o.id} {o.rep_name} party of {o.party_size} since {hm(o.arrived_at)}"))
    for w in queue:
        who = " ".join(x for x in (w.customer or "", w.note) if x)
        print(pick(f"等候 {w.number}号 {w.party_size}人 {hm(w.arrived_at)} 到，已等 {w.waited} 分钟，"
                   f"{labels.about(w.estimate)} {who}",
                   f"waiting no. {w.number} party of {w.party_size} since {hm(w.arrived_at)}, "
                   f"waited {w.waited} min, {labels.about(w.estimate)} {who}").rstrip())


def cmd_replay(db: Database, args: argparse.Namespace) -> None:
    with db.read() as s:
        day = args.date or rotation.today(s)
        steps = rotation.replay_day(s, day)
    for st in steps:
        kind = labels.label(st.kind)
        flag = pick("（已撤销）", " (undone)") if st.undone else ""
        who = st.rep or ""
        by = f" [{st.actor}]" if st.actor else ""
        detail = labels.replay_detail(st.kind, st.data, st.skipped)
        print(f"#{st.event_id} {full(st.at)} {kind}{flag} {who} {detail}{by}")
        print("    " + " > ".join(st.order))


USER_HELP = session.USER_HELP


def register(sub: Any) -> None:
    g = sub.add_parser("queue", help="the reception rotation").add_subparsers(
        dest="queue_cmd", metavar="ACTION", required=True)
    for name, help_ in (("checkin", "a rep joins today's rotation"),
                        ("break", "a rep steps away (keeps their place)"),
                        ("back", "a rep is back in the hall"),
                        ("leave", "a rep is gone for the day")):
        p = g.add_parser(name, help=help_)
        p.add_argument("login")
        p.add_argument("--user", help=USER_HELP)
        if name == "break":
            p.add_argument("--kind", default=BreakKind.BREAK, choices=list(BreakKind))
        if name in ("break", "leave"):
            p.add_argument("--force", action="store_true",
                           help="even if the hall is left with nobody waiting")
        p.set_defaults(func=cmd_simple, force=False, kind=BreakKind.BREAK)
    p = g.add_parser("walkin", help="a visitor arrives: prints the assigned rep, or the "
                     "waiting number when every rep is busy")
    p.add_argument("--phone", help="a returning customer's mobile")
    p.add_argument("--party", type=parser.party, default=1, help="people arriving together")
    p.add_argument("--note", help="to recognise the visitor if they wait")
    p.add_argument("--assign", metavar="LOGIN", help="manager: give it to this rep")
    p.add_argument("--reason", help="why (required with --assign)")
    p.add_argument("--user", help=USER_HELP)
    p.set_defaults(func=cmd_walkin)
    p = g.add_parser("finish", help="a reception ends")
    p.add_argument("login")
    p.add_argument("--invalid", action="store_true", help="not a customer: the turn comes back")
    p.add_argument("--force", action="store_true",
                   help="even if the registration form is still to fill")
    p.add_argument("--user", help=USER_HELP)
    p.set_defaults(func=cmd_finish)
    p = g.add_parser("left", help="a waiting visitor left before a rep was free")
    p.add_argument("number", type=parser.record_id, help="the waiting number")
    p.add_argument("--user", help=USER_HELP)
    p.set_defaults(func=cmd_left)
    p = g.add_parser("undo", help="take back your last action (or the given reception's "
                     "assignment) within the undo window")
    p.add_argument("--reception", type=parser.record_id)
    p.add_argument("--user", help=USER_HELP)
    p.set_defaults(func=cmd_undo)
    p = g.add_parser("status", help="the order, statuses, open receptions and who waits")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)
    p = g.add_parser("replay", help="the day's events and the order after each")
    p.add_argument("--date", type=parser.day, help="YYYY-MM-DD (default today)")
    p.set_defaults(func=cmd_replay)
