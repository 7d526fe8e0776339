"""The sales manager's monthly targets (销售目标): for the team and for each rep,
a signed amount (签约金额), a number of units signed (签约套数) and the money to
collect (回款). A figure left blank has no target; the reports then show no rate.

The collection report and the assessment read the targets of a period with
`targets_for`: each month's target counts in proportion to the days of that
month the period covers (a week inside November: 7/30 of November's; a week
across two months: its share of each; a whole month: all of it, exactly).
Amounts are rounded half up to the fen. A share of a units target keeps one
decimal (a week of a 3-unit month reads 0.7): rounded to whole units, a rep's
week of a 1- or 2-unit month would read 0, which says "no target" and hides
the rate; whole months stay whole numbers.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from sqlalchemy import BigInteger, select, type_coerce

from desk.admin.permissions import Actor, require
from desk.core import bounds
from desk.core.changes import ChangeKind
from desk.core.errors import FieldErrors, InvalidInput, NotFound, PermissionDenied
from desk.core.uow import UnitOfWork
from desk.models import SalesTarget, User
from desk.models.enums import Role
from desk.reporting.periods import Period

MAX_UNITS = 100_000  # units signed in a month: far beyond any showroom
CENT = Decimal("0.01")
TENTH = Decimal("0.1")

# The figures a manager sets, by the field name errors carry: (zh, en) names.
FIELDS: dict[str, tuple[str, str]] = {
    "signed_amount": ("签约目标金额", "signed amount target"),
    "units": ("签约套数目标", "units target"),
    "collection": ("回款目标金额", "collection target"),
}


@dataclass(frozen=True)
class Target:
    """A scope's targets over a period; None: no target set. Units are whole
    over whole months, else a Decimal of one place (a share of a month's)."""

    signed_amount: Decimal | None = None
    units: Decimal | int | None = None
    collection: Decimal | None = None


@dataclass(frozen=True)
class TargetRow:
    """One line of a month's targets: the team (rep_id None, no login or name)
    or an active sales rep, with blanks where nothing is set."""

    rep_id: int | None
    login: str
    name: str
    signed_amount: Decimal | None
    units: int | None
    collection: Decimal | None

    def as_json(self, month: date) -> dict[str, Any]:
        return {"month": month.strftime("%Y-%m"), "rep": self.login or None, "name": self.name,
                "signed_amount": None if self.signed_amount is None else f"{self.signed_amount:.2f}",
                "units": self.units,
                "collection": None if self.collection is None else f"{self.collection:.2f}"}


def first_of(month: date) -> date:
    """The month a date falls in, as its first day (the key targets are stored by)."""
    bounds.day(month, "月份", "month", field="month")
    return month.replace(day=1)


def money(value: object, field: str) -> Decimal | None:
    """A target amount as typed ("1,200,000"): blank is no target; else a number
    from 0 to bounds.MAX_TOTAL, to the fen."""
    zh, en = FIELDS[field]
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        d = Decimal(str(value).replace(",", "").replace("，", "").strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"{zh}必须是数字。", f"The {en} must be a number.", field=field) from None
    bounds.amount(d, bounds.MAX_TOTAL, zh, en, field=field)
    if d != d.quantize(CENT):
        raise InvalidInput(f"{zh}最多两位小数（分）。", f"The {en} has at most two decimals.",
                           field=field)
    return d.quantize(CENT)


def count(value: object, field: str = "units") -> int | None:
    """A number of units as typed: blank is no target; else a whole number."""
    zh, en = FIELDS[field]
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).replace(",", "").strip()
    if isinstance(value, bool) or not (text.isascii() and text.lstrip("+-").isdigit()):
        raise InvalidInput(f"{zh}必须是整数。", f"The {en} must be a whole number.", field=field)
    return bounds.whole(int(text), 0, MAX_UNITS, zh, en, field=field)


def _active_rep(uow: UnitOfWork, rep_id: int) -> User:
    rep = uow.get(User, rep_id)
    if rep is None:
        raise NotFound("没有这位置业顾问。", "No such sales rep.", field="rep")
    if rep.role != Role.SALES_REP or not rep.active:
        raise InvalidInput(f"{rep.name} 不是在职的置业顾问，不能设定目标。",
                           f"{rep.name} is not an active sales rep; no target can be set.",
                           field="rep")
    return rep


def set_target(uow: UnitOfWork, actor: Actor, month: date, rep_id: int | None,
               signed_amount: object, units: object, collection: object) -> SalesTarget:
    """Set one month's targets for a rep (rep_id) or the team (None). Amounts
    and units may be typed text; a blank (None) figure clears that target. Every
    wrong figure is reported at once, each by its field."""
    require(actor, "targets.manage")
    first = first_of(month)
    if rep_id is not None:
        _active_rep(uow, rep_id)
    values: dict[str, Any] = {}
    wrong: dict[str, InvalidInput] = {}
    typed = (("signed_amount", money, signed_amount), ("units", count, units),
             ("collection", money, collection))
    for field, parse, raw in typed:
        try:
            values[field] = parse(raw, field)
        except InvalidInput as e:
            wrong[field] = e
    if wrong:
        raise FieldErrors(dict(wrong))
    row = uow.execute(select(SalesTarget).where(
        SalesTarget.month == first,
        SalesTarget.rep_id.is_(None) if rep_id is None else SalesTarget.rep_id == rep_id,
    )).scalar_one_or_none()
    now = uow.now  # read before a new row is pending: reading it flushes
    if row is None:
        row = SalesTarget(month=first, rep_id=rep_id, set_at=now)
        uow.add(row)
    row.signed_amount, row.units, row.collection = (
        values["signed_amount"], values["units"], values["collection"])
    row.set_by, row.set_at = actor.id, now
    uow.flush()
    uow.record(ChangeKind.TARGETS, first.strftime("%Y-%m"))
    return row


def list_targets(uow: UnitOfWork, actor: Actor, month: date) -> list[TargetRow]:
    """The month's targets: the team's first, then every active sales rep by name,
    blank where none is set. A sales rep sees their own line only."""
    own = not (actor.can("targets.manage") or actor.can("reports.view"))
    if own and not actor.can("reports.own"):
        require(actor, "targets.manage")  # refused, in words
    first = first_of(month)
    reps = select(User.id, User.login, User.name).where(
        User.role == Role.SALES_REP, User.active.is_(True))
    if own:
        reps = reps.where(User.id == actor.id)
    set_rows = {t.rep_id: t for t in uow.execute(
        select(SalesTarget).where(SalesTarget.month == first)).scalars()}
    out = [] if own else [_row(None, "", "", set_rows.get(None))]
    for rep_id, login, name in uow.execute(reps.order_by(User.name, User.login)):
        out.append(_row(rep_id, login, name, set_rows.get(rep_id)))
    if own and not out:
        raise PermissionDenied(f"{actor.name} 不是在职的置业顾问，没有个人目标。",
                               f"{actor.name} is not an active sales rep and has no targets.")
    return out


def _row(rep_id: int | None, login: str, name: str, t: SalesTarget | None) -> TargetRow:
    if t is None:
        return TargetRow(rep_id, login, name, None, None, None)
    return TargetRow(rep_id, login, name, t.signed_amount, t.units, t.collection)


def months_of(period: Period) -> tuple[date, date]:
    """The first days of the first and the last month the period touches."""
    return period.start.replace(day=1), period.end.replace(day=1)


def targets_for(uow: UnitOfWork, period: Period) -> dict[int | None, Target]:
    """Every scope's targets over the period (key None: the team): each month's
    counts for the share of its days the period covers (see the module's
    docstring). A figure is None when no month of the period set it; a scope
    with no target row at all is absent. One query; no permission check: the
    reports that call it check their own."""
    low, high = months_of(period)
    rows = uow.execute(
        select(SalesTarget.rep_id, SalesTarget.month, type_coerce(SalesTarget.signed_amount,
                                                                  BigInteger),
               SalesTarget.units, type_coerce(SalesTarget.collection, BigInteger))
        .where(SalesTarget.month >= low, SalesTarget.month <= high))
    sums: dict[int | None, list[Fraction | None]] = {}
    for rep_id, first, *figures in rows:
        share = _share(period, first)
        got = sums.setdefault(rep_id, [None, None, None])
        for i, figure in enumerate(figures):
            if figure is not None:
                got[i] = (got[i] or Fraction(0)) + int(figure) * share
    return {rep_id: Target(None if signed is None else _yuan(signed),
                           None if units is None else _units(units),
                           None if collection is None else _yuan(collection))
            for rep_id, (signed, units, collection) in sums.items()}


def _share(period: Period, first: date) -> Fraction:
    """The part of the month starting `first` that the period covers, in days."""
    days = calendar.monthrange(first.year, first.month)[1]
    last = first.replace(day=days)
    covered = (min(period.end, last) - max(period.start, first)).days + 1
    return Fraction(max(covered, 0), days)


def _half_up(x: Fraction, places: int) -> Decimal:
    """x rounded half up (x >= 0) to `places` decimals, exactly."""
    scaled = x * 10 ** places
    whole = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)
    return Decimal(whole).scaleb(-places)


def _units(x: Fraction) -> Decimal | int:
    return int(x) if x.denominator == 1 else _half_up(x, 1).quantize(TENTH)


def _yuan(fen: Fraction | int | None) -> Decimal:
    return (_half_up(Fraction(fen or 0), 0) / 100).quantize(CENT)
