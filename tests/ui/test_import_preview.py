"""The price-list import previewed before anything is written, driven through
the sales screen of the main window with real Shenzhen price lists."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from desk.core.db import Database
from desk.sales import pricelist, units
from desk.sales.pricelist.statuses import published_status
from desk.ui.sales.import_preview import ImportPreviewDialog
from desk.ui.sales.screen import SalesScreen
from tests.conftest import TESTDATA, actor, settle
from tools.fit import clipped

SAMPLE = TESTDATA / "sz_yfyj_sample"
SWAN = "天鹅湖花园（二期）.csv"  # buildings D栋 and E栋, each with 一单元 and 二单元
RUN_ACROSS = "运发御景兰庭.csv"  # records run across line breaks
HEADER = "房号,建筑面积,建筑面积单价,套内面积,套内面积单价,总售价,销售状况,备注"


def sample(name: str) -> Path:
    path = SAMPLE / name
    if not path.exists():
        pytest.skip(f"test material {name} is not here")
    return path


def pid_of(db: Database) -> int:
    from desk.admin import projects

    with db.read() as s:
        return projects.find_project(s, None).id


def unit_count(db: Database) -> int:
    with db.read() as s:
        return len(units.rows(s, pid_of(db)))


def swan_shape(path: Path) -> dict[str, tuple[list[str], int, int, int]]:
    """Counted from the file itself: building -> (groups, lowest, highest floor, units)."""
    floors: dict[str, set[int]] = defaultdict(set)
    groups: dict[str, set[str]] = defaultdict(set)
    count: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        m = re.fullmatch(r"(.栋)(.单元)(\d+)\d\d", line.split(",")[0])
        assert m, line
        floors[m[1]].add(int(m[3]))
        groups[m[1]].add(m[2])
        count[m[1]] += 1
    order = "一二三四五六七八九"
    return {b: (sorted(groups[b], key=lambda g: order.index(g[0])), min(floors[b]), max(floors[b]), count[b])
            for b in sorted(count)}


def open_preview(qtbot: Any, monkeypatch: pytest.MonkeyPatch, win: Any,
                 path: Path) -> ImportPreviewDialog:
    """Press the sales screen's import button and choose `path`."""
    screen = win.page("sales")
    assert isinstance(screen, SalesScreen)
    monkeypatch.setattr("desk.ui.sales.screen.open_file", lambda *args: str(path))
    button = next(b for b in screen.findChildren(QPushButton) if b.text() == "导入价目表…")
    button.click()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in screen.findChildren(ImportPreviewDialog)),
                    timeout=10_000)
    dlg = next(d for d in screen.findChildren(ImportPreviewDialog) if d.isVisible())
    settle(qtbot, win)
    return dlg


def choose(qtbot: Any, win: Any, dlg: ImportPreviewDialog, heading: str, field: str) -> None:
    """Map `heading` to `field` in its combo; the preview is read again."""
    before = dlg.previews
    combo = dlg.combos[dlg.plan.headings.index(heading)]
    combo.setCurrentIndex(combo.findData(field))
    qtbot.waitUntil(lambda: dlg.previews == before + 1, timeout=10_000)
    settle(qtbot, win)


def structure(dlg: ImportPreviewDialog) -> list[list[str]]:
    m = dlg.structure
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def problems(dlg: ImportPreviewDialog) -> list[tuple[str, str, str, str]]:
    m = dlg.problems
    return [tuple(m.index(r, c).data() for c in range(4)) for r in range(m.rowCount())]


def expected_rows(db: Database, path: Path) -> list[tuple[str, str, str, str]]:
    """The service's preview of `path`: errors, then notices, as the table lists them."""
    with db.read() as s:
        plan = pricelist.preview(s, actor(db, "assistant"), pid_of(db), path)
    return [("错误" if blocking else "提示", str(e.row), pricelist.FIELDS[e.field][0] if e.field else "",
             e.zh) for blocking, e in [(True, e) for e in plan.errors] + [(False, n) for n in plan.notices]]


def combo_texts(dlg: ImportPreviewDialog) -> dict[str, str]:
    return {h: c.currentText() for h, c in zip(dlg.plan.headings, dlg.combos, strict=True)}


def test_preview_shows_the_structure_and_writes_nothing(ui_app, qtbot, monkeypatch, open_window,
                                                       demo_db: Database) -> None:
    path = sample(SWAN)
    expected = swan_shape(path)
    assert list(expected) == ["D栋", "E栋"] and expected["E栋"] == (["一单元", "二单元"], 2, 42, 240)
    win = open_window(demo_db, "assistant", "sales")
    dlg = open_preview(qtbot, monkeypatch, win, path)
    assert dlg.file_label.text() == SWAN
    assert combo_texts(dlg) == {"房号": "房号", "建筑面积": "建筑面积", "建筑面积单价": "单价",
                                "套内面积": "套内面积", "套内面积单价": "套内单价", "总售价": "总价",
                                "销售状况": "销售状态", "备注": "备注"}
    assert problems(dlg) == expected_rows(demo_db, path)  # the service's preview, row for row
    # The unit price column left out: every total stands, and every row is a unit.
    choose(qtbot, win, dlg, "建筑面积单价", pricelist.IGNORE)
    assert structure(dlg) == [[b, f"{lo}–{hi} ({hi - lo + 1})", str(n), "6", "、".join(groups)]
                              for b, (groups, lo, hi, n) in expected.items()]
    assert dlg.structure_label.text() == "共 2 栋楼，81 个楼层"
    assert dlg.counts_label.text() == "读取 474 行，可导入 474 套；楼栋和楼层取自房号"
    assert dlg.status_label.text() == "销售状态：可售 474"
    assert dlg.against_label.text() == ("与本项目现有房源相比：新增 474 套，调价 0 套，未变 0 套，"
                                        "已被占用（不改动）0 套")
    assert [p[0] for p in problems(dlg)] == ["提示"] * len(dlg.plan.notices)
    assert dlg.reason.text() == "可以导入 474 套房源。" and dlg.import_button.isEnabled()
    # Enter in a column's choice does not import; Esc cancels; nothing was written.
    combo = dlg.combos[0]
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Return)
    settle(qtbot, win)
    assert dlg.isVisible() and dlg.report is None
    with demo_db.read() as s:
        assert units.buildings(s, pid_of(demo_db)) == ["1栋", "2栋", "3栋"]
    QTest.keyClick(combo, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not win.page("sales").findChildren(ImportPreviewDialog), timeout=3000)
    assert unit_count(demo_db) == 264


def test_remapping_a_column_reads_the_file_again(ui_app, qtbot, monkeypatch, open_window,
                                                 demo_db: Database) -> None:
    win = open_window(demo_db, "assistant", "sales")
    dlg = open_preview(qtbot, monkeypatch, win, sample(SWAN))
    first = dlg.plan
    assert first.units and first.mapping["room"] == 0
    choose(qtbot, win, dlg, "房号", pricelist.IGNORE)
    assert combo_texts(dlg)["房号"] == "（不导入）"
    assert "room" not in dlg.plan.mapping and dlg.plan.units == []
    assert problems(dlg) == [("错误", "1", "房号", "找不到“房号”列：请指明哪一列是房号")]
    assert structure(dlg) == []
    assert not dlg.import_button.isEnabled()
    assert dlg.reason.text() == "缺少必需的列：请在上方选择，或修改文件。"
    assert dlg.problems_label.text() == "1 处错误，有错误时不能导入；0 条提示：按所示导入。"
    # Another heading taken as the room: its combo says so, the remark is read as it.
    choose(qtbot, win, dlg, "备注", "room")
    assert combo_texts(dlg)["备注"] == "房号" and dlg.plan.mapping["room"] == 7
    assert "remark" not in dlg.plan.mapping
    assert dlg.plan.rows == 474 and dlg.plan.units == []
    assert dlg.plan.error_count == 474 and {p[:1] + p[2:3] for p in problems(dlg)} == {("错误", "房号")}
    # Back to the file's own heading: the first preview again.
    choose(qtbot, win, dlg, "房号", "room")
    assert combo_texts(dlg)["备注"] == "（不导入）" and combo_texts(dlg)["房号"] == "房号"
    assert dlg.overrides == {"房号": "room", "备注": pricelist.IGNORE}
    assert [(u.code, u.list_price) for u in dlg.plan.units] == [(u.code, u.list_price) for u in first.units]
    assert dlg.plan.error_count == first.error_count
    dlg.cancel_button.click()
    qtbot.waitUntil(lambda: not win.page("sales").findChildren(ImportPreviewDialog), timeout=3000)
    assert unit_count(demo_db) == 264


def test_bad_rows_are_all_listed_and_import_is_off(ui_app, qtbot, monkeypatch, open_window,
                                                   demo_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "有错的价目表.csv"
    path.write_text("\n".join([
        HEADER,
        "9栋1501,89.50,30000,70.00,38357.14,2685000,在售,住宅",
        "9栋1502,abc,30000,70.00,38357.14,2685000,在售,住宅",  # 3: area not a number
        "9栋1501,89.50,30000,70.00,38357.14,2685000,在售,住宅",  # 4: the code twice
        "9栋1503,89.50",  # 5: two fields
        "9栋1504,89.50,30000,70.00,38357.14,2685000,已订,住宅",  # 6: unknown status
        "9栋1601,89.50,30000,70.00,38357.14,2685000,在售,住宅",
    ]) + "\n", encoding="utf-8")
    win = open_window(demo_db, "assistant", "sales")
    dlg = open_preview(qtbot, monkeypatch, win, path)
    rows = problems(dlg)
    assert [(kind, row, field) for kind, row, field, _ in rows if kind == "错误"] == [
        ("错误", "3", "建筑面积"), ("错误", "4", "房号"), ("错误", "5", ""), ("错误", "6", "销售状态")]
    assert rows[3][3] == "不认识的销售状态“已订”"
    assert rows == expected_rows(demo_db, path)  # every row, as the service words it
    assert dlg.problems_label.text().startswith("4 处错误，有错误时不能导入；")
    assert not dlg.import_button.isEnabled()
    assert dlg.reason.text() == "4 行有错：请修改文件后重新预览。"
    assert structure(dlg) == [["9栋", "15–16 (2)", "2", "1", ""]]
    dlg.import_button.click()  # disabled: nothing happens
    QTest.keyClick(dlg.import_button, Qt.Key.Key_Return)
    settle(qtbot, win)
    assert dlg.report is None and unit_count(demo_db) == 264


def test_the_error_count_is_exact_past_the_rows_listed(ui_app, qtbot, monkeypatch, open_window,
                                                       demo_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "很多错.csv"
    lines = [HEADER] + [f"{b}栋{f}01,面积,30000,70,38000,2685000,在售,住宅"
                        for b in range(1, 6) for f in range(2, 502)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    win = open_window(demo_db, "assistant", "sales")
    dlg = open_preview(qtbot, monkeypatch, win, path)
    assert dlg.plan.error_count == 2500
    assert dlg.problems_label.text() == ("2,500 处错误，有错误时不能导入；0 条提示：按所示导入。"
                                         " 下表列出前 2,000 处错误。")
    assert dlg.problems.rowCount() == 2000
    assert dlg.reason.text() == "2,500 行有错：请修改文件后重新预览。"


def test_records_rebuilt_across_lines_are_shown(ui_app, qtbot, monkeypatch, open_window,
                                                demo_db: Database) -> None:
    path = sample(RUN_ACROSS)
    records = sum(published_status(cell) is not None and cell.strip() != ""
                  for line in path.read_text(encoding="utf-8").splitlines()[1:]
                  for cell in line.split(","))
    assert records == 107
    win = open_window(demo_db, "assistant", "sales")
    dlg = open_preview(qtbot, monkeypatch, win, path)
    rebuilt = [p for p in problems(dlg) if p[3].startswith("由第 ")]
    assert len(rebuilt) == records == dlg.plan.rebuilt
    assert rebuilt[0] == ("提示", "2", "", "由第 2 行重建：20F，73.66，37413.00，58.31，47261.90，"
                                          "2755841.58，在售")
    assert rebuilt[1][3].startswith("由第 2–3 行重建：20E，")
    assert "107 条记录跨行错位，已逐条重建：请在下表中核对。" in dlg.problems_label.text()
    assert dlg.import_button.isEnabled()
    assert dlg.counts_label.text() == "读取 107 行，可导入 107 套；楼栋和楼层取自房号"


def test_import_writes_with_the_choices_made_and_the_grid_shows_the_groups(
        ui_app, qtbot, monkeypatch, open_window, demo_db: Database) -> None:
    path = sample(SWAN)
    win = open_window(demo_db, "assistant", "sales")
    screen = win.page("sales")
    dlg = open_preview(qtbot, monkeypatch, win, path)
    choose(qtbot, win, dlg, "建筑面积单价", pricelist.IGNORE)
    assert unit_count(demo_db) == 264
    dlg.import_button.setFocus()
    QTest.keyClick(dlg.import_button, Qt.Key.Key_Return)  # Enter on Import itself imports
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=10_000)
    settle(qtbot, win)
    assert dlg.reason.text() == "导入完成：共 474 行：新增 474，更新价格 0，未变 0，其中已签约 0"
    assert not dlg.import_button.isVisible() and dlg.cancel_button.text() == "关闭"
    assert unit_count(demo_db) == 264 + 474
    with demo_db.read() as s:  # the unit prices were derived from the totals (the column left out)
        u = units.rows(s, pid_of(demo_db), code="E栋二单元4206")[0]
        assert (u.entrance, u.floor, u.position, u.list_price, u.unit_price) == (
            "二单元", 42, "06", 43026378, round(43026378 / u.gross_area, 2))
    dlg.cancel_button.click()
    qtbot.waitUntil(lambda: not screen.findChildren(ImportPreviewDialog), timeout=3000)
    names = [screen.tabs.tabText(i) for i in range(screen.tabs.count())]
    assert names == ["1栋", "2栋", "3栋", "D栋", "E栋"]
    screen.tabs.setCurrentIndex(4)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 41, timeout=5000)
    settle(qtbot, win)
    m = screen.model
    assert [m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())] == [
        "一单元\n01", "一单元\n02", "一单元\n03", "二单元\n04", "二单元\n05", "二单元\n06"]
    assert m.headerData(0, Qt.Orientation.Vertical) == "42F"  # top floor first
    assert m.unit_at(m.index(0, 5)).code == "E栋二单元4206"
    assert m.unit_at(m.index(0, 0)) is None  # 一单元 stops at floor 40
    assert m.unit_at(m.index(2, 0)).code == "E栋一单元4001"
    # The separator: drawn where 二单元 begins, and only there.
    from desk.ui.sales.grid_model import GROUP_START_ROLE

    assert [m.index(0, c).data(GROUP_START_ROLE) for c in range(6)] == [False] * 3 + [True] + [False] * 2


@pytest.fixture(params=["zh_CN", "en"])
def lang(request: pytest.FixtureRequest, ui_app: Any) -> Iterator[str]:
    from desk.ui.common.resources import switch_language

    switch_language(request.param)
    yield request.param
    switch_language("zh_CN")


@pytest.mark.parametrize("name", [SWAN, RUN_ACROSS])
def test_the_preview_fits_a_small_screen(ui_app, qtbot, monkeypatch, open_window, demo_db: Database,
                                         lang: str, name: str) -> None:
    win = open_window(demo_db, "assistant", "sales", lang=lang, size=(1024, 768))
    screen = win.page("sales")
    monkeypatch.setattr("desk.ui.sales.screen.open_file", lambda *args: str(sample(name)))
    screen.import_price_list()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in screen.findChildren(ImportPreviewDialog)),
                    timeout=10_000)
    dlg = next(d for d in screen.findChildren(ImportPreviewDialog) if d.isVisible())
    qtbot.wait(100)
    assert dlg.width() <= 980 and dlg.height() <= 700
    assert clipped(dlg) == []
    dlg.reject()


def test_tab_from_the_last_column_reaches_import(ui_app, qtbot, monkeypatch, open_window,
                                                 demo_db: Database) -> None:
    win = open_window(demo_db, "assistant", "sales")
    dlg = open_preview(qtbot, monkeypatch, win, sample(SWAN))
    dlg.combos[-1].setFocus()
    seen = []
    for _ in range(6):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
        if dlg.import_button.hasFocus():
            break
    assert dlg.import_button.hasFocus(), [type(w).__name__ for w in seen]
    assert len(seen) <= 3  # the two tables once each, then 导入
    dlg.reject()
