"""Where things fall on the page: signatures keep the text before them, and
nothing runs past the right margin, for every document at many lengths."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4, A5

from desk.core.db import Database
from desk.documents import prints
from desk.documents.pdf import layouts
from desk.documents.pdf.data import Buyer, DealData, SlipData, VisitorSheet
from desk.documents.pdf.template import MARGIN, Header
from tests.conftest import actor
from tests.documents.test_printing import first, pid

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None or
                                shutil.which("pdftoppm") is None,
                                reason="poppler-utils not installed")

HEADER = Header("翠湖天地", "单据", "1", "孙晓燕", "2000-01-01 00:00")
CO_BUYERS = (Buyer("李四", "110101199003074477"), Buyer("欧阳娜娜", "11010119900307002X"))
LONG = ("出卖人与买受人就该商品房的交付条件、质量标准、保修责任、税费承担、违约责任及争议解决方式"
        "等事项另行约定，另行约定的内容与本条不一致的，以另行约定为准。")


def pages(pdf: bytes, tmp: Path) -> list[str]:
    """The text of each page, as pdftotext reads it, without spaces or line ends."""
    path = tmp / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return ["".join(page.split()) for page in out.split("\f")[:-1]]


def signature_page(texts: list[str], signature: str, before: str) -> tuple[int, bool]:
    """The page of the signature block, and whether the text before it is there too."""
    at = next(i for i, t in enumerate(texts) if signature in t)
    return at, before in texts[at]


def deal_cases(base: DealData) -> list[tuple[str, DealData]]:
    cases = []
    for buyers in (1, 2, 3):
        for length, text, most in (("short", "双方按本合同约定履行。", 16), ("long", LONG, 24)):
            for n in range(1, most + 1):
                clauses = [f"{text}本条编号{i:02d}。" for i in range(1, n + 1)]
                cases.append((f"{buyers} buyer(s), {n} {length} clause(s)",
                              replace(base, clauses=clauses, co_buyers=CO_BUYERS[:buyers - 1])))
    return cases


@pytest.mark.parametrize("kind", ["subscription", "contract"])
def test_deal_signatures_never_stand_alone(demo_db: Database, tmp_path: Path, kind: str) -> None:
    with demo_db.read() as s:
        ref = first(demo_db, "subscribed" if kind == "subscription" else "signed")
        base, _ = prints.deal_data(s, pid(demo_db), kind, ref.code if kind == "subscription"
                                   else ref.contract_number or "")
    page_counts = set()
    for name, data in deal_cases(base):
        texts = pages(layouts.deal(data, HEADER, invariant=True), tmp_path)
        page_counts.add(len(texts))
        at, together = signature_page(texts, "签字/盖章", f"本条编号{len(data.clauses):02d}")
        assert together, f"{kind}, {name}: the signatures stand alone on page {at + 1}"
        for b in data.co_buyers:  # every buyer has a place to sign, on the same page
            assert f"共同{'认购人' if kind == 'subscription' else '买受人'}{b.name}（签字/盖章）" \
                in texts[at], name
    assert page_counts >= {1, 2, 3}  # the cases do cross page ends


def test_slip_and_visitor_form_signatures_keep_the_text_before_them(
        demo_db: Database, tmp_path: Path) -> None:
    with demo_db.read() as s:
        slip = prints.slip_data(s, pid(demo_db), first(demo_db, "held").code)
        sheet = prints.visitor_sheet(s, actor(demo_db, "frontdesk"), pid(demo_db), None)
    slips: list[SlipData] = [
        replace(slip, qr="SD1:1:1:slip:1:AAAAAAAAAA"),
        replace(slip, qr="SD1:1:1:slip:1:AAAAAAAAAA", customer="欧阳娜娜娜娜",
                seller=replace(slip.seller, project="翠湖天地" * 8)),
    ]
    for d in slips:
        texts = pages(layouts.slip(d, HEADER, invariant=True), tmp_path)
        assert signature_page(texts, "客户（签字）", "本单不作为认购或付款凭证") == (0, True)
    page_counts = set()
    for n in range(0, 150, 4):
        d: VisitorSheet = replace(sheet, notes="客户关注学区与交房时间，" * n)
        texts = pages(layouts.visitor_sheet(d, HEADER, invariant=True), tmp_path)
        page_counts.add(len(texts))
        _, together = signature_page(texts, "客户签字", "不将其用于其他用途")
        assert together, f"{n * 12} characters of notes: the signature stands alone"
    assert page_counts >= {1, 2}


def ink_past_the_right_margin(pdf: bytes, page_width: float, tmp: Path,
                              dpi: int = 100) -> list[float]:
    """Per page: how far (mm) anything is drawn past the right margin; 0: nothing."""
    path = tmp / "ink.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(path), str(tmp / "ink")], check=True)
    limit = (page_width - MARGIN) / 72 * dpi + 1  # one pixel for the anti-aliased edge
    out = []
    for pgm in sorted(tmp.glob("ink-*.pgm")):
        with Image.open(pgm) as im:
            w, h = im.size
            px = im.load()
            inked = [x for x in range(int(limit) + 1, w) for y in range(h) if px[x, y] < 200]
        out.append((max(inked) - limit) / dpi * 25.4 if inked else 0.0)
        pgm.unlink()
    return out


def test_no_table_runs_past_the_right_margin(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.read() as s:
        p = pid(demo_db)
        slip = prints.slip_data(s, p, first(demo_db, "held").code)
        sub, _ = prints.deal_data(s, p, "subscription", first(demo_db, "subscribed").code)
        contract, _ = prints.deal_data(s, p, "contract",
                                       first(demo_db, "signed").contract_number or "")
        sheet = prints.visitor_sheet(s, actor(demo_db, "frontdesk"), p, None)
    documents = {
        "slip": (layouts.slip(replace(slip, qr="SD1:1:123456:slip:12:AAAAAAAAAA"), HEADER,
                              True), A5),
        "subscription": (layouts.deal(replace(sub, co_buyers=CO_BUYERS), HEADER, True), A4),
        "contract": (layouts.deal(replace(contract, co_buyers=CO_BUYERS,
                                          clauses=[LONG] * 12), HEADER, True), A4),
        "visitor form": (layouts.visitor_sheet(sheet, HEADER, True), A4),
    }
    for name, (pdf, size) in documents.items():
        assert ink_past_the_right_margin(pdf, size[0], tmp_path) == [0.0] * len(
            pages(pdf, tmp_path)), name



def test_a_co_buyers_wrong_id_is_refused_like_the_buyers(demo_db: Database) -> None:
    with demo_db.read() as s:
        data, claim = prints.deal_data(s, pid(demo_db), "contract",
                                       first(demo_db, "signed").contract_number or "")
        assert prints.check_deal(s, replace(data, co_buyers=CO_BUYERS), claim) == []
        problems = prints.check_deal(
            s, replace(data, co_buyers=(Buyer("李四", "110101199003074478"),)), claim)
    assert len(problems) == 1 and problems[0][0].startswith("共同买受人 李四 的身份证号无效：")
