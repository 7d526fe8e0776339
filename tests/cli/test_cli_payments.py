"""`desk payments …` and `desk print receipt` as a person or a script runs them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from desk.admin import projects, settings
from desk.core.db import Database
from desk.sales import claims
from tests.cli.test_cli import run
from tests.conftest import actor


@pytest.fixture
def demo_url(db: Database) -> str:
    run(db.url, "demo")
    return db.url


def deposit_row(rows: list[dict[str, object]], unit: str) -> dict[str, object]:
    return next(r for r in rows if r["unit"] == unit and r["kind"] == "deposit")


def test_record_list_print_and_refund(db: Database, demo_url: str, tmp_path: Path) -> None:
    with db.read() as s:
        today = settings.today(s).isoformat()
    week = json.loads(run(demo_url, "payments", "list", "--json", "--user", "assistant").stdout)
    assert deposit_row(week, "1-1801") == {
        "deal": deposit_row(week, "1-1801")["deal"], "unit": "1-1801", "customer": "孙立",
        "contract": None, "item": "定金", "kind": "deposit", "due_on": today,
        "amount": "50000.00", "outstanding": "50000.00", "days_overdue": 0}

    out = run(demo_url, "payments", "record", "1-1801", "--amount", "10,005", "--method", "pos",
              "--note", "定金", "--user", "assistant").stdout
    number = re.search(r"SJ\d{4}-00001", out)
    assert number is not None and out.count("\n") == 1
    week = json.loads(run(demo_url, "payments", "list", "--due-week", "--json", "--user",
                          "manager").stdout)
    assert deposit_row(week, "1-1801")["outstanding"] == "39995.00"
    month = json.loads(run(demo_url, "payments", "list", "--month", today[:7], "--json",
                           "--user", "assistant").stdout)
    assert (month["collected"], month["refunded"]) == ("10005.00", "0.00")
    assert [(p["receipt"], p["unit"], p["amount"], p["method"], p["note"])
            for p in month["payments"]] == [(number.group(), "1-1801", "10005.00", "pos", "定金")]
    assert json.loads(run(demo_url, "payments", "list", "--overdue", "--json", "--user",
                          "assistant").stdout) == []

    pdf = tmp_path / "receipt.pdf"
    first = run(demo_url, "print", "receipt", number.group(), "-o", str(pdf), "--user", "assistant")
    again = run(demo_url, "print", "receipt", number.group(), "-o", str(pdf), "--user", "assistant")
    assert "第 1 份" in first.stdout and "副本" in again.stdout and pdf.read_bytes()[:4] == b"%PDF"

    over = run(demo_url, "payments", "record", "1-1801", "--amount", "99999999", "--user",
               "assistant", ok=False)
    assert over.returncode == 2 and over.stderr.count("\n") == 1 and "超过未付余额" in over.stderr
    live = run(demo_url, "payments", "refund", "1-1801", "--amount", "1", "--reason", "x",
               "--user", "assistant", ok=False)
    assert live.returncode == 4
    with db.begin() as s:
        claims.cancel(s, actor(db, "manager"), projects.find_project(s, None).id, "1-1801",
                      reason="客户放弃")
    late = run(demo_url, "payments", "record", "1-1801", "--amount", "1", "--user", "assistant",
               ok=False)
    assert (late.returncode, late.stderr) == (3, "desk: 房源 1-1801 的交易已退订，不能收款。\n")
    back = run(demo_url, "payments", "refund", "1-1801", "--amount", "10005", "--reason", "退订",
               "--user", "assistant").stdout
    assert "仍需退还 ¥0.00" in back
    month = json.loads(run(demo_url, "payments", "list", "--month", today[:7], "--json",
                           "--user", "assistant").stdout)
    assert (month["collected"], month["refunded"]) == ("10005.00", "10005.00")


def test_refusals_exit_with_their_codes(demo_url: str) -> None:
    rep = run(demo_url, "payments", "list", "--user", "lina", ok=False)
    assert rep.returncode == 5 and rep.stderr.count("\n") == 1
    bad = run(demo_url, "payments", "list", "--month", "2026-13", "--user", "assistant", ok=False)
    assert bad.returncode == 2 and "不是月份" in bad.stderr
    both = run(demo_url, "payments", "list", "--overdue", "--due-week", "--user", "assistant",
               ok=False)
    assert both.returncode == 2
    zero = run(demo_url, "payments", "record", "1-1801", "--amount", "0", "--user", "assistant",
               ok=False)
    assert (zero.returncode, zero.stderr) == (2, "desk: 收款金额必须大于零。\n")
    none = run(demo_url, "payments", "record", "1-101", "--amount", "1", "--user", "assistant",
               ok=False)
    assert none.returncode == 4
    future = run(demo_url, "payments", "record", "1-1801", "--amount", "1", "--date", "2099-01-01",
                 "--user", "assistant", ok=False)
    assert future.returncode == 2 and "不能晚于今天" in future.stderr


def test_more_than_is_due_exits_7_until_forced(db: Database, demo_url: str) -> None:
    asked = run(demo_url, "payments", "record", "1-1801", "--amount", "999999", "--user",
                "assistant", ok=False)
    assert (asked.returncode, asked.stdout, asked.stderr) == (
        7, "", "desk: 本次收款 999,999.00 元超过目前应收的 50,000.00 元（定金）。"
        "多出的 949,999.00 元将计入后续款项（首付款）。确认登记吗？\n")
    with db.read() as s:
        today = settings.today(s).isoformat()
    month = json.loads(run(demo_url, "payments", "list", "--month", today[:7], "--json",
                           "--user", "assistant").stdout)
    assert month["payments"] == []  # nothing recorded on the question
    done = run(demo_url, "payments", "record", "1-1801", "--amount", "999999", "--force",
               "--user", "assistant").stdout
    assert done.startswith("已收款 ¥999,999.00，收据号 SJ") and done.count("\n") == 1
    over = run(demo_url, "payments", "record", "1-1801", "--amount", "99999999", "--force",
               "--user", "assistant", ok=False)
    assert over.returncode == 2 and "超过未付余额" in over.stderr
