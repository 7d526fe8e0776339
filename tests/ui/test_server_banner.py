"""The database server stopped and started under a running window; this PC's
clock against the server's."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from desk.admin import auth, projects
from desk.core.db import Database, unreachable
from desk.core.errors import Unavailable
from desk.core.timefmt import utc_now
from desk.demo import showroom as demo
from desk.models import Customer
from desk.ui.common.server_banner import RETRY_MS
from desk.ui.main_window import MainWindow
from desk.visitors import visitors
from tests.conftest import actor, settle, type_text
from tests.pgcluster import Cluster
from tests.ui.test_visitors_screen import choose, screen_for

DOWN = "无法连接数据库服务器，正在重试… 您输入的内容都保留着，恢复后请再保存一次。"
NOT_SAVED = "无法连接数据库服务器，未保存；内容仍保留，恢复后请再保存一次。"


@pytest.fixture
def server() -> Iterator[Cluster]:
    """A PostgreSQL server of this test's own, with the demo's staff and project."""
    try:
        cluster = Cluster()
    except FileNotFoundError:
        pytest.skip("PostgreSQL server binaries are not installed")
    try:
        cluster.start()
        db = Database(cluster.url)
        db.migrate()
        with db.begin() as s:
            for login, name, role in demo.DEMO_USERS:
                auth.create_user(s, None, login, name, role, demo.DEMO_PASSWORD)
            projects.create_project(s, None, demo.DEMO_PROJECT, "翠湖置业", "深房许字（2026）1号")
        db.dispose()
        yield cluster
    finally:
        cluster.remove()


def customers(db: Database) -> list[str]:
    with db.read() as s:
        return list(s.scalars(select(Customer.name).order_by(Customer.id)))


def test_server_stopped_and_started_under_a_running_window(
        ui_app, qtbot: QtBot, open_window: Callable[..., MainWindow], server: Cluster) -> None:
    db = Database(server.url)
    other_pc = Database(server.url)
    try:
        win, s = screen_for(qtbot, open_window, db, "lina")
        assert win.watcher is not None
        qtbot.waitUntil(lambda: win.watcher is not None and win.watcher.listening, timeout=5000)
        f = s.form
        type_text(f.phone, "13912345678")
        type_text(f.name, "诸葛亮")
        type_text(f.notes, "想要三房")
        choose(qtbot, f.source, "朋友介绍")
        choose(qtbot, f.grade, "A")
        f.consent.setChecked(True)
        settle(qtbot, win)
        assert win.banner.isHidden()

        server.stop()
        f.save()  # nothing may open a message box: it would block here
        settle(qtbot, win)
        assert f.result.text() == NOT_SAVED
        assert not win.banner.isHidden() and win.banner.text() == DOWN
        assert (f.phone.text(), f.name.text(), f.notes.toPlainText(), f.consent.isChecked()) \
            == ("13912345678", "诸葛亮", "想要三房", True)

        server.start()
        refreshes = s.refreshes
        qtbot.waitUntil(win.banner.isHidden, timeout=RETRY_MS + 5000)
        qtbot.waitUntil(lambda: s.refreshes > refreshes, timeout=5000)  # re-read once back
        settle(qtbot, win)
        assert customers(db) == []  # the failed save wrote nothing
        assert (f.phone.text(), f.name.text(), f.notes.toPlainText()) \
            == ("13912345678", "诸葛亮", "想要三房")

        f.save()
        settle(qtbot, win)
        assert f.result.text() == "已保存：初访，归属 李娜。"
        assert customers(db) == ["诸葛亮"]

        # The change feed listens again: another PC's registration shows here.
        s.tabs.setCurrentIndex(1)
        settle(qtbot, win)
        assert [r.name for r in s.customers.rows] == ["诸葛亮"]
        qtbot.waitUntil(lambda: win.watcher is not None and win.watcher.listening, timeout=5000)
        with other_pc.begin() as ses:
            visitors.register(ses, actor(other_pc, "frontdesk"), visitors.VisitForm(
                name="司马懿", phone="13612345678", source="路过", grade="B",
                rep_login="zhangwei", consent=True))
        qtbot.waitUntil(lambda: "司马懿" in [r.name for r in s.customers.rows], timeout=5000)
        assert sorted(r.name for r in s.customers.rows) == ["司马懿", "诸葛亮"]
    finally:
        other_pc.dispose()
        db.dispose()


def test_the_one_classifier_of_a_lost_server(server: Cluster) -> None:
    db = Database(server.url)
    try:
        with pytest.raises(DBAPIError) as bad_sql, db.read() as s:
            s.execute(text("SELECT no_such_column"))
        assert unreachable(bad_sql.value) is None
        with pytest.raises(DBAPIError) as dropped, db.read() as s:
            s.execute(select(func.count()).select_from(Customer))
            server.stop()  # mid-transaction: the answer is lost
            s.execute(select(func.count()).select_from(Customer))
        assert dropped.value.connection_invalidated
        with pytest.raises(DBAPIError) as refused, db.read() as s:
            s.execute(select(func.count()).select_from(Customer))
        for caught in (dropped, refused):
            lost = unreachable(caught.value, db.description)
            assert isinstance(lost, Unavailable) and lost.exit_code == 10
            assert str(lost) == f"无法连接数据库服务器（{db.description}），请稍后再试。"
        assert unreachable(ValueError("x")) is None
    finally:
        db.dispose()


CLOCK = "这台电脑的时钟与服务器相差 3 分钟：所有时间以服务器为准；请校准这台电脑的时间。"


def test_a_pc_clock_off_by_minutes_is_warned_of(ui_app, qtbot: QtBot, open_window,
                                                staff_db: Database) -> None:
    win = open_window(staff_db, "lina", size=(1024, 768))
    banner = win.banner
    assert banner.isHidden() and abs(banner.skew) < timedelta(seconds=5)
    # Time moved for the rules (as the tests of expiry do) moves no real clock.
    staff_db.clock_offset = timedelta(hours=3)
    banner.check()
    settle(qtbot, win)
    assert banner.isHidden()
    # This PC's clock runs 3 minutes ahead of the server's.
    banner.local_clock = lambda: utc_now() + timedelta(minutes=3, seconds=4)
    banner.check()
    settle(qtbot, win)
    assert not banner.isHidden() and banner.text() == CLOCK
    # One line across a 1024-pixel window.
    assert banner.fontMetrics().horizontalAdvance(CLOCK) < banner.contentsRect().width()
    # The status bar's clock shows the server's time all the same.
    assert abs(banner.server_now() - utc_now()) < timedelta(seconds=5)
    banner.local_clock = utc_now
    banner.check()
    settle(qtbot, win)
    assert banner.isHidden()
