"""A showroom day on one PostgreSQL server: 4 processes act at once as the front
desk (walk-ins, each finished again), 2 sales assistants (holds and releases on
their own units and on units they share) and the hall board (reading the queue)
for 2 minutes (DESK_BENCH_LOAD_SECONDS). Afterwards: no errors, and every action
a process says it committed is in the database. Each role's p99 is set against
the p99 of a bare `SELECT 1` round trip to the same server in the same run.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from typing import Any

from bench.common import report

ROLES = [("front", 0), ("assistant", 0), ("assistant", 1), ("board", 0)]
WATCHED = {"front": "walk-in", "assistant": "hold", "board": "board"}
STARTUP_S = 10.0
NAMES = {"front": "front desk walk-in", "assistant": "assistant {n} hold", "board": "hall board read"}


def p99(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[max(0, int(len(xs) * 0.99) - 1)] if xs else 0.0


def server() -> str | None:
    return os.environ.get("DESK_BENCH_PG_URL") or os.environ.get("DESK_TEST_PG_URL")


def prepare(url: str) -> None:
    """The demo showroom, a second assistant, every reception of the demo closed
    (so the front desk always has a rep waiting)."""
    from desk.admin import auth
    from desk.core.db import Database
    from desk.demo import showroom as demo
    from desk.models.enums import RepStatus
    from desk.reception import rotation

    db = Database(url)
    db.migrate()
    with db.begin() as s:
        demo.load(s)
        auth.create_user(s, None, "assistant2", "周晓梅", "assistant", demo.DEMO_PASSWORD)
    with db.begin() as s:
        desk = auth.get_actor(s, "frontdesk")
        for line in rotation.board(s):
            if line.status == RepStatus.RECEIVING:
                rotation.finish(s, desk, line.login, force=True)
    db.dispose()


def check(url: str, outs: list[dict[str, Any]]) -> list[str]:
    """What is wrong afterwards: an error, or an action said committed but absent."""
    from sqlalchemy import select

    from desk.core.db import Database
    from desk.models import Claim, Reception
    from desk.models.enums import ClaimState, ReceptionState

    problems = [e for o in outs for e in o["errors"]]
    said: dict[str, set[int]] = {}
    for o in outs:
        for what, ids in o["committed"].items():
            said.setdefault(what, set()).update(ids)
    db = Database(url)
    with db.read() as s:
        receptions = dict(s.execute(select(Reception.id, Reception.state)).all())
        holds = dict(s.execute(select(Claim.id, Claim.state).where(Claim.kind == "hold")).all())
    db.dispose()
    for rid in said.get("reception", set()) - receptions.keys():
        problems.append(f"walk-in {rid} missing")
    for rid in said.get("finished", set()):
        if receptions.get(rid) != ReceptionState.CLOSED:
            problems.append(f"finished reception {rid} is {receptions.get(rid)}")
    for cid in said.get("hold", set()) - holds.keys():
        problems.append(f"hold {cid} missing")
    for cid in said.get("released", set()):
        if holds.get(cid) != ClaimState.RELEASED:
            problems.append(f"released hold {cid} is {holds.get(cid)}")
    return problems


def run() -> list[dict]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    pg = server()
    if not pg:
        print("load: skipped: no PostgreSQL server (set DESK_TEST_PG_URL or DESK_BENCH_PG_URL)")
        return []
    seconds = float(os.environ.get("DESK_BENCH_LOAD_SECONDS", "120"))
    name = f"desk_load_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg).set(database=name).render_as_string(hide_password=False)
    try:
        prepare(url)
        outs, bare = _storm(url, seconds)
        problems = check(url, outs)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    base = p99(bare)
    results = []
    for (role, i), out in zip(ROLES, outs, strict=True):
        counts = ", ".join(f"{n} {what}" for what, n in sorted(out["counts"].items()))
        results.append(report(f"load p99 {NAMES[role].format(n=i + 1)}",
                              p99(out["latency"].get(WATCHED[role], [])),
                              base, None, unit="ms", extra=f"  ({counts})"))
    print(f"load: 4 processes for {seconds:.0f} s; baseline: p99 of {len(bare)} bare SELECT 1 "
          f"round trips meanwhile; " + ("no errors, every committed action present" if not problems
                                       else f"{len(problems)} PROBLEMS: {problems[:5]}"))
    results.append({"name": "load problems", "ours": len(problems), "baseline": 0,
                    "ratio": float(len(problems)), "target": 0})
    return results


def _storm(url: str, seconds: float) -> tuple[list[dict[str, Any]], list[float]]:
    """Run the four processes; meanwhile time bare round trips to the same server."""
    # Each report goes to a file: a report larger than a pipe's buffer would block
    # its worker until read, and nothing is read before every worker has ended.
    with contextlib.ExitStack() as stack:
        files = [stack.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8"))
                 for _ in ROLES]
        return _run(url, seconds, files)


def _run(url: str, seconds: float,
         files: list[Any]) -> tuple[list[dict[str, Any]], list[float]]:
    from sqlalchemy import create_engine

    start = time.time() + STARTUP_S  # every process has imported the application by then
    end = start + seconds
    procs = [subprocess.Popen([sys.executable, "-m", "bench.load_worker", url, role, str(i),
                               str(start), str(end)], stdout=f, text=True)
             for (role, i), f in zip(ROLES, files, strict=True)]
    bare: list[float] = []
    engine = create_engine(url)
    with engine.connect() as conn:
        while any(p.poll() is None for p in procs):
            t = time.perf_counter()
            conn.exec_driver_sql("SELECT 1").scalar()
            if start <= time.time() <= end:
                bare.append(time.perf_counter() - t)
            conn.commit()
            time.sleep(0.005)
    engine.dispose()
    outs = []
    for p, f in zip(procs, files, strict=True):
        f.seek(0)
        text_ = f.read()
        outs.append(json.loads(text_) if text_.strip() else
                    {"counts": {}, "latency": {}, "committed": {},
                     "errors": [f"a worker died (exit {p.returncode})"]})
    return outs, bare
