"""Commission sharing (佣金分配) on SQLite and PostgreSQL: each rule with a worked
example to the fen, adjustments, the lock of a confirmed month and its
reversals, who may see what; and, for any settings, shares adding up to 100%."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from desk.admin import auth, projects, settings
from desk.core.db import Database
from desk.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from desk.customers import customers
from desk.models import Reception, Visit
from desk.models.commission import CommissionEntry
from desk.models.enums import ShareRule
from desk.sales import claims, commission
from desk.sales.commission import Share
from tests.conftest import actor

PRICE = "3898015.68"  # the list price of 1-101


def at(db: Database, when: datetime) -> None:
    db.clock_offset = when - datetime.now(UTC).replace(tzinfo=None)


def day(db: Database, d: date) -> None:
    at(db, datetime(d.year, d.month, d.day, 2, 0))  # 10:00 in Shanghai


def rules(db: Database, rate: float = 3.0, cover: float = 30.0, transfer: float = 25.0) -> None:
    with db.begin() as s:
        admin = actor(db, "admin")
        settings.put(s, admin, "commission.rate_permille", rate)
        settings.put(s, admin, "commission.cover_percent", cover)
        settings.put(s, admin, "commission.transfer_percent", transfer)


def uid(db: Database, login: str) -> int:
    a = actor(db, login)
    assert a.id is not None
    return a.id


def customer(db: Database, phone: str, name: str) -> int:
    with db.begin() as s:
        return customers.get_or_create(s, phone, name).id


def first_visit(db: Database, customer_id: int, login: str, when: datetime) -> None:
    with db.begin() as s:
        s.add(Visit(customer_id=customer_id, kind="visit", visit_kind="first",
                    rep_id=uid(db, login), at=when))


def covered(db: Database, customer_id: int, owner: str, by: str, when: datetime) -> None:
    with db.begin() as s:
        s.add(Reception(day=when.date(), rep_id=uid(db, by), how="cover", customer_id=customer_id,
                        owner_id=uid(db, owner), arrived_at=when, ended_at=when,
                        state="closed"))


def subscribe(db: Database, code: str, phone: str, rep: str = "lina",
              price: str = PRICE) -> int:
    with db.begin() as s:
        p = projects.find_project(s, None).id
        return claims.subscribe(s, actor(db, "manager"), p, code, customer_phone=phone,
                                customer_name="买家" + phone[-2:], deposit="50000",
                                agreed_price=price, sign_by=date(2026, 12, 31),
                                payment_method="mortgage", rep_login=rep).id


def lines(db: Database, month: date, login: str = "manager", rep: str | None = None
          ) -> list[tuple[object, ...]]:
    with db.read() as s:
        st_ = commission.statement(s, actor(db, login), month, uid(db, rep) if rep else None)
    return [(x.deal_id, x.rep, x.share, x.rule.value, x.amount, x.kind.value, x.confirmed)
            for x in st_.lines]


OCT, NOV = date(2026, 10, 1), date(2026, 11, 1)


@pytest.fixture
def sales(showroom: Database) -> Database:
    rules(showroom)
    day(showroom, date(2026, 10, 12))
    return showroom


def test_owner_takes_the_whole_commission(sales: Database) -> None:
    deal = subscribe(sales, "1-101", "13800000001")
    # 3,898,015.68 × 3‰ = 11,694.04704 → ¥11,694.05
    assert lines(sales, OCT) == [(deal, "李娜", 10000, "owner", Decimal("11694.05"), "credit",
                                  False)]


def test_a_covering_rep_gets_the_cover_share(sales: Database) -> None:
    c = customer(sales, "13800000002", "钱二")
    first_visit(sales, c, "lina", datetime(2026, 10, 1, 2))
    covered(sales, c, "lina", "zhangwei", datetime(2026, 10, 5, 3))
    deal = subscribe(sales, "1-101", "13800000002")
    # 30% of 11,694.05 = 3,508.215 → 3,508.21 (fen down); the owner keeps the rest.
    assert lines(sales, OCT) == [
        (deal, "张伟", 3000, "cover", Decimal("3508.21"), "credit", False),
        (deal, "李娜", 7000, "owner", Decimal("8185.84"), "credit", False),
    ]


def test_a_cover_after_the_deal_or_undone_does_not_count(sales: Database) -> None:
    c = customer(sales, "13800000002", "钱二")
    first_visit(sales, c, "lina", datetime(2026, 10, 1, 2))
    covered(sales, c, "lina", "zhangwei", datetime(2026, 10, 20, 3))
    with sales.begin() as s:
        s.add(Reception(day=date(2026, 10, 3), rep_id=uid(sales, "wangfang"), how="cover",
                        customer_id=c, owner_id=uid(sales, "lina"),
                        arrived_at=datetime(2026, 10, 3, 3), state="undone"))
    deal = subscribe(sales, "1-101", "13800000002")
    assert lines(sales, OCT) == [(deal, "李娜", 10000, "owner", Decimal("11694.05"), "credit",
                                  False)]


def test_the_previous_owner_gets_the_transfer_share(sales: Database) -> None:
    c = customer(sales, "13800000003", "孙三")
    first_visit(sales, c, "wangfang", datetime(2026, 8, 1, 2))  # lapsed; lina took over
    first_visit(sales, c, "lina", datetime(2026, 10, 2, 2))
    deal = subscribe(sales, "1-101", "13800000003")
    # 25% of 11,694.05 = 2,923.5125 → 2,923.51
    assert lines(sales, OCT) == [
        (deal, "李娜", 7500, "owner", Decimal("8770.54"), "credit", False),
        (deal, "王芳", 2500, "transfer", Decimal("2923.51"), "credit", False),
    ]


def test_cover_and_transfer_together_and_shares_past_100(sales: Database) -> None:
    c = customer(sales, "13800000004", "李四")
    first_visit(sales, c, "wangfang", datetime(2026, 8, 1, 2))
    first_visit(sales, c, "lina", datetime(2026, 10, 2, 2))
    covered(sales, c, "lina", "zhangwei", datetime(2026, 10, 5, 3))
    deal = subscribe(sales, "1-101", "13800000004")
    assert lines(sales, OCT) == [
        (deal, "张伟", 3000, "cover", Decimal("3508.21"), "credit", False),
        (deal, "李娜", 4500, "owner", Decimal("5262.33"), "credit", False),
        (deal, "王芳", 2500, "transfer", Decimal("2923.51"), "credit", False),
    ]
    rules(sales, rate=2.5, cover=80, transfer=60)  # the transfer gets what the cover leaves
    # 3,898,015.68 × 2.5‰ = 9,745.0392 → 9,745.04; 20% = 1,949.008 → 1,949.00; the fen
    # left go to the first line: 9,745.04 − 1,949.00 = 7,796.04.
    assert lines(sales, OCT) == [
        (deal, "张伟", 8000, "cover", Decimal("7796.04"), "credit", False),
        (deal, "王芳", 2000, "transfer", Decimal("1949.00"), "credit", False),
    ]


def test_an_adjustment_needs_a_reason_and_reshapes_the_others(sales: Database) -> None:
    c = customer(sales, "13800000002", "钱二")
    first_visit(sales, c, "lina", datetime(2026, 10, 1, 2))
    covered(sales, c, "lina", "zhangwei", datetime(2026, 10, 5, 3))
    deal = subscribe(sales, "1-101", "13800000002")
    manager = actor(sales, "manager")
    with pytest.raises(InvalidInput) as e, sales.begin() as s:
        commission.adjust(s, manager, deal, uid(sales, "wangfang"), "20", "  ")
    assert (e.value.field, e.value.en) == ("reason", "Give the reason for the adjustment.")
    with pytest.raises(InvalidInput) as e, sales.begin() as s:
        commission.adjust(s, manager, deal, uid(sales, "wangfang"), "120", "协助")
    assert e.value.field == "share"
    with pytest.raises(NotFound) as nf, sales.begin() as s:
        commission.adjust(s, manager, 99999, uid(sales, "wangfang"), "20", "协助")
    assert nf.value.field == "deal"
    with sales.begin() as s:
        commission.adjust(s, manager, deal, uid(sales, "wangfang"), "20", "王芳协助带看")
    # 王芳 20%; 张伟 30 and 李娜 70 share the other 80% as 24 / 56.
    assert lines(sales, OCT) == [
        (deal, "张伟", 2400, "cover", Decimal("2806.57"), "adjustment", False),
        (deal, "李娜", 5600, "owner", Decimal("6548.67"), "adjustment", False),
        (deal, "王芳", 2000, "adjusted", Decimal("2338.81"), "adjustment", False),
    ]
    with pytest.raises(InvalidInput) as e, sales.begin() as s:  # nobody else holds a share
        commission.adjust(s, manager, subscribe(sales, "1-102", "13800000009"),
                          uid(sales, "lina"), "60", "试")
    assert e.value.field == "share"


def test_a_cancelled_deal_and_a_change_of_unit(sales: Database) -> None:
    gone = subscribe(sales, "1-101", "13800000001")
    kept = subscribe(sales, "1-102", "13800000002")
    with sales.begin() as s:
        p = projects.find_project(s, None).id
        claims.cancel(s, actor(sales, "manager"), p, "1-101", reason="客户放弃")
        claims.change_unit(s, actor(sales, "manager"), p, "1-102", "1-103", reason="换楼层",
                           agreed_price="2759333.44")
    # One deal, moved: worth the price it was subscribed at, not the new unit's.
    assert lines(sales, OCT) == [(kept, "李娜", 10000, "owner", Decimal("11694.05"), "credit",
                                  False)]
    assert gone != kept


def test_confirm_locks_the_month_and_changes_are_reversals(sales: Database) -> None:
    deal = subscribe(sales, "1-101", "13800000001")
    manager = actor(sales, "manager")
    with pytest.raises(InvalidInput) as e, sales.begin() as s:
        commission.confirm(s, manager, OCT)
    assert (e.value.field, e.value.en) == (
        "month", "2026-10 has not ended yet: confirm it after the month end.")
    day(sales, date(2026, 11, 3))
    with sales.begin() as s:
        assert commission.confirm(s, manager, OCT) == 1
    with pytest.raises(Conflict), sales.begin() as s:
        commission.confirm(s, manager, OCT)
    # A new rule does not change a locked month.
    rules(sales, rate=5)
    with sales.read() as s:
        oct_ = commission.statement(s, manager, OCT)
    assert (oct_.confirmed, oct_.confirmed_by) == (True, "赵建国")
    assert [(x.rep, x.amount, x.kind.value, x.confirmed) for x in oct_.lines] == [
        ("李娜", Decimal("11694.05"), "credit", True)]
    # An adjustment to the locked deal: a reversal and the new lines, in November.
    with sales.begin() as s:
        commission.adjust(s, manager, deal, uid(sales, "zhangwei"), "40", "张伟促成签约")
    assert lines(sales, OCT) == [(deal, "李娜", 10000, "owner", Decimal("11694.05"), "credit",
                                  True)]
    assert lines(sales, NOV) == [
        (deal, "张伟", 4000, "adjusted", Decimal("4677.62"), "adjustment", True),
        (deal, "李娜", -10000, "owner", Decimal("-11694.05"), "reversal", True),
        (deal, "李娜", 6000, "owner", Decimal("7016.43"), "adjustment", True),
    ]
    # Cancelled in November: the standing lines are reversed in November.
    with sales.begin() as s:
        claims.cancel(s, manager, projects.find_project(s, None).id, "1-101", reason="客户放弃")
    nov = lines(sales, NOV)
    assert nov == [
        (deal, "张伟", 4000, "adjusted", Decimal("4677.62"), "adjustment", True),
        (deal, "张伟", -4000, "adjusted", Decimal("-4677.62"), "reversal", False),
        (deal, "李娜", -10000, "owner", Decimal("-11694.05"), "reversal", True),
        (deal, "李娜", 6000, "owner", Decimal("7016.43"), "adjustment", True),
        (deal, "李娜", -6000, "owner", Decimal("-7016.43"), "reversal", False),
    ]
    assert sum(x[4] for x in nov) == Decimal("-11694.05")  # type: ignore[misc]
    with pytest.raises(Conflict), sales.begin() as s:
        commission.adjust(s, manager, deal, uid(sales, "zhangwei"), "50", "再调")
    day(sales, date(2026, 12, 1))
    with sales.begin() as s:
        assert commission.confirm(s, manager, NOV) == 2  # the cancellation's two reversals
    with sales.read() as s:
        kinds = s.execute(select(CommissionEntry.kind, CommissionEntry.reverses_id.is_not(None))
                          .order_by(CommissionEntry.id)).all()
    assert [tuple(k) for k in kinds] == [
        ("credit", False), ("reversal", True), ("adjustment", False), ("adjustment", False),
        ("reversal", True), ("reversal", True)]
    assert sum(x[4] for x in lines(sales, NOV)) == Decimal("-11694.05")  # type: ignore[misc]


def test_may_confirm_gives_the_refusal_confirm_would(sales: Database) -> None:
    """The screen asks before offering the button: not ended, nothing to confirm
    (no deals and no adjustments), already confirmed; confirm refuses the same."""
    manager = actor(sales, "manager")
    SEP = date(2026, 9, 1)

    def refusal(month: date, login: str = "manager") -> tuple[str, str | None, str] | None:
        with sales.read() as s:
            r = commission.may_confirm(s, actor(sales, login), month)
        return None if r is None else (type(r).__name__, r.field, r.zh)

    deal = subscribe(sales, "1-101", "13800000001")
    assert refusal(OCT) == ("InvalidInput", "month", "2026-10 尚未结束，月底后才能确认。")
    day(sales, date(2026, 11, 3))
    assert refusal(SEP) == ("InvalidInput", "month", "2026-09 没有成交也没有调整，无需确认。")
    with pytest.raises(InvalidInput) as e, sales.begin() as s:
        commission.confirm(s, manager, SEP)
    assert e.value.en == "2026-09 has no deals and no adjustments: nothing to confirm."
    assert refusal(OCT) is None
    assert refusal(OCT, "lina") == ("PermissionDenied", None, "李娜无权确认佣金。")
    with sales.begin() as s:
        assert commission.confirm(s, manager, OCT) == 1
    assert refusal(OCT) == ("Conflict", "month", "2026-10 的佣金已确认。")
    # November holds only the locked deal's adjustment (ledger lines): confirmable once ended.
    with sales.begin() as s:
        commission.adjust(s, manager, deal, uid(sales, "zhangwei"), "40", "张伟促成签约")
    day(sales, date(2026, 12, 1))
    assert refusal(NOV) is None
    with sales.begin() as s:
        assert commission.confirm(s, manager, NOV) == 0
    assert refusal(NOV) == ("Conflict", "month", "2026-11 的佣金已确认。")


def test_who_sees_and_who_changes(sales: Database) -> None:
    c = customer(sales, "13800000002", "钱二")
    first_visit(sales, c, "lina", datetime(2026, 10, 1, 2))
    covered(sales, c, "lina", "zhangwei", datetime(2026, 10, 5, 3))
    deal = subscribe(sales, "1-101", "13800000002")
    # A rep sees only their own line, whatever rep is asked for.
    assert lines(sales, OCT, "zhangwei") == [(deal, "张伟", 3000, "cover", Decimal("3508.21"),
                                              "credit", False)]
    assert lines(sales, OCT, "zhangwei", rep="lina") == lines(sales, OCT, "zhangwei")
    assert [x[1] for x in lines(sales, OCT, rep="lina")] == ["李娜"]
    for login in ("frontdesk", "assistant"):
        with pytest.raises(PermissionDenied), sales.read() as s:
            commission.statement(s, actor(sales, login), OCT)
    with pytest.raises(PermissionDenied), sales.begin() as s:
        commission.adjust(s, actor(sales, "lina"), deal, uid(sales, "lina"), "100", "我的")
    day(sales, date(2026, 11, 2))
    with pytest.raises(PermissionDenied), sales.begin() as s:
        commission.confirm(s, actor(sales, "lina"), OCT)
    with sales.read() as s:
        assert commission.statement(s, actor(sales, "lina"), OCT).may_manage is False


def test_the_commission_rules_refused_in_words(sales: Database) -> None:
    admin = actor(sales, "admin")
    for key, value, zh in (
            ("commission.cover_percent", 150, "「代接顾问分成（%）」不能超过 100。"),
            ("commission.transfer_percent", -1, "「归属转移前顾问分成（%）」不能为负数。"),
            ("commission.rate_permille", "三", "「佣金比例（成交额的‰）」请填写数字。")):
        with pytest.raises(InvalidInput) as e, sales.begin() as s:
            settings.put(s, admin, key, value)
        assert (e.value.field, e.value.zh) == (key, zh)
    assert e.value.en == "'Commission rate (‰ of the deal amount)' needs a number."


def test_a_month_is_written_as_yyyy_mm() -> None:
    assert commission.parse_month("2026-11") == NOV
    for bad in ("2026-13", "11/2026", ""):
        with pytest.raises(InvalidInput) as e:
            commission.parse_month(bad)
        assert e.value.field == "month"


def test_settings_refuse_a_share_past_100(db: Database) -> None:
    with db.begin() as s:
        auth.create_user(s, None, "admin", "管理员", "admin", "secret12")
    with pytest.raises(InvalidInput) as e, db.begin() as s:
        settings.put(s, actor(db, "admin"), "commission.cover_percent", 101)
    assert e.value.field == "commission.cover_percent"


REPS = st.sampled_from([1, 2, 3, 4, 5])
BP = st.integers(min_value=0, max_value=10_000)


@given(owner=REPS, cover=st.none() | REPS, previous=st.none() | REPS, cover_bp=BP,
       transfer_bp=BP, steps=st.lists(st.tuples(REPS, BP), max_size=4),
       fen=st.integers(min_value=0, max_value=10**9))
def test_shares_always_add_up_to_100_percent(owner: int, cover: int | None,
                                              previous: int | None, cover_bp: int,
                                              transfer_bp: int, steps: list[tuple[int, int]],
                                              fen: int) -> None:
    shares = commission.split(owner, cover, previous, cover_bp, transfer_bp)
    assert sum(s.share for s in shares) == 10_000
    assert all(s.share > 0 for s in shares)
    assert shares[0].rep_id == owner or shares[0].rule != ShareRule.OWNER
    for rep, bp in steps:
        try:
            shares = commission.adjusted(shares, rep, bp)
        except InvalidInput:  # only when nobody else could take the rest
            assert bp < 10_000 and all(s.rep_id == rep for s in shares)
            continue
        assert sum(s.share for s in shares) == 10_000
        assert [s.share for s in shares if s.rep_id == rep] == ([bp] if bp else [])
    total = Decimal(fen) / 100
    money = commission.amounts(total, shares)
    assert sum(money) == total
    assert all(m >= 0 for m in money)


def test_split_without_an_owner_is_empty() -> None:
    assert commission.split(None, 2, 3, 3000, 2500) == []
    assert commission.split(1, 1, 1, 3000, 2500) == [Share(1, 10000, ShareRule.OWNER)]


def test_the_commission_report_per_the_contract(sales: Database) -> None:
    from desk.reporting import periods, registry
    from desk.reporting.model import as_json

    c = customer(sales, "13800000002", "钱二")
    first_visit(sales, c, "lina", datetime(2026, 10, 1, 2))
    covered(sales, c, "lina", "zhangwei", datetime(2026, 10, 5, 3))
    deal = subscribe(sales, "1-101", "13800000002")
    entry = registry.reports()["commission"]
    assert (entry.zh, entry.en) == ("佣金", "Commission")
    with sales.read() as s:
        report = entry.build(s, actor(sales, "manager"), periods.month(OCT), None)
        own = entry.build(s, actor(sales, "zhangwei"), periods.month(OCT), None)
    data = as_json(report)
    assert (data["from"], data["to"]) == ("2026-10-01", "2026-10-31")
    assert data["tables"]["statement"] == {
        "rows": [
            {"rep": "张伟", "deal": deal, "unit": "1-101", "customer": "钱二",
             "deal_amount": "3898015.68", "share": "0.3000", "rule": "代接",
             "commission": "3508.21", "entry": "计提", "confirmed": "未确认"},
            {"rep": "李娜", "deal": deal, "unit": "1-101", "customer": "钱二",
             "deal_amount": "3898015.68", "share": "0.7000", "rule": "归属顾问",
             "commission": "8185.84", "entry": "计提", "confirmed": "未确认"},
        ],
        "total": {"rep": "合计", "deal": None, "unit": None, "customer": None,
                  "deal_amount": None, "share": None, "rule": None, "commission": "11694.05",
                  "entry": None, "confirmed": None},
    }
    assert [r["rep"] for r in as_json(own)["tables"]["statement"]["rows"]] == ["张伟"]
