"""The collection report (回款) of March 2026 on the hand-built showroom of the
quality tests, with targets, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desk.admin import auth
from desk.core.db import Database
from desk.core.errors import PermissionDenied
from desk.reporting import collection_report, quality, targets
from desk.reporting.model import Report
from desk.reporting.periods import Period, month
from desk.sales import payments
from tests.conftest import actor
from tests.reporting.test_quality import build_march, day, pay, pid
from tests.sales.conftest import showroom  # noqa: F401  (the fixture)

MARCH = month(date(2026, 3, 1))


@pytest.fixture
def march(showroom: Database) -> Database:  # noqa: F811
    build_march(showroom)
    day(showroom, date(2026, 3, 31))
    with showroom.begin() as s:
        manager = actor(showroom, "manager")
        targets.set_target(s, manager, date(2026, 3, 1), None, None, None, "200000")
        for login, amount in (("lina", "150000"), ("zhangwei", "50000")):
            rep = auth.get_user(s, login).id
            targets.set_target(s, manager, date(2026, 3, 1), rep, None, None, amount)
    return showroom


def report(db: Database, period: Period, who: str = "manager") -> Report:
    with db.read() as s:
        return collection_report.build(s, actor(db, who), period, None)


def test_march_against_plan_and_target(march: Database) -> None:
    r = report(march, MARCH)
    # Due: the deposits of A 50,000, B 80,000, D 100,000, E 20,000 (C cancelled).
    # Collected of them by the 31st: A 50,000 (its other 10,000 pays the balance,
    # due in May), B 30,000, E 20,000: the quality report's 40%.
    # Received: A 60,000, B 30,000 (20,000 voided), C 10,000 (refunded), E 20,000.
    assert [c.key for c in r.table("summary").columns] == [
        "due", "collected", "rate", "received", "refunds", "target", "target_rate"]
    assert r.table("summary").rows == [
        (Decimal("250000.00"), Decimal("100000.00"), Decimal("0.4000"), Decimal("120000.00"),
         Decimal("10000.00"), Decimal("200000.00"), Decimal("0.6000"))]
    assert [c.key for c in r.table("by_rep").columns] == [
        "rep", "due", "collected", "rate", "received", "target", "target_rate"]
    assert r.table("by_rep").rows == [
        ("张伟", Decimal("0.00"), Decimal("0.00"), None, Decimal("0.00"), Decimal("50000.00"),
         Decimal("0.0000")),
        ("李娜", Decimal("250000.00"), Decimal("100000.00"), Decimal("0.4000"),
         Decimal("120000.00"), Decimal("150000.00"), Decimal("0.8000")),
    ]
    with march.read() as s:
        assert quality.figures(s, MARCH)["collection"].actual == Decimal("0.4000")
    # As of the 31st: B owes 50,000 of its deposit, D all of its.
    assert r.table("overdue").rows == [
        ("1-2602", "买家02", "李娜", "定金", date(2026, 3, 3), Decimal("50000.00"), 28),
        ("1-2604", "买家04", "李娜", "定金", date(2026, 3, 25), Decimal("100000.00"), 6),
    ]
    chart = r.charts[0]
    assert (chart.key, chart.kind) == ("collection_vs_plan", "bar")
    assert chart.categories == ("2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03")
    assert [(s.zh, s.values) for s in chart.series] == [
        ("计划", (0.0, 0.0, 0.0, 0.0, 0.0, 250000.0)),
        ("实收", (0.0, 0.0, 0.0, 0.0, 0.0, 120000.0)),
    ]


def test_money_paid_ahead_is_received_but_collects_nothing_due(march: Database) -> None:
    """A pays 850,000 more on the 31st towards its balance (due in May): the
    month's receipts pass what was due, its rate stays the quality report's."""
    with march.read() as s:
        deal = payments.deal_of_unit(s, pid(march), "1-2601")
    pay(march, deal, "850000")
    r = report(march, MARCH)
    due, collected, rate, received = r.table("summary").rows[0][:4]
    assert (due, collected, rate, received) == (
        Decimal("250000.00"), Decimal("100000.00"), Decimal("0.4000"), Decimal("970000.00"))
    assert r.table("summary").rows[0][6] == Decimal("4.8500")  # of the 200,000 target
    with march.read() as s:
        assert quality.figures(s, MARCH)["collection"].actual == rate


def test_a_period_without_targets_or_dues_has_no_rates(march: Database) -> None:
    r = report(march, Period(date(2026, 1, 1), date(2026, 1, 31)))
    assert r.table("summary").rows == [
        (Decimal("0.00"), Decimal("0.00"), None, Decimal("0.00"), Decimal("0.00"), None, None)]
    assert r.table("by_rep").rows == [] and r.table("overdue").rows == []


def test_the_overdue_list_is_as_of_today_in_a_month_not_over(march: Database) -> None:
    day(march, date(2026, 3, 20))
    r = report(march, MARCH)
    assert [(row[0], row[6]) for row in r.table("overdue").rows] == [("1-2602", 17)]


def test_only_who_may_view_reports_reads_it(march: Database) -> None:
    with pytest.raises(PermissionDenied):
        report(march, MARCH, "lina")
