"""Staff accounts, passwords and permissions.

Services take an `Actor` (a plain snapshot of the logged-in user) and call
`require()` before they change anything, so a hidden button is never the only
guard.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Table, case, event, func, select, update
from sqlalchemy.orm import Session, SessionTransaction

from desk.admin import settings
from desk.admin.permissions import PERMISSIONS as PERMISSIONS
from desk.admin.permissions import Actor as Actor
from desk.admin.permissions import require as require
from desk.core import audit, bounds
from desk.core.changes import ChangeKind
from desk.core.errors import AuthenticationFailed, Conflict, InvalidInput, NotFound, PermissionDenied
from desk.core.uow import UnitOfWork
from desk.models import ROLES, User
from desk.models.enums import Role

log = logging.getLogger(__name__)
_hasher = PasswordHasher()
# Wrong passwords in a row (GUI, command line and a manager's approval alike)
# before an account refuses every sign-in, and for how long.
LOCKOUT_ATTEMPTS = 5
LOCKOUT_MINUTES = 15
LOGIN_RE = re.compile(r"^[a-z][a-z0-9_.-]{1,39}$")
MIN_PASSWORD = 6


# The application itself, for set-up work no person does (the demo loader's price
# list). No command acts as it: `desk.cli.session` proves a real user.
OPERATOR = Actor(None, "cli", "命令行", Role.ADMIN)


def actor_of(user: User) -> Actor:
    return Actor(user.id, user.login, user.name, user.role)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_new_user(login: str, name: str, role: str, password: str) -> None:
    if not LOGIN_RE.match(login):
        raise InvalidInput(
            "登录名须以小写字母开头，只含小写字母、数字、点、下划线或连字符（2–40 个字符）。",
            "A login starts with a lowercase letter and has 2–40 lowercase letters, digits, "
            "dots, underscores or hyphens.",
            field="login",
        )
    if not name.strip():
        raise InvalidInput("请填写姓名。", "Enter the person's name.", field="name")
    bounds.text(name, User.name, "姓名", "name", field="name")
    if role not in ROLES:
        raise InvalidInput(
            f"未知角色：{role}（可选：{', '.join(ROLES)}）",
            f"Unknown role: {role} (one of: {', '.join(ROLES)})",
            field="role",
        )
    _check_password(password)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(
            f"密码至少 {MIN_PASSWORD} 个字符。",
            f"A password has at least {MIN_PASSWORD} characters.",
            field="password",
        )


def create_user(
    uow: UnitOfWork, actor: Actor | None, login: str, name: str, role: str, password: str
) -> User:
    """Add a staff account. `actor` None is the local operator (CLI, first run)."""
    if actor is not None:
        require(actor, "users.manage")
    login = login.strip().lower()
    _check_new_user(login, name, role, password)
    if uow.execute(select(User.id).where(User.login == login)).first():
        raise Conflict(f"登录名 {login} 已被使用。", f"The login {login} is taken.", field="login")
    user = User(
        login=login, name=name.strip(), role=role, password_hash=hash_password(password),
        active=True, created_at=uow.now,
    )
    uow.add(user)
    uow.flush()
    uow.record(ChangeKind.USERS, user.id)
    return user


def create_first_user(uow: UnitOfWork, login: str, name: str, role: str, password: str) -> User:
    """The first account of an empty database, made with nobody signed in: an
    administrator, who then adds everyone else."""
    if count_users(uow):
        raise PermissionDenied("已有用户账号：添加用户需要管理员。",
                               "Accounts exist already: adding one needs an administrator.")
    if role != Role.ADMIN:
        raise InvalidInput("第一个账号必须是系统管理员（admin）。",
                           "The first account must be an administrator (admin).", field="role")
    return create_user(uow, None, login, name, role, password)


def set_password(uow: UnitOfWork, actor: Actor | None, login: str, password: str) -> None:
    if actor is not None and actor.login != login:
        require(actor, "users.manage")
    _check_password(password)
    user = get_user(uow, login)
    user.password_hash = hash_password(password)
    uow.record(ChangeKind.USERS, user.id)


def set_active(uow: UnitOfWork, actor: Actor | None, login: str, active: bool) -> None:
    if actor is not None:
        require(actor, "users.manage")
        if actor.login == login and not active:
            raise InvalidInput("不能停用自己的账号。", "You cannot deactivate your own account.")
    user = get_user(uow, login)
    user.active = active
    uow.record(ChangeKind.USERS, user.id)


def get_user(uow: UnitOfWork, login: str) -> User:
    query = select(User).where(User.login == login.strip().lower())
    user = uow.execute(query).scalar_one_or_none()
    if user is None:
        raise NotFound(f"没有登录名为 {login} 的用户。", f"No user with login {login}.",
                       field="login")
    return user


def get_actor(uow: UnitOfWork, login: str) -> Actor:
    user = get_user(uow, login)
    if not user.active:
        raise AuthenticationFailed(f"账号 {login} 已停用。", f"Account {login} is deactivated.")
    return actor_of(user)


def list_users(uow: UnitOfWork) -> list[User]:
    return list(uow.execute(select(User).order_by(User.role, User.login)).scalars())


def count_users(uow: UnitOfWork) -> int:
    return uow.execute(select(func.count(User.id))).scalar_one()


def login(uow: UnitOfWork, login_name: str, password: str, *, sign_in: bool = False) -> Actor:
    """Check a password; the message never says which of the two was wrong.

    After LOCKOUT_ATTEMPTS wrong passwords in a row the account is locked for
    LOCKOUT_MINUTES, the right password included. The failure, and a refusal
    of a locked account, are written in a transaction of their own (see
    `_write_failures`): the caller's rolls back. `sign_in`: a person signing in
    (the login window, `desk login`), recorded in the audit log with this unit
    of work; a password proving one command or an approval is not."""
    user = uow.execute(
        select(User).where(User.login == login_name.strip().lower())
    ).scalar_one_or_none()
    bad = AuthenticationFailed("登录名或密码不正确。", "Wrong login or password.", field="password")
    if user is None:
        # Spend the same time as a real check, so timing does not reveal logins.
        _hasher.hash(password or "x")
        raise bad
    now = uow.now
    if user.locked_until is not None and user.locked_until > now:
        uow.info.setdefault(_FAILURES, []).append((user.id, None))
        raise _locked(uow, user.locked_until)
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        until = now + timedelta(minutes=LOCKOUT_MINUTES)
        uow.info.setdefault(_FAILURES, []).append((user.id, until))
        if user.failed_logins + 1 >= LOCKOUT_ATTEMPTS:
            raise _locked(uow, until) from None
        raise bad from None
    if not user.active:
        raise AuthenticationFailed("该账号已停用。", "This account is deactivated.")
    if user.failed_logins or user.locked_until is not None:
        user.failed_logins, user.locked_until = 0, None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    if sign_in:
        if uow.actor_login is None:
            uow.acting_as(user.login, user.id)
        audit.note(uow, audit.LOGIN, "users", user.id)
    return actor_of(user)


def lock_end(uow: UnitOfWork, user: User) -> datetime | None:
    """When the account's lock ends, if it is locked now (by the database clock)."""
    until = user.locked_until
    return until if until is not None and until > uow.now else None


def unlock(uow: UnitOfWork, actor: Actor, login_name: str) -> None:
    """An administrator lifts a lockout (and the count of wrong passwords)
    before it ends. One named entry records it, with the values it cleared."""
    require(actor, "users.manage")
    user = get_user(uow, login_name)
    if not user.failed_logins and lock_end(uow, user) is None:
        raise InvalidInput(f"账号 {user.login} 没有被锁定。", f"The account {user.login} is not "
                           "locked.", field="login")
    old = {k: v for k, v in (("failed_logins", user.failed_logins),
                             ("locked_until", user.locked_until)) if v}
    # Through Core, so that the note below is the change's only entry.
    users: Table = User.__table__  # type: ignore[assignment]
    uow.connection().execute(update(users).where(users.c.id == user.id)
                             .values(failed_logins=0, locked_until=None))
    uow.expire(user)
    audit.note(uow, audit.UNLOCK, "users", user.id,
               {k: 0 if k == "failed_logins" else None for k in old}, old=old)
    uow.record(ChangeKind.USERS, user.id)


def _locked(uow: UnitOfWork, until: datetime) -> AuthenticationFailed:
    """The refusal, with the end of the lock in the showroom's time (the login
    window shows it before any screen has set the zone)."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(settings.get(uow, "showroom.timezone"))
    at = until.replace(tzinfo=UTC).astimezone(zone).strftime("%Y-%m-%d %H:%M")
    return AuthenticationFailed(
        f"密码连续 {LOCKOUT_ATTEMPTS} 次不正确，账号已锁定至 {at}。",
        f"{LOCKOUT_ATTEMPTS} wrong passwords in a row: the account is locked until {at}.",
        field="password",
    )


# Session.info key: the wrong passwords seen in this unit of work, (user id, lock
# until), and the refusals of a locked account, (user id, None); written once its
# transaction has ended, whether it committed or not.
_FAILURES = "auth.failed_logins"


@event.listens_for(UnitOfWork, "after_transaction_end")
def _write_failures(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None or not isinstance(session, UnitOfWork):
        return
    pending = session.info.pop(_FAILURES, None)
    if not pending:
        return
    from desk.core.db import Database

    reached = User.failed_logins + 1 >= LOCKOUT_ATTEMPTS
    try:
        db = session.db
        assert isinstance(db, Database)
        # The caller's transaction is over, so no lock of it is held (SQLite).
        with db.begin() as other:
            for user_id, until in pending:
                if until is None:
                    audit.note(other, audit.LOGIN_REFUSED, "users", user_id)
                    continue
                other.execute(update(User).where(User.id == user_id).values(
                    failed_logins=case((reached, 0), else_=User.failed_logins + 1),
                    locked_until=case((reached, until), else_=User.locked_until),
                ))
    except Exception:  # the refusal the user sees stays the one that matters
        log.exception("could not count a failed sign-in")
