"""The day's figures for the manager (报表): receptions, visits, deals, the grid,
follow-ups and complaints, from the same tables everything else uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, select, type_coerce

from desk.admin import projects, settings
from desk.admin.auth import Actor, require
from desk.core.uow import UnitOfWork
from desk.models import Claim, Complaint, Customer, FollowUp, Visit
from desk.models.base import Cents
from desk.models.enums import ClaimKind, ContactKind, VisitKind
from desk.reception import rotation
from desk.sales import units


@dataclass
class DayReport:
    day: date
    receptions: list[rotation.RepFigures]
    visits: int = 0
    first_visits: int = 0
    calls: int = 0
    by_source: dict[str, int] = field(default_factory=dict)
    by_grade: dict[str, int] = field(default_factory=dict)
    subscriptions: int = 0
    subscription_amount: Decimal = Decimal(0)
    contracts: int = 0
    contract_amount: Decimal = Decimal(0)
    cancellations: int = 0
    units_by_status: dict[str, units.Tally] = field(default_factory=dict)
    overdue_follow_ups: int = 0
    open_complaints: int = 0
    late_complaints: int = 0


def _utc_bounds(uow: UnitOfWork, day: date) -> tuple[datetime, datetime]:
    """The showroom's day as UTC times (stored times are UTC)."""
    tz = ZoneInfo(settings.get(uow, "showroom.timezone"))
    start = datetime.combine(day, time(0), tzinfo=tz).astimezone(ZoneInfo("UTC"))
    start = start.replace(tzinfo=None)
    return start, start + timedelta(days=1)


def day_report(uow: UnitOfWork, actor: Actor, day: date | None = None) -> DayReport:
    require(actor, "reports.view")
    day = day or rotation.today(uow)
    start, end = _utc_bounds(uow, day)
    r = DayReport(day, rotation.figures(uow, day))
    for kind, visit_kind, source, grade, n in uow.execute(
            select(Visit.kind, Visit.visit_kind, Visit.source, Visit.grade, func.count())
            .where(Visit.at >= start, Visit.at < end)
            .group_by(Visit.kind, Visit.visit_kind, Visit.source, Visit.grade)):
        if kind == ContactKind.CALL:
            r.calls += n
            continue
        r.visits += n
        r.first_visits += n if visit_kind == VisitKind.FIRST else 0
        r.by_source[source or "—"] = r.by_source.get(source or "—", 0) + n
        r.by_grade[grade or "—"] = r.by_grade.get(grade or "—", 0) + n
    for kind, n, amount in uow.execute(
            select(Claim.kind, func.count(),
                   type_coerce(func.coalesce(func.sum(Claim.price), 0), Cents))
            .where(Claim.created_at >= start, Claim.created_at < end,
                   Claim.kind.in_((ClaimKind.SUBSCRIPTION, ClaimKind.CONTRACT)), Claim.note != "imported")
            .group_by(Claim.kind)):
        money = amount or Decimal(0)
        if kind == ClaimKind.SUBSCRIPTION:
            r.subscriptions, r.subscription_amount = n, money
        else:
            r.contracts, r.contract_amount = n, money
    r.cancellations = uow.execute(select(func.count()).select_from(Claim).where(
        Claim.state == "cancelled", Claim.ended_at >= start, Claim.ended_at < end)).scalar_one()
    plist = projects.list_projects(uow)
    if plist:
        r.units_by_status, _ = units.summary(uow, plist[0].id)
    now = uow.now
    # As the follow-up list counts them overdue: not done, due before today, for
    # a customer not erased (followups.due_list, days_overdue > 0).
    r.overdue_follow_ups = uow.execute(
        select(func.count()).select_from(FollowUp)
        .join(Customer, Customer.id == FollowUp.customer_id)
        .where(FollowUp.done_at.is_(None), FollowUp.due < now.date(),
               Customer.erased_at.is_(None))).scalar_one()
    # Open: not resolved; late: no first response and past its limit (complaints.rows).
    late = case((and_(Complaint.first_response_at.is_(None), Complaint.due_at < now), 1), else_=0)
    open_, late_ = uow.execute(select(func.count(), func.coalesce(func.sum(late), 0))
                               .where(Complaint.resolved_at.is_(None))).one()
    r.open_complaints, r.late_complaints = int(open_), int(late_)
    return r
