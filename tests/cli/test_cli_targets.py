"""`desk targets set` and `desk targets list` as a manager or a script runs them."""

from __future__ import annotations

import json

from desk.core.db import Database
from tests.cli.test_cli import run


def test_set_and_list_targets(any_db: Database) -> None:
    url = any_db.url
    run(url, "demo")
    out = run(url, "targets", "set", "--month", "2026-05", "--signed", "3,000,000", "--units", "5",
              "--user", "manager").stdout
    assert out == "2026-05 团队 的目标：签约 ¥3,000,000.00，套数 5，回款 —\n"
    run(url, "targets", "set", "--month", "2026-05", "--rep", "lina", "--signed", "1000000",
        "--collection", "400000.50", "--user", "manager")
    # A figure not given keeps its value; an empty one clears it.
    out = run(url, "--lang", "en", "targets", "set", "--month", "2026-05", "--rep", "LiNa",
              "--units", "2", "--collection", "", "--user", "manager").stdout
    assert out == "2026-05 targets of 李娜: signed ¥1,000,000.00, units 2, collection —\n"
    rows = json.loads(run(url, "targets", "list", "--month", "2026-05", "--json", "--user",
                          "manager").stdout)
    assert len(rows) == 7
    assert rows[0] == {"month": "2026-05", "rep": None, "name": "", "signed_amount": "3000000.00",
                       "units": 5, "collection": None}
    assert next(r for r in rows if r["rep"] == "lina") == {
        "month": "2026-05", "rep": "lina", "name": "李娜", "signed_amount": "1000000.00",
        "units": 2, "collection": None}
    table = run(url, "targets", "list", "--month", "2026-05", "--user", "manager").stdout
    assert table.splitlines()[1].split() == ["2026-05", "团队", "¥3,000,000.00", "5", "—"]
    own = json.loads(run(url, "targets", "list", "--month", "2026-05", "--json", "--user",
                         "lina").stdout)
    assert [r["rep"] for r in own] == ["lina"]


def test_refusals_name_the_field_and_exit_with_their_codes(any_db: Database) -> None:
    url = any_db.url
    run(url, "demo")
    bad = run(url, "targets", "set", "--month", "2026-05", "--signed", "abc", "--user", "manager",
              ok=False)
    assert (bad.returncode, bad.stderr) == (2, "desk: 签约目标金额必须是数字。\n")
    units = run(url, "--lang", "en", "targets", "set", "--month", "2026-05", "--units", "1.5",
                "--user", "manager", ok=False)
    assert (units.returncode, units.stderr) == (2, "desk: The units target must be a whole number.\n")
    month = run(url, "targets", "set", "--month", "2026-13", "--user", "manager", ok=False)
    assert month.returncode == 2 and "不是月份" in month.stderr
    nobody = run(url, "targets", "set", "--month", "2026-05", "--rep", "nobody", "--user",
                 "manager", ok=False)
    assert nobody.returncode == 4
    not_rep = run(url, "targets", "set", "--month", "2026-05", "--rep", "assistant", "--user",
                  "manager", ok=False)
    assert (not_rep.returncode, not_rep.stderr) == (
        2, "desk: 孙晓燕 不是在职的置业顾问，不能设定目标。\n")
    rep = run(url, "targets", "set", "--month", "2026-05", "--signed", "1", "--user", "lina",
              ok=False)
    assert rep.returncode == 5 and rep.stderr.count("\n") == 1
    listed = run(url, "targets", "list", "--user", "assistant", ok=False)
    assert listed.returncode == 5
