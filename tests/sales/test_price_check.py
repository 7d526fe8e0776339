"""The price rule asked as the price is typed: fine, needs a manager, or below the
floor, said without showing the floor price to whoever may not see it."""

from __future__ import annotations

from decimal import Decimal

from desk.core.db import Database
from desk.core.errors import set_language
from desk.models.enums import PriceVerdict
from desk.sales import claims, pricing, units
from tests.conftest import actor
from tests.sales.test_reps import OWNED, do, pid, showroom

__all__ = ["showroom"]


def prices(db: Database, code: str) -> tuple[Decimal, Decimal]:
    with db.read() as s:
        u = units.rows(s, pid(db), code=code)[0]
        return u.list_price, u.floor_price


def check(db: Database, login: str, code: str, price: object) -> pricing.PriceCheck:
    with db.read() as s:
        return pricing.check_price(s, actor(db, login), pid(db), code, price)


def off(list_price: Decimal, pct: str) -> Decimal:
    return (list_price * (100 - Decimal(pct)) / 100).quantize(Decimal("0.01"))


def pct(list_price: Decimal, price: Decimal) -> str:
    return f"{(list_price - price) / list_price * 100:.2f}%"


def test_the_assistant_hears_the_verdict_without_the_floor(showroom: Database) -> None:
    lp, floor = prices(showroom, "1-1501")
    small, large = off(lp, "1.5"), off(lp, "3")
    below = floor - 1
    assert check(showroom, "assistant", "1-1501", lp) == pricing.PriceCheck(PriceVerdict.OK, "", None)
    c = check(showroom, "assistant", "1-1501", small)
    assert (c.verdict, c.message) == (PriceVerdict.OK, f"折扣 {pct(lp, small)}，在权限之内。")
    c = check(showroom, "assistant", "1-1501", f"{large:,}")  # typed with thousands separators
    assert (c.verdict, c.message) == (
        PriceVerdict.APPROVAL, f"折扣 {pct(lp, large)} 超过 2.0% 的权限：需要销售经理审批。")
    c = check(showroom, "assistant", "1-1501", below)
    assert (c.verdict, c.message) == (PriceVerdict.FLOOR, "低于底价，不能办理（底价不可突破）。")
    digits = f"{floor:,.2f}".replace(",", "")
    assert f"{floor:,.2f}" not in c.message and digits not in c.message.replace(",", "")
    c = check(showroom, "assistant", "1-1501", "12万")
    assert (c.verdict, c.message) == (PriceVerdict.INVALID, "成交总价必须是数字。")


def test_the_manager_sees_the_floor_and_approves_the_discount(showroom: Database) -> None:
    lp, floor = prices(showroom, "1-1501")
    c = check(showroom, "manager", "1-1501", floor - 1)
    assert (c.verdict, c.message) == (PriceVerdict.FLOOR, f"低于底价 ¥{floor:,.2f}，不能办理。")
    large = off(lp, "3")
    c = check(showroom, "manager", "1-1501", large)
    assert (c.verdict, c.message) == (
        PriceVerdict.OK, f"折扣 {pct(lp, large)}，超过 2.0% 的权限，由您审批。")


def test_a_held_unit_is_measured_from_its_frozen_price(showroom: Database) -> None:
    """The hold froze the list price; a repriced unit still counts from it."""
    from sqlalchemy import update

    from desk.models import Unit

    p = pid(showroom)
    lp, _ = prices(showroom, "1-1501")
    do(showroom, claims.hold, actor(showroom, "zhangwei"), p, "1-1501", customer_phone=OWNED)
    with showroom.begin() as s:
        s.execute(update(Unit).where(Unit.code == "1-1501").values(list_price=lp * 2))
    c = check(showroom, "assistant", "1-1501", off(lp, "1"))
    assert (c.verdict, c.discount.quantize(Decimal("0.01"))) == (PriceVerdict.OK, Decimal("1.00"))


def test_the_messages_are_in_the_users_language(showroom: Database) -> None:
    _, floor = prices(showroom, "1-1501")
    set_language("en")
    c = check(showroom, "assistant", "1-1501", floor - 1)
    assert c.message == "Below the floor price: that is never allowed."
