"""`desk restore PATH`: put a backup back in place of the database.

A backup that is not Showroom Desk's, or comes from a newer version, is refused
before anything is touched. Restoring needs an administrator, except when the
current database cannot be opened at all: then whoever may write its file (or,
on PostgreSQL, holds its credentials) can restore it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desk.admin import auth
from desk.cli import session
from desk.core import backup
from desk.core.db import Database
from desk.core.errors import DeskError, pick


def _administrator(db: Database, args: argparse.Namespace) -> None:
    who = session.acting(db, args)
    with db.begin() as s:
        actor = who.prove(s)
    auth.require(actor, "data.backup")


def check_restored(db: Database) -> list[str]:
    """The business invariants of the restored database; [] when all hold."""
    from desk.sales import invariants

    with db.read() as s:
        return invariants.check(s)


def cmd_restore(db: Database, args: argparse.Namespace) -> None:
    info = backup.inspect(db, Path(args.path))
    if backup.can_open(db):
        _administrator(db, args)
    backup.restore(db, info, force=args.force)
    db.migrate()  # a backup made by an older version
    problems = check_restored(db)
    if problems:
        listed = "; ".join(problems[:3])
        raise DeskError(f"已恢复 {info.path}，但业务检查发现问题：{listed}",
                        f"Restored {info.path}, but the business checks found: {listed}")
    print(pick(f"已从 {info.path} 恢复：{db.description}；完整性与业务检查通过。",
               f"Restored {db.description} from {info.path}; integrity and business checks "
               "pass."))


def register(sub: Any) -> None:
    p = sub.add_parser("restore", help="replace the database with a backup (administrator)")
    p.add_argument("path", help="a file made by `desk backup` or the daily backup")
    p.add_argument("--force", action="store_true",
                   help="restore even while the application runs on the database, or over "
                   "changes newer than the backup")
    p.add_argument("--user", help="the administrator (default: DESK_USER or `desk login`)")
    p.set_defaults(func=cmd_restore)
