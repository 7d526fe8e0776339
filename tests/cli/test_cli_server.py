"""Several PCs on one PostgreSQL server: `desk migrate-to` moves a SQLite
showroom onto the server, `desk connect` points a PC at it."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import keyring
import pytest
from jaraco.classes import properties
from keyring.backend import KeyringBackend
from sqlalchemy import select
from sqlalchemy.engine import make_url

from desk.admin import auth, projects, transfer
from desk.cli.main import main
from desk.core import config, connection
from desk.core.db import Database
from desk.demo import showroom as demo
from desk.models import Claim, User
from desk.reception import rotation
from desk.sales import claims, units

pytestmark = pytest.mark.postgres


def desk(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DESK_DATABASE_URL=db_url)
    return subprocess.run([sys.executable, "-m", "desk", *args], capture_output=True, text=True,
                          env=env, timeout=300, check=False)


@pytest.fixture
def showroom(sqlite_db: Database) -> Database:
    """The demo showroom on one PC's SQLite file, with today's holds and walk-ins."""
    with sqlite_db.begin() as s:
        demo.load(s)
    with sqlite_db.begin() as s:
        who = auth.get_actor(s, "assistant")
        pid = projects.find_project(s, None).id
        free = [r.code for r in units.rows(s, pid) if r.status == "available"]
        claims.hold(s, who, pid, free[0], customer_phone="13912345678", customer_name="钱七",
                    rep_login="lina")
        rotation.walkin(s, auth.get_actor(s, "frontdesk"), phone="13800001111")
    return sqlite_db


def rows_of(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    with db.engine.connect() as conn:
        return {t.name: [tuple(r) for r in conn.execute(
                    select(t).order_by(*t.primary_key.columns))]
                for t in transfer.tables()}


def test_migrate_to_moves_every_row_and_sets_the_sequences(showroom: Database,
                                                           pg_db: Database) -> None:
    before = transfer.count_rows(showroom)
    assert before["claims"] > 20 and before["visits"] > 50 and before["rotation_events"] > 10

    p = desk(showroom.url, "migrate-to", pg_db.url, "--user", "admin")

    assert p.returncode == 0, p.stderr
    before = transfer.count_rows(showroom)  # with the administrator's sign-in, audited
    assert transfer.count_rows(pg_db) == before
    for name, n in before.items():  # the printed counts, table by table
        assert f"\n{name} " in "\n" + p.stdout and f" {n}\n" in p.stdout
    total = sum(before.values())
    assert f"已把 {total} 行从 {showroom.description} 迁移到 {pg_db.description}" in p.stdout
    assert rows_of(pg_db) == rows_of(showroom)  # every row, value for value
    with pg_db.begin() as s:  # the next ids follow the copied ones
        who = auth.get_actor(s, "assistant")
        pid = projects.find_project(s, None).id
        free = [r.code for r in units.rows(s, pid) if r.status == "available"]
        claim = claims.hold(s, who, pid, free[0], customer_phone="13912340000",
                            customer_name="孙八", rep_login="lina")
        user = auth.create_user(s, None, "newrep", "新人", "sales_rep", "secret1")
        claim_id, user_id = claim.id, user.id
    with showroom.read() as s:
        assert claim_id == s.execute(select(Claim.id).order_by(Claim.id.desc())).scalars().first() + 1
        assert user_id == len(s.execute(select(User.id)).all()) + 1


def test_migrate_to_refuses_a_target_with_data_and_changes_nothing(showroom: Database,
                                                                   pg_db: Database) -> None:
    assert desk(showroom.url, "migrate-to", pg_db.url, "--user", "admin").returncode == 0
    with showroom.begin() as s:
        auth.create_user(s, None, "late", "后来", "sales_rep", "secret1")
    counts = transfer.count_rows(pg_db)

    p = desk(showroom.url, "--lang", "en", "migrate-to", pg_db.url, "--user", "admin")

    assert p.returncode == 3
    assert p.stderr == (f"desk: The target database {pg_db.description} holds data already "
                        "(audit_log): move into a new, empty database.\n")
    assert transfer.count_rows(pg_db) == counts


def test_migrate_to_needs_a_proven_administrator(showroom: Database, pg_db: Database) -> None:
    empty = transfer.count_rows(pg_db)

    p = desk(showroom.url, "--lang", "en", "migrate-to", pg_db.url, "--user", "manager")
    assert p.returncode == 5
    assert p.stderr == "desk: 赵建国 is not an administrator: only an administrator moves the " \
                       "database.\n"
    env_without = {k: v for k, v in os.environ.items() if k != "DESK_PASSWORD"}
    q = subprocess.run([sys.executable, "-m", "desk", "migrate-to", pg_db.url, "--user", "admin"],
                       capture_output=True, text=True, timeout=120, check=False,
                       env=dict(env_without, DESK_DATABASE_URL=showroom.url), stdin=subprocess.DEVNULL)
    assert q.returncode == 6
    assert transfer.count_rows(pg_db) == empty


def test_migrate_to_wants_a_postgresql_target(showroom: Database, tmp_path: Any) -> None:
    p = desk(showroom.url, "--lang", "en", "migrate-to", f"sqlite:///{tmp_path / 'other.db'}",
             "--user", "admin")
    assert p.returncode == 2
    assert p.stderr.startswith("desk: The target must be a PostgreSQL database")


# --- desk connect ---------------------------------------------------------------


class MemoryKeyring(KeyringBackend):
    """An OS keyring as keyring sees one (this test machine has none)."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("not for keyring to pick by itself: a test installs it")

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.saved.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def os_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


def with_password(url: str, password: str) -> str:
    return make_url(url).set(password=password).render_as_string(hide_password=False)


def test_connect_stores_the_address_and_not_the_password(pg_db: Database,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert connection.keyring_backend() is None  # keyring's fail backend on this machine
    assert main(["--lang", "en", "connect", with_password(pg_db.url, "s3cret")]) == 9
    err = capsys.readouterr().err
    assert err == ("desk: This PC has no OS keyring to keep the password in: leave it out of "
                   "the address and put it in ~/.pgpass (mode 0600) or the "
                   "DESK_DATABASE_PASSWORD environment variable.\n")
    assert not connection.path().exists()

    assert main(["--lang", "en", "connect", pg_db.url]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"This PC now uses {pg_db.description} (stored in {connection.path()}, "
                          "without the password)\n")
    assert "~/.pgpass (mode 0600) or the DESK_DATABASE_PASSWORD" in out
    assert stat.S_IMODE(connection.path().stat().st_mode) == 0o600
    assert json.loads(connection.path().read_text()) == {"url": pg_db.url}
    assert connection.database_url() == pg_db.url  # every command of this PC now uses the server
    monkeypatch.setenv("DESK_DATABASE_PASSWORD", "from-env")
    assert make_url(connection.database_url()).password == "from-env"
    assert "from-env" not in connection.path().read_text()


def test_connect_keeps_the_password_in_the_os_keyring(pg_db: Database, os_keyring: MemoryKeyring,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "connect", with_password(pg_db.url, "s3cret")]) == 0
    assert "The password is kept in the OS keyring." in capsys.readouterr().out
    assert json.loads(connection.path().read_text()) == {"url": pg_db.url}
    u = make_url(pg_db.url)
    assert os_keyring.saved == {("ShowroomDesk", f"postgres@{u.host}:{u.port}/{u.database}"):
                                "s3cret"}
    assert make_url(connection.database_url()).password == "s3cret"

    assert main(["--lang", "en", "connect", "--local"]) == 0
    assert capsys.readouterr().out == (f"This PC no longer uses {pg_db.description}; it uses its "
                                       f"own database file {config.data_dir() / 'desk.sqlite3'}\n")
    assert not connection.path().exists() and os_keyring.saved == {}
    assert connection.database_url() == config.default_database_url()


def test_connect_refuses_a_server_it_cannot_reach(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "connect", "postgresql://desk@127.0.0.1:9/showroom"]) == 10
    assert capsys.readouterr().err.startswith("desk: The database server cannot be reached")
    assert not connection.path().exists()
    assert main(["--lang", "en", "connect", "mysql://desk@127.0.0.1/showroom"]) == 2


def test_a_damaged_connection_file_is_one_line_and_connect_repairs_it(
        pg_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    connection.path().write_text("{not json")
    assert main(["--lang", "en", "users", "list"]) == 9
    assert capsys.readouterr().err == (f"desk: The connection file {connection.path()} is "
                                       "damaged: run desk connect again.\n")
    assert main(["connect", pg_db.url]) == 0
    assert connection.database_url() == pg_db.url
