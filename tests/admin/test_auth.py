from __future__ import annotations

import pytest

from desk.admin import auth, projects, settings
from desk.core import errors
from desk.core.db import Database
from desk.core.errors import AuthenticationFailed, Conflict, InvalidInput, PermissionDenied
from tests.conftest import actor


def test_password_is_hashed_with_argon2_and_login_works(db: Database) -> None:
    with db.begin() as s:
        user = auth.create_user(s, None, "Lina", "李娜", "sales_rep", "secret1")
        assert user.login == "lina"
        assert user.password_hash.startswith("$argon2")
        assert "secret1" not in user.password_hash
    with db.begin() as s:
        a = auth.login(s, "LINA ", "secret1")
    assert (a.login, a.role, a.name) == ("lina", "sales_rep", "李娜")


@pytest.mark.parametrize("login,password", [("lina", "wrong!!"), ("nobody", "secret1")])
def test_bad_login_gives_one_message_for_both_cases(db: Database, login, password) -> None:
    with db.begin() as s:
        auth.create_user(s, None, "lina", "李娜", "sales_rep", "secret1")
    with pytest.raises(AuthenticationFailed) as e, db.begin() as s:
        auth.login(s, login, password)
    assert str(e.value) == "登录名或密码不正确。"
    errors.set_language("en")
    assert str(e.value) == "Wrong login or password."


def test_deactivated_user_cannot_log_in(db: Database) -> None:
    with db.begin() as s:
        auth.create_user(s, None, "lina", "李娜", "sales_rep", "secret1")
        auth.set_active(s, None, "lina", False)
    with pytest.raises(AuthenticationFailed), db.begin() as s:
        auth.login(s, "lina", "secret1")


@pytest.mark.parametrize(
    "login,name,role,password,field",
    [
        ("1abc", "N", "admin", "secret1", "login"),
        ("ok", " ", "admin", "secret1", "name"),
        ("ok", "N", "boss", "secret1", "role"),
        ("ok", "N", "admin", "123", "password"),
    ],
)
def test_bad_account_fields_name_the_field(db, login, name, role, password, field) -> None:
    with pytest.raises(InvalidInput) as e, db.begin() as s:
        auth.create_user(s, None, login, name, role, password)
    assert e.value.field == field


def test_duplicate_login_refused(db: Database) -> None:
    with db.begin() as s:
        auth.create_user(s, None, "lina", "李娜", "sales_rep", "secret1")
    with pytest.raises(Conflict), db.begin() as s:
        auth.create_user(s, None, "lina", "Other", "sales_rep", "secret1")


def test_permissions_are_checked_in_the_services(demo_db: Database) -> None:
    rep = actor(demo_db, "lina")
    with pytest.raises(PermissionDenied) as e, demo_db.begin() as s:
        auth.create_user(s, rep, "x1", "X", "admin", "secret1")
    assert "李娜" in str(e.value) and "管理用户" in str(e.value)
    with pytest.raises(PermissionDenied), demo_db.begin() as s:
        settings.put(s, rep, "hold.ttl_minutes", 10)
    with pytest.raises(PermissionDenied), demo_db.begin() as s:
        auth.set_password(s, rep, "manager", "hacked1")
    with demo_db.begin() as s:  # one's own password is fine
        auth.set_password(s, rep, "lina", "newpass1")


def test_settings_validate_and_round_trip(demo_db: Database) -> None:
    mgr = actor(demo_db, "manager")
    with demo_db.begin() as s:
        settings.put(s, mgr, "hold.ttl_minutes", "45")
    with demo_db.read() as s:
        assert settings.get(s, "hold.ttl_minutes") == 45
    with pytest.raises(InvalidInput) as e, demo_db.begin() as s:
        settings.put(s, mgr, "hold.ttl_minutes", "abc")
    assert e.value.field == "hold.ttl_minutes"
    with pytest.raises(InvalidInput), demo_db.begin() as s:
        settings.put(s, mgr, "hold.ttl_minutes", -1)
    with pytest.raises(InvalidInput) as e, demo_db.begin() as s:
        settings.put(s, mgr, "showroom.timezone", "Mars/Olympus")
    assert e.value.field == "showroom.timezone"
    with pytest.raises(InvalidInput), demo_db.begin() as s:
        settings.put(s, mgr, "rotation.order_mode", "random")


def test_first_run_setup_creates_admin_and_project_once(db: Database) -> None:
    with db.read() as s:
        assert projects.needs_setup(s)
    with pytest.raises(InvalidInput) as e, db.begin() as s:
        projects.initial_setup(s, admin_login="admin", admin_name="A", admin_password="secret1",
                               project_name="", seller="", presale_permit="")
    assert set(e.value.errors) == {"project_name", "seller", "presale_permit"}
    with db.begin() as s:
        a = projects.initial_setup(s, admin_login="admin", admin_name="管理员",
                                   admin_password="secret1", project_name="翠湖",
                                   seller="某置业", presale_permit="深房许字（2026）1号")
    assert a.role == "admin"
    with pytest.raises(Conflict), db.begin() as s:
        projects.initial_setup(s, admin_login="x", admin_name="X", admin_password="secret1",
                               project_name="P", seller="S", presale_permit="1")
