"""The day's figures and the deals list, from the demo showroom."""

from __future__ import annotations

from desk.admin import projects
from desk.core.db import Database
from desk.core.errors import PermissionDenied
from desk.reception import rotation
from desk.reporting import reports
from desk.sales import claims
from tests.conftest import actor


def test_day_report_counts_what_happened_today(demo_db: Database) -> None:
    with demo_db.read() as s:
        r = reports.day_report(s, actor(demo_db, "manager"))
        assert r.day == rotation.today(s)
    assert r.subscriptions == 8 and r.contracts == 4  # the demo's deals, made today
    assert r.subscription_amount > 0 and r.contract_amount > 0
    assert {f.name for f in r.receptions} >= {"李娜", "张伟"}
    assert sum(t.count for t in r.units_by_status.values()) == 264
    assert r.open_complaints == 3 and r.late_complaints == 1


def test_reports_are_the_managers(demo_db: Database) -> None:
    import pytest

    with pytest.raises(PermissionDenied), demo_db.read() as s:
        reports.day_report(s, actor(demo_db, "lina"))


def test_deals_list_marks_overdue_signings(demo_db: Database) -> None:
    from datetime import timedelta

    demo_db.clock_offset = timedelta(days=8)
    with demo_db.read() as s:
        rows = claims.deals(s, projects.find_project(s, None).id, active_only=True)
    subs = [r for r in rows if r.kind == "subscription"]
    assert len(subs) == 4 and all(r.overdue for r in subs)
    assert sorted(r.contract_number or "" for r in rows if r.kind == "contract")[0].endswith("00001")


def test_overdue_follow_ups_and_late_complaints_as_the_lists_count_them(demo_db: Database) -> None:
    """Counted in the database, by the lists' own rules; so the administrator, who
    reads reports but keeps no follow-ups, gets the same figures."""
    from datetime import timedelta

    from desk.visitors import complaints, followups

    for days, figures in ((0, (12, 3, 1)), (3, (12, 3, 3))):
        demo_db.clock_offset = timedelta(days=days)
        with demo_db.read() as s:
            manager = actor(demo_db, "manager")
            overdue = sum(1 for f in followups.due_list(s, manager, include_all=True)
                          if f.days_overdue > 0)
            open_ = complaints.rows(s, manager, open_only=True)
            mine = reports.day_report(s, manager)
            theirs = reports.day_report(s, actor(demo_db, "admin"))
        assert (overdue, len(open_), sum(1 for c in open_ if c.overdue)) == figures
        for r in (mine, theirs):
            assert (r.overdue_follow_ups, r.open_complaints, r.late_complaints) == figures
