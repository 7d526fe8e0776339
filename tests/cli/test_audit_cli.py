"""`desk audit list` and `desk audit verify` as a person runs them."""

from __future__ import annotations

import json

from desk.admin import settings
from desk.core.db import Database
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
    assert "hold.ttl_minutes" in text and "key=hold.ttl_minutes; value=45" in text
    for args in (("list",), ("verify",)):
        p = run(db.url, "--lang", "en", "audit", *args, "--user", "lina", ok=False)
        assert p.returncode == 5 and p.stderr.strip() == \
            "desk: 李娜 (Sales rep) may not read the audit log."
    p = run(db.url, "audit", "list", "--since", "2024-13-01", "--user", "manager", ok=False)
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and "Traceback" not in p.stderr
