"""The visitor's satisfaction (1 to 5) on the registration form: kept with the
visit, refused out of range or on a call, by its field; and typed in the form."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desk.core.db import Database
from desk.core.errors import FieldErrors
from desk.models import Visit
from desk.visitors import visitors
from tests.conftest import actor, settle, type_text
from tests.ui.test_visitors_screen import choose, screen_for


def form(rating: object, kind: str = "visit") -> visitors.VisitForm:
    return visitors.VisitForm(name="黄忠", phone="13712345678", source="路过", grade="B",
                              rep_login="zhangwei", consent=True, kind=kind,
                              rating=rating)  # type: ignore[arg-type]


def ratings(db: Database) -> list[int | None]:
    with db.read() as s:
        return list(s.execute(select(Visit.rating).order_by(Visit.id)).scalars())


@pytest.mark.parametrize("given, kept", [("5", 5), (" 1 ", 1), (4, 4), ("", None), (None, None)])
def test_a_rating_is_kept_with_the_visit(staff_db: Database, given: object, kept: int | None
                                         ) -> None:
    with staff_db.begin() as s:
        visitors.register(s, actor(staff_db, "frontdesk"), form(given))
    assert ratings(staff_db) == [kept]


@pytest.mark.parametrize("given, zh", [
    ("0", "满意度应为 1 到 5 分。"), ("6", "满意度应为 1 到 5 分。"), ("4.5", "满意度应为 1 到 5 分。"),
    ("很好", "满意度应为 1 到 5 分。"), ("²", "满意度应为 1 到 5 分。"),
])
def test_a_rating_out_of_range_is_refused_by_its_field(staff_db: Database, given: str,
                                                        zh: str) -> None:
    with pytest.raises(FieldErrors) as e, staff_db.begin() as s:
        visitors.register(s, actor(staff_db, "frontdesk"), form(given))
    assert list(e.value.errors) == ["rating"]
    assert str(e.value.errors["rating"]) == zh
    assert e.value.errors["rating"].en == "The satisfaction rating is 1 to 5."
    assert ratings(staff_db) == []


def test_a_call_has_no_rating(staff_db: Database) -> None:
    with pytest.raises(FieldErrors) as e, staff_db.begin() as s:
        visitors.register(s, actor(staff_db, "frontdesk"), form("5", kind="call"))
    assert str(e.value.errors["rating"]) == "来电不评满意度，请清空满意度。"
    with staff_db.begin() as s:
        visitors.register(s, actor(staff_db, "frontdesk"), form("", kind="call"))
    assert ratings(staff_db) == [None]


def test_the_form_takes_the_rating_by_keyboard(ui_app, qtbot, open_window,
                                               staff_db: Database) -> None:
    win, s = screen_for(qtbot, open_window, staff_db, "lina")
    f = s.form
    assert [f.rating.itemText(i) for i in range(f.rating.count())] == [
        "—", "5 分", "4 分", "3 分", "2 分", "1 分"]
    type_text(f.phone, "13912345678")
    type_text(f.name, "赵云")
    choose(qtbot, f.source, "朋友介绍")
    choose(qtbot, f.grade, "A")
    choose(qtbot, f.rating, "4 分")
    f.consent.setChecked(True)
    qtbot.keyClick(f, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, win)
    assert f.result.text() == "已保存：初访，归属 李娜。"
    assert f.rating.currentIndex() == 0  # cleared for the next visitor
    assert ratings(staff_db) == [4]
    f.kind_call.setChecked(True)
    assert not f.rating.isEnabled()  # a call is not rated
