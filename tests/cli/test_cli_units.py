"""`desk units …` as a person or a script runs it."""

from __future__ import annotations

import json
import re

import pytest

from desk.core.db import Database
from tests.cli.test_cli import run
from tests.conftest import TESTDATA


@pytest.fixture
def demo_url(db: Database) -> str:
    run(db.url, "demo")
    return db.url


def test_list_json_has_the_documented_fields(demo_url: str) -> None:
    rows = json.loads(run(demo_url, "units", "list", "--json").stdout)
    assert len(rows) == 4 * (26 + 22 + 18)
    for key in ("code", "building", "floor", "layout", "gross_area", "list_price", "status"):
        assert key in rows[0]
    held = [r for r in rows if r["status"] == "held"]
    signed = [r for r in rows if r["status"] == "signed"]
    assert held and all(r["customer"] and r["rep"] and r["expires_at"] for r in held)
    assert all("****" in r["customer_phone"] for r in held)  # masked without --user
    assert signed and all(r["contract_number"].startswith("HT") for r in signed)
    assert "floor_price" not in rows[0]
    full = json.loads(run(demo_url, "units", "list", "--json", "--user", "manager").stdout)
    assert "floor_price" in full[0]
    assert all("****" not in r["customer_phone"] for r in full if r["status"] == "held")
    only = json.loads(run(demo_url, "units", "list", "--json", "--status", "withheld",
                          "--building", "1栋").stdout)
    assert all(r["status"] == "withheld" and r["building"] == "1栋" for r in only)


def test_hold_release_history(demo_url: str) -> None:
    rows = json.loads(run(demo_url, "units", "list", "--json", "--status", "available").stdout)
    code = rows[0]["code"]
    out = run(demo_url, "units", "hold", code, "--customer-phone", "13700001111",
              "--customer-name", "钱多多", "--user", "lina", "--minutes", "15").stdout
    assert code in out
    p = run(demo_url, "units", "hold", code, "--customer-phone", "13700002222",
            "--customer-name", "孙少", "--user", "zhangwei", ok=False)
    assert p.returncode == 3
    assert p.stderr.count("\n") == 1 and "钱多多" in p.stderr and "李娜" in p.stderr
    run(demo_url, "units", "release", code, "--user", "lina")
    history = run(demo_url, "units", "history", "--user", "assistant", code).stdout
    assert "预留" in history and "释放" in history
    events = json.loads(run(demo_url, "units", "history", "--user", "assistant", code, "--json").stdout)
    assert [e["action"] for e in events] == ["import", "hold", "release"]


def test_subscribe_and_contract_from_the_cli(demo_url: str) -> None:
    rows = json.loads(run(demo_url, "units", "list", "--json", "--status", "available").stdout)
    r = rows[5]
    run(demo_url, "units", "subscribe", r["code"], "--customer-phone", "13700003333",
        "--customer-name", "周全", "--deposit", "50000", "--price", r["list_price"],
        "--user", "assistant", "--rep", "lina")
    out = run(demo_url, "units", "contract", r["code"], "--user", "assistant").stdout
    signed = json.loads(run(demo_url, "units", "list", "--json", "--status", "signed").stdout)
    number = next(u["contract_number"] for u in signed if u["code"] == r["code"])
    assert re.fullmatch(r"HT\d{4}-\d{5}", number)
    assert out == f"{r['code']} 已签约，合同号 {number}\n"


@pytest.fixture
def admin_only(db: Database) -> Database:
    """A new showroom: its first account, an administrator, and nothing else."""
    from desk.admin import auth
    from desk.demo.showroom import DEMO_PASSWORD

    with db.begin() as s:
        auth.create_first_user(s, "admin", "管理员", "admin", DEMO_PASSWORD)
    return db


@pytest.mark.skipif(not TESTDATA.exists(), reason="../shared/testdata is absent")
def test_import_real_table_into_a_named_project(admin_only: Database) -> None:
    db = admin_only
    run(db.url, "init")
    out = run(db.url, "units", "import",
              str(TESTDATA / "shenzhen_yfyj_longgang_jingji_yujing_banshan.csv"),
              "--new-project", "京基御景半山花园", "--user", "admin").stdout
    assert "1645" in out
    rows = json.loads(run(db.url, "units", "list", "--json").stdout)
    assert len(rows) == 1645


def test_import_bad_file_lists_rows_and_exits_2(admin_only: Database, tmp_path) -> None:
    db = admin_only
    run(db.url, "init")
    bad = tmp_path / "bad.csv"
    bad.write_text("楼栋,房号,建筑面积,单价\n1栋,101,abc,30000\n1栋,102,90,x\n", encoding="utf-8")
    p = run(db.url, "units", "import", str(bad), "--new-project", "P", "--user", "admin", ok=False)
    assert p.returncode == 2
    assert "第 2 行" in p.stderr and "第 3 行" in p.stderr and "Traceback" not in p.stderr


def test_several_projects_need_project_flag(demo_url: str, tmp_path) -> None:
    f = tmp_path / "x.csv"
    f.write_text("楼栋,房号,建筑面积,单价\n9栋,101,90,30000\n", encoding="utf-8")
    run(demo_url, "units", "import", str(f), "--new-project", "第二期", "--user", "admin")
    p = run(demo_url, "units", "list", ok=False)
    assert p.returncode == 2 and "--project" in p.stderr


def test_times_print_in_the_showroom_time_zone(db: Database) -> None:
    """The PC's zone does not matter: the showroom's setting decides (UTC+14 here)."""
    from datetime import datetime, timedelta

    from desk.admin import settings
    from tests.conftest import actor

    run(db.url, "demo")
    with db.begin() as s:
        settings.put(s, actor(db, "admin"), "showroom.timezone", "Pacific/Kiritimati")
    held = json.loads(run(db.url, "units", "list", "--json", "--status", "held").stdout)[0]
    utc = datetime.fromisoformat(held["expires_at"].removesuffix("Z"))
    shown = (utc + timedelta(hours=14)).strftime("%Y-%m-%d %H:%M")
    table = run(db.url, "units", "list", "--status", "held").stdout
    line = next(x for x in table.splitlines() if x.startswith(held["code"] + " "))
    assert line.endswith(shown)
