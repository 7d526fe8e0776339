"""Inventory and sell-through (房源去化) of the hand-built case, on both databases."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal as D

import pytest

from desk.core.db import Database
from desk.core.errors import PermissionDenied
from desk.reporting import inventory, registry
from desk.reporting.model import Report, as_json
from desk.reporting.periods import Period
from tests.conftest import actor
from tests.reporting import diary_kit as kit
from tests.reporting.test_diary import statements

TOTAL = ("合计", 7, 2, 1, 2, 1, 1, 3, D("0.5000"), D("2950000.00"), D("2500000.00"), 3)


def report(db: Database, period: Period, login: str = "manager") -> Report:
    with db.read() as s:
        return inventory.build(s, actor(db, login), period, None)


def test_status_now_by_building_and_layout(any_db: Database) -> None:
    """1-101 signed, 1-201 and 1-202 subscribed (1-202 by a change of unit),
    1-102 and 2-101 for sale again, 2-102 held, 2-201 withheld."""
    kit.case(any_db)
    r = report(any_db, kit.PERIOD)
    b = r.table("by_building")
    assert [c.key for c in b.columns] == [
        "building", "units", "available", "held", "subscribed", "signed", "withheld", "sold",
        "sell_through", "sold_amount", "for_sale_amount", "sold_in_period"]
    assert b.rows == [
        ("1栋", 4, 1, 0, 2, 1, 0, 3, D("0.7500"), D("2950000.00"), D("800000.00"), 2),
        ("2栋", 3, 1, 1, 0, 0, 1, 0, D("0.0000"), D("0.00"), D("1700000.00"), 1),
    ]
    assert b.total == TOTAL
    lay = r.table("by_layout")
    assert lay.columns[0].key == "layout"
    assert lay.rows == [
        ("2室2厅1卫", 3, 1, 0, 1, 0, 1, 1, D("0.5000"), D("850000.00"), D("800000.00"), 1),
        ("3室2厅2卫", 3, 1, 0, 1, 1, 0, 2, D("0.6667"), D("2100000.00"), D("1200000.00"), 2),
        ("未填", 1, 0, 1, 0, 0, 0, 0, D("0.0000"), D("0.00"), D("500000.00"), 0),
    ]
    assert lay.total == TOTAL
    chart = r.charts[0]
    assert (chart.key, chart.percent, chart.categories) == (
        "sell_through_by_layout", True, ("2室2厅1卫", "3室2厅2卫", "未填"))
    assert [(s.zh, s.values) for s in chart.series] == [("去化率", (0.5, 0.6667, 0.0))]
    # The floor prices (0.9 of each list price) appear nowhere.
    text = json.dumps(as_json(r), ensure_ascii=False)
    for _, _, _, price in kit.UNITS:
        assert f"{D(price) * D('0.9'):.2f}" not in text


def test_the_previous_period_and_a_lapsed_hold(any_db: Database) -> None:
    """The status is now's; only the sales in the period change. A hold past its
    time is for sale, as the grid shows it."""
    kit.case(any_db)
    any_db.clock_offset += timedelta(minutes=30)
    r = report(any_db, kit.PREVIOUS)
    assert r.table("by_building").rows == [
        ("1栋", 4, 1, 0, 2, 1, 0, 3, D("0.7500"), D("2950000.00"), D("800000.00"), 1),
        ("2栋", 3, 2, 0, 0, 0, 1, 0, D("0.0000"), D("0.00"), D("1700000.00"), 0),
    ]
    assert r.table("by_layout").total == (
        "合计", 7, 3, 0, 2, 1, 1, 3, D("0.5000"), D("2950000.00"), D("2500000.00"), 1)


def test_a_sales_rep_may_not_read_it(any_db: Database) -> None:
    kit.showroom(any_db)
    with pytest.raises(PermissionDenied):
        report(any_db, kit.PERIOD, "lina")
    e = registry.reports()["inventory"]
    assert (e.zh, e.en, e.build) == ("房源去化", "Inventory and sell-through", inventory.build)


def test_the_number_of_statements_does_not_grow_with_the_rows(any_db: Database) -> None:
    pid = kit.case(any_db)
    with statements(any_db) as few:
        report(any_db, kit.PERIOD)
    kit.subscribe(any_db, pid, "1-102", "C", "800000", "30000")
    kit.subscribe(any_db, pid, "2-101", "E", "1200000", "60000")
    with statements(any_db) as many:
        t = report(any_db, kit.PERIOD).table("by_building")
    assert t.total is not None and t.total[7] == 5 and t.total[-1] == 5
    assert len(few) == len(many) <= 8  # with the login, the clock and the time zone
