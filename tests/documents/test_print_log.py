"""The print log counts real prints and saves only: a preview is not a copy."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desk.core.db import Database
from desk.core.errors import Conflict
from desk.documents import prints
from desk.models import PrintLog
from desk.sales import claims
from tests.conftest import actor, settle
from tests.documents.test_printing import first, issue, pdf_text, pid, render


def log(db: Database) -> list[tuple[str, str, int, bool]]:
    with db.read() as s:
        return [(x.kind, x.ref, x.copy_no, x.voided)
                for x in s.execute(select(PrintLog).order_by(PrintLog.id)).scalars()]


def test_a_preview_logs_nothing_and_shows_the_number_the_next_print_gets(
        demo_db: Database) -> None:
    code = first(demo_db, "held").code
    for _ in range(2):
        preview = render(demo_db, "slip", code)
        assert (preview.copy_no, preview.mark, preview.issued) == (1, "", False)
    assert log(demo_db) == []
    original = issue(demo_db, "slip", preview.request.ref)
    assert (original.copy_no, original.mark, original.issued) == (1, "", True)
    assert "副本" not in pdf_text(original.pdf) and "第 1 份" in pdf_text(original.pdf)
    after = render(demo_db, "slip", code)
    assert (after.copy_no, after.mark) == (2, "副本") and "第 2 份" in pdf_text(after.pdf)
    assert len(log(demo_db)) == 1


def test_issuing_a_preview_takes_the_number_the_log_gives_then(demo_db: Database) -> None:
    """Two PCs preview the same contract; both show the original; the one that
    prints second prints a copy, and says so on the paper."""
    number = first(demo_db, "signed").contract_number
    a, b = render(demo_db, "contract", number), render(demo_db, "contract", number)
    assert a.copy_no == b.copy_no == 1
    with demo_db.begin() as s:
        one = prints.issue(s, a.request)
    with demo_db.begin() as s:
        two = prints.issue(s, b.request)
    assert (one.copy_no, one.mark, two.copy_no, two.mark) == (1, "", 2, "副本")
    assert "副本" in pdf_text(two.pdf) and "第 2 份" in pdf_text(two.pdf)
    assert log(demo_db) == [("contract", number, 1, False), ("contract", number, 2, False)]


def test_two_pcs_printing_at_once_get_two_numbers(any_db: Database) -> None:
    """The second print waits for the first to commit, then counts it."""
    from desk.demo import showroom as demo

    with any_db.begin() as s:
        demo.load(s)
    number = first(any_db, "signed").contract_number
    req = prints.PrintRequest(actor(any_db, "assistant"), "contract", pid(any_db), number)
    got: list[int] = []
    second_started = threading.Event()

    def second() -> None:
        second_started.set()
        with any_db.begin() as s:
            got.append(prints.issue(s, req).copy_no)

    with any_db.begin() as s:
        first_print = prints.issue(s, req)
        t = threading.Thread(target=second)
        t.start()
        second_started.wait(5)
        t.join(0.5)
        assert t.is_alive()  # queued behind the first print's transaction
    t.join(30)
    assert (first_print.copy_no, got) == (1, [2])
    assert [x[2] for x in log(any_db)] == [1, 2]


def test_a_new_hold_on_the_same_unit_prints_an_original_slip(demo_db: Database) -> None:
    code = first(demo_db, "available").code
    lina = actor(demo_db, "lina")
    with demo_db.begin() as s:
        claims.hold(s, lina, pid(demo_db), code, customer_phone="13600001234",
                    customer_name="陈一")
    assert issue(demo_db, "slip", code).mark == ""
    with demo_db.begin() as s:
        claims.release(s, lina, pid(demo_db), code, "")
        claims.hold(s, lina, pid(demo_db), code, customer_phone="13600005678",
                    customer_name="陈二")
    again = issue(demo_db, "slip", code)
    assert (again.copy_no, again.mark) == (1, "")
    assert "陈二" in pdf_text(again.pdf) and "副本" not in pdf_text(again.pdf)


def test_a_preview_of_a_hold_since_replaced_does_not_print_the_new_one(
        demo_db: Database) -> None:
    code = first(demo_db, "available").code
    lina = actor(demo_db, "lina")
    with demo_db.begin() as s:
        claims.hold(s, lina, pid(demo_db), code, customer_phone="13600001234",
                    customer_name="陈一")
    preview = render(demo_db, "slip", code)
    with demo_db.begin() as s:  # meanwhile, on another PC
        claims.release(s, lina, pid(demo_db), code, "")
        claims.hold(s, lina, pid(demo_db), code, customer_phone="13600005678",
                    customer_name="陈二")
    with pytest.raises(Conflict) as e, demo_db.begin() as s:
        prints.issue(s, preview.request)
    assert "重新打印" in str(e.value) and log(demo_db) == []


def _preview(qtbot, dlg):  # type: ignore[no-untyped-def]
    from desk.ui.documents.preview import PdfPreview

    qtbot.waitUntil(lambda: any(p.isVisible() for p in dlg.findChildren(PdfPreview)),
                    timeout=5000)
    return next(p for p in dlg.findChildren(PdfPreview) if p.isVisible())


def test_closing_a_preview_logs_nothing_printing_it_logs_the_original(
        ui_app, qtbot, open_window, demo_db: Database, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QDialog, QFileDialog

    from desk.ui.sales.unit_dialog import UnitDialog

    win = open_window(demo_db, "assistant", "sales")
    code = first(demo_db, "held").code
    dlg = UnitDialog(win.ctx, pid(demo_db), code, win)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.loads == 1, timeout=3000)
    dlg.buttons["print"].click()
    preview = _preview(qtbot, dlg)
    assert preview.printed.copy_no == 1 and not preview.printed.issued
    assert preview.info.text() == "打印后为第 1 份"
    preview.reject()  # closed without printing
    settle(qtbot, win)
    assert log(demo_db) == []

    dlg.buttons["print"].click()  # again: still the original
    preview = _preview(qtbot, dlg)
    assert (preview.printed.copy_no, preview.printed.mark) == (1, "")
    out = tmp_path / "printed.pdf"

    def choose_printer(self: QPrintDialog) -> int:  # the user picks a printer: a file here
        self.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer().setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", choose_printer)
    preview.print_button.click()
    qtbot.waitUntil(lambda: out.exists() and preview.printed.issued, timeout=10_000)
    ref = preview.printed.ref
    assert log(demo_db) == [("slip", ref, 1, False)]
    assert preview.info.text() == "第 1 份，已记入打印记录"
    assert len(PdfReader(out).pages) == 1

    saved = tmp_path / "saved.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
    preview.save_button.click()  # a second paper: a copy, and logged as one
    qtbot.waitUntil(saved.exists, timeout=10_000)
    settle(qtbot, win)
    assert log(demo_db) == [("slip", ref, 1, False), ("slip", ref, 2, False)]
    text = pdf_text(saved.read_bytes())
    assert "副本" in text and "第 2 份" in text


def test_a_save_that_cannot_be_written_is_not_logged(ui_app, qtbot, open_window,
                                                      demo_db: Database, tmp_path: Path,
                                                      monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from desk.ui.sales.unit_dialog import UnitDialog

    win = open_window(demo_db, "assistant", "sales")
    dlg = UnitDialog(win.ctx, pid(demo_db), first(demo_db, "held").code, win)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.loads == 1, timeout=3000)
    dlg.buttons["print"].click()
    preview = _preview(qtbot, dlg)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "missing" / "x.pdf"), ""))
    preview.save_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown[0].startswith("无法保存文件") and log(demo_db) == []
    assert preview.save_button.isEnabled()
