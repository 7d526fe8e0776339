"""Price-list import: a 10,000-unit published list, time and peak memory.

Each import runs in a fresh process on a fresh SQLite file, so its peak
resident memory is its own; the baseline process reads the same file with the
csv module and writes the same rows with sqlite3's executemany.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import median, report

UNITS = 10_000
HEADER = ["房号", "建筑面积", "建筑面积单价", "套内面积", "套内面积单价", "总售价", "销售状况", "备注"]


def write_list(path: Path, units: int) -> Path:
    """A list in the published shape: building, wing and room in the code."""
    from decimal import ROUND_HALF_UP, Decimal

    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        n = 0
        building = 0
        while n < units:
            building += 1
            for wing in "AB":
                for floor in range(1, 51):
                    for room in range(1, 6):
                        if n >= units:
                            break
                        n += 1
                        gross = Decimal(80 + room * 7) + Decimal(room) / 100
                        inner = (gross * Decimal("0.78")).quantize(Decimal("0.01"))
                        price = Decimal(30000 + floor * 120 + room * 10)
                        total = (gross * price).quantize(Decimal("1"), ROUND_HALF_UP)
                        inner_price = (total / inner).quantize(Decimal("0.01"), ROUND_HALF_UP)
                        status = "在售" if n % 10 else "已签预售合同"
                        w.writerow([f"{building}栋{wing}座{floor}{room:02d}", gross, price, inner,
                                    inner_price, total, status, "住宅"])
    return path


WORKER = """
import json, resource, sys, time
from pathlib import Path
t = time.perf_counter()
if sys.argv[1] == "desk":
    from desk.admin import auth, projects
    from desk.core.db import Database
    from desk.sales.pricelist import import_file
    db = Database("sqlite:///" + sys.argv[3])
    db.migrate()
    with db.begin() as s:
        pid = projects.create_project(s, None, "P", "S", "1").id
    t = time.perf_counter()
    with db.begin() as s:
        r = import_file(s, auth.OPERATOR, pid, Path(sys.argv[2]))
    n = r.created
else:
    import csv, sqlite3
    con = sqlite3.connect(sys.argv[3])
    con.execute("CREATE TABLE units (code TEXT UNIQUE, gross TEXT, price TEXT, inner TEXT,"
                " inner_price TEXT, total TEXT, status TEXT, note TEXT)")
    t = time.perf_counter()
    with open(sys.argv[2], encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f)
        next(rows)
        con.executemany("INSERT INTO units VALUES (?,?,?,?,?,?,?,?)", rows)
    con.commit()
    n = con.execute("SELECT count(*) FROM units").fetchone()[0]
elapsed = time.perf_counter() - t
print(json.dumps({"s": elapsed, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "n": n}))
"""


def _run(kind: str, listing: Path, tmp: Path) -> dict:
    db = tmp / f"{kind}-{len(list(tmp.iterdir()))}.sqlite3"
    out = subprocess.run([sys.executable, "-c", WORKER, kind, str(listing), str(db)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def import_list(units: int = UNITS, rounds: int = 3) -> list[dict]:
    tmp = Path(tempfile.mkdtemp(prefix="desk-bench-import-"))
    listing = write_list(tmp / "list.csv", units)
    ours = [_run("desk", listing, tmp) for _ in range(rounds)]
    base = [_run("bare", listing, tmp) for _ in range(rounds)]
    assert all(o["n"] == units for o in ours), ours
    t_ours, t_base = median([o["s"] for o in ours]), median([b["s"] for b in base])
    m_ours, m_base = median([o["rss_mb"] for o in ours]), median([b["rss_mb"] for b in base])
    return [
        report(f"import a {units:,}-unit published list vs csv + sqlite3 executemany",
               t_ours, t_base, None),
        report("peak memory of that import vs the bare process", m_ours, m_base, None, unit="MB"),
    ]


def run() -> list[dict]:
    return import_list(int(os.environ.get("DESK_BENCH_UNITS", UNITS)))
