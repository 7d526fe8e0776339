"""The registration form by keyboard, the customer list, the desk's link."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desk.core.db import Database
from desk.reception import rotation
from desk.ui.common.context import Context
from desk.ui.visitors.screen import VisitorsScreen
from desk.visitors import visitors
from tests.conftest import actor, type_text


def screen_for(qtbot, db: Database, login: str) -> VisitorsScreen:  # type: ignore[no-untyped-def]
    s = VisitorsScreen(Context(db, actor(db, login), "zh_CN"))
    qtbot.addWidget(s)
    s.resize(1300, 800)
    s.show()
    qtbot.waitExposed(s)
    s.windowHandle().requestActivate()
    qtbot.waitUntil(s.isActiveWindow, timeout=2000)
    return s


def choose(qtbot, combo, text: str) -> None:  # type: ignore[no-untyped-def]
    """Pick a combo box entry by keyboard: focus it and type until it shows."""
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentText().startswith(text):
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"{text} not in {combo}")


def test_fill_by_keyboard_save_and_find_by_initials(ui_app, qtbot, staff_db: Database) -> None:
    s = screen_for(qtbot, staff_db, "lina")
    f = s.form
    f.phone.setFocus()
    type_text(f.phone, "139 1234 5678")
    qtbot.keyClick(f.phone, Qt.Key.Key_Tab)
    type_text(QApplication.focusWidget(), "诸葛亮")  # Tab led to the name field
    assert f.name.text() == "诸葛亮"
    choose(qtbot, f.source, "朋友介绍")
    choose(qtbot, f.grade, "A")
    assert f.rep.currentData() == "lina"  # a rep registers their own visitor by default
    f.consent.setFocus()
    qtbot.keyClick(f.consent, Qt.Key.Key_Space)
    qtbot.keyClick(f, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "初访" in f.result.text() and f.phone.text() == ""
    s.tabs.setCurrentIndex(1)
    type_text(s.query, "zgl")
    assert [r.name for r in s.customers.rows] == ["诸葛亮"]
    assert s.customers.rows[0].phone == "139****5678"


def test_errors_show_by_their_fields_and_nothing_is_lost(ui_app, qtbot, staff_db) -> None:
    s = screen_for(qtbot, staff_db, "frontdesk")
    f = s.form
    type_text(f.phone, "1391234")
    type_text(f.name, "孔明")
    type_text(f.notes, "想要三房")
    f.save()
    assert f.errors.fields["phone"][1].text().startswith("手机号应为 11 位")
    assert not f.errors.fields["consent"][1].isHidden()
    assert (f.phone.text(), f.name.text(), f.notes.toPlainText()) == ("1391234", "孔明",
                                                                      "想要三房")


def test_known_phone_turns_the_form_into_a_return_visit(ui_app, qtbot, staff_db) -> None:
    with staff_db.begin() as ses:
        visitors.register(ses, actor(staff_db, "frontdesk"), visitors.VisitForm(
            name="司马懿", phone="13612345678", source="路过", grade="B", rep_login="zhangwei",
            consent=True))
    s = screen_for(qtbot, staff_db, "frontdesk")
    type_text(s.form.phone, "13612345678")
    assert s.form.visit_kind.currentData() == "return"
    assert "司马懿" in s.form.known.text() and "张伟" in s.form.known.text()
    assert s.form.name.text() == "司马懿"


def test_open_reception_prefills_the_form_and_saving_ends_it(ui_app, qtbot, staff_db) -> None:
    with staff_db.begin() as ses:
        desk = actor(staff_db, "frontdesk")
        rotation.checkin(ses, desk, "wangfang")
        a = rotation.walkin(ses, desk, party_size=4)
    s = screen_for(qtbot, staff_db, "frontdesk")
    s.start_for_reception(a.reception_id)
    f = s.form
    assert f.rep.currentData() == "wangfang" and f.party.value() == 4
    assert f.reception.currentData() == a.reception_id
    type_text(f.phone, "13712345678")
    type_text(f.name, "刘备")
    f.source.setCurrentIndex(f.source.findData("路过"))
    f.grade.setCurrentIndex(f.grade.findData("C"))
    f.consent.setChecked(True)
    f.save()
    with staff_db.read() as ses:
        assert rotation.open_receptions(ses) == []


def test_last_visit_filter(ui_app, qtbot, staff_db) -> None:
    from datetime import timedelta

    with staff_db.begin() as ses:
        visitors.register(ses, actor(staff_db, "frontdesk"), visitors.VisitForm(
            name="曹操", phone="13512345678", source="路过", grade="B", rep_login="lina",
            consent=True))
    staff_db.clock_offset = timedelta(days=10)
    s = screen_for(qtbot, staff_db, "manager")
    s.tabs.setCurrentIndex(1)
    s.f_since.setCurrentIndex(s.f_since.findData(30))
    assert [r.name for r in s.customers.rows] == ["曹操"]
    s.f_since.setCurrentIndex(s.f_since.findData(7))
    assert s.customers.rows == []
