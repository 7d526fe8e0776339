"""The command line: the same database, services and rules as the GUI.

`desk` with no command opens the GUI. User errors print one line on stderr and
exit non-zero (the DeskError's exit code); a traceback means a bug.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from desk.cli import parser
from desk.cli.output import json_out, table
from desk.core import errors

if TYPE_CHECKING:  # SQLAlchemy and the models load inside main(), see there
    from desk.core.db import Database

Handler = Callable[["Database", argparse.Namespace], int | None]


# --- commands ---------------------------------------------------------------


def cmd_init(db: Database, args: argparse.Namespace) -> None:
    from desk.core import crypto

    db.migrate()
    print(errors.pick(f"数据库就绪：{db.description}", f"Database ready: {db.description}"))
    with db.begin() as s:
        made = crypto.new_showroom_key(s)
    if made is not None:
        print(errors.pick(
            f"新售楼处：已创建客户数据密钥 {made}；请把它复制到共用这个数据库的每台电脑，并妥善保管。",
            f"A new showroom: customer-data key created at {made}; copy it to every PC that "
            "shares this database, and keep a copy safe."))
    elif not crypto.has_key():
        print(f"desk: {crypto.missing_key(crypto.key_file())}", file=sys.stderr)


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


def cmd_users_add(db: Database, args: argparse.Namespace) -> None:
    """The first account of an empty database needs nobody signed in (it must be
    an administrator); every later one needs an administrator."""
    from desk.admin import auth
    from desk.cli import session

    with db.read() as s:
        first = auth.count_users(s) == 0
    who = None if first else session.acting(db, args)
    password = session.new_password()
    with db.begin() as s:
        if who is None:
            user = auth.create_first_user(s, args.login, args.name, args.role, password)
        else:
            user = auth.create_user(s, who.prove(s), args.login, args.name, args.role, password)
        print(errors.pick(f"已添加用户 {user.login}", f"User {user.login} added"))


def cmd_users_list(db: Database, args: argparse.Namespace) -> None:
    from desk.admin import auth
    from desk.core import labels
    from desk.models.enums import Role

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
    """Your own password (proven by the current one), or anyone's as an administrator."""
    from desk.admin import auth
    from desk.cli import session

    who = session.user(db, args, optional=True) or session.acting(
        db, argparse.Namespace(user=args.login))
    password = session.new_password()
    with db.begin() as s:
        auth.set_password(s, who.prove(s), args.login, password)
    print(errors.pick("密码已更改", "Password changed"))


def cmd_users_disable(db: Database, args: argparse.Namespace) -> None:
    from desk.admin import auth
    from desk.cli import session

    who = session.acting(db, args)
    with db.begin() as s:
        auth.set_active(s, who.prove(s), args.login, args.enable)


def cmd_users_unlock(db: Database, args: argparse.Namespace) -> None:
    """Lift a lockout (wrong passwords) before it ends: an administrator."""
    from desk.admin import auth
    from desk.cli import session

    who = session.acting(db, args)
    with db.begin() as s:
        auth.unlock(s, who.prove(s), args.login)
    print(errors.pick(f"已解除 {args.login.strip().lower()} 的锁定",
                      f"{args.login.strip().lower()} unlocked"))


def cmd_backup(db: Database, args: argparse.Namespace) -> None:
    from desk.admin import auth
    from desk.cli import session
    from desk.core.backup import backup

    who = session.acting(db, args)
    with db.begin() as s:
        auth.require(who.prove(s), "data.backup")
    path = backup(db, Path(args.path))
    print(errors.pick(f"已备份到 {path}", f"Backed up to {path}"))


# --- parser -----------------------------------------------------------------


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of `command` and the built-in ones only."""
    from desk.models.enums import Role

    p = parser.DeskArgumentParser(prog="desk", description="Showroom Desk")
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
    a.add_argument("--user", help="the administrator adding it (not needed for the first "
                   "account, an administrator, of an empty database)")
    a.set_defaults(func=cmd_users_add)
    ls = users.add_parser("list", help="list accounts")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_users_list)
    pw = users.add_parser("passwd", help="set a password")
    pw.add_argument("login")
    pw.add_argument("--user", help="an administrator setting another's password (default: "
                    "LOGIN itself, proven by the current password)")
    pw.set_defaults(func=cmd_users_passwd)
    for name, enable in (("disable", False), ("enable", True)):
        x = users.add_parser(name, help=f"{name} an account")
        x.add_argument("login")
        x.add_argument("--user", help="the administrator doing it")
        x.set_defaults(func=cmd_users_disable, enable=enable)
    u = users.add_parser("unlock", help="lift a lockout after wrong passwords before it ends")
    u.add_argument("login")
    u.add_argument("--user", help="the administrator doing it")
    u.set_defaults(func=cmd_users_unlock)

    b = sub.add_parser("backup", help="copy the database to a file")
    b.add_argument("path")
    b.add_argument("--user", help="an administrator (default: DESK_USER or `desk login`)")
    b.set_defaults(func=cmd_backup)

    for extend in _command_groups(command):
        extend(sub)
    return p


# The module of each command kept in a module of its own, and its registering
# function: a command imports only its own module (most pull in half the services).
COMMAND_MODULES = {
    "units": ("units", "register"), "queue": ("queue", "register"),
    "visitors": ("visitors", "register"), "print": ("prints", "register"),
    "verify": ("prints", "register_verify"), "approvals": ("approvals", "register"),
    "key": ("keys", "register"), "restore": ("restore", "register"),
    "migrate-to": ("server", "register"), "connect": ("server", "register"),
    "login": ("session", "register"), "logout": ("session", "register"),
    "audit": ("audit", "register"), "payments": ("payments", "register"),
    "report": ("reports", "register"), "targets": ("targets", "register"),
    "commission": ("commission", "register"),
}


def _command_groups(command: str | None = None) -> list[Callable[[Any], None]]:
    """The registering functions of `command`'s module, or of every module (for
    --help, a typo's list of choices, or no command)."""
    wanted = ([COMMAND_MODULES[command]] if command in COMMAND_MODULES
              else list(dict.fromkeys(COMMAND_MODULES.values())))
    if command in ("init", "demo", "users", "backup"):
        wanted = []
    return [getattr(importlib.import_module(f"desk.cli.{module}"), name)
            for module, name in wanted]


def command_of(argv: Sequence[str]) -> str | None:
    """The command word of `argv` (the first word that is not an option of `desk`
    itself), or None."""
    words = iter(argv)
    for word in words:
        if word in ("--db", "--lang"):
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _upkeep_due(db: Database) -> bool:
    """Whether the opening has anything to put right (`desk.sales.upkeep`): one
    read, so that a command on a database with nothing to do (the usual case)
    neither loads the sales services nor takes the write lock for them."""
    from desk.sales import upkeep

    with db.read() as s:
        return upkeep.due(s)


def _showroom_zone(db: Database) -> None:
    """Times print in the showroom's time zone, as on every screen."""
    from desk.admin import settings
    from desk.core import timefmt

    with db.read() as s:
        timefmt.set_zone(settings.get(s, "showroom.timezone"))


def main(argv: Sequence[str] | None = None) -> int:
    """Start-up (SQLAlchemy, the models, the command's modules, the database's
    opening and upkeep) makes only objects that live as long as the process: the
    cycle collector stays off meanwhile, and they are frozen out of its sight
    before the command runs, which then pays for its own objects only (it would
    walk every imported class several times while a 10,000-unit list is built)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(list(sys.argv[1:] if argv is None else argv), enabled)
    finally:
        gc.unfreeze()  # a caller in the same process (the tests) finds it as it was
        if enabled:
            gc.enable()


def _started(collect: bool) -> None:
    gc.freeze()
    if collect:
        gc.enable()


class _NotTheGui(Exception):
    pass


class _GuiOptions(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotTheGui(message)


def gui_options(argv: Sequence[str]) -> argparse.Namespace | None:
    """The options of `desk` alone (the GUI: --db, --lang), read without the full
    parser, whose commands' modules load SQLAlchemy, the models and the services,
    none of which the login window waits for. None for anything else (a command,
    --help, a mistake): the full parser reads it, and says what is wrong."""
    if command_of(argv) is not None or "-h" in argv or "--help" in argv:
        return None
    p = _GuiOptions(prog="desk", add_help=False)
    p.add_argument("--db")
    p.add_argument("--lang", choices=["zh", "en"])
    try:
        args = p.parse_args(argv)
    except _NotTheGui:
        return None
    return argparse.Namespace(db=args.db, lang=args.lang, command=None)


def _run(argv: list[str], collect: bool) -> int:
    if "--lang" in argv[:-1] and argv[argv.index("--lang") + 1] == "en":
        errors.set_language("en")  # so that argument errors are in English too
    try:  # argparse and the argument check exit 2 with one line; --help exits 0
        parser.refuse_undecodable(argv)
        args = gui_options(argv) or build_parser(command_of(argv)).parse_args(argv)
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else 2
    if args.lang:
        errors.set_language(args.lang)
    if args.command is None:
        from desk.app import main as gui_main

        _started(collect)
        return gui_main(db_url=args.db, lang=args.lang)
    from desk.cli import failures
    from desk.core.db import Database

    if getattr(args, "alone", None) is not None:  # needs no database (desk connect)
        _started(collect)
        return int(args.alone(args))
    try:
        db = Database(args.db)
    except Exception as e:
        if isinstance(e, errors.DeskError):  # e.g. a damaged connection file
            failures.say(str(e))
            return e.exit_code
        if not failures.opening_failed(e):
            return failures.internal_error(e)
        refused = failures.bad_address(e, args.db)
        failures.say(str(refused))
        return refused.exit_code
    try:
        if args.command not in ("init", "demo", "key", "restore"):
            db.migrate()
            if _upkeep_due(db):
                from desk.sales.claims import sweep_expired

                sweep_expired(db)  # what the command reads and decides is the truth
                from desk.sales.payments import open_missing_plans_of

                open_missing_plans_of(db)  # deals from before payments were kept get their plan
            _showroom_zone(db)
        _started(collect)
        return args.func(db, args) or 0
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; nothing is left to tell it.
        sys.stderr.close()
        return 0
    except Exception as e:
        refusal = failures.refusal(e)
        if refusal is None:
            return failures.internal_error(e)
        failures.say(str(refusal))
        return refusal.exit_code
    finally:
        db.dispose()


if __name__ == "__main__":
    sys.exit(main())
