"""Complaints (客户投诉登记表) and suggestions (客户意见及建议登记表), answered in time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import aliased

from desk.admin import auth, settings
from desk.admin.auth import Actor, require
from desk.core.changes import ChangeKind
from desk.core.errors import Conflict, InvalidInput, NotFound
from desk.core.labels import person
from desk.core.uow import UnitOfWork
from desk.customers import customers
from desk.models import Complaint, Customer, User
from desk.models.enums import ComplaintChannel, ComplaintKind

CHANNELS = tuple(ComplaintChannel)
KINDS = tuple(ComplaintKind)


def register(uow: UnitOfWork, actor: Actor, *, kind: str, channel: str, description: str,
             customer_phone: str = "", contact_name: str = "", rep_concerned: str = "",
             handler: str = "") -> Complaint:
    require(actor, "visitors.register")
    if kind not in KINDS:
        raise InvalidInput("请选择投诉或建议。", "Choose complaint or suggestion.", field="kind")
    if channel not in CHANNELS:
        raise InvalidInput("请选择来源方式。", "Choose the channel.", field="channel")
    if not description.strip():
        raise InvalidInput("请填写内容。", "Describe it.", field="description")
    c = customers.find_by_phone(uow, customer_phone) if customer_phone.strip() else None
    if c is None and not contact_name.strip() and kind == ComplaintKind.COMPLAINT:
        raise InvalidInput("请填写投诉人姓名或已登记的手机号。",
                           "Enter the complainant's name or a registered phone.",
                           field="contact_name")
    rep = auth.get_user(uow, rep_concerned) if rep_concerned else None
    who = auth.get_user(uow, handler) if handler else None
    now = uow.now
    hours = settings.get(uow, "complaint.first_response_hours")
    x = Complaint(kind=kind, received_at=now, channel=channel,
                  customer_id=c.id if c else None, contact_name=contact_name.strip(),
                  rep_concerned_id=rep.id if rep else None, description=description.strip(),
                  handler_id=who.id if who else None, due_at=now + timedelta(hours=hours),
                  created_by=actor.id)
    uow.add(x)
    uow.flush()
    uow.record(ChangeKind.VISITORS, f"complaint:{x.id}")
    return x


def _get(uow: UnitOfWork, complaint_id: int) -> Complaint:
    x = uow.get(Complaint, complaint_id)
    if x is None:
        raise NotFound("没有这条记录。", "No such record.")
    return x


def respond(uow: UnitOfWork, actor: Actor, complaint_id: int, response: str) -> None:
    require(actor, "visitors.register")
    x = _get(uow, complaint_id)
    if not response.strip():
        raise InvalidInput("请填写答复内容。", "Enter the response.", field="response")
    if x.first_response_at is None:
        x.first_response_at = uow.now
    x.response = (x.response + "\n" if x.response else "") + response.strip()
    uow.record(ChangeKind.VISITORS, f"complaint:{x.id}")


def resolve(uow: UnitOfWork, actor: Actor, complaint_id: int, resolution: str,
            satisfaction: int | None) -> None:
    require(actor, "visitors.register")
    x = _get(uow, complaint_id)
    if x.resolved_at is not None:
        raise Conflict("这条记录已经处理完毕。", "This one is resolved already.")
    if not resolution.strip():
        raise InvalidInput("请填写处理结果。", "Enter the resolution.", field="resolution")
    if satisfaction is not None and not 1 <= int(satisfaction) <= 5:
        raise InvalidInput("满意度为 1 到 5。", "Satisfaction is 1 to 5.", field="satisfaction")
    now = uow.now
    x.first_response_at = x.first_response_at or now
    x.resolution, x.resolved_at = resolution.strip(), now
    x.satisfaction = None if satisfaction is None else int(satisfaction)
    uow.record(ChangeKind.VISITORS, f"complaint:{x.id}")


@dataclass(frozen=True)
class ComplaintRow:
    id: int
    kind: str
    received_at: datetime
    channel: str
    who: str
    rep_concerned: str | None
    description: str
    handler: str | None
    due_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    satisfaction: int | None
    overdue: bool  # no first response and past the limit


def rows(uow: UnitOfWork, actor: Actor, kind: str | None = None, open_only: bool = False
         ) -> list[ComplaintRow]:
    require(actor, "visitors.register")
    now = uow.now
    rep, handler = aliased(User), aliased(User)
    q = (select(Complaint, Customer.name, rep.name, handler.name)
         .outerjoin(Customer, Customer.id == Complaint.customer_id)
         .outerjoin(rep, rep.id == Complaint.rep_concerned_id)
         .outerjoin(handler, handler.id == Complaint.handler_id)
         .order_by(Complaint.received_at.desc()))
    if kind:
        q = q.where(Complaint.kind == kind)
    if open_only:
        q = q.where(Complaint.resolved_at.is_(None))
    return [ComplaintRow(x.id, x.kind, x.received_at, x.channel, person(cname) or x.contact_name, r,
                         x.description, h, x.due_at, x.first_response_at, x.resolved_at, x.satisfaction,
                         x.first_response_at is None and x.due_at < now)
            for x, cname, r, h in uow.execute(q)]
