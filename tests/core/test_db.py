from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from desk.admin import auth
from desk.core.db import Database
from desk.core.errors import InvalidInput
from desk.migrations import HEAD


def test_head_constant_is_alembics_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from desk.core.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(cfg).get_current_head() == HEAD


@pytest.mark.sqlite_only(reason="the SQLite file's journal mode and pragmas")
def test_sqlite_is_wal_with_foreign_keys(db: Database) -> None:
    with db.read() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA busy_timeout")).scalar() == 30000


def test_migrate_creates_schema_on_an_empty_file(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert db.schema_version() is None
    db.migrate()
    assert db.schema_version() == HEAD
    db.migrate()  # a second start is a no-op
    db.dispose()


def test_database_url_from_environment(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DESK_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    assert Database().url.endswith("env.sqlite3")
    assert Database("postgresql://u@h/d").url.startswith("postgresql+psycopg://")


def test_db_now_is_the_database_clock_in_utc(any_db: Database) -> None:
    from datetime import UTC

    with any_db.read() as s:
        now = s.now
    assert abs(now - datetime.now(UTC).replace(tzinfo=None)) < timedelta(seconds=5)
    any_db.clock_offset = timedelta(minutes=3)
    with any_db.read() as s:
        assert s.now - now > timedelta(minutes=2, seconds=59)


def test_failed_action_leaves_nothing_half_saved(any_db: Database) -> None:
    with pytest.raises(InvalidInput), any_db.begin() as s:
        auth.create_user(s, None, "anna", "Anna", "sales_rep", "secret1")
        auth.create_user(s, None, "bob", "Bob", "sales_rep", "short")
    with any_db.read() as s:
        assert auth.count_users(s) == 0


def test_models_and_migrations_agree(tmp_path) -> None:
    """A change to a model without its migration fails here."""
    from alembic import command
    from alembic.config import Config

    from desk.core.db import MIGRATIONS

    db = Database(f"sqlite:///{tmp_path / 'check.sqlite3'}")
    db.migrate()
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.check(cfg)  # raises if autogenerate would find anything to do
    db.dispose()


def test_upgrade_keeps_customers_and_fills_search_keys(any_db: Database) -> None:
    """A database from before the visitors revision upgrades with its customers."""
    from alembic import command
    from alembic.config import Config

    from desk.core.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with any_db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
        conn.commit()
    with any_db.engine.begin() as conn:
        conn.execute(text("INSERT INTO customers (name, phone, created_at) VALUES "
                          "('张三', '+8613812345678', '2026-01-01 00:00:00')"))
    any_db.migrate()
    with any_db.read() as s:
        row = s.execute(text("SELECT initials, phone_tail FROM customers")).one()
    assert tuple(row) == ("zs", "5678")


def test_a_plain_file_path_names_a_sqlite_file(tmp_path, monkeypatch) -> None:
    from desk.core.config import normalize_url

    monkeypatch.chdir(tmp_path)
    assert normalize_url("showroom.sqlite3") == f"sqlite:///{tmp_path}/showroom.sqlite3"
    assert normalize_url("/srv/desk/a.db") == "sqlite:////srv/desk/a.db"
    assert normalize_url(r"C:\desk\a.db").startswith("sqlite:///")
    assert normalize_url("foo:bar") == "foo:bar"  # not a path: refused as an address later
    assert normalize_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
