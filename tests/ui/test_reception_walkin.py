"""The desk's own walk-in is shown from the service's answer: the rep's name and
the rows it changed, with no second read and no model reset; another PC's
walk-in still reaches the desk through the change feed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desk.reception import rotation
from tests.conftest import actor, settle
from tests.ui.test_reception_screen import check_in, panel


def test_own_walkin_is_shown_without_reading_again(ui_app, qtbot, open_window,
                                                   staff_db) -> None:
    win, s = panel(qtbot, open_window, staff_db)
    check_in(qtbot, win, s, "lina", "zhangwei")
    reads = s.refreshes
    resets: list[str] = []
    changed: list[int] = []
    for m in (s.model, s.open_model, s.waiting_model):
        m.modelReset.connect(lambda: resets.append("reset"))
    s.model.dataChanged.connect(lambda a, b: changed.append(a.row()))
    qtbot.keyClick(s, Qt.Key.Key_F2)
    settle(qtbot, win)
    assert s.refreshes == reads and resets == []
    assert s.announce.text().startswith("请 李娜 接待")
    assert [(r.login, r.status, r.is_next) for r in s.lines] == [
        ("lina", "receiving", False), ("zhangwei", "waiting", True)]
    assert sorted(set(changed)) == [0, 1]  # both rows changed, each repainted alone
    assert [s.open_model.data(s.open_model.index(0, c)) for c in (1, 3)] == ["李娜", "1"]
    assert "张伟" in s.why.text() and s.undo_button.text() == "撤销：分配 李娜 接待"


def test_another_pcs_walkin_still_refreshes_the_desk(ui_app, qtbot, open_window,
                                                     staff_db) -> None:
    win, s = panel(qtbot, open_window, staff_db)
    check_in(qtbot, win, s, "lina", "zhangwei")
    qtbot.keyClick(s, Qt.Key.Key_F2)
    settle(qtbot, win)
    reads = s.refreshes
    with staff_db.begin() as ses:  # another PC
        rotation.walkin(ses, actor(staff_db, "frontdesk"))
    qtbot.waitUntil(lambda: s.open_model.rowCount() == 2, timeout=5000)
    assert s.refreshes == reads + 1
    assert [r.status for r in s.lines] == ["receiving", "receiving"]
    # The desk's next walk-in, after the other PC's, is shown from its answer.
    qtbot.keyClick(s, Qt.Key.Key_F2)
    settle(qtbot, win)
    assert s.refreshes == reads + 1
    assert s.announce.text().startswith("请客人稍候：等候号 1")
    assert s.waiting_model.rowCount() == 1
