"""Property tests: for any sequence of desk actions, the line never holds a rep
twice, never loses a checked-in rep, a visitor never waits while a rep does, and
the stored state equals the replayed log."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desk.admin import auth
from desk.core.db import Database
from desk.core.errors import DeskError
from desk.models import WaitingVisitor
from desk.reception import daylog, rotation, waiting
from desk.reception.state import DayState, Event, replay

REPS = ["r1", "r2", "r3", "r4"]
ACTIONS = st.lists(
    st.tuples(st.sampled_from(["checkin", "break", "back", "leave", "walkin", "finish",
                               "invalid", "undo", "override", "left"]),
              st.sampled_from(REPS)),
    min_size=1, max_size=40)


def test_pure_state_machine_never_duplicates_or_loses_reps() -> None:
    @given(st.lists(st.tuples(st.sampled_from(["checkin", "break", "back", "leave", "turn",
                                               "finish", "invalid"]), st.integers(1, 5)),
                    max_size=60))
    def run(ops: list[tuple[str, int]]) -> None:
        state, log = DayState(), []
        for i, (op, rep) in enumerate(ops, 1):
            e = _event(state, i, op, rep)
            if e is None:
                continue
            state.apply(e)
            log.append(e)
            assert len(state.line) == len(set(state.line)) == len(state.reps)
            assert set(state.line) == set(state.reps)
        assert replay(log).to_json() == state.to_json()

    run()


def _event(state: DayState, i: int, op: str, rep: int) -> Event | None:
    """The event the service would write, or None where it would refuse."""
    at = f"2026-01-01T09:{i // 60:02d}:{i % 60:02d}"
    present = state.present(rep)
    status = state.reps[rep].status if present else None
    if op == "checkin":
        return None if present else Event(i, at, "checkin", rep)
    if op == "break":
        return Event(i, at, "break", rep, {"break_kind": "lunch"}) if status == "waiting" else None
    if op == "back":
        return Event(i, at, "back", rep) if status == "break" else None
    if op == "leave":
        return Event(i, at, "leave", rep) if present and status != "receiving" else None
    if op == "turn":
        nxt, ahead = state.next_rep()
        return None if nxt is None else Event(i, at, "assign", nxt,
                                              {"how": "turn", "reception": i, "skipped": ahead})
    if op in ("finish", "invalid"):
        return Event(i, at, "finish", rep, {"invalid": op == "invalid"}) \
            if status == "receiving" else None
    return None


def test_service_keeps_the_invariants_on_a_real_database(tmp_path: Path, _sqlite_template) -> None:
    counter = iter(range(10_000))

    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(ACTIONS)
    def run(actions: list[tuple[str, str]]) -> None:
        path = tmp_path / f"p{next(counter)}.sqlite3"
        shutil.copy(_sqlite_template, path)
        db = Database(f"sqlite:///{path}")
        with db.begin() as s:
            auth.create_user(s, None, "desk", "前台", "front_desk", "secret1")
            auth.create_user(s, None, "boss", "经理", "manager", "secret1")
            for r in REPS:
                auth.create_user(s, None, r, r.upper(), "sales_rep", "secret1")
        checked_in: set[str] = set()
        for op, rep in actions:
            try:
                with db.begin() as s:
                    desk = auth.get_actor(s, "desk")
                    boss = auth.get_actor(s, "boss")
                    if op == "checkin":
                        rotation.checkin(s, desk, rep)
                        checked_in.add(rep)
                    elif op == "break":
                        rotation.set_break(s, desk, rep, "lunch", force=True)
                    elif op == "back":
                        rotation.back(s, desk, rep)
                    elif op == "leave":
                        rotation.leave(s, desk, rep, force=True)
                        checked_in.discard(rep)
                    elif op == "walkin":
                        rotation.walkin(s, desk)
                    elif op == "override":
                        rotation.walkin(s, boss, assign_to=rep, reason="VIP")
                    elif op in ("finish", "invalid"):
                        rotation.finish(s, desk, rep, invalid=op == "invalid", force=True)
                    elif op == "left":
                        waiting.left(s, desk, 1 + REPS.index(rep))
                    else:
                        u = rotation.undo(s, desk)
                        if u.kind == "checkin" and u.rep:  # it had handed out a visitor
                            checked_in.discard(u.rep.lower())  # names are upper-case logins
            except DeskError:
                pass
            with db.read() as s:
                lines = rotation.board(s)
                logins = [r.login for r in lines]
                assert len(logins) == len(set(logins))
                assert set(logins) == checked_in
                receiving = [r.login for r in lines if r.status == "receiving"]
                assert len(rotation.open_receptions(s)) == len(receiving)
                state = rotation.state_of(s)
                assert not (state.queue and state.waiting())  # nobody waits beside a free rep
                assert state.queue == list(s.execute(
                    select(WaitingVisitor.id).where(WaitingVisitor.state == "waiting")
                    .order_by(WaitingVisitor.id)).scalars())
        with db.read() as s:
            day = rotation.today(s)
            assert rotation.state_of(s).to_json() == replay(daylog.events(s, day)).to_json()
        db.dispose()

    run()
