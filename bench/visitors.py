"""Finding a customer as the desk types: the service's search per keystroke for
every key shape (phone prefix, 4-digit key, pinyin initials, name) against a
plain indexed SELECT on the same table and file, at 10,000, 100,000 and
1,000,000 customers (one file, grown between the sizes)."""

from __future__ import annotations

import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import report

SIZES = (10_000, 100_000, 1_000_000)
TARGET_RATIO = 3.0  # against an indexed SELECT
TARGET_WORST_MS = 2.0  # any key of any shape at the largest size
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华建国志东海燕子涵浩然欣怡"
PROBE = 4242  # the customer whose keys are typed (there at every size)


def _create(path: Path) -> None:
    from desk.admin import auth
    from desk.core.db import Database

    db = Database(f"sqlite:///{path}")
    db.migrate()
    with db.begin() as s:
        auth.create_user(s, None, "lina", "李娜", "sales_rep", "secret1")
    db.dispose()


def _grow(con: sqlite3.Connection, rng: random.Random, phones: set[str], upto: int) -> None:
    """Add customers until there are `upto`, in one executemany."""
    from pypinyin import Style, lazy_pinyin

    first = {ch: lazy_pinyin(ch, style=Style.FIRST_LETTER)[0] for ch in SURNAMES + GIVEN}
    rows = []
    i = len(phones)
    while i < upto:
        phone = "+86" + rng.choice(["138", "139", "150", "186", "199"]) + f"{rng.randrange(10**8):08d}"
        if phone in phones:
            continue
        phones.add(phone)
        i += 1
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
        at = f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d} 10:00:00"
        rows.append((i, name, phone, "".join(first[ch] for ch in name), phone[-4:],
                     "2026-01-01 10:00:00", at))
    con.executemany(
        "INSERT INTO customers (id, name, phone, initials, phone_tail, created_at, gender, "
        "source, referral_code, grade, wanted_layout, wanted_area, budget, purpose, notes, "
        "last_visit_at, visit_count) "
        "VALUES (?, ?, ?, ?, ?, ?, '', '路过', '', 'B', '', '', '', '', '', ?, 1)", rows)
    con.commit()
    # Into the file, as the desk's own checkpoints leave it: no reader wades through
    # a write-ahead log of a million rows.
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _shapes(raw: sqlite3.Connection) -> list[tuple[str, list[str], list[str]]]:
    """(shape, the keys typed, the bare indexed SELECTs it is compared with: the
    rows and columns the list shows, down the key's index through sqlite3, with
    no unit of work around them)."""
    from desk.visitors.visitors import SEARCH_LIMIT as LISTED

    name, phone, initials = raw.execute(
        "SELECT name, phone, initials FROM customers WHERE id = ?", (PROBE,)).fetchone()
    digits = phone[3:]
    # What one line of the list shows (the owner's name too), a screenful of them.
    cols = ("SELECT c.id, c.name, c.phone, c.grade, c.source, o.name, c.owner_until, "
            "c.last_visit_at, c.visit_count FROM customers c "
            "LEFT JOIN users o ON o.id = c.owner_id WHERE c.erased_at IS NULL AND")
    by_phone = (f"{cols} c.phone >= '+86' || ? AND c.phone < '+86' || ? || x'7f' "
                f"ORDER BY c.phone LIMIT {LISTED}")
    return [
        # The number digit by digit from the fifth on (four digits are their own shape).
        ("phone prefix", [digits[:k] for k in range(5, 12)], [by_phone]),
        # Four digits: the tail of one number, and the start of a fifth of them.
        ("4-digit key", [digits[-4:], digits[:4]],
         [by_phone, f"{cols} c.phone_tail = ? ORDER BY c.phone LIMIT {LISTED}"]),
        ("pinyin initials", [initials[:k] for k in range(1, len(initials) + 1)],
         [f"{cols} c.initials >= ? AND c.initials < ? || x'7f' "
          f"ORDER BY c.initials, c.id LIMIT {LISTED}"]),
        ("name", [name[:k] for k in range(1, len(name) + 1)],
         [f"{cols} c.name >= ? AND c.name < ? || char(1114111) "
          f"ORDER BY c.name, c.id LIMIT {LISTED}"]),
    ]


def _per_key(fn: Callable[[str], object], keys: list[str], rounds: int) -> list[float]:
    """Each key's median time over the rounds."""
    samples: dict[str, list[float]] = {k: [] for k in keys}
    for _ in range(rounds):
        for k in keys:
            t = time.perf_counter()
            fn(k)
            samples[k].append(time.perf_counter() - t)
    return [statistics.median(samples[k]) for k in keys]


def run(rounds: int = 15) -> list[dict]:
    from desk.admin import auth
    from desk.core.db import Database
    from desk.visitors import visitors

    folder = Path(tempfile.mkdtemp(prefix="desk-bench-vis-"))
    path = folder / "desk.sqlite3"
    _create(path)
    grow = sqlite3.connect(path)
    grow.execute("PRAGMA synchronous=OFF")
    rng, phones = random.Random(5), set[str]()
    out: list[dict] = []
    table: list[tuple[int, str, float, float, float]] = []
    try:
        for n in SIZES:
            t0 = time.perf_counter()
            _grow(grow, rng, phones, n)
            print(f"  ({n:,} customers filled in {time.perf_counter() - t0:.1f}s)")
            db = Database(f"sqlite:///{path}")
            with db.read() as s:
                rep = auth.get_actor(s, "lina")
            raw = sqlite3.connect(path)

            def ours(q: str, db: Database = db, rep: auth.Actor = rep) -> object:
                with db.read() as s:
                    return visitors.search(s, rep, q)

            for shape, keys, sqls in _shapes(raw):
                def bare(q: str, sqls: list[str] = sqls, raw: sqlite3.Connection = raw
                         ) -> object:
                    return [raw.execute(sql, (q,) * sql.count("?")).fetchall() for sql in sqls]

                _per_key(ours, keys, 1)
                _per_key(bare, keys, 1)
                a, b = [], []
                for _ in range(3):  # interleaved: noise hits both alike
                    a.append(_per_key(ours, keys, max(1, rounds // 3)))
                    b.append(_per_key(bare, keys, max(1, rounds // 3)))
                mine = [statistics.median(x) for x in zip(*a, strict=True)]
                base = [statistics.median(x) for x in zip(*b, strict=True)]
                mean, worst, bmean = statistics.mean(mine), max(mine), statistics.mean(base)
                table.append((n, shape, mean, worst, bmean))
                big = n == SIZES[-1]
                r = report(f"search per keystroke over {n:,} customers ({shape})", mean, bmean,
                           TARGET_RATIO, unit="ms",
                           extra=f"; worst key {worst * 1000:.2f}ms"
                           + (f" (target ≤ {TARGET_WORST_MS}ms"
                              f"{')  OK' if worst * 1000 <= TARGET_WORST_MS else ')  OVER TARGET'}"
                              if big else ""))
                r.update(section="search", size=n, shape=shape, worst=worst)
                out.append(r)
            raw.close()
            db.dispose()
    finally:
        grow.close()
        shutil.rmtree(folder, ignore_errors=True)
    print("search per keystroke, ms (mean of the keys / worst key / bare indexed SELECT):")
    print(f"  {'customers':>10}  " + "  ".join(f"{s:>22}" for s in dict.fromkeys(
        row[1] for row in table)))
    for n in SIZES:
        cells = [f"{m * 1000:6.2f} /{w * 1000:6.2f} /{b * 1000:5.2f}"
                 for size, _shape, m, w, b in table if size == n]
        print(f"  {n:>10,}  " + "  ".join(f"{c:>22}" for c in cells))
    return out
