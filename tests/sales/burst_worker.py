"""One of several processes that act at the same moment (tests/sales/test_create_races.py).

Usage: python -m tests.sales.burst_worker DB_URL WORKER_NO
Reads one JSON command a line from stdin and answers each with one JSON line:
{"ok": ...} when it committed, {"refused": "Conflict", ...} for a DeskError,
{"crash": "IntegrityError …"} for anything else (a bug: the test fails on it).
The parent writes a command to every worker before reading any answer, so the
workers act at the same moment.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from desk.admin import auth
from desk.core.db import Database
from desk.core.errors import DeskError
from desk.sales import claims


def run(db: Database, worker: int, cmd: dict[str, Any]) -> dict[str, Any]:
    with db.begin() as s:
        if cmd["op"] == "hold":
            reps = [u for u in auth.list_users(s) if u.role == "sales_rep"]
            rep = auth.actor_of(reps[worker % len(reps)])
            claim = claims.hold(s, rep, cmd["project"], cmd["code"], customer_phone=cmd["phone"],
                                customer_name=cmd["name"])
            return {"ok": claim.id}
        assistant = auth.get_actor(s, "assistant")
        return {"ok": claims.contract(s, assistant, cmd["project"], cmd["code"]).contract_number}


def main() -> None:
    db = Database(sys.argv[1])
    worker = int(sys.argv[2])
    for line in sys.stdin:
        try:
            answer = run(db, worker, json.loads(line))
        except DeskError as e:
            answer = {"refused": type(e).__name__, "message": e.en}
        except Exception as e:  # reported to the test, which fails on it
            answer = {"crash": f"{type(e).__name__}: {e}"[:300]}
        print(json.dumps(answer), flush=True)
    db.dispose()


if __name__ == "__main__":
    main()
