"""Every screen fits the common showroom screen sizes, in both languages.

A label, button, check box, combo box, tab or column heading whose text is
wider than the room it has is what a person sees as clipped text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QTabWidget

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
            where = f"{key}" + (f" tab {index}" if tabs is not None else "")
            found += [f"{where}: {what}" for what in clipped(win)]
    return found


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_fits(ui_app: Any, qtbot: Any, open_window: Any, demo_db: Database,
                           lang: str, size: tuple[int, int]) -> None:
    problems: list[str] = []
    for login in LOGINS:
        win = open_window(demo_db, login, lang=lang)
        win.resize(*size)
        settle(qtbot, win)
        assert (win.width(), win.height()) == size, f"{login}: the window cannot shrink to {size}"
        problems += [f"{login} {p}" for p in walk(qtbot, win)]
        win.close()
    assert problems == []
