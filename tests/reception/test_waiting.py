"""The waiting list: a walk-in while every rep is busy waits in order of arrival,
is told how long, and goes to the next rep who becomes free (SQLite and
PostgreSQL; the race of two finishes at once runs on both)."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from desk.admin import auth, settings
from desk.core import labels
from desk.core.db import Database
from desk.core.errors import Conflict, NeedsConfirmation, NotFound
from desk.customers import customers
from desk.models import Reception, RotationEvent, WaitingVisitor
from desk.reception import daylog, rotation, waiting
from desk.reception.state import replay
from tests.conftest import actor
from tests.reception.test_rotation import A, B, C, checkin, do, line, status, walk

ROUNDS = 6


def end(db: Database, login: str) -> None:
    do(db, rotation.finish, login, force=True)


def waits(db: Database, **kw) -> rotation.Waiting:  # type: ignore[no-untyped-def]
    w = walk(db, **kw)
    assert isinstance(w, rotation.Waiting)
    return w


def listed(db: Database) -> list[tuple[int, int, int, int | None, str]]:
    with db.read() as s:
        return [(w.number, w.party_size, w.waited, w.estimate, w.note)
                for w in waiting.waiting_list(s)]


def log(db: Database) -> list[tuple[int, str, str | None, dict]]:
    with db.read() as s:
        rows = s.execute(select(RotationEvent).order_by(RotationEvent.id)).scalars().all()
        names = {u.id: u.login for u in (auth.get_user(s, x) for x in (A, B, C))}
        return [(r.id, r.kind, names.get(r.rep_id) if r.rep_id else None, json.loads(r.data))
                for r in rows]


def consistent(db: Database) -> None:
    with db.read() as s:
        assert rotation.state_of(s).to_json() == \
            replay(daylog.events(s, rotation.today(s))).to_json()


def test_every_rep_busy_the_walkin_waits_and_the_next_free_rep_takes_the_oldest(
        desk: Database) -> None:
    checkin(desk, A, B)
    assert walk(desk).rep_login == A
    assert walk(desk).rep_login == B
    first = waits(desk, party_size=3, note="穿红外套")
    second = waits(desk)
    assert (first.number, first.position, first.estimate) == (1, 1, 30)  # the default length
    assert (second.number, second.position, second.estimate) == (2, 2, 30)  # two reps busy
    assert labels.waiting_told(second) == "请客人稍候：等候号 2，前面还有 1 位，约 30 分钟。"
    assert listed(desk) == [(1, 3, 0, 30, "穿红外套"), (2, 1, 0, 30, "")]

    end(desk, B)  # B is free: the oldest waiting visitor goes to B in the same transaction
    assert status(desk) == {A: "receiving", B: "receiving"}
    assert listed(desk) == [(2, 1, 0, 1, "")]  # today's average now: under a minute
    (finished, *f), (_, *handed) = log(desk)[-2:]
    assert (f[0], f[1], handed[0], handed[1]) == ("finish", B, "assign", B)
    assert (handed[2]["how"], handed[2]["number"], handed[2]["after"]) == ("turn", 1, finished)
    with desk.read() as s:
        opened = rotation.open_receptions(s)
        assert [(o.rep_name, o.party_size) for o in opened] == [("李娜", 1), ("张伟", 3)]
        v = s.execute(select(WaitingVisitor).where(WaitingVisitor.number == 1)).scalar_one()
        assert (v.state, v.reception_id) == ("assigned", opened[1].id)
    end(desk, A)
    assert listed(desk) == [] and status(desk) == {A: "receiving", B: "receiving"}
    assert line(desk) == [B, A]  # each took their turn: to the back when it ends
    consistent(desk)


def test_the_estimate_comes_from_todays_average_reception(desk: Database) -> None:
    with desk.begin() as s:
        settings.put(s, actor(desk, "manager"), "rotation.reception_minutes", 45)
    checkin(desk, A, B)
    walk(desk)
    walk(desk)
    assert waits(desk).estimate == 45  # no reception has ended today: the setting
    do(desk, waiting.left, 1)
    desk.clock_offset = timedelta(minutes=20)
    end(desk, A)  # 20 minutes: today's average
    walk(desk)  # A again
    desk.clock_offset = timedelta(minutes=30)
    # B has received for 30 minutes (over the average), A for 10 of 20.
    assert waits(desk).estimate == 1
    assert waits(desk).estimate == 10
    desk.clock_offset = timedelta(minutes=34)
    assert listed(desk) == [(2, 1, 4, 1, ""), (3, 1, 4, 6, "")]


def test_a_visitor_who_left_is_recorded_and_never_handed_out(desk: Database) -> None:
    checkin(desk, A)
    walk(desk)
    waits(desk)
    waits(desk)
    do(desk, waiting.left, 1)
    assert [n for n, *_ in listed(desk)] == [2]
    with pytest.raises(Conflict) as e:
        do(desk, waiting.left, 1)
    assert str(e.value) == "等候号 1 的客人已经不在等候名单上。"
    with pytest.raises(NotFound):
        do(desk, waiting.left, 9)
    end(desk, A)
    assert log(desk)[-1][3]["number"] == 2
    with desk.read() as s:
        states = dict(s.execute(select(WaitingVisitor.number, WaitingVisitor.state)).all())
        steps = rotation.replay_day(s, rotation.today(s))
    assert states == {1: "left", 2: "assigned"}
    assert [labels.replay_detail(st.kind, st.data) for st in steps if st.kind == "left"] == \
        ["等候号 1，等了 0 分钟"]
    consistent(desk)


def test_a_returning_customer_waits_and_goes_to_the_owner_when_free(desk: Database) -> None:
    checkin(desk, A, C)
    with desk.begin() as s:
        c = customers.get_or_create(s, "13912345678", "老客户", owner_id=auth.get_user(s, C).id)
        c.owner_until = s.now + timedelta(days=5)
    walk(desk)
    walk(desk)
    w = waits(desk, phone="13912345678")
    assert w.customer_name == "老客户"
    with desk.read() as s:
        assert [x.customer for x in waiting.waiting_list(s)] == ["老客户"]
    end(desk, C)
    _, kind, rep, data = log(desk)[-1]
    assert (kind, rep, data["how"]) == ("assign", C, "owner")
    assert line(desk) == [A, C]  # the owner's own customer uses no turn


def test_back_from_a_break_and_a_checkin_take_the_waiting(desk: Database) -> None:
    checkin(desk, A, B)
    walk(desk)
    do(desk, rotation.set_break, B, force=True)
    waits(desk)
    waits(desk)
    do(desk, rotation.back, B)
    assert status(desk)[B] == "receiving" and [n for n, *_ in listed(desk)] == [2]
    checkin(desk, C)
    assert status(desk)[C] == "receiving" and listed(desk) == []
    consistent(desk)


def test_the_day_ends_with_its_list(desk: Database) -> None:
    checkin(desk, A)
    do(desk, rotation.set_break, A, force=True)
    waits(desk)
    with pytest.raises(NeedsConfirmation) as e:
        do(desk, rotation.leave, A)  # the last rep going home leaves nobody for them
    assert str(e.value) == "还有 1 位客人在等候，离开后将没有置业顾问接待他们。确定吗？"
    do(desk, rotation.leave, A, force=True)
    with pytest.raises(Conflict) as c:
        walk(desk)
    assert "没有置业顾问签到" in str(c.value)
    desk.clock_offset = timedelta(days=1)  # the next morning: yesterday's list is gone
    assert listed(desk) == []
    checkin(desk, A)
    assert status(desk) == {A: "waiting"}
    assert walk(desk).rep_login == A


def test_two_finishes_at_once_hand_one_waiting_visitor_out_once(desk: Database) -> None:
    """Two desks end two receptions at the same moment while one visitor waits:
    one of the two reps gets the visitor, the other waits (PostgreSQL: row lock
    and the compare-and-set on the visitor's row)."""
    any_db = desk
    me = actor(any_db, "frontdesk")
    checkin(any_db, A, B)
    for _ in range(ROUNDS):
        for login in (A, B):
            if status(any_db)[login] == "waiting":
                walk(any_db)
        waits(any_db)
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def finish(login: str, barrier: threading.Barrier = barrier,
                   errors: list[BaseException] = errors) -> None:
            try:
                barrier.wait()
                with any_db.begin(origin=login) as s:
                    rotation.finish(s, me, login, force=True)
            except BaseException as e:  # reported below
                errors.append(e)

        threads = [threading.Thread(target=finish, args=(login,)) for login in (A, B)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert errors == []
        assert sorted(status(any_db).values()) == ["receiving", "waiting"]
        assert listed(any_db) == []
    with any_db.read() as s:
        visitors = s.execute(select(WaitingVisitor)).scalars().all()
        handed = [json.loads(r.data)["visitor"] for r in s.execute(
            select(RotationEvent).where(RotationEvent.kind == "assign")).scalars()
            if "visitor" in json.loads(r.data)]
        receptions = s.execute(select(Reception.id)).scalars().all()
    assert len(visitors) == ROUNDS and sorted(handed) == sorted(v.id for v in visitors)
    assert all(v.state == "assigned" for v in visitors)
    assert len({v.reception_id for v in visitors}) == ROUNDS
    assert len(receptions) == len(set(receptions))
    consistent(any_db)


def test_the_same_party_waiting_again_goes_back_to_their_reception(desk: Database) -> None:
    checkin(desk, A)
    with desk.begin() as s:
        customers.get_or_create(s, "13712345678", "一家三口")
    first = walk(desk, phone="13712345678")
    assert isinstance(first, rotation.Assignment)
    do(desk, rotation.finish, A, force=True)
    for _ in range(2):  # they come back twice while 李娜 is busy with someone else
        walk(desk)
        waits(desk, phone="13712345678")
        end(desk, A)
        _, kind, rep, data = log(desk)[-1]
        assert (kind, rep, data["how"], data["reception"]) == ("assign", A, "reopen",
                                                               first.reception_id)
        do(desk, rotation.finish, A, force=True)
    with desk.read() as s:
        linked = s.execute(select(WaitingVisitor.reception_id)).scalars().all()
    assert linked == [first.reception_id] * 2
    consistent(desk)
