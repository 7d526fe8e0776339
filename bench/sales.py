"""Sales control figures.

1. One hold + release through the services (two user actions, two transactions,
   every rule and the history) against one raw sqlite3 conditional UPDATE +
   commit on the same file with the same pragmas.
2. Opening the sales-control grid of a 10,000-unit project (30 buildings × 33
   floors × ~10 units) against a bare QTableView showing a 10,000-row model,
   with the grid's peak Python memory.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

from bench.common import median, report


def _demo_db(path: Path):  # type: ignore[no-untyped-def]
    from desk.core.db import Database
    from desk.demo import showroom as demo

    db = Database(f"sqlite:///{path}")
    db.migrate()
    with db.begin() as s:
        demo.load(s)
    return db


def hold_release(rounds: int = 300) -> dict:
    from desk.admin import auth, projects
    from desk.sales import claims

    tmp = Path(tempfile.mkdtemp(prefix="desk-bench-sales-"))
    path = tmp / "desk.sqlite3"
    db = _demo_db(path)
    with db.read() as s:
        rep = auth.get_actor(s, "lina")
        pid = projects.find_project(s, None).id
    code = "3-1801"

    def service() -> None:
        with db.begin() as s:
            claims.hold(s, rep, pid, code, customer_phone="13800001111", customer_name="测")
        with db.begin() as s:
            claims.release(s, rep, pid, code)

    raw = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=30000",
                   f"synchronous={_sync(db)}"):
        raw.execute(f"PRAGMA {pragma}")
    unit_id = raw.execute("SELECT id FROM units WHERE code = ?", ("3-1701",)).fetchone()[0]

    def baseline() -> None:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("UPDATE units SET version = version + 1 WHERE id = ? AND status = 'available'",
                    (unit_id,))
        raw.execute("COMMIT")

    for _ in range(20):
        service()
        baseline()
    ours, base = [], []
    for _ in range(rounds):
        t = time.perf_counter()
        service()
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        baseline()
        base.append(time.perf_counter() - t)
    raw.close()
    db.dispose()
    return report("hold + release through the services vs one raw conditional UPDATE + commit",
                  median(ours), median(base), 5.0, unit="ms")


def _sync(db) -> str:  # type: ignore[no-untyped-def]
    with db.engine.connect() as c:
        level = c.exec_driver_sql("PRAGMA synchronous").scalar()
        c.rollback()
    return {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[level]


def big_project(path: Path) -> tuple:
    """30 buildings × 33 floors × 10 units = 9,900 units, written in bulk."""
    from desk.admin import auth, projects
    from desk.core.db import Database
    from desk.sales.pricelist import ImportReport, ParsedUnit, apply

    db = Database(f"sqlite:///{path}")
    db.migrate()
    with db.begin() as s:
        auth.create_user(s, None, "assistant", "助理", "assistant", "secret1")
        pid = projects.create_project(s, None, "大盘", "S", "1").id
        parsed = []
        n = 0
        for b in range(1, 31):
            for f in range(1, 34):
                for u in range(1, 11):
                    n += 1
                    area = Decimal("80") + u * 5
                    parsed.append(ParsedUnit(
                        row=n, building=f"{b}栋", entrance="", floor=f, room=f"{f}{u:02d}",
                        code=f"{b}-{f}{u:02d}", layout="3室2厅2卫" if u % 2 else "2室2厅1卫",
                        orientation="南", usage="住宅", gross_area=area, inner_area=None,
                        unit_price=Decimal(30000), list_price=area * 30000, floor_price=None,
                        ))
        apply(s, auth.OPERATOR, pid, parsed, ImportReport())
    with db.read() as s:
        actor = auth.get_actor(s, "assistant")
    return db, actor, n


def grid_open(rounds: int = 5) -> list[dict]:
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QApplication, QTableView

    from desk.app import create_app
    from desk.ui.common.context import Context
    from desk.ui.sales.screen import SalesScreen

    _app, lang = create_app("zh_CN")
    tmp = Path(tempfile.mkdtemp(prefix="desk-bench-grid-"))
    db, actor, n = big_project(tmp / "big.sqlite3")

    class Bare(QAbstractTableModel):
        def __init__(self, rows: list[tuple]) -> None:
            super().__init__()
            self.rows = rows

        def rowCount(self, parent=QModelIndex()):  # type: ignore[no-untyped-def]  # noqa: B008
            return len(self.rows)

        def columnCount(self, parent=QModelIndex()):  # type: ignore[no-untyped-def]  # noqa: B008
            return 5

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
            if role == Qt.ItemDataRole.DisplayRole:
                return str(self.rows[index.row()][index.column()])
            return None

    def painted(widget) -> None:  # type: ignore[no-untyped-def]
        widget.resize(1300, 800)
        widget.show()
        widget.repaint()
        QApplication.processEvents()

    def ours() -> float:
        t = time.perf_counter()
        screen = SalesScreen(Context(db, actor, lang))
        screen.resize(1300, 800)
        screen.show()  # reads through the runner, off the UI thread
        screen.ctx.ops.wait()
        painted(screen)
        elapsed = time.perf_counter() - t
        screen.close()
        screen.deleteLater()
        QApplication.processEvents()
        return elapsed

    rows = [(f"{i}", "3室2厅2卫", "100.00", "3,000,000", "可售") for i in range(n)]

    def bare() -> float:
        t = time.perf_counter()
        view = QTableView()
        view.setModel(Bare(rows))
        painted(view)
        elapsed = time.perf_counter() - t
        view.close()
        view.deleteLater()
        QApplication.processEvents()
        return elapsed

    ours()
    bare()
    a, b = [], []
    for _ in range(rounds):
        a.append(ours())
        b.append(bare())
    tracemalloc.start()
    ours()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    tracemalloc.start()
    bare()
    _, bare_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    db.dispose()
    return [report(f"sales grid opening a {n:,}-unit project vs a bare 10,000-row QTableView",
                   median(a), median(b), 3.0, unit="ms",
                   extra=f"; peak Python memory {peak / 1e6:.1f} MB vs {bare_peak / 1e6:.1f} MB")]


def run() -> list[dict]:
    return [hold_release(), *grid_open()]
