"""Encryption of sensitive customer fields (ID numbers).

The key lives outside the database, in the data folder (or DESK_KEY_FILE), so a
copy of the database alone does not reveal the numbers. Every PC that shares a
PostgreSQL database needs the same key file.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from desk.core import config
from desk.core.errors import DeskError


def key_file() -> Path:
    return Path(os.environ.get("DESK_KEY_FILE") or config.data_dir() / "customer-data.key")


@cache
def _fernet(path: str) -> Fernet:
    p = Path(path)
    if not p.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(Fernet.generate_key())
    return Fernet(p.read_bytes().strip())


def encrypt(text: str) -> str:
    return _fernet(str(key_file())).encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(str(key_file())).decrypt(token.encode()).decode()
    except InvalidToken:
        raise DeskError(
            f"无法解密证件号：这台电脑的密钥文件（{key_file()}）与录入时的不同。",
            f"Cannot decrypt the ID number: this PC's key file ({key_file()}) is not the one "
            "it was stored with.",
        ) from None
