"""The sales diary (销售日报) of a hand-built case (tests/reporting/diary_kit.py),
every figure written out, on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest
from sqlalchemy import event

from desk.core.db import Database
from desk.core.errors import PermissionDenied
from desk.reporting import diary, registry
from desk.reporting.model import Report
from desk.reporting.periods import Period, month
from desk.sales import payments
from tests.conftest import actor
from tests.reporting import diary_kit as kit


def daily(db: Database, period: Period, login: str = "manager") -> Report:
    with db.read() as s:
        return diary.build(s, actor(db, login), period, None)


def test_counts_money_and_days_of_a_period_across_the_month_end(any_db: Database) -> None:
    kit.case(any_db)
    r = daily(any_db, kit.PERIOD)
    assert (r.kind, r.start, r.end) == ("daily", date(2026, 3, 30), date(2026, 4, 2))
    assert r.table("counts").rows == [
        ("calls", "来电", 1, 1, D("0.0000")),
        ("first_visits", "首访", 2, 0, None),  # A came first on 03-25, before both
        ("return_visits", "复访", 1, 0, None),
        ("holds", "预留", 1, 1, D("0.0000")),
        ("subscriptions", "认购", 3, 1, D("2.0000")),
        ("contracts", "签约", 1, 0, None),
        ("cancellations", "退订", 1, 0, None),
        ("unit_changes", "换房", 1, 0, None),
    ]
    assert r.table("money").rows == [
        ("subscription_amount", "认购金额", D("3100000.00"), D("1000000.00"), D("2.1000")),
        ("contract_amount", "签约金额", D("1000000.00"), D("0.00"), None),
        # agreed: C 30,000, D 60,000, G 50,000 / A 50,000; received: D's 60,000 (C's was
        # voided, A's later payments go past its paid deposit, G paid nothing) / A's
        ("subscription_deposits", "认购定金", D("140000.00"), D("50000.00"), D("1.8000")),
        ("deposits_received", "收定金", D("60000.00"), D("50000.00"), D("0.2000")),
        ("payments_received", "回款", D("360000.00"), D("50000.00"), D("6.2000")),
        ("refunds", "退款", D("60000.00"), D("0.00"), None),
    ]
    assert [c.key for c in r.table("by_day").columns] == [
        "day", "calls", "first_visits", "return_visits", "subscriptions", "contracts",
        "contract_amount", "payments_received"]
    assert r.table("by_day").rows == [
        (date(2026, 3, 30), 0, 1, 1, 0, 0, D("0.00"), D("0.00")),
        (date(2026, 3, 31), 0, 1, 0, 0, 0, D("0.00"), D("0.00")),  # D at 23:30 local
        (date(2026, 4, 1), 1, 0, 0, 2, 1, D("1000000.00"), D("260000.00")),  # E at 00:30
        (date(2026, 4, 2), 0, 0, 0, 1, 0, D("0.00"), D("100000.00")),
    ]
    chart = r.charts[0]
    assert (chart.key, chart.kind, chart.categories) == (
        "visits_per_day", "bar", ("03-30", "03-31", "04-01", "04-02"))
    assert [(s.zh, s.values) for s in chart.series] == [
        ("首访", (1.0, 1.0, 0.0, 0.0)), ("复访", (1.0, 0.0, 0.0, 0.0))]


def test_the_previous_period_on_its_own(any_db: Database) -> None:
    kit.case(any_db)
    r = daily(any_db, kit.PREVIOUS)
    counts = {row[0]: row[2:4] for row in r.table("counts").rows}
    assert counts == {"calls": (1, 0), "first_visits": (0, 1), "return_visits": (0, 0),
                      "holds": (1, 0), "subscriptions": (1, 0), "contracts": (0, 0),
                      "cancellations": (0, 0), "unit_changes": (0, 0)}  # A's 03-25 visit before
    money = {row[0]: row[2:] for row in r.table("money").rows}
    assert money == {
        "subscription_amount": (D("1000000.00"), D("0.00"), None),
        "contract_amount": (D("0.00"), D("0.00"), None),
        "subscription_deposits": (D("50000.00"), D("0.00"), None),
        "deposits_received": (D("50000.00"), D("0.00"), None),
        "payments_received": (D("50000.00"), D("0.00"), None),
        "refunds": (D("0.00"), D("0.00"), None)}
    assert r.table("by_day").rows == [
        (date(2026, 3, 26), 0, 0, 0, 0, 0, D("0.00"), D("0.00")),
        (date(2026, 3, 27), 1, 0, 0, 0, 0, D("0.00"), D("0.00")),
        (date(2026, 3, 28), 0, 0, 0, 1, 0, D("0.00"), D("0.00")),
        (date(2026, 3, 29), 0, 0, 0, 0, 0, D("0.00"), D("50000.00")),
    ]


def test_a_month_against_the_month_before_splits_at_showroom_midnight(any_db: Database) -> None:
    """E's call at 00:30 on 1 April is 16:30 UTC on 31 March: April's."""
    kit.case(any_db)
    r = daily(any_db, month(date(2026, 4, 1)))
    assert (r.start, r.end) == (date(2026, 4, 1), date(2026, 4, 30))
    assert r.table("counts").rows == [
        ("calls", "来电", 1, 1, D("0.0000")),
        ("first_visits", "首访", 1, 3, D("-0.6667")),  # H on 04-03; A (03-25), C, D in March
        ("return_visits", "复访", 0, 1, D("-1.0000")),
        ("holds", "预留", 1, 1, D("0.0000")),
        ("subscriptions", "认购", 3, 1, D("2.0000")),
        ("contracts", "签约", 1, 0, None),
        ("cancellations", "退订", 1, 0, None),
        ("unit_changes", "换房", 1, 0, None),
    ]
    days = r.table("by_day").rows
    assert len(days) == 30 and days[0][0] == date(2026, 4, 1) and days[-1][0] == date(2026, 4, 30)
    assert days[:3] == [
        (date(2026, 4, 1), 1, 0, 0, 2, 1, D("1000000.00"), D("260000.00")),
        (date(2026, 4, 2), 0, 0, 0, 1, 0, D("0.00"), D("100000.00")),
        (date(2026, 4, 3), 0, 1, 0, 0, 0, D("0.00"), D("0.00")),
    ]
    assert all(row[1:] == (0, 0, 0, 0, 0, D("0.00"), D("0.00")) for row in days[3:])
    assert r.charts[0].categories[:2] == ("04-01", "04-02") and len(r.charts[0].categories) == 30


def test_deposits_received_are_what_the_money_paid_of_deposits_when_it_came(
        any_db: Database) -> None:
    """G's deposit of 50,000 (agreed on 04-02) is paid 20,000 on 04-05, then
    100,000 on 04-06: 30,000 of that finishes the deposit, 70,000 goes on to the
    balance; a 40,000 payment voided the same day pays nothing."""
    pid = kit.case(any_db)
    kit.at(any_db, 4, 5, 10)
    kit.pay(any_db, pid, "1-201", "20000")
    kit.at(any_db, 4, 6, 10)
    wrong = kit.pay(any_db, pid, "1-201", "40000")
    with any_db.begin() as s:
        payments.void(s, actor(any_db, "manager"), wrong, "录错了")
    kit.pay(any_db, pid, "1-201", "100000")

    def money(period: Period) -> dict[str, Any]:
        return {str(row[0]): row[2:] for row in daily(any_db, period).table("money").rows}

    one_day = money(Period(date(2026, 4, 6), date(2026, 4, 6)))  # against 04-05
    assert one_day["subscription_deposits"] == (D("0.00"), D("0.00"), None)
    assert one_day["deposits_received"] == (D("30000.00"), D("20000.00"), D("0.5000"))
    assert one_day["payments_received"] == (D("100000.00"), D("20000.00"), D("4.0000"))
    four_days = money(Period(date(2026, 4, 3), date(2026, 4, 6)))  # against kit.PERIOD
    assert four_days["deposits_received"] == (D("50000.00"), D("60000.00"), D("-0.1667"))
    assert four_days["subscription_deposits"] == (D("0.00"), D("140000.00"), D("-1.0000"))


def test_a_sales_rep_may_not_read_the_diary(any_db: Database) -> None:
    kit.showroom(any_db)
    with pytest.raises(PermissionDenied):
        daily(any_db, kit.PERIOD, "lina")


def test_the_registry_offers_it() -> None:
    e = registry.reports()["daily"]
    assert (e.zh, e.en, e.build) == ("销售日报", "Sales diary", diary.build)


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_the_number_of_statements_does_not_grow_with_the_rows(any_db: Database) -> None:
    pid = kit.case(any_db)
    with statements(any_db) as few:
        daily(any_db, kit.PERIOD)
    for i in range(6):  # more visits, calls, holds and payments in the period
        kit.visit(any_db, f"X{i}", "路过", kind="visit" if i % 2 else "call",
                  phone=f"1390000000{i}")
    kit.pay(any_db, pid, "1-101", "1000")
    kit.pay(any_db, pid, "1-201", "1000")
    with statements(any_db) as many:
        r = daily(any_db, kit.PERIOD)
    assert r.table("counts").rows[0][2] == 1 + 3  # the calls did count
    assert len(few) == len(many) <= 10  # with the login, the clock and the time zone


def test_a_whole_year_day_by_day(any_db: Database) -> None:
    """Two years of days in one CASE: still one statement per table."""
    kit.case(any_db)
    r = daily(any_db, Period(date(2026, 1, 1), date(2026, 12, 31)))
    assert [row[2:4] for row in r.table("counts").rows] == [
        (2, 0), (4, 0), (1, 0), (2, 0), (4, 0), (1, 0), (1, 0), (1, 0)]
    days = r.table("by_day").rows
    assert len(days) == 365
    assert sum(row[2] for row in days) == 4  # type: ignore[misc]
    assert days[89] == (date(2026, 3, 31), 0, 1, 0, 0, 0, D("0.00"), D("0.00"))
