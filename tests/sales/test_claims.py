"""Units and claims rules (销控), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from desk.admin import projects, settings
from desk.core.db import Database
from desk.core.errors import Conflict, InvalidInput, PermissionDenied
from desk.models import Claim, UnitEvent
from desk.sales import claims, transition, units
from desk.sales.claims import Approval
from tests.conftest import actor

PHONE_A, PHONE_B = "13812340001", "13812340002"


def pid(db: Database) -> int:
    with db.read() as s:
        return projects.find_project(s, None).id


def status(db: Database, code: str) -> str:
    with db.read() as s:
        return next(r for r in units.rows(s, pid(db)) if r.code == code).status


def do(db: Database, fn, *args, **kw):  # type: ignore[no-untyped-def]
    with db.begin() as s:
        return fn(s, *args, **kw)


def test_hold_then_second_hold_is_refused_naming_holder_and_time(showroom: Database) -> None:
    p = pid(showroom)
    do(showroom, claims.hold, actor(showroom, "lina"), p, "1-1501", customer_phone=PHONE_A,
       customer_name="张三")
    assert status(showroom, "1-1501") == "held"
    with pytest.raises(Conflict) as e:
        do(showroom, claims.hold, actor(showroom, "zhangwei"), p, "1-1501",
           customer_phone=PHONE_B, customer_name="李四")
    msg = str(e.value)
    assert "张三" in msg and "138****0001" in msg and "李娜" in msg and "至" in msg
    with showroom.read() as s:
        assert s.execute(select(Claim).where(Claim.state == "active")).scalars().all().__len__() == 1


def test_database_refuses_a_second_active_claim_whatever_the_path(showroom: Database) -> None:
    p = pid(showroom)
    do(showroom, claims.hold, actor(showroom, "lina"), p, "1-1501", customer_phone=PHONE_A,
       customer_name="张三")
    with pytest.raises(IntegrityError), showroom.begin() as s:
        c = s.execute(select(Claim)).scalars().first()
        s.execute(text(
            "INSERT INTO claims (project_id, unit_id, kind, state, created_at, started_at, "
            "payment_method, note) VALUES (:p, :u, 'hold', 'active', :t, :t, '', '')"),
            {"p": p, "u": c.unit_id, "t": c.created_at})


def test_release_by_another_rep_is_refused_and_own_release_works(showroom: Database) -> None:
    p = pid(showroom)
    do(showroom, claims.hold, actor(showroom, "lina"), p, "1-1501", customer_phone=PHONE_A,
       customer_name="张三")
    with pytest.raises(PermissionDenied):
        do(showroom, claims.release, actor(showroom, "zhangwei"), p, "1-1501")
    do(showroom, claims.release, actor(showroom, "lina"), p, "1-1501")
    assert status(showroom, "1-1501") == "available"


def test_front_desk_cannot_hold(showroom: Database) -> None:
    with pytest.raises(PermissionDenied):
        do(showroom, claims.hold, actor(showroom, "frontdesk"), pid(showroom), "1-1501",
           customer_phone=PHONE_A, customer_name="张三")


def test_hold_expires_from_stored_times_and_cannot_be_converted(showroom: Database) -> None:
    p = pid(showroom)
    c = do(showroom, claims.hold, actor(showroom, "lina"), p, "1-1501", customer_phone=PHONE_A,
           customer_name="张三", minutes=30)
    hold_id = c.id
    showroom.clock_offset = timedelta(minutes=31)  # nobody ran anything meanwhile
    assert status(showroom, "1-1501") == "available"
    with pytest.raises(Conflict) as e:
        do(showroom, claims.subscribe, actor(showroom, "assistant"), p, "1-1501",
           customer_phone=PHONE_A, deposit=50000, agreed_price=3_000_000, hold_id=hold_id)
    assert "预留已失效" in str(e.value)
    with showroom.begin() as s:  # already recorded: by the read, kept through the refusal
        assert claims.expire_all_due(s) == 0
    with showroom.read() as s:
        ev = s.execute(select(UnitEvent).where(UnitEvent.action == "expire")).scalar_one()
        assert ev.at == c.expires_at  # recorded at the time it really ran out


def test_extend_stops_at_the_maximum(showroom: Database) -> None:
    p = pid(showroom)
    rep = actor(showroom, "lina")
    do(showroom, claims.hold, rep, p, "1-1501", customer_phone=PHONE_A, customer_name="张三")
    showroom.clock_offset = timedelta(minutes=25)
    c = do(showroom, claims.extend, rep, p, "1-1501", 30)
    with showroom.read() as s:
        assert c.expires_at - s.now > timedelta(minutes=29)
    showroom.clock_offset = timedelta(minutes=50)
    c = do(showroom, claims.extend, rep, p, "1-1501", 90)  # capped at 120 minutes in all
    assert c.expires_at - c.started_at == timedelta(minutes=120)
    # "至 HH:MM", or "至 MM-DD HH:MM" when the end falls on another showroom day
    with pytest.raises(Conflict, match=r"^预留已到最长时限（共 120 分钟，"
                                       r"至 (\d\d-\d\d )?\d\d:\d\d），不能再延期。$"):
        do(showroom, claims.extend, rep, p, "1-1501", 30)


def test_subscription_from_hold_keeps_frozen_price_and_checks_floor(showroom: Database) -> None:
    p = pid(showroom)
    rep, asst, mgr = (actor(showroom, x) for x in ("lina", "assistant", "manager"))
    do(showroom, claims.hold, rep, p, "1-1501", customer_phone=PHONE_A, customer_name="张三")
    with showroom.read() as s:
        unit = transition.get_unit(s, p, "1-1501")
        list_price, floor_price = unit.list_price, unit.floor_price
    with pytest.raises(InvalidInput) as e:
        do(showroom, claims.subscribe, asst, p, "1-1501", customer_phone=PHONE_A, deposit=50000,
           agreed_price=floor_price - 1, approval=Approval("manager", "demo123"))
    assert e.value.field == "agreed_price" and "底价" in str(e.value)
    three_pct = (list_price * Decimal("0.97")).quantize(Decimal("1"))
    with pytest.raises(PermissionDenied) as e:
        do(showroom, claims.subscribe, asst, p, "1-1501", customer_phone=PHONE_A, deposit=50000,
           agreed_price=three_pct)
    assert "经理" in str(e.value)
    with pytest.raises(PermissionDenied):  # a rep's password is no approval
        do(showroom, claims.subscribe, asst, p, "1-1501", customer_phone=PHONE_A, deposit=50000,
           agreed_price=three_pct, approval=Approval("zhangwei", "demo123"))
    c = do(showroom, claims.subscribe, asst, p, "1-1501", customer_phone=PHONE_A, deposit=50000,
           agreed_price=three_pct, approval=Approval("manager", "demo123"))
    assert c.approved_by == mgr.id and c.price == three_pct and c.previous_id is not None
    assert status(showroom, "1-1501") == "subscribed"


def test_subscription_of_a_unit_held_for_someone_else_is_refused(showroom: Database) -> None:
    p = pid(showroom)
    do(showroom, claims.hold, actor(showroom, "lina"), p, "1-1501", customer_phone=PHONE_A,
       customer_name="张三")
    with pytest.raises(Conflict, match=r"^房源 1-1501 已为客户 张三（\d{3}\*{4}\d{4}）预留，"
                                       r"置业顾问 李娜，至 (\d\d-\d\d )?\d\d:\d\d。$"):
        do(showroom, claims.subscribe, actor(showroom, "assistant"), p, "1-1501",
           customer_phone=PHONE_B, customer_name="李四", deposit=1, agreed_price=4_000_000)


@pytest.mark.parametrize("deposit,price,field", [("abc", "100", "deposit"), ("0", "100", "deposit"),
                                                  ("1", "-5", "agreed_price"),
                                                  ("200", "100", "deposit"),
                                                  ("1.001", "100", "deposit")])
def test_bad_amounts_name_their_field(showroom: Database, deposit, price, field) -> None:
    with pytest.raises(InvalidInput) as e:
        do(showroom, claims.subscribe, actor(showroom, "assistant"), pid(showroom), "1-1501",
           customer_phone=PHONE_A, customer_name="张三", deposit=deposit, agreed_price=price)
    assert e.value.field == field


def _subscribed(db: Database, code: str = "1-1501") -> None:
    with db.read() as s:
        price = transition.get_unit(s, pid(db), code).list_price
    do(db, claims.subscribe, actor(db, "assistant"), pid(db), code, customer_phone=PHONE_A,
       customer_name="张三", deposit=50000, agreed_price=price, rep_login="lina")


def test_contract_numbers_are_gap_free_per_project_and_year(showroom: Database) -> None:
    numbers = []
    for code in ("1-1501", "1-1502", "1-1503"):
        _subscribed(showroom, code)
        numbers.append(do(showroom, claims.contract, actor(showroom, "assistant"), pid(showroom),
                          code).contract_number)
    with showroom.read() as s:
        year = s.now.year
    assert numbers == [f"HT{year}-00001", f"HT{year}-00002", f"HT{year}-00003"]
    assert status(showroom, "1-1502") == "signed"
    with pytest.raises(Conflict, match=r"^房源 1-1502 没有有效的认购，不能签约。$"):
        do(showroom, claims.contract, actor(showroom, "assistant"), pid(showroom), "1-1502")


def test_failed_contract_does_not_use_up_a_number(showroom: Database) -> None:
    with pytest.raises(Conflict, match=r"^房源 1-1501 没有有效的认购，不能签约。$"):
        do(showroom, claims.contract, actor(showroom, "assistant"), pid(showroom), "1-1501")
    _subscribed(showroom)
    c = do(showroom, claims.contract, actor(showroom, "assistant"), pid(showroom), "1-1501")
    assert c.contract_number.endswith("-00001")


def test_cancel_needs_manager_and_reason_and_is_in_history(showroom: Database) -> None:
    p = pid(showroom)
    _subscribed(showroom)
    asst = actor(showroom, "assistant")
    with pytest.raises(InvalidInput) as e:
        do(showroom, claims.cancel, asst, p, "1-1501", reason=" ",
           approval=Approval("manager", "demo123"))
    assert e.value.field == "reason"
    with pytest.raises(PermissionDenied):
        do(showroom, claims.cancel, asst, p, "1-1501", reason="客户资金问题")
    with pytest.raises(Exception):  # noqa: B017  wrong manager password
        do(showroom, claims.cancel, asst, p, "1-1501", reason="客户资金问题",
           approval=Approval("manager", "nope"))
    do(showroom, claims.cancel, asst, p, "1-1501", reason="客户资金问题",
       approval=Approval("manager", "demo123"))
    assert status(showroom, "1-1501") == "available"
    with showroom.read() as s:
        h = units.history(s, p, "1-1501")
    assert [r.action for r in h] == ["import", "subscribe", "cancel"]
    assert h[-1].approver == "赵建国" and h[-1].reason == "客户资金问题"


def test_change_unit_moves_the_subscription(showroom: Database) -> None:
    p = pid(showroom)
    _subscribed(showroom)
    mgr = actor(showroom, "manager")
    moved = do(showroom, claims.change_unit, mgr, p, "1-1501", "1-1601", reason="换高楼层")
    assert status(showroom, "1-1501") == "available"
    assert status(showroom, "1-1601") == "subscribed"
    assert moved.deposit == Decimal("50000.00")
    do(showroom, claims.hold, actor(showroom, "lina"), p, "1-1701", customer_phone=PHONE_B,
       customer_name="李四")
    with pytest.raises(Conflict, match=r"^房源 1-1701 已为客户 李四（\d{3}\*{4}\d{4}）预留，"
                                       r"置业顾问 李娜，至 (\d\d-\d\d )?\d\d:\d\d。$"):  # must be available
        do(showroom, claims.change_unit, mgr, p, "1-1601", "1-1701", reason="x")


def test_rename_keeps_status_and_records_both_names(showroom: Database) -> None:
    p = pid(showroom)
    _subscribed(showroom)
    do(showroom, claims.rename, actor(showroom, "manager"), p, "1-1501", customer_phone=PHONE_B,
       customer_name="李四", reason="夫妻更名")
    assert status(showroom, "1-1501") == "subscribed"
    with showroom.read() as s:
        row = next(r for r in units.rows(s, p) if r.code == "1-1501")
        h = units.history(s, p, "1-1501")
    assert row.customer == "李四"
    assert "张三 → 李四" in h[-1].reason


def test_withhold_is_the_managers_and_blocks_holds(showroom: Database) -> None:
    p = pid(showroom)
    with pytest.raises(PermissionDenied):
        do(showroom, units.withhold, actor(showroom, "assistant"), p, "1-1501", "保留")
    do(showroom, units.withhold, actor(showroom, "manager"), p, "1-1501", "开发商保留")
    with pytest.raises(Conflict, match=r"^房源 1-1501 当前为“不可售”，不能办理。$"):
        do(showroom, claims.hold, actor(showroom, "lina"), p, "1-1501", customer_phone=PHONE_A,
           customer_name="张三")
    do(showroom, units.unwithhold, actor(showroom, "manager"), p, "1-1501", "重新上架")
    assert status(showroom, "1-1501") == "available"


def test_hold_length_is_configurable(showroom: Database) -> None:
    do(showroom, settings.put, actor(showroom, "manager"), "hold.ttl_minutes", 10)
    c = do(showroom, claims.hold, actor(showroom, "lina"), pid(showroom), "1-1501",
           customer_phone=PHONE_A, customer_name="张三")
    assert c.expires_at - c.started_at == timedelta(minutes=10)
    with pytest.raises(InvalidInput):
        do(showroom, claims.hold, actor(showroom, "lina"), pid(showroom), "1-1502",
           customer_phone=PHONE_A, minutes=500)


def test_new_customer_needs_a_name_and_a_valid_phone(showroom: Database) -> None:
    with pytest.raises(InvalidInput) as e:
        do(showroom, claims.hold, actor(showroom, "lina"), pid(showroom), "1-1501",
           customer_phone="1381234", customer_name="张三")
    assert e.value.field == "phone"
    with pytest.raises(Exception) as e2:
        do(showroom, claims.hold, actor(showroom, "lina"), pid(showroom), "1-1501",
           customer_phone=PHONE_A)
    assert getattr(e2.value, "field", None) == "customer_name"
    assert status(showroom, "1-1501") == "available"


def test_demo_has_every_status(demo_db: Database) -> None:
    with demo_db.read() as s:
        rows = units.rows(s, projects.find_project(s, None).id)
    assert {r.status for r in rows} == {"available", "held", "subscribed", "signed", "withheld"}
    assert len({r.building for r in rows}) >= 2 and max(r.floor for r in rows) >= 18
