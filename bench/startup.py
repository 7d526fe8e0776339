"""Start-up against a bare PySide6 program that opens one empty window.

Three figures: process start to the first painted window (the login window, the
first thing a person sees); process start to the painted main window with the
password typed by the script at once (this includes the deliberate argon2
password check and loading SQLAlchemy, which the login window does not wait
for); and Enter at the login window to the painted main window when Enter comes
after the TYPING seconds a person takes to type a login and a password.

Then `desk units list --json` on a 9,900-unit project against a script doing the
same query and writing the same JSON with nothing but sqlite3 and json.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import interleaved, median, report, time_process

TYPING = 2.0  # seconds from the login window's first paint to Enter


def run(rounds: int = 7) -> list[dict]:
    tmp = Path(tempfile.mkdtemp(prefix="desk-bench-start-"))
    env = dict(os.environ, DESK_DATA_DIR=str(tmp), QT_QPA_PLATFORM="offscreen")
    url = f"sqlite:///{tmp / 'demo.sqlite3'}"
    from desk.core.db import Database
    from desk.demo import showroom as demo

    db = Database(url)
    db.migrate()
    with db.begin() as s:
        demo.load(s)
    db.dispose()
    login, main, enter, bare = [], [], [], []
    time_process(["-m", "bench.start_bare"], env)  # warm the file cache
    for _ in range(rounds):
        marks = time_process(["-m", "bench.start_desk", url, "manager"], env)
        login.append(marks["LOGIN"])
        main.append(marks["READY"])
        bare.append(time_process(["-m", "bench.start_bare"], env)["READY"])
        marks = time_process(["-m", "bench.start_desk", url, "manager", str(TYPING)], env)
        enter.append(marks["READY"] - marks["ENTER"])
    base = median(bare)
    return [
        report("start-up to the first painted window (login)", median(login), base, 1.3),
        report("start-up to the painted main window (scripted login)", median(main), base, None),
        report("Enter at login → painted main window", median(enter), 0.3, 1.0,
               extra=" (baseline: the 0.3 s budget)"),
        units_list(env),
    ]


def units_list(env: dict[str, str], rounds: int = 5) -> dict:
    """`desk units list --json` at 9,900 units against the raw sqlite3 + json script."""
    from bench.sales import big_project

    path = Path(env["DESK_DATA_DIR"]) / "units.sqlite3"
    db, _actor, n = big_project(path)
    db.dispose()

    def timed(args: list[str]) -> float:
        t = time.perf_counter()
        subprocess.run([sys.executable, *args], env=env, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - t

    desk = ["-m", "desk", "--db", f"sqlite:///{path}", "units", "list", "--json"]
    raw = ["-m", "bench.units_raw", str(path)]
    timed(desk)  # the database's one-time upkeep (migrate, sweep) out of the figure
    ours, base = interleaved(lambda: timed(desk), lambda: timed(raw), rounds)
    return report(f"desk units list --json at {n:,} units", ours, base, 1.5)
