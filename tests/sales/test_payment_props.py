"""Sequences of payments, refunds, a cancellation and voids on a real SQLite
file: whatever is tried, a deal never holds more than is due nor less than
nothing, and a cancelled deal ends at zero once its money is refunded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.core.db import Database
from desk.core.errors import Conflict, InvalidInput
from desk.sales import payments
from tests.conftest import actor
from tests.sales.test_payments import account, cancel, day, pay, refund, subscribe

DUE = Decimal("4264366.08")  # 1-2601, full payment


@pytest.fixture
def showroom_file(sqlite_db: Database) -> Database:
    """The demo showroom's units and people in a SQLite file."""
    from desk.admin import auth, projects
    from desk.demo import showroom as demo

    with sqlite_db.begin() as s:
        for login, name, role in demo.DEMO_USERS:
            auth.create_user(s, None, login, name, role, demo.DEMO_PASSWORD)
        p = projects.create_project(s, None, "翠湖天地", "翠湖置业", "深房许字（2026）1号")
        demo.load_units(s, p.id)
    return sqlite_db

OPS = st.lists(st.one_of(
    st.tuples(st.just("pay"), st.integers(1, 5_000_000_00)),
    st.tuples(st.just("pay"), st.integers(1, 100_000_00)),
    st.tuples(st.just("refund"), st.integers(1, 5_000_000_00)),
    st.tuples(st.just("cancel"), st.just(0)),
    st.tuples(st.just("void"), st.integers(0, 7)),
), max_size=8)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=OPS)
def test_collected_never_exceeds_due_and_voids_keep_it(showroom_file: Database,
                                                       ops: list[tuple[str, int]]) -> None:
    db = showroom_file
    day(db, date(2026, 3, 11))
    deal = subscribe(db, "1-2601", "13800000001", "50000", "full", date(2026, 3, 13))
    rows: list[tuple[int, Decimal]] = []  # (payment id, amount as stored), not voided
    held, cancelled = Decimal(0), False
    for op, n in ops:
        if op == "cancel":
            if not cancelled:
                cancel(db, "1-2601")
                cancelled = True
            continue
        if op == "void":
            if not rows:
                continue
            pid, amount = rows[n % len(rows)]
            fits = held - amount >= 0 and (cancelled or held - amount <= DUE)
            try:
                with db.begin() as s:
                    payments.void(s, actor(db, "manager"), pid, "录错")
            except Conflict:
                assert not fits
            else:
                assert fits
                rows.remove((pid, amount))
                held -= amount
        else:
            amount = Decimal(n) / 100
            fits = (op == "pay" and not cancelled and amount <= DUE - held) or (
                op == "refund" and cancelled and amount <= held)
            try:
                done = (pay if op == "pay" else refund)(db, deal, f"{amount:.2f}")
            except (InvalidInput, Conflict):
                assert not fits
            else:
                assert fits
                signed = amount if op == "pay" else -amount
                rows.append((done.payment_id, signed))
                held += signed
        a = account(db, deal)
        assert a.received == held
        assert Decimal(0) <= a.received
        assert cancelled or a.received <= DUE
    if not cancelled:
        cancel(db, "1-2601")
    if held:
        refund(db, deal, f"{held:.2f}")
    a = account(db, deal)
    assert (a.received, a.balance) == (Decimal("0.00"), Decimal("0.00"))
