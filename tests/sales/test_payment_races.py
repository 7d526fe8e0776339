"""Eight PCs recording payments at the same moment on PostgreSQL: every receipt
number once, none skipped, and a deal never paid past what is due."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from desk.admin import settings
from desk.core.db import Database
from desk.models import Payment
from desk.sales import payments
from tests.sales.test_payments import account, pid, subscribe

WORKERS = 8
EACH = 12


@pytest.mark.postgres
@pytest.mark.slow
def test_receipt_numbers_are_unique_and_gap_free_under_eight_processes(pg_db: Database) -> None:
    from desk.admin import auth, projects
    from desk.demo import showroom as demo

    with pg_db.begin() as s:
        for login, name, role in demo.DEMO_USERS:
            auth.create_user(s, None, login, name, role, demo.DEMO_PASSWORD)
        p = projects.create_project(s, None, "翠湖天地", "翠湖置业", "深房许字（2026）1号")
        demo.load_units(s, p.id)
    with pg_db.read() as s:  # the real clock, which the workers read too
        today = settings.today(s) + timedelta(days=1)
    # One deal owes only ¥30.00 more: of the payments on it, 30 fit and the rest are refused.
    tight = subscribe(pg_db, "1-2601", "13800000001", "1", "full", today)
    with pg_db.begin() as s:
        assistant = auth.get_actor(s, "assistant")
        payments.record_payment(s, assistant, tight, "4264336.08", force=True)
    roomy = subscribe(pg_db, "1-2602", "13800000002", "1", "full", today)
    start = time.time() + 2.0
    procs = [subprocess.Popen([sys.executable, "-m", "tests.sales.payment_worker", pg_db.url,
                               str(start), str(EACH), str(tight), str(roomy)],
                              stdout=subprocess.PIPE, text=True) for _ in range(WORKERS)]
    results = [json.loads(proc.communicate(timeout=120)[0]) for proc in procs]
    assert all(proc.returncode == 0 for proc in procs)
    numbers = [n for r in results for n in r["receipts"]]
    refused = sum(r["refused"] for r in results)
    assert len(numbers) + refused == WORKERS * EACH
    assert refused == WORKERS * EACH // 2 - 30
    year = numbers[0][2:6]
    assert sorted(numbers) == [f"SJ{year}-{n:05d}" for n in range(2, 2 + len(numbers))]
    assert account(pg_db, tight).balance == Decimal("0.00")
    assert account(pg_db, roomy).received == Decimal(WORKERS * EACH // 2)
    with pg_db.read() as s:
        assert s.execute(select(func.count(Payment.id)).where(
            Payment.project_id == pid(pg_db))).scalar_one() == 1 + len(numbers)
