"""Front desk: from pressing "new walk-in" to the assigned rep being shown, with
30 reps checked in and 5,000 rotation events already in the day's log.

Baseline: the least a walk-in can cost on the same file: one raw sqlite3 INSERT
of an event row + commit, then the text set on a QLabel and painted.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from bench.common import median, report


def run(rounds: int = 60) -> list[dict]:
    from PySide6.QtWidgets import QApplication, QLabel

    from desk.admin import auth
    from desk.app import create_app
    from desk.core.db import Database
    from desk.reception import rotation
    from desk.ui.common.context import Context
    from desk.ui.reception.screen import ReceptionScreen

    _app, lang = create_app("zh_CN")
    path = Path(tempfile.mkdtemp(prefix="desk-bench-rot-")) / "desk.sqlite3"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    with db.begin() as s:
        auth.create_user(s, None, "desk", "前台", "front_desk", "secret1")
        for i in range(30):
            auth.create_user(s, None, f"rep{i:02d}", f"顾问{i:02d}", "sales_rep", "secret1")
    with db.read() as s:
        desk = auth.get_actor(s, "desk")
    with db.begin() as s:  # one long morning, written in one go
        for i in range(30):
            rotation.checkin(s, desk, f"rep{i:02d}")
        events = 30
        while events < 5000:
            a = rotation.walkin(s, desk)
            rotation.finish(s, desk, a.rep_login, force=True)
            events += 2
    screen = ReceptionScreen(Context(db, desk, lang))
    screen.resize(1300, 800)
    screen.show()
    screen.ctx.ops.wait()
    QApplication.processEvents()

    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    label = QLabel()
    label.show()

    assigned: list = []  # what the desk was told, as the screen shows it
    shown = screen._assigned

    def told(a):  # type: ignore[no-untyped-def]
        assigned.append(a)
        shown(a)

    screen._assigned = told  # type: ignore[method-assign]

    def ours() -> float:
        t = time.perf_counter()
        screen.new_walkin()  # through the runner: wait until the rep is shown
        screen.ctx.ops.wait()
        screen.announce.repaint()
        elapsed = time.perf_counter() - t
        with db.begin() as s:
            rotation.finish(s, desk, assigned[-1].rep_login, force=True)
        return elapsed

    def bare() -> float:
        t = time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("INSERT INTO rotation_events (day, at, kind, data) VALUES "
                    "('2000-01-01', '2000-01-01 00:00:00', 'bench', '{}')")
        raw.execute("COMMIT")
        label.setText("请 顾问01 接待")
        label.repaint()
        return time.perf_counter() - t

    for _ in range(5):
        ours()
        bare()
    a, b = [], []
    for _ in range(rounds):
        a.append(ours())
        b.append(bare())
    raw.close()
    screen.close()
    db.dispose()
    return [report("new walk-in to the rep shown (30 reps, 5,000 events today)",
                   median(a), median(b), None, unit="ms")]
