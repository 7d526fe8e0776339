"""The reps' assessment (业绩考核) over a small hand-built May: every column of
two reps' rows, the team against its targets, the score, a rep's own row only,
and who may read it. Times are UTC; the showroom is in Asia/Shanghai (UTC+8)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event

from desk.admin import auth, projects, settings
from desk.core.db import Database
from desk.core.errors import InvalidInput, PermissionDenied
from desk.core.uow import UnitOfWork
from desk.demo import showroom as demo
from desk.models import (
    Building,
    Claim,
    Complaint,
    Customer,
    FollowUp,
    Payment,
    PaymentPlan,
    Reception,
    RotationDay,
    Unit,
    Visit,
)
from desk.reception.state import DayState
from desk.reporting import assessment, diary, targets
from desk.reporting.assessment import Achievement, score
from desk.reporting.model import as_json
from desk.reporting.periods import Period, month, week
from tests.conftest import actor

MAY = month(date(2026, 5, 1))
WEIGHTS = settings.DEFAULTS["assessment.weights"]


def test_the_worked_example_of_the_score() -> None:
    """The example of the module's docstring, ratio by ratio."""
    a = Achievement(signed=Decimal("0.8"), collected=Decimal("1.25"), conversion=Decimal("0.25"),
                    followups=Decimal("0.75"), satisfaction=Decimal("0.5"))
    assert score(WEIGHTS, a, complaints=1) == Decimal("65.3")  # 70.25 − 5
    assert score(WEIGHTS, a, complaints=0) == Decimal("70.3")
    assert score(WEIGHTS, a, complaints=20) == Decimal("0.0")  # never below zero
    # Ratios that do not apply leave the weights: 100 × (20×1 + 10×0.5) ÷ 30
    assert score(WEIGHTS, Achievement(conversion=Decimal(3), satisfaction=Decimal("0.5")),
                 0) == Decimal("83.3")
    assert score(WEIGHTS, Achievement(), 2) is None
    # Selling always counts once a rep is scored: one follow-up on time and no
    # sale is 100 × 15 ÷ 35, below one sale to each first visitor with the
    # follow-up overdue, 100 × 20 ÷ 35.
    assert score(WEIGHTS, Achievement(followups=Decimal(1)), 0) == Decimal("42.9")
    assert score(WEIGHTS, Achievement(conversion=Decimal(1), followups=Decimal(0)),
                 0) == Decimal("57.1")
    assert score(WEIGHTS, Achievement(followups=Decimal(0)), 0) == Decimal("0.0")
    assert score({**WEIGHTS, "conversion": 0}, Achievement(followups=Decimal(1)),
                 0) == Decimal("100.0")


@pytest.fixture
def staff(any_db: Database) -> Database:
    with any_db.begin() as s:
        for login, name, role in demo.DEMO_USERS:
            auth.create_user(s, None, login, name, role, demo.DEMO_PASSWORD)
        projects.create_project(s, None, demo.DEMO_PROJECT, "翠湖置业", "深房许字（2026）1号")
    return any_db


def utc(day: int, hour: int = 2, minute: int = 0, month_no: int = 5) -> datetime:
    return datetime(2026, month_no, day, hour, minute)


class May:
    """The rows of the month, added one by one."""

    def __init__(self, uow: UnitOfWork, ids: dict[str, int], building: str = "1栋") -> None:
        self.s, self.ids = uow, ids
        self.project = projects.find_project(uow, None).id
        self.building = Building(project_id=self.project, name=building)
        uow.add(self.building)
        uow.flush()
        self.units = 0
        self.customer = Customer(name="客户" + building, phone=f"1380000000{building[0]}",
                                 created_at=utc(1))
        uow.add(self.customer)
        uow.flush()

    def reception(self, rep: str, how: str, arrived: datetime, minutes: int | None, *,
                  invalid: bool = False, state: str = "closed", day: date | None = None) -> None:
        ended = None if minutes is None else arrived + timedelta(minutes=minutes)
        self.s.add(Reception(day=day or arrived.date(), rep_id=self.ids[rep], how=how,
                             arrived_at=arrived, ended_at=ended, state=state, invalid=invalid))

    def claim(self, rep: str | None, kind: str, at: datetime, price: str = "0",
              note: str = "") -> Claim:
        self.units += 1
        unit = Unit(project_id=self.project, building_id=self.building.id,
                    code=f"{self.building.name[0]}-{self.units}", floor=1, room=str(self.units),
                    gross_area=Decimal(90))
        self.s.add(unit)
        self.s.flush()
        c = Claim(project_id=self.project, unit_id=unit.id, kind=kind, customer_id=self.customer.id,
                  rep_id=None if rep is None else self.ids[rep], created_at=at, started_at=at,
                  price=Decimal(price), note=note)
        self.s.add(c)
        self.s.flush()
        return c

    def deal(self, claim: Claim) -> int:
        self.s.add(PaymentPlan(deal_id=claim.id, project_id=self.project, claim_id=claim.id,
                               began_on=claim.created_at.date()))
        self.s.flush()
        return claim.id

    def payment(self, deal: int, amount: str, on: date, *, kind: str = "payment",
                voided: bool = False) -> None:
        self.s.add(Payment(project_id=self.project, deal_id=deal, claim_id=deal, kind=kind,
                           amount=Decimal(amount), received_on=on, means="transfer",
                           at=utc(on.day, month_no=on.month),
                           voided_at=utc(28) if voided else None))

    def follow_up(self, rep: str, due: date, done: datetime | None) -> None:
        self.s.add(FollowUp(customer_id=self.customer.id, rep_id=self.ids[rep], due=due,
                            channel="phone", done_at=done, created_at=utc(1)))

    def complaint(self, rep: str, kind: str, received: datetime,
                  resolved: datetime | None = None, satisfaction: int | None = None) -> None:
        self.s.add(Complaint(kind=kind, received_at=received, channel="visit",
                             rep_concerned_id=self.ids[rep], description="x",
                             due_at=received + timedelta(days=1), resolved_at=resolved,
                             satisfaction=satisfaction))

    def visit(self, rep: str, visit_kind: str, at: datetime, rating: int | None = None, *,
              kind: str = "visit") -> None:
        self.s.add(Visit(customer_id=self.customer.id, kind=kind, visit_kind=visit_kind,
                         rep_id=self.ids[rep], at=at, rating=rating))

    def forfeits(self, day: date, by: dict[str, int]) -> None:
        state = DayState(forfeits={self.ids[r]: n for r, n in by.items()})
        self.s.add(RotationDay(day=day, state=state.to_json()))


@pytest.fixture
def may(staff: Database) -> Database:
    """李娜 (lina): the docstring's example; 张伟 (zhangwei): a second rep; the others
    did nothing. Each row outside May, undone, imported, voided or a refund is
    there to be left out."""
    manager = actor(staff, "manager")
    ids = {u: actor(staff, u).id for u in ("lina", "zhangwei")}
    with staff.begin() as s:
        m = May(s, ids)
        # lina: 4 receptions on her turn (30, 45, 15 minutes and one still open), one
        # of her own customers back (20), an invalid one (10): 120 ÷ 5 ended = 24.0
        m.reception("lina", "turn", utc(10, 2), 30)
        m.reception("lina", "turn", utc(10, 4), 45)
        m.reception("lina", "turn", utc(11, 2), 15)
        m.reception("lina", "turn", utc(12, 2), None, state="open")
        m.reception("lina", "owner", utc(13, 2), 20)
        m.reception("lina", "turn", utc(14, 2), 10, invalid=True)
        m.reception("lina", "turn", utc(15, 2), 99, state="undone")
        m.reception("lina", "turn", utc(30, 2, month_no=4), 99, day=date(2026, 4, 30))
        # zhangwei: one on his turn (40) and one covering for an absent owner (20)
        m.reception("zhangwei", "turn", utc(10, 3), 40)
        m.reception("zhangwei", "cover", utc(10, 5), 20)
        m.forfeits(date(2026, 5, 10), {"lina": 2, "zhangwei": 1})
        m.forfeits(date(2026, 5, 11), {"lina": 1})
        m.forfeits(date(2026, 4, 30), {"lina": 5})

        # May 1st 00:00 in the showroom is April 30th 16:00 UTC.
        m.claim("lina", "subscription", datetime(2026, 4, 30, 16, 0), "900000")
        m.claim("lina", "subscription", datetime(2026, 4, 30, 15, 59), "900000")
        m.claim("lina", "subscription", utc(3), "900000", note="imported")
        signed = m.claim("lina", "contract", utc(20), "800000")
        m.claim("zhangwei", "subscription", utc(5), "1000000")
        m.claim("zhangwei", "subscription", utc(6), "1100000")
        m.claim("zhangwei", "contract", utc(7), "1200000")
        m.claim(None, "contract", utc(8), "100000")  # credited to nobody: the team's only
        m.claim("zhangwei", "hold", utc(9), "1")

        deal = m.deal(signed)
        m.payment(deal, "500000", date(2026, 5, 21))
        m.payment(deal, "100000", date(2026, 5, 22), voided=True)
        m.payment(deal, "-50000", date(2026, 5, 23), kind="refund")
        m.payment(deal, "70000", date(2026, 6, 1))

        # Due on May 5th: done by 23:59 showroom time (15:59 UTC) is on time.
        m.follow_up("lina", date(2026, 5, 5), utc(4, 9))
        m.follow_up("lina", date(2026, 5, 5), utc(5, 15, 59))
        m.follow_up("lina", date(2026, 5, 6), utc(6, 1))
        m.follow_up("lina", date(2026, 5, 5), utc(5, 16, 0))  # late by a minute
        m.follow_up("lina", date(2026, 6, 1), None)
        m.follow_up("zhangwei", date(2026, 5, 5), None)

        m.complaint("lina", "complaint", utc(8), utc(9), satisfaction=2)
        m.complaint("lina", "suggestion", utc(8))
        m.complaint("lina", "complaint", utc(30, month_no=4))

        # The visits registered: lina 4 first (the first at May 1st 00:00 in the
        # showroom), 1 return; zhangwei 1 first, and the visitor he covered for
        # registered as a return visit. A call, and visits outside May, are left out.
        m.visit("lina", "first", datetime(2026, 4, 30, 16, 0))
        m.visit("lina", "first", datetime(2026, 4, 30, 15, 59))
        m.visit("lina", "first", utc(10, 3), 5)
        m.visit("lina", "first", utc(10, 4), None)
        m.visit("lina", "first", utc(11, 2))
        m.visit("lina", "return", utc(13, 2))
        m.visit("lina", "first", utc(14, 3), kind="call")
        m.visit("zhangwei", "first", utc(10, 3), 4)
        m.visit("zhangwei", "return", utc(10, 5))
        m.visit("zhangwei", "first", utc(2, month_no=6), 1)

        targets.set_target(s, manager, date(2026, 5, 1), None, "3000000", "5", None)
        targets.set_target(s, manager, date(2026, 5, 1), ids["lina"], "1000000", "2", "400000")
        targets.set_target(s, manager, date(2026, 5, 1), ids["zhangwei"], None, None, "300000")
    return staff


D = Decimal


def lina_row(lina: int) -> dict[str, Any]:
    return {"rep_id": lina, "rep": "李娜", "receptions": 6, "first": 4, "return": 1,
            "covering": 0, "invalid": 1, "forfeited": 3, "avg_minutes": D("24.0"),
            "conversion": D("0.2500"), "followups_on_time": 3, "followups_overdue": 1,
            "complaints": 1, "satisfaction": D("0.5000"), "signed_amount": D("800000.00"),
            "signed_target": D("1000000.00"), "collected": D("500000.00"),
            "collection_target": D("400000.00"), "score": D("65.3")}


def zhangwei_row(wei: int) -> dict[str, Any]:
    # score: no signed target, so signed against May's best rep: his own
    # 1,200,000 (30 × 1); collected 0 of 300,000 (25), conversion 2 capped at 1
    # (20), follow-ups 0 (15), satisfaction 1 (10): 100 × 60 ÷ 100 = 60.0
    return {"rep_id": wei, "rep": "张伟", "receptions": 2, "first": 1, "return": 1,
            "covering": 1, "invalid": 0, "forfeited": 1, "avg_minutes": D("30.0"),
            "conversion": D("2.0000"), "followups_on_time": 0, "followups_overdue": 1,
            "complaints": 0, "satisfaction": D("1.0000"), "signed_amount": D("1200000.00"),
            "signed_target": None, "collected": D("0.00"), "collection_target": D("300000.00"),
            "score": D("60.0")}


def idle_row(rep_id: int, name: str) -> dict[str, Any]:
    return {"rep_id": rep_id, "rep": name, "receptions": 0, "first": 0, "return": 0,
            "covering": 0, "invalid": 0, "forfeited": 0, "avg_minutes": None,
            "conversion": None, "followups_on_time": 0, "followups_overdue": 0, "complaints": 0,
            "satisfaction": None, "signed_amount": D("0.00"), "signed_target": None,
            "collected": D("0.00"), "collection_target": None, "score": D("0.0")}


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_every_column_of_the_reps_and_the_team(may: Database) -> None:
    ids = {u: actor(may, u).id for u in ("lina", "zhangwei", "wangfang", "liuyang", "chenjing",
                                         "yangfan")}
    manager, lina = actor(may, "manager"), actor(may, "lina")
    with may.read() as s, statements(may) as seen:
        report = assessment.build(s, manager, MAY, None)
    with may.read() as s, statements(may) as one:
        assessment.build(s, lina, MAY, None)
    # Grouped by rep: few statements, as many for six reps as for one (whose
    # report also reads the team's money and reps: the yardstick without targets).
    assert len(seen) <= 14 and len(one) <= len(seen) + 3
    assert (report.kind, report.title, report.start, report.end) == (
        "reps", "业绩考核", date(2026, 5, 1), date(2026, 5, 31))
    rows = report.table("reps").records()
    assert rows[0] == lina_row(ids["lina"])
    assert rows[1] == zhangwei_row(ids["zhangwei"])
    # Nothing done while others signed and collected: 0 of the best rep's
    # money (no targets), by name after the others.
    assert rows[2:] == [idle_row(ids[u], n) for u, n in (
        ("liuyang", "刘洋"), ("yangfan", "杨帆"), ("wangfang", "王芳"), ("chenjing", "陈静"))]
    assert [c.key for c in report.table("reps").columns if c.hidden] == ["rep_id"]

    assert report.table("targets").records()[:3] == [
        {"scope": "团队", "signed_amount": D("2100000.00"), "signed_target": D("3000000.00"),
         "signed_rate": D("0.7000"), "units": 3, "units_target": 5, "units_rate": D("0.6000"),
         "collected": D("500000.00"), "collection_target": None, "collection_rate": None},
        {"scope": "刘洋", "signed_amount": D("0.00"), "signed_target": None, "signed_rate": None,
         "units": 0, "units_target": None, "units_rate": None, "collected": D("0.00"),
         "collection_target": None, "collection_rate": None},
        {"scope": "张伟", "signed_amount": D("1200000.00"), "signed_target": None,
         "signed_rate": None, "units": 1, "units_target": None, "units_rate": None,
         "collected": D("0.00"), "collection_target": D("300000.00"),
         "collection_rate": D("0.0000")},
    ]
    assert report.table("targets").records()[3] == {
        "scope": "李娜", "signed_amount": D("800000.00"), "signed_target": D("1000000.00"),
        "signed_rate": D("0.8000"), "units": 1, "units_target": 2, "units_rate": D("0.5000"),
        "collected": D("500000.00"), "collection_target": D("400000.00"),
        "collection_rate": D("1.2500")}
    chart = report.charts[0]
    assert (chart.key, chart.percent, chart.categories[:2], chart.series[0].values[:3]) == (
        "conversion_by_rep", True, ("李娜", "张伟"), (0.25, 2.0, 0.0))
    assert as_json(report)["tables"]["reps"]["rows"][0]["score"] == "65.3"

    with may.read() as s:
        actual = assessment.actuals(s, actor(may, "manager"), MAY)
        daily = diary.build(s, manager, MAY, None).table("counts").records()
    assert actual[None] == assessment.Actual(D("2100000.00"), 3, D("500000.00"))
    # The reps' visits are the daily report's: lina's and zhangwei's rows above,
    # 4 + 1 first and 1 + 1 return; the others' are 0.
    current = {r["key"]: r["current"] for r in daily}
    assert [(r["first"], r["return"]) for r in rows[:2]] == [(4, 1), (1, 1)]
    assert (current["first_visits"], current["return_visits"]) == (4 + 1, 1 + 1)
    assert actual[ids["lina"]] == assessment.Actual(D("800000.00"), 1, D("500000.00"))


def test_a_rep_gets_their_own_row_only(may: Database) -> None:
    lina, wei = actor(may, "lina"), actor(may, "zhangwei")
    with may.read() as s:
        own = assessment.build(s, lina, MAY, wei.id)  # asking for another's: still her own
        narrowed = assessment.build(s, actor(may, "manager"), MAY, wei.id)
        actual = assessment.actuals(s, lina, MAY)
    assert own.table("reps").records() == [lina_row(lina.id)]
    assert [r["scope"] for r in own.table("targets").records()] == ["李娜"]
    assert own.charts[0].categories == ("李娜",)
    assert narrowed.table("reps").records() == [zhangwei_row(wei.id)]
    assert list(actual) == [lina.id]


def test_who_may_read_the_assessment(may: Database) -> None:
    with may.read() as s:
        for login in ("assistant", "frontdesk"):
            with pytest.raises(PermissionDenied):
                assessment.build(s, actor(may, login), MAY, None)
            with pytest.raises(PermissionDenied):
                assessment.actuals(s, actor(may, login), MAY)
        admin = assessment.build(s, actor(may, "admin"), MAY, None)
    assert len(admin.table("reps").rows) == 6


def test_the_weights_are_a_setting(may: Database) -> None:
    manager = actor(may, "manager")
    with may.begin() as s:
        settings.put(s, manager, "assessment.weights", "签约=40, Per-Complaint=10")
        assert settings.get(s, "assessment.weights") == {**WEIGHTS, "signed": 40, "complaint": 10}
        bad: object
        for bad, en in (
                ("signed=40, bonus=3", "The assessment weights have no 'bonus' (one of: "
                 "signed, collected, conversion, follow-ups, satisfaction, per-complaint)."),
                ("signed=200", "The assessment weight 'signed' must be a number from 0 to 100."),
                ("跟进=x", "The assessment weight 'follow-ups' must be a number from 0 to 100."),
                ([1, 2], "Write the assessment weights as name=number, separated by commas "
                 "(e.g. signed=30, collected=25)."),
                ('{"signed": 0, "collected": 0, "conversion": 0, "followups": 0, '
                 '"satisfaction": 0}', "At least one assessment weight must be above zero.")):
            with pytest.raises(InvalidInput) as e:
                settings.put(s, manager, "assessment.weights", bad)
            assert (e.value.field, e.value.en) == ("assessment.weights", en)
    with may.read() as s:
        rows = assessment.build(s, manager, MAY, None).table("reps").records()
    # 李娜: 100 × (40×0.8 + 25×1 + 20×0.25 + 15×0.75 + 10×0.5) ÷ 110 − 10 = 61.136…
    # 张伟: 100 × (40×1 + 25×0 + 20×1 + 15×0 + 10×1) ÷ 110 = 63.636…
    assert [(r["rep"], r["score"]) for r in rows[:2]] == [("张伟", D("63.6")), ("李娜", D("61.1"))]


def test_a_period_of_days_reads_the_months_targets(may: Database) -> None:
    with may.read() as s:
        report = assessment.build(s, actor(may, "manager"), Period(date(2026, 5, 20),
                                                                   date(2026, 5, 21)), None)
    lina = report.table("reps").records()[0]
    # Two of May's 31 days: 2/31 of her targets (1,000,000 × 2/31 = 64,516.129…).
    assert (lina["rep"], lina["receptions"], lina["signed_amount"], lina["collected"],
            lina["signed_target"], lina["collection_target"]) == (
        "李娜", 0, D("800000.00"), D("500000.00"), D("64516.13"), D("25806.45"))
    team = report.table("targets").records()[0]
    assert (team["signed_target"], team["units_target"], team["units_rate"]) == (
        D("193548.39"), D("0.3"), D("3.3333"))  # 1 contract ÷ (5 × 2/31)


def test_sales_count_in_the_score_even_without_a_first_visit(may: Database) -> None:
    """王芳 sold without a first visit in May: her conversion shows no rate but
    scores 1, the capped rate, beside 0 of the best rep's money (no targets):
    100 × 20 ÷ 75; 刘洋 only made a follow-up on time: selling counts 0 for him,
    100 × 15 ÷ 90, so he stays below her."""
    ids = {u: actor(may, u).id for u in ("wangfang", "liuyang")}
    with may.begin() as s:
        m = May(s, ids, "2栋")
        m.claim("wangfang", "subscription", utc(12), "900000")
        m.follow_up("liuyang", date(2026, 5, 12), utc(12))
    with may.read() as s:
        rows = assessment.build(s, actor(may, "manager"), MAY, None).table("reps").records()
    got = {r["rep"]: (r["first"], r["conversion"], r["followups_on_time"], r["score"])
           for r in rows}
    assert got["王芳"] == (0, None, 0, D("26.7"))
    assert got["刘洋"] == (0, None, 1, D("16.7"))
    assert [r["rep"] for r in rows] == ["李娜", "张伟", "王芳", "刘洋", "杨帆", "陈静"]


def test_without_targets_money_counts_against_the_best_rep(staff: Database) -> None:
    """No targets: 杨帆 signed the most (4,000,000) and 刘洋 collected the most
    (600,000), so each has 1 for it and the others their share; 张伟 sold no
    contract, 李娜 did nothing. A target, where set, is still the measure."""
    reps = ("yangfan", "liuyang", "zhangwei", "lina")
    ids = {u: actor(staff, u).id for u in reps}
    with staff.begin() as s:
        m = May(s, ids)
        m.claim("yangfan", "contract", utc(10), "4000000")
        m.claim("yangfan", "subscription", utc(10), "4000000")
        m.visit("yangfan", "first", utc(10))
        m.payment(m.deal(m.claim("liuyang", "contract", utc(11), "3000000")), "600000",
                  date(2026, 5, 12))
        m.claim("zhangwei", "subscription", utc(12), "2000000")
        m.visit("zhangwei", "first", utc(12))
        m.visit("zhangwei", "first", utc(13))
    manager = actor(staff, "manager")

    def scores(who: Any = manager) -> dict[str, Any]:
        with staff.read() as s:
            return {r["rep"]: r["score"]
                    for r in assessment.build(s, who, MAY, None).table("reps").records()}

    # signed (30), collected (25), conversion (20) over 75:
    # 杨帆 30×1 + 25×0 + 20×1 = 50; 刘洋 30×0.75 + 25×1 + 20×0 = 47.5;
    # 张伟 20×0.5 = 10; 李娜 and the others 0.
    assert scores() == {"杨帆": D("66.7"), "刘洋": D("63.3"), "张伟": D("13.3"),
                        "李娜": D("0.0"), "王芳": D("0.0"), "陈静": D("0.0")}
    assert list(scores()) == ["杨帆", "刘洋", "张伟", "李娜", "王芳", "陈静"]
    # A rep's own report measures them against the same best rep.
    assert scores(actor(staff, "liuyang")) == {"刘洋": D("63.3")}
    # Nobody signed or collected in June: a rep with nothing to assess has no score.
    with staff.read() as s:
        june = assessment.build(s, manager, month(date(2026, 6, 1)), None)
    assert {r["score"] for r in june.table("reps").records()} == {None}
    # 刘洋's own target: 3,000,000 of 6,000,000 is 0.5, whatever the best rep signed.
    with staff.begin() as s:
        targets.set_target(s, manager, date(2026, 5, 1), ids["liuyang"], "6000000", None, None)
    assert scores()["刘洋"] == D("53.3")  # 100 × (15 + 25) ÷ 75


def test_in_a_week_of_the_demo_no_rep_without_a_contract_outranks_one_with(
        demo_db: Database) -> None:
    """The demo sets no targets; in its last week every rep has a subscription
    and four signed contracts. Conversion alone (a subscription without a first
    visit that week) must not put a rep who signed nothing at 100 over them."""
    with demo_db.read() as s:
        rows = assessment.build(s, actor(demo_db, "manager"), week(s.now.date()),
                                None).table("reps").records()
    signed = [r["score"] for r in rows if r["signed_amount"]]
    unsigned = [r["score"] for r in rows if not r["signed_amount"]]
    assert len(signed) == 4 and len(unsigned) == 2
    assert max(unsigned) < min(signed)
    best = max(rows, key=lambda r: r["signed_amount"])
    assert best["signed_target"] is None and best["score"] > 0


def test_the_demo_reps_visits_add_up_to_the_daily_report(demo_db: Database) -> None:
    """The demo's three weeks of visits: each rep's first and return visits are
    the ones they registered, and they add up to the daily report's."""
    manager = actor(demo_db, "manager")
    with demo_db.read() as s:
        today = s.now.date()
        period = Period(today - timedelta(days=25), today + timedelta(days=1))
        reps = assessment.build(s, manager, period, None).table("reps").records()
        daily = diary.build(s, manager, period, None).table("counts").records()
    current = {r["key"]: r["current"] for r in daily}
    assert {r["rep"]: (r["first"], r["return"]) for r in reps} == {
        "李娜": (8, 4), "张伟": (8, 5), "王芳": (8, 2), "刘洋": (9, 3), "陈静": (9, 5),
        "杨帆": (9, 4)}
    assert (current["first_visits"], current["return_visits"]) == (51, 23)
    # Every rep sold: 1 or 2 subscriptions over 8 or 9 first visits.
    assert {r["rep"]: r["conversion"] for r in reps} == {
        "李娜": D("0.1250"), "张伟": D("0.1250"), "王芳": D("0.1250"), "刘洋": D("0.1111"),
        "陈静": D("0.2222"), "杨帆": D("0.2222")}
