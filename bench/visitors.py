"""Finding a customer as the desk types, over 100,000 customers: the service's
search per keystroke (phone digits, pinyin initials) against a plain indexed
SELECT on the same table and file."""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.common import median, report

N = 100_000


def _fill(path: Path) -> None:
    from pypinyin import Style, lazy_pinyin

    from desk.admin import auth
    from desk.core.db import Database

    db = Database(f"sqlite:///{path}")
    db.migrate()
    with db.begin() as s:
        auth.create_user(s, None, "lina", "李娜", "sales_rep", "secret1")
    db.dispose()
    rng = random.Random(5)
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华建国志东海燕子涵浩然欣怡"
    con = sqlite3.connect(path)
    rows, visits, phones = [], [], set()
    while len(rows) < N:
        phone = "+86" + rng.choice(["138", "139", "150", "186", "199"]) + f"{rng.randrange(10**8):08d}"
        if phone in phones:
            continue
        phones.add(phone)
        name = rng.choice(surnames) + "".join(rng.choice(given) for _ in range(rng.randint(1, 2)))
        initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER))
        i = len(rows) + 1
        at = f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d} 10:00:00"
        rows.append((i, name, phone, initials, phone[-4:], "2026-01-01 10:00:00", at))
        visits.append((i, at))
    con.executemany(
        "INSERT INTO customers (id, name, phone, initials, phone_tail, created_at, gender, "
        "source, referral_code, grade, wanted_layout, wanted_area, budget, purpose, notes, "
        "last_visit_at, visit_count) "
        "VALUES (?, ?, ?, ?, ?, ?, '', '路过', '', 'B', '', '', '', '', '', ?, 1)", rows)
    con.executemany(
        "INSERT INTO visits (customer_id, kind, visit_kind, rep_id, at, party_size, source, "
        "grade, notes) VALUES (?, 'visit', 'first', 1, ?, 1, '路过', 'B', '')", visits)
    con.commit()
    con.close()


def run(rounds: int = 15) -> list[dict]:
    from desk.admin import auth
    from desk.core.db import Database
    from desk.visitors import visitors

    path = Path(tempfile.mkdtemp(prefix="desk-bench-vis-")) / "desk.sqlite3"
    _fill(path)
    db = Database(f"sqlite:///{path}")
    with db.read() as s:
        rep = auth.get_actor(s, "lina")
    raw = sqlite3.connect(path)
    phone = raw.execute("SELECT phone FROM customers WHERE id = 4242").fetchone()[0][3:]
    initials = raw.execute("SELECT initials FROM customers WHERE id = 4242").fetchone()[0]
    # What the desk types: the number digit by digit from the fourth on, or initials.
    phone_keys = [phone[:k] for k in range(4, 12)]
    name_keys = [initials[:k] for k in range(1, len(initials) + 1)]

    def ours(keys: list[str]) -> float:
        t = time.perf_counter()
        for q in keys:
            with db.read() as s:
                visitors.search(s, rep, q)
        return (time.perf_counter() - t) / len(keys)

    def bare(keys: list[str], column: str) -> float:
        t = time.perf_counter()
        for q in keys:
            raw.execute(f"SELECT id, name, phone FROM customers WHERE {column} >= ? AND "
                        f"{column} < ? LIMIT 200", (q if column == "initials" else "+86" + q,
                                                    (q if column == "initials" else "+86" + q)
                                                    + "\x7f")).fetchall()
        return (time.perf_counter() - t) / len(keys)

    out = []
    for label, keys, column in (("phone digits", phone_keys, "phone"),
                                ("pinyin initials", name_keys, "initials")):
        ours(keys)
        bare(keys, column)
        a, b = [], []
        for _ in range(rounds):
            a.append(ours(keys))
            b.append(bare(keys, column))
        out.append(report(f"search per keystroke over {N:,} customers ({label})", median(a),
                          median(b), None, unit="ms"))
    raw.close()
    db.dispose()
    return out
