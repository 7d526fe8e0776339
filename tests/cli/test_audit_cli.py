"""`desk audit list` and `desk audit verify` as a person runs them."""

from __future__ import annotations

import json
import re
import socket

import pytest

from desk.admin import settings
from desk.core.db import Database
from desk.sales import units
from tests.cli.test_cli import run
from tests.conftest import actor
from tests.core.test_audit import staff


def test_list_filters_and_needs_a_manager_or_administrator(db: Database) -> None:
    staff(db)
    manager = actor(db, "manager")
    with db.begin() as s:
        s.acting_as(manager.login, manager.id)
        settings.put(s, manager, "hold.ttl_minutes", 45)
        day = settings.today(s).isoformat()
    rows = json.loads(run(db.url, "audit", "list", "--table", "settings", "--json",
                          "--user", "manager").stdout)
    assert [(r["action"], r["table"], r["key"], r["actor"], r["old"], r["new"])
            for r in rows] == [("insert", "settings", "hold.ttl_minutes", "manager", None,
                                {"key": "hold.ttl_minutes", "value": "45"})]
    mine = json.loads(run(db.url, "audit", "list", "--by", "manager", "--since", day, "--json",
                          "--text", "ttl", "--user", "admin").stdout)
    assert [r["table"] for r in mine] == ["settings"]
    assert json.loads(run(db.url, "audit", "list", "--by", "lina", "--json",
                          "--user", "admin").stdout) == []
    everything = json.loads(run(db.url, "audit", "list", "--json", "--user", "admin").stdout)
    assert len(everything) > 10 and everything[0]["id"] > everything[-1]["id"]
    assert json.loads(run(db.url, "audit", "list", "--since", "2099-01-01", "--json",
                          "--user", "admin").stdout) == []
    text = run(db.url, "--lang", "en", "audit", "list", "--table", "settings",
               "--user", "manager").stdout
    assert _rows(text)[0][4:] == ["Added", "Settings Hold time-to-live (minutes)", "value: 45"]
    for args in (("list",), ("verify",)):
        p = run(db.url, "--lang", "en", "audit", *args, "--user", "lina", ok=False)
        assert p.returncode == 5 and p.stderr.strip() == \
            "desk: 李娜 (Sales rep) may not read the audit log."
    p = run(db.url, "audit", "list", "--since", "2024-13-01", "--user", "manager", ok=False)
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and "Traceback" not in p.stderr


def _rows(out: str) -> list[list[str]]:
    """The printed table's rows, without the heading, split into columns."""
    return [re.split(r"\s{2,}", line.strip()) for line in out.splitlines()[1:] if line.strip()]


def test_list_prints_words_and_finds_rows_by_their_names(db: Database) -> None:
    from decimal import Decimal

    from desk.admin import auth
    from desk.sales.pricelist import ImportReport, ParsedUnit, apply

    pid = staff(db)
    with db.begin() as s:
        apply(s, auth.OPERATOR, pid, [ParsedUnit(
            row=1, building="1栋", entrance="", floor=15, room="1501", code="1-1501",
            layout="3室2厅", orientation="南", usage="住宅", gross_area=Decimal("100"),
            inner_area=None, unit_price=Decimal("30000"), list_price=Decimal("3000000"),
            floor_price=None)], ImportReport())
    manager = actor(db, "manager")
    with db.begin() as s:
        s.acting_as(manager.login, manager.id)
        settings.put(s, manager, "hold.ttl_minutes", 45)
        units.withhold(s, manager, pid, "1-1501", "样板间")
    zh = _rows(run(db.url, "audit", "list", "--text", "1501", "--user", "admin").stdout)
    assert [r[2:] for r in zh] == [
        ["manager", socket.gethostname(), "新增", "房源历史 1-1501",
         f"动作：下架；操作人：manager 赵建国；时间：{zh[0][1][:16]}；原状态：可售；原因：样板间；"
         "新状态：不可售；房源：1-1501"],
        ["manager", socket.gethostname(), "修改", "房源 1-1501", "状态：可售 → 不可售"],
        ["system", socket.gethostname(), "导入", "房源 翠湖天地", "1 套房源（1-1501）"],
    ]
    en = _rows(run(db.url, "--lang", "en", "audit", "list", "--text", "manager",
                   "--user", "admin").stdout)
    assert [r[4:6] for r in en] == [["Added", "Unit history 1-1501"], ["Changed", "Units 1-1501"],
                                    ["Added", "Settings Hold time-to-live (minutes)"],
                                    ["Added", "Accounts manager 赵建国"]]
    assert en[2][6] == "value: 45" and en[1][6] == "status: available → withheld"
    assert _rows(run(db.url, "--lang", "en", "audit", "list", "--action", "unlock",
                     "--user", "admin").stdout) == []


def test_users_unlock_lifts_a_lockout_for_an_administrator(db: Database) -> None:
    from desk.admin import auth
    from desk.core.errors import AuthenticationFailed

    staff(db)
    for _ in range(auth.LOCKOUT_ATTEMPTS):
        with pytest.raises(AuthenticationFailed), db.begin() as s:
            auth.login(s, "lina", "wrong-password")
    locked = run(db.url, "--lang", "en", "audit", "list", "--user", "lina", ok=False)
    assert locked.returncode == 6 and "locked until" in locked.stderr
    p = run(db.url, "--lang", "en", "users", "unlock", "lina", "--user", "manager", ok=False)
    assert p.returncode == 5 and p.stderr.strip() == \
        "desk: 赵建国 (Sales manager) may not manage users."
    assert run(db.url, "users", "unlock", "LINA", "--user", "admin").stdout == "已解除 lina 的锁定\n"
    p = run(db.url, "--lang", "en", "users", "unlock", "lina", "--user", "admin", ok=False)
    assert p.returncode == 2 and p.stderr == "desk: The account lina is not locked.\n"
    p = run(db.url, "users", "unlock", "nobody", "--user", "admin", ok=False)
    assert p.returncode == 4 and p.stderr == "desk: 没有登录名为 nobody 的用户。\n"
    rows = _rows(run(db.url, "--lang", "en", "audit", "list", "--action", "unlock",
                     "--user", "admin").stdout)
    assert [r[2:6] for r in rows] == [["admin", socket.gethostname(), "Unlocked",
                                       "Accounts lina 李娜"]]
    assert rows[0][6].startswith("locked until: ") and rows[0][6].endswith(" → —")
    with db.begin() as s:
        assert auth.login(s, "lina", "demo123").login == "lina"
