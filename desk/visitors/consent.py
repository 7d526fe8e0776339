"""The visitor's consent to keeping their data (个人信息保护): asked once, kept
with the time and the version of the text agreed to, asked again only when the
showroom changes that text (the setting `visitors.consent_text`)."""

from __future__ import annotations

import hashlib
from datetime import datetime

from desk.admin import settings
from desk.core.uow import UnitOfWork
from desk.models import Customer


def version_of(text: str) -> str:
    """A text's version: the start of its SHA-256, so any change to the words is
    a new version and nobody has to remember to number it."""
    return hashlib.sha256(text.strip().encode()).hexdigest()[:12]


def current_version(uow: UnitOfWork) -> str:
    return version_of(settings.get(uow, "visitors.consent_text"))


def given_at(customer: Customer | None, version: str) -> datetime | None:
    """When the customer agreed to this version of the text; None: ask them."""
    if customer is None or customer.erased_at is not None or customer.consent_at is None:
        return None
    return customer.consent_at if customer.consent_version == version else None


def record(customer: Customer, at: datetime, version: str) -> None:
    """The customer agreed now; an agreement to this very text keeps its first time."""
    if given_at(customer, version) is None:
        customer.consent_at = at
        customer.consent_version = version
