"""The Reports screen's reads over 30 days, a year and three years of activity
(300 visits a day, 30 reps, a 6,000-unit project, the overdue follow-up backlog
growing with the years): the day report it opens on (the sales diary of today,
read with yesterday's figures), and the "reps" and "quality" reports of this
month, each against its own SQL replayed raw (bench.reports' capture and
replay), to show they stay flat as the history grows.

The files are written by bench.reports.fill (Core executemany, fixed seed, the
project's own migrations).
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import report, scaling
from bench.reports import Work, _capture, _replay, _timed, fill

# (days of activity, its words, overdue follow-ups added to the ones the days
# leave undone themselves), smallest first: the figures are against the first.
SIZES = ((30, "30 days", 0), (365, "1 year", 2_000), (1_095, "3 years", 8_000))
BUILDINGS = 20  # 6,000 units: enough for three years of about five deals a day
FLAT = 0.20  # each size's time within ±20% of the smallest's
# The screen's read for each report: the day report for today, the others for
# the month that holds today (its default modes).
REPORTS = (("daily", "day"), ("reps", "month"), ("quality", "month"))
REPEAT = {"daily": 3, "reps": 1, "quality": 1}  # samples a round: the daily is the short one
# Rounds each report takes part in: the quality report takes seconds over years.
ROUNDS = {"daily": 9, "reps": 5, "quality": 3}


def _prepare(path: Path) -> tuple[Any, dict[str, tuple[Work, Work, int]]]:
    """The database and, per report: the screen's read, its statements replayed
    raw, and how many statements it sends."""
    from desk.admin import auth, settings
    from desk.core.db import Database
    from desk.reporting import periods
    from desk.reporting.registry import reports
    from desk.sales.reps import active_reps

    db = Database(f"sqlite:///{path}")
    with db.read() as uow:
        actor = auth.get_actor(uow, "boss")
        today = settings.today(uow)
    out: dict[str, tuple[Work, Work, int]] = {}
    for name, mode in REPORTS:
        build = reports()[name].build
        period = periods.day(today) if mode == "day" else periods.month(today)

        def read(uow: Any, build: Any = build, period: Any = period) -> object:
            # as ReportsScreen.query's read: the report, the reps to choose from, today
            return build(uow, actor, period, None), active_reps(uow), settings.today(uow)

        _timed(db, read)  # warm: imports, compiled-statement cache, pages in memory
        statements = _capture(db, read)
        bare = _replay(statements)
        _timed(db, bare)
        out[name] = (read, bare, len(statements))
    return db, out


def _overdue(path: Path) -> int:
    """Follow-ups not done and due before today (the last day written is yesterday)."""
    with sqlite3.connect(path) as con:
        n = con.execute("SELECT count(*) FROM follow_ups WHERE done_at IS NULL "
                        "AND due < date('now', '+8 hours')").fetchone()[0]
    con.close()
    return int(n)


def run() -> list[dict]:
    tmp = Path(tempfile.mkdtemp(prefix="desk-bench-daily-"))
    files: list[tuple[Path, str, int]] = []
    for days, words, backlog in SIZES:
        path = tmp / f"days-{days}.sqlite3"
        t = time.perf_counter()
        y = fill(path, backlog, 0.02, days=days, buildings=BUILDINGS)
        overdue = _overdue(path)
        print(f"{words} ({y.first} … {y.last}): {y.rows['visits']:,} visits, "
              f"{y.rows['claims']:,} claims, {y.rows['payments']:,} payments, "
              f"{overdue:,} follow-ups overdue (written in {time.perf_counter() - t:.1f}s)")
        files.append((path, words, overdue))

    # The sizes and reports in turns, each against its SQL alone, so that
    # machine noise hits every figure alike.
    prepared = [_prepare(path) for path, _w, _o in files]
    samples: dict[tuple[int, str], tuple[list[float], list[float]]] = {
        (k, name): ([], []) for k in range(len(files)) for name, _m in REPORTS}
    for r in range(max(ROUNDS.values())):
        for k, (db, works) in enumerate(prepared):
            for name, (ours, bare, _n) in works.items():
                for _ in range(REPEAT[name] if r < ROUNDS[name] else 0):
                    samples[k, name][0].append(_timed(db, ours))
                    samples[k, name][1].append(_timed(db, bare))
    for db, _works in prepared:
        db.dispose()
    shutil.rmtree(tmp, ignore_errors=True)

    results: list[dict] = []
    print(f"{'report':<8} {'activity':<8} {'overdue':>7} {'stmts':>5} {'ours ms':>8} "
          f"{'SQL ms':>7} {'vs first':>8}")
    for name, _mode in REPORTS:
        first = 0.0
        times = []
        for k, (_path, words, overdue) in enumerate(files):
            mine, base = (statistics.median(x) for x in samples[k, name])
            first = first or mine
            times.append(mine)
            print(f"{name:<8} {words:<8} {overdue:>7,} {prepared[k][1][name][2]:>5} "
                  f"{mine * 1000:>8.2f} {base * 1000:>7.2f} {mine / first - 1:>+8.0%}")
            results.append(scaling("reports", f"{name} report, screen's read", words,
                                   mine * 1000))
        flat = all(abs(t / first - 1) <= FLAT for t in times)
        print(f"{name}: largest {max(times) / first - 1:+.0%}, smallest "
              f"{min(times) / first - 1:+.0%} against {files[0][1]} (target within "
              f"±{FLAT:.0%}) " + ("OK" if flat else "OVER TARGET"))
        results.append({"name": f"{name} report from {files[0][1]} to {files[-1][1]} of "
                        "activity", "ours": max(times), "baseline": first,
                        "ratio": max(times) / first, "target": 1 + FLAT})
    k = len(files) - 1
    mine, base = (statistics.median(x) for x in samples[k, "daily"])
    results.append(report(f"day report over {files[k][1]} vs its SQL replayed raw", mine, base,
                          None, unit="ms"))
    return results


if __name__ == "__main__":
    run()
