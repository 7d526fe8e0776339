"""Every screen fits the common showroom screen sizes, in both languages.

A label, button, check box, combo box, tab or column heading whose text is
wider than the room it has is what a person sees as clipped text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget

from desk.core.db import Database
from tests.conftest import settle
from tools.fit import clipped

SIZES = [(1024, 768), (1366, 768)]
LOGINS = ["frontdesk", "lina", "assistant", "manager", "admin"]


@pytest.fixture(params=["zh_CN", "en"])
def lang(request: pytest.FixtureRequest, ui_app: Any) -> Iterator[str]:
    from desk.ui.common.resources import switch_language

    switch_language(request.param)
    yield request.param
    switch_language("zh_CN")


def walk(qtbot: Any, win: Any) -> list[str]:
    """Show every screen (and every tab of it) and note what does not fit."""
    found: list[str] = []
    for key in list(win.factories):
        win.show_screen(key)
        settle(qtbot, win)
        screen = win.page(key)
        tab_sets = [t for t in screen.findChildren(QTabWidget) if t.isVisibleTo(win)]
        pages = [(None, 0)] + [(t, i) for t in tab_sets[:1] for i in range(1, t.count())]
        for tabs, index in pages:
            if tabs is not None:
                tabs.setCurrentIndex(index)
                settle(qtbot, win)
            for _ in range(3):  # the layouts that the data just shown asked for
                QApplication.processEvents()
            where = f"{key}" + (f" tab {index}" if tabs is not None else "")
            found += [f"{where}: {what}" for what in clipped(win)]
    return found


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_fits(ui_app: Any, qtbot: Any, open_window: Any, demo_db: Database,
                           lang: str, size: tuple[int, int]) -> None:
    problems: list[str] = []
    for login in LOGINS:
        win = open_window(demo_db, login, lang=lang, size=size)
        assert (win.width(), win.height()) == size, f"{login}: the window cannot shrink to {size}"
        problems += [f"{login} {p}" for p in walk(qtbot, win)]
        win.close()
    assert problems == [], "\n".join(problems)


def shown_texts(win: Any) -> list[str]:
    """The words of the window's own making: labels, buttons, list and table cells."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLabel,
        QTextEdit,
    )

    out: list[str] = []
    for w in win.findChildren(QLabel) + win.findChildren(QAbstractButton):
        out.append(w.text())
    for edit in win.findChildren(QTextEdit):
        out.append(edit.toPlainText())
    for spin in win.findChildren(QAbstractSpinBox):
        out.append(spin.text())
    for combo in win.findChildren(QComboBox):
        out += [combo.itemText(i) for i in range(combo.count())]
    for view in win.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        columns = 1 if model.inherits("QAbstractListModel") else model.columnCount()
        for row in range(min(model.rowCount(), 50)):
            for col in range(columns):
                out.append(str(model.data(model.index(row, col), Qt.ItemDataRole.DisplayRole)))
    return out


def test_english_reads_as_english(ui_app: Any, qtbot: Any, open_window: Any,
                                  demo_db: Database) -> None:
    """No "1 people", and no Chinese punctuation (which the CJK font draws full
    width, like spaces round a word) next to English words."""
    import re

    from desk.ui.common.resources import switch_language

    wrong = re.compile(r"\b1 people\b|[A-Za-z][（），：；。“”]|[（），：；。“”] ?[A-Za-z]")
    switch_language("en")
    try:
        found = []
        for login in LOGINS:
            win = open_window(demo_db, login, lang="en")
            for key in list(win.factories):
                win.show_screen(key)
                settle(qtbot, win)
            found += sorted({f"{login}: {t}" for t in shown_texts(win) if wrong.search(t)})
            win.close()
    finally:
        switch_language("zh_CN")
    assert found == []


def test_a_party_is_one_person_or_several_people(ui_app: Any) -> None:
    from desk.core import errors, labels

    errors.set_language("en")
    try:
        assert [labels.people(n) for n in (1, 2)] == ["1 person", "2 people"]
    finally:
        errors.set_language("zh_CN")
    assert labels.people(3) == "3 人"
