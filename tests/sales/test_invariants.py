"""`invariants.check`: silent on a sound showroom, names each broken rule."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from desk.core.db import Database
from desk.models import Claim, ContractCounter, RotationDay, Unit, UnitEvent
from desk.sales import invariants


def test_the_demo_showroom_is_sound(any_db: Database) -> None:
    from desk.demo import showroom as demo

    with any_db.begin() as s:
        demo.load(s)
    any_db.clock_offset = timedelta(days=3)  # holds past their time are still consistent
    with any_db.read() as s:
        assert invariants.check(s) == []


def test_each_broken_rule_is_named(demo_db: Database) -> None:
    with demo_db.begin() as s:
        free = s.execute(select(Unit).where(Unit.status == "available").order_by(Unit.id)).scalars().first()
        assert free is not None
        s.execute(update(Unit).where(Unit.id == free.id).values(status="held"))
        s.execute(update(ContractCounter).values(last=0))
        s.execute(update(RotationDay).values(version=RotationDay.version + 1))
        held = s.execute(select(Claim).where(Claim.kind == "hold", Claim.state == "active")
                         ).scalars().first()
        assert held is not None
        s.execute(update(Claim).where(Claim.id == held.id).values(expires_at=None))
        s.add(UnitEvent(unit_id=held.unit_id, at=s.now, action="withhold", from_status="held",
                        to_status="withheld"))
    with demo_db.read() as s:
        found = invariants.check(s)
    assert [line.split(":")[0] for line in found] == [
        "units whose status disagrees with their active claim (unit id, code, status, claim kind)",
        "active holds without an expiry (claim id)",
        "contract numbers beyond their counter (project id, number)",
        "units whose history ends elsewhere than their status (unit id, status, last to)",
        "rotation days whose snapshot missed events (day, version, events, seen, last)",
    ]
    assert f"({free.id}, '{free.code}', 'held', None)" in found[0]
