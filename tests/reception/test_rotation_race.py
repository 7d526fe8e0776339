"""Two front desks press "new walk-in" 500 times each on the same database:
no turn is handed out twice (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import select

from desk.admin import auth
from desk.core.db import Database
from desk.models import RotationEvent
from desk.reception import rotation
from desk.reception.state import DayState, Event

N = 500


@pytest.mark.slow
def test_two_desks_never_hand_out_the_same_turn(any_db: Database) -> None:
    with any_db.begin() as s:
        auth.create_user(s, None, "desk", "前台", "front_desk", "secret1")
        for i in range(4):
            auth.create_user(s, None, f"rep{i}", f"顾问{i}", "sales_rep", "secret1")
        desk = auth.get_actor(s, "desk")
    for i in range(4):
        with any_db.begin() as s:
            rotation.checkin(s, desk, f"rep{i}")
    procs = [subprocess.Popen([sys.executable, "-m", "tests.reception.walkin_worker", any_db.url, str(N)],
                              stdout=subprocess.PIPE, text=True) for _ in range(2)]
    ids: list[int] = []
    for p in procs:
        out, _ = p.communicate(timeout=900)
        assert p.returncode == 0
        ids += [int(x) for x in out.split()]
    assert len(ids) == 2 * N and len(set(ids)) == 2 * N  # every desk got its own reception

    with any_db.read() as s:
        day = rotation.today(s)
        rows = s.execute(select(RotationEvent).where(RotationEvent.day == day)
                         .order_by(RotationEvent.id)).scalars().all()
    # Walk the log: every assignment went to a rep who was waiting at that moment,
    # to the first waiting one, and nobody received two parties at once.
    state = DayState()
    assigns = 0
    for r in rows:
        e = Event(r.id, r.at.isoformat(), r.kind, r.rep_id, json.loads(r.data))
        if e.kind == "assign":
            assigns += 1
            nxt, _ = state.next_rep()
            assert state.reps[e.rep].status == "waiting" and e.rep == nxt
        state.apply(e)
    assert assigns == 2 * N
