"""The manager's monthly targets: set, cleared, listed, refused by field, and
added up over a period for the reports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from desk.admin import auth, projects
from desk.core.changes import ChangeKind
from desk.core.db import Database
from desk.core.errors import FieldErrors, InvalidInput, NotFound, PermissionDenied
from desk.demo import showroom as demo
from desk.models import SalesTarget
from desk.reporting import targets
from desk.reporting.periods import Period
from desk.reporting.targets import Target, TargetRow
from tests.conftest import actor


@pytest.fixture
def staff(any_db: Database) -> Database:
    """The demo's staff and project, on SQLite and on PostgreSQL."""
    with any_db.begin() as s:
        for login, name, role in demo.DEMO_USERS:
            auth.create_user(s, None, login, name, role, demo.DEMO_PASSWORD)
        projects.create_project(s, None, demo.DEMO_PROJECT, "翠湖置业", "深房许字（2026）1号")
    return any_db


def rep_id(db: Database, login: str) -> int:
    found = actor(db, login).id
    assert found is not None
    return found


def test_set_clear_and_list_a_months_targets(staff: Database) -> None:
    manager, lina = actor(staff, "manager"), rep_id(staff, "lina")
    with staff.begin() as s:
        team = targets.set_target(s, manager, date(2026, 5, 17), None, "3,000,000", "5", None)
        assert (team.month, team.set_by) == (date(2026, 5, 1), manager.id)
        targets.set_target(s, manager, date(2026, 5, 1), lina, Decimal("1000000.50"), 2,
                           "400000")
        assert s.changed == {ChangeKind.TARGETS: ["2026-05"]}
    with staff.begin() as s:  # the same month again: the row changes, a None clears
        targets.set_target(s, manager, date(2026, 5, 31), lina, "1200000", None, "400000")
        targets.set_target(s, manager, date(2026, 5, 2), None, "3,000,000", "6", "")
    with staff.read() as s:
        assert s.execute(select(func.count()).select_from(SalesTarget)).scalar_one() == 2
        rows = targets.list_targets(s, manager, date(2026, 5, 9))
        june = targets.list_targets(s, manager, date(2026, 6, 1))
    assert rows[0] == TargetRow(None, "", "", Decimal("3000000.00"), 6, None)
    assert [(r.login, r.name) for r in rows[1:]] == [
        ("liuyang", "刘洋"), ("zhangwei", "张伟"), ("lina", "李娜"), ("yangfan", "杨帆"),
        ("wangfang", "王芳"), ("chenjing", "陈静")]
    assert next(r for r in rows if r.login == "lina") == TargetRow(
        lina, "lina", "李娜", Decimal("1200000.00"), None, Decimal("400000.00"))
    assert next(r for r in rows if r.login == "zhangwei").signed_amount is None
    assert len(june) == 7 and all(
        (r.signed_amount, r.units, r.collection) == (None, None, None) for r in june)
    assert rows[0].as_json(date(2026, 5, 1)) == {
        "month": "2026-05", "rep": None, "name": "", "signed_amount": "3000000.00", "units": 6,
        "collection": None}


def test_every_wrong_figure_is_refused_by_its_field(staff: Database) -> None:
    manager = actor(staff, "manager")
    with staff.begin() as s:
        with pytest.raises(FieldErrors) as wrong:
            targets.set_target(s, manager, date(2026, 5, 1), None, "abc", "2.5", "-1")
        assert {k: (e.zh, e.en) for k, e in wrong.value.errors.items()} == {
            "signed_amount": ("签约目标金额必须是数字。", "The signed amount target must be a number."),
            "units": ("签约套数目标必须是整数。", "The units target must be a whole number."),
            "collection": ("回款目标金额必须是不小于零的数。",
                           "The collection target must be a number not below zero."),
        }
        cases: list[tuple[dict[str, object], str, str]] = [
            ({"signed_amount": "1.234"}, "signed_amount", "签约目标金额最多两位小数（分）。"),
            ({"signed_amount": "1e30"}, "signed_amount", "签约目标金额超过上限 10,000,000,000。"),
            ({"collection": "nan"}, "collection", "回款目标金额必须是不小于零的数。"),
            ({"units": "100001"}, "units", "签约套数目标须在 0 到 100000 之间。"),
            ({"units": "-3"}, "units", "签约套数目标须在 0 到 100000 之间。"),
        ]
        for given, field, zh in cases:
            figures: dict[str, object] = {"signed_amount": None, "units": None,
                                          "collection": None, **given}
            with pytest.raises(InvalidInput) as e:
                targets.set_target(s, manager, date(2026, 5, 1), None, figures["signed_amount"],
                                   figures["units"], figures["collection"])
            assert (e.value.field, e.value.zh) == (field, zh)
        with pytest.raises(InvalidInput) as e:
            targets.set_target(s, manager, date(2101, 1, 1), None, "1", None, None)
        assert e.value.field == "month"
        with pytest.raises(InvalidInput) as e:  # the manager is no sales rep
            targets.set_target(s, manager, date(2026, 5, 1), manager.id, "1", None, None)
        assert (e.value.field, e.value.en) == (
            "rep", "赵建国 is not an active sales rep; no target can be set.")
        with pytest.raises(NotFound) as missing:
            targets.set_target(s, manager, date(2026, 5, 1), 99999, "1", None, None)
        assert missing.value.field == "rep"
    yangfan = rep_id(staff, "yangfan")
    with staff.begin() as s:
        auth.set_active(s, actor(staff, "admin"), "yangfan", False)
    with staff.begin() as s:
        with pytest.raises(InvalidInput) as e:
            targets.set_target(s, manager, date(2026, 5, 1), yangfan, "1", None, None)
        assert e.value.field == "rep"
        assert [r.login for r in targets.list_targets(s, manager, date(2026, 5, 1))].count(
            "yangfan") == 0
    with staff.read() as s:
        assert s.execute(select(func.count()).select_from(SalesTarget)).scalar_one() == 0


def test_who_may_set_and_read_targets(staff: Database) -> None:
    manager, lina = actor(staff, "manager"), actor(staff, "lina")
    with staff.begin() as s:
        targets.set_target(s, manager, date(2026, 5, 1), lina.id, "500000", 1, None)
        for who in (lina, actor(staff, "assistant"), actor(staff, "admin")):
            with pytest.raises(PermissionDenied):
                targets.set_target(s, who, date(2026, 5, 1), None, "1", None, None)
        own = targets.list_targets(s, lina, date(2026, 5, 1))
        assert own == [TargetRow(lina.id, "lina", "李娜", Decimal("500000.00"), 1, None)]
        with pytest.raises(PermissionDenied):
            targets.list_targets(s, actor(staff, "assistant"), date(2026, 5, 1))
        assert len(targets.list_targets(s, actor(staff, "admin"), date(2026, 5, 1))) == 7


def test_targets_of_a_period_count_each_month_by_the_days_it_covers(staff: Database) -> None:
    """May 20 to June 10 covers 12 of May's 31 days and 10 of June's 30; a whole
    month gets its targets exactly, in whole units."""
    manager, lina, wei = actor(staff, "manager"), rep_id(staff, "lina"), rep_id(staff, "zhangwei")
    with staff.begin() as s:
        targets.set_target(s, manager, date(2026, 5, 1), None, "3000000", "5", "2000000")
        targets.set_target(s, manager, date(2026, 6, 1), None, "2500000.25", "4", None)
        targets.set_target(s, manager, date(2026, 7, 1), None, "9", "9", "9")
        targets.set_target(s, manager, date(2026, 5, 1), lina, None, "2", None)
        targets.set_target(s, manager, date(2026, 6, 1), wei, None, None, None)
    with staff.read() as s:
        both = targets.targets_for(s, Period(date(2026, 5, 20), date(2026, 6, 10)))
        may = targets.targets_for(s, Period(date(2026, 5, 1), date(2026, 5, 31)))
        april = targets.targets_for(s, Period(date(2026, 4, 1), date(2026, 4, 30)))
        may_june = targets.targets_for(s, Period(date(2026, 5, 1), date(2026, 6, 30)))
        week = targets.targets_for(s, Period(date(2026, 6, 1), date(2026, 6, 7)))
        across = targets.targets_for(s, Period(date(2026, 6, 29), date(2026, 7, 5)))
    # 3,000,000 × 12/31 + 2,500,000.25 × 10/30 = 1,994,623.739…; 5 × 12/31 + 4 × 10/30
    # = 3.27 units; 2,000,000 × 12/31 = 774,193.548…; lina's 2 × 12/31 = 0.77.
    assert both == {None: Target(Decimal("1994623.74"), Decimal("3.3"), Decimal("774193.55")),
                    lina: Target(None, Decimal("0.8"), None), wei: Target(None, None, None)}
    assert may_june == {None: Target(Decimal("5500000.25"), 9, Decimal("2000000.00")),
                        lina: Target(None, 2, None), wei: Target(None, None, None)}
    # A week inside June: 7/30 of June's targets (2,500,000.25 × 7/30 = 583,333.391…).
    assert week == {None: Target(Decimal("583333.39"), Decimal("0.9"), None),
                    wei: Target(None, None, None)}
    # June 29 to July 5: 2/30 of June's and 5/31 of July's (9 × 5/31 = 1.4516…).
    assert across == {None: Target(Decimal("166668.13"), Decimal("1.7"), Decimal("1.45")),
                      wei: Target(None, None, None)}
    assert may == {None: Target(Decimal("3000000.00"), 5, Decimal("2000000.00")),
                   lina: Target(None, 2, None)}
    assert april == {}
