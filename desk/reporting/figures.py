"""The small pieces every report's SQL and figures share: money summed as whole
fen, shares as fractions, and a showroom day as a bucket of UTC times."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import BigInteger, case, select, type_coerce

from desk.admin import settings
from desk.core.uow import UnitOfWork
from desk.models import Claim
from desk.reporting.periods import Period
from desk.sales.collection import instalments_paid

ZERO = Decimal("0.00")
_PLACES = Decimal("0.0001")


def fen(column: Any) -> Any:
    """A money column as its stored whole fen, so SUM adds integers in SQL."""
    return type_coerce(column, BigInteger)


def yuan(value: int | None) -> Decimal:
    return (Decimal(int(value or 0)) / 100).quantize(ZERO)


def share(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """part / whole as a fraction with 4 places; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(_PLACES, ROUND_HALF_UP)


def change(current: int | Decimal, previous: int | Decimal) -> Decimal | None:
    """The change against the previous period as a fraction (0.25 = +25%)."""
    if not previous:
        return None
    return share(Decimal(current) - Decimal(previous), previous)


def midnights(uow: UnitOfWork, first: date, days: int) -> list[datetime]:
    """The showroom's midnights from `first` on (days + 1 of them) as naive UTC:
    day i is [m[i], m[i+1]). Each is converted on its own, so a daylight-saving
    change inside the period moves the bound it concerns and no other."""
    tz = ZoneInfo(settings.get(uow, "showroom.timezone"))
    utc = ZoneInfo("UTC")
    return [datetime.combine(first + timedelta(days=i), time(0), tzinfo=tz)
            .astimezone(utc).replace(tzinfo=None) for i in range(days + 1)]


def day_index(column: Any, bounds: list[datetime]) -> Any:
    """The number of the showroom day a stored UTC time falls on: i for
    [bounds[i], bounds[i+1]), computed in SQL by one CASE with a branch per day
    (a period is days, not rows, long). Rows outside the bounds are the
    caller's WHERE to exclude."""
    whens = [(column < b, i) for i, b in enumerate(bounds[1:-1])]
    if not whens:  # one day: a CASE still, so the value groups as an expression
        whens = [(column < bounds[-1], 0)]
    return case(*whens, else_=len(bounds) - 2)


def new_deal(previous: Any) -> Any:
    """A subscription that is a new sale: not the one a change of unit moved
    to another unit (its previous claim is then `moved`). `previous` is the
    outer-joined claim named by Claim.previous_id."""
    return previous.state.is_distinct_from("moved")


def real(claim: Any = Claim) -> Any:
    """A claim made in the showroom, not one loaded from an older system's list."""
    return claim.note != "imported"


def due_in(period: Period) -> Any:
    """Each instalment due in the period on a deal not cancelled, with what the
    deal's payments received by the period's last day paid of it (in order, as
    `desk.sales.collection.instalments_paid` allocates them; voided payments pay
    nothing, refunds take back): columns claim_id (the deal's claim now), amount
    and paid, in fen. Collected ÷ due is the collection rate (回款率) of the
    quality targets and of the collection report alike."""
    return due_between(period.start, period.end)


def due_between(first: Any, last: Any) -> Any:
    """`due_in` for the days first..last, given as dates or as bound parameters
    (a statement built once and run for any period)."""
    inst = instalments_paid(last, (first, last))
    return (select(inst.c.claim_id, inst.c.amount, inst.c.paid)
            .where(inst.c.due_on >= first, inst.c.due_on <= last).subquery())
