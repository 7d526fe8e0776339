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
from desk.core.timefmt import hm
from desk.reception import rotation
from desk.ui.main_window import MainWindow
from desk.ui.visitors.form import VisitorForm
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


def key(qtbot: QtBot, k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
        ) -> None:
    """A key press where the keyboard is, as a person at the desk makes it."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, k, modifier)


def typed(text: str) -> None:
    type_text(QApplication.focusWidget(), text)


def shown_errors(f: VisitorForm) -> dict[str, str]:
    return {name: label.text() for name, (_, label) in f.errors.fields.items()
            if not label.isHidden()}


def test_register_a_visitor_with_the_keyboard_alone(ui_app, qtbot, open_window,
                                                    staff_db: Database) -> None:
    win = open_window(staff_db, "lina", "sales")
    win.windowHandle().requestActivate()
    qtbot.waitUntil(win.isActiveWindow, timeout=2000)
    number = list(win.factories).index("visitors") + 1  # the screen's shortcut, Ctrl+N
    key(qtbot, Qt.Key(Qt.Key.Key_0.value + number), Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, win)
    s = win.page("visitors")
    assert isinstance(s, VisitorsScreen)
    f = s.form
    assert QApplication.focusWidget() is f.phone
    typed("13912345678")
    settle(qtbot, win)
    key(qtbot, Qt.Key.Key_Return)  # Enter saves: refused, the keyboard goes to the first fault
    settle(qtbot, win)
    assert list(shown_errors(f)) == ["name", "source", "grade", "consent"]
    assert QApplication.focusWidget() is f.name and f.phone.text() == "13912345678"
    typed("黄忠")
    assert list(shown_errors(f)) == ["source", "grade", "consent"]  # corrected: its error goes
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is f.gender
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Tab)
    typed("2")
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is f.visit_kind
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is f.source
    key(qtbot, Qt.Key.Key_Down)
    assert list(shown_errors(f)) == ["grade", "consent"]
    for _ in range(2):
        key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is f.grade
    key(qtbot, Qt.Key.Key_Down)
    for _ in range(2):
        key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is f.layout_wanted
    typed("3室")
    for _ in range(5):
        key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is f.rating  # the last field of the grid
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is f.consent  # before the notes
    key(qtbot, Qt.Key.Key_Space)
    assert shown_errors(f) == {}
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is f.notes
    typed("周末再来")
    key(qtbot, Qt.Key.Key_Tab)  # leaves the notes, types no tab
    assert QApplication.focusWidget() is f.save_button
    assert f.notes.toPlainText() == "周末再来"
    key(qtbot, Qt.Key.Key_Return)
    settle(qtbot, win)
    assert f.result.text() == "已保存：初访，归属 李娜。"
    assert QApplication.focusWidget() is f.phone and f.name.text() == ""
    with staff_db.read() as ses:
        c = visitors.page(ses, actor(staff_db, "lina"), visitors.search(
            ses, actor(staff_db, "lina"), "黄忠")[0].id)
    assert (c.name, c.gender, c.source, c.grade, c.wanted, c.notes, c.owner) == (
        "黄忠", "M", "路过", "A", "3室", "周末再来", "李娜")
    assert c.consent_at is not None and c.visits[0][4] == 2


def test_the_rep_list_offers_sales_reps_only_the_owner_first(ui_app, qtbot, open_window,
                                                             staff_db: Database) -> None:
    with staff_db.begin() as ses:
        rotation.checkin(ses, actor(staff_db, "frontdesk"), "wangfang")
        visitors.register(ses, actor(staff_db, "frontdesk"), visitors.VisitForm(
            name="魏延", phone="13612340007", source="路过", grade="B", rep_login="liuyang",
            consent=True))
    win, s = screen_for(qtbot, open_window, staff_db, "frontdesk")
    f = s.form
    reps = [f.rep.itemText(i) for i in range(f.rep.count())]
    assert reps == ["—", "王芳", "陈静", "李娜", "刘洋", "杨帆", "张伟"]  # rotation, then name
    f.rep.setFocus()
    qtbot.keyClick(f.rep, Qt.Key.Key_Down)
    assert f.rep.currentData() == "wangfang"
    qtbot.keyClick(f.rep, Qt.Key.Key_Up)
    f.phone.setFocus()
    type_text(f.phone, "13612340007")
    settle(qtbot, win)
    assert [f.rep.itemText(i) for i in range(f.rep.count())] == [
        "—", "刘洋", "王芳", "陈静", "李娜", "杨帆", "张伟"]
    assert f.rep.currentData() == "liuyang"  # the owner receives a returning customer


def test_a_returning_customer_is_prefilled_and_consent_is_asked_once(ui_app, qtbot, open_window,
                                                                     staff_db: Database) -> None:
    with staff_db.begin() as ses:
        visitors.register(ses, actor(staff_db, "frontdesk"), visitors.VisitForm(
            name="马超", phone="13612340008", source="网络广告", grade="B", rep_login="zhangwei",
            gender="M", wanted_layout="4室", budget="500万", purpose="investment", consent=True))
        agreed = visitors.lookup_phone(ses, "13612340008")
        assert agreed is not None and agreed.consent_at is not None
        zone = ZoneInfo(settings.get(ses, "showroom.timezone"))
        day = agreed.consent_at.replace(tzinfo=UTC).astimezone(zone).strftime("%Y-%m-%d")
    win, s = screen_for(qtbot, open_window, staff_db, "frontdesk")
    f = s.form
    type_text(f.phone, "13612340008")
    settle(qtbot, win)
    assert (f.name.text(), f.gender.currentData(), f.source.currentData(),
            f.grade.currentData(), f.layout_wanted.text(), f.budget.text(),
            f.purpose.currentData(), f.rep.currentData()) == (
        "马超", "M", "网络广告", "B", "4室", "500万", "investment", "zhangwei")
    assert f.consent.isHidden() and f.consent_note.text() == f"已于 {day} 同意"
    # A mistyped phone: what the look-up proposed goes again, what was chosen stays.
    f.grade.setCurrentIndex(f.grade.findData("A"))
    qtbot.keyClick(f.phone, Qt.Key.Key_Backspace)
    type_text(f.phone, "9")
    settle(qtbot, win)
    assert (f.name.text(), f.source.currentData(), f.grade.currentData(),
            f.rep.currentData(), f.known.text()) == ("", "", "A", "", "新客户。")
    assert not f.consent.isHidden() and f.consent_note.text() == ""
    qtbot.keyClick(f.phone, Qt.Key.Key_Backspace)
    type_text(f.phone, "8")
    settle(qtbot, win)
    assert (f.name.text(), f.source.currentData(), f.grade.currentData()) == (
        "马超", "网络广告", "A")
    qtbot.keyClick(f.phone, Qt.Key.Key_Return)
    settle(qtbot, win)
    assert f.result.text() == "已保存：再访，归属 张伟。"
    # A new consent text (changed on another PC) is asked for again.
    read = s.refreshes
    with staff_db.begin() as ses:
        settings.put(ses, actor(staff_db, "manager"), "visitors.consent_text",
                     "本人同意售楼处保存以上信息用于购房咨询、回访及签约服务。")
    qtbot.waitUntil(lambda: s.refreshes > read, timeout=10_000)  # the window heard of it
    settle(qtbot, win)
    assert f.consent.toolTip() == "本人同意售楼处保存以上信息用于购房咨询、回访及签约服务。"
    type_text(f.phone, "13612340008")
    settle(qtbot, win)
    assert not f.consent.isHidden()
    assert f.consent_note.text() == "同意条款已更改，请重新征得客户同意。"
    qtbot.keyClick(f.phone, Qt.Key.Key_Return)
    settle(qtbot, win)
    assert shown_errors(f) == {"consent": "请取得客户同意后再保存其信息（个人信息保护）。"}
    assert QApplication.focusWidget() is f.consent


def test_a_form_opened_from_the_side_bar_joins_the_reps_open_reception(
        ui_app, qtbot, open_window, staff_db: Database) -> None:
    with staff_db.begin() as ses:
        desk = actor(staff_db, "frontdesk")
        rotation.checkin(ses, desk, "lina")
        a = rotation.walkin(ses, desk, party_size=3)
    assert a.rep_login == "lina"
    win, s = screen_for(qtbot, open_window, staff_db, "lina")
    f = s.form
    assert f.link_note.text() == f"此登记将关联 {hm(a.arrived_at)} 的接待"
    assert f.reception.currentData() == a.reception_id
    type_text(f.phone, "13712340009")
    type_text(f.name, "庞统")
    f.source.setCurrentIndex(f.source.findData("路过"))
    f.grade.setCurrentIndex(f.grade.findData("B"))
    f.consent.setChecked(True)
    f.save()
    settle(qtbot, win)
    assert f.result.text() == "已保存：初访，归属 李娜。"
    with staff_db.read() as ses:
        assert visitors.receptions_without_form(ses) == []  # no longer waiting for its form
        assert rotation.open_receptions(ses) == []
        assert [r.status for r in rotation.board(ses)] == ["waiting"]
    assert f.link_note.isHidden()


def test_the_next_form_at_the_desk_starts_with_no_rep_and_no_old_message(
        ui_app, qtbot, open_window, staff_db: Database) -> None:
    """After a save at the front desk the rep stayed chosen, so the next visitor
    went to the last one's rep (and their open reception)."""
    win, s = screen_for(qtbot, open_window, staff_db, "frontdesk")
    f = s.form
    f.phone.setText("13912345678")
    f.name.setText("黄忠")
    f.source.setCurrentIndex(f.source.findText("路过"))
    f.grade.setCurrentIndex(f.grade.findData("A"))
    f.rep.setCurrentIndex(f.rep.findData("zhangwei"))
    f.consent.setChecked(True)
    f.save()
    settle(qtbot, win)
    assert f.result.text() == "已保存：初访，归属 张伟。"
    assert (f.rep.currentText(), f.phone.text()) == ("—", "")
    qtbot.keyClicks(f.phone, "139")
    assert f.result.text() == ""


def test_fast_typing_is_one_search_and_an_older_answer_is_dropped(ui_app, qtbot, open_window,
                                                                 staff_db) -> None:
    for name, phone in (("诸葛亮", "13912345678"), ("刘备", "13512345678")):
        with staff_db.begin() as ses:
            visitors.register(ses, actor(staff_db, "frontdesk"), visitors.VisitForm(
                name=name, phone=phone, source="路过", grade="B", rep_login="lina",
                consent=True))
    win, s = screen_for(qtbot, open_window, staff_db, "lina")
    s.tabs.setCurrentIndex(1)
    settle(qtbot, win)
    before = s.searches
    type_text(s.search_box, "zgl")
    assert s.searches == before  # nothing asked while the keys come fast
    settle(qtbot, win)
    assert s.searches == before + 1 and [r.name for r in s.customers.rows] == ["诸葛亮"]
    # A search for an older text that answers after the newer one is not shown.
    older_no, older = s._customers_query()
    s.search_box.setText("lb")
    settle(qtbot, win)
    assert [r.name for r in s.customers.rows] == ["刘备"]
    with staff_db.read() as ses:
        late = older(ses)
    assert [r.name for r in late] == ["诸葛亮"]
    s._show_customers(older_no, late)
    assert [r.name for r in s.customers.rows] == ["刘备"]
