"""The registration form by keyboard, the customer list, the desk's link."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from desk.admin import settings
from desk.core.db import Database
from desk.reception import rotation
from desk.ui.main_window import MainWindow
from desk.ui.visitors.screen import VisitorsScreen
from desk.visitors import followups, visitors
from tests.conftest import actor, settle, type_text


def screen_for(qtbot: QtBot, open_window: Callable[..., MainWindow], db: Database,
               login: str) -> tuple[MainWindow, VisitorsScreen]:
    """The main window as the application builds it, on the visitors screen, active
    (the keyboard goes to it)."""
    win = open_window(db, login, "visitors")
    win.windowHandle().requestActivate()
    qtbot.waitUntil(win.isActiveWindow, timeout=2000)
    s = win.page("visitors")
    assert isinstance(s, VisitorsScreen) and s.isVisible()
    settle(qtbot, win)
    return win, s


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Pick a combo box entry by keyboard: focus it and type until it shows."""
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentText().startswith(text):
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"{text} not in {combo}")


def test_fill_by_keyboard_save_and_find_by_initials(ui_app, qtbot, open_window,
                                                    staff_db: Database) -> None:
    win, s = screen_for(qtbot, open_window, staff_db, "lina")
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
    settle(qtbot, win)
    assert f.result.text() == "已保存：初访，归属 李娜。" and f.phone.text() == ""
    s.tabs.setCurrentIndex(1)
    type_text(s.search_box, "zgl")
    settle(qtbot, win)
    assert [r.name for r in s.customers.rows] == ["诸葛亮"]
    assert s.customers.rows[0].phone == "139****5678"


def test_errors_show_by_their_fields_and_nothing_is_lost(ui_app, qtbot, open_window,
                                                         staff_db) -> None:
    win, s = screen_for(qtbot, open_window, staff_db, "frontdesk")
    f = s.form
    type_text(f.phone, "1391234")
    type_text(f.name, "孔明")
    type_text(f.notes, "想要三房")
    f.save()
    settle(qtbot, win)
    assert f.errors.fields["phone"][1].text() == "手机号应为 11 位数字，“1391234”有 7 位。"
    assert not f.errors.fields["consent"][1].isHidden()
    assert f.errors.fields["consent"][1].text() == "请取得客户同意后再保存其信息（个人信息保护）。"
    assert f.result.text() == ""
    assert (f.phone.text(), f.name.text(), f.notes.toPlainText()) == ("1391234", "孔明",
                                                                      "想要三房")


def test_known_phone_turns_the_form_into_a_return_visit(ui_app, qtbot, open_window,
                                                        staff_db) -> None:
    with staff_db.begin() as ses:
        visitors.register(ses, actor(staff_db, "frontdesk"), visitors.VisitForm(
            name="司马懿", phone="13612345678", source="路过", grade="B", rep_login="zhangwei",
            consent=True))
        known = visitors.lookup_phone(ses, "13612345678")
        assert known is not None and known.last_visit is not None
        zone = ZoneInfo(settings.get(ses, "showroom.timezone"))  # times show in the showroom's zone
        last = known.last_visit.replace(tzinfo=UTC).astimezone(zone).strftime("%Y-%m-%d %H:%M")
    win, s = screen_for(qtbot, open_window, staff_db, "frontdesk")
    type_text(s.form.phone, "13612345678")
    settle(qtbot, win)
    assert s.form.visit_kind.currentData() == "return"
    assert s.form.known.text() == f"老客户 司马懿：来访 1 次，最近 {last}，归属 张伟"
    assert s.form.name.text() == "司马懿"


def test_open_reception_prefills_the_form_and_saving_ends_it(ui_app, qtbot, open_window,
                                                             staff_db) -> None:
    with staff_db.begin() as ses:
        desk = actor(staff_db, "frontdesk")
        rotation.checkin(ses, desk, "wangfang")
        a = rotation.walkin(ses, desk, party_size=4)
    win = open_window(staff_db, "frontdesk", "reception")
    # The desk's "register" on an open reception opens the form, prefilled.
    win.page("reception").register_requested.emit(a.reception_id)
    settle(qtbot, win)
    s = win.page("visitors")
    assert win.current_key() == "visitors" and s.tabs.currentWidget() is s.form
    f = s.form
    assert f.rep.currentData() == "wangfang" and f.party.value() == 4
    assert f.reception.currentData() == a.reception_id
    type_text(f.phone, "13712345678")
    type_text(f.name, "刘备")
    f.source.setCurrentIndex(f.source.findData("路过"))
    f.grade.setCurrentIndex(f.grade.findData("C"))
    f.consent.setChecked(True)
    f.save()
    settle(qtbot, win)
    assert f.result.text() == "已保存：初访，归属 王芳。"
    with staff_db.read() as ses:
        assert rotation.open_receptions(ses) == []
    # The registered reception leaves the form's list with the refresh the save causes.
    assert [f.reception.itemData(i) for i in range(f.reception.count())] == [None]


def test_last_visit_filter(ui_app, qtbot, open_window, staff_db) -> None:
    with staff_db.begin() as ses:
        visitors.register(ses, actor(staff_db, "frontdesk"), visitors.VisitForm(
            name="曹操", phone="13512345678", source="路过", grade="B", rep_login="lina",
            consent=True))
    staff_db.clock_offset = timedelta(days=10)
    win, s = screen_for(qtbot, open_window, staff_db, "manager")
    s.tabs.setCurrentIndex(1)
    s.f_since.setCurrentIndex(s.f_since.findData(30))
    settle(qtbot, win)
    assert [r.name for r in s.customers.rows] == ["曹操"]
    s.f_since.setCurrentIndex(s.f_since.findData(7))
    settle(qtbot, win)
    assert s.customers.rows == []


def test_the_managers_screen_escalates_overdue_follow_ups(ui_app, qtbot, open_window,
                                                          staff_db) -> None:
    """Escalation is its own write, run when the manager's screen shows the lists;
    a rep's screen leaves it alone."""
    with staff_db.begin() as ses:
        r = visitors.register(ses, actor(staff_db, "frontdesk"), visitors.VisitForm(
            name="孙权", phone="13812349876", source="路过", grade="B", rep_login="lina",
            consent=True))
        followups.plan(ses, actor(staff_db, "lina"), r.customer_id, ses.now.date(), "phone",
                       "问预算")
    staff_db.clock_offset = timedelta(days=4)
    win, s = screen_for(qtbot, open_window, staff_db, "lina")
    assert [(d.customer, d.days_overdue, d.escalated) for d in s.due.rows] == [("孙权", 4, False)]
    win.close()
    win, s = screen_for(qtbot, open_window, staff_db, "manager")
    assert [(d.customer, d.days_overdue, d.escalated) for d in s.due.rows] == [("孙权", 4, True)]
    with staff_db.read() as ses:
        info = visitors.lookup_phone(ses, "13812349876")
        assert info is not None and not info.owner_valid  # the rep's ownership ended


def test_customer_page_takes_today_from_the_database_clock(ui_app, qtbot, open_window,
                                                           staff_db) -> None:
    from desk.admin import settings
    from desk.ui.visitors.screen import CustomerDialog

    with staff_db.begin() as ses:
        r = visitors.register(ses, actor(staff_db, "frontdesk"), visitors.VisitForm(
            name="周瑜", phone="13912340000", source="路过", grade="B", rep_login="lina",
            consent=True))
    staff_db.clock_offset = timedelta(days=40)  # the PC's clock says otherwise
    with staff_db.read() as ses:
        today = settings.today(ses)
    win, s = screen_for(qtbot, open_window, staff_db, "manager")
    assert s.today == today
    page = CustomerDialog(win.ctx, r.customer_id, s)
    assert not page.plan_button.isEnabled()  # until the page is read
    page.show()
    settle(qtbot, win)
    assert (page.today, page.windowTitle(), page.plan_button.isEnabled()) == (today, "周瑜", True)
    page.close()
