"""What the database's opening puts right before anyone reads it: holds that
ran out (`claims.sweep_expired`) and live deals without a payment account
(`payments.open_missing_plans`). The conditions live here, light on imports,
so a command can ask in one read whether either is due without loading the
sales services (the usual answer is no)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select

from desk.core.uow import UnitOfWork
from desk.models import Claim, PaymentPlan
from desk.models.enums import ClaimKind, ClaimState


def run_out(now: datetime) -> ColumnElement[bool]:
    """An active hold past its time."""
    return and_(Claim.kind == ClaimKind.HOLD, Claim.state == ClaimState.ACTIVE,
                Claim.expires_at <= now)


def planless() -> ColumnElement[bool]:
    """A live deal with no payment account (made before payments were kept)."""
    return and_(Claim.kind.in_((ClaimKind.SUBSCRIPTION, ClaimKind.CONTRACT)),
                Claim.state == ClaimState.ACTIVE,
                Claim.id.not_in(select(PaymentPlan.claim_id)))


def due(uow: UnitOfWork) -> bool:
    """Whether either needs doing."""
    return uow.execute(select(Claim.id).where(or_(run_out(uow.now), planless())).limit(1)
                       ).first() is not None
