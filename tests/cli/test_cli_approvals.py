"""`desk approvals list/approve/refuse`: the manager answers from a terminal."""

from __future__ import annotations

import json

from desk.admin import projects
from desk.core.db import Database
from desk.models.enums import ApprovalKind
from desk.sales import claims, units
from tests.cli.test_cli import run
from tests.conftest import actor


def test_list_approve_refuse(db: Database) -> None:
    run(db.url, "demo")
    with db.read() as s:
        p = projects.find_project(s, None).id
        a, b = [r.code for r in units.rows(s, p) if r.status == "subscribed"][:2]
    with db.begin() as s:
        asst = actor(db, "assistant")
        first = claims.request_approval(s, asst, p, a, ApprovalKind.CANCEL, reason="客户资金问题")
        second = claims.request_approval(s, asst, p, b, ApprovalKind.CANCEL, reason="换城市")
    waiting = json.loads(run(db.url, "approvals", "list", "--json", "--user", "manager").stdout)
    assert [(w["id"], w["kind"], w["unit"], w["requested_by"], w["params"]) for w in waiting] == [
        (first, "cancel", a, "孙晓燕", {"reason": "客户资金问题"}),
        (second, "cancel", b, "孙晓燕", {"reason": "换城市"})]
    denied = run(db.url, "approvals", "approve", str(first), "--user", "assistant", ok=False)
    assert denied.returncode == 5
    assert run(db.url, "approvals", "approve", str(first), "--user", "manager").stdout == (
        f"已批准审批请求 {first}\n")
    run(db.url, "approvals", "refuse", str(second), "--reason", "已过退订期", "--user", "manager")
    again = run(db.url, "approvals", "approve", str(second), "--user", "manager", ok=False)
    assert (again.returncode, again.stderr) == (3, "desk: 该审批请求已是“未批准”，不能再处理。\n")
    assert json.loads(run(db.url, "approvals", "list", "--json", "--user", "manager").stdout) == []
