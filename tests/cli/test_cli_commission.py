"""`desk commission …` as a manager and a sales rep run it."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest

from desk.admin import settings
from desk.core.db import Database
from desk.sales import commission
from tests.cli.test_cli import run
from tests.conftest import actor


@pytest.fixture
def demo_url(db: Database) -> str:
    run(db.url, "demo")
    return db.url


def test_statement_adjust_and_confirm(db: Database, demo_url: str) -> None:
    with db.read() as s:
        this = settings.today(s).replace(day=1)
        lina = commission.statement(s, actor(db, "lina"), this).lines
    month = f"{this:%Y-%m}"
    deal = lina[0].deal_id
    own = json.loads(run(demo_url, "commission", "statement", "--month", month, "--json",
                         "--user", "lina").stdout)["tables"]["statement"]
    assert {r["rep"] for r in own["rows"]} == {"李娜"}
    row = next(r for r in own["rows"] if r["deal"] == deal)
    assert (row["share"], row["rule"], row["entry"], row["confirmed"]) == (
        "1.0000", "归属顾问", "计提", "未确认")
    assert own["total"]["commission"] == str(sum(x.amount for x in lina))
    # A rep asking for another rep still gets their own lines.
    other = json.loads(run(demo_url, "commission", "statement", "--month", month, "--rep",
                           "zhangwei", "--json", "--user", "lina").stdout)
    assert other["tables"]["statement"]["rows"] == own["rows"]

    refused = run(demo_url, "commission", "adjust", "--deal", str(deal), "--rep", "zhangwei",
                  "--share", "40", "--reason", "x", "--user", "lina", ok=False)
    assert refused.returncode == 5
    blank = run(demo_url, "commission", "adjust", "--deal", str(deal), "--rep", "zhangwei",
                "--share", "40", "--reason", " ", "--user", "manager", ok=False)
    assert (blank.returncode, blank.stderr) == (2, "desk: 请填写调整原因。\n")
    out = run(demo_url, "commission", "adjust", "--deal", str(deal), "--rep", "zhangwei",
              "--share", "40", "--reason", "张伟协助", "--user", "manager").stdout
    assert out == f"成交 {deal}：张伟 的份额调整为 40%\n"
    team = json.loads(run(demo_url, "commission", "statement", "--month", month, "--json",
                          "--user", "manager").stdout)["tables"]["statement"]["rows"]
    mine = [(r["rep"], r["share"], r["rule"], r["entry"]) for r in team if r["deal"] == deal]
    assert sorted(mine) == [("张伟", "0.4000", "经理调整：张伟协助", "调整"),
                            ("李娜", "0.6000", "归属顾问：张伟协助", "调整")]
    amounts = [Decimal(r["commission"]) for r in team if r["deal"] == deal]
    assert sum(amounts) == lina[0].amount

    text = run(demo_url, "commission", "statement", "--month", month, "--user", "manager").stdout
    assert text.startswith(f"{month} 佣金: 未确认\n") and "经理调整：张伟协助" in text

    early = run(demo_url, "commission", "confirm", "--month", month, "--user", "manager", ok=False)
    assert (early.returncode, early.stderr) == (
        2, f"desk: {month} 尚未结束，月底后才能确认。\n")
    last = f"{this - timedelta(days=1):%Y-%m}"  # before the demo's deals: nothing to lock
    empty = run(demo_url, "commission", "confirm", "--month", last, "--user", "manager", ok=False)
    assert (empty.returncode, empty.stderr) == (
        2, f"desk: {last} 没有成交也没有调整，无需确认。\n")
    kept = run(demo_url, "commission", "statement", "--month", last, "--user", "manager").stdout
    assert kept.startswith(f"{last} 佣金: 未确认\n")


def test_bad_arguments_name_the_fault(demo_url: str) -> None:
    bad = run(demo_url, "commission", "statement", "--month", "2026-13", "--user", "manager",
              ok=False)
    assert bad.returncode == 2 and "不是月份" in bad.stderr
    deal = run(demo_url, "commission", "adjust", "--deal", "abc", "--rep", "lina", "--share",
               "10", "--reason", "x", "--user", "manager", ok=False)
    assert deal.returncode == 2 and "不是成交编号" in deal.stderr
    share = run(demo_url, "commission", "adjust", "--deal", "99999", "--rep", "lina",
                "--share", "abc", "--reason", "x", "--user", "manager", ok=False)
    assert (share.returncode, share.stderr) == (2, "desk: 份额请填写 0 到 100 之间的数字。\n")
    frontdesk = run(demo_url, "commission", "statement", "--month", "2026-01", "--user",
                    "frontdesk", ok=False)
    assert frontdesk.returncode == 5
