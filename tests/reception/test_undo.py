"""Undo takes back this desk's own last undoable action, within the window, and
says what it takes back (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from desk.core import labels
from desk.core.db import Database
from desk.core.errors import Conflict, NotFound
from desk.models import Reception, WaitingVisitor
from desk.reception import rotation, undo, waiting
from tests.conftest import actor
from tests.reception.test_rotation import A, B, C, checkin, line, status
from tests.reception.test_waiting import consistent, listed

PC1, PC2 = "desk-pc-1", "desk-pc-2"


def at(db: Database, origin: str | None, fn: Callable[..., Any], *args: Any,
       who: str = "frontdesk", **kw: Any) -> Any:
    """One action of the desk in window `origin` (a PC)."""
    with db.begin(origin) as s:
        return fn(s, actor(db, who), *args, **kw)


def what(db: Database, origin: str | None, who: str = "frontdesk") -> str | None:
    """What the desk's undo button offers."""
    with db.read() as s:
        u = undo.last_undoable(s, actor(db, who), origin)
    return None if u is None else labels.undo_what(u)


def opened(db: Database) -> list[tuple[int, str]]:
    with db.read() as s:
        return [(o.id, o.rep_name) for o in rotation.open_receptions(s)]


def test_undo_after_finishing_reopens_that_reception_not_an_earlier_assignment(
        desk: Database) -> None:
    checkin(desk, A, B, C)
    first = at(desk, PC1, rotation.walkin)
    second = at(desk, PC1, rotation.walkin)
    at(desk, PC1, rotation.finish, A, force=True)
    assert what(desk, PC1) == "结束 李娜 的接待"
    u = at(desk, PC1, rotation.undo)
    assert labels.undone(u) == "已撤销：结束 李娜 的接待"
    assert opened(desk) == [(first.reception_id, "李娜"), (second.reception_id, "张伟")]
    assert status(desk) == {A: "receiving", B: "receiving", C: "waiting"}
    assert line(desk) == [A, B, C]
    with desk.read() as s:
        r = s.get(Reception, first.reception_id)
        assert r is not None and (r.state, r.ended_at) == ("open", None)
    # Then the one before it: the desk's walk-in that went to 张伟.
    assert what(desk, PC1) == "分配 张伟 接待"
    at(desk, PC1, rotation.undo)
    assert opened(desk) == [(first.reception_id, "李娜")]
    consistent(desk)


def test_undo_is_this_desks_own_last_action(desk: Database) -> None:
    checkin(desk, A, B)
    mine = at(desk, PC1, rotation.walkin)
    at(desk, PC2, rotation.walkin)  # the other front desk, a moment later
    assert what(desk, PC1) == "分配 李娜 接待" and what(desk, PC2) == "分配 张伟 接待"
    at(desk, PC1, rotation.undo)
    assert [rep for _, rep in opened(desk)] == ["张伟"]
    assert mine.reception_id not in [i for i, _ in opened(desk)]
    assert what(desk, PC1) is None
    with pytest.raises(NotFound) as e:
        at(desk, PC1, rotation.undo)
    assert str(e.value) == "没有可以撤销的操作。"


def test_undo_refuses_when_the_window_passed_or_something_followed(desk: Database) -> None:
    checkin(desk, A, B)
    at(desk, PC1, rotation.walkin)
    at(desk, PC2, rotation.finish, A, force=True)  # the reception ended at the other PC
    assert what(desk, PC1) is None
    with pytest.raises(Conflict) as e:
        at(desk, PC1, rotation.undo)
    assert "结束接待 李娜" in str(e.value) and "不能再撤销" in str(e.value)
    at(desk, PC1, rotation.walkin)
    desk.clock_offset = timedelta(minutes=2, seconds=5)
    assert what(desk, PC1) is None
    with pytest.raises(Conflict) as e:
        at(desk, PC1, rotation.undo)
    assert str(e.value).startswith("超过 2 分钟，不能撤销")


def test_undoing_a_finish_puts_the_visitor_it_handed_out_back_in_place(desk: Database) -> None:
    checkin(desk, A, B)
    at(desk, PC1, rotation.walkin)
    at(desk, PC1, rotation.walkin)
    at(desk, PC1, rotation.walkin, note="一号")
    at(desk, PC1, rotation.walkin, note="二号")
    at(desk, PC1, rotation.finish, A, force=True)  # 一号 goes to A
    assert [note for *_, note in listed(desk)] == ["二号"]
    assert what(desk, PC1) == "结束 李娜 的接待及 李娜 接待等候号 1"
    at(desk, PC1, rotation.undo)
    assert [note for *_, note in listed(desk)] == ["一号", "二号"]  # in order of arrival
    assert status(desk) == {A: "receiving", B: "receiving"} and len(opened(desk)) == 2
    with desk.read() as s:
        v = s.execute(select(WaitingVisitor).where(WaitingVisitor.number == 1)).scalar_one()
        assert (v.state, v.reception_id) == ("waiting", None)
    consistent(desk)


def test_undoing_a_back_that_took_a_visitor_takes_both_back(desk: Database) -> None:
    checkin(desk, A, B)
    at(desk, PC1, rotation.walkin)
    at(desk, PC1, rotation.set_break, B, force=True)
    at(desk, PC1, rotation.walkin)  # waits
    at(desk, PC1, rotation.back, B)  # a wrong click: B is still at lunch
    assert status(desk)[B] == "receiving" and listed(desk) == []
    assert what(desk, PC1) == "张伟 回到大厅及 张伟 接待等候号 1"
    at(desk, PC1, rotation.undo)
    assert status(desk) == {A: "receiving", B: "break"} and len(listed(desk)) == 1
    consistent(desk)


def test_a_walkin_put_on_the_list_and_a_visitor_marked_left_are_undone(desk: Database
                                                                       ) -> None:
    checkin(desk, A)
    at(desk, PC1, rotation.walkin)
    at(desk, PC1, rotation.walkin)
    at(desk, PC1, rotation.walkin)
    at(desk, PC1, waiting.left, 1)
    assert what(desk, PC1) == "等候号 1 离开"
    at(desk, PC1, rotation.undo)
    assert [n for n, *_ in listed(desk)] == [1, 2]
    assert what(desk, PC1) == "等候号 2 排队"
    at(desk, PC1, rotation.undo)
    assert [n for n, *_ in listed(desk)] == [1]
    with desk.read() as s:
        states = dict(s.execute(select(WaitingVisitor.number, WaitingVisitor.state)).all())
    assert states == {1: "waiting", 2: "undone"}
    consistent(desk)


def test_undoing_an_assignment_while_visitors_wait_hands_the_rep_to_the_oldest(
        desk: Database) -> None:
    checkin(desk, A)
    wrong = at(desk, PC1, rotation.walkin)
    at(desk, PC2, rotation.walkin, note="真正的客人")  # waits at the other desk
    at(desk, PC1, rotation.undo)  # the first was a wrong click: A is free again
    assert listed(desk) == [] and status(desk) == {A: "receiving"}
    (rid, rep), = opened(desk)
    assert rep == "李娜" and rid != wrong.reception_id
    consistent(desk)
