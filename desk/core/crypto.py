"""Encryption of sensitive customer fields (ID numbers), and the signatures of
printed document codes.

The key lives outside the database, in the data folder (or DESK_KEY_FILE), so a
copy of the database alone does not reveal the numbers. Every PC that shares a
PostgreSQL database needs the same key file. The signing key is derived from
the same file (HKDF), so that one file serves both and neither key gives away
the other.

The key is never made as a side effect: a PC without it refuses everything that
needs it (ConfigurationError), because a new key there would make numbers that no
other PC can read and slips that no other PC accepts. It is made by `desk key
init`, or when a new showroom is set up on an empty database (`new_showroom_key`).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desk.core import config
from desk.core.errors import ConfigurationError, Conflict, DeskError

if TYPE_CHECKING:
    from desk.core.uow import UnitOfWork


def key_file() -> Path:
    return Path(os.environ.get("DESK_KEY_FILE") or config.data_dir() / "customer-data.key")


def has_key() -> bool:
    return key_file().is_file()


def create_key() -> Path:
    """Make this showroom's key (owner-only); refused when one exists, since a
    replaced key makes every stored number unreadable."""
    path = key_file()
    if path.exists():
        raise Conflict(f"密钥文件已存在：{path}。不会覆盖它。",
                       f"A key file exists already: {path}. It is not replaced.")
    try:
        if not path.parent.exists():
            config.private_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made at the same moment by another process
        raise Conflict(f"密钥文件已存在：{path}。不会覆盖它。",
                       f"A key file exists already: {path}. It is not replaced.") from None
    except OSError as e:
        raise ConfigurationError(f"无法创建密钥文件 {path}：{e.strerror}",
                                 f"Cannot create the key file {path}: {e.strerror}") from None
    with os.fdopen(fd, "wb") as f:
        f.write(Fernet.generate_key())
    return path


def is_new_showroom(uow: UnitOfWork) -> bool:
    """This PC has no key and the database has neither accounts nor customers:
    a new showroom is being set up, whose key is made here. A database with data
    means the key exists on another PC: it must be copied from there."""
    from sqlalchemy import func, select

    from desk.models import Customer, User

    if has_key():
        return False
    return not any(uow.scalar(select(func.count()).select_from(model))
                   for model in (User, Customer))


def new_showroom_key(uow: UnitOfWork) -> Path | None:
    """The key of a new showroom (see `is_new_showroom`), made now; else None."""
    return create_key() if is_new_showroom(uow) else None


def missing_key(path: Path) -> ConfigurationError:
    return ConfigurationError(
        f"这台电脑没有客户数据密钥（{path}）：请从第一台电脑复制该文件，"
        "新售楼处请运行 desk key init。",
        f"This PC has no customer-data key ({path}): copy that file from the first PC, "
        "or run `desk key init` for a new showroom.",
    )


@cache
def _fernet(path: str) -> Fernet:
    p = Path(path)
    try:
        raw = p.read_bytes().strip()
    except FileNotFoundError:
        raise missing_key(p) from None
    except OSError as e:
        raise ConfigurationError(f"无法读取密钥文件 {p}：{e.strerror}",
                                 f"Cannot read the key file {p}: {e.strerror}") from None
    try:
        return Fernet(raw)
    except ValueError:
        raise ConfigurationError(f"密钥文件 {p} 已损坏：请从第一台电脑重新复制。",
                                 f"The key file {p} is damaged: copy it again from the first PC.",
                                 ) from None


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
    _fernet(path)  # refuses when there is no key
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"showroom-desk document codes v1").derive(Path(path).read_bytes().strip())


def sign(message: str) -> bytes:
    """HMAC-SHA256 of `message` with the installation's signing key: the same on
    every PC that holds the showroom's key file, unknown to anyone without it."""
    return hmac.new(_signing_key(str(key_file())), message.encode(), hashlib.sha256).digest()
