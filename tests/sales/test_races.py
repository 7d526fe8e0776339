"""Eight processes race to hold, release, subscribe and cancel the same three units.

Afterwards: never two active claims on a unit, every unit's status agrees with
its claim, every successful action is in the history, and the counts add up.
Runs on SQLite and on a real PostgreSQL server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from itertools import pairwise

import pytest
from sqlalchemy import func, select

from desk.admin import auth, projects
from desk.core.db import Database
from desk.demo import showroom as demo
from desk.models import Claim, Unit, UnitEvent
from tests.sales.race_worker import UNITS

WORKERS = 8
ATTEMPTS = 250


@pytest.mark.slow
def test_no_unit_is_ever_promised_twice(any_db: Database) -> None:
    with any_db.begin() as s:
        for login, name, role in demo.DEMO_USERS:
            auth.create_user(s, None, login, name, role, "secret1")
        p = projects.create_project(s, None, "P", "S", "1")
        demo.load_units(s, p.id)
    env = dict(os.environ)
    procs = [
        subprocess.Popen([sys.executable, "-m", "tests.sales.race_worker", any_db.url, str(i),
                          str(ATTEMPTS), "race"], stdout=subprocess.PIPE, text=True, env=env)
        for i in range(WORKERS)
    ]
    totals: Counter[str] = Counter()
    for proc in procs:
        out, _ = proc.communicate(timeout=600)
        assert proc.returncode == 0
        totals.update(json.loads(out))
    assert sum(totals.values()) == WORKERS * ATTEMPTS
    # Every kind of outcome happened: the race was real.
    for key in ("hold.ok", "hold.Conflict", "release.ok", "subscribe.ok", "cancel.ok"):
        assert totals[key] > 0, (key, totals)

    with any_db.read() as s:
        doubled = s.execute(
            select(Claim.unit_id).where(Claim.state == "active").group_by(Claim.unit_id)
            .having(func.count() > 1)).all()
        assert doubled == []
        for code in UNITS:
            unit = s.execute(select(Unit).where(Unit.code == code)).scalar_one()
            active = s.execute(select(Claim).where(Claim.unit_id == unit.id,
                                                   Claim.state == "active")).scalars().all()
            expected = {"hold": "held", "subscription": "subscribed"}
            assert unit.status == (expected[active[0].kind] if active else "available"), (
                code, [(c.id, c.kind, c.state) for c in s.execute(
                    select(Claim).where(Claim.unit_id == unit.id).order_by(Claim.id.desc())
                    .limit(4)).scalars()],
                s.execute(select(UnitEvent.action, UnitEvent.to_status, UnitEvent.claim_id)
                          .where(UnitEvent.unit_id == unit.id)
                          .order_by(UnitEvent.id.desc()).limit(4)).all())

        def events(action: str) -> int:
            return s.execute(select(func.count()).select_from(UnitEvent)
                             .where(UnitEvent.action == action)).scalar_one()

        def claims_of(kind: str) -> int:
            return s.execute(select(func.count()).select_from(Claim)
                             .where(Claim.kind == kind)).scalar_one()

        assert claims_of("hold") == totals["hold.ok"] == events("hold")
        assert claims_of("subscription") == totals["subscribe.ok"] == events("subscribe")
        assert events("release") == totals["release.ok"]
        assert events("cancel") == totals["cancel.ok"]
        # Each unit's history replays to its present status.
        for code in UNITS:
            unit = s.execute(select(Unit).where(Unit.code == code)).scalar_one()
            trail = s.execute(select(UnitEvent.from_status, UnitEvent.to_status)
                              .where(UnitEvent.unit_id == unit.id)
                              .order_by(UnitEvent.id)).all()
            for (_, to), (frm, _) in pairwise(trail):
                assert to == frm
            assert trail[-1][1] == unit.status
