"""The five quality targets (五项质量目标) of a period, normally a month, and
their trend over the six months ending with it.

- collection (回款率, goal 98%): of the money due in the period by the schedules
  of deals not cancelled, what the deal's payments received by the period's
  last day pay of those instalments, the payments paying instalments in order
  (`desk.sales.collection.owed_in_order`, as `instalments_paid` allocates them);
  voided payments pay nothing and refunds take back. A payment received after
  the period does not mend it.
- contract_accuracy (合同签订无误率, 100%): contracts signed in the period whose
  print log holds no voided print (作废) ÷ contracts signed in the period. A
  contract printed wrong is voided and printed again; the void is the mark of
  the error. A plain reprint (副本: another copy of a correct contract) is not
  an error and does not count against it.
- satisfaction (客户满意度, 98%): ratings of 4 or 5 ÷ ratings given, from the
  visitors' ratings on the registration form (visits in the period) and the
  complainants' on resolution (complaints resolved in the period).
- units_accuracy (销售房源无误率, 100%): units sold in the period (new
  subscriptions, not an import's and not a change of unit's) less those of them
  that ever had two subscriptions or contracts active at the same time (their
  active spans overlap: the no-double-sale check over the units' history, the
  way `desk.sales.invariants` checks the present) ÷ units sold.
- feedback_timeliness (投诉及建议答复及时率, 100%): complaints and suggestions
  received in the period first answered by their limit ÷ those received,
  leaving out the ones not answered and not yet due (one past due unanswered
  is late).

Each period's figures are one SQL statement of aggregates (`statement`); the
trend reads the collection of its six months in one statement (a deal due in
several months is read once) and the other targets a statement a month, so a
report is seven or eight statements whatever the number of rows. A rate with
nothing to measure is None; the trend chart draws it as 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Date, Select, and_, bindparam, case, exists, func, or_, select, true
from sqlalchemy.orm import aliased

from desk.admin.auth import Actor, require
from desk.core.errors import pick
from desk.core.uow import UnitOfWork
from desk.models import Claim, Complaint, Instalment, Payment, PaymentPlan, PrintLog, Visit
from desk.models.base import UTCDateTime
from desk.models.enums import ClaimKind, ClaimState, ContactKind, DocumentKind
from desk.reporting.figures import fen, new_deal, real, share, yuan
from desk.reporting.model import Chart, ChartKind, Column, Kind, Report, Series, Table, Value
from desk.reporting.periods import Period, month, utc_bounds
from desk.sales.collection import owed_in_order

TARGETS = (  # key, zh, en, goal
    ("collection", "回款率", "Collection rate", Decimal("0.9800")),
    ("contract_accuracy", "合同签订无误率", "Contract accuracy", Decimal("1.0000")),
    ("satisfaction", "客户满意度", "Customer satisfaction", Decimal("0.9800")),
    ("units_accuracy", "销售房源无误率", "Units sold without error", Decimal("1.0000")),
    ("feedback_timeliness", "投诉及建议答复及时率", "Feedback answered in time", Decimal("1.0000")),
)
MONTHS = 6
_FAR = datetime(9999, 1, 1)  # the end of a claim still active
_DEALS = (ClaimKind.SUBSCRIPTION, ClaimKind.CONTRACT)


def _n(column: Any) -> Any:
    return func.coalesce(func.sum(column), 0)


def _count_if(condition: Any) -> Any:
    return _n(case((condition, 1), else_=0))


def statement(uow: UnitOfWork, period: Period) -> Select[Any]:
    """The period's ten figures in one row: numerator and denominator of each
    target, in the order of TARGETS (collection in fen), with its values bound."""
    return _statement().params(**_values(uow, period))


def _values(uow: UnitOfWork, period: Period) -> dict[str, Any]:
    start, end = utc_bounds(uow, period)
    return {"start": start, "end": end, "now": uow.now, "first": period.start,
            "last": period.end}


@cache
def _statement(collection: bool = True) -> Select[Any]:
    """Built once (building it costs more than running it on a month's rows);
    the period comes in as bound values. Without `collection` it leaves out the
    first two figures (the trend reads those of its six months at once)."""
    start = bindparam("start", type_=UTCDateTime)
    end = bindparam("end", type_=UTCDateTime)
    now = bindparam("now", type_=UTCDateTime)

    voided = exists().where(PrintLog.kind == DocumentKind.CONTRACT,
                            PrintLog.ref == Claim.contract_number, PrintLog.voided.is_(True))
    contracts = (select(_count_if(~voided).label("num"), func.count().label("den"))
                 .where(Claim.kind == ClaimKind.CONTRACT, real(), Claim.created_at >= start,
                        Claim.created_at < end).subquery())

    visits = (select(_count_if(Visit.rating >= 4).label("num"),
                     func.count(Visit.rating).label("den"))
              .where(Visit.kind == ContactKind.VISIT, Visit.rating.is_not(None),
                     Visit.at >= start, Visit.at < end).subquery())
    resolved = (select(_count_if(Complaint.satisfaction >= 4).label("num"),
                       func.count(Complaint.satisfaction).label("den"))
                .where(Complaint.satisfaction.is_not(None), Complaint.resolved_at >= start,
                       Complaint.resolved_at < end).subquery())

    previous = aliased(Claim)
    sold = (select(Claim.unit_id)
            .outerjoin(previous, previous.id == Claim.previous_id)
            .where(Claim.kind == ClaimKind.SUBSCRIPTION, real(), new_deal(previous),
                   Claim.created_at >= start, Claim.created_at < end)
            .distinct().subquery())
    a, b = aliased(Claim), aliased(Claim)
    twice = exists().where(
        a.unit_id == sold.c.unit_id, b.unit_id == sold.c.unit_id, a.id < b.id,
        a.kind.in_(_DEALS), b.kind.in_(_DEALS),
        a.created_at < func.coalesce(b.ended_at, _FAR),
        b.created_at < func.coalesce(a.ended_at, _FAR))
    units = select((func.count() - _count_if(twice)).label("num"),
                   func.count().label("den")).select_from(sold).subquery()

    answered = Complaint.first_response_at.is_not(None)
    on_time = and_(answered, Complaint.first_response_at <= Complaint.due_at)
    late = or_(and_(answered, Complaint.first_response_at > Complaint.due_at),
               and_(~answered, Complaint.due_at < now))
    feedback = (select(_count_if(on_time).label("num"), _count_if(or_(on_time, late)).label("den"))
                .where(Complaint.received_at >= start, Complaint.received_at < end).subquery())

    columns = [contracts.c.num, contracts.c.den,
               visits.c.num + resolved.c.num, visits.c.den + resolved.c.den,
               units.c.num, units.c.den, feedback.c.num, feedback.c.den]
    joined = (contracts.join(visits, true()).join(resolved, true()).join(units, true())
              .join(feedback, true()))
    if collection:
        paid = _collection([(bindparam("first", type_=Date), bindparam("last", type_=Date))])
        columns = [paid.c.num0, paid.c.den0, *columns]
        joined = paid.join(joined, true())
    return select(*columns).select_from(joined)


@cache
def _trend_collection() -> Select[Any]:
    """The collection figures (num, den) of MONTHS contiguous months in one row:
    a deal due in several of them is read once."""
    paid = _collection([(bindparam(f"first{k}", type_=Date), bindparam(f"last{k}", type_=Date))
                        for k in range(MONTHS)])
    return select(*paid.c)


def _collection(periods: list[tuple[Any, Any]]) -> Any:
    """For each of the contiguous `periods` (first, last), oldest first: what
    the payments received by its last day paid of the instalments due in it
    (num<k>) and their amount (den<k>), in fen, on deals not cancelled: the
    figures of `desk.reporting.figures.due_between`, reading only what they
    need. A deal is looked at once (not once per instalment or per period) for
    being live, and of its schedule only the instalments up to its last one due
    in the periods are read: the later ones change no running total before it."""
    first, last = periods[0][0], periods[-1][1]
    deals = (select(Instalment.deal_id, func.max(Instalment.seq).label("upto"))
             .join(PaymentPlan, PaymentPlan.deal_id == Instalment.deal_id)
             .join(Claim, Claim.id == PaymentPlan.claim_id)
             .where(Instalment.due_on >= first, Instalment.due_on <= last,
                    Claim.state != ClaimState.CANCELLED)
             .group_by(Instalment.deal_id).cte("quality_deals"))
    paid = (select(Payment.deal_id,
                   *(_n(case((Payment.received_on <= upto, fen(Payment.amount)), else_=0))
                     .label(f"by{k}") for k, (_f, upto) in enumerate(periods)))
            .where(Payment.voided_at.is_(None), Payment.received_on <= last,
                   Payment.deal_id.in_(select(deals.c.deal_id)))
            .group_by(Payment.deal_id).subquery())
    # an instalment is paid by what the deal received by the end of its period
    by = (case(*((Instalment.due_on <= upto, paid.c[f"by{k}"])
                 for k, (_f, upto) in enumerate(periods[:-1])),
               else_=paid.c[f"by{len(periods) - 1}"])
          if len(periods) > 1 else paid.c.by0)
    amount = fen(Instalment.amount)
    due = (select(Instalment.due_on, amount.label("amount"),
                  (amount - owed_in_order(by)).label("paid"))
           .select_from(deals)
           .join(Instalment, and_(Instalment.deal_id == deals.c.deal_id,
                                  Instalment.seq <= deals.c.upto))
           .outerjoin(paid, paid.c.deal_id == deals.c.deal_id)
           .subquery())
    sums = []
    for k, (since, upto) in enumerate(periods):
        inside = and_(due.c.due_on >= since, due.c.due_on <= upto)
        sums += [_n(case((inside, due.c.paid), else_=0)).label(f"num{k}"),
                 _n(case((inside, due.c.amount), else_=0)).label(f"den{k}")]
    return select(*sums).where(due.c.due_on >= first, due.c.due_on <= last).subquery()


@dataclass(frozen=True)
class Figure:
    numerator: Decimal
    denominator: Decimal

    @property
    def actual(self) -> Decimal | None:
        return share(self.numerator, self.denominator)


def figures(uow: UnitOfWork, period: Period) -> dict[str, Figure]:
    """The five targets' figures of the period, by key."""
    return _figures(uow.connection().execute(_statement(), _values(uow, period)).one())


def _by_month(uow: UnitOfWork, months: list[Period]) -> list[dict[str, Figure]]:
    """`figures` of each of the MONTHS contiguous months: the collection of all
    of them in one statement, the other targets one statement a month."""
    bounds: dict[str, Any] = {}
    for k, m in enumerate(months):
        bounds |= {f"first{k}": m.start, f"last{k}": m.end}
    paid = uow.connection().execute(_trend_collection(), bounds).one()
    return [_figures([paid[2 * k], paid[2 * k + 1],
                      *uow.connection().execute(_statement(False), _values(uow, m)).one()])
            for k, m in enumerate(months)]


def _figures(row: Sequence[Any]) -> dict[str, Figure]:
    values = [int(v or 0) for v in row]
    out = {}
    for i, (key, *_) in enumerate(TARGETS):
        num, den = values[2 * i], values[2 * i + 1]
        out[key] = (Figure(yuan(num), yuan(den)) if key == "collection"
                    else Figure(Decimal(num), Decimal(den)))
    return out


def trend_months(period: Period) -> list[Period]:
    """The six months ending with the month of the period's last day, oldest first."""
    months = [month(period.end)]
    while len(months) < MONTHS:
        months.insert(0, months[0].previous())
    return months


def _point(actual: Decimal | None) -> float | None:
    """A month with nothing to measure is a gap in the trend line, not a fall to 0."""
    return None if actual is None else float(actual)


def _met(actual: Decimal | None, goal: Decimal) -> str:
    if actual is None:
        return "—"
    return pick("✓ 达标", "✓ Met") if actual >= goal else pick("✗ 未达标", "✗ Not met")


def build(uow: UnitOfWork, actor: Actor, period: Period, rep_id: int | None = None) -> Report:
    """The quality report (team-wide: `rep_id` does not narrow it)."""
    require(actor, "reports.view")
    months = trend_months(period)
    by_month = _by_month(uow, months)
    now = by_month[-1] if period == months[-1] else figures(uow, period)

    quality = Table("quality", "五项质量目标", "Quality targets", [
        Column("key", "键", "Key", Kind.TEXT, hidden=True),
        Column("target", "质量目标", "Target", Kind.TEXT),
        Column("goal", "目标值", "Goal", Kind.PERCENT),
        Column("actual", "实际", "Actual", Kind.PERCENT),
        Column("numerator", "分子", "Numerator", Kind.DECIMAL),
        Column("denominator", "分母", "Denominator", Kind.DECIMAL),
        Column("met", "达标", "Met", Kind.TEXT),
    ])
    for key, zh, en, goal in TARGETS:
        f = now[key]
        quality.rows.append((key, pick(zh, en), goal, f.actual, f.numerator, f.denominator,
                             _met(f.actual, goal)))

    labels = [m.start.strftime("%Y-%m") for m in months]
    trend = Table("trend", "近六个月", "Last six months", [
        Column("month", "月份", "Month", Kind.TEXT),
        *(Column(key, zh, en, Kind.PERCENT) for key, zh, en, _ in TARGETS)])
    for label, month_figures in zip(labels, by_month, strict=True):
        row: list[Value] = [label, *(month_figures[key].actual for key, *_ in TARGETS)]
        trend.rows.append(tuple(row))

    chart = Chart("quality_trend", "质量目标趋势", "Quality targets by month", ChartKind.LINE,
                  tuple(labels),
                  tuple(Series(zh, en, tuple(_point(m[key].actual) for m in by_month))
                        for key, zh, en, _ in TARGETS),
                  percent=True)
    return Report("quality", "五项质量目标", "Quality targets", period.start, period.end,
                  [quality, trend], [chart])
