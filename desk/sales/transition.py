"""One versioned transition for every status change of a unit.

A unit is never promised to two customers. Three layers keep that promise:
every status change is compare-and-set on the unit's version (SQLAlchemy's
version_id_col), every write transaction on SQLite starts with BEGIN
IMMEDIATE, and the partial unique index on claims refuses a second active
claim whatever path the write took. Losing a race is a normal outcome: a
Conflict naming who has the unit and until when.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from desk.core.changes import ChangeKind
from desk.core.errors import Conflict, InvalidInput, NotFound
from desk.core.labels import names
from desk.core.phones import mask
from desk.core.timefmt import hm
from desk.core.uow import UnitOfWork
from desk.models import Claim, Customer, Unit, UnitEvent, User
from desk.models.enums import ClaimKind, ClaimState, UnitAction, UnitStatus


def _no_unit(code: str) -> NotFound:
    return NotFound(f"没有房号为 {code} 的房源。", f"No unit with code {code}.", field="code")


def get_unit(uow: UnitOfWork, project_id: int, code: str) -> Unit:
    unit = uow.execute(
        select(Unit).where(Unit.project_id == project_id, Unit.code == code.strip())
    ).scalar_one_or_none()
    if unit is None:
        raise _no_unit(code)
    return unit


def add_event(uow: UnitOfWork, unit: Unit, actor_id: int | None, action: str, from_status: str,
              to_status: str, *, claim_id: int | None = None, approved_by: int | None = None,
              reason: str = "", at: datetime | None = None) -> None:
    uow.add(UnitEvent(
        unit_id=unit.id, at=at or uow.now, actor_id=actor_id, action=action,
        from_status=from_status, to_status=to_status, claim_id=claim_id,
        approved_by=approved_by, reason=reason,
    ))


def required_reason(reason: str) -> str:
    """A reason is required: returns it stripped."""
    if not (reason or "").strip():
        raise InvalidInput("请填写原因。", "Give a reason.", field="reason")
    return reason.strip()


def active_claim(uow: UnitOfWork, unit_id: int) -> Claim | None:
    return uow.execute(
        select(Claim).where(Claim.unit_id == unit_id, Claim.state == ClaimState.ACTIVE)
    ).scalar_one_or_none()


def load(uow: UnitOfWork, project_id: int, code: str) -> tuple[Unit, Claim | None]:
    """The unit and its active claim, in one query."""
    row = uow.execute(
        select(Unit, Claim)
        .outerjoin(Claim, and_(Claim.unit_id == Unit.id, Claim.state == ClaimState.ACTIVE))
        .where(Unit.project_id == project_id, Unit.code == code.strip())
    ).first()
    if row is None:
        raise _no_unit(code)
    return row[0], row[1]


def taken(uow: UnitOfWork, unit: Unit) -> Conflict:
    """Why the unit is not free, naming the customer (masked phone), the rep and the time."""
    claim = active_claim(uow, unit.id)
    st_zh, st_en = names(UnitStatus(unit.status))
    if claim is None:
        return Conflict(f"房源 {unit.code} 当前为“{st_zh}”，不能办理。",
                        f"Unit {unit.code} is {st_en}; it cannot be claimed.")
    customer = uow.get(Customer, claim.customer_id) if claim.customer_id else None
    rep = uow.get(User, claim.rep_id) if claim.rep_id else None
    who_zh = f"客户 {customer.name}（{mask(customer.phone)}）" if customer else "其他客户"
    who_en = f"customer {customer.name} ({mask(customer.phone)})" if customer else "another buyer"
    rep_zh = f"，置业顾问 {rep.name}" if rep else ""
    rep_en = f", rep {rep.name}" if rep else ""
    if claim.kind == ClaimKind.HOLD:
        until = hm(claim.expires_at)
        return Conflict(
            f"房源 {unit.code} 已为{who_zh}预留{rep_zh}" + (f"，至 {until}。" if until else "。"),
            f"Unit {unit.code} is held for {who_en}{rep_en}" + (f" until {until}." if until else "."),
        )
    if claim.kind == ClaimKind.SUBSCRIPTION:
        return Conflict(f"房源 {unit.code} 已由{who_zh}认购{rep_zh}。",
                        f"Unit {unit.code} is subscribed by {who_en}{rep_en}.")
    return Conflict(
        f"房源 {unit.code} 已签约（合同号 {claim.contract_number}，{who_zh}）。",
        f"Unit {unit.code} is signed (contract {claim.contract_number}, {who_en}).",
    )


def write(uow: UnitOfWork, unit: Unit) -> None:
    """Write now, compare-and-set on the unit's version.

    The version is bumped even when the status stays the same: the unit and its
    claim were read together, so an unchanged version proves neither changed
    since (PostgreSQL's READ COMMITTED gives each statement its own snapshot).
    A stale version or a second active claim is a lost race. The failed
    transaction is rolled back by the caller's `db.begin()`; the message is read
    from a fresh uow, since on PostgreSQL the failed one accepts no more
    statements.
    """
    unit_id = unit.id
    flag_modified(unit, "status")
    try:
        uow.flush()
    except (StaleDataError, IntegrityError):
        with uow.fresh() as fresh:
            raise taken(fresh, fresh.get_one(Unit, unit_id)) from None


def expire_due(uow: UnitOfWork, unit: Unit, claim: Claim | Literal[False] | None = False) -> bool:
    """Expire this unit's hold if its time has passed (computed from stored times,
    so a hold that ran out while every PC was off is free at the next look).
    `claim`: the unit's active claim when the caller has it already."""
    if claim is False:
        claim = active_claim(uow, unit.id)
    now = uow.now
    if claim is None or claim.kind != ClaimKind.HOLD or claim.expires_at is None or claim.expires_at > now:
        return False
    claim.state, claim.ended_at = ClaimState.EXPIRED, claim.expires_at
    unit.status = UnitStatus.AVAILABLE
    write(uow, unit)
    add_event(uow, unit, None, UnitAction.EXPIRE, UnitStatus.HELD, UnitStatus.AVAILABLE, claim_id=claim.id,
              at=claim.expires_at)
    uow.record(ChangeKind.UNITS, unit.id)
    return True


