"""The reps' assessment (业绩考核): each sales rep's visits, receptions,
conversion, follow-ups, complaints, satisfaction, money signed and collected
against the targets, and a score.

The figures of a period:
- first / return: the visits the rep registered in the period (Visit.rep_id,
  kind visit, by Visit.at), first or return as registered: the daily and the
  sources reports count the same visits, so the reps' first visits add up to
  the daily report's 首访.
- receptions: receptions of the period's showroom days, undone ones left out;
  covering: on an absent owner's behalf (代接); invalid: not a customer;
  forfeited: turns lost while away (轮空), from the rotation's day records;
  avg_minutes: the mean length of the ended ones.
- conversion: new subscriptions the rep is credited with (Claim.rep_id), created
  in the period, ÷ the rep's first visits (a change of unit is the same sale
  moved, not a new one). As showroom reports count it (成交套数 ÷ 首访), it can
  pass 100% in a month when deals close on visitors first seen earlier.
- follow-ups due in the period: on time when done by the end of the due day;
  overdue when done later, or not done and the due day is over.
- complaints against the rep (rep_concerned_id) received in the period;
  satisfaction: ratings of 4 or 5 ÷ ratings, from the rep's visits in the
  period (Visit.rating) and the complaints about the rep resolved in it.
- signed_amount: contracts created in the period credited to the rep;
  collected: payments (not refunds, not voided) received in the period on the
  deals the rep stands for now.

The score (得分, 0 to 100, one decimal), with the weights of the setting
"assessment.weights" (default signed 30, collected 25, conversion 20,
followups 15, satisfaction 10, complaint 5):

    achievement ratios, each capped at 1:
      signed        = signed_amount ÷ signed target      (when a target is set;
                      without one, ÷ the highest signed_amount of the active
                      reps, when that is above 0: the best seller gets 1)
      collected     = collected ÷ collection target      (the same: without a
                      target, ÷ the highest collected of the active reps)
      followups     = on time ÷ (on time + overdue)      (when one fell due)
      satisfaction  = the satisfaction rate              (when a rating was given)
      conversion    = subscriptions ÷ first visits; 1 with subscriptions and no
                      first visit (more sales than first visits); 0 with
                      neither, whenever another ratio applies
    score = 100 × Σ(weight × ratio) ÷ Σ(weight), over the ratios that apply,
            minus `complaint` points per complaint, never below 0;
            none when no ratio applies (nothing to assess: no first visit,
            sale, follow-up due or rating, no target, and nobody signed or
            collected anything in the period).

Selling always counts once a rep is scored: without the conversion ratio a
rep with nothing to show but one follow-up would be judged on that alone
(100 if on time) and rank above reps who sold; with it, that rep scores
100 × 15 ÷ 35 = 42.9 and one who sold to every first visitor but let a
follow-up slip scores 100 × 20 ÷ 35 = 57.1. Money counts whether targets are
set or not: without a target, against the period's best rep (the highest
among all active reps, also in a rep's own view, so a rep's score is the same
wherever it is read). Otherwise, with no targets set, a rep with one sale and
nothing else in a week would score 100 on conversion alone, above the week's
top seller; and a rep who signed millions would score below one who signed
nothing but converted a larger share of fewer visitors. A rep who did nothing
in a period when others signed scores 0 (0 of the best seller's amount).

For example (tests/reporting/test_assessment.py): 800,000 signed of a 1,000,000
target (0.8), 500,000 collected of 400,000 (1, capped), 1 subscription from 4
first visits (0.25), 3 of 4 follow-ups on time (0.75), one of two ratings
good (0.5) and one complaint: 100 × (30×0.8 + 25×1 + 20×0.25 + 15×0.75 +
10×0.5) ÷ 100 − 5 = 70.25 − 5 = 65.3.

Every figure is an SQL aggregate grouped by rep, a fixed number of statements
whatever the number of reps or rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any, TypeAlias
from zoneinfo import ZoneInfo

from sqlalchemy import (
    BigInteger,
    BindParameter,
    Date,
    Select,
    and_,
    bindparam,
    case,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import aliased

from desk.admin import settings
from desk.admin.permissions import Actor, require
from desk.core.errors import NotFound, pick
from desk.core.uow import UnitOfWork
from desk.models import (
    Claim,
    Complaint,
    FollowUp,
    Payment,
    PaymentPlan,
    Reception,
    RotationDay,
    User,
    Visit,
)
from desk.models.base import UTCDateTime
from desk.models.enums import (
    ClaimKind,
    ComplaintKind,
    ContactKind,
    PaymentKind,
    ReceptionHow,
    ReceptionState,
    Role,
    VisitKind,
)
from desk.reporting.figures import new_deal
from desk.reporting.model import Chart, ChartKind, Column, Kind, Report, Series, Table
from desk.reporting.periods import Period
from desk.reporting.targets import Target, targets_for

ZERO = Decimal("0.00")
ONE = Decimal(1)
RATIOS = ("signed", "collected", "conversion", "followups", "satisfaction")

REPS_COLUMNS = [
    Column("rep_id", "编号", "Rep id", Kind.COUNT, hidden=True),
    Column("rep", "置业顾问", "Rep", Kind.TEXT),
    Column("receptions", "接待", "Receptions"),
    Column("first", "首访", "First visits"),
    Column("return", "复访", "Return visits"),
    Column("covering", "代接", "Covering"),
    Column("invalid", "无效", "Invalid"),
    Column("forfeited", "过号", "Forfeited turns"),
    Column("avg_minutes", "平均接待分钟", "Avg. minutes", Kind.DECIMAL),
    Column("conversion", "转化率", "Conversion", Kind.PERCENT),
    Column("followups_on_time", "按时回访", "Follow-ups on time"),
    Column("followups_overdue", "逾期回访", "Follow-ups overdue"),
    Column("complaints", "投诉", "Complaints"),
    Column("satisfaction", "满意度", "Satisfaction", Kind.PERCENT),
    Column("signed_amount", "签约金额", "Signed", Kind.MONEY),
    Column("signed_target", "签约目标", "Signed target", Kind.MONEY),
    Column("collected", "回款", "Collected", Kind.MONEY),
    Column("collection_target", "回款目标", "Collection target", Kind.MONEY),
    Column("score", "得分", "Score", Kind.DECIMAL),
]
TARGETS_COLUMNS = [
    Column("scope", "范围", "Scope", Kind.TEXT),
    Column("signed_amount", "签约金额", "Signed", Kind.MONEY),
    Column("signed_target", "签约目标", "Signed target", Kind.MONEY),
    Column("signed_rate", "签约达成率", "Signed vs target", Kind.PERCENT),
    Column("units", "签约套数", "Units signed"),
    Column("units_target", "套数目标", "Units target", Kind.DECIMAL),  # a share: 0.7
    Column("units_rate", "套数达成率", "Units vs target", Kind.PERCENT),
    Column("collected", "回款", "Collected", Kind.MONEY),
    Column("collection_target", "回款目标", "Collection target", Kind.MONEY),
    Column("collection_rate", "回款达成率", "Collected vs target", Kind.PERCENT),
]


# --- the score ------------------------------------------------------------------


@dataclass(frozen=True)
class Achievement:
    """A rep's ratios for the score; None where the ratio does not apply."""

    signed: Decimal | None = None
    collected: Decimal | None = None
    conversion: Decimal | None = None
    followups: Decimal | None = None
    satisfaction: Decimal | None = None


def score(weights: dict[str, Any], a: Achievement, complaints: int) -> Decimal | None:
    """The score of the module's docstring, to one decimal (half up)."""
    ratios = {name: getattr(a, name) for name in RATIOS}
    if ratios["conversion"] is None and any(r is not None for r in ratios.values()):
        ratios["conversion"] = Decimal(0)  # selling always counts once a rep is scored
    points = weight = Decimal(0)
    for name, ratio in ratios.items():
        w = Decimal(str(weights.get(name, 0)))
        if ratio is None or not w:
            continue
        points += w * min(ratio, ONE)
        weight += w
    if not weight:
        return None
    off = Decimal(str(weights.get("complaint", 0))) * complaints
    value = max(Decimal(0), 100 * points / weight - off)
    return value.quantize(Decimal("0.1"), ROUND_HALF_UP)


def weights_of(uow: UnitOfWork) -> dict[str, Any]:
    """The setting, with any name it lacks at its default."""
    return _weights(settings.get(uow, "assessment.weights"))


def _weights(stored: Any) -> dict[str, Any]:
    default = settings.DEFAULTS["assessment.weights"]
    return {**default, **(stored if isinstance(stored, dict) else {})}


# --- the pieces -------------------------------------------------------------------


def _fen(column: Any) -> Any:
    return type_coerce(column, BigInteger)


def _yuan(fen: int | None) -> Decimal:
    return (Decimal(int(fen or 0)) / 100).quantize(ZERO)


def _ratio(part: int | Decimal, whole: int | Decimal | None) -> Decimal | None:
    """The exact fraction; None without a whole."""
    if not whole:
        return None
    return Decimal(part) / Decimal(whole)


def _percent(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.0001"), ROUND_HALF_UP)


def _minutes(dialect: str, later: Any, earlier: Any) -> Any:
    """later − earlier in minutes, in SQL."""
    if dialect == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * 1440.0
    return func.extract("epoch", later - earlier) / 60.0


def _midnights(tz: ZoneInfo, period: Period) -> list[datetime]:
    """The showroom's midnights from the period's first day to the day after its
    last, as naive UTC: day i is [m[i], m[i+1]). Each is converted on its own, so
    a daylight-saving change moves the bound it concerns and no other."""
    return [datetime.combine(period.start + timedelta(days=i), time(0), tzinfo=tz)
            .astimezone(_UTC).replace(tzinfo=None) for i in range(period.days + 1)]


# The statements are built once for each shape (the dialect, all reps or one,
# the days of the period) and run with their values bound: building one costs
# more than running it over a month's rows. The values: first/last (the
# period's days), start/end (its UTC bounds), rep (the one rep), now, and day<i>
# with end<i> (each day of the period and the UTC end of that showroom day).
_FIRST: BindParameter[Any] = bindparam("first")
_LAST: BindParameter[Any] = bindparam("last")
_START: BindParameter[Any] = bindparam("start")
_END: BindParameter[Any] = bindparam("end")
_REP: BindParameter[Any] = bindparam("rep")
_UTC = ZoneInfo("UTC")
Query: TypeAlias = "Select[*tuple[Any, ...]]"
_BEFORE = aliased(Claim)  # the claim a subscription was moved from, if any


def _narrow(q: Query, column: Any, one: bool) -> Query:
    return q.where(column == _REP) if one else q


@cache
def _reps_q(one: bool) -> Query:
    q = select(User.id, User.name).where(User.role == Role.SALES_REP)
    q = q.where(User.id == _REP) if one else q.where(User.active.is_(True))
    return q.order_by(User.name, User.id)


@cache
def _receptions_q(dialect: str, one: bool) -> Query:
    ended = Reception.ended_at.is_not(None)
    q = (select(Reception.rep_id, func.count(),
                func.sum(case((Reception.how == ReceptionHow.COVER, 1), else_=0)),
                func.sum(case((Reception.invalid.is_(True), 1), else_=0)),
                func.avg(case((ended, _minutes(dialect, Reception.ended_at,
                                               Reception.arrived_at)))))
         .where(Reception.day >= _FIRST, Reception.day <= _LAST,
                Reception.state != ReceptionState.UNDONE))
    return _narrow(q, Reception.rep_id, one).group_by(Reception.rep_id)


_ROTATION_Q = select(RotationDay.state).where(RotationDay.day >= _FIRST, RotationDay.day <= _LAST)


@cache
def _followups_q(one: bool, days: int) -> Query:
    # The end of each due day as a UTC time: one CASE branch per day of the period.
    day_end = case(*[(bindparam(f"day{i}", type_=Date), bindparam(f"end{i}", type_=UTCDateTime))
                     for i in range(days)], value=FollowUp.due)
    on_time = and_(FollowUp.done_at.is_not(None), FollowUp.done_at < day_end)
    late = or_(FollowUp.done_at >= day_end,
               and_(FollowUp.done_at.is_(None),
                    day_end <= bindparam("now", type_=UTCDateTime)))
    q = (select(FollowUp.rep_id, func.sum(case((on_time, 1), else_=0)),
                func.sum(case((late, 1), else_=0)))
         .where(FollowUp.due >= _FIRST, FollowUp.due <= _LAST))
    if not one:
        # Only the reps the report lists; it also lets the (rep_id, due) index seek
        # each rep's due range instead of reading every follow-up ever made, so
        # the time stays flat as the never-done backlog grows.
        q = q.where(FollowUp.rep_id.in_(
            select(User.id).where(User.role == Role.SALES_REP, User.active.is_(True))))
    return _narrow(q, FollowUp.rep_id, one).group_by(FollowUp.rep_id)


@cache
def _complaints_q(one: bool) -> Query:
    received = and_(Complaint.kind == ComplaintKind.COMPLAINT, Complaint.received_at >= _START,
                    Complaint.received_at < _END)
    rated = and_(Complaint.satisfaction.is_not(None), Complaint.resolved_at >= _START,
                 Complaint.resolved_at < _END)
    q = (select(Complaint.rep_concerned_id, func.sum(case((received, 1), else_=0)),
                func.sum(case((and_(rated, Complaint.satisfaction >= 4), 1), else_=0)),
                func.sum(case((rated, 1), else_=0)))
         .where(Complaint.rep_concerned_id.is_not(None), or_(received, rated)))
    return _narrow(q, Complaint.rep_concerned_id, one).group_by(Complaint.rep_concerned_id)


@cache
def _visits_q(one: bool) -> Query:
    # First and return visits as the daily report counts them (registered
    # visits, not calls), and the ratings the visitors gave.
    visit = Visit.kind == ContactKind.VISIT
    q = (select(Visit.rep_id,
                func.sum(case((and_(visit, Visit.visit_kind == VisitKind.FIRST), 1), else_=0)),
                func.sum(case((and_(visit, Visit.visit_kind == VisitKind.RETURN), 1), else_=0)),
                func.sum(case((Visit.rating >= 4, 1), else_=0)),
                func.count(Visit.rating))
         .where(Visit.at >= _START, Visit.at < _END))
    return _narrow(q, Visit.rep_id, one).group_by(Visit.rep_id)


@cache
def _claims_q(one: bool) -> Query:
    # A subscription a change of unit made is the same sale moved, not a new one
    # (as the daily report counts it).
    is_sub = and_(Claim.kind == ClaimKind.SUBSCRIPTION, new_deal(_BEFORE))
    is_contract = Claim.kind == ClaimKind.CONTRACT
    q = (select(Claim.rep_id, func.sum(case((is_sub, 1), else_=0)),
                func.sum(case((is_contract, 1), else_=0)),
                func.sum(case((is_contract, _fen(Claim.price)), else_=0)))
         .outerjoin(_BEFORE, _BEFORE.id == Claim.previous_id)
         .where(Claim.created_at >= _START, Claim.created_at < _END,
                Claim.kind.in_((ClaimKind.SUBSCRIPTION, ClaimKind.CONTRACT)),
                Claim.note != "imported"))
    return _narrow(q, Claim.rep_id, one).group_by(Claim.rep_id)


@cache
def _collected_q(one: bool) -> Query:
    q = (select(Claim.rep_id, func.sum(_fen(Payment.amount)))
         .join(PaymentPlan, PaymentPlan.deal_id == Payment.deal_id)
         .join(Claim, Claim.id == PaymentPlan.claim_id)
         .where(Payment.kind == PaymentKind.PAYMENT, Payment.voided_at.is_(None),
                Payment.received_on >= _FIRST, Payment.received_on <= _LAST))
    return _narrow(q, Claim.rep_id, one).group_by(Claim.rep_id)


@dataclass
class _Figures:
    """One rep's counts, filled by the grouped queries."""

    receptions: int = 0
    first: int = 0
    returns: int = 0
    covering: int = 0
    invalid: int = 0
    forfeited: int = 0
    avg_minutes: Decimal | None = None
    subscriptions: int = 0
    contracts: int = 0
    signed_fen: int = 0
    on_time: int = 0
    overdue: int = 0
    complaints: int = 0
    good: int = 0
    rated: int = 0
    collected_fen: int = 0


def _n(x: Any) -> int:
    return int(x or 0)


def _figures(uow: UnitOfWork, tz: ZoneInfo, period: Period, one: int | None, *,
             deals_only: bool = False) -> dict[int | None, _Figures]:
    """Every rep's figures (key None: deals credited to no rep), from one grouped
    query per source; `one`: only this rep's; `deals_only`: only what is
    measured against the targets (contracts and money)."""
    midnights = _midnights(tz, period)
    params: dict[str, Any] = {"first": period.start, "last": period.end,
                              "start": midnights[0], "end": midnights[-1], "rep": one}
    narrowed = one is not None
    conn = uow.connection()
    out: dict[int | None, _Figures] = {}

    def of(rep: int | None) -> _Figures:
        return out.setdefault(rep, _Figures())

    for rep, subs, contracts, signed in conn.execute(_claims_q(narrowed), params):
        f = of(rep)
        f.subscriptions, f.contracts, f.signed_fen = _n(subs), _n(contracts), _n(signed)
    for rep, fen in conn.execute(_collected_q(narrowed), params):
        of(rep).collected_fen = _n(fen)
    if deals_only:
        return out

    dialect = conn.dialect.name
    for rep, total, cover, invalid, avg in conn.execute(_receptions_q(dialect, narrowed), params):
        f = of(rep)
        f.receptions, f.covering, f.invalid = _n(total), _n(cover), _n(invalid)
        f.avg_minutes = None if avg is None else Decimal(str(avg)).quantize(
            Decimal("0.1"), ROUND_HALF_UP)

    # Forfeits are the outcome of replaying a day's events (an undone turn gives
    # them back); each day's record holds that outcome: one row per day.
    for (state,) in conn.execute(_ROTATION_Q, params):
        for rep_text, times in json.loads(state).get("forfeits", {}).items():
            rep = int(rep_text)
            if one is None or rep == one:
                of(rep).forfeited += int(times)

    days = {f"day{i}": d for i, d in enumerate(period.dates())}
    ends = {f"end{i}": m for i, m in enumerate(midnights[1:])}
    for rep, good, bad in conn.execute(_followups_q(narrowed, period.days),
                                       {**params, **days, **ends, "now": uow.now}):
        f = of(rep)
        f.on_time, f.overdue = _n(good), _n(bad)

    for rep, complaints, good, given in conn.execute(_complaints_q(narrowed), params):
        f = of(rep)
        f.complaints, f.good, f.rated = _n(complaints), _n(good), _n(given)
    for rep, first, back, good, given in conn.execute(_visits_q(narrowed), params):
        f = of(rep)
        f.first, f.returns = _n(first), _n(back)
        f.good += _n(good)
        f.rated += _n(given)
    return out


# --- the report -------------------------------------------------------------------


def _scope(actor: Actor, rep_id: int | None) -> int | None:
    """The one rep the report is about (None: all); a sales rep gets their own."""
    if actor.can("reports.view"):
        return rep_id
    if actor.can("reports.own"):
        return actor.id
    require(actor, "reports.view")  # refused, in words
    return None


def _reps(uow: UnitOfWork, one: int | None) -> list[tuple[int, str]]:
    """The active sales reps by name, or the one asked for."""
    reps = [(int(i), str(name))
            for i, name in uow.connection().execute(_reps_q(one is not None), {"rep": one})]
    if one is not None and not reps:
        raise NotFound("没有这位置业顾问。", "No such sales rep.", field="rep")
    return reps


@dataclass(frozen=True)
class Actual:
    """What a scope achieved of what its targets measure."""

    signed_amount: Decimal
    units: int
    collected: Decimal


def actuals(uow: UnitOfWork, actor: Actor, period: Period) -> dict[int | None, Actual]:
    """Contracts signed (amount and units) and money collected in the period, by
    rep id, and the team's under None (a sales rep: their own only)."""
    one = _scope(actor, None)
    tz = ZoneInfo(settings.get(uow, "showroom.timezone"))
    figures = _figures(uow, tz, period, one, deals_only=True)
    out: dict[int | None, Actual] = {
        rep: Actual(_yuan(f.signed_fen), f.contracts, _yuan(f.collected_fen))
        for rep, f in figures.items() if rep is not None}
    if one is None:
        team = list(figures.values())
        out[None] = Actual(_yuan(sum(f.signed_fen for f in team)), sum(f.contracts for f in team),
                           _yuan(sum(f.collected_fen for f in team)))
    return out


def _best(uow: UnitOfWork, tz: ZoneInfo, period: Period, one: int | None,
          figures: dict[int | None, _Figures], reps: list[tuple[int, str]]
          ) -> tuple[Decimal, Decimal]:
    """The highest amount signed and the highest collected by an active rep in
    the period: the yardstick of a rep without a target. A report narrowed to
    one rep reads the other reps' money too (two grouped statements and the
    list of reps), so the rep's score is the one the whole team's report shows."""
    if one is not None:
        figures = _figures(uow, tz, period, None, deals_only=True)
        reps = _reps(uow, None)
    active = [figures[rid] for rid, _ in reps if rid in figures]
    return (_yuan(max((f.signed_fen for f in active), default=0)),
            _yuan(max((f.collected_fen for f in active), default=0)))


def rate(actual: int | Decimal, target: int | Decimal | None) -> Decimal | None:
    """actual ÷ target as a fraction of 4 places; None without a target."""
    return _percent(_ratio(actual, target))


def _money(target: Decimal | None) -> Decimal | None:
    return None if target is None else target.quantize(ZERO)


def build(uow: UnitOfWork, actor: Actor, period: Period, rep_id: int | None = None) -> Report:
    """The "reps" report: table "reps" (one row per rep, best score first),
    table "targets" (the team and each rep against their targets) and chart
    "conversion_by_rep"."""
    one = _scope(actor, rep_id)
    reps = _reps(uow, one)
    tz, stored = settings.get_many(uow, "showroom.timezone", "assessment.weights")
    figures = _figures(uow, ZoneInfo(tz), period, one)
    targets = targets_for(uow, period)
    weights = _weights(stored)
    none = Target()
    best_signed, best_collected = _best(uow, ZoneInfo(tz), period, one, figures, reps)

    rows: list[tuple[Any, ...]] = []
    for rid, name in reps:
        f, t = figures.get(rid, _Figures()), targets.get(rid, none)
        signed, collected = _yuan(f.signed_fen), _yuan(f.collected_fen)
        conversion = _ratio(f.subscriptions, f.first)
        satisfaction = _ratio(f.good, f.rated)
        # Sales without a first visit in the period: the rate is over 100%, capped.
        converted = ONE if conversion is None and f.subscriptions else conversion
        mark = score(weights, Achievement(
            _ratio(signed, best_signed if t.signed_amount is None else t.signed_amount),
            _ratio(collected, best_collected if t.collection is None else t.collection),
            converted,
            _ratio(f.on_time, f.on_time + f.overdue), satisfaction), f.complaints)
        rows.append((rid, name, f.receptions, f.first, f.returns, f.covering, f.invalid,
                     f.forfeited, f.avg_minutes, _percent(conversion), f.on_time, f.overdue,
                     f.complaints, _percent(satisfaction), signed, _money(t.signed_amount),
                     collected, _money(t.collection), mark))
    rows.sort(key=lambda r: (r[-1] is None, -(r[-1] or 0), r[1]))

    scopes: list[tuple[str, int, Decimal, Decimal, Target]] = []
    if one is None:
        team = list(figures.values())
        scopes.append((pick("团队", "Team"), sum(f.contracts for f in team),
                       _yuan(sum(f.signed_fen for f in team)),
                       _yuan(sum(f.collected_fen for f in team)), targets.get(None, none)))
    for rid, name in reps:
        f = figures.get(rid, _Figures())
        scopes.append((name, f.contracts, _yuan(f.signed_fen), _yuan(f.collected_fen),
                       targets.get(rid, none)))
    target_rows: list[tuple[Any, ...]] = [
        (scope, signed, _money(t.signed_amount), _percent(_ratio(signed, t.signed_amount)),
         units, t.units, _percent(_ratio(units, t.units)),
         collected, _money(t.collection), _percent(_ratio(collected, t.collection)))
        for scope, units, signed, collected, t in scopes]

    by_rep = Table("reps", "顾问考核", "Reps", REPS_COLUMNS, rows)
    chart = Chart("conversion_by_rep", "各顾问转化率", "Conversion by rep", ChartKind.BAR,
                  tuple(str(r[1]) for r in rows),
                  (Series("转化率", "Conversion", tuple(float(r[9] or 0) for r in rows)),),
                  percent=True)
    return Report("reps", "业绩考核", "Rep assessment", period.start, period.end,
                  [by_rep, Table("targets", "目标达成", "Targets", TARGETS_COLUMNS, target_rows)],
                  [chart])
