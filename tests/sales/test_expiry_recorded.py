"""A hold that ran out while nothing ran: every command and service that reads
the unit records the expiry, and none rolls it back by refusing."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk.admin import projects
from desk.core.db import Database
from desk.core.errors import Conflict
from desk.documents import prints
from desk.models import Claim, UnitEvent
from desk.sales import claims, units
from desk.visitors import visitors
from tests.cli.test_cli import run
from tests.conftest import actor

PHONE = "13812340001"


def pid(db: Database) -> int:
    with db.read() as s:
        return projects.find_project(s, None).id


def hold(db: Database, code: str, minutes: int = 30) -> int:
    with db.begin() as s:
        return claims.hold(s, actor(db, "lina"), pid(db), code, customer_phone=PHONE,
                           customer_name="张三", minutes=minutes).id


def recorded(db: Database, claim_id: int) -> tuple[str, int]:
    """The claim's state and how many expiry events name it."""
    with db.read() as s:
        state = s.get_one(Claim, claim_id).state
        n = s.execute(select(func.count()).select_from(UnitEvent).where(
            UnitEvent.claim_id == claim_id, UnitEvent.action == "expire")).scalar_one()
    return state, n


@pytest.mark.parametrize("action", ["release", "extend"])
def test_release_or_extend_after_expiry_says_so_and_keeps_the_expiry(showroom: Database,
                                                                     action: str) -> None:
    claim_id = hold(showroom, "1-1501")
    showroom.clock_offset = timedelta(minutes=31)  # nothing ran meanwhile
    for _ in range(2):  # the second time the expiry is already history: the same answer
        with pytest.raises(Conflict) as e, showroom.begin() as s:
            getattr(claims, action)(s, actor(showroom, "lina"), pid(showroom), "1-1501")
        assert e.value.en.startswith("The hold on 1-1501 expired at ")
        assert recorded(showroom, claim_id) == ("expired", 1)


def test_reading_the_units_records_the_expiry(showroom: Database) -> None:
    claim_id = hold(showroom, "1-1501")
    showroom.clock_offset = timedelta(minutes=31)
    with showroom.read() as s:
        history = units.history(s, pid(showroom), "1-1501")
    # Shown as it is at once, recorded as soon as the read ended.
    assert [h.action for h in history] == ["import", "hold", "expire"]
    assert recorded(showroom, claim_id) == ("expired", 1)
    with showroom.read() as s:
        assert [h.action for h in units.history(s, pid(showroom), "1-1501")] == \
            ["import", "hold", "expire"]

    other = hold(showroom, "1-1502")
    showroom.clock_offset = timedelta(minutes=62)
    with showroom.read() as s:
        row = units.rows(s, pid(showroom), code="1-1502")[0]
    assert row.status == "available" and row.claim_id is None
    assert recorded(showroom, other) == ("expired", 1)


def test_a_slip_of_an_expired_hold_is_refused_and_the_expiry_recorded(showroom: Database) -> None:
    claim_id = hold(showroom, "1-1501")
    showroom.clock_offset = timedelta(minutes=31)
    request = prints.PrintRequest(actor(showroom, "assistant"), "slip", pid(showroom), "1-1501",
                                  invariant=True)
    with pytest.raises(Conflict) as e, showroom.begin() as s:
        prints.issue(s, request)
    assert "expired at" in e.value.en
    assert recorded(showroom, claim_id) == ("expired", 1)
    with pytest.raises(Conflict) as e, showroom.begin() as s:
        prints.issue(s, request)
    assert "expired at" in e.value.en


def test_a_customer_whose_hold_ran_out_can_be_erased(showroom: Database) -> None:
    claim_id = hold(showroom, "1-1501")
    with showroom.read() as s:
        customer_id = s.get_one(Claim, claim_id).customer_id
    assert customer_id is not None
    showroom.clock_offset = timedelta(minutes=31)
    with showroom.begin() as s:
        visitors.erase(s, actor(showroom, "manager"), customer_id, "客户要求删除")
    assert recorded(showroom, claim_id) == ("expired", 1)


# --- the command line: the sweep before every command --------------------------


def run_out(db: Database, claim_id: int) -> None:
    """As if the hold's time had passed while no PC ran."""
    with db.begin() as s:
        c = s.get_one(Claim, claim_id)
        c.expires_at = s.now - timedelta(minutes=1)


def test_every_command_sees_and_records_the_expiry(showroom: Database, tmp_path: Path) -> None:
    url = showroom.url
    cases: list[tuple[list[str], int, str]] = [
        (["units", "release", "1-1501", "--user", "lina"], 3, "The hold on 1-1501 expired at"),
        (["units", "extend", "1-1502", "--user", "lina", "--minutes", "10"], 3,
         "The hold on 1-1502 expired at"),
        (["print", "slip", "1-1503", "-o", str(tmp_path / "slip.pdf"), "--user", "assistant"], 3,
         "The hold on 1-1503 expired at"),
        (["units", "list", "--json", "--status", "held"], 0, "[]"),
        (["units", "history", "1-1601", "--json", "--user", "assistant"], 0, '"action": "expire"'),
    ]
    for unit, (args, code, says) in zip(["1-1501", "1-1502", "1-1503", "1-1504", "1-1601"], cases,
                                        strict=True):
        claim_id = hold(showroom, unit)
        run_out(showroom, claim_id)
        p = run(url, "--lang", "en", *args, ok=False)
        assert p.returncode == code, (args, p.stderr)
        assert says in (p.stderr if code else p.stdout), (args, p.stdout, p.stderr)
        assert "Traceback" not in p.stderr
        assert recorded(showroom, claim_id) == ("expired", 1), args
    assert not (tmp_path / "slip.pdf").exists()
    history = json.loads(run(url, "units", "history", "1-1501", "--json", "--user", "assistant").stdout)
    assert [h["action"] for h in history] == ["import", "hold", "expire"]
