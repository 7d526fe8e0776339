"""Sales control figures.

1. One hold + release through the services (two user actions, two transactions,
   every rule and the history) against one raw sqlite3 conditional UPDATE +
   commit on the same file with the same pragmas.
2. Opening the sales-control grid of a 9,900-unit project (30 buildings × 33
   floors × 10 units) against a bare QTableView showing as many rows, with the
   grid's peak Python memory; and the same at 24,750 and 49,500 units and with
   150 buildings, as a table (the grid painted, the summary filled after).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

from bench.common import median, report, scaling


def _demo_db(path: Path):  # type: ignore[no-untyped-def]
    from desk.core.db import Database
    from desk.demo import showroom as demo

    db = Database(f"sqlite:///{path}")
    db.migrate()
    with db.begin() as s:
        demo.load(s)
    return db


def _service_round(db, code: str):  # type: ignore[no-untyped-def]
    from desk.admin import auth, projects
    from desk.sales import claims

    with db.read() as s:
        rep = auth.get_actor(s, "lina")
        pid = projects.find_project(s, None).id

    def service() -> None:
        with db.begin() as s:
            claims.hold(s, rep, pid, code, customer_phone="13800001111", customer_name="测")
        with db.begin() as s:
            claims.release(s, rep, pid, code)

    return service


def _timed(service, baseline, rounds: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
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
    return median(ours), median(base)


def hold_release(rounds: int = 300) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="desk-bench-sales-"))
    path = tmp / "desk.sqlite3"
    db = _demo_db(path)
    service = _service_round(db, "3-1801")

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

    ours, base = _timed(service, baseline, rounds)
    raw.close()
    db.dispose()
    return report("hold + release through the services vs one raw conditional UPDATE + commit",
                  ours, base, 8.0, unit="ms")


def hold_release_pg(url: str, rounds: int = 300) -> dict:
    """The same on PostgreSQL (a database of its own, dropped afterwards), against
    one conditional UPDATE + commit through psycopg on one open connection."""
    import uuid

    import psycopg
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from desk.core.db import Database
    from desk.demo import showroom as demo

    name = f"desk_bench_sales_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    bench_url = make_url(url).set(database=name)
    try:
        db = Database(bench_url.render_as_string(hide_password=False))
        db.migrate()
        with db.begin() as s:
            demo.load(s)
        service = _service_round(db, "3-1801")
        raw = psycopg.connect(bench_url.set(drivername="postgresql")
                              .render_as_string(hide_password=False))
        unit_id = raw.execute("SELECT id FROM units WHERE code = %s", ("3-1701",)).fetchone()[0]
        raw.commit()

        def baseline() -> None:
            raw.execute("UPDATE units SET version = version + 1 WHERE id = %s "
                        "AND status = 'available'", (unit_id,))
            raw.commit()

        ours, base = _timed(service, baseline, rounds)
        raw.close()
        db.dispose()
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return report("hold + release on PostgreSQL vs one raw conditional UPDATE + commit",
                  ours, base, 6.0, unit="ms")


def _sync(db) -> str:  # type: ignore[no-untyped-def]
    with db.engine.connect() as c:
        level = c.exec_driver_sql("PRAGMA synchronous").scalar()
        c.rollback()
    return {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[level]


def big_project(path: Path, buildings: int = 30, per_floor: int = 10) -> tuple:
    """`buildings` × 33 floors × `per_floor` units (30 × 33 × 10 = 9,900), written in
    bulk."""
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
        for b in range(1, buildings + 1):
            for f in range(1, 34):
                for u in range(1, per_floor + 1):
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


# (buildings, units per floor): 33 floors each
GRID_SIZES = ((30, 10), (30, 25), (30, 50), (150, 2), (150, 10))


def grid_open(rounds: int = 5, sizes: tuple[tuple[int, int], ...] = GRID_SIZES) -> list[dict]:
    """The grid painted with the first building's units (the summary beside it
    is read after them), against a bare QTableView of as many rows; then the
    time until the summary is filled too. The first size is the target's."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QApplication, QTableView

    from desk.app import create_app
    from desk.ui.common.context import Context
    from desk.ui.sales.screen import SalesScreen

    _app, lang = create_app("zh_CN")
    tmp = Path(tempfile.mkdtemp(prefix="desk-bench-grid-"))

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

    def ours(db, actor) -> tuple[float, float]:  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        screen = SalesScreen(Context(db, actor, lang))
        screen.resize(1300, 800)
        screen.show()  # reads through the runner, off the UI thread
        while not screen.refreshes:  # the units read and shown; then painted
            screen.ctx.ops.pool.waitForDone(1)
            QApplication.processEvents()
        painted(screen)
        grid = time.perf_counter() - t
        while screen.loading:  # the summary, read once the cells are painted
            screen.ctx.ops.pool.waitForDone(1)
            QApplication.processEvents()
        full = time.perf_counter() - t
        assert screen.summary is not None and screen.model.rowCount() == 33
        screen.close()
        screen.deleteLater()
        QApplication.processEvents()
        return grid, full

    def bare(rows: list[tuple]) -> float:
        t = time.perf_counter()
        view = QTableView()
        view.setModel(Bare(rows))
        painted(view)
        elapsed = time.perf_counter() - t
        view.close()
        view.deleteLater()
        QApplication.processEvents()
        return elapsed

    results = []
    table = []
    for buildings, per_floor in sizes:
        db, actor, n = big_project(tmp / f"big-{buildings}-{per_floor}.sqlite3", buildings, per_floor)
        rows = [(f"{i}", "3室2厅2卫", "100.00", "3,000,000", "可售") for i in range(n)]
        ours(db, actor)
        bare(rows)
        a, full, b = [], [], []
        for _ in range(rounds):
            grid, whole = ours(db, actor)
            a.append(grid)
            full.append(whole)
            b.append(bare(rows))
        if not results:
            tracemalloc.start()
            ours(db, actor)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            tracemalloc.start()
            bare(rows)
            _, bare_peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            results.append(report(
                f"sales grid opening a {n:,}-unit project ({buildings} buildings) vs a bare "
                f"{n:,}-row QTableView", median(a), median(b), 2.5, unit="ms",
                extra=f"; summary filled after {median(full) * 1000:.1f} ms; peak Python memory "
                      f"{peak / 1e6:.1f} MB vs {bare_peak / 1e6:.1f} MB"))
        table.append((n, buildings, median(a), median(full), median(b)))
        db.dispose()
    print("grid scaling:   units  buildings  grid painted  summary filled  bare view  ratio")
    for n, buildings, grid, whole, base in table:
        print(f"              {n:>7,}  {buildings:>9}  {grid * 1000:>9.1f} ms  {whole * 1000:>11.1f} ms"
              f"  {base * 1000:>6.1f} ms  {grid / base:>5.2f}")
        size = f"{n:,} units in {buildings} buildings"
        results.append(scaling("sales", "grid painted", size, grid * 1000))
        results.append(scaling("sales", "grid's summary filled", size, whole * 1000))
    return results


def run() -> list[dict]:
    pg = os.environ.get("DESK_TEST_PG_URL")
    return [hold_release(), *([hold_release_pg(pg)] if pg else []), *grid_open()]
