"""How a price list's totals follow from its areas and unit prices (计价规则).

A Shenzhen list (一房一价) gives, per unit, the gross area, the unit price per
gross area, the inner area and its unit price, and the total (总售价). Each
project keeps to one convention, seen in the published lists as:

- the total is gross area × unit price, rounded half up to the yuan, or to the
  fen, or with the jiao and fen dropped (truncated to the yuan);
- the total is inner area × inner unit price, rounded half up to the yuan;
- the total is the seller's figure and the unit price is derived from it:
  total ÷ gross area, rounded half up to the fen or truncated to the fen.

`detect` finds the convention of a list at import; the project keeps it
(`projects.price_rule`), and later prices (a discounted total, the figures of a
deal's documents) are computed and checked by it.

Detection. Each rule counts the priced rows it explains; the rule explaining the
most rows wins, and a tie goes to the earlier rule in `PREFERENCE`:

- a rule that computes the total from the unit price comes before one that
  derives the unit price from the total: a total computed to the fen always
  gives back its unit price, so `TOTAL` ties with `GROSS_FEN` on every
  `GROSS_FEN` list, and the list's unit prices are then its primary figures;
- half-up rounding to the yuan before rounding to the fen: when every product
  is a whole number the list rounds nothing, and its totals are whole yuan;
- half-up rounding before truncation, gross area before inner area, a derived
  price rounded before one truncated: the usual convention first.

A list has no rule (`rule=None`) when the best rule explains fewer than 90% of
its priced rows. That share is set by what the real lists show: two of them
(六和, 德润荣) mix an original list truncated to the yuan with later totals
that rule their unit prices, and keep their main rule at 94.5-95%; every other
detected rule explains 96% of its list or more.

Measured on the Shenzhen lists of the test material (priced rows; "none" = rows
that follow no rule at all):

| list | rule | followed | none | runner-up |
|---|---|---|---|---|
| 仙岭居 | total | 157/163 | 0 | gross_fen 115 |
| 六和商业广场一期 | total_trunc | 599/631 | 1 | inner_yuan 455 |
| 凤凰天誉华府 | gross_yuan | 360/360 | 0 | inner_yuan 356 |
| 力高君御花园 | total_trunc | 254/256 | 0 | total 131 |
| 华强城市花园（一期） | total_trunc | 1240/1240 | 0 | inner_yuan 897 |
| 君钰府 | gross_yuan | 567/567 | 0 | total 480 |
| 天鹅湖花园（二期） | total_trunc | 470/474 | 3 | total 422 |
| 安峦公馆 | gross_fen | 299/299 | 0 | total, total_trunc 299 (a tie) |
| 德润荣君府 | total_trunc | 274/290 | 0 | total 150 |
| 恒大时尚慧谷大厦 | total_trunc | 935/936 | 0 | total 495 |
| 泛海城市广场 | total_trunc | 888/889 | 0 | gross_yuan 777 |
| 运发御景兰庭 (whole records only) | none | best 22/43 | 21 | |
| 现售 completed units (many projects) | total | 245/245 | 0 | total_trunc 226 |
| 京基御景半山, 勤诚达正大城和园 | none | 0/0: no totals published | | |

No list follows inner area × inner price to the fen, so there is no such rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

from desk.core.errors import InvalidInput, pick

YUAN = Decimal(1)
FEN = Decimal("0.01")
SHARE = Decimal("0.9")  # of the priced rows the detected rule must explain
PRECISION = 60  # digits for the divisions: a fen boundary is never lost to rounding


class PriceRule(StrEnum):
    """Stored in `projects.price_rule`."""

    GROSS_YUAN = "gross_yuan"
    GROSS_FEN = "gross_fen"
    GROSS_TRUNC = "gross_trunc"
    INNER_YUAN = "inner_yuan"
    TOTAL = "total"
    TOTAL_TRUNC = "total_trunc"


PREFERENCE: tuple[PriceRule, ...] = tuple(PriceRule)  # the order ties are broken in

NAMES: dict[PriceRule, tuple[str, str]] = {
    PriceRule.GROSS_YUAN: ("建筑面积×单价，总价四舍五入到元",
                           "gross area × unit price, total rounded to the yuan"),
    PriceRule.GROSS_FEN: ("建筑面积×单价，总价四舍五入到分",
                          "gross area × unit price, total rounded to the fen"),
    PriceRule.GROSS_TRUNC: ("建筑面积×单价，总价舍去角分",
                            "gross area × unit price, total truncated to the yuan"),
    PriceRule.INNER_YUAN: ("套内面积×套内单价，总价四舍五入到元",
                           "inner area × inner unit price, total rounded to the yuan"),
    PriceRule.TOTAL: ("以总价为准，单价=总价÷建筑面积，四舍五入到分",
                      "the total rules; unit price = total ÷ gross area, rounded to the fen"),
    PriceRule.TOTAL_TRUNC: ("以总价为准，单价=总价÷建筑面积，舍去到分",
                            "the total rules; unit price = total ÷ gross area, truncated to the fen"),
}

# Rules that compute the total: (rounding step, rounding mode).
_ROUNDING: dict[PriceRule, tuple[Decimal, str]] = {
    PriceRule.GROSS_YUAN: (YUAN, ROUND_HALF_UP),
    PriceRule.GROSS_FEN: (FEN, ROUND_HALF_UP),
    PriceRule.GROSS_TRUNC: (YUAN, ROUND_FLOOR),
    PriceRule.INNER_YUAN: (YUAN, ROUND_HALF_UP),
}
# Rules that derive the unit price from the total: its rounding mode.
_DERIVED: dict[PriceRule, str] = {
    PriceRule.TOTAL: ROUND_HALF_UP,
    PriceRule.TOTAL_TRUNC: ROUND_FLOOR,
}
_INNER = frozenset({PriceRule.INNER_YUAN})


def name(rule: PriceRule) -> str:
    """The rule's name in the current language."""
    return pick(*NAMES[rule])


def rule_named(value: str | None) -> PriceRule | None:
    """The rule a project stores; None for none, or for one this version does not know."""
    try:
        return PriceRule(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class PriceRow:
    """One row of a list: its figures as published (None: not given)."""

    gross_area: Decimal
    unit_price: Decimal | None
    inner_area: Decimal | None
    inner_price: Decimal | None
    total: Decimal | None


# --- arithmetic -----------------------------------------------------------------


def _inner_basis(rule: PriceRule, inner_area: Decimal | None, inner_price: Decimal | None) -> bool:
    """An inner rule works on the inner figures when the row has them, else on
    the gross ones (the only figures there are), rounded the same way."""
    return rule in _INNER and bool(inner_area) and inner_price is not None


def _rounded(rule: PriceRule, area: Decimal, price: Decimal) -> Decimal:
    step, mode = _ROUNDING[rule]
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return (area * price).quantize(step, mode).quantize(FEN)


def _derived(rule: PriceRule, area: Decimal, total: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return (total / area).quantize(FEN, _DERIVED[rule])


def _lowest_reaching(rule: PriceRule, area: Decimal, total: Decimal) -> Decimal:
    """The lowest unit price (to the fen, at least one fen) whose total under
    `rule` is `total` or more. Totals grow with the price, one fen of price
    moving the total by area × 0.01."""
    step, _ = _ROUNDING[rule]
    with localcontext() as ctx:
        ctx.prec = PRECISION
        price = max(FEN, ((total - step) / area).quantize(FEN, ROUND_FLOOR))
    while price > FEN and _rounded(rule, area, price - FEN) >= total:
        price -= FEN
    while _rounded(rule, area, price) < total:
        price += FEN
    return price


def _price_for(rule: PriceRule, area: Decimal, total: Decimal) -> Decimal:
    """The unit price (to the fen) on `area` that goes with `total` under a rule
    that computes totals: of the prices giving exactly `total`, the nearest to
    total ÷ area; when none does, total ÷ area rounded to the fen."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        near = (total / area).quantize(FEN, ROUND_HALF_UP)
    low = _lowest_reaching(rule, area, total)
    if _rounded(rule, area, low) != total:
        return near
    high = _lowest_reaching(rule, area, total + FEN) - FEN
    return min(max(near, low), high)


def total_for(rule: PriceRule, gross_area: Decimal, unit_price: Decimal | None,
              inner_area: Decimal | None = None, inner_price: Decimal | None = None) -> Decimal:
    """The total the rule gives for these figures (to the fen). Where the total
    rules, area × price rounded half up (`TOTAL`) or up (`TOTAL_TRUNC`) to the
    fen: on any area of 1 ㎡ or more it gives back `unit_price`."""
    if _inner_basis(rule, inner_area, inner_price):
        assert inner_area is not None and inner_price is not None
        return _rounded(rule, inner_area, inner_price)
    if unit_price is None:
        raise InvalidInput("缺少单价，无法计算总价。", "There is no unit price to compute the "
                           "total from.", field="price")
    if rule in _ROUNDING:
        return _rounded(rule, gross_area, unit_price)
    mode = ROUND_HALF_UP if rule == PriceRule.TOTAL else ROUND_CEILING
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return (gross_area * unit_price).quantize(FEN, mode)


def follows(rule: PriceRule, row: PriceRow) -> bool:
    """Whether the row's figures are what the rule gives."""
    if row.total is None or row.gross_area <= 0:
        return False
    if rule in _DERIVED:
        return row.unit_price is not None and _derived(rule, row.gross_area, row.total) == \
            row.unit_price
    if row.unit_price is None and not _inner_basis(rule, row.inner_area, row.inner_price):
        return False
    return total_for(rule, row.gross_area, row.unit_price, row.inner_area,
                     row.inner_price) == row.total


def unit_price_for(rule: PriceRule, gross_area: Decimal, total: Decimal,
                   inner_area: Decimal | None = None) -> Decimal:
    """The unit price per gross area (to the fen) that goes with a total agreed
    under the rule: derived as the rule derives it, or the price whose total is
    exactly `total` (the nearest to total ÷ area of them). Under an inner rule
    the total comes from the inner price, and the gross price is total ÷ gross
    area rounded to the fen. When no price gives `total`, total ÷ area rounded:
    `check` then names the total that price gives."""
    if rule in _DERIVED:
        return _derived(rule, gross_area, total)
    if rule in _INNER:
        return _derived(PriceRule.TOTAL, gross_area, total)
    return _price_for(rule, gross_area, total)


def nearest_totals(rule: PriceRule, gross_area: Decimal, total: Decimal,
                   inner_area: Decimal | None = None) -> tuple[Decimal, ...]:
    """The totals the rule can give (with a unit price to the fen) nearest
    `total`: `(total,)` when it is one, else the next below and above it."""
    total = total.quantize(FEN)
    if rule in _DERIVED:
        return (total,)
    area = inner_area if rule in _INNER and inner_area else gross_area
    price = _lowest_reaching(rule, area, total)
    above = _rounded(rule, area, price)
    if above == total:
        return (total,)
    below = _rounded(rule, area, price - FEN) if price > FEN else None
    return (above,) if below is None or below <= 0 else (below, above)


def problem(rule: PriceRule, gross_area: Decimal, unit_price: Decimal, total: Decimal,
            inner_area: Decimal | None = None,
            inner_price: Decimal | None = None) -> tuple[str, str] | None:
    """What is wrong with a total and its unit price under the rule, as (zh, en)
    clauses naming the total the rule gives; None when they follow it. Under an
    inner rule with no inner price given, the inner price is the one that goes
    with the total."""
    if rule in _INNER and inner_area and inner_price is None:
        inner_price = _price_for(rule, inner_area, total)
    if follows(rule, PriceRow(gross_area, unit_price, inner_area, inner_price, total)):
        return None
    expected = total_for(rule, gross_area, unit_price, inner_area, inner_price)
    inner = _inner_basis(rule, inner_area, inner_price)
    price = inner_price if inner else unit_price
    assert price is not None
    zh, en = NAMES[rule]
    return (f"总价 ¥{total:,.2f} 不符合本项目的计价规则（{zh}）："
            f"按{'套内' if inner else ''}单价 ¥{price:,.2f}/㎡，总价应为 ¥{expected:,.2f}",
            f"the total ¥{total:,.2f} breaks this project's pricing rule ({en}): at "
            f"{'an inner' if inner else 'a'} unit price of ¥{price:,.2f}/m² the total is "
            f"¥{expected:,.2f}")


def check(rule: PriceRule, gross_area: Decimal, unit_price: Decimal, total: Decimal,
          inner_area: Decimal | None = None, inner_price: Decimal | None = None) -> None:
    """Refuse a total and unit price that break the rule, naming the expected total."""
    wrong = problem(rule, gross_area, unit_price, total, inner_area, inner_price)
    if wrong is not None:
        zh, en = wrong
        raise InvalidInput(f"{zh}。", f"{en[:1].upper()}{en[1:]}.", field="price")


# --- detection ----------------------------------------------------------------


@dataclass
class Detection:
    """The rule of a list. Row numbers are indexes into the rows given."""

    rule: PriceRule | None
    followed: int  # priced rows following `rule` (0 when there is none)
    rows: int  # priced rows: a total and a unit price (gross or inner)
    misses: list[int] = field(default_factory=list)  # priced rows following no rule at all
    off_rule: list[int] = field(default_factory=list)  # priced rows breaking `rule`
    counts: dict[PriceRule, int] = field(default_factory=dict)  # rows each rule explains

    @property
    def label(self) -> str:
        """The rule's name in the current language ("" when there is none)."""
        return name(self.rule) if self.rule is not None else ""


def _priced(row: PriceRow) -> bool:
    return row.total is not None and row.gross_area > 0 and (
        row.unit_price is not None or (bool(row.inner_area) and row.inner_price is not None))


def detect(rows: Sequence[PriceRow]) -> Detection:
    """The rule most priced rows follow, ties broken by `PREFERENCE`; none when
    it explains fewer than `SHARE` of them."""
    counts = dict.fromkeys(PREFERENCE, 0)
    followers: dict[int, set[PriceRule]] = {}
    for i, row in enumerate(rows):
        if not _priced(row):
            continue
        followers[i] = {r for r in PREFERENCE if follows(r, row)}
        for r in followers[i]:
            counts[r] += 1
    misses = [i for i, rs in followers.items() if not rs]
    priced = len(followers)
    best = max(PREFERENCE, key=lambda r: (counts[r], -PREFERENCE.index(r)))
    if priced == 0 or counts[best] < SHARE * priced:
        return Detection(None, 0, priced, misses, [], counts)
    off = [i for i, rs in followers.items() if best not in rs]
    return Detection(best, counts[best], priced, misses, off, counts)
