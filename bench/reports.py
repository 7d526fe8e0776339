"""The manager's monthly reports over one year of activity (300 visits a day,
30 reps): the per-rep assessment ("reps") and the five quality targets
("quality") of the last full month, each against its own SQL alone (every
statement the report sends, captured from one run and replayed through the
same connection's DB-API cursor, without the report's Python), and how both
hold up as the overdue backlog (follow-ups not done, instalments not paid)
grows.

The year is written with SQLAlchemy Core executemany in one transaction, on a
schema made by the project's own migrations (so the indexes are the real ones),
from a fixed seed.
"""

from __future__ import annotations

import json
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.common import report

REPS = 30
VISITS_PER_DAY = 300
DAYS = 365
UNITS = (10, 30, 10)  # buildings, floors, units a floor: 3,000 units
# The overdue backlog: follow-ups never done added to the year's own (about
# 1,100 due before the month), and the share of deals paying nothing after the
# deposit; about 1k, 10k and 50k follow-ups overdue in all.
BACKLOGS = ((0, 0.02), (9_000, 0.20), (49_000, 0.60))
RATIO_TARGET = 1.5
ABSOLUTE_TARGET_S = 1.0
FLAT = 0.20  # each backlog's time within ±20% of the smallest backlog's
TZ = ZoneInfo("Asia/Shanghai")  # the default showroom.timezone
UTC = ZoneInfo("UTC")
SOURCES = ("路过", "朋友介绍", "网络", "户外广告", "老带新", "电话", "")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华建国志东海燕子涵浩然欣怡"


def _utc(day: date, minutes: int) -> datetime:
    """A showroom local time (minutes after midnight of `day`) as naive UTC."""
    local = datetime.combine(day, datetime.min.time(), tzinfo=TZ) + timedelta(minutes=minutes)
    return local.astimezone(UTC).replace(tzinfo=None)


def _yuan(fen: int) -> Decimal:
    return Decimal(fen) / 100


class Year:
    """What was written, for the figures the bench prints."""

    def __init__(self, last: date, days: int = DAYS) -> None:
        self.last = last  # the last day of activity (yesterday)
        self.first = last - timedelta(days=days - 1)
        self.month_start = (last.replace(day=1) - timedelta(days=1)).replace(day=1)
        self.rows: dict[str, int] = {}
        self.overdue_followups = 0
        self.overdue_instalments = 0


def fill(path: Path, backlog: int, behind: float, seed: int = 13, days: int = DAYS,
         buildings: int = UNITS[0]) -> Year:
    """`days` of a showroom's activity (a year unless told), ending yesterday, in
    a new database at `path`: `backlog` extra follow-ups not done and due before
    the last full month, and the share `behind` of deals paying nothing after the
    deposit. Deals stop when the `buildings` run out of units (300 a building)."""
    from sqlalchemy import insert

    from desk.core.db import Database
    from desk.models import (
        Building,
        Claim,
        Complaint,
        Customer,
        FollowUp,
        Instalment,
        Payment,
        PaymentPlan,
        PrintLog,
        Project,
        Reception,
        RotationDay,
        SalesTarget,
        Unit,
        User,
        Visit,
    )

    rng = random.Random(seed)
    today = datetime.now(TZ).date()
    y = Year(today - timedelta(days=1), days)
    db = Database(f"sqlite:///{path}")
    db.migrate()
    t0 = _utc(y.first, 8 * 60)
    rows: dict[Any, list[dict[str, Any]]] = {}

    def add(model: Any, **values: Any) -> None:
        rows.setdefault(model, []).append(values)

    # Staff: an admin, the manager, a front desk and 30 sales reps (ids 4..33).
    staff = [("admin", "管理员", "admin"), ("boss", "经理", "manager"), ("desk", "前台", "front_desk")]
    staff += [(f"rep{i:02d}", f"顾问{i:02d}", "sales_rep") for i in range(1, REPS + 1)]
    for i, (login, name, role) in enumerate(staff, 1):
        add(User, id=i, login=login, name=name, role=role, password_hash="x", active=True,
            created_at=t0, failed_logins=0, locked_until=None)
    manager, front = 2, 3
    reps = list(range(4, 4 + REPS))

    add(Project, id=1, name="年度盘", seller="", presale_permit="", address="", price_rule=None,
        created_at=t0)
    nb, (nf, nu) = buildings, UNITS[1:]
    units: list[tuple[int, int]] = []  # (unit id, list price in fen)
    for b in range(1, nb + 1):
        add(Building, id=b, project_id=1, name=f"{b}栋", sort=b)
        for f in range(1, nf + 1):
            for u in range(1, nu + 1):
                uid = len(units) + 1
                area = 8000 + u * 500  # hundredths of m²
                price = area * 30_000 + f * 100_000  # fen: 30,000 yuan a m², 1,000 more a floor
                units.append((uid, price))
                add(Unit, id=uid, project_id=1, building_id=b, code=f"{b}-{f}{u:02d}",
                    entrance="", floor=f, room=f"{f}{u:02d}", layout="3室2厅2卫" if u % 2 else
                    "2室2厅1卫", orientation="南", usage="住宅", gross_area=_yuan(area),
                    inner_area=None, unit_price=Decimal(30000), list_price=_yuan(price),
                    floor_price=None, status="available", version=1, position=None)
    rng.shuffle(units)

    # Visits, each with its reception; a first visit makes a customer and a
    # follow-up. Customers: (id, owner, first day).
    customers: list[tuple[int, int, date]] = []
    cust_rows: dict[int, dict[str, Any]] = {}
    by_day: list[int] = []  # customers made by the end of each day
    visit_id = 0
    follow_id = 0
    for d in range(days):
        day = y.first + timedelta(days=d)
        recent = customers[-120 * 90:]  # who may come back: about the last 90 days'
        for _ in range(VISITS_PER_DAY):
            visit_id += 1
            at_min = rng.randint(9 * 60, 18 * 60)
            at = _utc(day, at_min)
            first = not recent or rng.random() < 0.4
            invalid = False
            if first:
                cid, rep = len(customers) + 1, rng.choice(reps)
                customers.append((cid, rep, day))
                source = rng.choice(SOURCES)
                name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2))
                phone = f"+86138{cid:08d}"
                cust_rows[cid] = dict(
                    id=cid, name=name, phone=phone, owner_id=rep, created_at=at,
                    owner_until=None, initials="", phone_tail=phone[-4:], gender="",
                    id_number_enc=None, source=source, referral_code="", grade="B",
                    wanted_layout="", wanted_area="", budget="", purpose="", notes="",
                    consent_at=at, erased_at=None, last_visit_at=at, visit_count=1,
                    consent_version=None)
                how = "override" if rng.random() < 0.02 else "turn"
                invalid = how == "turn" and rng.random() < 0.05
                owner = None
                due = day + timedelta(days=rng.randint(1, 3))
                follow_id += 1
                fate = rng.random()
                done = (None if due > y.last or fate >= 0.97
                        else _utc(due, rng.randint(600, 1080)) if fate < 0.78
                        else _utc(due + timedelta(days=rng.randint(1, 5)), 600))
                add(FollowUp, id=follow_id, customer_id=cid, rep_id=rep, due=due,
                    channel=rng.choice(("phone", "wechat", "sms", "visit")), plan="回访",
                    done_at=done, outcome="", escalated_at=None, created_at=at)
            else:
                cid, owner, _ = rng.choice(recent)
                source = cust_rows[cid]["source"]
                r = rng.random()
                how, rep = (("owner", owner) if r < 0.8 else
                            ("cover", rng.choice(reps)) if r < 0.95 else ("reopen", owner))
                cust_rows[cid]["last_visit_at"] = at
                cust_rows[cid]["visit_count"] += 1
            undone = rng.random() < 0.01
            add(Reception, id=visit_id, day=day, rep_id=rep, how=how, customer_id=cid,
                owner_id=owner, party_size=rng.randint(1, 4), arrived_at=at,
                ended_at=at + timedelta(minutes=rng.randint(15, 120)),
                state="undone" if undone else "closed", invalid=invalid, reason="")
            add(Visit, id=visit_id, customer_id=cid, kind="visit",
                visit_kind="first" if first else "return", rep_id=rep, reception_id=visit_id,
                at=at, party_size=1, source=source, grade="B", notes="", created_by=front,
                rating=(rng.choice((5, 5, 5, 4, 4, 4, 3, 2, 1)) if rng.random() < 0.3 else None))
        forfeits = {str(r): rng.randint(1, 2) for r in rng.sample(reps, rng.randint(0, 4))}
        state = {"line": reps, "forfeits": forfeits, "last_event": 0, "queue": [],
                 "reps": {str(r): {"status": "waiting", "break_kind": "", "since": "",
                                   "reception": None, "how": "", "placed": "checkin",
                                   "placed_at": ""} for r in reps}}
        add(RotationDay, day=day, state=json.dumps(state), version=1)
        by_day.append(len(customers))
    for row in cust_rows.values():
        add(Customer, **row)

    # Backlog: follow-ups never done, due before the month the reports look at.
    span = (y.month_start - y.first).days
    for _ in range(backlog):
        cid, owner, day = rng.choice(customers)
        follow_id += 1
        add(FollowUp, id=follow_id, customer_id=cid, rep_id=owner,
            due=y.first + timedelta(days=rng.randrange(span)), channel="phone", plan="回访",
            done_at=None, outcome="", escalated_at=None, created_at=_utc(day, 600))

    # Deals: about five subscriptions a day, most signed 7-20 days later.
    claim_id, contracts, receipt = 0, 0, 0
    payment_id = instalment_id = print_id = 0
    unit_iter = iter(units)
    for d in range(days):
        day = y.first + timedelta(days=d)
        known = by_day[d - 3] if d >= 3 else 0  # customers who came 3 days ago or before
        pool = customers[max(0, known - 6000):known]
        for _ in range(rng.randint(3, 7) if pool else 0):
            unit = next(unit_iter, None)
            if unit is None:
                break
            uid, list_fen = unit
            cid, rep, _ = rng.choice(pool)
            at = _utc(day, rng.randint(600, 1080))
            price = list_fen * 97 // 100
            deposit = 5_000_000
            method = rng.choices(("full", "mortgage", "instalments"), (2, 6, 2))[0]
            claim_id += 1
            sub_id = claim_id
            sign_day = day + timedelta(days=rng.randint(7, 20))
            cancel = rng.random() < 0.06
            if cancel:
                end_day = min(day + timedelta(days=rng.randint(3, 20)), y.last)
                sub = dict(state="cancelled", ended_at=_utc(end_day, 900))
            elif sign_day <= y.last:
                sub = dict(state="converted", ended_at=_utc(sign_day, 660))
            else:
                sub = dict(state="active", ended_at=None)
            add(Claim, id=sub_id, project_id=1, unit_id=uid, kind="subscription", customer_id=cid,
                rep_id=rep, created_by=rep, created_at=at, started_at=at, expires_at=None,
                price=_yuan(price), deposit=_yuan(deposit), sign_by=day + timedelta(days=20),
                payment_method=method, approved_by=None, contract_number=None, previous_id=None,
                note="", **sub)
            current, status = sub_id, "subscribed"
            deal_cancelled = cancel
            if sub["state"] == "converted":
                claim_id += 1
                contracts += 1
                number = f"HT{sign_day.year}-{contracts:05d}"
                at_c = _utc(sign_day, 660)
                later = rng.random() < 0.02
                add(Claim, id=claim_id, project_id=1, unit_id=uid, kind="contract",
                    state="cancelled" if later else "active", customer_id=cid, rep_id=rep,
                    created_by=rep, created_at=at_c, started_at=at_c, expires_at=None,
                    price=_yuan(price), deposit=None, sign_by=None, payment_method=method,
                    approved_by=None, contract_number=number, previous_id=sub_id,
                    ended_at=_utc(y.last, 900) if later else None, note="")
                current, status, deal_cancelled = claim_id, "signed", later
                voided = rng.random() < 0.02
                print_id += 1
                add(PrintLog, id=print_id, at=at_c, actor_id=rep, kind="contract", ref=number,
                    copy_no=1, voided=voided, reason="打错" if voided else "")
                if voided:
                    print_id += 1
                    add(PrintLog, id=print_id, at=at_c, actor_id=rep, kind="contract",
                        ref=number, copy_no=2, voided=False, reason="")
            if deal_cancelled:
                status = "available"
            rows[Unit][uid - 1]["status"] = status

            # The schedule, and the payments of what fell due.
            add(PaymentPlan, deal_id=sub_id, project_id=1, claim_id=current, began_on=day)
            rest = price - deposit
            down = price * 30 // 100 - deposit
            plan = [("deposit", "定金", day, deposit),
                    ("down_payment", "首付款", day + timedelta(days=20), down)]
            loan = rest - down
            if method == "full":
                plan.append(("balance", "房款余额", day + timedelta(days=60), loan))
            elif method == "mortgage":
                plan.append(("mortgage", "按揭放款", day + timedelta(days=75), loan))
            else:
                each = loan // 12
                for k in range(1, 13):
                    plan.append(("instalment", f"第{k}期", day + timedelta(days=30 * k),
                                 each if k < 12 else loan - each * 11))
            lagging = rng.random() < behind
            for seq, (kind, item, due_on, fen) in enumerate(plan, 1):
                instalment_id += 1
                add(Instalment, id=instalment_id, deal_id=sub_id, seq=seq, kind=kind, item=item,
                    due_on=due_on, amount=_yuan(fen))
                paid_on = due_on + timedelta(days=rng.randint(-3, 10)) if seq > 1 else day
                if paid_on > y.last or (seq > 1 and (lagging or deal_cancelled)):
                    if due_on < y.month_start and seq > 1 and not deal_cancelled:
                        y.overdue_instalments += 1
                    continue
                payment_id += 1
                receipt += 1
                void = rng.random() < 0.005
                add(Payment, id=payment_id, project_id=1, deal_id=sub_id,
                    claim_id=sub_id if seq == 1 else current, kind="payment",
                    amount=_yuan(fen), received_on=paid_on,
                    means=rng.choice(("transfer", "card", "pos")),
                    receipt_no=f"SK{paid_on.year}-{receipt:06d}", operator_id=front,
                    at=_utc(paid_on, 700), note="", reason="",
                    voided_at=_utc(paid_on, 800) if void else None,
                    voided_by=manager if void else None, void_reason="录错" if void else "")
            if cancel:
                payment_id += 1
                end_day = min(day + timedelta(days=25), y.last)
                add(Payment, id=payment_id, project_id=1, deal_id=sub_id, claim_id=sub_id,
                    kind="refund", amount=_yuan(-deposit), received_on=end_day, means="transfer",
                    receipt_no=None, operator_id=front, at=_utc(end_day, 700), note="",
                    reason="退订", voided_at=None, voided_by=None, void_reason="")

    # Complaints and suggestions, two a day; most answered within the limit.
    for n in range(days * 2):
        day = y.first + timedelta(days=n // 2)
        at = _utc(day, rng.randint(600, 1080))
        due_at = at + timedelta(days=2)
        r = rng.random()
        answered = (at + timedelta(hours=rng.randint(1, 40)) if r < 0.85 else
                    at + timedelta(days=rng.randint(3, 6)) if r < 0.95 else None)
        resolved = at + timedelta(days=3) if answered and rng.random() < 0.8 else None
        if resolved and resolved.date() > y.last:
            resolved = None
        complaint = rng.random() < 0.7
        add(Complaint, id=n + 1, kind="complaint" if complaint else "suggestion", received_at=at,
            channel=rng.choice(("visit", "phone", "letter", "online")),
            customer_id=rng.choice(customers)[0], contact_name="",
            rep_concerned_id=rng.choice(reps) if complaint and rng.random() < 0.8 else None,
            description="……", handler_id=manager, due_at=due_at, first_response_at=answered,
            response="已回复" if answered else "", resolution="已处理" if resolved else "",
            resolved_at=resolved,
            satisfaction=rng.choice((5, 5, 4, 4, 4, 3, 2)) if resolved else None,
            created_by=front)

    # Monthly targets: each rep's and the team's.
    first_month, tid = y.first.replace(day=1), 0
    while first_month <= y.last:
        for who in (None, *reps):
            tid += 1
            k = REPS if who is None else 1
            add(SalesTarget, id=tid, month=first_month, rep_id=who,
                signed_amount=Decimal(3_000_000 * k), units=2 * k,
                collection=Decimal(2_500_000 * k), set_by=manager, set_at=t0)
        first_month = (first_month + timedelta(days=32)).replace(day=1)

    order = (User, Project, Building, Unit, Customer, Reception, Visit, FollowUp, Claim,
             PrintLog, PaymentPlan, Instalment, Payment, Complaint, RotationDay, SalesTarget)
    with db.engine.begin() as conn:
        for model in order:
            batch = rows.get(model, [])
            for i in range(0, len(batch), 20_000):
                conn.execute(insert(model), batch[i:i + 20_000])
            y.rows[model.__tablename__] = len(batch)
    # No ANALYZE: the application never runs it, so a showroom's file has no
    # planner statistics either.
    y.overdue_followups = sum(
        1 for f in rows[FollowUp] if f["done_at"] is None and f["due"] < y.month_start)
    db.dispose()
    return y


# --- timing -----------------------------------------------------------------------------


def _capture(db: Any, work: Callable[[Any], object]) -> list[tuple[str, Any]]:
    """Every statement `work(uow)` sends, with its parameters as sent."""
    from sqlalchemy import event

    sent: list[tuple[str, Any]] = []

    def keep(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
             executemany: bool) -> None:
        sent.append((statement, parameters))

    with db.read() as uow:
        uow.connection()  # BEGIN before listening: the transaction is not the report's
        event.listen(db.engine, "before_cursor_execute", keep)
        try:
            work(uow)
        finally:
            event.remove(db.engine, "before_cursor_execute", keep)
    return sent


def _replay(statements: list[tuple[str, Any]]) -> Callable[[Any], object]:
    def run(uow: Any) -> object:
        cur = uow.connection().connection.driver_connection.cursor()
        for sql, params in statements:
            cur.execute(sql, params).fetchall()
        cur.close()
        return None
    return run


def _timed(db: Any, work: Callable[[Any], object]) -> float:
    """Seconds `work(uow)` takes inside an open read transaction."""
    with db.read() as uow:
        uow.connection()
        t = time.perf_counter()
        work(uow)
        return time.perf_counter() - t


REPORTS = ("reps", "quality")
# Samples a round: the reps report takes tens of ms, so noise from the rest of
# the machine needs more of them to even out.
REPEAT = {"reps": 4, "quality": 1}


Work = Callable[[Any], object]


def _prepare(path: Path, y: Year) -> tuple[Any, dict[str, tuple[Work, Work, int]]]:
    """The database and, per report: the build, its statements replayed raw,
    and how many statements it sends."""
    from desk.admin import auth
    from desk.core.db import Database
    from desk.reporting.periods import month
    from desk.reporting.registry import reports

    db = Database(f"sqlite:///{path}")
    with db.read() as uow:
        actor = auth.get_actor(uow, "boss")
    period = month(y.month_start)
    out: dict[str, tuple[Work, Work, int]] = {}
    for name in REPORTS:
        build = reports()[name].build

        def ours(uow: Any, build: Any = build) -> object:
            return build(uow, actor, period, None)

        _timed(db, ours)  # warm: imports, compiled-statement cache, pages in memory
        statements = _capture(db, ours)
        bare = _replay(statements)
        _timed(db, bare)
        out[name] = (ours, bare, len(statements))
    return db, out


def run(rounds: int = 11) -> list[dict]:
    tmp = Path(tempfile.mkdtemp(prefix="desk-bench-reports-"))
    years: list[tuple[Path, Year]] = []
    for backlog, behind in BACKLOGS:
        path = tmp / f"year-{backlog}.sqlite3"
        t = time.perf_counter()
        y = fill(path, backlog, behind)
        if not years:
            print(f"one year {y.first} … {y.last}: " + ", ".join(
                f"{n:,} {k}" for k, n in y.rows.items() if n >= 1000)
                + f"; reports on {y.month_start:%Y-%m}")
        print(f"backlog: {y.overdue_followups:,} follow-ups not done and "
              f"{y.overdue_instalments:,} instalments unpaid, due before the month "
              f"(file written in {time.perf_counter() - t:.1f}s)")
        years.append((path, y))

    # The backlogs are measured in turns, each report against its SQL alone, so
    # that machine noise hits every figure alike.
    prepared = [_prepare(path, y) for path, y in years]
    samples: dict[tuple[int, str], tuple[list[float], list[float]]] = {
        (k, name): ([], []) for k in range(len(years)) for name in REPORTS}
    for _ in range(rounds):
        for k, (db, works) in enumerate(prepared):
            for name, (ours, bare, _n) in works.items():
                for _ in range(REPEAT[name]):
                    samples[k, name][0].append(_timed(db, ours))
                    samples[k, name][1].append(_timed(db, bare))
    for db, _works in prepared:
        db.dispose()
    shutil.rmtree(tmp, ignore_errors=True)  # three files of a year each

    results: list[dict] = []
    med: dict[tuple[int, str], tuple[float, float]] = {}
    for k, (_path, y) in enumerate(years):
        for name in REPORTS:
            mine, base = (statistics.median(x) for x in samples[k, name])
            med[k, name] = (mine, base)
            ok = "OK" if mine <= ABSOLUTE_TARGET_S else "OVER TARGET"
            results.append(report(
                f"{name} report of {y.month_start:%Y-%m} (backlog {y.overdue_followups:,} "
                f"follow-ups) vs its {prepared[k][1][name][2]} statements replayed raw", mine,
                base, RATIO_TARGET, unit="ms", extra=f"; absolute {mine * 1000:.0f}ms (target ≤ "
                f"{ABSOLUTE_TARGET_S * 1000:.0f}ms) {ok}"))

    print(f"{'follow-ups':>11} {'instalments':>11} {'reps ms':>8} {'SQL ms':>7} "
          f"{'quality ms':>10} {'SQL ms':>7}")
    for k, (_path, y) in enumerate(years):
        (ro, rb), (qo, qb) = med[k, "reps"], med[k, "quality"]
        print(f"{y.overdue_followups:>11,} {y.overdue_instalments:>11,} {ro * 1000:>8.1f} "
              f"{rb * 1000:>7.1f} {qo * 1000:>10.1f} {qb * 1000:>7.1f}")
    for name in REPORTS:
        first = med[0, name][0]
        times = [med[k, name][0] for k in range(len(years))]
        spread = [t / first - 1 for t in times]
        flat = all(abs(x) <= FLAT for x in spread)
        print(f"{name}: " + ", ".join(f"{x:+.0%}" for x in spread)
              + f" against the smallest backlog (target within ±{FLAT:.0%}) "
              + ("OK" if flat else "OVER TARGET"))
        results.append({"name": f"{name} report as the overdue backlog grows",
                        "ours": max(times), "baseline": first, "ratio": max(times) / first,
                        "target": 1 + FLAT})
    return results


if __name__ == "__main__":
    run()
