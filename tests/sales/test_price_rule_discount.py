"""An agreed total the project's pricing rule cannot give: said as it is typed,
with the nearest totals the rule gives, and refused by the operations."""

from __future__ import annotations

import pytest

from desk.core.db import Database
from desk.core.errors import InvalidInput, set_language
from desk.models import Project, Unit
from desk.models.enums import ApprovalKind, PriceVerdict, UnitStatus
from desk.sales import claims, pricing
from tests.conftest import actor
from tests.sales.test_reps import OWNED, do, pid, showroom

__all__ = ["showroom"]

# 1-1502: 89.12 ㎡ at ¥33,600 = ¥2,994,432.00, floor ¥2,844,710;
# 1-1504: 142.30 ㎡ at ¥35,280 = ¥5,020,344.00 (one fen of price moves the total ¥1.423).
GROSS_YUAN = "建筑面积×单价，总价四舍五入到元"


def set_rule(db: Database, rule: str | None) -> None:
    with db.begin() as s:
        s.get_one(Project, pid(db)).price_rule = rule


def check(db: Database, code: str, price: str, login: str = "assistant") -> pricing.PriceCheck:
    with db.read() as s:
        return pricing.check_price(s, actor(db, login), pid(db), code, price)


def test_a_total_the_rule_cannot_give_is_said_with_the_nearest_ones(showroom: Database) -> None:
    assert check(showroom, "1-1502", "2994000.50").verdict == PriceVerdict.OK  # no rule known
    set_rule(showroom, "gross_yuan")
    c = check(showroom, "1-1502", "2994000.50")
    assert (c.verdict, c.message) == (
        PriceVerdict.INVALID,
        f"成交总价不符合本项目的计价规则（{GROSS_YUAN}）：最接近的总价是 ¥2,994,000.00 或 ¥2,994,001.00。")
    c = check(showroom, "1-1502", "2,994,000")
    assert (c.verdict, c.message) == (PriceVerdict.OK, "折扣 0.01%，在权限之内。")
    c = check(showroom, "1-1504", "5020346")  # whole yuan, yet no price to the fen gives it
    assert c.message == (f"成交总价不符合本项目的计价规则（{GROSS_YUAN}）："
                         "最接近的总价是 ¥5,020,345.00 或 ¥5,020,347.00。")
    assert check(showroom, "1-1504", "5020345").verdict == PriceVerdict.OK
    c = check(showroom, "1-1502", "2844709.50")  # below the floor comes first
    assert (c.verdict, c.message) == (PriceVerdict.FLOOR, "低于底价，不能办理（底价不可突破）。")
    set_language("en")
    assert check(showroom, "1-1502", "2994000.50").message == (
        "The agreed price does not follow this project's pricing rule (gross area × unit price, "
        "total rounded to the yuan): the nearest totals are ¥2,994,000.00 and ¥2,994,001.00.")
    set_rule(showroom, "total_trunc")  # where the total rules, any total to the fen will do
    assert check(showroom, "1-1502", "2994000.37").verdict == PriceVerdict.OK


def test_the_operations_refuse_a_total_the_rule_cannot_give(showroom: Database) -> None:
    set_rule(showroom, "gross_yuan")
    p = pid(showroom)
    with pytest.raises(InvalidInput) as e:
        do(showroom, claims.subscribe, actor(showroom, "assistant"), p, "1-1502",
           customer_phone=OWNED, deposit=50000, agreed_price="2994000.50")
    assert (str(e.value), e.value.field) == (
        f"成交总价不符合本项目的计价规则（{GROSS_YUAN}）：最接近的总价是 ¥2,994,000.00 或 ¥2,994,001.00。",
        "agreed_price")
    with pytest.raises(InvalidInput) as e:  # a manager is never asked to approve it either
        do(showroom, claims.request_approval, actor(showroom, "assistant"), p, "1-1504",
           ApprovalKind.DISCOUNT, customer_phone=OWNED, agreed_price="4800003")
    assert "¥4,800,002.00 或 ¥4,800,004.00" in str(e.value)
    with showroom.read() as s:
        assert s.query(Unit).filter(Unit.code.in_(["1-1502", "1-1504"]),
                                    Unit.status != UnitStatus.AVAILABLE).count() == 0
    do(showroom, claims.subscribe, actor(showroom, "assistant"), p, "1-1502",
       customer_phone=OWNED, deposit=50000, agreed_price="2994000")
    with pytest.raises(InvalidInput) as e:  # nor may a change of unit bring one
        do(showroom, claims.change_unit, actor(showroom, "manager"), p, "1-1502", "1-1504",
           reason="换大户型", agreed_price="5020346")
    assert e.value.field == "agreed_price" and "¥5,020,345.00 或 ¥5,020,347.00" in str(e.value)
    do(showroom, claims.change_unit, actor(showroom, "manager"), p, "1-1502", "1-1504",
       reason="换大户型", agreed_price="5020345")
