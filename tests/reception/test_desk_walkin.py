"""The desk's own walk-in answers with the panel's new state: the same as the
panel would read, with a constant number of statements whatever the size of the
day (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

from sqlalchemy import event

from desk.core.db import Database
from desk.reception import rotation, undo
from tests.conftest import actor
from tests.reception.test_rotation import A, B, C, checkin

PC = "desk-pc-1"


def test_the_answer_is_what_the_panel_reads(desk: Database) -> None:
    checkin(desk, A, B, C)
    fd = actor(desk, "frontdesk")
    with desk.read() as s:
        before = rotation.desk_view(s, fd, PC).version
    with desk.begin(PC) as s:
        u = rotation.desk_walkin(s, fd, party_size=3)
    assert u.outcome.rep_login == A  # type: ignore[union-attr]
    with desk.read() as s:
        view = rotation.desk_view(s, fd, PC)
        assert u.undoable == undo.last_undoable(s, fd, PC)
    assert (u.before, u.version) == (before, view.version) and u.version[1] == before[1] + 1
    assert u.lines == view.lines and u.why == view.why and u.waiting is None
    assert u.opened is not None and [u.opened] == view.opened
    assert (u.opened.rep_name, u.opened.party_size, u.opened.registered) == ("李娜", 3, False)


def test_a_walkin_told_to_wait_answers_the_waiting_list(desk: Database) -> None:
    checkin(desk, A)
    fd = actor(desk, "frontdesk")
    with desk.begin(PC) as s:
        rotation.desk_walkin(s, fd)
    with desk.begin(PC) as s:
        u = rotation.desk_walkin(s, fd, note="红外套")
    with desk.read() as s:
        view = rotation.desk_view(s, fd, PC)
        assert u.undoable == undo.last_undoable(s, fd, PC)
    assert u.opened is None and u.waiting == view.waiting and len(u.waiting) == 1
    assert u.waiting[0].note == "红外套" and u.lines == view.lines


def statements(db: Database, fn) -> int:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def count(conn, cursor, statement, *a) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def test_the_walkin_costs_the_same_in_a_long_day(desk: Database) -> None:
    checkin(desk, A, B, C)
    fd = actor(desk, "frontdesk")

    def one() -> None:
        with desk.begin(PC) as s:
            rotation.desk_walkin(s, fd)

    def end() -> None:
        with desk.begin(PC) as s:
            rep = next(r.login for r in rotation.board(s) if r.status == "receiving")
            rotation.finish(s, fd, rep, force=True)

    one()
    end()
    first = statements(desk, one)
    end()
    for _ in range(40):
        one()
        end()
    assert statements(desk, one) == first



def test_the_walkin_reads_and_writes_only_what_it_needs(desk: Database) -> None:
    """Before its commit, a walk-in handed to a rep: the clock, the day's row
    locked, the people in line (read once), the reception and its event."""
    checkin(desk, A, B)
    fd = actor(desk, "frontdesk")
    with desk.begin(PC) as s:  # the day's first walk-in (the settings read once)
        rotation.desk_walkin(s, fd)
    seen: list[str] = []

    def count(conn, cursor, statement, *a) -> None:  # type: ignore[no-untyped-def]
        table = re.search(r"\b(?:FROM|INTO|UPDATE)\s+(\w+)", statement)
        seen.append(statement.split()[0] + (f" {table.group(1)}" if table else ""))

    with desk.begin(PC) as s:
        event.listen(desk.engine, "before_cursor_execute", count)
        try:
            u = rotation.desk_walkin(s, fd)
        finally:
            event.remove(desk.engine, "before_cursor_execute", count)
    assert u.outcome.rep_login == B  # type: ignore[union-attr]
    # (SQLite's BEGIN IMMEDIATE is a statement of its own; the clock is "SELECT".)
    assert [x for x in seen if x != "BEGIN"] == [
        "SELECT", "SELECT rotation_days", "SELECT users", "INSERT receptions",
        "INSERT rotation_events"]
