"""The five quality targets (五项质量目标) of March 2026 on a hand-built showroom,
every numerator and denominator written out, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from desk.admin import projects
from desk.core.db import Database
from desk.core.errors import PermissionDenied
from desk.documents import prints
from desk.models import Claim, Unit
from desk.models.enums import ClaimKind, ClaimState
from desk.reporting import quality
from desk.reporting.model import Report, as_json
from desk.reporting.periods import Period, month
from desk.sales import claims, payments, transition
from desk.visitors import complaints, visitors
from tests.conftest import actor
from tests.sales.conftest import showroom  # noqa: F401  (the fixture)

ID = "110101199003074477"


def at(db: Database, when: datetime) -> None:
    """The database clock reads `when` (UTC) from now on."""
    db.clock_offset = when - datetime.now(UTC).replace(tzinfo=None)


def day(db: Database, d: date, hour: int = 2) -> None:
    at(db, datetime(d.year, d.month, d.day, hour, 0))  # 02:00 UTC is 10:00 in Shanghai


def pid(db: Database) -> int:
    with db.read() as s:
        return projects.find_project(s, None).id


def subscribe(db: Database, code: str, deposit: str, sign_by: date) -> int:
    with db.begin() as s:
        unit = transition.get_unit(s, pid(db), code)
        return claims.subscribe(s, actor(db, "assistant"), pid(db), code,
                                customer_phone="1380000" + code.replace("-", "")[-4:],
                                customer_name="买家" + code[-2:], deposit=deposit,
                                agreed_price=unit.list_price, sign_by=sign_by,
                                payment_method="full", rep_login="lina", id_number=ID).id


def pay(db: Database, deal: int, amount: str) -> int:
    with db.begin() as s:
        return payments.record_payment(s, actor(db, "assistant"), deal, amount,
                                       force=True).payment_id


def sign(db: Database, code: str) -> str:
    with db.begin() as s:
        number = claims.contract(s, actor(db, "assistant"), pid(db), code).contract_number
        assert number is not None
        return number


def print_contract(db: Database, number: str, void_reason: str = "") -> None:
    with db.begin() as s:
        prints.issue(s, prints.PrintRequest(actor(db, "assistant"), "contract", pid(db), number,
                                            void_reason=void_reason))


def visit(db: Database, phone: str, rating: str, kind: str = "visit") -> None:
    with db.begin() as s:
        visitors.register(s, actor(db, "frontdesk"), visitors.VisitForm(
            name="访客" + phone[-2:], phone=phone, source="路过", grade="B", rep_login="lina",
            consent=True, kind=kind, rating=rating))


def complaint(db: Database, text: str) -> int:
    with db.begin() as s:
        return complaints.register(s, actor(db, "frontdesk"), kind="complaint", channel="visit",
                                   description=text, contact_name="王先生").id


def respond(db: Database, complaint_id: int) -> None:
    with db.begin() as s:
        complaints.respond(s, actor(db, "frontdesk"), complaint_id, "已联系客户")


def resolve(db: Database, complaint_id: int, satisfaction: int) -> None:
    with db.begin() as s:
        complaints.resolve(s, actor(db, "frontdesk"), complaint_id, "已处理", satisfaction)


def build_march(db: Database) -> None:
    """March 2026, the report read on 31 March at 10:00."""
    day(db, date(2026, 2, 10))  # February: one complaint, answered in time, rated 1
    feb = complaint(db, "停车位不够")
    day(db, date(2026, 2, 11), hour=1)
    resolve(db, feb, 1)

    day(db, date(2026, 3, 2))  # A: deposit 50,000 paid, and 10,000 more towards the balance
    a = subscribe(db, "1-2601", "50000", date(2026, 4, 30))
    pay(db, a, "60000")
    day(db, date(2026, 3, 3))  # B: 30,000 of its 80,000 deposit; a 20,000 payment voided
    b = subscribe(db, "1-2602", "80000", date(2026, 4, 30))
    pay(db, b, "30000")
    wrong = pay(db, b, "20000")
    with db.begin() as s:
        payments.void(s, actor(db, "manager"), wrong, "录错金额")
    day(db, date(2026, 3, 4))  # C: 10,000 paid, cancelled and refunded: nothing due
    c = subscribe(db, "1-2603", "40000", date(2026, 4, 30))
    pay(db, c, "10000")
    day(db, date(2026, 3, 5))
    with db.begin() as s:
        claims.cancel(s, actor(db, "manager"), pid(db), "1-2603", reason="客户放弃")
        payments.record_refund(s, actor(db, "assistant"), c, "10000", "退订退款")
    day(db, date(2026, 3, 25))  # D and E: subscribed on the 25th, signed on the 26th/27th
    d = subscribe(db, "1-2604", "100000", date(2026, 3, 31))
    e = subscribe(db, "1-2501", "20000", date(2026, 3, 31))
    pay(db, e, "20000")
    del d
    day(db, date(2026, 3, 26))  # D's contract printed wrong: voided and printed again
    d_number = sign(db, "1-2604")
    print_contract(db, d_number)
    print_contract(db, d_number, void_reason="房号打错")
    print_contract(db, d_number)
    day(db, date(2026, 3, 27))  # E's contract printed twice: a copy (副本), not an error
    e_number = sign(db, "1-2501")
    print_contract(db, e_number)
    print_contract(db, e_number)

    # Unit 1-2601 promised twice once: a contract from an older system's list,
    # cancelled only after A's subscription began.
    with db.begin() as s:
        unit = s.query(Unit).filter(Unit.code == "1-2601").one()
        s.add(Claim(project_id=pid(db), unit_id=unit.id, kind=ClaimKind.CONTRACT,
                    state=ClaimState.CANCELLED, created_at=datetime(2026, 3, 1, 2),
                    started_at=datetime(2026, 3, 1, 2), ended_at=datetime(2026, 3, 10, 2),
                    note="imported"))

    day(db, date(2026, 3, 10))  # ratings 5, 4, 2 and one not given; a call has none
    visit(db, "13911110001", "5")
    visit(db, "13911110002", "4")
    visit(db, "13911110003", "2")
    visit(db, "13911110004", "")
    visit(db, "13911110005", "", kind="call")
    on_time = complaint(db, "样板间太冷")
    day(db, date(2026, 3, 10), hour=8)
    respond(db, on_time)
    day(db, date(2026, 3, 12))
    late = complaint(db, "销售态度差")
    day(db, date(2026, 3, 14))
    respond(db, late)
    resolve(db, late, 5)  # resolved in March: its rating counts
    day(db, date(2026, 3, 29))
    complaint(db, "无人接电话")  # never answered: late by the 31st
    day(db, date(2026, 3, 31))
    complaint(db, "希望增加班车")  # not answered, not yet due: left out


@pytest.fixture
def march(showroom: Database) -> Database:  # noqa: F811
    build_march(showroom)
    day(showroom, date(2026, 3, 31))
    return showroom


def report(db: Database, period: Period, who: str = "manager") -> Report:
    with db.read() as s:
        return quality.build(s, actor(db, who), period, None)


def test_the_five_targets_of_march_with_their_numerators(march: Database) -> None:
    r = report(march, month(date(2026, 3, 1)))
    assert (r.kind, r.start, r.end) == ("quality", date(2026, 3, 1), date(2026, 3, 31))
    assert r.table("quality").rows == [
        # due in March: the deposits of A 50,000, B 80,000, D 100,000, E 20,000 (C
        # cancelled); paid of them: A 50,000 (its extra 10,000 pays the balance, due
        # in May), B 30,000 (the voided 20,000 pays nothing), E 20,000.
        ("collection", "回款率", Decimal("0.98"), Decimal("0.4000"), Decimal("100000.00"),
         Decimal("250000.00"), "✗ 未达标"),
        ("contract_accuracy", "合同签订无误率", Decimal("1"), Decimal("0.5000"), Decimal(1),
         Decimal(2), "✗ 未达标"),
        # 5, 4, 2 on the form and 5 on the resolved complaint; February's 1 is not March's
        ("satisfaction", "客户满意度", Decimal("0.98"), Decimal("0.7500"), Decimal(3),
         Decimal(4), "✗ 未达标"),
        # A, B, C, D, E sold; 1-2601 was under the imported contract too
        ("units_accuracy", "销售房源无误率", Decimal("1"), Decimal("0.8000"), Decimal(4),
         Decimal(5), "✗ 未达标"),
        # in time: answered after 6 hours; late: after 2 days, and one never answered
        ("feedback_timeliness", "投诉及建议答复及时率", Decimal("1"), Decimal("0.3333"),
         Decimal(1), Decimal(3), "✗ 未达标"),
    ]
    assert as_json(r)["tables"]["quality"]["rows"][0]["key"] == "collection"


def test_the_trend_is_the_six_months_to_the_period(march: Database) -> None:
    r = report(march, Period(date(2026, 3, 10), date(2026, 3, 31)))
    assert r.table("trend").rows == [
        ("2025-10", None, None, None, None, None),
        ("2025-11", None, None, None, None, None),
        ("2025-12", None, None, None, None, None),
        ("2026-01", None, None, None, None, None),
        # February: the complaint answered on resolution 23 hours on (in time), rated 1
        ("2026-02", None, None, Decimal("0.0000"), None, Decimal("1.0000")),
        ("2026-03", Decimal("0.4000"), Decimal("0.5000"), Decimal("0.7500"), Decimal("0.8000"),
         Decimal("0.3333")),
    ]
    # The period is the 10th to the 31st: of the deposits only D's and E's fall in it.
    quality_rows = {row[0]: row for row in r.table("quality").rows}
    assert quality_rows["collection"][4:6] == (Decimal("20000.00"), Decimal("120000.00"))
    assert quality_rows["satisfaction"][4:6] == (Decimal(3), Decimal(4))
    chart = r.charts[0]
    assert (chart.key, chart.kind, chart.percent) == ("quality_trend", "line", True)
    assert chart.categories == ("2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03")
    assert [s.zh for s in chart.series] == ["回款率", "合同签订无误率", "客户满意度",
                                            "销售房源无误率", "投诉及建议答复及时率"]
    assert chart.series[0].values == (None, None, None, None, None, 0.4)  # gaps, not falls to 0


def test_a_late_payment_does_not_mend_the_month(march: Database) -> None:
    day(march, date(2026, 4, 2))
    with march.read() as s:
        deal = payments.deal_of_unit(s, pid(march), "1-2602")
    pay(march, deal, "50000")
    r = report(march, month(date(2026, 3, 1)))
    assert r.table("quality").rows[0][3:6] == (Decimal("0.4000"), Decimal("100000.00"),
                                               Decimal("250000.00"))


def test_only_who_may_view_reports_reads_it(march: Database) -> None:
    with pytest.raises(PermissionDenied):
        report(march, month(date(2026, 3, 1)), "lina")
    assert report(march, month(date(2026, 3, 1)), "manager").kind == "quality"
