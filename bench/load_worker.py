"""One PC of the showroom under load, acting as fast as it can.

Usage: python -m bench.load_worker DB_URL ROLE INDEX START END (epoch seconds:
all the processes act in the same window)
ROLE: front (walk-ins, each finished again), assistant (holds and releases on
its own units and on units both assistants share), board (the hall board).
Prints a JSON object: the actions done, their latencies, the ids of what was
committed (for the check afterwards) and any error.
"""

from __future__ import annotations

import functools
import json
import random
import sys
import time
from collections.abc import Callable
from typing import Any

from desk.admin import auth, projects
from desk.core.db import Database
from desk.core.errors import Conflict
from desk.reception import rotation
from desk.reception.assignments import Assignment
from desk.sales import claims, units

SHARED_UNITS = 10
ASSISTANTS = ("assistant", "assistant2")


class Worker:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.latency: dict[str, list[float]] = {}
        self.committed: dict[str, list[int]] = {}
        self.counts: dict[str, int] = {}
        self.errors: list[str] = []

    def timed(self, action: str, work: Callable[[], Any]) -> Any:
        t = time.perf_counter()
        result = work()
        self.latency.setdefault(action, []).append(time.perf_counter() - t)
        self.counts[action] = self.counts.get(action, 0) + 1
        return result

    def done(self, what: str, ident: int) -> None:
        self.committed.setdefault(what, []).append(ident)

    def report(self) -> dict[str, Any]:
        return {"counts": self.counts, "latency": self.latency, "committed": self.committed,
                "errors": self.errors}


def front(w: Worker, end: float, _index: int) -> None:
    with w.db.read() as s:
        desk = auth.get_actor(s, "frontdesk")

    def walkin() -> Any:
        with w.db.begin() as s:
            return rotation.walkin(s, desk)

    def finish(login: str) -> int:
        with w.db.begin() as s:
            return rotation.finish(s, desk, login, force=True).id

    while time.monotonic() < end:
        got = w.timed("walk-in", walkin)
        if not isinstance(got, Assignment):
            w.errors.append(f"walk-in waited: no rep free ({got})")
            return
        w.done("reception", got.reception_id)
        w.done("finished", w.timed("finish", functools.partial(finish, got.rep_login)))


def assistant(w: Worker, end: float, index: int) -> None:
    rng = random.Random(index)
    with w.db.read() as s:
        who = auth.get_actor(s, ASSISTANTS[index])
        pid = projects.find_project(s, None).id
        free = sorted(r.code for r in units.rows(s, pid) if r.status == "available")
    shared, own = free[:SHARED_UNITS], free[SHARED_UNITS:][index::len(ASSISTANTS)]

    def hold(code: str) -> int:
        with w.db.begin() as s:
            return claims.hold(s, who, pid, code, customer_phone=f"1391234{index:04d}",
                               customer_name=f"客户{index}", rep_login="lina").id

    def release(code: str) -> None:
        with w.db.begin() as s:
            claims.release(s, who, pid, code)

    while time.monotonic() < end:
        code = rng.choice(shared if rng.random() < 0.5 else own)
        try:
            claim = w.timed("hold", functools.partial(hold, code))
        except Conflict:  # the other assistant holds it: a normal outcome
            w.counts["taken"] = w.counts.get("taken", 0) + 1
            continue
        w.done("hold", claim)
        w.timed("release", functools.partial(release, code))
        w.done("released", claim)


def board(w: Worker, end: float, _index: int) -> None:
    def read() -> None:
        with w.db.read() as s:
            rotation.hall_view(s)

    while time.monotonic() < end:
        w.timed("board", read)


ROLES = {"front": front, "assistant": assistant, "board": board}


def main() -> None:
    url, role, index = sys.argv[1], sys.argv[2], int(sys.argv[3])
    start, end = float(sys.argv[4]), float(sys.argv[5])
    db = Database(url)
    w = Worker(db)
    time.sleep(max(0.0, start - time.time()))
    try:
        ROLES[role](w, time.monotonic() + (end - time.time()), index)
    except Exception as e:  # any failure is reported, not hidden
        w.errors.append(f"{type(e).__name__}: {e}")
    finally:
        db.dispose()
    print(json.dumps(w.report()))


if __name__ == "__main__":
    main()
