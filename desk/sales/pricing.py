"""The price rule of a subscription (认购): never below the floor price (不得低于
最低价), a discount past the limit needs a sales manager, and the total is one the
project's pricing convention (`desk.sales.price_rules`) can give. Asked as the
price is typed, and again by the operation itself."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from desk.admin import settings
from desk.admin.auth import Actor
from desk.core import bounds
from desk.core.errors import InvalidInput, pick
from desk.core.uow import UnitOfWork
from desk.models import Project, Unit
from desk.models.enums import ClaimKind, PriceVerdict
from desk.sales import price_rules
from desk.sales.price_rules import PriceRule
from desk.sales.transition import load


def money(value: object, field: str, zh: str, en: str) -> Decimal:
    """An amount as typed ("1,234.50"): above zero, at most a unit's highest
    total (bounds.MAX_TOTAL), to the fen."""
    try:
        d = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"{zh}必须是数字。", f"The {en} must be a number.",
                           field=field) from None
    if not d.is_finite() or d <= 0:
        raise InvalidInput(f"{zh}必须大于零。", f"The {en} must be above zero.", field=field)
    bounds.amount(d, bounds.MAX_TOTAL, zh, en, field=field)
    if d != d.quantize(Decimal("0.01")):
        raise InvalidInput(f"{zh}最多两位小数（分）。", f"The {en} has at most two decimals.",
                           field=field)
    return d


def check_floor(unit: Unit, agreed: Decimal) -> None:
    """Never below the floor price (不得低于最低价), whoever approves."""
    if unit.floor_price is not None and agreed < unit.floor_price:
        raise InvalidInput(
            "成交价低于底价，不能办理（底价不可突破）。",
            "The agreed price is below the floor price; that is never allowed.",
            field="agreed_price",
        )


def project_rule(uow: UnitOfWork, project_id: int) -> PriceRule | None:
    """The project's pricing convention, as found in its price list (None: not known)."""
    project = uow.get(Project, project_id)
    return price_rules.rule_named(project.price_rule) if project is not None else None


def rule_breach(uow: UnitOfWork, unit: Unit, agreed: Decimal) -> InvalidInput | None:
    """Why the project's pricing rule cannot give `agreed` for this unit, naming
    the nearest totals it can give; None when it can (or no rule is known)."""
    rule = project_rule(uow, unit.project_id)
    if rule is None or agreed == unit.list_price:  # the filed price stands as published
        return None
    near = price_rules.nearest_totals(rule, unit.gross_area, agreed, unit.inner_area)
    if near == (agreed,):
        return None
    zh, en = price_rules.NAMES[rule]
    amounts = [f"¥{t:,.2f}" for t in near]
    return InvalidInput(
        f"成交总价不符合本项目的计价规则（{zh}）：最接近的总价是 {' 或 '.join(amounts)}。",
        f"The agreed price does not follow this project's pricing rule ({en}): the nearest "
        + (f"totals are {amounts[0]} and {amounts[1]}." if len(amounts) == 2
           else f"total is {amounts[0]}."),
        field="agreed_price")


def check_rule(uow: UnitOfWork, unit: Unit, agreed: Decimal) -> None:
    """A total the project's pricing rule cannot give is refused (the documents
    could not be printed with it)."""
    breach = rule_breach(uow, unit, agreed)
    if breach is not None:
        raise breach


def judge(uow: UnitOfWork, unit: Unit, list_price: Decimal | None,
          agreed: Decimal) -> tuple[PriceVerdict, Decimal | None, Decimal]:
    """The one price rule: (verdict, discount in percent off `list_price`, the
    discount limit). The floor is absolute; past the limit a manager approves."""
    limit = Decimal(str(settings.get(uow, "discount.max_percent_without_approval")))
    discount = None
    if list_price is not None and list_price > 0 and agreed < list_price:
        discount = (list_price - agreed) / list_price * 100
    if unit.floor_price is not None and agreed < unit.floor_price:
        return PriceVerdict.FLOOR, discount, limit
    if discount is not None and discount > limit:
        return PriceVerdict.APPROVAL, discount, limit
    return PriceVerdict.OK, discount, limit


@dataclass(frozen=True)
class PriceCheck:
    """What a typed price means, said so that the floor price stays hidden from
    whoever may not see it."""

    verdict: PriceVerdict
    message: str  # in the current language; "" when there is nothing to say
    discount: Decimal | None  # percent off the list price


def check_price(uow: UnitOfWork, actor: Actor, project_id: int, code: str,
                agreed_price: object) -> PriceCheck:
    """The subscription price rule, asked while the price is typed: fine, needs a
    manager's approval, below the floor, or a total the project's pricing rule
    cannot give (read only: nothing is changed)."""
    unit, current = load(uow, project_id, code)
    held = (current is not None and current.kind == ClaimKind.HOLD
            and current.expires_at is not None and current.expires_at > uow.now)
    list_price = current.price if held and current is not None else unit.list_price
    try:
        agreed = money(agreed_price, "agreed_price", "成交总价", "agreed price")
    except InvalidInput as e:
        return PriceCheck(PriceVerdict.INVALID, str(e), None)
    verdict, discount, limit = judge(uow, unit, list_price, agreed)
    pct = f"{discount:.2f}%" if discount is not None else ""
    breach = rule_breach(uow, unit, agreed) if verdict != PriceVerdict.FLOOR else None
    if breach is not None:
        return PriceCheck(PriceVerdict.INVALID, str(breach), discount)
    if verdict == PriceVerdict.FLOOR:
        if actor.can("units.floor_price") and unit.floor_price is not None:
            msg = pick(f"低于底价 ¥{unit.floor_price:,.2f}，不能办理。",
                       f"Below the floor price of ¥{unit.floor_price:,.2f}: not allowed.")
        else:
            msg = pick("低于底价，不能办理（底价不可突破）。",
                       "Below the floor price: that is never allowed.")
    elif verdict == PriceVerdict.APPROVAL and actor.can("units.approve"):
        verdict = PriceVerdict.OK  # the actor approves it themselves
        msg = pick(f"折扣 {pct}，超过 {limit}% 的权限，由您审批。",
                   f"A discount of {pct}, above the {limit}% limit: you approve it.")
    elif verdict == PriceVerdict.APPROVAL:
        msg = pick(f"折扣 {pct} 超过 {limit}% 的权限：需要销售经理审批。",
                   f"A discount of {pct} is above the {limit}% limit: a sales manager approves.")
    elif discount is not None:
        msg = pick(f"折扣 {pct}，在权限之内。", f"A discount of {pct}, within the limit.")
    else:
        msg = ""
    return PriceCheck(verdict, msg, discount)
