"""A small showroom with a known week and a half of business, made through the
services at chosen showroom times (Asia/Shanghai, UTC+8), for the diary,
sources and inventory reports.

Units (list price; the floor price is 0.9 of it and must never show):
  1栋 1-101 3室2厅2卫 1,000,000   1-102 2室2厅1卫 800,000
      1-201 3室2厅2卫 1,100,000   1-202 2室2厅1卫 850,000
  2栋 2-101 3室2厅2卫 1,200,000   2-102 (no layout) 500,000   2-201 2室2厅1卫 900,000

Customers: A 路过, B 电话咨询 (a call), C and D 朋友介绍, E 电话咨询 (a call),
G never registered (no source).

  03-25 10:00  A's first visit ........................ (before both periods)
  03-27 10:00  B calls
  03-28 11:00  hold 1-101 for A; 11:05 A subscribes 1-101 (1,000,000, deposit 50,000)
  03-29 15:00  A pays 50,000
  03-30 10:00  A returns (路过); C's first visit
  03-31 23:30  D's first visit (15:30 UTC: still 03-31 in the showroom)
  04-01 00:30  E calls (03-31 16:30 UTC: 04-01 in the showroom)
  04-01 10:00  1-101 signed; C subscribes 1-102 (800,000 / 30,000);
               D subscribes 2-101 (1,200,000 / 60,000)
  04-01 11:00  A pays 200,000; C pays 30,000 (voided at 11:30); D pays 60,000
  04-02 10:00  C's deal moves 1-102 → 1-202 (850,000); D cancels 2-101, refunded 60,000;
               hold 2-102 for E; G subscribes 1-201 (1,100,000 / 50,000);
               A pays 100,000; 2-201 withheld
  04-03 10:00  H's first visit (after the period)
The clock is left at 04-02 10:10, while the hold on 2-102 still runs. A's visit
of 03-25 falls before the previous period and makes A's 03-30 visit a return.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from desk.admin import auth, projects
from desk.core.db import Database
from desk.demo import showroom as demo
from desk.reporting.periods import Period
from desk.sales import claims, payments, units
from desk.sales.pricelist import ImportReport, ParsedUnit, apply
from desk.visitors import visitors
from desk.visitors.visitors import VisitForm
from tests.conftest import actor

# The case's period (it spans the end of March) and the one before it.
PERIOD = Period(date(2026, 3, 30), date(2026, 4, 2))
PREVIOUS = Period(date(2026, 3, 26), date(2026, 3, 29))
PHONES = {"A": "13800000001", "B": "13800000002", "C": "13800000003", "D": "13800000004",
          "E": "13800000005", "G": "13800000007", "H": "13800000008"}
UNITS = [  # building, code, layout, list price
    ("1栋", "1-101", "3室2厅2卫", "1000000"), ("1栋", "1-102", "2室2厅1卫", "800000"),
    ("1栋", "1-201", "3室2厅2卫", "1100000"), ("1栋", "1-202", "2室2厅1卫", "850000"),
    ("2栋", "2-101", "3室2厅2卫", "1200000"), ("2栋", "2-102", "", "500000"),
    ("2栋", "2-201", "2室2厅1卫", "900000"),
]
SHANGHAI = timedelta(hours=8)


def travel(db: Database, local: datetime) -> None:
    """Move the database clock so that now is `local` showroom time."""
    db.clock_offset = timedelta(0)
    with db.read() as s:
        real = s.now
    db.clock_offset = (local - SHANGHAI) - real


def showroom(db: Database) -> int:
    """The staff, the project and its seven units; the project's id."""
    with db.begin() as s:
        for login, name, role in demo.DEMO_USERS:
            auth.create_user(s, None, login, name, role, demo.DEMO_PASSWORD)
        p = projects.create_project(s, None, "翠湖天地", "翠湖置业", "深房许字（2026）1号")
        rows = []
        for n, (building, code, layout, price) in enumerate(UNITS, 1):
            floor, room = int(code[2]), code[2:]
            rows.append(ParsedUnit(
                row=n, building=building, entrance="", floor=floor, room=room, code=code,
                layout=layout, orientation="南", usage="住宅", gross_area=Decimal("100.00"),
                inner_area=None, unit_price=Decimal(price) / 100, list_price=Decimal(price),
                floor_price=Decimal(price) * Decimal("0.9")))
        apply(s, auth.OPERATOR, p.id, rows, ImportReport())
        return p.id


def visit(db: Database, who: str, source: str, kind: str = "visit", phone: str = "") -> None:
    with db.begin() as s:
        visitors.register(s, actor(db, "frontdesk"), VisitForm(
            name=f"客户{who}", phone=phone or PHONES[who], source=source, grade="B",
            rep_login="lina", kind=kind, consent=True))


def subscribe(db: Database, pid: int, code: str, who: str, price: str, deposit: str) -> None:
    with db.begin() as s:
        claims.subscribe(s, actor(db, "manager"), pid, code, customer_phone=PHONES[who],
                         customer_name=f"客户{who}", deposit=deposit, agreed_price=price,
                         rep_login="lina")


def pay(db: Database, pid: int, code: str, amount: str) -> int:
    with db.begin() as s:
        return payments.record_for_unit(s, actor(db, "manager"), pid, code, amount,
                                        force=True).payment_id


def hold(db: Database, pid: int, code: str, who: str) -> None:
    with db.begin() as s:
        claims.hold(s, actor(db, "manager"), pid, code, customer_phone=PHONES[who],
                    customer_name=f"客户{who}", rep_login="lina")


def at(db: Database, month: int, day: int, hour: int, minute: int = 0) -> None:
    travel(db, datetime(2026, month, day, hour, minute))


def case(db: Database) -> int:
    """The whole timeline above; the project's id."""
    pid = showroom(db)
    at(db, 3, 25, 10)
    visit(db, "A", "路过")
    at(db, 3, 27, 10)
    visit(db, "B", "电话咨询", kind="call")
    at(db, 3, 28, 11)
    hold(db, pid, "1-101", "A")
    at(db, 3, 28, 11, 5)
    subscribe(db, pid, "1-101", "A", "1000000", "50000")
    at(db, 3, 29, 15)
    pay(db, pid, "1-101", "50000")
    at(db, 3, 30, 10)
    visit(db, "A", "路过")
    visit(db, "C", "朋友介绍")
    at(db, 3, 31, 23, 30)
    visit(db, "D", "朋友介绍")
    at(db, 4, 1, 0, 30)
    visit(db, "E", "电话咨询", kind="call")
    at(db, 4, 1, 10)
    with db.begin() as s:
        claims.contract(s, actor(db, "manager"), pid, "1-101")
    subscribe(db, pid, "1-102", "C", "800000", "30000")
    subscribe(db, pid, "2-101", "D", "1200000", "60000")
    at(db, 4, 1, 11)
    pay(db, pid, "1-101", "200000")
    wrong = pay(db, pid, "1-102", "30000")
    pay(db, pid, "2-101", "60000")
    at(db, 4, 1, 11, 30)
    with db.begin() as s:
        payments.void(s, actor(db, "manager"), wrong, "录错了")
    at(db, 4, 3, 10)  # after the period: in no figure of it
    visit(db, "H", "路过")
    at(db, 4, 2, 10)
    with db.begin() as s:
        m = actor(db, "manager")
        claims.change_unit(s, m, pid, "1-102", "1-202", reason="客户想换")
        claims.cancel(s, m, pid, "2-101", reason="资金不足")
    with db.begin() as s:
        payments.refund_for_unit(s, actor(db, "manager"), pid, "2-101", "60000", reason="退订")
    hold(db, pid, "2-102", "E")
    subscribe(db, pid, "1-201", "G", "1100000", "50000")
    pay(db, pid, "1-101", "100000")
    with db.begin() as s:
        units.withhold(s, actor(db, "manager"), pid, "2-201", reason="保留")
    at(db, 4, 2, 10, 10)
    return pid
