"""Front desk: from pressing "new walk-in" to the assigned rep's name painted,
with 30 reps checked in and 500, 5,000 and 50,000 rotation events already in
the day's log (a scaling table). The screen hears its own change as it does in
the main window (`ops.changed` to `on_changes`); the time stops at the first
paint of the announcement naming the rep, and "settled" when every read the
walk-in caused has been shown too. An untimed day is measured first, so that
every size is measured in a warm process (as at a desk that runs all day).

Baseline: the least a walk-in can cost on the same file: one raw sqlite3 INSERT
of an event row + commit, then the text set on a QLabel and painted.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import median, report

SIZES = (500, 5000, 50_000)


def _users(folder: Path) -> Path:
    """A database with the desk and 30 reps (made once: passwords are slow to hash)."""
    from desk.admin import auth
    from desk.core.db import Database

    path = folder / "users.sqlite3"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    with db.begin() as s:
        auth.create_user(s, None, "desk", "前台", "front_desk", "secret1")
        for i in range(30):
            auth.create_user(s, None, f"rep{i:02d}", f"顾问{i:02d}", "sales_rep", "secret1")
    db.dispose()
    return path


def _day(db: Any, desk: Any, events: int) -> None:
    """30 check-ins through the service, then turns taken and ended up to `events`
    events, written in bulk (the same rows and snapshot the service writes)."""
    from sqlalchemy import func, insert, select

    from desk.models import Reception, RotationEvent
    from desk.models.enums import RotationEventKind as Ev
    from desk.reception import daylog, rotation
    from desk.reception.state import Event

    with db.begin() as s:
        for i in range(30):
            rotation.checkin(s, desk, f"rep{i:02d}")
    with db.begin() as s:
        day, now = rotation.today(s), s.now
        row, state = daylog.lock(s, day)
        rid = s.scalar(select(func.max(Reception.id))) or 0
        eid = s.scalar(select(func.max(RotationEvent.id))) or 0
        receptions: list[dict] = []
        rows: list[dict] = []
        for _ in range((events - 30) // 2):
            rep, _skipped = state.next_rep()
            rid += 1
            for kind, data in ((Ev.ASSIGN, {"how": "turn", "reception": rid, "skipped": []}),
                               (Ev.FINISH, {"reception": rid, "invalid": False})):
                eid += 1
                state.apply(Event(eid, now.isoformat(), kind, rep, data))
                rows.append({"id": eid, "day": day, "at": now, "kind": kind, "rep_id": rep,
                             "actor_id": desk.id, "data": json.dumps(data), "origin": None})
            receptions.append({"id": rid, "day": day, "rep_id": rep, "how": "turn",
                               "party_size": 1, "arrived_at": now, "ended_at": now,
                               "state": "closed", "invalid": False, "reason": ""})
        conn = s.connection()  # bench set-up only: no audit rows wanted
        if receptions:
            conn.execute(insert(Reception), receptions)
            conn.execute(insert(RotationEvent), rows)
        row.state = state.to_json()
        row.version += len(rows)


def _measure(users: Path, folder: Path, events: int, rounds: int) -> tuple[float, float, float]:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QLabel

    from desk.admin import auth
    from desk.core.db import Database
    from desk.reception import rotation
    from desk.ui.common.context import Context
    from desk.ui.reception.screen import ReceptionScreen

    path = folder / f"desk-{events}.sqlite3"
    shutil.copy(users, path)
    db = Database(f"sqlite:///{path}")
    with db.read() as s:
        desk = auth.get_actor(s, "desk")
    _day(db, desk, events)
    ctx = Context(db, desk, "zh_CN")
    screen = ReceptionScreen(ctx)
    ctx.ops.changed.connect(screen.on_changes)  # as the main window hands them on
    screen.resize(1300, 800)
    screen.show()
    ctx.ops.wait()
    QApplication.processEvents()

    class PaintClock(QObject):
        """When the announcement is first painted with a new text."""

        def __init__(self) -> None:
            super().__init__()
            self.before = ""
            self.at: float | None = None

        def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
            if (ev.type() == QEvent.Type.Paint and self.at is None
                    and isinstance(obj, QLabel) and obj.text() != self.before):
                self.at = time.perf_counter()
            return False

    clock = PaintClock()
    screen.announce.installEventFilter(clock)

    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    label = QLabel()
    label.show()

    def ours() -> tuple[float, float]:
        clock.before, clock.at = screen.announce.text(), None
        t = time.perf_counter()
        screen.new_walkin()
        while clock.at is None:  # until the rep's name is painted
            ctx.ops.wait(20)
            QApplication.processEvents()
        named = clock.at - t
        ctx.ops.wait()  # and whatever the walk-in made the desk read
        QApplication.processEvents()
        settled = time.perf_counter() - t
        with db.begin() as s:  # another PC ends it; its feed refreshes the desk
            rep = next(r.login for r in rotation.board(s) if r.status == "receiving")
            rotation.finish(s, desk, rep, force=True)
        screen.refresh()
        ctx.ops.wait()
        QApplication.processEvents()
        return named, settled

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
    named, settled, base = [], [], []
    for _ in range(rounds):
        n, st = ours()
        named.append(n)
        settled.append(st)
        base.append(bare())
    raw.close()
    screen.close()
    db.dispose()
    return median(named), median(settled), median(base)


def run(rounds: int = 40) -> list[dict]:
    from desk.app import create_app

    create_app("zh_CN")
    folder = Path(tempfile.mkdtemp(prefix="desk-bench-rot-"))
    users = _users(folder)
    # The first day measured in a fresh process ran slower, its early rounds
    # most (the interpreter and the allocator warming up): the smallest size
    # looked slower than the next. One untimed day first, on its own file, so
    # that every size is measured alike in a warm process.
    (folder / "warm-up").mkdir()
    _measure(users, folder / "warm-up", SIZES[0], 10)
    out = []
    table = []
    for events in SIZES:
        named, settled, base = _measure(users, folder, events, rounds)
        table.append((events, named, settled, base))
        out.append(report(f"walk-in to the rep's name painted (30 reps, {events:,} events today)",
                          named, base, None, unit="ms",
                          extra=f"; settled {settled * 1000:.2f}ms"))
    print("walk-in scaling: events today | name painted | settled | baseline")
    for events, named, settled, base in table:
        print(f"  {events:>6,} | {named * 1000:6.2f} ms | {settled * 1000:6.2f} ms | "
              f"{base * 1000:5.2f} ms")
    return out
