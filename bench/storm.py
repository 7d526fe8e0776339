"""A change storm under an open sales-control screen: 3 processes hold and
release units of the shown building as fast as they can while the UI thread's
timer lateness is measured, then how long the screen takes to show the final
state. Used by `make bench` and by tests/ui/test_storm.py."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

TICK_MS = 50


@dataclass
class StormResult:
    actions: int
    seconds: float
    p99_late_ms: float
    max_late_ms: float
    settle_s: float
    refreshes: int


def shown_matches_db(screen: Any, db: Any) -> bool:
    from desk.sales import units

    with db.read() as s:
        truth = {r.code: r.status for r in units.rows(s, screen.project_id,
                                                      building=screen.building())}
    return all(truth.get(u.code) == u.status for u in screen.model.cells.values())


def run_storm(db: Any, window: Any, seconds: float = 15.0, workers: int = 3) -> StormResult:
    """`window`: a shown main window on the sales screen, as the app builds it."""
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    screen = window.page("sales")
    lateness: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last_tick = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        lateness.append(max(0, now - last_tick[0] - TICK_MS))
        last_tick[0] = now

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    timer.start()
    refreshes = screen.refreshes
    procs = [subprocess.Popen([sys.executable, "-m", "bench.storm_worker", db.url, str(i),
                               str(seconds)], stdout=subprocess.PIPE, text=True)
             for i in range(workers)]
    while any(p.poll() is None for p in procs):
        QApplication.processEvents()
        time.sleep(0.001)
    timer.stop()
    outs = [json.loads(p.stdout.read()) for p in procs if p.stdout is not None]
    last = max(o["last"] for o in outs)
    while not shown_matches_db(screen, db) and time.time() - last < 10:
        QApplication.processEvents()
        time.sleep(0.01)
    settle = time.time() - last
    lateness.sort()
    p99 = lateness[int(len(lateness) * 0.99) - 1] if lateness else 0.0
    return StormResult(sum(o["actions"] for o in outs), seconds, p99,
                       max(lateness, default=0.0), settle, screen.refreshes - refreshes)


def run() -> list[dict]:
    """The bench section: on PostgreSQL when DESK_TEST_PG_URL names a server."""
    import os
    import tempfile
    import uuid
    from pathlib import Path

    from sqlalchemy import create_engine, text

    from desk.admin import auth
    from desk.app import build_main_window, create_app
    from desk.core.db import Database
    from desk.demo import showroom as demo

    pg = os.environ.get("DESK_TEST_PG_URL")
    if pg:
        name = f"desk_storm_{uuid.uuid4().hex[:8]}"
        admin = create_engine(pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        url = pg.rsplit("/", 1)[0] + f"/{name}"
        where = "PostgreSQL"
    else:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='desk-storm-')) / 'desk.sqlite3'}"
        where = "SQLite (set DESK_TEST_PG_URL for PostgreSQL)"
    db = Database(url)
    db.migrate()
    with db.begin() as s:
        demo.load(s)
    create_app("zh_CN")
    with db.read() as s:
        who = auth.get_actor(s, "assistant")
    win = build_main_window(db, who, "zh_CN")
    win.resize(1366, 768)
    win.show()
    win.show_screen("sales")
    win.ctx.ops.wait()
    r = run_storm(db, win)
    win.shutdown()
    win.close()
    db.dispose()
    if pg:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    print(f"change storm on {where}: {r.actions} holds/releases by 3 processes in "
          f"{r.seconds:.0f} s ({r.actions / r.seconds:.0f}/s); UI timer lateness p99 "
          f"{r.p99_late_ms:.0f} ms (target < 100), max {r.max_late_ms:.0f} ms; "
          f"{r.refreshes} screen refreshes; final state shown {r.settle_s:.2f} s after the "
          f"last change (target ≤ 1)")
    return [{"name": "storm p99 timer lateness (ms)", "ours": r.p99_late_ms, "baseline": TICK_MS,
             "ratio": r.p99_late_ms / TICK_MS, "target": None},
            {"name": "storm settle (s)", "ours": r.settle_s, "baseline": 1.0,
             "ratio": r.settle_s, "target": 1.0},
            {"name": "storm refreshes", "ours": r.refreshes, "baseline": r.actions,
             "ratio": r.refreshes / max(1, r.actions), "target": None}]
