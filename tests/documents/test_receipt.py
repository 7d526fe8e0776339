"""The receipt (收据) of a payment: the amount in figures and in capitals, read
back from the PDF with pdftotext; printed and logged like every document."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from desk.core.db import Database
from desk.core.errors import NotFound, PermissionDenied
from desk.documents import prints
from desk.documents.pdf.amounts import rmb_upper
from desk.models.enums import DocumentKind
from desk.sales import payments
from tests.conftest import actor
from tests.sales.test_payments import day, pay, pid, showroom, subscribe  # noqa: F401

pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")


@pytest.mark.parametrize(("amount", "words"), [
    ("1234.50", "壹仟贰佰叁拾肆元伍角整"),
    ("10005.00", "壹万零伍元整"),
    ("100000", "壹拾万元整"),
    ("80000.07", "捌万元零柒分"),
    ("1001010.10", "壹佰万壹仟零壹拾元壹角整"),
    ("4264366.08", "肆佰贰拾陆万肆仟叁佰陆拾陆元零捌分"),
    ("0.50", "伍角整"),
])
def test_amount_in_words(amount: str, words: str) -> None:
    assert rmb_upper(Decimal(amount)) == words


def text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pdftotext
def test_the_receipt_states_the_payment(showroom: Database, tmp_path: Path) -> None:  # noqa: F811
    day(showroom, date(2026, 3, 11))
    deal = subscribe(showroom, "1-2601", "13800000001", "50000", "full", date(2026, 3, 13))
    done = pay(showroom, deal, "10005", date(2026, 3, 11), method="pos")
    who = actor(showroom, "assistant")
    with showroom.begin() as s:
        first = prints.issue(s, prints.PrintRequest(who, DocumentKind.RECEIPT, pid(showroom),
                                                    "SJ2026-00001", invariant=True))
    with showroom.begin() as s:
        again = prints.issue(s, prints.PrintRequest(who, DocumentKind.RECEIPT, pid(showroom),
                                                    "sj2026-00001", invariant=True))
    assert done.receipt_no == "SJ2026-00001"
    assert (first.copy_no, first.mark, again.copy_no, again.mark) == (1, "", 2, "副本")
    assert first.filename == "收据-SJ2026-00001.pdf"
    page = text(first.pdf, tmp_path)
    words = " ".join(page.split())
    assert words.count("SJ2026-00001") == 1  # in the page header only
    # the signatures on one line of their own, drawn rules and no stray underscores
    assert [" ".join(line.split()) for line in page.splitlines() if "签字" in line] == [
        "收款单位（盖章）： 交款人（签字）："]
    assert "＿" not in page and "—" not in page
    for part in ("收据 编号 SJ2026-00001", "交款人 买家01", "收款日期 2026-03-11",
                 f"房号 1-2601 认购/合同号 RG{deal:06d}", "¥10,005.00", "人民币壹万零伍元整",
                 "收款方式 POS 机", "经办人 孙晓燕", "翠湖置业"):
        assert part in words, part
    assert "第 1 份" in words and "副" not in words
    reprint = " ".join(text(again.pdf, tmp_path).split())
    assert "第 2 份" in reprint and "副" in reprint  # the mark is drawn turned: 副 and 本 apart


def test_a_receipt_needs_the_right_and_a_real_number(showroom: Database) -> None:  # noqa: F811
    with pytest.raises(NotFound) as e, showroom.begin() as s:
        prints.issue(s, prints.PrintRequest(actor(showroom, "assistant"), DocumentKind.RECEIPT,
                                            pid(showroom), "SJ2026-09999"))
    assert str(e.value) == "没有收据号为 SJ2026-09999 的收款。"
    with pytest.raises(PermissionDenied), showroom.begin() as s:
        prints.issue(s, prints.PrintRequest(actor(showroom, "lina"), DocumentKind.RECEIPT,
                                            pid(showroom), "SJ2026-00001"))


@pdftotext
def test_the_receipt_says_what_the_money_paid_in_order(showroom: Database,  # noqa: F811
                                                        tmp_path: Path) -> None:
    day(showroom, date(2026, 3, 11))
    deal = subscribe(showroom, "1-2601", "13800000001", "50000", "mortgage", date(2026, 3, 13))
    who = actor(showroom, "assistant")
    with showroom.begin() as s:
        payments.record_payment(s, who, deal, "999999", note="定金", force=True)
    with showroom.begin() as s:
        printed = prints.issue(s, prints.PrintRequest(who, DocumentKind.RECEIPT, pid(showroom),
                                                      "SJ2026-00001", invariant=True))
    words = " ".join(text(printed.pdf, tmp_path).split())
    assert "款项说明 定金 50,000.00；首付款 949,999.00" in words
    assert "备注 定金" in words  # the note typed with it, beside
    assert "¥999,999.00" in words and "人民币玖拾玖万玖仟玖佰玖拾玖元整" in words
