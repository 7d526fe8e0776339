"""One versioned transition for every status change of a unit.

A unit is never promised to two customers. Three layers keep that promise:
every status change is compare-and-set on the unit's version (SQLAlchemy's
version_id_col), every write transaction on SQLite starts with BEGIN
IMMEDIATE, and the partial unique index on claims refuses a second active
claim whatever path the write took. Losing a race is a normal outcome: a
Conflict naming who has the unit and until when.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import (
    Row,
    Select,
    Table,
    and_,
    bindparam,
    event,
    inspect,
    select,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm.util import identity_key

from desk.core import audit, bounds, driver
from desk.core.changes import ChangeKind
from desk.core.errors import Conflict, DeskError, InvalidInput, NotFound
from desk.core.labels import names
from desk.core.phones import mask
from desk.core.timefmt import hm
from desk.core.uow import UnitOfWork, clock
from desk.models import Claim, Customer, Unit, UnitEvent, User
from desk.models.enums import ClaimKind, ClaimState, UnitAction, UnitStatus

log = logging.getLogger(__name__)


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
    return bounds.text(reason, UnitEvent.reason, "原因", "reason", field="reason", multiline=True)


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
    # A changed status keeps its old value (the audit log shows it); an unchanged
    # one is flagged so the version is bumped all the same.
    if not inspect(unit).attrs.status.history.has_changes():
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
    _due(uow)[unit.id] = True
    return True


def expired_hold(uow: UnitOfWork, unit_id: int) -> Claim | None:
    """The unit's latest claim when it is a hold that ran out, so a refusal can
    say "expired" rather than "no hold"."""
    last = uow.execute(select(Claim).where(Claim.unit_id == unit_id).order_by(Claim.id.desc())
                       .limit(1)).scalar_one_or_none()
    if last is None or last.kind != ClaimKind.HOLD or last.state != ClaimState.EXPIRED:
        return None
    return last


# --- an expiry outlives the action that noticed it ------------------------------
#
# An expiry is a fact of the clock, not of the action that saw it: when that
# action is refused ("the hold has expired") its transaction rolls back, and a
# read-only action (a list, a history, a slip preview) writes nothing. Each unit
# of work keeps the expiries it noticed; when its transaction ends, those not
# committed with it are recorded in a short transaction of their own.

_DUE = "desk.due_expiries"  # uow.info key: unit id -> recorded in this transaction
_REDOING = "desk.redoing_expiries"


def _due(uow: UnitOfWork) -> dict[int, bool]:
    due: dict[int, bool] = uow.info.setdefault(_DUE, {})
    return due


def notice_due(uow: UnitOfWork, unit_id: int) -> None:
    """A reader saw this unit's hold past its time: record the expiry as soon as
    the reader's transaction ends (a read does not write)."""
    _due(uow).setdefault(unit_id, False)


def _record_after(uow: UnitOfWork, unit_ids: list[int]) -> None:
    db = getattr(uow, "db", None)  # a session not made by `Database` has no database to ask
    if not unit_ids or db is None or uow.info.get(_REDOING):
        return  # nothing left, or this is already the transaction doing it
    try:
        with db.begin() as again:
            again.info[_REDOING] = True
            for unit_id in sorted(unit_ids):
                unit = again.get(Unit, unit_id)
                if unit is not None:
                    expire_due(again, unit)
    except (DeskError, SQLAlchemyError) as e:  # another PC recorded it, or no server: the next look will
        log.info("expiry of units %s left for later: %s", unit_ids, e)


@event.listens_for(UnitOfWork, "after_commit")
def _after_commit(session: Session) -> None:
    due = session.info.pop(_DUE, None)
    if due and isinstance(session, UnitOfWork):
        _record_after(session, [u for u, done in due.items() if not done])


@event.listens_for(UnitOfWork, "after_rollback")
def _after_rollback(session: Session) -> None:
    due = session.info.pop(_DUE, None)
    if due and isinstance(session, UnitOfWork):
        _record_after(session, list(due))




# --- the hot paths as prebuilt statements ---------------------------------------
#
# A hold, a release or an extension in its plain case (the unit as expected, no
# hold run out, the customer known) is four statements: one read of the unit,
# its active claim and the database clock (and for a hold the customer with
# their owner), the compare-and-set on the unit's version, the claim's write
# and the history row. Anything else goes the way of the mapped objects above,
# which knows every case. The audit log is told the same entries its flush
# events would have noted (`desk.core.audit.note`).

_UNITS: Table = Unit.__table__  # type: ignore[assignment]
_CLAIMS: Table = Claim.__table__  # type: ignore[assignment]
_EVENTS: Table = UnitEvent.__table__  # type: ignore[assignment]
_CUSTOMERS: Table = Customer.__table__  # type: ignore[assignment]
_USERS: Table = User.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class Prebuilt:
    """The statements of one dialect (the clock is written differently)."""

    with_customer: Select[Any]  # unit, active claim, customer by phone and their owner, now
    with_claim: Select[Any]  # unit, active claim, now


@functools.cache
def prebuilt(dialect: str) -> Prebuilt:
    u, c, cu = _UNITS.c, _CLAIMS.c, _CUSTOMERS.c
    owner = _USERS.alias("owner")
    active = _UNITS.outerjoin(_CLAIMS, and_(c.unit_id == u.id, c.state == ClaimState.ACTIVE.value))
    where = (u.project_id == bindparam("project_id"), u.code == bindparam("code"))
    now = clock(dialect).label("now")
    return Prebuilt(
        with_customer=select(
            u.id, u.version, u.status, u.list_price, c.id.label("claim_id"),
            cu.id.label("customer_id"), cu.owner_id, cu.owner_until,
            owner.c.active.label("owner_active"), owner.c.role.label("owner_role"), now,
        ).select_from(active.outerjoin(_CUSTOMERS, cu.phone == bindparam("phone"))
                      .outerjoin(owner, owner.c.id == cu.owner_id)).where(*where),
        with_claim=select(
            u.id, u.version, u.status, c.id.label("claim_id"), c.kind, c.customer_id, c.rep_id,
            c.created_by, c.started_at, c.expires_at, c.ended_at, now,
        ).select_from(active).where(*where),
    )


def read_unit(uow: UnitOfWork, project_id: int, code: str, phone: str | None = None
              ) -> Row[Any] | None:
    """The unit with its active claim (and, given a phone, that customer and
    their owner), reading the database clock into `uow.now` on the way."""
    p = prebuilt(uow.get_bind().dialect.name)
    params: dict[str, Any] = {"project_id": project_id, "code": code.strip()}
    if phone is not None:
        params["phone"] = phone
    row = uow.connection().execute(p.with_claim if phone is None else p.with_customer,
                                   params).first()
    if row is not None:
        uow.read_clock(row.now)
    return row


def forget_loaded(uow: UnitOfWork, unit_id: int, claim_id: int | None) -> None:
    """Objects this transaction loaded before a statement changed their rows
    are read again when next used."""
    for cls, ident in ((Unit, unit_id), (Claim, claim_id)):
        obj = uow.identity_map.get(identity_key(cls, ident)) if ident is not None else None
        if obj is not None:
            uow.expire(obj)


# The writes as driver-level text (`desk.core.driver`): each runs once per
# action, and SQLAlchemy's compiled path costs more than the statement.
_CAS = ("UPDATE units SET status = :status, version = version + 1 "
        "WHERE id = :id AND version = :version RETURNING version")
_END_CLAIM = "UPDATE claims SET state = :state, ended_at = :ended_at WHERE id = :id"
_SET_EXPIRY = "UPDATE claims SET expires_at = :expires_at WHERE id = :id"


def _insert(uow: UnitOfWork, table: Table, values: dict[str, Any]) -> int:
    """One row of `values` (every column with a default given); its id."""
    conn = uow.connection()
    into, rows = driver.insert_rows(table, tuple(values), 1)
    new_id: int = driver.run(conn, f"{into} {rows} RETURNING id",
                             driver.params(conn.dialect, table, [values])).scalar_one()
    return new_id


def compare_and_set(uow: UnitOfWork, unit_id: int, version: int, from_status: str,
                    to_status: str, *, same_status_noted: bool = False) -> None:
    """The unit's new status if its version is still `version`; else the race
    is lost: a Conflict naming who has it (read afresh, as `write` does).
    `same_status_noted`: the audit notes the status as the flush would note a
    flagged, unchanged one (an extension)."""
    conn = uow.connection()
    got = driver.run(conn, _CAS, driver.bind(conn.dialect, _UNITS, {
        "id": unit_id, "version": version, "status": to_status})).first()
    if got is None:
        with uow.fresh() as fresh:
            raise taken(fresh, fresh.get_one(Unit, unit_id)) from None
    old: dict[str, Any] = {"version": version} if same_status_noted else \
        {"status": from_status, "version": version}
    audit.note(uow, "update", "units", unit_id, {"status": to_status, "version": got.version},
               old=old)


def insert_claim(uow: UnitOfWork, values: dict[str, Any]) -> int:
    """A new claim row (its unit already compare-and-set); its id."""
    try:
        claim_id: int = _insert(uow, _CLAIMS, values)
    except IntegrityError:  # a second active claim: the database refuses it
        with uow.fresh() as fresh:
            raise taken(fresh, fresh.get_one(Unit, values["unit_id"])) from None
    audit.note(uow, "insert", "claims", claim_id, {**values, "id": claim_id},
               customer_id=values.get("customer_id"))
    return claim_id


def update_claim(uow: UnitOfWork, claim_id: int, customer_id: int | None,
                 old: dict[str, Any], new: dict[str, Any]) -> None:
    """End the claim (`state`, `ended_at`) or move its expiry (`expires_at`)."""
    conn = uow.connection()
    if "expires_at" in new:
        driver.run(conn, _SET_EXPIRY, driver.bind(conn.dialect, _CLAIMS, {
            "id": claim_id, "expires_at": new["expires_at"]}))
    else:
        driver.run(conn, _END_CLAIM, driver.bind(conn.dialect, _CLAIMS, {
            "id": claim_id, "state": new["state"], "ended_at": new["ended_at"]}))
    audit.note(uow, "update", "claims", claim_id, new, old=old, customer_id=customer_id)


def insert_event(uow: UnitOfWork, unit_id: int, actor_id: int | None, action: str,
                 from_status: str, to_status: str, *, claim_id: int | None,
                 reason: str = "") -> None:
    """`add_event` as one statement."""
    values = dict(unit_id=unit_id, at=uow.now, actor_id=actor_id, action=action,
                  from_status=from_status, to_status=to_status, claim_id=claim_id,
                  approved_by=None, reason=reason)
    event_id = _insert(uow, _EVENTS, values)
    audit.note(uow, "insert", "unit_events", event_id, {**values, "id": event_id})
