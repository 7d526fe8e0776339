"""The sources report (来源渠道) of the hand-built case, on both databases."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from desk.core.db import Database
from desk.core.errors import PermissionDenied, set_language
from desk.reporting import registry, sources
from desk.reporting.model import Report
from desk.reporting.periods import Period
from tests.conftest import actor
from tests.reporting import diary_kit as kit
from tests.reporting.test_diary import statements


def report(db: Database, period: Period, login: str = "manager") -> Report:
    with db.read() as s:
        return sources.build(s, actor(db, login), period, None)


def test_visits_and_deals_by_source(any_db: Database) -> None:
    """Calls are not visits; deals go to the customer's own source; a change of
    unit is no new subscription; G was never registered (未填)."""
    kit.case(any_db)
    r = report(any_db, kit.PERIOD)
    t = r.table("sources")
    assert [c.key for c in t.columns] == ["source", "visits", "first_visits", "subscriptions",
                                          "contracts", "contract_amount", "conversion"]
    assert t.rows == [
        ("朋友介绍", 2, 2, 2, 0, D("0.00"), D("1.0000")),
        ("路过", 1, 0, 0, 1, D("1000000.00"), None),
        ("未填", 0, 0, 1, 0, D("0.00"), None),
    ]
    assert t.total == ("合计", 3, 2, 3, 1, D("1000000.00"), D("1.5000"))
    chart = r.charts[0]
    assert (chart.key, chart.categories) == ("visits_by_source", ("朋友介绍", "路过", "未填"))
    assert [(s.zh, s.values) for s in chart.series] == [
        ("来访", (2.0, 1.0, 0.0)), ("认购", (2.0, 0.0, 1.0))]


def test_the_previous_period_and_english_names(any_db: Database) -> None:
    kit.case(any_db)
    set_language("en")
    t = report(any_db, kit.PREVIOUS).table("sources")
    assert t.rows == [("路过", 0, 0, 1, 0, D("0.00"), None)]  # A's visit was on 03-25
    assert t.total == ("Total", 0, 0, 1, 0, D("0.00"), None)
    t = report(any_db, Period(kit.PREVIOUS.start.replace(day=25), kit.PREVIOUS.end)).table("sources")
    assert t.rows == [("路过", 1, 1, 1, 0, D("0.00"), D("1.0000"))]


def test_a_sales_rep_may_not_read_it(any_db: Database) -> None:
    kit.showroom(any_db)
    with pytest.raises(PermissionDenied):
        report(any_db, kit.PERIOD, "lina")
    assert registry.reports()["sources"].build is sources.build


def test_the_number_of_statements_does_not_grow_with_the_rows(any_db: Database) -> None:
    pid = kit.case(any_db)
    with statements(any_db) as few:
        report(any_db, kit.PERIOD)
    for i in range(5):
        kit.visit(any_db, f"Y{i}", ("路过", "中介", "老带新", "其他", "户外广告")[i] if i != 1
                  else "网络广告", phone=f"1370000000{i}")
    kit.subscribe(any_db, pid, "1-102", "C", "800000", "30000")
    with statements(any_db) as many:
        t = report(any_db, kit.PERIOD).table("sources")
    assert len(t.rows) == 7 and t.total is not None and t.total[1:4] == (8, 7, 4)
    assert len(few) == len(many) <= 8  # with the login, the clock and the time zone
