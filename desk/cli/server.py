"""Several PCs on one PostgreSQL server: `desk migrate-to URL` moves this
showroom onto the server, `desk connect URL` points this PC at it."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from desk.admin import transfer
from desk.cli import session
from desk.cli.output import clean, table
from desk.core import config, connection
from desk.core.db import Database, unreachable
from desk.core.errors import DeskError, InvalidInput, pick


def cmd_migrate_to(db: Database, args: argparse.Namespace) -> None:
    connection.parse(args.url)
    who = session.acting(db, args)
    with db.begin() as s:
        actor = who.prove(s)
    target = Database(args.url)
    try:
        moved = transfer.migrate_to(actor, db, target)
    finally:
        target.dispose()
    table([[name, str(n)] for name, n in moved.counts.items()],
          pick("表 行数", "table rows").split())
    print(pick(
        f"已把 {moved.total} 行从 {db.description} 迁移到 {moved.target}，每张表的行数都已核对。"
        f"接下来在每台电脑上运行 desk connect。",
        f"Moved {moved.total} rows from {db.description} to {moved.target}; every table's "
        "count verified. Next, run desk connect on each PC.",
    ))


def connect(args: argparse.Namespace) -> int:
    """`desk connect`: runs before any database is opened, since it is what
    repairs the address when the stored one is wrong."""
    try:
        _connect(args)
    except DeskError as e:
        sys.stderr.write(f"desk: {clean(str(e))}\n")
        return e.exit_code
    return 0


def _connect(args: argparse.Namespace) -> None:
    if args.local and args.url is not None:
        raise InvalidInput("--local 和数据库地址只能给一个。", "Give either --local or an address, "
                           "not both.", field="url")
    if args.local:
        old = connection.forget()
        local = config.describe_url(config.default_database_url())
        if old is not None:
            print(pick(f"这台电脑不再连接 {config.describe_url(old)}，改用本机的数据库文件 {local}",
                       f"This PC no longer uses {config.describe_url(old)}; it uses its own "
                       f"database file {local}"))
        else:
            print(pick(f"这台电脑使用本机的数据库文件 {local}",
                       f"This PC uses its own database file {local}"))
        return
    if args.url is None:
        _show()
        return
    u = connection.storable(args.url)
    version = _reach(connection.with_password(u.render_as_string(hide_password=False)))
    saved = connection.save(args.url)
    where = config.describe_url(saved.url)
    print(pick(f"这台电脑现在使用 {where}（设置保存在 {connection.path()}，不含密码）",
               f"This PC now uses {where} (stored in {connection.path()}, without the password)"))
    if os.environ.get("DESK_DATABASE_URL"):
        print(pick("注意：这个终端设置了 DESK_DATABASE_URL，它优先于保存的地址。",
                   "Note: DESK_DATABASE_URL is set in this shell and wins over the stored address."))
    if saved.in_keyring:
        print(pick("密码保存在系统密钥环中。", "The password is kept in the OS keyring."))
    elif connection.keyring_backend() is None:
        print(pick(
            f"这台电脑没有系统密钥环：密码请写入 ~/.pgpass（权限 0600），或设置环境变量 "
            f"{connection.PASSWORD_ENV}。",
            f"This PC has no OS keyring: put the password in ~/.pgpass (mode 0600) or the "
            f"{connection.PASSWORD_ENV} environment variable."))
    if version is None:
        print(pick("这个数据库还是空的：在服务器上运行一次 desk init，或在原来那台电脑上运行 "
                   "desk migrate-to 把现有数据搬过来。",
                   "This database is still empty: run desk init once, or desk migrate-to on "
                   "the PC that holds the showroom to move its data here."))


def _reach(url: str) -> str | None:
    """Connect once before storing anything: the schema version, or the reason
    the server cannot be used."""
    from sqlalchemy.exc import DBAPIError

    db = Database(url)
    try:
        return db.schema_version()
    except DBAPIError as e:
        gone = unreachable(e, db.description)
        if gone is not None:
            raise gone from None
        raise DeskError(f"无法使用 {db.description}：{transfer.first_line(e)}",
                        f"Cannot use {db.description}: {transfer.first_line(e)}") from None
    finally:
        db.dispose()


def _show() -> None:
    stored = connection.stored_url()
    if stored is None:
        local = config.describe_url(config.default_database_url())
        print(pick(f"这台电脑使用本机的数据库文件 {local}", f"This PC uses its own database file {local}"))
    else:
        print(pick(f"这台电脑使用 {config.describe_url(stored)}",
                   f"This PC uses {config.describe_url(stored)}"))


def register(sub: Any) -> None:
    m = sub.add_parser("migrate-to", help="move this showroom onto an empty PostgreSQL database "
                       "(an administrator)")
    m.add_argument("url", metavar="URL", help="postgresql://USER@SERVER[:PORT]/DATABASE; the "
                   f"password from ~/.pgpass or {connection.PASSWORD_ENV}")
    m.add_argument("--user", help="an administrator's login (default: DESK_USER or the "
                   "desk login session)")
    m.set_defaults(func=cmd_migrate_to)

    c = sub.add_parser("connect", help="point this PC at the showroom's PostgreSQL server")
    c.add_argument("url", metavar="URL", nargs="?",
                   help="postgresql://USER@SERVER[:PORT]/DATABASE (without it: show the current one)")
    c.add_argument("--local", action="store_true", help="go back to this PC's own SQLite file")
    c.set_defaults(func=None, alone=connect)
