"""`desk payments void` as a person or a script runs it."""

from __future__ import annotations

import json

from desk.admin import settings
from desk.core.db import Database
from tests.cli.test_cli import run


def test_the_manager_voids_a_payment_by_receipt_or_id(db: Database) -> None:
    run(db.url, "demo")
    with db.read() as s:
        month = settings.today(s).isoformat()[:7]
    first, second_no = f"SJ{month[:4]}-00001", f"SJ{month[:4]}-00002"
    run(db.url, "payments", "record", "1-1801", "--amount", "50000", "--user", "assistant")
    run(db.url, "payments", "record", "1-1801", "--amount", "100", "--user", "assistant")
    refused = run(db.url, "payments", "void", first, "--reason", "录错", "--user",
                  "assistant", ok=False)
    assert refused.returncode != 0 and refused.stderr.strip().endswith(
        "只有销售经理可以作废收款或退款。")
    no_reason = run(db.url, "payments", "void", first, "--reason", " ", "--user",
                    "manager", ok=False)
    assert no_reason.returncode == 2 and "请填写原因" in no_reason.stderr
    out = run(db.url, "payments", "void", first.lower(), "--reason", "录错房号", "--user",
              "manager").stdout
    assert out.startswith(f"已作废 {first}（¥50,000.00），未付余额 ¥")
    listed = json.loads(run(db.url, "payments", "list", "--month", month, "--json", "--user",
                            "assistant").stdout)
    assert listed["collected"] == "100.00"
    assert [(p["receipt"], p["voided"], p["void_reason"]) for p in listed["payments"]] == [
        (second_no, False, ""), (first, True, "录错房号")]
    second = next(p["id"] for p in listed["payments"] if p["receipt"] == second_no)
    again = run(db.url, "payments", "void", first, "--reason", "x", "--user", "manager",
                ok=False)
    assert again.returncode != 0 and "该笔收款已作废" in again.stderr
    run(db.url, "payments", "void", str(second), "--reason", "重复", "--user", "manager")
    listed = json.loads(run(db.url, "payments", "list", "--month", month, "--json", "--user",
                            "assistant").stdout)
    assert listed["collected"] == "0.00"
    week = json.loads(run(db.url, "payments", "list", "--json", "--user", "assistant").stdout)
    assert {r["unit"]: r["outstanding"] for r in week if r["kind"] == "deposit"}["1-1801"] \
        == "50000.00"
