"""What a sales operation changes reaches every PC: each unit it touched is named."""

from __future__ import annotations

from desk.core.changes import ChangeKind
from desk.core.db import Database
from desk.sales import claims, units
from tests.conftest import actor
from tests.sales.test_reps import OWNED, do, pid, price, showroom

__all__ = ["showroom"]


def test_a_change_of_unit_names_both_units(showroom: Database) -> None:
    """Another PC's grid repaints the cells named: the new unit is one of them."""
    p = pid(showroom)
    do(showroom, claims.subscribe, actor(showroom, "assistant"), p, "1-1501",
       customer_phone=OWNED, deposit=50000, agreed_price=price(showroom, "1-1501"))
    with showroom.read() as s:
        ids = {r.code: str(r.id) for r in units.rows(s, p) if r.code in ("1-1501", "1-1502")}
    with showroom.begin() as s:
        claims.change_unit(s, actor(showroom, "manager"), p, "1-1501", "1-1502", reason="换大户型")
        named = set(s.changed[ChangeKind.UNITS])
    assert named == {ids["1-1501"], ids["1-1502"]}
