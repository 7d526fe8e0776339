"""The customer search per keystroke: what each key shape finds, and that each
reads an index in the order it lists, with no sort and no scan of the table."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, text

from desk.core.db import Database
from desk.customers import customers
from desk.models import Customer
from desk.visitors import visitors
from tests.conftest import actor


def add(db: Database, phones: list[str], erased: bool = False) -> None:
    with db.begin() as s:
        for i, phone in enumerate(phones):
            c = Customer(created_at=s.now, visit_count=0)
            customers.set_identity(c, f"客户{i}", "+86" + phone)
            c.erased_at = s.now if erased else None  # the keys kept: only the flag hides it
            s.add(c)


def test_four_digits_find_tail_and_start_in_phone_order_fifty_at_most(staff_db: Database
                                                                       ) -> None:
    starts = [f"1381000{i:04d}" for i in range(55)]
    tails = ["13000001381", "15000001381", "19900001381"]
    add(staff_db, starts + tails)
    add(staff_db, ["18600001381"], erased=True)
    rep = actor(staff_db, "lina")
    with staff_db.read() as s:
        rows = visitors.search(s, rep, "1381")
        assert [r.phone for r in rows] == ["130****1381"] + [
            f"138****{i:04d}" for i in range(49)]
        wide = visitors.search(s, rep, "1381", limit=100)
        assert len(wide) == 58 and [r.phone for r in wide][-2:] == ["150****1381", "199****1381"]
        assert [r.phone for r in visitors.search(s, rep, "0001381")] == []
        assert [r.name for r in visitors.search(s, rep, "13810000054")] == ["客户54"]


def plans(db: Database, queries: list[str]) -> list[str]:
    """The plan of every statement the search runs for these keys."""
    seen: list[tuple[str, Any]] = []

    def note(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
             executemany: bool) -> None:
        if "FROM customers" in statement:
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        with db.read() as s:
            for q in queries:
                visitors.search(s, actor(db, "lina"), q)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    out = []
    with db.engine.connect() as conn:
        if not db.is_sqlite:  # a tiny table: make a scan or a sort the dearer choice
            conn.execute(text("SET enable_seqscan = off"))
        for statement, parameters in seen:
            explain = "EXPLAIN QUERY PLAN " if db.is_sqlite else "EXPLAIN "
            rows = conn.exec_driver_sql(explain + statement, parameters).all()
            out.append("\n".join(str(r[-1]) for r in rows))
    return out


def test_every_key_shape_reads_an_index_in_order(staff_db: Database) -> None:
    add(staff_db, ["13812349876", "13912340000"])
    found = plans(staff_db, ["1381234", "9876", "zs", "客户"])
    assert len(found) == 5  # the 4-digit key is two queries
    for plan in found:
        if staff_db.is_sqlite:
            assert "TEMP B-TREE" not in plan and "SCAN customers" not in plan, plan
        else:
            assert "Sort" not in plan and "Seq Scan on customers" not in plan, plan
