"""A price list's pricing convention: each rule's arithmetic, detection on made-up
lists (ties, misses, no rule) and on the real Shenzhen lists."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk.core.errors import InvalidInput, set_language
from desk.sales import price_rules
from desk.sales.price_rules import (
    PriceRow,
    PriceRule,
    check,
    detect,
    follows,
    nearest_totals,
    total_for,
    unit_price_for,
)
from tests.conftest import TESTDATA

D = Decimal
SAMPLE = TESTDATA / "sz_yfyj_sample"

# --- arithmetic -------------------------------------------------------------------


@pytest.mark.parametrize("rule,total", [
    (PriceRule.GROSS_YUAN, "2232751.00"),  # 89.31 × 25000.01 = 2232750.8931
    (PriceRule.GROSS_FEN, "2232750.89"),
    (PriceRule.GROSS_TRUNC, "2232750.00"),
    (PriceRule.INNER_YUAN, "2232685.00"),  # 67.61 × 33023.00 = 2232685.03
    (PriceRule.TOTAL, "2232750.89"),
    (PriceRule.TOTAL_TRUNC, "2232750.90"),  # ÷ 89.31 = 25000.0111…, truncated 25000.01
])
def test_the_total_each_rule_gives(rule: PriceRule, total: str) -> None:
    got = total_for(rule, D("89.31"), D("25000.01"), D("67.61"), D("33023.00"))
    assert str(got) == total
    assert follows(rule, PriceRow(D("89.31"), D("25000.01"), D("67.61"), D("33023.00"), got))


def test_an_inner_rule_without_inner_figures_uses_the_gross_ones() -> None:
    assert total_for(PriceRule.INNER_YUAN, D("89.31"), D("25000.01")) == D("2232751.00")
    with pytest.raises(InvalidInput) as e:
        total_for(PriceRule.GROSS_YUAN, D("89.31"), None)
    assert (e.value.zh, e.value.field) == ("缺少单价，无法计算总价。", "price")


@pytest.mark.parametrize("rule,area,total,price", [
    (PriceRule.TOTAL, "89.31", "2000000", "22393.91"),  # 2000000 ÷ 89.31 = 22393.9088…
    (PriceRule.TOTAL_TRUNC, "89.31", "2000000", "22393.90"),
    (PriceRule.GROSS_YUAN, "142.30", "4000000", "28109.63"),  # × 142.30 = 4000000.349
    (PriceRule.GROSS_YUAN, "142.30", "4000001", "28109.63"),  # none gives it: the nearest
    # 1500000 ÷ 61.70 = 24311.1831… but 61.70 × 24311.18 = 1499999.81 truncates to 1499999
    (PriceRule.GROSS_TRUNC, "61.70", "1500000", "24311.19"),
    (PriceRule.GROSS_FEN, "89.31", "2232749.11", "24999.99"),
    (PriceRule.INNER_YUAN, "89.31", "2232685", "24999.27"),  # gross: total ÷ area, rounded
])
def test_the_unit_price_that_goes_with_an_agreed_total(rule: PriceRule, area: str, total: str,
                                                       price: str) -> None:
    assert str(unit_price_for(rule, D(area), D(total), D("67.61"))) == price


@pytest.mark.parametrize("rule,area,total,near", [
    (PriceRule.GROSS_YUAN, "142.30", "4000000", ["4000000.00"]),
    (PriceRule.GROSS_YUAN, "142.30", "4000001", ["4000000.00", "4000002.00"]),  # 1.423 a fen
    (PriceRule.GROSS_YUAN, "89.31", "2000000.50", ["2000000.00", "2000001.00"]),
    (PriceRule.GROSS_FEN, "89.31", "2000000", ["1999999.21", "2000000.10"]),
    (PriceRule.GROSS_TRUNC, "89.31", "2000000", ["2000000.00"]),
    (PriceRule.TOTAL, "89.31", "2000000.37", ["2000000.37"]),
    (PriceRule.TOTAL_TRUNC, "89.31", "2000000.37", ["2000000.37"]),
])
def test_the_nearest_totals_a_rule_can_give(rule: PriceRule, area: str, total: str,
                                            near: list[str]) -> None:
    assert [str(t) for t in nearest_totals(rule, D(area), D(total))] == near


def test_check_names_the_expected_total() -> None:
    check(PriceRule.GROSS_YUAN, D("89.31"), D("25000.01"), D("2232751"))
    with pytest.raises(InvalidInput) as e:
        check(PriceRule.GROSS_YUAN, D("89.31"), D("25000.01"), D("2232750.89"))
    assert (e.value.zh, e.value.en, e.value.field) == (
        "总价 ¥2,232,750.89 不符合本项目的计价规则（建筑面积×单价，总价四舍五入到元）："
        "按单价 ¥25,000.01/㎡，总价应为 ¥2,232,751.00。",
        "The total ¥2,232,750.89 breaks this project's pricing rule (gross area × unit price, "
        "total rounded to the yuan): at a unit price of ¥25,000.01/m² the total is "
        "¥2,232,751.00.", "price")
    with pytest.raises(InvalidInput) as e:
        check(PriceRule.TOTAL_TRUNC, D("89.31"), D("25000.02"), D("2232750.90"))
    assert e.value.zh.endswith("按单价 ¥25,000.02/㎡，总价应为 ¥2,232,751.79。")
    with pytest.raises(InvalidInput) as e:  # the inner price is the one that goes with the total
        check(PriceRule.INNER_YUAN, D("89.31"), D("24999.27"), D("2232685.50"), D("67.61"))
    assert e.value.zh.endswith("按套内单价 ¥33,023.01/㎡，总价应为 ¥2,232,686.00。")
    check(PriceRule.INNER_YUAN, D("89.31"), D("24999.27"), D("2232685"), D("67.61"))


def test_stored_names_and_the_names_shown() -> None:
    assert price_rules.rule_named("total_trunc") is PriceRule.TOTAL_TRUNC
    assert price_rules.rule_named(None) is None and price_rules.rule_named("inner_fen") is None
    assert all(len(r.value) <= 20 for r in PriceRule)  # projects.price_rule is String(20)
    assert price_rules.name(PriceRule.GROSS_YUAN) == "建筑面积×单价，总价四舍五入到元"
    set_language("en")
    assert price_rules.name(PriceRule.GROSS_YUAN) == \
        "gross area × unit price, total rounded to the yuan"


areas = st.decimals(min_value=D("1.00"), max_value=D("3000.00"), places=2)
prices = st.decimals(min_value=D("1.00"), max_value=D("500000.00"), places=2)


@given(st.sampled_from(list(PriceRule)), areas, prices, st.integers(50, 100), prices)
def test_a_computed_total_always_follows_its_rule(rule: PriceRule, gross: Decimal,
                                                  price: Decimal, share: int,
                                                  inner_price: Decimal) -> None:
    inner = max(D("1.00"), (gross * share / 100).quantize(D("0.01")))
    total = total_for(rule, gross, price, inner, inner_price)
    assert follows(rule, PriceRow(gross, price, inner, inner_price, total))
    assert nearest_totals(rule, gross, total, inner) == (total,)
    check(rule, gross, price, total, inner, inner_price)


@given(st.sampled_from([r for r in PriceRule if r != PriceRule.INNER_YUAN]), areas, prices)
def test_the_price_for_a_total_gives_that_total_back(rule: PriceRule, gross: Decimal,
                                                     price: Decimal) -> None:
    total = total_for(rule, gross, price)
    assert total_for(rule, gross, unit_price_for(rule, gross, total)) == total


@given(st.sampled_from(list(PriceRule)), areas,
       st.decimals(min_value=D("10000.00"), max_value=D("90000000.00"), places=2))
def test_the_nearest_totals_follow_the_rule_and_enclose_the_total(rule: PriceRule, gross: Decimal,
                                                                   total: Decimal) -> None:
    inner = (gross * D("0.8")).quantize(D("0.01"))
    near = nearest_totals(rule, gross, total, inner)
    assert near == (total,) or (len(near) == 2 and near[0] < total < near[1])
    for t in near:
        check(rule, gross, unit_price_for(rule, gross, t, inner), t, inner)


# --- detection on made-up lists ------------------------------------------------------

AREAS = ["89.31", "143.87", "61.70", "108.91", "127.45", "95.08", "72.33", "118.56"]
PRICES = ["25000.37", "23456.78", "31234.56", "18888.88", "40123.45", "27777.77", "35555.55",
          "29999.99"]
TOTALS = ["2232000.37", "3375000.12", "1927000.55", "2057000.81", "5113000.09", "2641000.66",
          "2571000.23", "3556800.48"]


def made_up(rule: PriceRule) -> list[PriceRow]:
    """A list priced by `rule` throughout: the unit prices given, or the totals
    where they rule; the inner area is 80% at 1.25× the price."""
    rows = []
    for a, p, t in zip(AREAS, PRICES, TOTALS, strict=True):
        g, price, total = D(a), D(p), D(t)
        inner, inner_price = (g * D("0.8")).quantize(D("0.01")), price * D("1.25")
        if rule == PriceRule.INNER_YUAN:
            total = total_for(rule, g, None, inner, inner_price)
        elif rule not in (PriceRule.TOTAL, PriceRule.TOTAL_TRUNC):
            total = total_for(rule, g, price)
        if rule in (PriceRule.INNER_YUAN, PriceRule.TOTAL, PriceRule.TOTAL_TRUNC):
            price = unit_price_for(rule, g, total)
        rows.append(PriceRow(g, price, inner, inner_price, total))
    return rows


@pytest.mark.parametrize("rule", list(PriceRule))
def test_each_rule_is_found_in_a_list_priced_by_it(rule: PriceRule) -> None:
    found = detect(made_up(rule))
    assert (found.rule, found.followed, found.rows, found.misses, found.off_rule) == (
        rule, 8, 8, [], [])


def test_a_gross_fen_list_is_not_taken_for_one_whose_total_rules() -> None:
    """A total computed to the fen gives its unit price back rounded: both explain
    the list, and the list's unit price is its primary figure."""
    found = detect(made_up(PriceRule.GROSS_FEN))
    assert (found.counts[PriceRule.GROSS_FEN], found.counts[PriceRule.TOTAL]) == (8, 8)
    assert found.rule is PriceRule.GROSS_FEN


def test_when_every_product_is_whole_the_list_rounds_to_the_yuan() -> None:
    rows = [PriceRow(D(a), D(p), None, None, D(a) * D(p)) for a, p in
            (("89.00", "25000.00"), ("100.50", "30000.00"), ("143.25", "20000.00"))]
    found = detect(rows)
    assert {r: n for r, n in found.counts.items() if n} == {
        PriceRule.GROSS_YUAN: 3, PriceRule.GROSS_FEN: 3, PriceRule.GROSS_TRUNC: 3,
        PriceRule.INNER_YUAN: 3, PriceRule.TOTAL: 3, PriceRule.TOTAL_TRUNC: 3}
    assert found.rule is PriceRule.GROSS_YUAN


def test_a_derived_price_rounded_or_truncated_alike_counts_as_rounded() -> None:
    """1500000 ÷ 61.70 = 24311.1831… and 3000001.40 ÷ 100 = 30000.014: either way
    the same price to the fen."""
    rows = [PriceRow(D("61.70"), D("24311.18"), None, None, D("1500000")),
            PriceRow(D("100.00"), D("30000.01"), None, None, D("3000001.40"))]
    found = detect(rows)
    assert (found.counts[PriceRule.TOTAL], found.counts[PriceRule.TOTAL_TRUNC]) == (2, 2)
    assert found.counts[PriceRule.GROSS_FEN] == 0 and found.rule is PriceRule.TOTAL


def test_rows_off_the_rule_and_rows_following_none_are_reported() -> None:
    rows = made_up(PriceRule.GROSS_YUAN) * 3  # 24 rows
    g, p = D("89.31"), D("25000.01")
    rows[5] = PriceRow(g, p, None, None, D("2232850.00"))  # 100 yuan off: no rule
    rows[17] = PriceRow(g, p, None, None, D("2232750.89"))  # to the fen: another rule
    rows.insert(0, PriceRow(g, p, None, None, None))  # no total: not a priced row
    found = detect(rows)
    assert (found.rule, found.followed, found.rows) == (PriceRule.GROSS_YUAN, 22, 24)
    assert (found.misses, found.off_rule) == ([6], [6, 18])
    assert found.label == "建筑面积×单价，总价四舍五入到元"


def test_no_rule_when_the_best_explains_under_ninety_percent() -> None:
    rows = made_up(PriceRule.GROSS_YUAN)
    g, p = D("89.31"), D("25000.01")
    rows.append(PriceRow(g, p, None, None, D("2232850.00")))  # 8 of 9 = 88.9%
    found = detect(rows)
    assert (found.rule, found.followed, found.rows, found.misses, found.off_rule) == (
        None, 0, 9, [8], [])
    assert found.label == "" and detect([]).rule is None


# --- the real lists ------------------------------------------------------------------


def sample_rows(path: Path) -> list[PriceRow]:
    """Columns 2-6: gross area, unit price, inner area, inner price, total. Only
    whole records (8 fields, a number in the 2nd): 运发御景兰庭 runs across lines."""
    rows = []
    with path.open(encoding="utf-8") as f:
        for rec in list(csv.reader(f))[1:]:
            if len(rec) != 8 or number(rec[1]) is None:
                continue
            g = number(rec[1])
            assert g is not None
            rows.append(PriceRow(g, number(rec[2]), number(rec[3]), number(rec[4]),
                                 number(rec[5])))
    return rows


def number(text: str) -> Decimal | None:
    try:
        d = D(text.strip())
    except ArithmeticError:
        return None
    return d if d.is_finite() and d > 0 else None


@pytest.mark.skipif(not SAMPLE.exists(), reason="../shared/testdata is absent")
@pytest.mark.parametrize("name,rule,followed,rows,misses", [
    ("仙岭居", PriceRule.TOTAL, 157, 163, 0),
    ("六和商业广场一期", PriceRule.TOTAL_TRUNC, 599, 631, 1),
    ("凤凰天誉华府", PriceRule.GROSS_YUAN, 360, 360, 0),
    ("力高君御花园", PriceRule.TOTAL_TRUNC, 254, 256, 0),
    ("华强城市花园（一期）", PriceRule.TOTAL_TRUNC, 1240, 1240, 0),
    ("君钰府", PriceRule.GROSS_YUAN, 567, 567, 0),
    ("天鹅湖花园（二期）", PriceRule.TOTAL_TRUNC, 470, 474, 3),
    ("安峦公馆", PriceRule.GROSS_FEN, 299, 299, 0),
    ("德润荣君府", PriceRule.TOTAL_TRUNC, 274, 290, 0),
    ("恒大时尚慧谷大厦", PriceRule.TOTAL_TRUNC, 935, 936, 0),
    ("泛海城市广场", PriceRule.TOTAL_TRUNC, 888, 889, 0),
    ("运发御景兰庭", None, 0, 43, 21),
])
def test_the_rule_of_each_real_list(name: str, rule: PriceRule | None, followed: int, rows: int,
                                    misses: int) -> None:
    found = detect(sample_rows(SAMPLE / f"{name}.csv"))
    assert (found.rule, found.followed, found.rows, len(found.misses)) == (
        rule, followed, rows, misses)


@pytest.mark.skipif(not TESTDATA.exists(), reason="../shared/testdata is absent")
def test_the_completed_units_list_and_the_lists_without_totals() -> None:
    """现售: many projects in one list, each row's unit price derived from its total
    rounded to the fen; the 一房一价 pages publish no total at all."""
    with (TESTDATA / "shenzhen_xianshou_completed_units_price_total.csv").open(
            encoding="utf-8") as f:
        sold = [PriceRow(g, number(r["单价"]), None, None, number(r["总价"]))
                for r in csv.DictReader(f) if (g := number(r["面积"])) is not None]
    found = detect(sold)
    assert (found.rule, found.followed, found.rows, found.misses) == (PriceRule.TOTAL, 245, 245, [])
    for path in sorted(TESTDATA.glob("shenzhen_yfyj_*.csv")):
        with path.open(encoding="utf-8") as f:
            listed = [PriceRow(g, number(r["拟售价格"]), number(r["户内面积"]), None, None)
                      for r in csv.DictReader(f) if (g := number(r["建筑面积"])) is not None]
        assert len(listed) > 800
        assert (detect(listed).rule, detect(listed).rows) == (None, 0)
