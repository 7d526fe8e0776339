"""A reservation slip's code: made when the slip prints, read back from a scan,
the command line or the main window; a forged or altered slip is told apart."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from desk.core import labels
from desk.core.db import Database
from desk.core.errors import InvalidInput, NotFound
from desk.documents import slipcode
from desk.documents.slipcode import Forged
from desk.models.enums import ClaimState
from desk.sales import claims
from tests.cli.test_cli import run
from tests.conftest import actor, settle
from tests.documents.test_printing import first, issue, pdf_text, pid, render


def verify(db: Database, text: str) -> slipcode.SlipFacts:
    with db.read() as s:
        return slipcode.verify(s, text)


def printed_slip(db: Database) -> tuple[str, str]:
    """(unit code, the slip's code) of a held unit whose slip was printed once."""
    unit = first(db, "held")
    return unit.code, issue(db, "slip", unit.code).code


def test_the_printed_slip_carries_a_code_that_names_it(demo_db: Database) -> None:
    unit = first(demo_db, "held")
    p = issue(demo_db, "slip", unit.code)
    claim_id = int(p.ref.removeprefix("claim:"))
    assert p.code == slipcode.make(pid(demo_db), claim_id, "slip", 1)
    assert p.code.startswith(f"SD1:{pid(demo_db)}:{claim_id}:slip:1:") and len(p.code) < 40
    assert p.code in pdf_text(p.pdf).replace("\n", "")  # printed under the QR code
    facts = verify(demo_db, p.code)
    assert (facts.claim_id, facts.serial, facts.unit_code, facts.copy_no) == (
        claim_id, f"YL{claim_id:06d}", unit.code, 1)
    assert facts.customer == unit.customer[0] + "*" * (len(unit.customer) - 1)
    assert (facts.state, facts.unit_status, facts.printed, facts.voided) == (
        ClaimState.ACTIVE, "held", True, False)
    assert labels.slip_check(facts).startswith(f"真实的预留单 YL{claim_id:06d}（第 1 份）：房源 {unit.code}")
    # A copy carries its own number; a preview's code names the copy not yet printed.
    copy = issue(demo_db, "slip", unit.code)
    assert copy.code.split(":")[4] == "2" and verify(demo_db, copy.code).copy_no == 2
    preview = render(demo_db, "slip", unit.code)
    assert verify(demo_db, preview.code).printed is False
    assert "打印记录中没有这一份" in labels.slip_check(verify(demo_db, preview.code))


def test_a_scanner_with_caps_lock_reads_the_same(demo_db: Database) -> None:
    _, code = printed_slip(demo_db)
    assert verify(demo_db, f"  {code.swapcase()}\n").code == code


@pytest.mark.parametrize("change", [
    lambda c: c.replace(":slip:1:", ":slip:2:"),  # a copy number made up
    lambda c: ":".join([*c.split(":")[:2], str(int(c.split(":")[2]) + 1), *c.split(":")[3:]]),
    lambda c: c[:-1] + ("A" if c[-1] != "A" else "B"),  # the signature itself
])
def test_an_altered_code_is_forged(demo_db: Database, change) -> None:  # type: ignore[no-untyped-def]
    _, code = printed_slip(demo_db)
    with pytest.raises(Forged) as e:
        verify(demo_db, change(code))
    assert "签名不符" in e.value.zh and "signature does not match" in e.value.en


def test_a_slip_made_with_another_key_is_forged(demo_db: Database, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from desk.core import crypto

    _, genuine = printed_slip(demo_db)
    ours = str(crypto.key_file())
    monkeypatch.setenv("DESK_KEY_FILE", str(tmp_path / "another-showroom.key"))
    crypto.create_key()
    forged = slipcode.make(*slipcode.parse(genuine)[:4])
    assert forged != genuine
    monkeypatch.setenv("DESK_KEY_FILE", ours)
    with pytest.raises(Forged):
        verify(demo_db, forged)
    assert verify(demo_db, genuine).code == genuine


@pytest.mark.parametrize("text", [
    "", "hello", "SD1:", "SD1:1:2:slip:1:ABC", "SD1:1:2:slip:1:ABCDEFGHJK:X",
    "showroomdesk://claim/12", "SD1:x:2:slip:1:ABCDEFGHJK", "SD1:١:2:slip:1:ABCDEFGHJK",
    "SD1:1:2:slip:1:ABCDEFGH01", "SD1:" + "9" * 500,
])
def test_what_is_not_a_code_is_malformed(demo_db: Database, text: str) -> None:
    with pytest.raises(InvalidInput) as e:
        verify(demo_db, text)
    assert "格式不对" in e.value.zh and "wrong format" in e.value.en


def test_a_genuine_code_of_no_record_here_is_unknown(demo_db: Database) -> None:
    with pytest.raises(NotFound) as e:
        verify(demo_db, slipcode.make(pid(demo_db), 999_999, "slip", 1))
    assert "预留 999999" in e.value.zh


def test_the_code_tells_how_the_hold_stands_now(demo_db: Database) -> None:
    unit, code = printed_slip(demo_db)
    demo_db.clock_offset = timedelta(days=1)  # past the hold's time: expired by itself
    assert verify(demo_db, code).state == ClaimState.EXPIRED
    demo_db.clock_offset = timedelta(0)
    with demo_db.begin() as s:
        claims.release(s, actor(demo_db, "assistant"), pid(demo_db), unit, "客户不要了")
    facts = verify(demo_db, code)
    assert (facts.state, facts.unit_status) == (ClaimState.RELEASED, "available")
    assert "现在：已释放" in labels.slip_check(facts)


def test_cli_verify(demo_db: Database) -> None:
    unit, code = printed_slip(demo_db)
    out = run(demo_db.url, "verify", code).stdout
    assert out.startswith("真实的预留单 YL") and unit in out
    data = json.loads(run(demo_db.url, "verify", code, "--json").stdout)
    assert data["genuine"] is True and data["unit_code"] == unit and data["copy_no"] == 1
    forged = run(demo_db.url, "verify", code[:-1] + ("A" if code[-1] != "A" else "B"), ok=False)
    assert forged.returncode == 8 and "签名不符" in forged.stderr and forged.stdout == ""
    for garbage, exit_code in (("SD1:1:2:slip", 2), ("🙂;DROP TABLE claims", 2),
                               (slipcode.make(pid(demo_db), 999_999, "slip", 1), 4)):
        p = run(demo_db.url, "verify", garbage, ok=False)
        assert p.returncode == exit_code and "Traceback" not in p.stderr
        assert len(p.stderr.strip().splitlines()) == 1
    en = run(demo_db.url, "--lang", "en", "verify", code).stdout
    assert en.startswith("Genuine reservation slip YL")


# --- the main window ------------------------------------------------------------


def test_a_scanned_slip_opens_its_unit_in_the_main_window(ui_app, qtbot, open_window,
                                                          demo_db: Database) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QComboBox, QLabel

    from desk.ui.sales.unit_dialog import UnitDialog

    unit, code = printed_slip(demo_db)
    win = open_window(demo_db, "assistant", "sales")
    field = QApplication.focusWidget()
    assert isinstance(field, QComboBox)  # the sales screen's first field has the keyboard
    before = field.currentIndex()
    qtbot.keyClicks(field, code)  # a scanner: the whole code at once, then Enter
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(win.scanner.shown, UnitDialog), timeout=5000)
    dlg = win.scanner.shown
    qtbot.waitUntil(lambda: dlg.loads == 1, timeout=5000)
    assert dlg.code == unit and dlg.unit is not None and dlg.unit.code == unit
    verdict = dlg.findChild(QLabel, "slipVerdict")
    assert verdict.text().startswith("真实的预留单 YL") and "（第 1 份）" in verdict.text()
    assert field.currentIndex() == before  # the keys never reached the field they were typed into
    settle(qtbot, win)


def test_a_forged_slip_is_refused_at_the_desk(ui_app, qtbot, open_window,
                                               demo_db: Database) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    _, code = printed_slip(demo_db)
    win = open_window(demo_db, "frontdesk", "visitors")
    phone = win.page("visitors").form.phone
    assert QApplication.focusWidget() is phone
    qtbot.keyClicks(phone, "139")
    qtbot.keyClicks(phone, code[:-1] + ("A" if code[-1] != "A" else "B"))
    qtbot.keyClick(phone, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(win.scanner.shown, QMessageBox), timeout=5000)
    box = win.scanner.shown
    assert box.icon() == QMessageBox.Icon.Critical and "签名不符" in box.text()
    assert phone.text() == "139"
    box.close()
    # A person typing an S (not followed by a scanner's burst) gets it, a moment later.
    name = win.page("visitors").form.name
    name.setFocus()
    qtbot.keyClicks(name, "S")
    qtbot.waitUntil(lambda: name.text() == "S", timeout=2000)
    qtbot.keyClicks(name, "Dx")
    assert name.text() == "SDx"
    # Typed by hand into the scan box: the same check.
    win.scanner.box.setText("SD1:1:2:slip:1:ABC")
    win.scanner.box.returnPressed.emit()
    qtbot.waitUntil(lambda: isinstance(win.scanner.shown, QMessageBox), timeout=5000)
    assert "格式不对" in win.scanner.shown.text() and win.scanner.box.text() == ""
    settle(qtbot, win)

