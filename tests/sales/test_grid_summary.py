"""The summary beside the grid, moved unit by unit from the change feed, stays
what a fresh aggregate over every unit says."""

from __future__ import annotations

from datetime import date, timedelta

from desk.admin import projects
from desk.core.db import Database
from desk.models.enums import UnitStatus
from desk.sales import claims, transition, units
from tests.conftest import actor


def test_summary_moved_unit_by_unit_equals_a_fresh_aggregate(demo_db: Database) -> None:
    with demo_db.read() as s:
        pid = projects.find_project(s, None).id
        summary = units.read_summary(s, pid)
        before = {u.id: u for u in units.grid_units(s, pid)}
    held, withheld = summary.by_status["held"].count, summary.by_status["withheld"].count
    free = [u for u in before.values() if u.status == UnitStatus.AVAILABLE]
    one = next(u for u in free if u.building == "1栋")
    two = next(u for u in free if u.building == "2栋")
    three = next(u for u in free if u.building == "3栋")
    with demo_db.begin() as s:
        claims.hold(s, actor(demo_db, "lina"), pid, one.code, customer_phone="13600000031",
                    customer_name="甲")
    with demo_db.begin() as s:
        price = transition.get_unit(s, pid, two.code).list_price
        claims.subscribe(s, actor(demo_db, "assistant"), pid, two.code,
                         customer_phone="13600000032", customer_name="乙", deposit="50000",
                         agreed_price=price, sign_by=date.today() + timedelta(days=7),
                         payment_method="full", rep_login="lina", id_number="110101199003074477")
    with demo_db.begin() as s:
        units.withhold(s, actor(demo_db, "manager"), pid, three.code, "样板间")
    with demo_db.read() as s:
        fresh = units.grid_units(s, pid, ids=[one.id, two.id, three.id])
        expected = units.read_summary(s, pid)
    assert [u.status for u in fresh] == ["held", "subscribed", "withheld"]
    assert fresh[0].customer == "甲" and fresh[1].amount == price
    for new in fresh:
        summary.replace(before[new.id], new)
    assert summary == expected
    assert (summary.by_status["held"].count, summary.by_status["withheld"].count) == (
        held + 1, withheld + 1)
