"""Voiding a payment or refund recorded by mistake, on SQLite and PostgreSQL:
who may, what is refused, the sums that leave it out, its receipt number kept
and its receipt reprinted marked 作废; and the plans of deals from before
payments were kept, opened on a database that was at revision 0012."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.core.db import Database
from desk.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from desk.documents import prints
from desk.models import Instalment, Payment, PaymentPlan, PrintLog
from desk.models.enums import DocumentKind
from desk.sales import claims, collection, payments
from tests.conftest import actor
from tests.sales.test_payments import account, cancel, day, pay, pid, refund, subscribe


def void(db: Database, payment_id: int, reason: str = "录错金额", login: str = "manager"
         ) -> payments.Voided:
    with db.begin() as s:
        return payments.void(s, actor(db, login), payment_id, reason)


def refusal(db: Database, payment_id: int, login: str = "manager") -> str | None:
    with db.read() as s:
        e = payments.void_refusal(s, actor(db, login), payment_id)
    return None if e is None else str(e)


def test_only_the_manager_voids_and_always_says_why(showroom: Database) -> None:
    day(showroom, date(2026, 3, 11))
    deal = subscribe(showroom, "1-2601", "13800000001", "50000", "full", date(2026, 3, 13))
    done = pay(showroom, deal, "50000")
    with pytest.raises(PermissionDenied) as e:
        void(showroom, done.payment_id, login="assistant")
    assert str(e.value) == "只有销售经理可以作废收款或退款。"
    assert refusal(showroom, done.payment_id, "assistant") == "只有销售经理可以作废收款或退款。"
    with pytest.raises(PermissionDenied):
        void(showroom, done.payment_id, login="lina")
    with pytest.raises(InvalidInput) as r:
        void(showroom, done.payment_id, reason="  ")
    assert (r.value.field, str(r.value)) == ("reason", "请填写原因。")
    with pytest.raises(NotFound) as n:
        void(showroom, 999_999)
    assert n.value.field == "payment"
    assert refusal(showroom, done.payment_id) is None
    assert account(showroom, deal).received == Decimal("50000.00")


def test_a_voided_payment_counts_nowhere_and_keeps_its_number(showroom: Database) -> None:
    day(showroom, date(2026, 3, 11))
    deal = subscribe(showroom, "1-2601", "13800000001", "50000", "full", date(2026, 3, 13))
    wrong = pay(showroom, deal, "4264366.08", method="cash")  # the whole price, typed by mistake
    with pytest.raises(InvalidInput):
        pay(showroom, deal, "50000")  # nothing is left to pay
    done = void(showroom, wrong.payment_id)
    assert (done.receipt_no, done.amount, done.account.received, done.account.balance) == (
        "SJ2026-00001", Decimal("4264366.08"), Decimal("0.00"), Decimal("4264366.08"))
    with pytest.raises(Conflict) as again:
        void(showroom, wrong.payment_id)
    assert str(again.value) == "该笔收款已作废。"
    assert refusal(showroom, wrong.payment_id) == "该笔收款已作废。"
    right = pay(showroom, deal, "50000")  # the overpayment check leaves the void out
    assert right.receipt_no == "SJ2026-00002" and right.account.received == Decimal("50000.00")
    who, p = actor(showroom, "assistant"), pid(showroom)
    with showroom.read() as s:
        march = collection.month(s, who, p)
        deal_now = collection.deal_payments(s, who, p, "1-2601")
        listed = collection.received(s, who, p)
        row = s.get_one(Payment, wrong.payment_id)
    assert (march.collected, march.refunded) == (Decimal("50000.00"), Decimal("0.00"))
    assert deal_now is not None
    assert [(r.item, r.due_on, r.amount, r.outstanding) for r in deal_now.schedule] == [
        ("定金", date(2026, 3, 11), Decimal("50000.00"), Decimal("0.00")),
        ("房款余额", date(2026, 3, 20), Decimal("4214366.08"), Decimal("4214366.08"))]
    assert (deal_now.due, deal_now.received, deal_now.balance, deal_now.cancelled) == (
        Decimal("4264366.08"), Decimal("50000.00"), Decimal("4214366.08"), False)
    assert [(r.receipt_no, r.voided) for r in deal_now.payments] == [("SJ2026-00002", False),
                                                                     ("SJ2026-00001", True)]
    assert [(r.receipt_no, r.amount, r.voided, r.void_reason) for r in listed] == [
        ("SJ2026-00002", Decimal("50000.00"), False, ""),
        ("SJ2026-00001", Decimal("4264366.08"), True, "录错金额")]
    assert (row.voided_by, row.void_reason, row.amount) == (
        actor(showroom, "manager").id, "录错金额", Decimal("4264366.08"))
    assert row.voided_at is not None


def test_no_void_leaves_a_deal_refunded_more_than_it_received(showroom: Database) -> None:
    day(showroom, date(2026, 3, 1))
    deal = subscribe(showroom, "1-2604", "13800000004", "80000", "full", date(2026, 3, 5))
    paid = pay(showroom, deal, "80000")
    cancel(showroom, "1-2604")
    back = refund(showroom, deal, "80000")
    message = ("作废后该交易退款将超过收款（已收 ¥0.00，作废 ¥80,000.00）：请先作废对应的退款。")
    assert refusal(showroom, paid.payment_id) == message
    with pytest.raises(Conflict) as e:
        void(showroom, paid.payment_id)
    assert str(e.value) == message
    undone = void(showroom, back.payment_id, reason="退款未付出")
    assert undone.kind == "refund" and undone.amount == Decimal("-80000.00")
    assert (undone.account.received, undone.account.balance) == (Decimal("80000.00"),
                                                                  Decimal("-80000.00"))
    with pytest.raises(InvalidInput):  # the refund check leaves the void out too
        refund(showroom, deal, "80000.01")
    last = void(showroom, paid.payment_id, reason="款项未到账")
    assert (last.account.received, last.account.balance) == (Decimal("0.00"), Decimal("0.00"))
    assert account(showroom, deal).balance == Decimal("0.00")


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return " ".join(out.split())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
def test_a_voided_payment_reprints_marked_void_and_logged(showroom: Database,
                                                          tmp_path: Path) -> None:
    day(showroom, date(2026, 3, 11))
    deal = subscribe(showroom, "1-2601", "13800000001", "50000", "full", date(2026, 3, 13))
    wrong = pay(showroom, deal, "10005", method="pos")
    who = actor(showroom, "assistant")
    with showroom.begin() as s:
        first = prints.issue(s, prints.PrintRequest(who, DocumentKind.RECEIPT, pid(showroom),
                                                    "SJ2026-00001", invariant=True))
    void(showroom, wrong.payment_id, reason="重复录入")
    with showroom.read() as s:
        preview = prints.render(s, who, DocumentKind.RECEIPT, pid(showroom), "SJ2026-00001",
                                invariant=True)
    with showroom.begin() as s:
        again = prints.issue(s, preview.request)
    with showroom.read() as s:
        log = s.execute(select(PrintLog.copy_no, PrintLog.voided, PrintLog.reason)
                        .where(PrintLog.ref == "SJ2026-00001").order_by(PrintLog.id)).all()
    assert (first.mark, preview.mark, again.mark, again.copy_no) == ("", "作废", "作废", 2)
    assert again.filename == "收据-SJ2026-00001-作废.pdf"
    assert [tuple(r) for r in log] == [(1, False, ""), (2, True, "重复录入")]
    assert "作" not in pdf_text(first.pdf, tmp_path)
    words = pdf_text(again.pdf, tmp_path)
    assert "作" in words and "废" in words and "¥10,005.00" in words  # the mark is drawn turned


# --- deals from before payments were kept ------------------------------------------


def to_0012(db: Database) -> None:
    from alembic import command
    from alembic.config import Config

    from desk.core.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0012")
        conn.commit()


def plans(db: Database) -> list[tuple[object, ...]]:
    with db.read() as s:
        return [tuple(r) for r in s.execute(
            select(PaymentPlan.deal_id, PaymentPlan.claim_id, PaymentPlan.began_on,
                   Instalment.seq, Instalment.kind, Instalment.due_on, Instalment.amount)
            .join(Instalment, Instalment.deal_id == PaymentPlan.deal_id)
            .order_by(PaymentPlan.deal_id, Instalment.seq)).all()]


def test_deals_from_before_payments_get_the_plan_they_would_have(showroom: Database) -> None:
    """Deals made, the database taken back to revision 0012 (no payment tables),
    then opened as the application opens it: each live deal has the plan it
    would have had, once; a cancelled one is left alone."""
    who, p = actor(showroom, "assistant"), pid(showroom)
    day(showroom, date(2026, 2, 20))  # a contract: subscribed on the 20th, signed on the 24th
    signed = subscribe(showroom, "1-2602", "13800000002", "100000", "mortgage", date(2026, 2, 25))
    day(showroom, date(2026, 2, 24))
    with showroom.begin() as s:
        contract = claims.contract(s, who, p, "1-2602").id
    day(showroom, date(2026, 3, 1))  # a subscription moved to another unit
    moved = subscribe(showroom, "1-2603", "13800000003", "30000", "full", date(2026, 3, 6))
    day(showroom, date(2026, 3, 2))
    with showroom.begin() as s:
        now = claims.change_unit(s, actor(showroom, "manager"), p, "1-2603", "1-1502",
                                 reason="客户换房").id
    subscribe(showroom, "1-2604", "13800000004", "80000", "full", date(2026, 3, 5))
    cancel(showroom, "1-2604")
    before = plans(showroom)
    before_cancelled = [r for r in before if r[0] not in (signed, moved)]
    to_0012(showroom)
    showroom.migrate()
    with showroom.read() as s:
        assert s.execute(select(PaymentPlan.deal_id)).all() == []
    day(showroom, date(2026, 3, 11))
    assert payments.open_missing_plans_of(showroom) == 2
    assert payments.open_missing_plans_of(showroom) == 0
    after = plans(showroom)
    assert after == [r for r in before if r not in before_cancelled]
    assert [r[:3] for r in after[:1]] == [(signed, contract, date(2026, 2, 20))]
    assert {r[:3] for r in after[3:]} == {(moved, now, date(2026, 3, 1))}
    # the plan works as a new deal's does
    done = pay(showroom, contract, "100000", date(2026, 3, 11))
    assert done.account.deal_id == signed and done.receipt_no == "SJ2026-00001"
    with showroom.read() as s:
        late = collection.overdue(s, who, p)
    assert [(r.deal_id, r.item, r.outstanding) for r in late] == [
        (moved, "定金", Decimal("30000.00")),
        (signed, "首付款余额（首付 30%）", Decimal("833621.00"))]
