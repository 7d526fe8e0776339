"""`desk units hold/subscribe --rep`: the 置业顾问 from the command line, the same
rule as on screen; the history names a contract in its own field."""

from __future__ import annotations

import json

from desk.core.db import Database
from tests.cli.test_cli import run


def test_hold_and_subscribe_name_their_rep(db: Database) -> None:
    run(db.url, "demo")
    rows = json.loads(run(db.url, "units", "list", "--json", "--status", "available").stdout)
    a, b = rows[0], rows[1]
    p = run(db.url, "units", "hold", a["code"], "--customer-phone", "13700004444",
            "--customer-name", "钱多多", "--user", "assistant", ok=False)
    assert p.returncode == 2
    assert p.stderr == "desk: 请选择置业顾问：该客户没有归属的置业顾问。\n"
    run(db.url, "units", "hold", a["code"], "--customer-phone", "13700004444",
        "--customer-name", "钱多多", "--user", "assistant", "--rep", "wangfang")
    # The same customer again: the owner (王芳) is the default, no --rep needed.
    run(db.url, "units", "subscribe", b["code"], "--customer-phone", "13700004444",
        "--deposit", "50000", "--price", b["list_price"], "--user", "assistant")
    p = run(db.url, "units", "hold", rows[2]["code"], "--customer-phone", "13700005555",
            "--customer-name", "孙少", "--user", "assistant", "--rep", "manager", ok=False)
    assert (p.returncode, p.stderr) == (2, "desk: 赵建国 不是在职的置业顾问。\n")
    claimed = {r["code"]: r for r in json.loads(run(db.url, "units", "list", "--json").stdout)}
    assert [(claimed[c]["rep"], claimed[c]["operator"]) for c in (a["code"], b["code"])] == [
        ("王芳", "孙晓燕"), ("王芳", "孙晓燕")]


def test_history_shows_the_contract_number_apart_from_the_reason(db: Database) -> None:
    run(db.url, "demo")
    signed = json.loads(run(db.url, "units", "list", "--json", "--status", "signed").stdout)[0]
    history = ("units", "history", "--user", "assistant", signed["code"])
    events = json.loads(run(db.url, *history, "--json").stdout)
    contract = next(e for e in events if e["action"] == "contract")
    assert contract["reason"] == "" and contract["contract_number"] == signed["contract_number"]
    line = next(x for x in run(db.url, *history).stdout.splitlines()
                if "签约" in x and "→" in x and "认购 → 签约" in x)
    assert line.endswith(f"合同号 {signed['contract_number']}")
