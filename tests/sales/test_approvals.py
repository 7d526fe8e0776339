"""The approvals queue: asked at the assistant's PC, answered by the manager at
any PC, used once for exactly what was asked."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from desk.core.db import Database
from desk.core.errors import Conflict, InvalidInput, PermissionDenied
from desk.models import ApprovalRequest, UnitEvent
from desk.models.enums import ApprovalKind
from desk.sales import approvals, claims, units
from tests.conftest import actor
from tests.sales.test_reps import OWNED, do, pid, price, showroom

__all__ = ["showroom"]


def subscribed(db: Database, code: str) -> None:
    do(db, claims.subscribe, actor(db, "assistant"), pid(db), code, customer_phone=OWNED,
       deposit=50000, agreed_price=price(db, code))


def ask(db: Database, code: str, kind: ApprovalKind, **kw) -> int:  # type: ignore[no-untyped-def]
    return do(db, claims.request_approval, actor(db, "assistant"), pid(db), code, kind, **kw)


def state(db: Database, request_id: int) -> str:
    with db.read() as s:
        return s.get_one(ApprovalRequest, request_id).state


def status(db: Database, code: str) -> str:
    with db.read() as s:
        return units.rows(s, pid(db), code=code)[0].status


def test_asked_approved_and_used_once(showroom: Database) -> None:
    """On SQLite and PostgreSQL: the manager sees the request, approves it, the
    assistant's cancellation goes through with it, once."""
    p, asst, mgr = pid(showroom), actor(showroom, "assistant"), actor(showroom, "manager")
    subscribed(showroom, "1-1501")
    rid = ask(showroom, "1-1501", ApprovalKind.CANCEL, reason="客户资金问题")
    assert ask(showroom, "1-1501", ApprovalKind.CANCEL, reason="客户资金问题") == rid  # not twice
    with showroom.read() as s:
        waiting = approvals.pending(s, mgr)
        assert approvals.pending_count(s, mgr) == 1 and approvals.pending_count(s, asst) == 0
    assert [(r.id, r.kind, r.unit_code, r.customer, r.requested_by, r.params) for r in waiting] == [
        (rid, "cancel", "1-1501", "王老板", "孙晓燕", {"reason": "客户资金问题"})]
    with pytest.raises(PermissionDenied, match="审批请求为“待审批”"):  # not yet approved
        do(showroom, claims.cancel, asst, p, "1-1501", reason="客户资金问题", request_id=rid)
    do(showroom, approvals.approve, mgr, rid)
    with showroom.read() as s:
        row = approvals.get(s, asst, rid)
    assert (row.state, row.decided_by) == ("approved", "赵建国")
    do(showroom, claims.cancel, asst, p, "1-1501", reason="客户资金问题", request_id=rid)
    assert (status(showroom, "1-1501"), state(showroom, rid)) == ("available", "used")
    with showroom.read() as s:
        event = s.execute(select(UnitEvent).where(UnitEvent.action == "cancel")).scalar_one()
    assert event.approved_by == mgr.id and event.actor_id == asst.id
    subscribed(showroom, "1-1501")
    with pytest.raises(PermissionDenied, match=r"^审批请求为“已使用”，不能用于办理。$"):
        do(showroom, claims.cancel, asst, p, "1-1501", reason="客户资金问题", request_id=rid)


def test_refused_with_a_reason_and_never_usable(showroom: Database) -> None:
    p, asst, mgr = pid(showroom), actor(showroom, "assistant"), actor(showroom, "manager")
    subscribed(showroom, "1-1501")
    rid = ask(showroom, "1-1501", ApprovalKind.CANCEL, reason="不想要了")
    with pytest.raises(InvalidInput) as e:
        do(showroom, approvals.refuse, mgr, rid, " ")
    assert e.value.field == "reason"
    do(showroom, approvals.refuse, mgr, rid, "已过退订期")
    with showroom.read() as s:
        row = approvals.get(s, asst, rid)
        assert approvals.pending(s, mgr) == []
    assert (row.state, row.reason, row.decided_by) == ("refused", "已过退订期", "赵建国")
    with pytest.raises(PermissionDenied, match="审批请求为“未批准”"):
        do(showroom, claims.cancel, asst, p, "1-1501", reason="不想要了", request_id=rid)
    with pytest.raises(Conflict, match=r"^该审批请求已是“未批准”，不能再处理。$"):
        do(showroom, approvals.approve, mgr, rid)  # one answer, even from another PC
    assert status(showroom, "1-1501") == "subscribed"


def test_an_approval_is_good_only_for_what_was_asked(showroom: Database) -> None:
    p, asst, mgr = pid(showroom), actor(showroom, "assistant"), actor(showroom, "manager")
    subscribed(showroom, "1-1501")
    subscribed(showroom, "1-1502")
    rid = ask(showroom, "1-1501", ApprovalKind.CANCEL, reason="客户资金问题")
    do(showroom, approvals.approve, mgr, rid)
    mismatch = "^经理批准的内容与本次办理不一致，请重新申请审批。$"
    for code, kw in (("1-1501", {"reason": "另一个原因"}), ("1-1502", {"reason": "客户资金问题"})):
        with pytest.raises(PermissionDenied, match=mismatch):
            do(showroom, claims.cancel, asst, p, code, request_id=rid, **kw)
    with pytest.raises(PermissionDenied, match=mismatch):  # another operation on the unit
        do(showroom, claims.rename, asst, p, "1-1501", customer_phone="13900000001",
           customer_name="新买家", reason="客户资金问题", request_id=rid)
    assert state(showroom, rid) == "approved"  # refusals used nothing up
    lp = price(showroom, "1-1503")
    asked, other = (lp * Decimal("0.97")).quantize(Decimal("1")), (lp * Decimal("0.96")).quantize(
        Decimal("1"))
    did = ask(showroom, "1-1503", ApprovalKind.DISCOUNT, customer_phone=OWNED, agreed_price=asked)
    do(showroom, approvals.approve, mgr, did)
    with pytest.raises(PermissionDenied, match=mismatch):  # a bigger discount than approved
        do(showroom, claims.subscribe, asst, p, "1-1503", customer_phone=OWNED, deposit=50000,
           agreed_price=other, request_id=did)
    c = do(showroom, claims.subscribe, asst, p, "1-1503", customer_phone=OWNED, deposit=50000,
           agreed_price=asked, request_id=did)
    assert c.approved_by == mgr.id and c.price == asked and state(showroom, did) == "used"


def test_a_request_is_checked_as_the_operation_would_be(showroom: Database) -> None:
    lp = price(showroom, "1-1501")
    with showroom.read() as s:
        floor = units.rows(s, pid(showroom), code="1-1501")[0].floor_price
    for agreed, message in ((floor - 1, "成交价低于底价，不能办理（底价不可突破）。"),
                            (lp, "这个价格在折扣权限之内，无需审批。")):
        with pytest.raises(InvalidInput) as e:
            ask(showroom, "1-1501", ApprovalKind.DISCOUNT, customer_phone=OWNED,
                agreed_price=agreed)
        assert (e.value.field, str(e.value)) == ("agreed_price", message)
    with pytest.raises(Conflict, match=r"^房源 1-1501 没有认购或合同。$"):
        ask(showroom, "1-1501", ApprovalKind.CANCEL, reason="x")
    with showroom.read() as s:
        assert s.execute(select(ApprovalRequest)).first() is None


def test_who_may_ask_answer_and_withdraw(showroom: Database) -> None:
    subscribed(showroom, "1-1501")
    p = pid(showroom)
    with pytest.raises(PermissionDenied):  # a rep records no cancellations
        do(showroom, claims.request_approval, actor(showroom, "lina"), p, "1-1501",
           ApprovalKind.CANCEL, reason="x")
    with pytest.raises(InvalidInput, match="无需发送审批请求"):
        do(showroom, claims.request_approval, actor(showroom, "manager"), p, "1-1501",
           ApprovalKind.CANCEL, reason="x")
    rid = ask(showroom, "1-1501", ApprovalKind.CANCEL, reason="x")
    for fn, args in ((approvals.approve, ()), (approvals.refuse, ("no",))):
        with pytest.raises(PermissionDenied):
            do(showroom, fn, actor(showroom, "assistant"), rid, *args)
    with pytest.raises(PermissionDenied):
        do(showroom, approvals.pending, actor(showroom, "assistant"))
    with pytest.raises(PermissionDenied):  # only the one who asked takes it back
        do(showroom, approvals.withdraw, actor(showroom, "manager"), rid)
    do(showroom, approvals.withdraw, actor(showroom, "assistant"), rid)
    assert state(showroom, rid) == "withdrawn"
    with pytest.raises(Conflict):
        do(showroom, approvals.approve, actor(showroom, "manager"), rid)


def test_every_step_reaches_every_pc(showroom: Database) -> None:
    """Each step is in the change feed, naming the request."""
    from desk.core.changes import ChangeKind

    subscribed(showroom, "1-1501")
    seen = []
    for step in ("ask", "approve", "use"):
        with showroom.begin() as s:
            if step == "ask":
                rid = claims.request_approval(s, actor(showroom, "assistant"), pid(showroom),
                                              "1-1501", ApprovalKind.CANCEL, reason="x")
            elif step == "approve":
                approvals.approve(s, actor(showroom, "manager"), rid)
            else:
                claims.cancel(s, actor(showroom, "assistant"), pid(showroom), "1-1501",
                              reason="x", request_id=rid)
            seen.append(s.changed.get(ChangeKind.APPROVALS))
    assert seen == [[str(rid)]] * 3
