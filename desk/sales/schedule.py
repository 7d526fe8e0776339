"""The payment plan of a deal (付款计划): the one rule the subscription and the
contract print and the collection (回款) follows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from desk.models.enums import InstalmentKind, PaymentMethod

CENT = Decimal("0.01")
# The bank's disbursement has no date on paper ("as the loan contract says"); the
# collection lists expect it this long after signing.
MORTGAGE_DAYS = 60


@dataclass(frozen=True)
class Planned:
    kind: InstalmentKind
    item: str  # as printed
    due: str  # as printed
    amount: Decimal
    days_after_signing: int | None  # None: due on the day of the subscription


def plan(total: Decimal, deposit: Decimal, payment: str) -> list[Planned]:
    """The instalments; the amounts always add up to the total."""
    paid = ("定金", "认购时（已付）")
    if payment == PaymentMethod.FULL:
        return [Planned(InstalmentKind.DEPOSIT, *paid, deposit, None),
                Planned(InstalmentKind.BALANCE, "房款余额", "签约后 7 日内", total - deposit, 7)]
    if payment == PaymentMethod.MORTGAGE:
        down = max((total * Decimal("0.3")).quantize(Decimal(1), ROUND_HALF_UP), deposit)
        return [Planned(InstalmentKind.DEPOSIT, *paid, deposit, None),
                Planned(InstalmentKind.DOWN_PAYMENT, "首付款余额（首付 30%）", "签约后 7 日内",
                        down - deposit, 7),
                Planned(InstalmentKind.MORTGAGE, "银行按揭贷款", "按贷款合同放款", total - down,
                        MORTGAGE_DAYS)]
    half = (total / 2).quantize(CENT, ROUND_HALF_UP)
    first = max(half, deposit)
    return [Planned(InstalmentKind.DEPOSIT, *paid, deposit, None),
            Planned(InstalmentKind.INSTALMENT, "第一期房款（50%）", "签约后 7 日内", first - deposit, 7),
            Planned(InstalmentKind.INSTALMENT, "第二期房款（50%）", "签约后 90 日内", total - first, 90)]


def due_on(p: Planned, began_on: date, signed_on: date) -> date:
    """When an instalment falls due: the deposit on the subscription's day, the
    rest counted from the signing (before a contract: the sign-by date)."""
    if p.days_after_signing is None:
        return began_on
    return signed_on + timedelta(days=p.days_after_signing)
