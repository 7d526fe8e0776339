"""The running window: the day's backup, the lock restore respects, and the
first set-up making a new showroom's key."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from desk.admin import auth, settings
from desk.core import config
from desk.core.db import Database
from desk.ui.admin.setup_dialog import SetupDialog
from desk.ui.common.upkeep import HOUR_MS
from tests.cli.test_cli import run
from tests.conftest import actor, settle, type_text


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def staff_sqlite(sqlite_db: Database) -> Database:
    from desk.demo import showroom as demo

    with sqlite_db.begin() as s:
        for login, name, role in demo.DEMO_USERS:
            auth.create_user(s, None, login, name, role, demo.DEMO_PASSWORD)
    return sqlite_db


def test_the_window_makes_the_days_backup_and_restore_waits_for_it(
        ui_app: Any, qtbot: Any, staff_sqlite: Database, open_window: Any) -> None:
    with staff_sqlite.read() as s:
        today = settings.today(s)
    folder = config.data_dir() / "backups"
    win = open_window(staff_sqlite, "admin")
    made = folder / f"desk-{today.isoformat()}.sqlite3"
    assert sorted(p.name for p in folder.iterdir()) == [made.name]
    assert mode(folder) == 0o700 and mode(made) == 0o600
    assert win.daily_backup.timer.isActive() and win.daily_backup.timer.interval() == HOUR_MS
    # The hourly run on the same day makes nothing new.
    with qtbot.waitSignal(win.daily_backup.made, timeout=10_000) as seen:
        win.daily_backup.run()
    assert seen.args == [None]
    # While the window is open, restore is refused; once it is closed, it runs.
    p = run(staff_sqlite.url, "--lang", "en", "restore", str(made), "--user", "admin", ok=False)
    assert (p.returncode, p.stderr) == (
        7, "desk: Showroom Desk is running on this database: quit it first, or repeat with "
           "--force.\n")
    win.close()
    p = run(staff_sqlite.url, "--lang", "en", "restore", str(made), "--user", "admin")
    assert "integrity and business checks pass" in p.stdout


def test_a_failed_daily_backup_is_said_in_the_status_bar(
        ui_app: Any, qtbot: Any, staff_sqlite: Database, open_window: Any,
        tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with staff_sqlite.begin() as s:
        settings.put(s, actor(staff_sqlite, "admin"), "backup.folder", str(blocker / "backups"))
    win = open_window(staff_sqlite, "admin")
    settle(qtbot, win)
    assert win.statusBar().currentMessage() == (
        f"今天的自动备份失败：无法把备份写入 {blocker / 'backups'}：Not a directory")
    assert not (config.data_dir() / "backups").exists()


def test_first_setup_makes_a_new_showrooms_key(ui_app: Any, qtbot: Any, sqlite_db: Database,
                                               tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    key = tmp_path / "new-showroom.key"
    monkeypatch.setenv("DESK_KEY_FILE", str(key))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text: told.append(f"{title}|{text}"))
    dlg = SetupDialog(sqlite_db)
    qtbot.addWidget(dlg)
    e = dlg.edits
    type_text(e["name"], "管理员")
    for name in ("password", "password2"):
        qtbot.keyClicks(e[name], "secret12")
    dlg.submit()  # no project yet: refused, and no key made
    qtbot.waitUntil(lambda: not dlg.ops.busy)
    assert dlg.actor is None and not key.exists()
    type_text(e["project_name"], "翠湖")
    type_text(e["seller"], "某置业有限公司")
    type_text(e["presale_permit"], "深房许字（2026）1号")
    dlg.submit()
    qtbot.waitUntil(lambda: not dlg.ops.busy)
    assert dlg.actor is not None
    assert mode(key) == 0o600
    assert told == [f"客户数据密钥|已创建加密客户证件号的新密钥：{key}。请把这个文件复制到售楼处的"
                    "其他每台电脑，并妥善保管一份副本：没有它就无法读取证件号。"]
