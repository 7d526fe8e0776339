"""The sales-control grid and the unit dialog, driven with pytest-qt through the
main window as the application builds it."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, QTimer

from desk.admin import projects
from desk.core.db import Database
from desk.sales import claims, units
from desk.ui.sales.action_dialog import ActionDialog
from desk.ui.sales.grid_model import MATCH_ROLE
from desk.ui.sales.screen import SalesScreen
from desk.ui.sales.unit_dialog import UnitDialog
from tests.conftest import actor, settle, type_text


def pid_of(db: Database) -> int:
    with db.read() as s:
        return projects.find_project(s, None).id


def sales(qtbot, open_window, db: Database, login: str):  # type: ignore[no-untyped-def]
    win = open_window(db, login, "sales")
    screen = win.page("sales")
    assert isinstance(screen, SalesScreen)
    return win, screen


def test_grid_shows_buildings_floors_and_summary(ui_app, qtbot, open_window, demo_db: Database) -> None:
    _, s = sales(qtbot, open_window, demo_db, "assistant")
    assert [s.tabs.tabText(i) for i in range(s.tabs.count())] == ["1栋", "2栋", "3栋"]
    assert s.model.rowCount() == 26 and s.model.columnCount() == 4
    assert s.model.headerData(0, Qt.Orientation.Vertical) == "26F"  # top floor on top
    assert s.total_label.text() == "本项目共 264 套"
    counts = {status: tally.count for status, tally in s.by_status.rows}
    assert counts["withheld"] == 3 and sum(counts.values()) == 264
    assert s.by_status.data(s.by_status.index(4, 0)) == "不可售"


def test_filters_dim_what_does_not_match(ui_app, qtbot, open_window, demo_db: Database) -> None:
    _, s = sales(qtbot, open_window, demo_db, "assistant")
    s.layout_box.setCurrentIndex(s.layout_box.findData("4室2厅2卫"))
    matched = [s.model.index(r, c).data(MATCH_ROLE) for (r, c) in s.model.cells]
    assert sum(matched) == 26  # one 4-room unit per floor of 1栋
    type_text(s.area_min, "200")
    assert not any(s.model.index(r, c).data(MATCH_ROLE) for (r, c) in s.model.cells)


def test_search_switches_building_and_selects(ui_app, qtbot, open_window, demo_db: Database) -> None:
    win, s = sales(qtbot, open_window, demo_db, "assistant")
    type_text(s.search, "3-1203")
    s.find_unit()
    qtbot.waitUntil(lambda: s.building() == "3栋" and s.view.currentIndex().isValid(), timeout=5000)
    settle(qtbot, win)
    assert s.model.unit_at(s.view.currentIndex()).code == "3-1203"


def test_change_from_elsewhere_reaches_the_grid(ui_app, qtbot, open_window, demo_db: Database) -> None:
    win, s = sales(qtbot, open_window, demo_db, "assistant")
    held_before = dict(s.by_status.rows)["held"].count
    with demo_db.begin() as ses:  # another PC: no origin of this window
        claims.hold(ses, actor(demo_db, "lina"), pid_of(demo_db), "1-2601",
                    customer_phone="13600000001", customer_name="远方客户")
    idx = s.model.index_of("1-2601")
    qtbot.waitUntil(lambda: s.model.unit_at(idx).status == "held", timeout=3000)
    settle(qtbot, win)
    assert s.model.unit_at(idx).customer == "远方客户"
    assert dict(s.by_status.rows)["held"].count == held_before + 1


def test_own_change_refreshes_the_grid_exactly_once(ui_app, qtbot, open_window,
                                                    demo_db: Database) -> None:
    """The screen hears of its own hold from the runner; the change feed's echo
    (the same change, carrying this window's origin) is skipped."""
    win, s = sales(qtbot, open_window, demo_db, "assistant")
    before = s.refreshes
    pid = pid_of(demo_db)
    win.ctx.ops.write(s, lambda uow: claims.hold(uow, win.ctx.actor, pid, "1-2602",
                                                 customer_phone="13600000002",
                                                 customer_name="本机客户", rep_login="lina"))
    idx = s.model.index_of("1-2602")
    qtbot.waitUntil(lambda: s.model.unit_at(idx).status == "held", timeout=3000)
    qtbot.wait(2000)  # the feed reports the change within about a second
    settle(qtbot, win)
    assert s.refreshes == before + 1


def test_rep_sees_only_the_actions_of_the_role(ui_app, qtbot, open_window, demo_db: Database) -> None:
    pid = pid_of(demo_db)
    for login, expected in (("lina", {"hold"}), ("manager", {"hold", "subscribe", "withhold"})):
        win = open_window(demo_db, login)
        dlg = UnitDialog(win.ctx, pid, "1-2601")
        qtbot.addWidget(dlg)
        qtbot.waitUntil(lambda d=dlg: d.loads == 1, timeout=3000)
        assert set(dlg.buttons) == expected


def test_a_hold_typed_by_a_rep_for_another_rep_can_be_released_by_its_typist(
        ui_app, qtbot, open_window, demo_db: Database) -> None:
    """The service lets the rep who typed a hold change it; the dialog offers what
    the service allows (it used to offer release to the holder only)."""
    pid = pid_of(demo_db)
    with demo_db.begin() as s:
        claims.hold(s, actor(demo_db, "lina"), pid, "1-2601", customer_phone="13600000003",
                    customer_name="代客", rep_login="zhangwei")
    win = open_window(demo_db, "lina")
    dlg = UnitDialog(win.ctx, pid, "1-2601")
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.loads == 1, timeout=3000)
    assert set(dlg.buttons) == {"extend", "release", "print"}
    win = open_window(demo_db, "wangfang")
    other = UnitDialog(win.ctx, pid, "1-2601")
    qtbot.addWidget(other)
    qtbot.waitUntil(lambda: other.loads == 1, timeout=3000)
    assert set(other.buttons) == {"print"}


def test_open_unit_dialog_follows_a_hold_made_elsewhere(ui_app, qtbot, open_window,
                                                        demo_db: Database) -> None:
    win = open_window(demo_db, "assistant", "sales")
    pid = pid_of(demo_db)
    dlg = UnitDialog(win.ctx, pid, "1-2601")
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.loads == 1, timeout=3000)
    assert "hold" in dlg.buttons
    with demo_db.begin() as s:  # another PC
        claims.hold(s, actor(demo_db, "lina"), pid, "1-2601", customer_phone="13600000004",
                    customer_name="别处客户")
    qtbot.waitUntil(lambda: dlg.unit is not None and dlg.unit.status == "held", timeout=3000)
    assert "hold" not in dlg.buttons and dlg.unit.customer == "别处客户"


def test_hold_form_keeps_input_on_error_then_holds(ui_app, qtbot, open_window,
                                                   demo_db: Database) -> None:
    win = open_window(demo_db, "lina")
    pid = pid_of(demo_db)
    dlg = UnitDialog(win.ctx, pid, "1-2601")
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.loads == 1, timeout=3000)
    seen: list[str] = []

    def fill() -> None:
        form = next(w for w in dlg.findChildren(ActionDialog) if w.isVisible())
        assert form.widgets["minutes"].text() == "30"  # the setting, read by the service
        type_text(form.widgets["phone"], "1381234")
        type_text(form.widgets["customer_name"], "张三丰")
        form.submit()
        qtbot.waitUntil(lambda: form.errors.fields["phone"][1].isVisible(), timeout=3000)
        seen.append(form.errors.fields["phone"][1].text())
        assert form.widgets["customer_name"].text() == "张三丰"
        form.widgets["phone"].setText("13812345000")
        form.submit()

    QTimer.singleShot(100, fill)
    dlg.buttons["hold"].click()
    qtbot.waitUntil(lambda: dlg.unit is not None and dlg.unit.status == "held", timeout=3000)
    assert seen == ["手机号应为 11 位数字，“1381234”有 7 位。"]
    assert dlg.unit.customer == "张三丰"
    assert set(dlg.buttons) == {"extend", "release", "print"}
    with demo_db.read() as s:
        assert [h.action for h in units.history(s, pid, "1-2601")][-1] == "hold"


def test_cancel_asks_for_the_managers_approval(ui_app, qtbot, open_window, demo_db: Database) -> None:
    win = open_window(demo_db, "assistant")
    pid = pid_of(demo_db)
    with demo_db.read() as s:
        code = next(r.code for r in units.rows(s, pid) if r.status == "subscribed")
    dlg = UnitDialog(win.ctx, pid, code)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.loads == 1, timeout=3000)
    seen: list[str] = []

    def fill() -> None:
        form = next(w for w in dlg.findChildren(ActionDialog) if w.isVisible())
        type_text(form.widgets["reason"], "客户放弃")
        form.submit()
        qtbot.waitUntil(lambda: form.errors.fields["approval"][1].isVisible(), timeout=3000)
        seen.append(form.errors.fields["approval"][1].text())
        form.approver.setText("manager")
        form.approver_password.setText("demo123")
        form.submit()

    QTimer.singleShot(100, fill)
    dlg.buttons["cancel"].click()
    qtbot.waitUntil(lambda: dlg.unit is not None and dlg.unit.status == "available", timeout=3000)
    assert seen == ["退订需要销售经理审批：请经理输入账号和密码，或向经理发送审批请求。"]


def test_unit_dialog_shows_the_phone_as_the_role_may_see_it(ui_app, qtbot, open_window,
                                                            demo_db: Database) -> None:
    """Masking is the service's rule (`customers.phone_for`), the same for units
    as for customers."""
    pid = pid_of(demo_db)
    with demo_db.begin() as s:
        claims.hold(s, actor(demo_db, "lina"), pid, "1-2601", customer_phone="13600000005",
                    customer_name="看号码")
    shown = {}
    for login in ("wangfang", "assistant"):
        win = open_window(demo_db, login)
        dlg = UnitDialog(win.ctx, pid, "1-2601")
        qtbot.addWidget(dlg)
        qtbot.waitUntil(lambda d=dlg: d.loads == 1, timeout=3000)
        texts = [dlg.facts.itemAt(i).widget().text() for i in range(dlg.facts.count())
                 if dlg.facts.itemAt(i).widget() is not None]
        shown[login] = next(t for t in texts if t.startswith("看号码"))
    assert shown == {"wangfang": "看号码  136****0005", "assistant": "看号码  13600000005"}


def _form(dlg: UnitDialog) -> ActionDialog:
    return next(w for w in dlg.findChildren(ActionDialog) if w.isVisible())


def _closing(fill):  # type: ignore[no-untyped-def]
    """A form filled from a timer: on a failed check, close the form so that the
    test ends (and fails) instead of waiting on the open form."""
    from functools import wraps

    from PySide6.QtWidgets import QApplication

    @wraps(fill)
    def run() -> None:
        try:
            fill()
        except BaseException:
            modal = QApplication.activeModalWidget()
            if isinstance(modal, ActionDialog):
                modal.reject()
            raise

    return run


def _owned(db: Database, phone: str, login: str) -> tuple[str, str]:
    """The customer with `phone` belongs to the rep `login` for two more weeks."""
    from datetime import timedelta

    from desk.admin import auth
    from desk.customers import customers

    with db.begin() as s:
        owner = auth.get_user(s, login)
        c = customers.find_by_phone(s, phone)
        c.owner_id, c.owner_until = owner.id, s.now + timedelta(days=14)
        return owner.login, owner.name


def test_hold_form_credits_the_rep_chosen_or_the_customers_owner(ui_app, qtbot, open_window,
                                                                 demo_db: Database) -> None:
    """The assistant holds for a new customer: the rep is asked for beside its
    field; for a known customer the form preselects the owner once the phone is
    typed. The unit shows the rep, and the assistant as the one who typed it."""
    win = open_window(demo_db, "assistant")
    pid = pid_of(demo_db)
    owner_login, owner_name = _owned(demo_db, "13812345678", "chenjing")
    seen: list[str] = []

    def hold(code: str, phone: str, name: str, rep: str | None) -> UnitDialog:
        dlg = UnitDialog(win.ctx, pid, code)
        qtbot.addWidget(dlg)
        qtbot.waitUntil(lambda: dlg.loads == 1, timeout=3000)

        @_closing
        def fill() -> None:
            form = _form(dlg)
            combo = form.widgets["rep"]
            assert combo.currentData() == ""  # the assistant is nobody's rep
            type_text(form.widgets["phone"], phone)
            type_text(form.widgets["customer_name"], name)
            if rep is None:  # the service's default arrives as the phone is typed
                qtbot.waitUntil(lambda: combo.currentData() == owner_login, timeout=3000)
            else:
                form.submit()
                qtbot.waitUntil(lambda: form.errors.fields["rep"][1].isVisible(), timeout=3000)
                seen.append(form.errors.fields["rep"][1].text())
                combo.setCurrentIndex(combo.findData(rep))
            form.submit()

        QTimer.singleShot(100, fill)
        dlg.buttons["hold"].click()
        qtbot.waitUntil(lambda: dlg.unit is not None and dlg.unit.status == "held", timeout=3000)
        return dlg

    new = hold("1-2601", "13600000011", "新来的", "zhangwei")
    known = hold("1-2602", "13812345678", "", None)
    assert seen == ["请选择置业顾问：该客户没有归属的置业顾问。"]
    assert (new.unit.rep, new.unit.operator) == ("张伟", "孙晓燕")
    assert (known.unit.rep, known.unit.operator) == (owner_name, "孙晓燕")
    facts = [known.facts.itemAt(i).widget().text() for i in range(known.facts.count())
             if known.facts.itemAt(i).widget() is not None]
    assert facts[facts.index("置业顾问") + 1] == owner_name
    assert facts[facts.index("录入人") + 1] == "孙晓燕"


def test_history_shows_the_contract_number_in_the_action_not_as_a_reason(
        ui_app, qtbot, open_window, demo_db: Database) -> None:
    win = open_window(demo_db, "assistant")
    pid = pid_of(demo_db)
    with demo_db.read() as s:
        u = next(r for r in units.rows(s, pid) if r.status == "signed")
    dlg = UnitDialog(win.ctx, pid, u.code)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.loads == 1, timeout=3000)
    m = dlg.history_model
    row = next(r for r in range(m.rowCount()) if m.index(r, 2).data() == "认购 → 签约")
    assert m.headerData(6, Qt.Orientation.Horizontal) == "原因"
    assert m.index(row, 6).data() == ""
    assert m.index(row, 1).data() == f"签约 {u.contract_number}"


def test_subscription_price_is_judged_as_it_is_typed(ui_app, qtbot, open_window,
                                                     demo_db: Database) -> None:
    """Beside the price: below the floor (never showing the floor to the
    assistant), or past the discount limit (a manager approves), before any
    submit."""
    win = open_window(demo_db, "assistant")
    pid = pid_of(demo_db)
    with demo_db.read() as s:
        u = units.rows(s, pid, code="1-2601")[0]
    three = (u.list_price * Decimal("0.97")).quantize(Decimal("1"))
    pct = f"{(u.list_price - three) / u.list_price * 100:.2f}%"
    dlg = UnitDialog(win.ctx, pid, "1-2601")
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.loads == 1, timeout=3000)
    seen: list[str] = []

    @_closing
    def fill() -> None:
        form = _form(dlg)
        note, price = form.notes["agreed_price"], form.widgets["agreed_price"]
        for typed in (str(u.floor_price - 1), str(three)):
            price.clear()
            type_text(price, typed)
            before = note.text()
            qtbot.waitUntil(lambda b=before: note.isVisible() and note.text() != b, timeout=3000)
            seen.append(note.text())
        assert form.widgets["phone"].text() == ""  # nothing was submitted
        form.reject()

    QTimer.singleShot(100, fill)
    dlg.buttons["subscribe"].click()
    assert seen == ["低于底价，不能办理（底价不可突破）。",
                    f"折扣 {pct} 超过 2.0% 的权限：需要销售经理审批。"]


def test_open_unit_dialog_and_form_follow_a_hold_made_on_another_pc(
        ui_app, qtbot, open_window, demo_db: Database) -> None:
    """Opened from the grid of the main window; the hold form is open when another
    PC holds the unit. The watcher brings the change: the hold button goes and
    the open form can no longer hold."""
    win = open_window(demo_db, "assistant", "sales")
    screen = win.page("sales")
    pid = pid_of(demo_db)
    seen: dict[str, object] = {}

    @_closing
    def in_the_dialog() -> None:
        dlg = next(w for w in screen.findChildren(UnitDialog) if w.isVisible())
        qtbot.waitUntil(lambda: dlg.loads >= 1, timeout=3000)
        seen["before"] = set(dlg.buttons)

        @_closing
        def in_the_form() -> None:
            form = _form(dlg)
            with demo_db.begin() as s:  # another PC: its own unit of work, no origin here
                claims.hold(s, actor(demo_db, "lina"), pid, "1-2601",
                            customer_phone="13600000021", customer_name="别处客户")
            qtbot.waitUntil(lambda: not form.ok_button.isEnabled(), timeout=5000)
            seen["after"] = set(dlg.buttons)
            seen["form"] = form.general.text()
            form.submit()  # refused quietly: nothing is sent
            seen["still"] = dlg.unit.customer if dlg.unit else None
            form.reject()

        QTimer.singleShot(100, in_the_form)
        dlg.buttons["hold"].click()
        dlg.accept()

    QTimer.singleShot(100, in_the_dialog)
    screen.open_unit(screen.model.index_of("1-2601"))
    assert "hold" in seen["before"] and "hold" not in seen["after"]
    assert seen["form"] == "1-2601 已在别处变更，现为“预留”：此操作已不能办理，请关闭本表单。"
    assert seen["still"] == "别处客户"
    # A closed dialog goes, and stops following the change feed.
    qtbot.waitUntil(lambda: not screen.findChildren(UnitDialog), timeout=3000)


# --- the grid's groups of columns (entrances, wings) ---------------------------


def _unit(i: int, building: str, entrance: str, floor: int, room: str,
          position: str | None) -> units.UnitRow:
    return units.UnitRow(
        id=i, code=f"{building}{entrance}{room}", building=building, building_sort=1,
        entrance=entrance, floor=floor, room=room, layout="", orientation="", usage="",
        gross_area=Decimal("90.00"), inner_area=None, unit_price=None, list_price=None,
        floor_price=None, status="available", claim_id=None, claim_kind=None, customer=None,
        customer_phone=None, rep=None, rep_id=None, expires_at=None, contract_number=None,
        agreed_price=None, position=position)


def test_grid_columns_stand_by_group_then_position(ui_app) -> None:
    """Groups in their natural order (十单元 after 二单元, whatever the characters'
    order), positions within each; a unit the import gave no position keeps the
    room less its floor."""
    from desk.ui.sales.grid_model import GROUP_START_ROLE, UnitGridModel

    rows = [_unit(1, "3栋", "十单元", 15, "1502", "02"), _unit(2, "3栋", "二单元", 15, "1510", "10"),
            _unit(3, "3栋", "二单元", 15, "1509", "9"), _unit(4, "3栋", "十一单元", 14, "1401", "01"),
            _unit(5, "3栋", "一单元", 16, "1601", None), _unit(6, "3栋", "十单元", 16, "1601", "01")]
    model = UnitGridModel()
    model.set_units(rows)
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert heads == ["一单元\n01", "二单元\n9", "二单元\n10", "十单元\n01", "十单元\n02", "十一单元\n01"]
    assert [model.headerData(c, Qt.Orientation.Horizontal, GROUP_START_ROLE)
            for c in range(model.columnCount())] == [False, True, False, True, False, True]
    assert model.unit_at(model.index(0, 3)).id == 6  # floor 16 on top
    wings = [_unit(1, "A区1栋", "B座", 2, "201", "01"), _unit(2, "A区1栋", "A座", 2, "202", "02"),
             _unit(3, "A区1栋", "A座", 2, "201", "01")]
    model.set_units(wings)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "A座\n01", "A座\n02", "B座\n01"]
    plain = [_unit(1, "1栋", "", 26, "2602", None), _unit(2, "1栋", "", 26, "2601", None)]
    model.set_units(plain)  # no groups: the position alone, as before
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(2)] == ["01", "02"]
    assert not any(model.headerData(c, Qt.Orientation.Horizontal, GROUP_START_ROLE) for c in range(2))


def test_excel_export_puts_the_groups_above_the_positions(ui_app, qtbot, open_window,
                                                          demo_db: Database, tmp_path) -> None:
    from openpyxl import load_workbook

    from desk.sales import pricelist
    from desk.sales.grid_export import write_xlsx
    from tests.conftest import TESTDATA

    path = TESTDATA / "sz_yfyj_sample" / "天鹅湖花园（二期）.csv"
    if not path.exists():
        import pytest

        pytest.skip("test material is not here")
    pid = pid_of(demo_db)
    with demo_db.begin() as s:
        pricelist.import_file(s, actor(demo_db, "assistant"), pid, path, {"建筑面积单价": pricelist.IGNORE})
    with demo_db.read() as s:
        out = write_xlsx(units.rows(s, pid), tmp_path / "grid.xlsx", "天鹅湖")
    wb = load_workbook(out)
    e = wb["E栋"]
    assert [c.value for c in e[2]][:7] == [None, "一单元", None, None, "二单元", None, None]
    assert sorted(str(r) for r in e.merged_cells.ranges) == ["B2:D2", "E2:G2"]
    assert [c.value for c in e[3]][:7] == [None, "01", "02", "03", "04", "05", "06"]
    assert e.cell(4, 1).value == "42F" and str(e.cell(4, 7).value).startswith("4206 ")
    one = wb["1栋"]  # no groups: positions on the second row, floors from the third
    assert [c.value for c in one[2]][:5] == [None, "01", "02", "03", "04"]
    assert one.cell(3, 1).value == "26F"
