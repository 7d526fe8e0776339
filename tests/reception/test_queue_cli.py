"""`desk queue …` with the waiting list, the form question and undo: a real
process on a real database."""

from __future__ import annotations

import json

from desk.core.db import Database
from tests.cli.test_cli import run

DESK = ("--user", "frontdesk")  # who works the queue (DESK_PASSWORD proves it)


def status(db: Database) -> dict:
    return json.loads(run(db.url, "queue", "status", "--json").stdout)


def test_queue_commands_show_and_cancel_waiting_visitors(staff_db: Database) -> None:
    url = staff_db.url
    run(url, "queue", "checkin", "lina", *DESK)
    assert run(url, "queue", "walkin", *DESK).stdout.startswith("lina\t李娜\t")
    out = run(url, "queue", "walkin", "--party", "2", "--note", "红外套", *DESK).stdout
    assert out == "-\t1\t请客人稍候：等候号 1，前面还有 0 位，约 30 分钟。\n"
    (w,) = status(staff_db)["waiting"]
    assert (w["number"], w["party_size"], w["waited"], w["estimate"], w["note"]) == \
        (1, 2, 0, 30, "红外套")
    assert "等候 1号 2人" in run(url, "queue", "status").stdout

    p = run(url, "queue", "finish", "lina", *DESK, ok=False)  # the form is still to fill
    assert p.returncode == 7 and "待填写" in p.stderr
    run(url, "queue", "finish", "lina", "--force", *DESK)
    s = status(staff_db)
    assert s["waiting"] == [] and [o["party_size"] for o in s["open_receptions"]] == [2]

    assert run(url, "queue", "walkin", *DESK).stdout.startswith("-\t2\t")
    assert run(url, "queue", "left", "2", *DESK).stdout == "等候号 2 的客人已离开\n"
    assert status(staff_db)["waiting"] == []
    assert run(url, "queue", "undo", *DESK).stdout == "已撤销：等候号 2 离开\n"
    assert [w["number"] for w in status(staff_db)["waiting"]] == [2]
    replay = run(url, "queue", "replay").stdout
    assert "客人排队等候" in replay and "等候客人离开" in replay
