"""The price rule of a subscription (认购): never below the floor price (不得低于
最低价), and a discount past the limit needs a sales manager. Asked as the price
is typed, and again by the operation itself."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from desk.admin import settings
from desk.admin.auth import Actor
from desk.core.errors import InvalidInput, pick
from desk.core.uow import UnitOfWork
from desk.models import Unit
from desk.models.enums import ClaimKind, PriceVerdict
from desk.sales.transition import load


def money(value: object, field: str, zh: str, en: str) -> Decimal:
    """An amount as typed ("1,234.50"): above zero, to the fen."""
    try:
        d = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"{zh}必须是数字。", f"The {en} must be a number.",
                           field=field) from None
    if not d.is_finite() or d <= 0:
        raise InvalidInput(f"{zh}必须大于零。", f"The {en} must be above zero.", field=field)
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
    manager's approval, or below the floor (read only: nothing is changed)."""
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
