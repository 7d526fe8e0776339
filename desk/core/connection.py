"""Which server this PC uses: `connection.json` in the data folder holds the
database address without its password; the password lives in the OS keyring
where there is one, else in libpq's password file (~/.pgpass) or the
DESK_DATABASE_PASSWORD environment variable, never in a file of ours."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from desk.core import config
from desk.core.errors import ConfigurationError, InvalidInput

FILE_NAME = "connection.json"
KEYRING_SERVICE = "ShowroomDesk"
PASSWORD_ENV = "DESK_DATABASE_PASSWORD"


def path() -> Path:
    return config.data_dir() / FILE_NAME


def parse(url: str, field: str = "url") -> URL:
    try:
        return make_url(config.normalize_url(url))
    except (ArgumentError, ValueError):
        raise InvalidInput(
            "数据库地址格式不对，例如 postgresql://desk@192.0.2.10:5432/showroom。",
            "Not a database address; e.g. postgresql://desk@192.0.2.10:5432/showroom.",
            field=field,
        ) from None


def without_password(u: URL) -> URL:
    # URL.set() keeps a password it is given None for.
    return URL.create(u.drivername, u.username, None, u.host, u.port, u.database, u.query)


def key_of(u: URL) -> str:
    """The keyring entry of one login on one server's database."""
    return f"{u.username or ''}@{u.host or 'localhost'}:{u.port or 5432}/{u.database or ''}"


def keyring_backend() -> Any | None:
    """The OS keyring, or None where keyring finds only its fail/null backend
    (a Linux box without a Secret Service, a headless server)."""
    try:
        import keyring
        from keyring.backends import fail, null
    except ImportError:
        return None
    backend = keyring.get_keyring()
    return None if isinstance(backend, fail.Keyring | null.Keyring) else backend


def stored_url() -> str | None:
    """The address `desk connect` stored, without a password; None: this PC uses
    its own SQLite file."""
    file = path()
    if not file.exists():
        return None
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        url = data["url"]
        make_url(url)
    except (OSError, ValueError, KeyError, TypeError, ArgumentError):
        raise ConfigurationError(
            f"连接设置文件 {file} 已损坏：请重新运行 desk connect。",
            f"The connection file {file} is damaged: run desk connect again.",
        ) from None
    return str(url)


def with_password(url: str, *, from_keyring: bool = False) -> str:
    """A PostgreSQL address that names no password gets DESK_DATABASE_PASSWORD's,
    else (for the stored connection) the keyring's; without either, libpq reads
    ~/.pgpass when it connects."""
    try:
        u = make_url(url)
    except (ArgumentError, ValueError):
        return url  # opening it says what is wrong
    if u.get_backend_name() == "sqlite" or u.password:
        return url
    password = os.environ.get(PASSWORD_ENV)
    if not password and from_keyring:
        backend = keyring_backend()
        if backend is not None:
            password = backend.get_password(KEYRING_SERVICE, key_of(u))
    if not password:
        return url
    return u.set(password=password).render_as_string(hide_password=False)


@dataclass(frozen=True)
class Saved:
    url: str  # as stored: no password
    in_keyring: bool  # the URL's password went into the OS keyring


def storable(url: str) -> URL:
    """The address `save` would store, checked: a PostgreSQL server, and a password
    in it only where the OS keyring can keep it (never in plain text)."""
    u = parse(url)
    if u.get_backend_name() != "postgresql":
        raise InvalidInput(
            "只能连接 PostgreSQL 服务器；要改回本机的 SQLite 文件，请用 desk connect --local。",
            "Only a PostgreSQL server can be connected; to go back to this PC's SQLite file, "
            "use desk connect --local.",
            field="url",
        )
    backend = keyring_backend()
    if u.password and backend is None:
        raise ConfigurationError(
            "这台电脑没有系统密钥环，密码不能保存：请从地址中去掉密码，把它写入 ~/.pgpass"
            f"（权限 0600）或环境变量 {PASSWORD_ENV}。",
            "This PC has no OS keyring to keep the password in: leave it out of the address "
            f"and put it in ~/.pgpass (mode 0600) or the {PASSWORD_ENV} environment variable.",
        )
    return u


def save(url: str) -> Saved:
    """Store a PostgreSQL address for this PC; its password goes to the OS keyring."""
    u = storable(url)
    backend = keyring_backend()
    bare = without_password(u)
    if backend is not None:
        if u.password:
            backend.set_password(KEYRING_SERVICE, key_of(u), u.password)
        else:
            _forget_password(backend, bare)
    _write_private(path(), json.dumps({"url": bare.render_as_string()}, indent=2) + "\n")
    return Saved(bare.render_as_string(), bool(u.password))


def forget() -> str | None:
    """Back to this PC's SQLite file: drop the stored address and its password.
    Returns the address that was stored."""
    old = stored_url()
    if old is None:
        return None
    backend = keyring_backend()
    if backend is not None:
        _forget_password(backend, make_url(old))
    path().unlink()
    return old


def _forget_password(backend: Any, u: URL) -> None:
    from keyring.errors import PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError):  # there was none
        backend.delete_password(KEYRING_SERVICE, key_of(u))


def _write_private(file: Path, text: str) -> None:
    """Write a file only its owner can read, replacing any older one whole."""
    tmp = file.with_name(file.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        if hasattr(os, "fchmod"):  # an older file of that name kept its mode
            os.fchmod(fd, 0o600)
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, file)


def database_url(explicit: str | None = None) -> str:
    """--db URL, else DESK_DATABASE_URL, else the server `desk connect` stored for
    this PC, else the SQLite file in the data folder. A PostgreSQL URL without a
    password takes DESK_DATABASE_PASSWORD's (the stored one: else the keyring's)."""
    url = explicit or os.environ.get("DESK_DATABASE_URL")
    stored = not url and (url := stored_url()) is not None
    url = config.normalize_url(url or config.default_database_url())
    if url.startswith("postgresql"):
        url = with_password(url, from_keyring=stored)
    return url
