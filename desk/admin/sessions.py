"""Command-line sessions: `desk login` proves the password once and hands out a
token that stands for it until it expires, so scripts need no password.

The token is only ever kept by its owner (a private file on that PC); the
database keeps its SHA-256, so reading the table gives no usable token."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select

from desk.admin.auth import Actor, actor_of
from desk.core.errors import AuthenticationFailed, InvalidInput
from desk.core.uow import UnitOfWork
from desk.models.user import CliSession, User

DEFAULT_HOURS = 8
MAX_HOURS = 168  # a week


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_hours(hours: int) -> int:
    if not 1 <= hours <= MAX_HOURS:
        raise InvalidInput(f"会话时长须在 1 到 {MAX_HOURS} 小时之间。",
                           f"A session lasts 1 to {MAX_HOURS} hours.", field="hours")
    return hours


def open_session(uow: UnitOfWork, actor: Actor, hours: int, host: str) -> str:
    """A new token for `actor` (already proven by password); the user's expired
    sessions go."""
    check_hours(hours)
    now = uow.now
    uow.execute(delete(CliSession).where(CliSession.user_id == actor.id,
                                         CliSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    uow.add(CliSession(user_id=actor.id, token_hash=_digest(token), created_at=now,
                       expires_at=now + timedelta(hours=hours), host=host[:100]))
    uow.flush()
    return token


def resume(uow: UnitOfWork, token: str) -> Actor:
    """The user the token stands for, while it is unexpired (database clock) and
    the account active."""
    row = uow.execute(
        select(CliSession, User).join(User, User.id == CliSession.user_id)
        .where(CliSession.token_hash == _digest(token))
    ).first()
    if row is None or row[0].expires_at <= uow.now:
        raise AuthenticationFailed("登录会话已过期或无效：请重新运行 desk login。",
                                   "The session has expired or is not valid: run desk login again.")
    user = row[1]
    if not user.active:
        raise AuthenticationFailed("该账号已停用。", "This account is deactivated.")
    return actor_of(user)


def close_session(uow: UnitOfWork, token: str) -> bool:
    """End the session; False when there was none (expired and swept, or unknown)."""
    gone = uow.execute(delete(CliSession).where(CliSession.token_hash == _digest(token)))
    return bool(getattr(gone, "rowcount", 0))
