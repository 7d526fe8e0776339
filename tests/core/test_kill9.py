"""A writer killed with SIGKILL at random moments, again and again: after each
kill the database is intact (SQLite's integrity check), every business
invariant holds (`desk.sales.invariants`), and every action the writer saw
committed is there."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from desk.admin import auth, projects
from desk.core.db import Database
from desk.demo import showroom as demo
from desk.models import Claim, Reception
from desk.reception import rotation
from desk.sales import invariants
from tests.core.kill9_worker import REPS

SQLITE_KILLS = 200
PG_KILLS = 40
LONGEST_RUN = 0.15  # seconds a writer may live before its kill


def prepare(db: Database) -> None:
    with db.begin() as s:
        for login, name, role in demo.DEMO_USERS:
            auth.create_user(s, None, login, name, role, demo.DEMO_PASSWORD)
        p = projects.create_project(s, None, demo.DEMO_PROJECT, "翠湖置业", "1")
        demo.load_units(s, p.id)
        desk = auth.get_actor(s, "frontdesk")
        for login in REPS:
            rotation.checkin(s, desk, login)


def committed_and_present(db: Database, lines: list[str]) -> Counter[str]:
    """Every action the writer logged after its commit, found in the database."""
    seen: Counter[str] = Counter()
    expected_state = {"released": "released", "cancelled": "cancelled"}
    with db.read() as s:
        for line in lines:
            what, ref = line.split()
            seen[what] += 1
            if what == "claim":
                assert s.get(Claim, int(ref)) is not None, line
            elif what in expected_state:
                claim = s.get(Claim, int(ref))
                assert claim is not None and claim.state == expected_state[what], line
            elif what == "reception":
                assert s.get(Reception, int(ref)) is not None, line
            elif what == "finished":
                reception = s.get(Reception, int(ref))
                assert reception is not None and reception.state == "closed", line
    return seen


def gone(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists()


def kill_many(db: Database, kills: int, tmp_path: Path) -> Counter[str]:
    sqlite_file = make_url(db.url).database if db.is_sqlite else None
    server = subprocess.Popen([sys.executable, "-m", "tests.core.kill9_worker", db.url],
                              stdin=subprocess.PIPE, text=True)
    assert server.stdin is not None
    rng = random.Random(12)
    totals: Counter[str] = Counter()
    try:
        for i in range(kills):
            log = tmp_path / f"writer{i}.log"
            server.stdin.write(f"go {log} {i}\n")
            server.stdin.flush()
            deadline = time.monotonic() + 30
            while not (log.exists() and log.read_text().count("\n") >= 2):
                assert time.monotonic() < deadline, "the writer committed nothing"
                time.sleep(0.002)  # started and writing: from here any moment is fair
            ready, pid = log.read_text().split("\n")[0].split()
            assert ready == "ready"
            time.sleep(rng.uniform(0, LONGEST_RUN))
            os.kill(int(pid), signal.SIGKILL)
            while not gone(int(pid)):
                time.sleep(0.002)
            if sqlite_file:
                with sqlite3.connect(sqlite_file) as raw:
                    assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)], i
                raw.close()
            with db.read() as s:
                assert invariants.check(s) == [], i
            lines = [x for x in log.read_text().split("\n")[1:] if x]  # a torn last line cannot be
            totals.update(committed_and_present(db, lines))
            totals["kills"] += 1
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    return totals


def report(name: str, totals: Counter[str]) -> None:
    print(f"\n{name}: {totals['kills']} kills; committed before them: "
          + ", ".join(f"{k} {v}" for k, v in sorted(totals.items()) if k != "kills"))


def test_sqlite_survives_kill_9(db: Database, tmp_path: Path) -> None:
    prepare(db)
    totals = kill_many(db, SQLITE_KILLS, tmp_path)
    report("SQLite", totals)
    assert totals["kills"] == SQLITE_KILLS
    assert totals["claim"] > 0 and totals["released"] > 0 and totals["reception"] > 0


@pytest.mark.postgres
def test_postgres_survives_kill_9(pg_db: Database, tmp_path: Path) -> None:
    prepare(pg_db)
    totals = kill_many(pg_db, PG_KILLS, tmp_path)
    report("PostgreSQL", totals)
    assert totals["kills"] == PG_KILLS
    assert totals["claim"] > 0
