"""The command line: the same database, services and rules as the GUI.

`desk` with no command opens the GUI. User errors print one line on stderr and
exit non-zero (the DeskError's exit code); a traceback means a bug.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from desk.cli.output import json_out, table
from desk.core import errors, labels
from desk.core.db import Database
from desk.core.errors import DeskError
from desk.models.enums import Role

Handler = Callable[[Database, argparse.Namespace], int | None]


# --- commands ---------------------------------------------------------------


def cmd_init(db: Database, args: argparse.Namespace) -> None:
    db.migrate()
    print(errors.pick(f"数据库就绪：{db.description}", f"Database ready: {db.description}"))


def cmd_demo(db: Database, args: argparse.Namespace) -> None:
    from desk.demo import showroom as demo

    db.migrate()
    with db.begin() as s:
        if args.if_empty and not demo.is_empty(s):
            return
        demo.load(s)
    print(errors.pick(
        f"已装入演示数据；所有演示账号的密码都是 {demo.DEMO_PASSWORD}",
        f"Demo data loaded; every demo account's password is {demo.DEMO_PASSWORD}",
    ))


def _ask_password(given: str | None) -> str:
    if given:
        return given
    if not sys.stdin.isatty():
        raise errors.InvalidInput(
            "没有终端可以输入密码：请用 --password 给出。",
            "No terminal to type a password in: give it with --password.",
        )
    first = getpass.getpass(errors.pick("密码：", "Password: "))
    if getpass.getpass(errors.pick("再输入一次：", "Again: ")) != first:
        raise errors.InvalidInput("两次输入的密码不一致。", "The two passwords differ.")
    return first


def cmd_users_add(db: Database, args: argparse.Namespace) -> None:
    from desk.admin import auth

    password = _ask_password(args.password)
    with db.begin() as s:
        user = auth.create_user(s, None, args.login, args.name, args.role, password)
        print(errors.pick(f"已添加用户 {user.login}", f"User {user.login} added"))


def cmd_users_list(db: Database, args: argparse.Namespace) -> None:
    from desk.admin import auth

    with db.read() as s:
        users = auth.list_users(s)
        rows = [
            {"login": u.login, "name": u.name, "role": u.role, "active": u.active}
            for u in users
        ]
    if args.json:
        json_out(rows)
        return
    table(
        [[u.login, u.name, labels.label_of(Role, u.role), "" if u.active else "×"] for u in users],
        errors.pick("登录名 姓名 角色 停用", "login name role inactive").split(),
    )


def cmd_users_passwd(db: Database, args: argparse.Namespace) -> None:
    from desk.admin import auth

    password = _ask_password(args.password)
    with db.begin() as s:
        auth.set_password(s, None, args.login, password)
    print(errors.pick("密码已更改", "Password changed"))


def cmd_users_disable(db: Database, args: argparse.Namespace) -> None:
    from desk.admin import auth

    with db.begin() as s:
        auth.set_active(s, None, args.login, args.enable)


def cmd_backup(db: Database, args: argparse.Namespace) -> None:
    from desk.core.backup import backup

    path = backup(db, Path(args.path))
    print(errors.pick(f"已备份到 {path}", f"Backed up to {path}"))


# --- parser -----------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="desk", description="Showroom Desk")
    p.add_argument("--db", metavar="URL", help="database URL (default: DESK_DATABASE_URL or the "
                   "SQLite file in the data folder)")
    p.add_argument("--lang", choices=["zh", "en"], help="language of the messages and the GUI")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("init", help="create or upgrade the database").set_defaults(func=cmd_init)
    d = sub.add_parser("demo", help="load the demo showroom into an empty database")
    d.add_argument("--if-empty", action="store_true", help="do nothing when data exists")
    d.set_defaults(func=cmd_demo)

    users = sub.add_parser("users", help="staff accounts").add_subparsers(
        dest="users_cmd", metavar="ACTION", required=True
    )
    a = users.add_parser("add", help="add an account")
    a.add_argument("login")
    a.add_argument("--name", required=True)
    a.add_argument("--role", required=True,
                   choices=list(Role))
    a.add_argument("--password")
    a.set_defaults(func=cmd_users_add)
    ls = users.add_parser("list", help="list accounts")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_users_list)
    pw = users.add_parser("passwd", help="set a password")
    pw.add_argument("login")
    pw.add_argument("--password")
    pw.set_defaults(func=cmd_users_passwd)
    for name, enable in (("disable", False), ("enable", True)):
        x = users.add_parser(name, help=f"{name} an account")
        x.add_argument("login")
        x.set_defaults(func=cmd_users_disable, enable=enable)

    b = sub.add_parser("backup", help="copy the database to a file")
    b.add_argument("path")
    b.set_defaults(func=cmd_backup)

    for extend in _command_groups():
        extend(sub)
    return p


def _command_groups() -> list[Callable[[Any], None]]:
    """Command groups kept in modules of their own."""
    from desk.cli import approvals as cli_approvals
    from desk.cli import prints as cli_print
    from desk.cli import queue as cli_queue
    from desk.cli import units as cli_units
    from desk.cli import visitors as cli_visitors

    return [cli_units.register, cli_queue.register, cli_visitors.register, cli_print.register,
            cli_print.register_verify, cli_approvals.register]


def _showroom_zone(db: Database) -> None:
    """Times print in the showroom's time zone, as on every screen."""
    from desk.admin import settings
    from desk.core import timefmt

    with db.read() as s:
        timefmt.set_zone(settings.get(s, "showroom.timezone"))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        errors.set_language(args.lang)
    if args.command is None:
        from desk.app import main as gui_main

        return gui_main(db_url=args.db, lang=args.lang)
    db = Database(args.db)
    try:
        if args.command not in ("init", "demo"):
            db.migrate()
            _showroom_zone(db)
        return args.func(db, args) or 0
    except DeskError as e:
        print(f"desk: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; nothing is left to tell it.
        sys.stderr.close()
        return 0
    finally:
        db.dispose()


if __name__ == "__main__":
    sys.exit(main())
