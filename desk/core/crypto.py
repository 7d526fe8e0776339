"""Encryption of sensitive customer fields (ID numbers), and the signatures of
printed document codes.

The key lives outside the database, in the data folder (or DESK_KEY_FILE), so a
copy of the database alone does not reveal the numbers. Every PC that shares a
PostgreSQL database needs the same key file. The signing key is derived from
the same file (HKDF), so that one file serves both and neither key gives away
the other.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

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


@cache
def _signing_key(path: str) -> bytes:
    _fernet(path)  # makes the key file on first use
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"showroom-desk document codes v1").derive(Path(path).read_bytes().strip())


def sign(message: str) -> bytes:
    """HMAC-SHA256 of `message` with the installation's signing key: the same on
    every PC that holds the showroom's key file, unknown to anyone without it."""
    return hmac.new(_signing_key(str(key_file())), message.encode(), hashlib.sha256).digest()
