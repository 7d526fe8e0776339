"""`desk key init`: the customer-data key of a new showroom.

The key encrypts ID numbers and signs printed codes. It is made once, on the
showroom's first PC, and copied to every other PC: nothing makes one on the fly.
"""

from __future__ import annotations

import argparse
from typing import Any

from desk.core import crypto
from desk.core.db import Database
from desk.core.errors import pick


def cmd_key_init(db: Database, args: argparse.Namespace) -> None:
    path = crypto.create_key()
    print(pick(
        f"已创建客户数据密钥：{path}。请把它复制到共用这个数据库的每台电脑，并和备份分开妥善保管。",
        f"Customer-data key created: {path}. Copy it to every PC that shares this database, "
        "and keep a copy safe, apart from the backups.",
    ))


def register(sub: Any) -> None:
    key = sub.add_parser("key", help="the customer-data key file").add_subparsers(
        dest="key_cmd", metavar="ACTION", required=True)
    key.add_parser("init", help="create the key of a new showroom (refused when one "
                   "exists)").set_defaults(func=cmd_key_init)
