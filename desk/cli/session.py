"""Who acts at the command line, and how they prove it; `desk login` / `desk logout`.

A command that acts as a user names the user with --user, else DESK_USER, else
the user of this PC's `desk login` session. The user proves it with that
session's token, else the password in DESK_PASSWORD, else a password typed at a
prompt; with none of these the command is refused (exit 6) before it reads or
changes anything. Passwords are checked by `auth.login`, so wrong ones count
towards the same lockout as at the login window.

Passwords are asked for before the unit of work begins: a prompt must not keep
a write transaction (SQLite's write lock) open while someone types.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from desk.admin import auth, sessions
from desk.core import config
from desk.core.db import Database
from desk.core.errors import AuthenticationFailed, ConfigurationError, InvalidInput, pick
from desk.core.timefmt import full
from desk.core.uow import UnitOfWork

SESSION_FILE = "cli-session"
USER_HELP = ("who does it (default: DESK_USER or the desk login session); proven by the "
             "session, DESK_PASSWORD or the password typed")


def _no_user() -> AuthenticationFailed:
    return AuthenticationFailed("请用 --user 指明用户并输入密码，或先运行 desk login。",
                                "Name the user with --user and give the password, or run "
                                "desk login first.")


@dataclass(frozen=True)
class Credentials:
    """A user's login and what proves it, gathered before the unit of work."""

    login: str
    token: str | None = None
    password: str | None = None

    def prove(self, uow: UnitOfWork) -> auth.Actor:
        """The proven user, named as the one acting in `uow`; AuthenticationFailed
        (exit 6) otherwise."""
        actor: auth.Actor | None = None
        if self.token is not None:
            try:
                actor = sessions.resume(uow, self.token)
                if actor.login != self.login:  # a session file edited by hand
                    raise _no_user()
            except AuthenticationFailed:
                if self.password is None:
                    raise
                actor = None
        if actor is None:
            actor = auth.login(uow, self.login, self.password or "")
        uow.acting_as(actor.login, actor.id)
        return actor


# --- the session file -----------------------------------------------------


def session_path() -> Path:
    return config.data_dir() / SESSION_FILE


def _database(db: Database) -> str:
    return config.describe_url(db.url)


def read_session(db: Database) -> dict[str, str] | None:
    """This PC's session for the database `db`, if there is one."""
    try:
        data = json.loads(session_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all(
            isinstance(data.get(k), str) for k in ("database", "login", "token")):
        return None
    return data if data["database"] == _database(db) else None


def _write_session(data: dict[str, str]) -> Path:
    """Created owner-only from the start: a file made readable and then narrowed
    could be opened by someone else in between."""
    path = session_path()
    try:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f)
    except OSError as e:
        raise ConfigurationError(f"无法写入会话文件 {path}：{e.strerror}",
                                 f"Cannot write the session file {path}: {e.strerror}") from None
    return path


# --- asking for passwords ---------------------------------------------------


def _prompt(text: str) -> str | None:
    """A password typed at the terminal; None when there is no terminal."""
    if not sys.stdin.isatty():
        return None
    try:
        return getpass.getpass(text)
    except EOFError:
        return None


def _password_of(login: str) -> str | None:
    return os.environ.get("DESK_PASSWORD") or _prompt(pick(f"{login} 的密码：",
                                                           f"Password of {login}: "))


def user(db: Database, args: argparse.Namespace, *, optional: bool = False) -> Credentials | None:
    """The acting user of a command and their proof (see the module's text).
    `optional`: None when no user is named at all (the command then shows what
    anyone may see); else a missing user or proof is refused (exit 6)."""
    login = getattr(args, "user", None) or os.environ.get("DESK_USER")
    saved = read_session(db)
    if not login and saved is not None:
        login = saved["login"]
    if not login:
        if optional:
            return None
        raise _no_user()
    login = login.strip().lower()
    token = saved["token"] if saved is not None and saved["login"] == login else None
    if token is not None:
        return Credentials(login, token, os.environ.get("DESK_PASSWORD"))
    password = _password_of(login)
    if password is None:
        raise AuthenticationFailed(
            f"没有 {login} 的密码：请在终端输入，或设置 DESK_PASSWORD，或先运行 desk login。",
            f"No password for {login}: type it at a terminal, set DESK_PASSWORD, or run "
            "desk login first.")
    return Credentials(login, None, password)


def acting(db: Database, args: argparse.Namespace) -> Credentials:
    """`user()` for a command that cannot run without one."""
    who = user(db, args)
    assert who is not None
    return who


def approver_password(login: str) -> str:
    """The password of the manager approving at this desk: DESK_APPROVER_PASSWORD
    for scripts, else typed."""
    password = os.environ.get("DESK_APPROVER_PASSWORD") or _prompt(
        pick(f"审批经理 {login} 的密码：", f"Password of the approving manager {login}: "))
    if password is None:
        raise AuthenticationFailed(
            f"没有审批经理 {login} 的密码：请在终端输入，或设置 DESK_APPROVER_PASSWORD。",
            f"No password for the approving manager {login}: type it at a terminal or set "
            "DESK_APPROVER_PASSWORD.", field="approval")
    return password


def new_password() -> str:
    """A new password: DESK_NEW_PASSWORD for scripts, else typed twice."""
    given = os.environ.get("DESK_NEW_PASSWORD")
    if given:
        return given
    first = _prompt(pick("新密码：", "New password: "))
    if first is None:
        raise InvalidInput("没有终端可以输入新密码：请设置 DESK_NEW_PASSWORD。",
                           "No terminal to type the new password in: set DESK_NEW_PASSWORD.",
                           field="password")
    if _prompt(pick("再输入一次：", "Again: ")) != first:
        raise InvalidInput("两次输入的密码不一致。", "The two passwords differ.", field="password")
    return first


# --- desk login / desk logout -----------------------------------------------


def cmd_login(db: Database, args: argparse.Namespace) -> None:
    hours = sessions.check_hours(args.hours)
    login = (args.user or os.environ.get("DESK_USER") or "").strip().lower()
    if not login:
        raise _no_user()
    password = _password_of(login)
    if password is None:
        raise AuthenticationFailed(
            f"没有 {login} 的密码：请在终端输入，或设置 DESK_PASSWORD。",
            f"No password for {login}: type it at a terminal or set DESK_PASSWORD.")
    old = read_session(db)
    with db.begin() as s:
        actor = auth.login(s, login, password, sign_in=True)
        s.acting_as(actor.login, actor.id)
        if old is not None:
            sessions.close_session(s, old["token"])
        token = sessions.open_session(s, actor, hours, socket.gethostname())
        until = s.now + timedelta(hours=hours)
    _write_session({"database": _database(db), "login": actor.login, "token": token})
    print(pick(f"已登录为 {actor.login}，至 {full(until)}", f"Logged in as {actor.login} until "
               f"{full(until)}"))


def cmd_logout(db: Database, args: argparse.Namespace) -> None:
    saved = read_session(db)
    if saved is not None:
        with db.begin() as s:
            sessions.close_session(s, saved["token"])
    path = session_path()
    if not path.exists():
        print(pick("本机没有登录会话", "No session on this PC"))
        return
    path.unlink()
    print(pick("已退出登录", "Logged out"))


def register(sub: Any) -> None:
    p = sub.add_parser("login", help="prove your password once: commands act as you until "
                       "the session expires")
    p.add_argument("--user", help="your login (default: DESK_USER)")
    p.add_argument("--hours", type=int, default=sessions.DEFAULT_HOURS,
                   help=f"how long the session lasts (default {sessions.DEFAULT_HOURS}, at most "
                        f"{sessions.MAX_HOURS})")
    p.set_defaults(func=cmd_login)
    sub.add_parser("logout", help="end this PC's session").set_defaults(func=cmd_logout)
