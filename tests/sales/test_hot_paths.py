"""A hold, an extension and a release are four statements each, audited as
before, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, select, text

from desk.core.db import Database
from desk.core.timefmt import full
from desk.models import AuditEntry
from desk.sales import claims, transition
from tests.conftest import actor
from tests.sales.test_claims import PHONE_A, pid


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    """The statements sent while the block runs (BEGIN and COMMIT left out)."""
    sent: list[str] = []

    def seen(_conn: Any, _cur: Any, statement: str, *_: Any) -> None:
        if not statement.startswith(("BEGIN", "COMMIT")):
            sent.append(statement.split()[0])

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)


def counted(db: Database, work: Callable[[Any], object]) -> tuple[list[str], list[str]]:
    """The statements of the service call, then those its commit adds (the
    change row, NOTIFY on PostgreSQL, the audit chain)."""
    with statements(db) as sent, db.begin() as s:
        work(s)
        business = list(sent)
    return business, sent[len(business):]


def test_hold_extend_release_are_four_statements_each(showroom: Database) -> None:
    p, lina = pid(showroom), actor(showroom, "lina")
    # The first hold registers the customer; the next ones find them.
    with showroom.begin() as s:
        claims.hold(s, lina, p, "1-1501", customer_phone=PHONE_A, customer_name="钱多多")
        claims.release(s, lina, p, "1-1501")
    # The change row reading the audit head (with NOTIFY on PostgreSQL), the
    # entries (moving the head on PostgreSQL), the head (SQLite).
    at_commit = ["INSERT", "INSERT", "UPDATE"] if showroom.is_sqlite else ["WITH", "WITH"]
    hold, commit = counted(showroom, lambda s: claims.hold(s, lina, p, "1-1501",
                                                          customer_phone=PHONE_A))
    assert (hold, commit) == (["SELECT", "INSERT", "UPDATE", "INSERT"], at_commit)
    extend, commit = counted(showroom, lambda s: claims.extend(s, lina, p, "1-1501", 40))
    assert (extend, commit) == (["SELECT", "UPDATE", "UPDATE", "INSERT"], at_commit)
    release, commit = counted(showroom, lambda s: claims.release(s, lina, p, "1-1501", "改期"))
    assert (release, commit) == (["SELECT", "UPDATE", "UPDATE", "INSERT"], at_commit)


def test_the_audit_entries_of_a_hold_extend_release_are_the_rows_changed(
        showroom: Database) -> None:
    p, lina = pid(showroom), actor(showroom, "lina")
    with showroom.begin() as s:
        claims.hold(s, lina, p, "1-1501", customer_phone=PHONE_A, customer_name="钱多多")
        claims.release(s, lina, p, "1-1501")
    with showroom.read() as s:
        first = s.execute(select(text("max(id)")).select_from(AuditEntry)).scalar_one()
        unit_id = transition.get_unit(s, p, "1-1501").id
        version = transition.get_unit(s, p, "1-1501").version
    with showroom.begin() as s:
        claim = claims.hold(s, lina, p, "1-1501", customer_phone=PHONE_A)
        held_at = s.now
    with showroom.begin() as s:
        extended = claims.extend(s, lina, p, "1-1501", 40)
        extended_at = s.now
    with showroom.begin() as s:
        claims.release(s, lina, p, "1-1501", "改期")
        released_at = s.now
    with showroom.read() as s:
        rows = s.execute(select(AuditEntry).where(AuditEntry.id > first)
                         .order_by(AuditEntry.id)).scalars().all()
        events = s.execute(text("SELECT id FROM unit_events WHERE claim_id = :c ORDER BY id"),
                           {"c": claim.id}).scalars().all()

    def load(v: str | None) -> Any:
        return None if v is None else json.loads(v)

    got = [(r.action, r.table_name, r.row_key, r.customer_id, load(r.old_values),
            load(r.new_values)) for r in rows]
    c, cust = claim.id, claim.customer_id
    iso = {"held": held_at.isoformat(), "extended": extended_at.isoformat(),
           "released": released_at.isoformat()}
    assert claim.expires_at is not None and extended.expires_at is not None
    expires = claim.expires_at.isoformat()
    new_expiry = extended.expires_at.isoformat()
    event = {"actor_id": lina.id, "approved_by": None, "claim_id": c, "unit_id": unit_id}
    assert got == [
        ("insert", "claims", str(c), cust, None, {
            "id": c, "project_id": p, "unit_id": unit_id, "kind": "hold", "state": "active",
            "customer_id": cust, "rep_id": lina.id, "created_by": lina.id,
            "created_at": iso["held"], "started_at": iso["held"], "expires_at": expires,
            "price": str(claim.price), "payment_method": "", "note": ""}),
        ("update", "units", str(unit_id), None, {"status": "available", "version": version},
         {"status": "held", "version": version + 1}),
        ("insert", "unit_events", str(events[0]), None, None, {
            **event, "id": events[0], "at": iso["held"], "action": "hold",
            "from_status": "available", "to_status": "held", "reason": ""}),
        ("update", "units", str(unit_id), None, {"version": version + 1},
         {"status": "held", "version": version + 2}),
        ("update", "claims", str(c), cust, {"expires_at": expires}, {"expires_at": new_expiry}),
        ("insert", "unit_events", str(events[1]), None, None, {
            **event, "id": events[1], "at": iso["extended"], "action": "extend",
            "from_status": "held", "to_status": "held",
            "reason": f"→ {full(extended.expires_at)}"}),
        ("update", "claims", str(c), cust, {"state": "active", "ended_at": None},
         {"state": "released", "ended_at": iso["released"]}),
        ("update", "units", str(unit_id), None, {"status": "held", "version": version + 2},
         {"status": "available", "version": version + 3}),
        ("insert", "unit_events", str(events[2]), None, None, {
            **event, "id": events[2], "at": iso["released"], "action": "release",
            "from_status": "held", "to_status": "available", "reason": "改期"}),
    ]


def test_objects_loaded_before_a_hold_in_the_same_transaction_are_read_again(
        showroom: Database) -> None:
    p, lina = pid(showroom), actor(showroom, "lina")
    with showroom.begin() as s:
        claims.hold(s, lina, p, "1-1501", customer_phone=PHONE_A, customer_name="钱多多")
        claims.release(s, lina, p, "1-1501")
    with showroom.begin() as s:
        before = transition.get_unit(s, p, "1-1501")
        claims.hold(s, lina, p, "1-1501", customer_phone=PHONE_A)
        assert (transition.get_unit(s, p, "1-1501").status, before.status) == ("held", "held")
        claims.release(s, lina, p, "1-1501")
        assert before.status == "available"
