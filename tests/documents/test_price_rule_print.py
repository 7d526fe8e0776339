"""Documents under the project's pricing rule: the unit price is the one the rule
gives for the total, and a total the rule cannot give is never printed."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.admin import auth, projects
from desk.core.db import Database
from desk.core.errors import InvalidInput
from desk.documents import prints
from desk.models import PrintLog, Project
from desk.sales import claims
from tests.conftest import actor

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils not installed")

GROSS_YUAN = "建筑面积×单价，总价四舍五入到元"


@pytest.fixture
def shop(db: Database) -> Database:
    """The demo's staff and price list; no deal yet. 1-1501: 118.56 ㎡ at ¥34,608 =
    ¥4,103,124.48; 1-1502: 89.12 ㎡ at ¥33,600 = ¥2,994,432.00."""
    from desk.demo import showroom as demo

    with db.begin() as s:
        for login, name, role in demo.DEMO_USERS:
            auth.create_user(s, None, login, name, role, demo.DEMO_PASSWORD)
        p = projects.create_project(s, None, "翠湖天地", "翠湖置业", "深房许字（2026）1号")
        demo.load_units(s, p.id)
    return db


def pid(db: Database) -> int:
    with db.read() as s:
        return projects.find_project(s, None).id


def set_rule(db: Database, rule: str) -> None:
    with db.begin() as s:
        s.get_one(Project, pid(db)).price_rule = rule


def subscribe(db: Database, code: str, total: str) -> None:
    from desk.demo.showroom import demo_id

    with db.begin() as s:
        claims.subscribe(s, actor(db, "assistant"), pid(db), code, customer_phone="13812340007",
                         customer_name="李买家", deposit=50000, agreed_price=total, rep_login="zhangwei",
                         id_number=demo_id(1))


def issue(db: Database, kind: str, ref: str) -> prints.Printed:
    with db.begin() as s:
        return prints.issue(s, prints.PrintRequest(actor(db, "assistant"), kind, pid(db), ref))


def logged(db: Database) -> list[tuple[str, str]]:
    with db.read() as s:
        return [(x.kind, x.ref) for x in s.execute(select(PrintLog)).scalars()]


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    """The text as pdftotext reads it, without spaces or line ends."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return "".join(out.split())


def test_a_deal_whose_total_breaks_the_rule_is_refused_before_anything_is_logged(
        shop: Database) -> None:
    subscribe(shop, "1-1502", "2994000.50")  # agreed before the rule was known
    set_rule(shop, "gross_yuan")
    why = (f"不能打印，以下问题需要先处理：总价 ¥2,994,000.50 不符合本项目的计价规则（{GROSS_YUAN}）："
           "按单价 ¥33,595.16/㎡，总价应为 ¥2,994,001.00")
    with pytest.raises(prints.ContractRefused) as e:
        issue(shop, "subscription", "1-1502")
    assert str(e.value) == why
    with pytest.raises(prints.ContractRefused), shop.read() as s:  # nor previewed
        prints.render(s, actor(shop, "assistant"), "subscription", pid(shop), "1-1502")
    with shop.begin() as s:
        number = claims.contract(s, actor(shop, "assistant"), pid(shop), "1-1502").contract_number
    assert number is not None
    with pytest.raises(prints.ContractRefused) as e:
        issue(shop, "contract", number)
    assert str(e.value) == why
    assert logged(shop) == []


@pytest.mark.parametrize("rule,total,shown,not_shown", [
    # 2994000 ÷ 89.12 = 33595.1526…, yet 89.12 × 33595.15 = 2993999.77 truncates to 2993999
    ("gross_trunc", "2994000", "33,595.16", "33,595.15"),
    # 2994002 ÷ 89.12 = 33595.1750…: the total rules, the price is truncated
    ("total_trunc", "2994002", "33,595.17", "33,595.18"),
])
def test_a_deal_prints_the_unit_price_the_rule_gives(shop: Database, tmp_path: Path, rule: str,
                                                     total: str, shown: str,
                                                     not_shown: str) -> None:
    set_rule(shop, rule)
    subscribe(shop, "1-1502", total)
    printed = issue(shop, "subscription", "1-1502")
    text = pdftotext(printed.pdf, tmp_path)
    amount = f"{Decimal(total):,.2f}"
    assert f"单价¥{shown}/㎡" in text and f"总价款¥{amount}" in text
    assert not_shown not in text
    assert logged(shop) == [("subscription", printed.ref)]


def test_a_slip_whose_total_breaks_the_rule_is_refused(shop: Database, tmp_path: Path) -> None:
    """A held price that is not the unit's filed list price (an older record) must
    follow the rule; the filed price itself stands as published."""
    from desk.models import Claim, Unit

    set_rule(shop, "gross_yuan")
    with shop.begin() as s:
        for code in ("1-1501", "1-1502"):
            claims.hold(s, actor(shop, "zhangwei"), pid(shop), code, customer_phone="13812340007",
                        customer_name="李买家")
        unit = s.execute(select(Unit).where(Unit.code == "1-1501")).scalar_one()
        claim = s.execute(select(Claim).where(Claim.unit_id == unit.id)).scalar_one()
        claim.price = Decimal("4103124.48") - 1
    with pytest.raises(InvalidInput) as e:
        issue(shop, "slip", "1-1501")
    assert str(e.value) == (f"不能打印预留单：总价 ¥4,103,123.48 不符合本项目的计价规则（{GROSS_YUAN}）："
                            "按单价 ¥34,607.99/㎡，总价应为 ¥4,103,123.00。")
    assert logged(shop) == []
    text = pdftotext(issue(shop, "slip", "1-1502").pdf, tmp_path)
    assert "单价¥33,600.00/㎡" in text and "¥2,994,432.00" in text
    assert len(logged(shop)) == 1


def test_a_filed_price_that_follows_no_rule_still_prints(shop: Database, tmp_path: Path) -> None:
    """1-1501's filed ¥4,103,124.48 breaks gross_yuan, as a few rows of real lists
    break theirs: it is held, printed and subscribed at that figure."""
    set_rule(shop, "gross_yuan")
    with shop.begin() as s:
        claims.hold(s, actor(shop, "zhangwei"), pid(shop), "1-1501", customer_phone="13812340007",
                    customer_name="李买家")
    text = pdftotext(issue(shop, "slip", "1-1501").pdf, tmp_path)
    assert "单价¥34,608.00/㎡" in text and "¥4,103,124.48" in text
    subscribe(shop, "1-1501", "4103124.48")
    text = pdftotext(issue(shop, "subscription", "1-1501").pdf, tmp_path)
    assert "单价¥34,608.00/㎡" in text and "总价款¥4,103,124.48" in text
