"""Customers: found again by their mobile number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from desk.admin.auth import Actor
from desk.core import bounds
from desk.core.changes import ChangeKind
from desk.core.errors import NotFound
from desk.core.inserts import insert_if_absent
from desk.core.phones import mask, national, normalize_mobile
from desk.core.uow import UnitOfWork
from desk.models import Customer, User


def phone_for(viewer: Actor | None, e164: str | None) -> str:
    """A customer's phone as this user may see it: in full (national form) for the
    roles with the right, else masked (138****5678); "" when there is none."""
    if not e164:
        return ""
    return national(e164) if viewer is not None and viewer.can("customers.unmasked") else mask(e164)


def find_by_phone(uow: UnitOfWork, phone: str) -> Customer | None:
    e164 = normalize_mobile(phone)
    return uow.execute(select(Customer).where(Customer.phone == e164)).scalar_one_or_none()


def initials_of(name: str) -> str:
    """张三 -> 'zs'; letters and digits in a name are kept as they are."""
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default")).lower()[:60]


def set_identity(customer: Customer, name: str, e164: str) -> None:
    """Name and phone, with the keys that find them as one types."""
    customer.name = name.strip()
    customer.phone = e164
    customer.initials = initials_of(customer.name)
    customer.phone_tail = e164[-4:]


def get_or_create(
    uow: UnitOfWork, phone: str, name: str | None = None, owner_id: int | None = None
) -> Customer:
    """The customer with this phone; a new one needs a name."""
    customer = find_by_phone(uow, phone)
    if customer is not None:
        return customer
    name = (name or "").strip()
    if not name:
        raise NotFound(
            f"没有手机号为 {phone} 的客户；新客户请同时填写姓名。",
            f"No customer with phone {phone}; give a name to register a new one.",
            field="customer_name",
        )
    name = bounds.text(name, Customer.name, "客户姓名", "customer name", field="customer_name")
    # Two PCs may register the same new phone at the same moment: insert unless
    # it is there by now (waiting for the other's commit), then read whichever won.
    draft = Customer()
    set_identity(draft, name, normalize_mobile(phone))
    created = insert_if_absent(uow, Customer, [Customer.phone], dict(
        name=draft.name, phone=draft.phone, initials=draft.initials, phone_tail=draft.phone_tail,
        owner_id=owner_id, created_at=uow.now))
    customer = find_by_phone(uow, phone)
    assert customer is not None  # inserted, or another transaction's committed row
    if created:
        uow.record(ChangeKind.VISITORS, customer.id)
    return customer


@dataclass(frozen=True)
class Ownership:
    name: str
    owner: str | None
    owner_until: datetime | None
    valid: bool


def ownership(uow: UnitOfWork, phone: str) -> Ownership | None:
    """Who a returning customer belongs to (客户归属), for the front desk."""
    c = find_by_phone(uow, phone)
    if c is None:
        return None
    owner = uow.get(User, c.owner_id) if c.owner_id else None
    valid = bool(owner and c.owner_until and c.owner_until > uow.now)
    return Ownership(c.name, owner.name if owner else None, c.owner_until, valid)
