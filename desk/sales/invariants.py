"""The business invariants a sound database keeps, checked from its rows.

    check(uow) -> list[str]

Returns one line (English, naming the rows at fault) per broken invariant; an
empty list means the database is sound. It only reads, so it runs on a live
database, after a restore (`desk restore`) or after a crash (the kill-9 test).
Lines are stable in form ("<invariant>: <rows>") but are meant for people and
logs, not for parsing. What is checked:

- at most one active claim per unit (no unit promised twice);
- a unit's status agrees with its active claim: held ↔ an active hold,
  subscribed ↔ an active subscription, signed ↔ an active contract, available
  or withheld ↔ none;
- an active hold has an expiry;
- every contract has a number, unique in its project, and no number beyond its
  project's counter for that year;
- a unit's version is at least 1 and its history ends in its present status;
- the reception rotation: each day's snapshot has seen every event of the day
  (its version is the number of events, its last event the day's last), each
  rep has at most one open reception, and a waiting visitor handed to a rep
  names the reception.

A hold past its expiry still counts as active here: expiry is recorded by the
next reader (`desk.sales.transition.expire_due`), and until then the row is
consistent.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func, select

from desk.core.uow import UnitOfWork
from desk.models import (
    Claim,
    ContractCounter,
    Reception,
    RotationDay,
    RotationEvent,
    Unit,
    UnitEvent,
    WaitingVisitor,
)
from desk.models.enums import ClaimKind, ClaimState, ReceptionState, UnitStatus, WaitingState

SHOWN = 10  # rows named per broken invariant; the count says how many in all

STATUS_OF_CLAIM: dict[str | None, str] = {
    ClaimKind.HOLD: UnitStatus.HELD, ClaimKind.SUBSCRIPTION: UnitStatus.SUBSCRIBED,
    ClaimKind.CONTRACT: UnitStatus.SIGNED}
FREE = (UnitStatus.AVAILABLE, UnitStatus.WITHHELD)  # the statuses with no active claim


def _line(what: str, rows: Sequence[Any]) -> list[str]:
    if not rows:
        return []
    shown = ", ".join(str(tuple(r)) if len(r) > 1 else str(r[0]) for r in rows[:SHOWN])
    more = f" (and {len(rows) - SHOWN} more)" if len(rows) > SHOWN else ""
    return [f"{what}: {len(rows)} — {shown}{more}"]


def check(uow: UnitOfWork) -> list[str]:
    """Every broken business invariant, one line each; [] when none is."""
    return [*_claims(uow), *_contracts(uow), *_units(uow), *_rotation(uow)]


def _claims(uow: UnitOfWork) -> list[str]:
    out = _line("units with more than one active claim (unit id, count)", uow.execute(
        select(Claim.unit_id, func.count()).where(Claim.state == ClaimState.ACTIVE)
        .group_by(Claim.unit_id).having(func.count() > 1).order_by(Claim.unit_id)).all())
    rows = uow.execute(
        select(Unit.id, Unit.code, Unit.status, Claim.id, Claim.kind)
        .outerjoin(Claim, and_(Claim.unit_id == Unit.id, Claim.state == ClaimState.ACTIVE))
        .order_by(Unit.id)).all()
    wrong = [(uid, code, status, kind) for uid, code, status, _, kind in rows
             if (status not in FREE if kind is None else status != STATUS_OF_CLAIM.get(kind))]
    out += _line("units whose status disagrees with their active claim (unit id, code, status, "
                 "claim kind)", wrong)
    out += _line("active holds without an expiry (claim id)", uow.execute(
        select(Claim.id).where(Claim.kind == ClaimKind.HOLD, Claim.state == ClaimState.ACTIVE,
                               Claim.expires_at.is_(None)).order_by(Claim.id)).all())
    return out


def _contracts(uow: UnitOfWork) -> list[str]:
    out = _line("contracts without a number (claim id)", uow.execute(
        select(Claim.id).where(Claim.kind == ClaimKind.CONTRACT, Claim.contract_number.is_(None))
        .order_by(Claim.id)).all())
    out += _line("contract numbers used twice in a project (project id, number, claims)", uow.execute(
        select(Claim.project_id, Claim.contract_number, func.count())
        .where(Claim.contract_number.is_not(None))
        .group_by(Claim.project_id, Claim.contract_number).having(func.count() > 1)).all())
    last = {(p, y): n for p, y, n in uow.execute(
        select(ContractCounter.project_id, ContractCounter.year, ContractCounter.last))}
    beyond = []
    for project_id, number in uow.execute(select(Claim.project_id, Claim.contract_number).where(
            Claim.kind == ClaimKind.CONTRACT, Claim.note != "imported",
            Claim.contract_number.like("HT____-%"))):
        year, seq = (number or "")[2:6], (number or "")[7:]
        if year.isdigit() and seq.isdigit() and int(seq) > last.get((project_id, int(year)), 0):
            beyond.append((project_id, number))
    out += _line("contract numbers beyond their counter (project id, number)", beyond)
    return out


def _units(uow: UnitOfWork) -> list[str]:
    out = _line("units with a version below 1 (unit id)", uow.execute(
        select(Unit.id).where(Unit.version < 1).order_by(Unit.id)).all())
    last_event = (select(UnitEvent.unit_id, func.max(UnitEvent.id).label("last"))
                  .group_by(UnitEvent.unit_id).subquery())
    out += _line("units whose history ends elsewhere than their status (unit id, status, last to)",
                 uow.execute(
                     select(Unit.id, Unit.status, UnitEvent.to_status)
                     .join(last_event, last_event.c.unit_id == Unit.id)
                     .join(UnitEvent, UnitEvent.id == last_event.c.last)
                     .where(UnitEvent.to_status != Unit.status).order_by(Unit.id)).all())
    return out


def _rotation(uow: UnitOfWork) -> list[str]:
    events = {d: (n, last) for d, n, last in uow.execute(
        select(RotationEvent.day, func.count(), func.max(RotationEvent.id))
        .group_by(RotationEvent.day))}
    stale = []
    for row in uow.execute(select(RotationDay)).scalars():
        n, last = events.get(row.day, (0, 0))
        seen = json.loads(row.state).get("last_event", 0)
        if row.version != n or seen != last:
            stale.append((row.day.isoformat(), row.version, n, seen, last))
    out = _line("rotation days whose snapshot missed events (day, version, events, seen, last)", stale)
    out += _line("reps with more than one open reception (day, rep id, count)", uow.execute(
        select(Reception.day, Reception.rep_id, func.count())
        .where(Reception.state == ReceptionState.OPEN)
        .group_by(Reception.day, Reception.rep_id).having(func.count() > 1)).all())
    out += _line("waiting visitors handed out without a reception (id)", uow.execute(
        select(WaitingVisitor.id).where(WaitingVisitor.state == WaitingState.ASSIGNED,
                                        WaitingVisitor.reception_id.is_(None))
        .order_by(WaitingVisitor.id)).all())
    return out
