"""A unit's history: the contract number is the contract's, never a reason."""

from __future__ import annotations

from sqlalchemy import update

from desk.core.db import Database
from desk.models import UnitEvent
from desk.sales import claims, units
from tests.conftest import actor
from tests.sales.test_reps import OWNED, do, pid, price, showroom

__all__ = ["showroom"]


def test_contract_number_has_its_own_place(showroom: Database) -> None:
    p, asst = pid(showroom), actor(showroom, "assistant")
    do(showroom, claims.subscribe, asst, p, "1-1501", customer_phone=OWNED, deposit=50000,
       agreed_price=price(showroom, "1-1501"))
    number = do(showroom, claims.contract, asst, p, "1-1501").contract_number
    with showroom.read() as s:
        rows = units.history(s, p, "1-1501")
    assert [(r.action, r.reason, r.contract_number) for r in rows] == [
        ("import", "", None), ("subscribe", "", None), ("contract", "", number)]


def test_a_contract_signed_before_shows_no_number_as_its_reason(showroom: Database) -> None:
    """Events written before the fix carry the number as their reason; the log is
    append-only, so the history reads them as they are meant."""
    p, asst = pid(showroom), actor(showroom, "assistant")
    do(showroom, claims.subscribe, asst, p, "1-1501", customer_phone=OWNED, deposit=50000,
       agreed_price=price(showroom, "1-1501"))
    number = do(showroom, claims.contract, asst, p, "1-1501").contract_number
    with showroom.begin() as s:  # as the old code wrote it
        s.execute(update(UnitEvent).where(UnitEvent.action == "contract").values(reason=number))
    with showroom.read() as s:
        row = units.history(s, p, "1-1501")[-1]
    assert (row.reason, row.contract_number) == ("", number)
