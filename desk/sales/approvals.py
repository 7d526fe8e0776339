"""Requests for a sales manager's approval (审批): asked at one PC, answered at any.

The sales operations (`desk.sales.claims`) say what needs approval and build
the request's parameters; this module keeps the queue. A request is pending
until the manager approves or refuses it (a refusal gives a reason), or the
requester withdraws it. An approved request is good once, for the operation,
unit, claim and parameters it names: using it is a compare-and-set, so two
PCs cannot both use it. Every change is recorded so each PC's screens follow.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import CursorResult, Update, select, update
from sqlalchemy.orm import aliased

from desk.admin.auth import Actor, require
from desk.core.changes import ChangeKind
from desk.core.errors import Conflict, NotFound, PermissionDenied
from desk.core.labels import names, person
from desk.core.uow import UnitOfWork
from desk.models import ApprovalRequest, Claim, Customer, Unit, User
from desk.models.enums import ApprovalKind, ApprovalState
from desk.sales.transition import required_reason

Params = dict[str, Any]


@dataclass(frozen=True)
class RequestRow:
    """A request as the screens and the command line show it (plain data)."""

    id: int
    kind: str
    state: str
    unit_code: str
    customer: str | None  # the buyer of the deal, or of the discounted subscription
    params: Params
    requested_by: str | None
    requested_by_id: int | None
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    reason: str
    discount: Decimal | None = None  # a discount's percent off the list price

    @property
    def customer_phone(self) -> str:
        """The phone asked for (a discount's buyer, a rename's new buyer), E.164."""
        return str(self.params.get("customer_phone") or "")


def _dump(params: Params) -> str:
    return json.dumps(params, ensure_ascii=False, sort_keys=True)


def create(uow: UnitOfWork, actor: Actor, project_id: int, kind: ApprovalKind, unit_id: int,
           claim_id: int | None, params: Params) -> int:
    """Put a request in the queue; the same request still pending is not asked twice."""
    require(actor, "units.subscribe")
    text = _dump(params)
    same = uow.execute(select(ApprovalRequest.id).where(
        ApprovalRequest.state == ApprovalState.PENDING, ApprovalRequest.kind == kind,
        ApprovalRequest.unit_id == unit_id, ApprovalRequest.requested_by == actor.id,
        ApprovalRequest.params == text)).scalars().first()
    if same is not None:
        return same
    req = ApprovalRequest(project_id=project_id, kind=kind, unit_id=unit_id, claim_id=claim_id,
                          params=text, requested_by=actor.id, requested_at=uow.now,
                          state=ApprovalState.PENDING, reason="")
    uow.add(req)
    uow.flush()
    uow.record(ChangeKind.APPROVALS, req.id)
    return req.id


def _rows(uow: UnitOfWork, *conditions: Any) -> list[RequestRow]:
    asker, decider, buyer = aliased(User), aliased(User), aliased(Customer)
    q = (select(ApprovalRequest, Unit.code, buyer.name, asker.name, decider.name)
         .join(Unit, Unit.id == ApprovalRequest.unit_id)
         .outerjoin(Claim, Claim.id == ApprovalRequest.claim_id)
         .outerjoin(buyer, buyer.id == Claim.customer_id)
         .outerjoin(asker, asker.id == ApprovalRequest.requested_by)
         .outerjoin(decider, decider.id == ApprovalRequest.decided_by)
         .where(*conditions)
         .order_by(ApprovalRequest.id))
    out = []
    for r, code, customer, asked_by, decided_by in uow.execute(q):
        params = json.loads(r.params or "{}")
        if customer is None and params.get("customer_phone"):  # a discount: no deal yet
            customer = uow.execute(select(Customer.name).where(
                Customer.phone == params["customer_phone"])).scalar()
        out.append(RequestRow(r.id, r.kind, r.state, code, person(customer), params, asked_by,
                              r.requested_by, r.requested_at, decided_by, r.decided_at, r.reason,
                              _discount(params)))
    return out


def _discount(params: Params) -> Decimal | None:
    if not params.get("list_price") or not params.get("agreed_price"):
        return None
    listed, agreed = Decimal(params["list_price"]), Decimal(params["agreed_price"])
    return (listed - agreed) / listed * 100 if listed > 0 else None


def pending(uow: UnitOfWork, actor: Actor, project_id: int | None = None) -> list[RequestRow]:
    """What waits for a manager, oldest first."""
    require(actor, "units.approve")
    conditions = [ApprovalRequest.state == ApprovalState.PENDING]
    if project_id is not None:
        conditions.append(ApprovalRequest.project_id == project_id)
    return _rows(uow, *conditions)


def pending_count(uow: UnitOfWork, actor: Actor) -> int:
    """How many requests wait (0 for whoever cannot answer them)."""
    if not actor.can("units.approve"):
        return 0
    return len(uow.execute(select(ApprovalRequest.id).where(
        ApprovalRequest.state == ApprovalState.PENDING)).scalars().all())


def get(uow: UnitOfWork, actor: Actor, request_id: int) -> RequestRow:
    """One request, for its requester (waiting for the answer) or a manager."""
    found = _rows(uow, ApprovalRequest.id == request_id)
    if not found:
        raise NotFound(f"没有编号为 {request_id} 的审批请求。", f"No approval request {request_id}.",
                       field="approval")
    row = found[0]
    if not actor.can("units.approve") and row.requested_by_id != actor.id:
        raise PermissionDenied("只能查看自己发出的审批请求。",
                               "You can only see the approval requests you sent.")
    return row


def _set(uow: UnitOfWork, stmt: Update) -> int:
    """Run a compare-and-set update; how many rows it changed (0: lost the race)."""
    result = cast(CursorResult[Any], uow.execute(stmt))
    return result.rowcount


def _answer(uow: UnitOfWork, actor: Actor, request_id: int, state: ApprovalState,
            reason: str = "") -> None:
    """Approve or refuse a pending request: compare-and-set on its state, so two
    managers answering at once give one answer."""
    require(actor, "units.approve")
    done = _set(uow, update(ApprovalRequest)
                .where(ApprovalRequest.id == request_id, ApprovalRequest.state == ApprovalState.PENDING)
                .values(state=state, decided_by=actor.id, decided_at=uow.now, reason=reason))
    if done != 1:
        _not_pending(uow, actor, request_id)
    uow.record(ChangeKind.APPROVALS, request_id)


def _not_pending(uow: UnitOfWork, actor: Actor, request_id: int) -> None:
    row = get(uow, actor, request_id)
    st_zh, st_en = names(ApprovalState(row.state))
    raise Conflict(f"该审批请求已是“{st_zh}”，不能再处理。",
                   f"The approval request is {st_en} already.", field="approval")


def approve(uow: UnitOfWork, actor: Actor, request_id: int) -> None:
    _answer(uow, actor, request_id, ApprovalState.APPROVED)


def refuse(uow: UnitOfWork, actor: Actor, request_id: int, reason: str) -> None:
    """Refuse, saying why: the requester reads the reason."""
    _answer(uow, actor, request_id, ApprovalState.REFUSED, required_reason(reason))


def withdraw(uow: UnitOfWork, actor: Actor, request_id: int) -> None:
    """The requester no longer needs it (pending, or approved and not used)."""
    row = get(uow, actor, request_id)
    if row.requested_by_id != actor.id:
        raise PermissionDenied("只能撤回自己发出的审批请求。",
                               "You can only withdraw the requests you sent.")
    done = _set(uow, update(ApprovalRequest)
                .where(ApprovalRequest.id == request_id,
                       ApprovalRequest.state.in_((ApprovalState.PENDING, ApprovalState.APPROVED)))
                .values(state=ApprovalState.WITHDRAWN))
    if done != 1:
        _not_pending(uow, actor, request_id)
    uow.record(ChangeKind.APPROVALS, request_id)


def consume(uow: UnitOfWork, actor: Actor, request_id: int, kind: ApprovalKind, unit_id: int,
            claim_id: int | None, params: Params) -> int:
    """Use an approved request for the operation it was asked for; returns the
    approving manager's id. Anything else asked, or a second use, is refused."""
    req = uow.get(ApprovalRequest, request_id)
    if req is None:
        raise NotFound(f"没有编号为 {request_id} 的审批请求。", f"No approval request {request_id}.",
                       field="approval")
    if req.state != ApprovalState.APPROVED:
        st_zh, st_en = names(ApprovalState(req.state))
        raise PermissionDenied(f"审批请求为“{st_zh}”，不能用于办理。",
                               f"The approval request is {st_en}; it cannot be used.",
                               field="approval")
    if (req.kind, req.unit_id, req.claim_id) != (kind, unit_id, claim_id) \
            or json.loads(req.params or "{}") != json.loads(_dump(params)):
        raise PermissionDenied("经理批准的内容与本次办理不一致，请重新申请审批。",
                               "What the manager approved differs from what is being done; ask "
                               "again.", field="approval")
    done = _set(uow, update(ApprovalRequest)
                .where(ApprovalRequest.id == request_id, ApprovalRequest.state == ApprovalState.APPROVED)
                .values(state=ApprovalState.USED, used_at=uow.now))
    if done != 1:  # used meanwhile by another PC
        raise Conflict("该审批已被使用。", "The approval has been used already.", field="approval")
    uow.record(ChangeKind.APPROVALS, request_id)
    assert req.decided_by is not None
    return req.decided_by
