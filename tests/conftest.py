"""Test set-up: offscreen Qt, a fresh database per test, SQLite and PostgreSQL."""

from __future__ import annotations

import gc
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from desk.core import errors
from desk.core.db import Database

PG_URL = os.environ.get("DESK_TEST_PG_URL")
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TESTDATA = SHARED / "testdata"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db", choices=["sqlite", "postgres"], default="sqlite",
        help="the database behind the `db` fixture (and staff_db, demo_db, the UI window); "
        "postgres needs DESK_TEST_PG_URL",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On the PostgreSQL run only the tests built on the `db` fixture run again: the
    others are the same on both runs (no database, their own SQLite file, or
    any_db/pg_db, which the SQLite run already covers on PostgreSQL)."""
    if config.getoption("--db") != "postgres":
        return
    keep, drop = [], []
    for item in items:
        (keep if "db" in getattr(item, "fixturenames", ()) else drop).append(item)
        only = item.get_closest_marker("sqlite_only")
        if only is not None:
            item.add_marker(pytest.mark.skip(reason=only.kwargs.get("reason", "SQLite only")))
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(autouse=True)
def _collect_on_the_main_thread() -> Iterator[None]:
    """Once the UI tests turned automatic collection off, collect between tests."""
    yield
    if not gc.isenabled():
        gc.collect()


@pytest.fixture(scope="session")
def _key_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The showroom's customer-data key, made once: nothing makes one on the fly."""
    from cryptography.fernet import Fernet

    path = tmp_path_factory.mktemp("key") / "customer-data.key"
    path.write_bytes(Fernet.generate_key())
    path.chmod(0o600)
    return str(path)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _key_file: str) -> None:
    """Every test gets its own data folder, starts in Chinese, and hashes
    passwords with cheap argon2 parameters (the real ones cost ~0.1 s a hash)."""
    from argon2 import PasswordHasher

    from desk.admin import auth

    monkeypatch.setenv("DESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DESK_KEY_FILE", _key_file)
    monkeypatch.delenv("DESK_DATABASE_URL", raising=False)
    # Commands run as the user their --user names, proven by the demo password.
    from desk.demo.showroom import DEMO_PASSWORD

    monkeypatch.setenv("DESK_PASSWORD", DEMO_PASSWORD)
    for name in ("DESK_USER", "DESK_NEW_PASSWORD", "DESK_APPROVER_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024,
                                                        parallelism=1))
    errors.set_language("zh_CN")
    from desk.core import timefmt

    timefmt.set_zone(None)


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    db.dispose()
    return path


@pytest.fixture
def sqlite_db(tmp_path: Path, _sqlite_template: Path) -> Iterator[Database]:
    path = tmp_path / "desk.sqlite3"
    shutil.copy(_sqlite_template, path)
    db = Database(f"sqlite:///{path}")
    yield db
    db.dispose()


def _pg_admin():  # type: ignore[no-untyped-def]
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def _pg_template() -> Iterator[str]:
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL tests: DESK_TEST_PG_URL is not set")
        pytest.skip("no PostgreSQL server (set DESK_TEST_PG_URL)")
    name = f"desk_tpl_{uuid.uuid4().hex[:8]}"
    admin = _pg_admin()
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    db = Database(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
    db.migrate()
    db.dispose()
    yield name
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_db(_pg_template: str) -> Iterator[Database]:
    name = f"desk_t_{uuid.uuid4().hex[:10]}"
    admin = _pg_admin()
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{_pg_template}"'))
    db = Database(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
    yield db
    db.dispose()
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def any_db(request: pytest.FixtureRequest) -> Database:
    """Both databases, for every rule that can race."""
    return request.getfixturevalue("sqlite_db" if request.param == "sqlite" else "pg_db")


@pytest.fixture
def db(request: pytest.FixtureRequest) -> Database:
    """The test's database: SQLite, or PostgreSQL with `pytest --db=postgres`."""
    which = "pg_db" if request.config.getoption("--db") == "postgres" else "sqlite_db"
    return request.getfixturevalue(which)


@pytest.fixture
def demo_db(db: Database) -> Database:
    from desk.demo import showroom as demo

    with db.begin() as s:
        demo.load(s)
    return db


def actor(db: Database, login: str):  # type: ignore[no-untyped-def]
    from desk.admin import auth

    with db.read() as s:
        return auth.get_actor(s, login)


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["desk-tests"]


@pytest.fixture(scope="session")
def ui_app(qapp):  # type: ignore[no-untyped-def]
    """The QApplication with the shipped font and the Chinese catalogue."""
    from desk.ui.common.collector import GarbageCollector
    from desk.ui.common.resources import STYLE, install_font, install_translations

    GarbageCollector(qapp)  # as the application does: never collect off the UI thread
    install_font(qapp)
    install_translations(qapp, "zh_CN")
    qapp.setStyleSheet(STYLE)
    return qapp


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type like a keyboard would. QTest cannot key non-ASCII text, so Chinese
    arrives as key events carrying the text, as an input method delivers it."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    for ch in text:
        if ch.isascii():
            QTest.keyClick(widget, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch)
                QApplication.sendEvent(widget, event)


@pytest.fixture
def staff_db(db: Database) -> Database:
    """The demo's staff and project only: an empty day at the desk."""
    from desk.admin import auth, projects
    from desk.demo import showroom as demo

    with db.begin() as s:
        for login, name, role in demo.DEMO_USERS:
            auth.create_user(s, None, login, name, role, demo.DEMO_PASSWORD)
        projects.create_project(s, None, demo.DEMO_PROJECT, "翠湖置业", "深房许字（2026）1号")
    return db


@pytest.fixture(scope="session", autouse=True)
def _background_jobs_finish() -> Iterator[None]:
    """No worker thread may outlive the QApplication."""
    yield
    try:
        from PySide6.QtCore import QThreadPool
    except ImportError:
        return
    QThreadPool.globalInstance().waitForDone(10_000)


# --- the main window as the application builds it ---------------------------


def settle(qtbot: Any, win: Any, timeout: int = 10_000) -> None:
    """Wait until no call of the window is under way and no screen is reading."""
    def quiet() -> bool:
        return not win.ctx.ops.busy and not any(s.loading for s in win.screens.values())

    qtbot.waitUntil(quiet, timeout=timeout)


@pytest.fixture
def open_window(qtbot: Any) -> Iterator[Callable[..., Any]]:
    """`open_window(db, login, screen=None)`: the main window, logged in, shown."""
    windows: list[Any] = []

    def make(db: Database, login: str, screen: str | None = None, lang: str = "zh_CN",
             size: tuple[int, int] = (1280, 800)) -> Any:
        from desk.app import build_main_window

        win = build_main_window(db, actor(db, login), lang)
        qtbot.addWidget(win)
        win.resize(*size)
        win.show()
        if screen is not None:
            win.show_screen(screen)
        settle(qtbot, win)
        windows.append(win)
        return win

    yield make
    for win in windows:
        win.shutdown()
