"""Files with customer data are the owner's only; the key is never made on the fly."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.admin import auth
from desk.core import config, crypto
from desk.core.backup import backup
from desk.core.db import Database
from desk.core.errors import ConfigurationError, Conflict
from desk.core.logsetup import setup_logging
from desk.demo import showroom as demo
from desk.models import Claim, Unit
from tests.cli.test_cli import run


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def _usual_umask() -> Iterator[None]:
    """A usual desktop: new files readable by everyone unless made otherwise."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_database_wal_shm_and_data_folder_are_owner_only(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{config.data_dir() / 'desk.sqlite3'}")
    db.migrate()
    path = config.data_dir() / "desk.sqlite3"
    assert mode(config.data_dir()) == 0o700
    assert mode(path) == 0o600
    with db.begin() as s:
        auth.create_user(s, None, "amy", "Amy", "admin", "secret12")
        assert mode(Path(f"{path}-wal")) == 0o600
        assert mode(Path(f"{path}-shm")) == 0o600
    db.dispose()


def test_an_older_install_is_tightened_on_start(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "old"
    folder.mkdir(mode=0o755)
    path = folder / "desk.sqlite3"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    db.dispose()
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.touch()
        p.chmod(0o644)
    Database(f"sqlite:///{path}").dispose()
    assert [mode(p) for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"))] == [0o600] * 3
    monkeypatch.setenv("DESK_DATA_DIR", str(folder))
    config.data_dir()
    assert mode(folder) == 0o700


def test_backups_and_logs_are_owner_only(sqlite_db: Database, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import logging

    # A log set up by an earlier test in this process points at its own folder.
    monkeypatch.setattr(logging.getLogger(), "handlers", [])
    target = backup(sqlite_db, tmp_path / "out" / "copy.sqlite3")
    assert mode(target) == 0o600
    target.chmod(0o644)  # overwritten: the new copy is private again
    assert mode(backup(sqlite_db, target)) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["copy.sqlite3"]  # no part file left
    log = setup_logging()
    logging.getLogger("desk").warning("a line")
    assert mode(log) == 0o600
    assert mode(log.parent) == 0o700


def test_key_init_makes_an_owner_only_key_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                sqlite_db: Database) -> None:
    key = tmp_path / "k" / "customer-data.key"
    monkeypatch.setenv("DESK_KEY_FILE", str(key))
    p = run(sqlite_db.url, "--lang", "en", "key", "init")
    assert str(key) in p.stdout
    assert mode(key) == 0o600 and len(key.read_bytes().strip()) == 44
    before = key.read_bytes()
    again = run(sqlite_db.url, "--lang", "en", "key", "init", ok=False)
    assert again.returncode == 3
    assert again.stderr == f"desk: A key file exists already: {key}. It is not replaced.\n"
    assert key.read_bytes() == before


def test_init_makes_the_key_of_a_new_showroom_only(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    key = tmp_path / "customer-data.key"
    monkeypatch.setenv("DESK_KEY_FILE", str(key))
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    p = run(url, "--lang", "en", "init")
    assert f"A new showroom: customer-data key created at {key}" in p.stdout
    assert mode(key) == 0o600
    # The same database on a second PC (no key there): init makes none and says so.
    other = tmp_path / "second-pc.key"
    monkeypatch.setenv("DESK_KEY_FILE", str(other))
    db = Database(url)
    with db.begin() as s:
        auth.create_user(s, None, "amy", "Amy", "admin", "secret12")
    db.dispose()
    p = run(url, "--lang", "en", "init")
    assert "key created" not in p.stdout and not other.exists()
    assert p.stderr == (f"desk: This PC has no customer-data key ({other}): copy that file from "
                        "the first PC, or run `desk key init` for a new showroom.\n")


def test_without_the_key_every_use_refuses_in_one_line(demo_db: Database, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    with demo_db.read() as s:
        code = s.execute(select(Unit.code).join(Claim, Claim.unit_id == Unit.id)
                         .where(Claim.kind == "hold", Claim.state == "active")).scalars().first()
    assert code is not None
    missing = tmp_path / "nowhere" / "customer-data.key"
    monkeypatch.setenv("DESK_KEY_FILE", str(missing))
    with pytest.raises(ConfigurationError) as e:
        crypto.encrypt("110101199003078515")
    assert e.value.exit_code == 9
    with pytest.raises(ConfigurationError):
        crypto.sign("x")
    p = run(demo_db.url, "--lang", "en", "print", "slip", code, "-o", str(tmp_path / "s.pdf"),
            "--user", "assistant", ok=False)
    assert p.returncode == 9
    assert p.stderr == (f"desk: This PC has no customer-data key ({missing}): copy that file "
                        "from the first PC, or run `desk key init` for a new showroom.\n")
    assert not missing.exists() and not missing.parent.exists()
    assert not (tmp_path / "s.pdf").exists()


def test_demo_into_an_empty_database_is_a_new_showroom(sqlite_db: Database, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    key = tmp_path / "demo.key"
    monkeypatch.setenv("DESK_KEY_FILE", str(key))
    with sqlite_db.begin() as s:
        demo.load(s)
    assert mode(key) == 0o600
    with pytest.raises(Conflict):
        crypto.create_key()
