"""Settings are read once per process and read again when a change of them
arrives: committed here, or by another PC once the change feed brings it."""

from __future__ import annotations

from sqlalchemy import event

from desk.admin import settings
from desk.core.db import Database
from desk.core.listener import Listener
from tests.conftest import actor


def ttl(db: Database) -> tuple[int, int]:
    """The hold time as this process sees it, and the statements that took."""
    sent: list[str] = []

    def seen(*_: object) -> None:
        sent.append("x")

    with db.read() as s:
        assert s.now  # the clock, read before counting
        event.listen(db.engine, "before_cursor_execute", seen)
        try:
            value = settings.get(s, "hold.ttl_minutes")
        finally:
            event.remove(db.engine, "before_cursor_execute", seen)
    return value, len(sent)


def test_a_setting_is_read_once_until_its_change_arrives(demo_db: Database) -> None:
    other_pc = Database(demo_db.url)
    try:
        manager = actor(demo_db, "manager")
        listener = Listener(demo_db)
        assert ttl(demo_db) == (30, 1)
        assert ttl(demo_db) == (30, 0)  # kept

        with other_pc.begin() as s:
            settings.put(s, manager, "hold.ttl_minutes", 45)
        assert ttl(demo_db) == (30, 0)  # another PC's change has not arrived yet
        assert ttl(other_pc) == (45, 1)
        assert [r.kind for r in listener.poll()] == ["settings"]
        assert ttl(demo_db) == (45, 1)  # arrived: read again

        with demo_db.begin() as s:  # a change made here is seen here at once
            settings.put(s, manager, "hold.ttl_minutes", 50)
            assert settings.get(s, "hold.ttl_minutes") == 50  # within its own transaction
        assert ttl(demo_db) == (50, 1)
        listener.close()
    finally:
        other_pc.dispose()


def test_a_setting_changed_and_rolled_back_is_not_kept(demo_db: Database) -> None:
    manager = actor(demo_db, "manager")
    assert ttl(demo_db) == (30, 1)
    try:
        with demo_db.begin() as s:
            settings.put(s, manager, "hold.ttl_minutes", 45)
            assert settings.get(s, "hold.ttl_minutes") == 45
            raise RuntimeError("the action failed")
    except RuntimeError:
        pass
    assert ttl(demo_db) == (30, 0)
