"""Documents as real PDFs, read back: fields, capital amounts, fonts, marks, checks."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy import select

from desk.admin import projects
from desk.core.db import Database
from desk.core.errors import InvalidInput
from desk.documents import prints
from desk.documents.pdf.amounts import rmb_upper
from desk.documents.pdf.fonts import check_printable, missing_chars
from desk.models import Claim, PrintLog
from desk.sales import claims, units
from tests.cli.test_cli import run
from tests.conftest import TESTDATA, actor

# --- capital amounts -------------------------------------------------------------


@pytest.mark.parametrize("amount,expected", [
    ("0", "零元整"), ("0.01", "壹分"), ("0.1", "壹角整"), ("10", "壹拾元整"),
    ("100.10", "壹佰元壹角整"), ("10.05", "壹拾元零伍分"), ("10005", "壹万零伍元整"),
    ("1000000", "壹佰万元整"), ("1234567", "壹佰贰拾叁万肆仟伍佰陆拾柒元整"),
    ("100000000.09", "壹亿元零玖分"), ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
    ("1001000021", "壹拾亿零壹佰万零贰拾壹元整"),
    ("12000012412421", "壹拾贰万亿零壹仟贰佰肆拾壹万贰仟肆佰贰拾壹元整"),
    ("2553887", "贰佰伍拾伍万叁仟捌佰捌拾柒元整"), ("6194621.70", "陆佰壹拾玖万肆仟陆佰贰拾壹元柒角整"),
    ("0.005", "壹分"), ("-3.5", "负叁元伍角整"), ("1,234.00", "壹仟贰佰叁拾肆元整"),
])
def test_capital_amounts(amount: str, expected: str) -> None:
    assert rmb_upper(amount) == expected


@pytest.mark.skipif(not TESTDATA.exists(), reason="../shared/testdata is absent")
def test_capital_amount_vectors_of_the_same_convention() -> None:
    """cn2an, hutool and nzh (default options) write the same as we do, except that
    the PBoC rule also puts 整 after 角 and nzh prefixes 人民币. num2words (圆/正,
    no 零 before 分) and nzh's optional styles follow other conventions."""
    rows = csv.DictReader((TESTDATA / "rmb_uppercase_vectors.csv").open(encoding="utf-8"))
    checked = 0
    for r in rows:
        if r["is_daxie_uppercase"] != "yes" or "num2words" in r["source"]:
            continue
        if any(k in r["options"] for k in ("unOmitYuan", "complete", "custom", "forceZheng")):
            continue
        if r["amount"] in ("null", "-0.001") or abs(Decimal(r["amount"])) >= 10**16:
            continue  # no amount / negative zero / beyond 万亿
        expected = r["expected_uppercase"].removeprefix("人民币")
        if expected.endswith(("元", "角")):
            expected += "整"
        assert rmb_upper(r["amount"]) == expected, r
        checked += 1
    assert checked >= 50


DIGITS = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}


def parse_upper(text: str) -> Decimal:
    """The inverse, for the round-trip property (tests only)."""
    sign = -1 if text.startswith("负") else 1
    text = text.removeprefix("负").removesuffix("整")
    yuan_part, _, frac = text.partition("元") if "元" in text else ("", "", text)
    total = 0
    section = 0
    num = 0
    for ch in yuan_part:
        if ch in DIGITS:
            num = DIGITS[ch]
        elif ch in "拾佰仟":
            section += num * {"拾": 10, "佰": 100, "仟": 1000}[ch]
            num = 0
        elif ch == "万":
            section = (section + num) * 10**4
            num = 0
            total += section
            section = 0
        elif ch == "亿":
            total = (total + section + num) * 10**8
            section = num = 0
    total += section + num
    fen = 0
    for a, b in pairwise(frac):
        if a in DIGITS and b in "角分":
            fen += DIGITS[a] * (10 if b == "角" else 1)
    return sign * (Decimal(total) + Decimal(fen) / 100)


@given(st.decimals(min_value=Decimal("-99999999999.99"), max_value=Decimal("9999999999999.99"),
                   places=2, allow_nan=False, allow_infinity=False))
def test_capital_amounts_round_trip(amount: Decimal) -> None:
    text = rmb_upper(amount)
    assert parse_upper(text) == amount
    assert "零零" not in text and not text.endswith("零") and ("分整" not in text)
    assert text.endswith("整") == (amount * 100 % 10 == 0)


# --- documents --------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def pid(db: Database) -> int:
    with db.read() as s:
        return projects.find_project(s, None).id


def first(db: Database, status: str) -> units.UnitRow:
    with db.read() as s:
        return next(r for r in units.rows(s, pid(db)) if r.status == status)


def render(db: Database, kind: str, ref: str, who: str = "assistant", **kw) -> prints.Printed:  # type: ignore[no-untyped-def]
    """The preview: a read."""
    with db.read() as s:
        return prints.render(s, actor(db, who), kind, pid(db), ref, **kw)


def issue(db: Database, kind: str, ref: str, who: str = "assistant", **kw) -> prints.Printed:  # type: ignore[no-untyped-def]
    """A real print (or save): logged."""
    with db.begin() as s:
        return prints.issue(s, prints.PrintRequest(actor(db, who), kind, pid(db), ref, **kw))


def test_slip_shows_the_hold_with_a_masked_phone(demo_db: Database) -> None:
    u = first(demo_db, "held")
    p = render(demo_db, "slip", u.code, who="lina")
    text = pdf_text(p.pdf)
    for field in (u.code, u.customer, u.rep, "房源预留单", "预售许可证号", "预留截止",
                  "第 1 页 / 共 1 页", "YL"):
        assert field in text, field
    assert u.customer_phone[-4:] in text and u.customer_phone[3:] not in text.replace(" ", "")
    assert rmb_upper(u.agreed_price) in text.replace("\n", "")
    width, height = PdfReader(io.BytesIO(p.pdf)).pages[0].mediabox.upper_right
    assert (round(float(width)), round(float(height))) == (420, 595)  # A5
    assert len(p.pdf) < 100_000


def test_contract_carries_every_field_and_the_capitals(demo_db: Database) -> None:
    u = first(demo_db, "signed")
    p = render(demo_db, "contract", u.contract_number)
    text = pdf_text(p.pdf).replace("\n", "")
    with demo_db.read() as s:
        c = s.execute(select(Claim).where(Claim.contract_number == u.contract_number)).scalar_one()
    for field in ("商品房买卖合同（预售）", u.contract_number, u.customer, "深圳市翠湖置业有限公司",
                  "深房许字（2026）南山018号", str(u.gross_area), f"{c.price:,.2f}",
                  rmb_upper(c.price), rmb_upper(c.deposit), "第一条", "第六条", "银行按揭贷款"):
        assert field in text, field
    assert "4403051" in text  # the buyer's full ID number (the buyer's own document)


def test_same_data_gives_the_same_bytes_with_invariant(demo_db: Database) -> None:
    u = first(demo_db, "subscribed")
    a = issue(demo_db, "subscription", u.code, invariant=True)
    with demo_db.begin() as s:  # forget the first print, so the copy number is the same
        s.query(PrintLog).delete()
    b = issue(demo_db, "subscription", u.code, invariant=True)
    assert a.pdf == b.pdf and a.mark == b.mark == ""
    with demo_db.begin() as s:
        s.query(PrintLog).delete()
    assert render(demo_db, "subscription", u.code, invariant=True).pdf == a.pdf  # the preview


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_every_font_is_embedded(demo_db: Database, tmp_path: Path) -> None:
    for kind, ref in (("slip", first(demo_db, "held").code),
                      ("contract", first(demo_db, "signed").contract_number),
                      ("visitor_form", "")):
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(render(demo_db, kind, ref, who="manager").pdf)
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
        assert out and all(line.split()[-5] == "yes" for line in out), out
        assert not any("Helvetica" in line for line in out)


def test_reprint_is_a_copy_and_a_void_is_marked_and_logged(demo_db: Database) -> None:
    code = first(demo_db, "held").code
    one = issue(demo_db, "slip", code)
    two = issue(demo_db, "slip", code)
    assert (one.copy_no, one.mark, two.copy_no, two.mark) == (1, "", 2, "副本")
    assert "副本" in pdf_text(two.pdf) and "第 2 份" in pdf_text(two.pdf)
    void = issue(demo_db, "slip", code, void_reason="客户改约")
    assert void.mark == "作废" and "作废" in pdf_text(void.pdf)
    with demo_db.read() as s:
        log = s.execute(select(PrintLog).order_by(PrintLog.id)).scalars().all()
    assert [(x.copy_no, x.voided) for x in log] == [(1, False), (2, False), (3, True)]
    assert log[-1].reason == "客户改约"


def test_a_wrong_contract_is_refused_with_every_problem(demo_db: Database) -> None:
    u = first(demo_db, "signed")
    with demo_db.begin() as s:
        c = s.execute(select(Claim).where(Claim.contract_number == u.contract_number)).scalar_one()
        c.price = c.price - 1000  # differs from the subscription now
        from desk.models import Customer

        s.get(Customer, c.customer_id).id_number_enc = None
    with pytest.raises(prints.ContractRefused) as e:
        render(demo_db, "contract", u.contract_number)
    text = str(e.value)
    assert "认购成交价" in text and "身份证号未登记" in text and "付款计划" not in text


def test_subscription_print_needs_a_subscribed_unit(demo_db: Database) -> None:
    with pytest.raises(Exception) as e:
        render(demo_db, "subscription", first(demo_db, "available").code)
    assert "没有有效的认购" in str(e.value)


def test_rare_characters_are_named_not_printed_as_boxes(demo_db: Database) -> None:
    assert missing_chars("张𠮷") == ["𠮷"] and missing_chars("常用字") == []
    with pytest.raises(InvalidInput) as e:
        check_printable({"customer": "王𠮷"})
    assert "𠮷" in str(e.value) and "U+20BB7" in str(e.value) and e.value.field == "customer"
    code = first(demo_db, "available").code
    with demo_db.begin() as s:
        claims.hold(s, actor(demo_db, "lina"), pid(demo_db), code,
                    customer_phone="13600001234", customer_name="陈𠮷")
    with pytest.raises(InvalidInput) as e:
        issue(demo_db, "slip", code)
    assert "𠮷" in str(e.value)
    with demo_db.read() as s:
        assert s.execute(select(PrintLog)).first() is None  # a refused print is not logged


def test_visitor_form_blank_and_filled(demo_db: Database) -> None:
    blank = pdf_text(render(demo_db, "visitor_form", "", who="frontdesk").pdf)
    assert "客户登记表" in blank and "□初访" in blank and "□朋友介绍" in blank
    with demo_db.read() as s:
        from desk.visitors import visitors

        row = visitors.search(s, actor(demo_db, "frontdesk"), "zs")[0]
    filled = pdf_text(render(demo_db, "visitor_form", str(row.id), who="frontdesk").pdf)
    assert row.name in filled and row.phone in filled


def test_payment_plans_add_up() -> None:
    for method in ("full", "mortgage", "instalments"):
        plan = prints.schedule(Decimal("2857613.33"), Decimal("50000"), method)
        assert sum(i.amount for i in plan) == Decimal("2857613.33")
        assert all(i.amount >= 0 for i in plan)


def test_cli_print_slip_and_contract(demo_db: Database, tmp_path: Path) -> None:
    u = first(demo_db, "signed")
    out = run(demo_db.url, "print", "contract", u.contract_number, "-o",
              str(tmp_path / "c.pdf"), "--user", "assistant").stdout
    assert "第 1 份" in out and (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")
    p = run(demo_db.url, "print", "contract", "HT1999-99999", "-o", str(tmp_path / "x.pdf"),
            "--user", "assistant", ok=False)
    assert p.returncode == 4 and "HT1999-99999" in p.stderr
    run(demo_db.url, "print", "slip", first(demo_db, "held").code, "-o", str(tmp_path / "s.pdf"),
        "--user", "assistant")
    assert PdfReader(tmp_path / "s.pdf").pages


def test_preview_shows_the_pages_and_prints_them(ui_app, qtbot, demo_db, tmp_path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from desk.ui.common.operations import Operations
    from desk.ui.documents.preview import PdfPreview

    printed = render(demo_db, "contract", first(demo_db, "signed").contract_number)
    dlg = PdfPreview(printed, Operations(demo_db))
    qtbot.addWidget(dlg)
    assert dlg.doc.pageCount() == 2 and printed.filename in dlg.windowTitle()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    dlg.paint_pages(printer)  # what "Print…" sends to the printer, here into a file
    assert len(PdfReader(out).pages) == 2


def test_unit_dialog_prints_in_the_background(ui_app, qtbot, open_window, demo_db) -> None:
    from desk.ui.documents import preview as print_preview
    from desk.ui.sales.unit_dialog import UnitDialog

    u = first(demo_db, "signed")
    win = open_window(demo_db, "assistant")
    dlg = UnitDialog(win.ctx, pid(demo_db), u.code)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.loads == 1, timeout=3000)
    dlg.buttons["print"].click()
    qtbot.waitUntil(lambda: bool(dlg.findChildren(print_preview.PdfPreview)), timeout=5000)
    shown = dlg.findChildren(print_preview.PdfPreview)[0].printed
    assert shown.kind == "contract" and shown.ref == u.contract_number and not shown.issued
