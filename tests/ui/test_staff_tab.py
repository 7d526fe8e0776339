"""The staff tab (设置 → 员工): a locked account shows until when, and an
administrator lifts the lock early."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from desk.admin import auth
from desk.core import timefmt
from desk.core.db import Database
from desk.core.errors import AuthenticationFailed
from desk.models import AuditEntry, User
from desk.ui.admin.screen import AdminScreen
from tests.conftest import settle


def status_of(screen: AdminScreen, login: str) -> str:
    model = screen.users_model
    row = next(i for i, u in enumerate(model.rows) if u["login"] == login)
    return model.data(model.index(row, 3))


def test_the_administrator_sees_a_lockout_and_unlocks_it(ui_app: Any, qtbot: Any,
                                                         open_window: Any,
                                                         staff_db: Database) -> None:
    db = staff_db
    for _ in range(auth.LOCKOUT_ATTEMPTS):
        with pytest.raises(AuthenticationFailed), db.begin() as s:
            auth.login(s, "lina", "wrong-password")
    with db.read() as s:
        until = s.execute(select(User.locked_until).where(User.login == "lina")).scalar_one()
    win = open_window(db, "admin", "admin", size=(1024, 768))
    screen = win.page("admin")
    assert isinstance(screen, AdminScreen)
    assert status_of(screen, "lina") == f"在用，锁定至 {timefmt.full(until)}"
    assert status_of(screen, "zhangwei") == "在用"
    assert screen.unlock_button.text() == "解除锁定" and screen.unlock_button.isVisible()

    row = next(i for i, u in enumerate(screen.users_model.rows) if u["login"] == "lina")
    screen.users_view.selectRow(row)
    before = screen.refreshes
    screen.unlock_button.click()
    qtbot.waitUntil(lambda: screen.refreshes > before, timeout=5000)
    settle(qtbot, win)
    assert status_of(screen, "lina") == "在用"
    with db.read() as s:
        entry = s.execute(select(AuditEntry).order_by(AuditEntry.id.desc())).scalars().first()
        assert entry is not None and (entry.action, entry.actor) == ("unlock", "admin")
    with db.begin() as s:
        assert auth.login(s, "lina", "demo123").login == "lina"
