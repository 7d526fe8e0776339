"""Document generation (warm): the reservation slip and the contract, against
ReportLab drawing the same number of characters on a canvas with the same font;
and the slip's file size."""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path

from bench.common import median, report


def _baseline(chars: str, pages: int) -> float:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from desk.documents.pdf.fonts import register

    font = register()
    t = time.perf_counter()
    out = io.BytesIO()
    c = Canvas(out, pagesize=A4, initialFontName=font)
    per_page = len(chars) // pages + 1
    for p in range(pages):
        c.setFont(font, 10)
        text = chars[p * per_page:(p + 1) * per_page]
        for i in range(0, len(text), 40):
            c.drawString(50, 800 - (i // 40) * 14, text[i:i + 40])
        c.showPage()
    c.save()
    return time.perf_counter() - t


def run(rounds: int = 15) -> list[dict]:
    from pypdf import PdfReader

    from desk.admin import auth, projects
    from desk.core.db import Database
    from desk.demo import showroom as demo
    from desk.documents import prints
    from desk.documents.pdf import layouts as documents
    from desk.documents.pdf.template import Header

    path = Path(tempfile.mkdtemp(prefix="desk-bench-print-")) / "desk.sqlite3"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    with db.begin() as s:
        demo.load(s)
    with db.read() as s:
        pid = projects.find_project(s, None).id
        from desk.sales import units

        rows = units.rows(s, pid)
        held = next(r for r in rows if r.status == "held")
        signed = next(r for r in rows if r.status == "signed")
        slip = prints.slip_data(s, pid, held.code)
        deal, _ = prints.deal_data(s, pid, "contract", signed.contract_number)
        actor = auth.get_actor(s, "assistant")
    header = Header("翠湖天地", "预留单", slip.serial, actor.name, "2026-11-22 10:00")
    out = []
    for name, make in (("reservation slip", lambda: documents.slip(slip, header)),
                       ("contract", lambda: documents.deal(deal, header))):
        pdf = make()  # warm: fonts loaded, modules imported
        reader = PdfReader(io.BytesIO(pdf))
        text = "".join(p.extract_text() for p in reader.pages).replace("\n", "")
        a, b = [], []
        for _ in range(rounds):
            t = time.perf_counter()
            make()
            a.append(time.perf_counter() - t)
            b.append(_baseline(text, len(reader.pages)))
        extra = f"; {len(text)} characters, {len(reader.pages)} page(s), {len(pdf) / 1024:.0f} KB"
        out.append(report(f"{name} generation vs the same characters on a bare canvas",
                          median(a), median(b), 2.0, unit="ms", extra=extra))
        if name == "reservation slip":
            verdict = "OK" if len(pdf) <= 100 * 1024 else "OVER TARGET"
            print(f"reservation slip size: {len(pdf) / 1024:.1f} KB (target ≤ 100 KB)  {verdict}")
    db.dispose()
    return out
