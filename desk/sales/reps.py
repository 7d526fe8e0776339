"""The 置业顾问 of a claim: the sales rep credited with it, apart from the
operator who typed it (often the sales assistant).

The rule: a rep named by the user, else the customer's current owner, else the
rep who acts for themselves; an assistant or a manager must name one when the
customer has no rep of their own. Only an active user with the sales-rep role
is a 置业顾问: a manager who sells is credited by naming a rep, never as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from desk.admin.auth import Actor
from desk.core.errors import InvalidInput, NotFound
from desk.core.uow import UnitOfWork
from desk.customers import customers
from desk.models import Customer, User
from desk.models.enums import Role


@dataclass(frozen=True)
class Rep:
    """A sales rep as the forms list them."""

    id: int
    login: str
    name: str


def active_reps(uow: UnitOfWork) -> list[Rep]:
    """Every active sales rep, the choices of a claim's 置业顾问."""
    q = (select(User.id, User.login, User.name)
         .where(User.role == Role.SALES_REP, User.active.is_(True))
         .order_by(User.name, User.login))
    return [Rep(*r) for r in uow.execute(q)]


def is_rep(user: User | None) -> bool:
    return user is not None and user.active and user.role == Role.SALES_REP


def owner_rep(uow: UnitOfWork, customer: Customer | None) -> User | None:
    """The customer's current owner (客户归属) when that owner is an active sales
    rep. Ownership given without a time limit (a customer first met at a hold)
    has not lapsed; a lapsed one makes the customer free again."""
    if customer is None or customer.owner_id is None:
        return None
    if customer.owner_until is not None and customer.owner_until <= uow.now:
        return None
    owner = uow.get(User, customer.owner_id)
    return owner if is_rep(owner) else None


def named(uow: UnitOfWork, login: str) -> User:
    """The rep a user chose; anyone else is refused beside the field."""
    user = uow.execute(select(User).where(User.login == login.strip().lower())).scalar_one_or_none()
    if user is None:
        raise NotFound(f"没有登录名为 {login} 的置业顾问。", f"No sales rep with login {login}.",
                       field="rep")
    if not is_rep(user):
        raise InvalidInput(f"{user.name} 不是在职的置业顾问。", f"{user.name} is not an active sales rep.",
                           field="rep")
    return user


def plain_choice(actor: Actor, owner_id: int | None, owner_until: datetime | None,
                 owner_active: bool | None, owner_role: str | None, now: datetime) -> int | None:
    """`choose` with no rep named and none carried, from the customer's owner as
    read with them (`owner_rep`, `is_rep`); None: `choose` itself must answer."""
    if owner_id is not None and (owner_until is None or owner_until > now) \
            and owner_active and owner_role == Role.SALES_REP:
        return owner_id
    if actor.role == Role.SALES_REP and actor.id is not None:
        return actor.id
    return None


def choose(uow: UnitOfWork, actor: Actor, customer: Customer | None, rep_login: str | None,
           carried: int | None = None) -> int:
    """The rep of a new claim. `carried`: the rep of the claim it follows (a hold
    becoming a subscription), kept unless the user names another."""
    if rep_login and rep_login.strip():
        return named(uow, rep_login).id
    if carried is not None and is_rep(uow.get(User, carried)):
        return carried
    owner = owner_rep(uow, customer)
    if owner is not None:
        return owner.id
    if actor.role == Role.SALES_REP and actor.id is not None:
        return actor.id
    raise InvalidInput("请选择置业顾问：该客户没有归属的置业顾问。",
                       "Choose the sales rep: the customer has no rep of their own.", field="rep")


def suggest(uow: UnitOfWork, actor: Actor, phone: str, carried: int | None = None) -> str | None:
    """The login `choose` would take for this typed phone, for a form to preselect
    (None: the user must choose; a phone not yet valid suggests nothing more)."""
    if carried is not None:
        user = uow.get(User, carried)
        if is_rep(user):
            return user.login if user else None
    try:
        customer = customers.find_by_phone(uow, phone) if phone.strip() else None
    except InvalidInput:
        customer = None
    owner = owner_rep(uow, customer)
    if owner is not None:
        return owner.login
    return actor.login if actor.role == Role.SALES_REP else None
