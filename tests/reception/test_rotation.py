"""Rotation rules as small scenarios: check in A, B, C; walk-in → A; …"""

from __future__ import annotations

from datetime import timedelta

import pytest

from desk.admin import auth, settings
from desk.core import labels
from desk.core.db import Database
from desk.core.errors import Conflict, InvalidInput, NeedsConfirmation, PermissionDenied
from desk.customers import customers
from desk.reception import daylog, rotation
from desk.reception.state import replay
from tests.conftest import actor

REPS = ["lina", "zhangwei", "wangfang", "liuyang"]
A, B, C, D = REPS


def do(db: Database, fn, *args, who: str = "frontdesk", **kw):  # type: ignore[no-untyped-def]
    with db.begin() as s:
        return fn(s, actor(db, who), *args, **kw)


def line(db: Database) -> list[str]:
    with db.read() as s:
        return [r.login for r in rotation.board(s)]


def status(db: Database) -> dict[str, str]:
    with db.read() as s:
        return {r.login: r.status for r in rotation.board(s)}


def checkin(db: Database, *logins: str) -> None:
    for login in logins:
        do(db, rotation.checkin, login)


def walk(db: Database, **kw) -> rotation.Assignment:  # type: ignore[no-untyped-def]
    return do(db, rotation.walkin, **kw)


def test_walkins_go_in_turn_and_the_finished_rep_goes_to_the_back(desk: Database) -> None:
    checkin(desk, A, B, C)
    assert walk(desk).rep_login == A
    assert walk(desk).rep_login == B
    do(desk, rotation.finish, A, force=True)
    assert line(desk) == [B, C, A]
    assert walk(desk).rep_login == C
    assert walk(desk).rep_login == A


def test_break_keeps_the_place_but_away_at_ones_turn_forfeits(desk: Database) -> None:
    checkin(desk, A, B, C)
    do(desk, rotation.set_break, A, "lunch")
    do(desk, rotation.back, A)
    assert line(desk) == [A, B, C]  # a break alone keeps the place
    do(desk, rotation.set_break, A, "lunch")
    a = walk(desk)
    assert a.rep_login == B and a.forfeited == ("李娜",)
    assert line(desk) == [B, C, A]
    with desk.read() as s:
        assert {r.login: r.forfeits for r in rotation.board(s)}[A] == 1


def test_nobody_checked_in_is_a_clear_refusal(desk: Database) -> None:
    with pytest.raises(Conflict) as e:
        walk(desk)
    assert "没有置业顾问签到" in str(e.value)
    checkin(desk, A, B)
    do(desk, rotation.set_break, A)
    do(desk, rotation.set_break, B, force=True)
    with desk.read() as s:  # everyone away: the next walk-in will wait (tests/test_waiting.py)
        assert labels.why_next(rotation.next_reason(s)) == "现在没有候客的置业顾问（都在接待或暂离）。"


def _own(db: Database, rep: str, phone: str = "13912345678", days: int = 10) -> None:
    with db.begin() as s:
        rep_id = auth.get_user(s, rep).id
        c = customers.get_or_create(s, phone, "老客户", owner_id=rep_id)
        c.owner_until = s.now + timedelta(days=days)


def test_returning_customer_goes_to_the_owner_without_using_a_turn(desk: Database) -> None:
    checkin(desk, A, B, C)
    _own(desk, C)
    a = walk(desk, phone="139 1234 5678")
    assert (a.rep_login, a.how) == (C, "owner")
    do(desk, rotation.finish, C, force=True)
    assert line(desk) == [A, B, C]  # C kept the place
    assert walk(desk).rep_login == A


def test_absent_owner_is_covered_and_the_cover_keeps_the_place(desk: Database) -> None:
    checkin(desk, A, B, C)
    _own(desk, C)
    do(desk, rotation.set_break, C, "showing")
    a = walk(desk, phone="13912345678")
    assert (a.rep_login, a.how, a.owner_name) == (A, "cover", "王芳")
    assert "代 王芳 接待" in labels.assignment(a)
    do(desk, rotation.finish, A, force=True)
    assert line(desk) == [A, B, C]
    with desk.read() as s:
        figs = {f.name: f for f in rotation.figures(s)}
    assert figs["李娜"].covering == 1 and figs["李娜"].first_visits == 0


def test_lapsed_ownership_is_an_ordinary_turn(desk: Database) -> None:
    checkin(desk, A, B, C)
    _own(desk, C, days=-1)
    assert walk(desk, phone="13912345678").how == "turn"


def test_invalid_reception_gives_the_turn_back_at_the_front(desk: Database) -> None:
    checkin(desk, A, B, C)
    walk(desk)
    do(desk, rotation.finish, A, invalid=True)
    assert line(desk)[0] == A
    assert walk(desk).rep_login == A
    with desk.read() as s:
        figs = {f.name: f for f in rotation.figures(s)}
    assert figs["李娜"].invalid == 1


def test_undo_within_two_minutes_restores_the_order(desk: Database) -> None:
    checkin(desk, A, B, C)
    do(desk, rotation.set_break, A)
    before = (line(desk), status(desk))
    walk(desk)
    do(desk, rotation.undo)
    assert (line(desk), status(desk)) == before
    with desk.read() as s:
        assert rotation.state_of(s).forfeits == {}
    walk(desk)
    desk.clock_offset = timedelta(minutes=2, seconds=5)
    with pytest.raises(Conflict) as e:
        do(desk, rotation.undo)
    assert "2 分钟" in str(e.value)


def test_override_needs_the_manager_and_a_reason(desk: Database) -> None:
    checkin(desk, A, B, C)
    with pytest.raises(PermissionDenied):
        walk(desk, assign_to=C, reason="VIP")
    with pytest.raises(InvalidInput) as e:
        do(desk, rotation.walkin, assign_to=C, reason="  ", who="manager")
    assert e.value.field == "reason"
    a = do(desk, rotation.walkin, assign_to=C, reason="讲粤语的客户", who="manager")
    assert (a.rep_login, a.how) == (C, "override")
    do(desk, rotation.finish, C, force=True)
    assert line(desk) == [A, B, C]


def test_the_hall_is_never_left_empty_without_a_warning(desk: Database) -> None:
    checkin(desk, A, B)
    do(desk, rotation.set_break, A)
    with pytest.raises(NeedsConfirmation) as e:
        do(desk, rotation.set_break, B, "lunch")
    assert "最后一位" in str(e.value)
    with pytest.raises(NeedsConfirmation):
        do(desk, rotation.leave, B)
    do(desk, rotation.set_break, B, "lunch", force=True)
    assert status(desk)[B] == "break"


def test_a_rep_cannot_leave_while_receiving(desk: Database) -> None:
    checkin(desk, A, B)
    walk(desk)
    with pytest.raises(Conflict) as e:
        do(desk, rotation.leave, A)
    assert "先结束接待" in str(e.value)
    do(desk, rotation.finish, A, force=True)
    do(desk, rotation.leave, A)
    assert line(desk) == [B]


def test_a_rep_changes_only_their_own_status(desk: Database) -> None:
    do(desk, rotation.checkin, A, who=A)
    checkin(desk, B)
    with pytest.raises(PermissionDenied):
        do(desk, rotation.set_break, B, who=A)
    with pytest.raises(PermissionDenied):
        do(desk, rotation.walkin, who=A)  # only the desk hands out walk-ins


def test_group_is_one_reception_and_the_same_party_back_is_the_same(desk: Database) -> None:
    checkin(desk, A, B, C)
    with desk.begin() as s:
        customers.get_or_create(s, "13712345678", "一家三口")
    a = walk(desk, phone="13712345678", party_size=3)
    do(desk, rotation.finish, a.rep_login, force=True)
    again = walk(desk, phone="13712345678")
    assert again.reception_id == a.reception_id and again.how == "reopen"
    assert again.rep_login == A
    with desk.read() as s:
        assert len(rotation.open_receptions(s)) == 1
        assert rotation.open_receptions(s)[0].party_size == 3


def test_carry_mode_checks_in_by_yesterdays_order(desk: Database) -> None:
    desk.clock_offset = timedelta(days=-1)
    checkin(desk, A, B, C)
    walk(desk)
    do(desk, rotation.finish, A, force=True)  # yesterday ended B, C, A
    desk.clock_offset = timedelta(0)
    do(desk, settings.put, "rotation.order_mode", "carry", who="manager")
    checkin(desk, A, D, C, B)
    assert line(desk) == [B, C, A, D]  # D was not there yesterday: at the back


def test_manager_reorders_with_a_reason(desk: Database) -> None:
    checkin(desk, A, B, C)
    with pytest.raises(PermissionDenied):
        do(desk, rotation.reorder, [C, B, A], "x")
    do(desk, rotation.reorder, [C, A], "手动排序", who="manager")
    assert line(desk) == [C, A, B]


def test_snapshot_equals_the_replayed_log_and_why_is_answered(desk: Database) -> None:
    checkin(desk, A, B, C)
    do(desk, rotation.set_break, A)
    walk(desk)
    do(desk, rotation.finish, B, invalid=True)
    walk(desk)
    do(desk, rotation.undo)
    with desk.read() as s:
        snap = rotation.state_of(s)
        day = rotation.today(s)
        again = replay(daylog.events(s, day))
        why = labels.why_next(rotation.next_reason(s))
        steps = rotation.replay_day(s, day)
    assert snap.to_json() == again.to_json()
    assert why.startswith("下一位是 张伟") and "无效接待后补回队首" in why
    assert [st.kind for st in steps] == ["checkin"] * 3 + ["break", "assign", "finish", "assign",
                                                            "undo"]
    assert steps[-2].undone and steps[-1].order == ["张伟", "王芳", "李娜☕"]


def test_ending_a_reception_whose_form_is_still_to_fill_asks_first(desk: Database) -> None:
    checkin(desk, A, B)
    walk(desk)
    with pytest.raises(NeedsConfirmation) as e:
        do(desk, rotation.finish, A)
    assert str(e.value) == "李娜 接待的客人还没有填写客户登记表（待填写）。仍要结束接待吗？"
    assert status(desk)[A] == "receiving"
    do(desk, rotation.finish, A, invalid=True)  # not a customer: no form to fill
    with desk.begin() as s:
        customers.get_or_create(s, "13712345678", "登记过的客户")
    walk(desk, phone="13712345678")
    with pytest.raises(NeedsConfirmation):  # known at the door, but today's form is not filled
        do(desk, rotation.finish, A)
    do(desk, rotation.finish, A, force=True)  # confirmed
    assert walk(desk).rep_login == B
    do(desk, rotation.finish, B, force=True)
    assert status(desk) == {A: "waiting", B: "waiting"}
