"""Every figure of the reports on the hand-built scenario (tests/reporting/
scenario.py), counted by hand from the scenario's story and written out here:
the same numbers from the services, `desk report … --json`, the spreadsheet
(read back cell by cell), the PDF's text and the Reports screen, on SQLite and
PostgreSQL."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desk.core.db import Database
from desk.reporting import registry
from desk.reporting.model import Kind, Report, as_json
from desk.reporting.periods import Period, month
from tests.cli.test_cli import run
from tests.conftest import actor, settle
from tests.reporting import scenario

SEP, OCT = month(date(2026, 9, 1)), month(date(2026, 10, 1))
D = "0.00"


def _counts(*rows: tuple[str, str, int | str, int | str, str | None]) -> list[dict[str, Any]]:
    return [{"key": k, "item": i, "current": c, "previous": p, "change": ch}
            for k, i, c, p, ch in rows]


def _by_day(period: Period, days: dict[int, tuple[int, int, int, int, int, str, str]]
            ) -> list[dict[str, Any]]:
    """One row a day: calls, first, return, subscriptions, contracts, contract
    amount, payments received (zeros where `days` says nothing)."""
    out = []
    for d in period.dates():
        c, f, r, s, k, amount, paid = days.get(d.day, (0, 0, 0, 0, 0, D, D))
        out.append({"day": d.isoformat(), "calls": c, "first_visits": f, "return_visits": r,
                    "subscriptions": s, "contracts": k, "contract_amount": amount,
                    "payments_received": paid})
    return out


# --- daily ------------------------------------------------------------------------

DAILY = {
    OCT: {
        "counts": _counts(
            ("calls", "来电", 2, 1, "1.0000"),  # C16 10-03, C17 10-24 / C4
            ("first_visits", "首访", 7, 7, "0.0000"),  # v11 v12 v14 v15 v17 v18 v19
            ("return_visits", "复访", 2, 3, "-0.3333"),  # v13 v16 / v4 v5 v9
            ("holds", "预留", 1, 2, "-0.5000"),  # 1-302 / 2-102 1-301
            # S4 S5 S6 S7 / S2 S1 S3 S8: the claim a change of unit makes is no new
            # subscription (it is the unit change below, and its deposit was paid once)
            ("subscriptions", "认购", 4, 4, "0.0000"),
            ("contracts", "签约", 3, 2, "0.5000"),  # K8 K5 K6 / K1 K2
            ("cancellations", "退订", 2, 0, None),  # S3, K6
            ("unit_changes", "换房", 1, 0, None)),
        "money": _counts(
            ("subscription_amount", "认购金额", "4070000.00", "3990000.00", "0.0201"),
            ("contract_amount", "签约金额", "2800000.00", "2190000.00", "0.2785"),
            # agreed: S4 50,000 S5 20,000 S6 30,000 S7 20,000 / S2 30,000 S1 50,000
            # S3 20,000 S8 30,000; each paid the day it was agreed, and no other payment
            # went to a deposit (D1 D2 D5 D8 paid theirs first; S3's refund is a refund)
            ("subscription_deposits", "认购定金", "120000.00", "130000.00", "-0.0769"),
            ("deposits_received", "收定金", "120000.00", "130000.00", "-0.0769"),
            ("payments_received", "回款", "1930000.00", "940000.00", "1.0532"),
            ("refunds", "退款", "20000.00", D, None)),
        "by_day": _by_day(OCT, {
            2: (0, 0, 0, 0, 1, "1000000.00", D),
            3: (1, 2, 0, 0, 0, D, D),
            5: (0, 0, 0, 0, 0, D, "460000.00"),
            10: (0, 2, 1, 1, 0, D, "50000.00"),
            12: (0, 0, 0, 0, 0, D, "970000.00"),
            15: (0, 0, 0, 1, 0, D, "20000.00"),
            17: (0, 1, 1, 1, 0, D, "30000.00"),
            20: (0, 0, 0, 0, 1, "800000.00", D),
            22: (0, 0, 0, 0, 1, "1000000.00", D),
            24: (1, 2, 0, 1, 0, D, "20000.00"),
            27: (0, 0, 0, 0, 0, D, "380000.00")}),
    },
    SEP: {
        "counts": _counts(
            ("calls", "来电", 1, 0, None),
            ("first_visits", "首访", 7, 0, None),  # v1 v2 v3 v6 v7 v8 v10
            ("return_visits", "复访", 3, 0, None),
            ("holds", "预留", 2, 0, None),
            ("subscriptions", "认购", 4, 0, None),  # S2 S1 S3 S8
            ("contracts", "签约", 2, 0, None),
            ("cancellations", "退订", 0, 0, None),
            ("unit_changes", "换房", 0, 0, None)),
        "money": _counts(
            ("subscription_amount", "认购金额", "3990000.00", D, None),
            ("contract_amount", "签约金额", "2190000.00", D, None),
            ("subscription_deposits", "认购定金", "130000.00", D, None),
            ("deposits_received", "收定金", "130000.00", D, None),
            ("payments_received", "回款", "940000.00", D, None),
            ("refunds", "退款", D, D, None)),
        "by_day": _by_day(SEP, {
            5: (1, 3, 0, 1, 0, D, "30000.00"),
            12: (0, 1, 2, 2, 0, D, "70000.00"),
            15: (0, 0, 0, 0, 1, "1200000.00", D),
            19: (0, 2, 0, 0, 0, D, D),
            20: (0, 0, 0, 0, 1, "990000.00", D),
            21: (0, 0, 0, 0, 0, D, "310000.00"),
            26: (0, 1, 1, 1, 0, D, "30000.00"),
            29: (0, 0, 0, 0, 0, D, "500000.00")}),
    },
}


# --- sources ----------------------------------------------------------------------

def _source(name: str, visits: int, first: int, subs: int, contracts: int, amount: str,
            conversion: str | None) -> dict[str, Any]:
    return {"source": name, "visits": visits, "first_visits": first, "subscriptions": subs,
            "contracts": contracts, "contract_amount": amount, "conversion": conversion}


SOURCES = {
    OCT: ([_source("路过", 4, 4, 2, 1, "800000.00", "0.5000"),  # v12 v14 v18 v19; S5 S7; K5
           _source("网络广告", 3, 2, 1, 1, "1000000.00", "0.5000"),  # v11 v13 v17; S4; K8
           _source("朋友介绍", 2, 1, 1, 1, "1000000.00", "1.0000")],  # v15 v16; S6; K6
          _source("", 9, 7, 4, 3, "2800000.00", "0.5714")),
    SEP: ([_source("路过", 5, 4, 1, 1, "1200000.00", "0.2500"),  # v1 v4 v7 v8 v10; S1; K1
           _source("网络广告", 3, 1, 1, 0, D, "1.0000"),  # v3 v5 v9; S8
           _source("朋友介绍", 2, 2, 2, 1, "990000.00", "1.0000")],  # v2 v6; S2 S3; K2
          _source("", 10, 7, 4, 2, "2190000.00", "0.5714")),
}


# --- inventory (status now; as it happens, two sold in each month on each building) ----

def _stock(name: str, units: int, available: int, held: int, subscribed: int, signed: int,
           withheld: int, sell_through: str, sold_amount: str, for_sale: str, in_period: int,
           key: str) -> dict[str, Any]:
    return {key: name, "units": units, "available": available, "held": held,
            "subscribed": subscribed, "signed": signed, "withheld": withheld,
            "sold": subscribed + signed, "sell_through": sell_through,
            "sold_amount": sold_amount, "for_sale_amount": for_sale,
            "sold_in_period": in_period}


def _inventory() -> dict[str, tuple[list[dict[str, Any]], dict[str, Any]]]:
    b, la = "building", "layout"
    return {
        # 1栋: 101 K1, 102 K5, 201 withheld, 202 free, 301 free, 302 S7 (790,000)
        # 2栋: 101 free, 102 K2 (990,000), 201 S4' (1,480,000), 202 K8, 301 held, 302 free
        "by_building": (
            [_stock("1栋", 6, 2, 0, 1, 2, 1, "0.6000", "2790000.00", "2000000.00",
                    2, b),  # Oct: S5 S7; Sep: S1 S3
             _stock("2栋", 6, 2, 1, 1, 2, 0, "0.5000", "3470000.00", "4000000.00",
                    2, b)],  # Oct: S4 S6; Sep: S2 S8
            _stock("", 12, 4, 1, 2, 4, 1, "0.5455", "6260000.00", "6000000.00", 4, b)),
        "by_layout": (
            [_stock(scenario.TWO, 6, 2, 0, 1, 3, 0, "0.6667", "3580000.00", "1800000.00",
                    3, la),  # Oct: S5 S7 S6; Sep: S3 S2 S8
             _stock(scenario.THREE, 6, 2, 1, 1, 1, 1, "0.4000", "2680000.00", "4200000.00",
                    1, la)],  # Oct: S4 (on 2-101); Sep: S1
            _stock("", 12, 4, 1, 2, 4, 1, "0.5455", "6260000.00", "6000000.00", 4, la)),
    }


# --- quality: (key, goal, actual, numerator, denominator, met) ------------------------

OK, NOT = "✓ 达标", "✗ 未达标"
QUALITY = {
    # Oct due (live deals): D8 970,000; D4 50,000 + 394,000; D5 20,000 + 380,000;
    # D7 20,000 = 1,834,000; paid by 10-31 on them: all but D4's 394,000.
    OCT: [("collection", "0.9800", "0.7852", "1440000", "1834000", NOT),
          ("contract_accuracy", "1.0000", "1.0000", "3", "3", OK),
          ("satisfaction", "0.9800", "0.7000", "7", "10", NOT),  # 9 visit ratings + Q3
          ("units_accuracy", "1.0000", "1.0000", "4", "4", OK),  # 2-101 1-102 2-302 1-302
          ("feedback_timeliness", "1.0000", "0.5000", "1", "2", NOT)],
    # Sep due: D1 50,000 + 310,000; D2 30,000 + 960,000; D8 30,000 = 1,380,000;
    # paid by 09-30: all but 460,000 of D2's balance.
    SEP: [("collection", "0.9800", "0.6667", "920000", "1380000", NOT),
          ("contract_accuracy", "1.0000", "1.0000", "2", "2", OK),
          ("satisfaction", "0.9800", "0.7778", "7", "9", NOT),  # 8 visit ratings + Q1
          ("units_accuracy", "1.0000", "1.0000", "4", "4", OK),
          ("feedback_timeliness", "1.0000", "1.0000", "1", "1", OK)],
}


# --- collection ----------------------------------------------------------------------

def _rep_money(rep: str, due: str, collected: str, rate: str | None, received: str,
               target: str | None, target_rate: str | None) -> dict[str, Any]:
    return {"rep": rep, "due": due, "collected": collected, "rate": rate,
            "received": received, "target": target, "target_rate": target_rate}


# collected: what the payments by the month's end paid of the instalments due in
# it (the quality report's collection figures); received: all money in the month.
COLLECTION = {
    OCT: {
        "summary": [{"due": "1834000.00", "collected": "1440000.00", "rate": "0.7852",
                     "received": "1930000.00", "refunds": "20000.00",
                     "target": "2000000.00", "target_rate": "0.9650"}],
        # L: D4 50,000 + 394,000 due, the deposit paid. Z: D5 20,000 + 380,000 and D7
        # 20,000, all paid; received also D2's 460,000 (due in Sep). W: D8 970,000
        # paid; received also S6's 30,000 (cancelled since). Y: nothing due.
        "by_rep": [_rep_money("李娜", "444000.00", "50000.00", "0.1126", "50000.00",
                              "500000.00", "0.1000"),
                   _rep_money("张伟", "420000.00", "420000.00", "1.0000", "880000.00",
                              "600000.00", "1.4667"),
                   _rep_money("王芳", "970000.00", "970000.00", "1.0000", "1000000.00",
                              "500000.00", "2.0000"),
                   _rep_money("刘洋", D, D, None, D, "400000.00", "0.0000")],
        "overdue": [{"unit": "2-201", "customer": "吴六奇", "rep": "李娜",
                     "item": "首付款余额（首付 30%）", "due_on": "2026-10-24",
                     "outstanding": "394000.00", "days": 7}],
    },
    SEP: {
        "summary": [{"due": "1380000.00", "collected": "920000.00", "rate": "0.6667",
                     "received": "940000.00", "refunds": D,
                     "target": "1000000.00", "target_rate": "0.9400"}],
        # L: D1 50,000 + 310,000, paid. Z: D2 30,000 + 960,000, 530,000 paid by 09-30.
        # W: D8's deposit 30,000. Y: S3 cancelled, nothing due; its 20,000 received.
        "by_rep": [_rep_money("李娜", "360000.00", "360000.00", "1.0000", "360000.00",
                              None, None),
                   _rep_money("张伟", "990000.00", "530000.00", "0.5354", "530000.00",
                              None, None),
                   _rep_money("王芳", "30000.00", "30000.00", "1.0000", "30000.00", None, None),
                   _rep_money("刘洋", D, D, None, "20000.00", None, None)],
        "overdue": [{"unit": "2-102", "customer": "钱二宝", "rep": "张伟", "item": "房款余额",
                     "due_on": "2026-09-27", "outstanding": "460000.00", "days": 3}],
    },
}


# --- reps ---------------------------------------------------------------------------

REP_KEYS = ("rep", "receptions", "first", "return", "covering", "invalid", "forfeited",
            "avg_minutes", "conversion", "followups_on_time", "followups_overdue", "complaints",
            "satisfaction", "signed_amount", "signed_target", "collected", "collection_target")


def _reps(*rows: tuple[Any, ...]) -> dict[str, dict[str, Any]]:
    return {r[0]: dict(zip(REP_KEYS, r, strict=True)) for r in rows}


# first / return: the visits each rep registered (as the daily report counts
# them); conversion: new subscriptions ÷ those first visits; the other counts and
# the minutes are the receptions'.
REPS = {
    OCT: _reps(
        # L: v11 turn 30 (first), v13 owner 30 (return); S4 ÷ 1 first; F5 on time;
        # v11 5 v13 4
        ("李娜", 2, 1, 1, 0, 0, 0, "30.0", "1.0000", 1, 0, 0, "1.0000", D, "1000000.00",
         "50000.00", "500000.00"),
        # Z: v12 30, v14 30, v18 30, v19 26 (all turns, all first); S5 S7 ÷ 4; K5;
        # ratings 4 3 5 3
        ("张伟", 4, 4, 0, 0, 0, 0, "29.0", "0.5000", 0, 0, 0, "0.5000", "800000.00",
         "800000.00", "880000.00", "600000.00"),
        # W: invalid 5, v15 turn 30 (first), v16 owner 30 (return); S6 ÷ 1; K8 K6;
        # F3 never done; 5 4
        ("王芳", 3, 1, 1, 0, 1, 0, "21.7", "1.0000", 0, 1, 0, "1.0000", "2000000.00",
         "800000.00", "1000000.00", "500000.00"),
        # Y: v17 turn 40 (first); no sale ÷ 1; forfeit 10-24; F4 on time; Q2; v17 rated 2
        ("刘洋", 1, 1, 0, 0, 0, 1, "40.0", "0.0000", 1, 0, 1, "0.0000", D, "1000000.00",
         D, "400000.00")),
    SEP: _reps(
        # L: v1 turn 30, v4 owner 36, v5 cover 30, v7 turn 30; first v1 v7, return
        # v4 v5 (C3, whom L covered for W, registered by L); S1 ÷ 2; K1; F1; 5 5 4
        ("李娜", 4, 2, 2, 1, 0, 0, "31.5", "0.5000", 1, 0, 0, "1.0000", "1200000.00", None,
         "360000.00", None),
        # Z: v2 turn 20, v8 turn 15 (both first); forfeit 09-12; S2 ÷ 2; K2; F2 late;
        # Q1 (★4); v2 4
        ("张伟", 2, 2, 0, 0, 0, 1, "17.5", "0.5000", 0, 1, 1, "1.0000", "990000.00", None,
         "530000.00", None),
        # W: invalid 10, v3 turn 45 (first), v9 owner 30 (return); S8 ÷ 1; ratings 3 4
        ("王芳", 3, 1, 1, 0, 1, 0, "28.3", "1.0000", 0, 0, 0, "0.5000", D, None,
         "30000.00", None),
        # Y: v6 turn 30, v10 turn 35 (both first); S3 ÷ 2; ratings 2 5
        ("刘洋", 2, 2, 0, 0, 0, 0, "32.5", "0.5000", 0, 0, 0, "0.5000", D, None,
         "20000.00", None)),
}

# scope, signed, signed target, rate, units, units target, rate, collected, target, rate
TEAM_TARGETS = {
    OCT: ("2800000.00", "3000000.00", "0.9333", 3, 3, "1.0000", "1930000.00", "2000000.00",
          "0.9650"),
    SEP: ("2190000.00", "2000000.00", "1.0950", 2, 2, "1.0000", "940000.00", "1000000.00",
          "0.9400"),
}
REP_TARGETS_OCT = {
    "李娜": (D, "1000000.00", "0.0000", 0, 1, "0.0000", "50000.00", "500000.00", "0.1000"),
    "张伟": ("800000.00", "800000.00", "1.0000", 1, 1, "1.0000", "880000.00", "600000.00",
           "1.4667"),
    "王芳": ("2000000.00", "800000.00", "2.5000", 2, 1, "2.0000", "1000000.00", "500000.00",
           "2.0000"),
    "刘洋": (D, "1000000.00", "0.0000", 0, 1, "0.0000", D, "400000.00", "0.0000"),
}
TARGET_KEYS = ("signed_amount", "signed_target", "signed_rate", "units", "units_target",
               "units_rate", "collected", "collection_target", "collection_rate")


# --- the expected JSON, as a report prints it -------------------------------------------

def expected(name: str, period: Period) -> dict[str, Any]:
    """The tables of `desk report NAME --json` whose every figure is written out
    above (the quality, reps and targets tables are compared by `check_*`)."""
    if name == "daily":
        return {k: {"rows": v} for k, v in DAILY[period].items()}
    if name == "sources":
        rows, total = SOURCES[period]
        return {"sources": {"rows": rows, "total": total}}
    if name == "inventory":
        return {k: {"rows": rows, "total": total}
                for k, (rows, total) in _inventory().items()}
    if name == "collection":
        return {k: {"rows": v} for k, v in COLLECTION[period].items()}
    raise KeyError(name)


def _without(d: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in keys}


def check(name: str, period: Period, got: dict[str, Any]) -> None:
    """`got` is a report's JSON; each table is compared as a whole."""
    assert got["report"] == name
    assert (got["from"], got["to"]) == (period.start.isoformat(), period.end.isoformat())
    tables = got["tables"]
    if name == "quality":
        check_quality(period, tables)
        return
    if name == "reps":
        check_reps(period, tables)
        return
    for key, want in expected(name, period).items():
        have = tables[key]
        if name == "collection" and key == "by_rep":  # no order is promised
            assert sorted(have["rows"], key=lambda r: r["rep"]) == \
                sorted(want["rows"], key=lambda r: r["rep"]), key
            continue
        assert have["rows"] == want["rows"], (name, key)
        if "total" in want:
            label = {"sources": "source", "by_building": "building", "by_layout": "layout"}[key]
            assert _without(have["total"], label) == _without(want["total"], label), (name, key)


def _num(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def check_quality(period: Period, tables: dict[str, Any]) -> None:
    rows = tables["quality"]["rows"]
    # Shares exactly as the contract writes them (4 places); the numerator and
    # denominator are plain decimals (yuan or counts), compared by value.
    got = [(r["key"], r["goal"], r["actual"], _num(r["numerator"]), _num(r["denominator"]),
            r["met"]) for r in rows]
    want = [(k, g, a, Decimal(n), Decimal(d), m) for k, g, a, n, d, m in QUALITY[period]]
    assert got == want
    trend = tables["trend"]["rows"]
    assert trend[-1]["month"] == period.start.strftime("%Y-%m")
    assert len(trend) == 6
    mine = {k: a for k, _, a, _, _, _ in QUALITY[period]}
    assert {k: trend[-1][k] for k in mine} == mine
    if period == OCT:
        sep = {k: a for k, _, a, _, _, _ in QUALITY[SEP]}
        assert {k: trend[-2][k] for k in sep} == sep
    for r in trend[:-2]:  # nothing happened before September
        assert r["collection"] is None and r["satisfaction"] is None, r


def check_reps(period: Period, tables: dict[str, Any]) -> None:
    rows = tables["reps"]["rows"]
    got = {r["rep"]: {k: r[k] for k in REP_KEYS} for r in rows}
    assert got == REPS[period]
    # The reps' visits are the daily report's, one by one.
    daily = {r["key"]: r["current"] for r in DAILY[period]["counts"]}
    assert (sum(r["first"] for r in rows), sum(r["return"] for r in rows)) == (
        daily["first_visits"], daily["return_visits"])
    scores = [Decimal(r["score"]) if r["score"] is not None else None for r in rows]
    ordered = sorted(zip(scores, (r["rep"] for r in rows), strict=True),
                     key=lambda x: (-(x[0] or 0), x[1]))
    assert [r for _, r in ordered] == [r["rep"] for r in rows]  # by score, then name
    targets = {r["scope"]: tuple(r[k] for k in TARGET_KEYS) for r in tables["targets"]["rows"]}
    assert targets["团队"] == TEAM_TARGETS[period]
    if period == OCT:
        assert {k: v for k, v in targets.items() if k != "团队"} == REP_TARGETS_OCT


NAMES = ("daily", "sources", "inventory", "quality", "collection", "reps")


# --- the fixtures ------------------------------------------------------------------

@pytest.fixture
def built(any_db: Database) -> Database:
    scenario.build(any_db)
    return any_db


def build_report(db: Database, name: str, period: Period, login: str = "manager") -> Report:
    with db.read() as s:
        return registry.reports()[name].build(s, actor(db, login), period, None)


# --- the services and the command line ------------------------------------------------

def check_all(cases: list[tuple[str, Period, Any]]) -> None:
    """Every report checked, each failure named: one wrong figure hides no other."""
    wrong = []
    for name, period, got in cases:
        try:
            check(name, period, got() if callable(got) else got)
        except AssertionError as e:
            wrong.append(f"{name} {period.start:%Y-%m}: {e}")
    assert not wrong, "\n\n".join(wrong)


def test_services_give_the_hand_counted_figures(built: Database) -> None:
    check_all([(name, period, lambda n=name, p=period: as_json(build_report(built, n, p)))
               for period in (OCT, SEP) for name in NAMES])


def _cli(db: Database, name: str, period: Period) -> dict[str, Any]:
    out = run(db.url, "report", name, "--from", period.start.isoformat(), "--to",
              period.end.isoformat(), "--json", "--user", "manager").stdout
    return dict(json.loads(out))


def test_command_line_json_gives_the_same_figures(built: Database) -> None:
    check_all([(name, OCT, lambda n=name: _cli(built, n, OCT)) for name in NAMES]
              + [("daily", SEP, lambda: _cli(built, "daily", SEP))])


# --- the spreadsheet, cell by cell ------------------------------------------------------

def _cell_value(value: Any, kind: Kind) -> Any:
    """What the spreadsheet holds for an expected JSON value of this kind."""
    if value is None:
        return None
    if kind in (Kind.MONEY, Kind.PERCENT, Kind.DECIMAL):
        return float(Decimal(value))
    if kind is Kind.DATE:
        return datetime.fromisoformat(value)
    return value


def _expected_rows(report: Report, key: str) -> list[dict[str, Any]]:
    """The literal rows of one table (with its total row last, when it has one)."""
    name, period = report.kind, Period(report.start, report.end)
    if name == "reps" and key == "reps":
        return [REPS[period][r["rep"]] for r in as_json(report)["tables"]["reps"]["rows"]]
    want = expected(name, period)[key]
    rows = list(want["rows"])
    if name == "collection" and key == "by_rep":
        order = [r["rep"] for r in as_json(report)["tables"]["by_rep"]["rows"]]
        rows = sorted(rows, key=lambda r: order.index(r["rep"]))
    if "total" in want:
        rows.append(want["total"])
    return rows


def test_spreadsheet_holds_the_same_figures(built: Database, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from desk.reporting import xlsx

    for name in ("daily", "sources", "inventory", "collection", "reps"):
        report = build_report(built, name, OCT)
        path = tmp_path / f"{name}.xlsx"
        xlsx.write(report, path)
        wb = load_workbook(path)
        checked = 0
        for table, ws in zip(report.tables, wb.worksheets, strict=False):
            if name == "reps" and table.key != "reps":
                continue
            columns = [c for c in table.columns if not c.hidden]
            rows = _expected_rows(report, table.key)
            assert [ws.cell(3, j).value for j in range(1, len(columns) + 1)] == \
                [c.title for c in columns]
            for i, row in enumerate(rows, start=4):
                for j, col in enumerate(columns, start=1):
                    if col.key not in row or (row is rows[-1] and col.kind is Kind.TEXT
                                              and table.total is not None):
                        continue
                    got = ws.cell(i, j).value
                    want = _cell_value(row[col.key], col.kind)
                    if isinstance(want, float):
                        assert isinstance(got, int | float | Decimal) and float(got) == want, \
                            (name, table.key, i, col.key)
                    else:
                        assert got == want, (name, table.key, i, col.key)
                    checked += 1
            assert ws.cell(4 + len(rows), 1).value is None, (name, table.key)  # no extra row
        assert checked > 0, name


# --- the PDF's text -----------------------------------------------------------------------

def _shown(value: Any, kind: Kind) -> str:
    """A value as a person reads it: 1,234.00 · 98.0% · 1,234 · — ."""
    from desk.reporting.cells import text

    if value is None:
        return text(None, kind)
    if kind in (Kind.MONEY, Kind.PERCENT, Kind.DECIMAL):
        return text(Decimal(value), kind)
    if kind is Kind.DATE:
        return text(date.fromisoformat(value), kind)
    return text(value, kind)


def _figure_lines(report: Report, key: str) -> list[list[str]]:
    table = report.table(key)
    columns = [c for c in table.columns if not c.hidden]
    rows = _expected_rows(report, key)
    if report.kind != "reps" and "total" in expected(report.kind,
                                                     Period(report.start, report.end))[key]:
        rows = rows[:-1]
    return [[_shown(r[c.key], c.kind) for c in columns if c.key in r] for r in rows]


def test_pdf_text_shows_each_figure_line(built: Database, tmp_path: Path) -> None:
    from desk.reporting import pdf

    for name, keys in (("daily", ("counts", "money")), ("sources", ("sources",)),
                       ("inventory", ("by_building", "by_layout")),
                       ("collection", ("summary", "by_rep", "overdue"))):
        report = build_report(built, name, OCT)
        path = tmp_path / f"{name}.pdf"
        pdf.write(report, path)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout
        for key in keys:
            for cells in _figure_lines(report, key):
                pattern = r"\s+".join(re.escape(c) for c in cells)
                assert re.search(pattern, text), (name, key, cells)


# --- the Reports screen ------------------------------------------------------------------

def test_reports_screen_shows_the_same_figures(built: Database, qtbot: Any,
                                               open_window: Any) -> None:
    from PySide6.QtCore import Qt

    win = open_window(built, "manager", "reports")
    screen = win.screens["reports"]
    screen.modes.button(2).setChecked(True) if screen.modes.button(2) else None
    for name, keys in (("daily", ("counts", "money")), ("reps", ("reps",))):
        screen.chooser.setCurrentIndex(screen.chooser.findData(name))
        screen.set_period(OCT)
        screen._dated = True
        screen.refresh()
        settle(qtbot, win)
        report = build_report(built, name, OCT)
        assert (report.start, report.end) == (OCT.start, OCT.end)
        for key in keys:
            view = screen.table(key)
            model = view.model()
            want = _figure_lines(report, key)
            got = [[model.data(model.index(i, j), Qt.ItemDataRole.DisplayRole)
                    for j in range(model.columnCount())] for i in range(model.rowCount())]
            if name == "reps":
                columns = [c for c in report.table(key).columns if not c.hidden]
                keep = [j for j, c in enumerate(columns) if c.key in REP_KEYS]
                got = [[row[j] for j in keep] for row in got]
            assert got[: len(want)] == want, (name, key)


def test_scenario_is_quick(any_db: Database) -> None:
    start = datetime.now()
    scenario.build(any_db)
    assert datetime.now() - start < timedelta(seconds=10)
