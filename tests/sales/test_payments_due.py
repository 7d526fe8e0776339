"""A payment beyond what is due by its date is asked about (NeedsConfirmation)
and recorded with force, the rest going to the later instalments in order; one
beyond the whole deal stays refused. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desk.core.db import Database
from desk.core.errors import InvalidInput, NeedsConfirmation, set_language
from desk.sales import payments
from tests.conftest import actor
from tests.sales.test_payments import account, day, pid, showroom, subscribe  # noqa: F401

# 1-2601 lists at ¥4,264,366.08: on a mortgage, 定金 50,000.00, 首付款 1,229,310.00
# (30% less the deposit), 按揭放款 2,985,056.08.


def record(db: Database, deal: int, amount: str, on: date | None = None,
           force: bool = False) -> payments.Recorded:
    with db.begin() as s:
        return payments.record_payment(s, actor(db, "assistant"), deal, amount, on, force=force)


def test_more_than_the_deposit_due_is_asked_then_recorded_with_force(
        showroom: Database) -> None:  # noqa: F811
    day(showroom, date(2026, 3, 11))
    deal = subscribe(showroom, "1-2601", "13800000001", "50000", "mortgage", date(2026, 3, 13))
    with pytest.raises(NeedsConfirmation) as e:
        record(showroom, deal, "999999")
    assert (e.value.exit_code, e.value.field) == (7, "amount")
    assert str(e.value) == ("本次收款 999,999.00 元超过目前应收的 50,000.00 元（定金）。"
                            "多出的 949,999.00 元将计入后续款项（首付款）。确认登记吗？")
    assert e.value.en == (
        "This payment of 999,999.00 yuan is more than the 50,000.00 yuan due now (deposit). "
        "The 949,999.00 yuan beyond it will go to the later instalments (down payment). "
        "Record it?")
    assert account(showroom, deal).received == Decimal("0.00")  # nothing saved on the question
    done = record(showroom, deal, "999999", force=True)
    assert (done.amount, done.receipt_no, done.account.received) == (
        Decimal("999999.00"), "SJ2026-00001", Decimal("999999.00"))
    with showroom.read() as s:
        assert payments.receipt(s, pid(showroom), "SJ2026-00001").items == (
            "定金 50,000.00；首付款 949,999.00")


def test_up_to_what_is_due_needs_no_question(showroom: Database) -> None:  # noqa: F811
    day(showroom, date(2026, 3, 11))
    deal = subscribe(showroom, "1-2601", "13800000001", "50000", "mortgage", date(2026, 3, 13))
    assert record(showroom, deal, "20000").account.received == Decimal("20000.00")
    assert record(showroom, deal, "30000").account.received == Decimal("50000.00")
    # nothing due yet (首付款 falls due on 3-20): the next instalment is the limit
    with pytest.raises(NeedsConfirmation) as e:
        record(showroom, deal, "1229310.01")
    assert str(e.value) == ("本次收款 1,229,310.01 元超过目前应收的 1,229,310.00 元（首付款）。"
                            "多出的 0.01 元将计入后续款项（按揭放款）。确认登记吗？")
    assert record(showroom, deal, "1229310").account.received == Decimal("1279310.00")


def test_everything_past_due_is_due_together(showroom: Database) -> None:  # noqa: F811
    day(showroom, date(2026, 3, 2))
    deal = subscribe(showroom, "1-2603", "13800000003", "30000", "instalments", date(2026, 3, 6))
    day(showroom, date(2026, 6, 30))  # 定金, 第一期 (3-13) and 第二期 (6-4) are all past due
    assert record(showroom, deal, "3018672.64").account.balance == Decimal("0.00")
    with showroom.read() as s:
        assert payments.receipt(s, pid(showroom), "SJ2026-00001").items == (
            "定金 30,000.00；第一期房款（50%） 1,479,336.32；第二期房款（50%） 1,509,336.32")


def test_paying_ahead_names_every_later_instalment(showroom: Database) -> None:  # noqa: F811
    day(showroom, date(2026, 3, 2))
    deal = subscribe(showroom, "1-2603", "13800000003", "30000", "instalments", date(2026, 3, 6))
    with pytest.raises(NeedsConfirmation) as e:
        record(showroom, deal, "1600000")
    assert str(e.value) == ("本次收款 1,600,000.00 元超过目前应收的 30,000.00 元（定金）。"
                            "多出的 1,570,000.00 元将计入后续款项（第一期房款（50%）、第二期房款（50%））。"
                            "确认登记吗？")
    set_language("en")
    try:
        assert str(e.value).endswith("(instalment 1, instalment 2). Record it?")
    finally:
        set_language("zh_CN")
    record(showroom, deal, "1600000", force=True)
    with showroom.read() as s:
        assert payments.receipt(s, pid(showroom), "SJ2026-00001").items == (
            "定金 30,000.00；第一期房款（50%） 1,479,336.32；第二期房款（50%） 90,663.68")


def test_beyond_the_whole_deal_stays_refused_even_with_force(showroom: Database) -> None:  # noqa: F811
    day(showroom, date(2026, 3, 11))
    deal = subscribe(showroom, "1-2601", "13800000001", "50000", "mortgage", date(2026, 3, 13))
    with pytest.raises(InvalidInput) as e:
        record(showroom, deal, "4264366.09", force=True)
    assert (e.value.field, str(e.value)) == (
        "amount", "收款金额 ¥4,264,366.09 超过未付余额 ¥4,264,366.08（应收 ¥4,264,366.08，已收 ¥0.00）。")
    assert account(showroom, deal).received == Decimal("0.00")
    assert record(showroom, deal, "4264366.08", force=True).account.balance == Decimal("0.00")
