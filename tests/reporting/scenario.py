"""A small showroom's September and October 2026, built through the services
with the database clock moved to each moment, so every report figure can be
counted by hand (test_scenario.py writes them out).

Four reps: 李娜 (lina), 张伟 (zhangwei), 王芳 (wangfang), 刘洋 (liuyang). Twelve
units: buildings 1栋 and 2栋, each with rooms x01 (3室2厅2卫, 100 m²) and x02
(2室2厅1卫, 80 m²) on floors 1 to 3. Times below are the showroom's (UTC+8).

September (M1)
  09-01 1-201 withheld.
  09-05 in line L Z W Y. v1 10:00 L turn, C1 first 路过 ★5, ends 10:30.
        v2 11:00 Z turn, C2 first 朋友介绍 ★4, ends 11:20. 11:25 Z holds 2-102
        for C2; 11:40 subscription S2 990,000 (deposit 30,000, full), paid
        30,000. 11:30 W turn, invalid at 11:40 (W back to the front).
        v3 13:00 W turn, C3 first 网络广告 ★3, ends 13:45. 14:00 W holds 1-301,
        releases it 14:20. 14:00 Y takes a call from C4 (网络广告).
        Follow-ups: F1 L for C1 due 09-08; F2 Z for C2 due 09-10.
  09-08 F1 done 16:00 (on time).   09-11 F2 done 10:00 (late).
  09-12 in line Z Y L; Z on a break 09:30. v4 10:00 C1 to L (owner) return
        ★5, ends 10:36. v6 10:10 Y turn (Z forfeits), C5 first 朋友介绍 ★2,
        ends 10:40. Z back 10:50. v5 11:00 C3 (owner W absent) to L covering,
        return 网络广告 unrated, ends 11:30. 11:40 S1 C1 1-101 1,200,000
        (50,000, mortgage), paid 50,000. 13:50 S3 C5 1-202 800,000 (20,000,
        mortgage) rep Y, paid 20,000.
  09-13 complaint Q1 about Z, answered 15:00; resolved 09-14 ★4.
  09-15 contract K1 1-101.
  09-19 in line L Z W Y. v7 10:00 L turn C10 first 路过 ★4, ends 10:30.
        v8 10:10 Z turn C11 first 路过 unrated, ends 10:25.
  09-20 contract K2 2-102.   09-21 D1 paid 310,000.
  09-26 in line W Y. v9 10:00 C3 to W (owner) return 网络广告 ★4, ends 10:30.
        v10 10:15 Y turn C12 first 路过 ★5, ends 10:50. 10:40 S8 C3 2-202
        1,000,000 (30,000, full) rep W, paid 30,000. F3 W for C3 due 10-06
        (never done); F4 Y for C5 due 10-03.
  09-29 D2 paid 500,000.
October (M2)
  10-02 contract K8 2-202; F4 done 16:00 (on time).
  10-03 in line L Z W Y. v11 10:00 L turn C6 first 网络广告 ★5, ends 10:30.
        v12 10:10 Z turn C7 first 路过 ★4, ends 10:40. F5 L for C6 due 10-14.
        14:00 W takes a call from C16 (路过).
  10-05 D2 paid 460,000.   10-08 S3 (1-202) cancelled.   10-09 D3 refunded 20,000.
  10-10 in line L Z W Y. v13 10:00 C6 to L (owner) return ★4, ends 10:30.
        v14 10:05 Z turn C13 first 路过 ★3, ends 10:35. 10:20 W turn, invalid
        10:25. v15 10:50 W turn C8 first 朋友介绍 ★5, ends 11:20. 10:40 S4 C6
        2-101 1,480,000 (50,000, mortgage) rep L, paid 50,000.
  10-11 complaint Q2 about Y; answered 10-13 09:00 (late); resolved 10:00 unrated.
  10-12 S4 moves 2-101 -> 2-201 at 1,480,000. D8 paid 970,000.
  10-14 F5 done 15:00 (on time).
  10-15 S5 C7 1-102 800,000 (20,000, instalments) rep Z, paid 20,000.
  10-17 in line Y W. v16 10:00 C8 to W (owner) return ★4, ends 10:30.
        v17 10:05 Y turn C14 first 网络广告 ★2, ends 10:45. 10:40 S6 C8 2-302
        1,000,000 (30,000, full) rep W, paid 30,000.
  10-20 contract K5 1-102. Suggestion Q3 11:00, answered 16:00; resolved 10-21 ★5.
  10-22 contract K6 2-302.
  10-24 in line Z Y. v18 10:00 Z turn C9 first 路过 ★5, ends 10:30. 10:40 Z
        holds 1-302 for C9; 10:50 S7 790,000 (20,000, mortgage), paid 20,000.
        Y on a break 11:00; v19 11:05 Z turn (Y forfeits) C15 first 路过 ★3,
        ends 11:31; Y back 11:40. 14:00 Z takes a call from C17 (网络广告).
  10-27 D5 paid 380,000.   10-28 contract K6 (2-302) cancelled.
Targets: team 09: 2,000,000 / 2 / 1,000,000; team 10: 3,000,000 / 3 / 2,000,000;
  October per rep (signed / units / collection): L 1,000,000/1/500,000,
  Z 800,000/1/600,000, W 800,000/1/500,000, Y 1,000,000/1/400,000.
Now (the real clock): L holds 2-301 for C10 for two hours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from desk.admin import auth, projects
from desk.admin.auth import Actor
from desk.core.db import Database
from desk.demo.showroom import DEMO_PASSWORD
from desk.models.enums import Role
from desk.reception import rotation
from desk.sales import claims, payments, units
from desk.sales.pricelist import ImportReport, ParsedUnit, apply
from desk.visitors import complaints, followups, visitors

ZONE = ZoneInfo("Asia/Shanghai")
PROJECT = "翠湖天地"
STAFF = [
    ("admin", "系统管理员", Role.ADMIN),
    ("manager", "赵建国", Role.MANAGER),
    ("assistant", "孙晓燕", Role.ASSISTANT),
    ("frontdesk", "王小丽", Role.FRONT_DESK),
    ("lina", "李娜", Role.SALES_REP),
    ("zhangwei", "张伟", Role.SALES_REP),
    ("wangfang", "王芳", Role.SALES_REP),
    ("liuyang", "刘洋", Role.SALES_REP),
]
L, Z, W, Y = "lina", "zhangwei", "wangfang", "liuyang"
CUSTOMERS = ["赵一鸣", "钱二宝", "孙三丰", "李四海", "周五洲", "吴六奇", "郑七星", "冯八达",
             "陈九思", "褚十全", "卫一凡", "蒋二娃", "沈三元", "韩四维", "杨五福", "朱六顺",
             "秦七巧"]
THREE, TWO = "3室2厅2卫", "2室2厅1卫"
# (building, list price of x01, list price of x02)
PRICES = {"1栋": (Decimal("1200000.00"), Decimal("800000.00")),
          "2栋": (Decimal("1500000.00"), Decimal("1000000.00"))}


def phone(n: int) -> str:
    return f"1390000{n:04d}"


@dataclass
class Scene:
    db: Database
    project_id: int
    actors: dict[str, Actor]
    customer_ids: dict[int, int] = field(default_factory=dict)  # C-number -> customer id
    follow_ups: dict[str, int] = field(default_factory=dict)
    skew: timedelta = timedelta(0)  # the database clock less this PC's

    def at(self, day: date, hm: str) -> None:
        """Move the database clock to this showroom time."""
        local = datetime.combine(day, time.fromisoformat(hm), ZONE)
        target = local.astimezone(UTC).replace(tzinfo=None)
        self.db.clock_offset = target - (datetime.now(UTC).replace(tzinfo=None) + self.skew)

    def a(self, login: str) -> Actor:
        return self.actors[login]


def _units() -> list[ParsedUnit]:
    rows: list[ParsedUnit] = []
    for b, (big, small) in PRICES.items():
        for floor in (1, 2, 3):
            for suffix, layout, area, price in (("01", THREE, Decimal("100.00"), big),
                                                ("02", TWO, Decimal("80.00"), small)):
                rows.append(ParsedUnit(
                    row=len(rows) + 1, building=b, entrance="", floor=floor,
                    room=f"{floor}{suffix}", code=f"{b[0]}-{floor}{suffix}", layout=layout,
                    orientation="南", usage="住宅", gross_area=area, inner_area=None,
                    unit_price=(price / area).quantize(Decimal("1")), list_price=price,
                    floor_price=(price * Decimal("0.9")).quantize(Decimal("1"))))
    return rows


def build(db: Database) -> Scene:
    """The whole scenario; the clock is left at the real time."""
    with db.begin() as s:
        for login, name, role in STAFF:
            auth.create_user(s, None, login, name, role, DEMO_PASSWORD)
        p = projects.create_project(s, None, PROJECT, "翠湖置业", "深房许字（2026）1号")
        apply(s, auth.OPERATOR, p.id, _units(), ImportReport())
        actors = {login: auth.get_actor(s, login) for login, _, _ in STAFF}
        server = s.now
    scene = Scene(db, p.id, actors, skew=server - datetime.now(UTC).replace(tzinfo=None))
    _september(scene)
    _october(scene)
    _targets(scene)
    db.clock_offset = timedelta(0)
    with db.begin() as s:
        claims.hold(s, scene.a(L), scene.project_id, "2-301", customer_phone=phone(10),
                    minutes=120)
    return scene


# --- the steps -------------------------------------------------------------------


def _checkin(sc: Scene, day: date, *logins: str) -> None:
    sc.at(day, "09:00")
    with sc.db.begin() as s:
        for login in logins:
            rotation.checkin(s, sc.a("frontdesk"), login)


def _walkin(sc: Scene, day: date, hm: str, rep: str, how: str, n: int | None = None,
            forfeited: tuple[str, ...] = ()) -> None:
    """A visitor arrives; the rotation must hand them to `rep` this way."""
    sc.at(day, hm)
    with sc.db.begin() as s:
        got = rotation.walkin(s, sc.a("frontdesk"), phone=phone(n) if n else None)
        assert isinstance(got, rotation.Assignment), got
        assert (got.rep_login, got.how) == (rep, how), (day, hm, got)
        names = {sc.a(x).name for x in forfeited}
        assert set(got.forfeited) == names, (day, hm, got.forfeited)


def _register(sc: Scene, day: date, hm: str, rep: str, n: int, source: str, grade: str = "B",
              rating: int | None = None, call: bool = False) -> None:
    """The registration form, saved by the rep: it ends the rep's reception."""
    sc.at(day, hm)
    with sc.db.begin() as s:
        form = visitors.VisitForm(
            name=CUSTOMERS[n - 1], phone=phone(n), source=source, grade=grade, rep_login=rep,
            kind="call" if call else "visit", consent=True,
            rating="" if rating is None else rating, link_open_reception=not call)
        r = visitors.register(s, sc.a(rep), form)
        sc.customer_ids[n] = r.customer_id


def _visit(sc: Scene, day: date, start: str, end: str, rep: str, how: str, n: int, source: str,
           rating: int | None, forfeited: tuple[str, ...] = ()) -> None:
    _walkin(sc, day, start, rep, how, n, forfeited)
    _register(sc, day, end, rep, n, source, rating=rating)


def _invalid(sc: Scene, day: date, start: str, end: str, rep: str) -> None:
    _walkin(sc, day, start, rep, "turn")
    sc.at(day, end)
    with sc.db.begin() as s:
        rotation.finish(s, sc.a("frontdesk"), rep, invalid=True, reason="问路")


def _break(sc: Scene, day: date, hm: str, rep: str, back: bool = False) -> None:
    sc.at(day, hm)
    with sc.db.begin() as s:
        if back:
            rotation.back(s, sc.a("frontdesk"), rep)
        else:
            rotation.set_break(s, sc.a("frontdesk"), rep)


def _hold(sc: Scene, day: date, hm: str, rep: str, code: str, n: int) -> None:
    sc.at(day, hm)
    with sc.db.begin() as s:
        claims.hold(s, sc.a(rep), sc.project_id, code, customer_phone=phone(n))


def _subscribe(sc: Scene, day: date, hm: str, rep: str, code: str, n: int, price: str,
               deposit: str, method: str) -> None:
    sc.at(day, hm)
    with sc.db.begin() as s:
        claims.subscribe(s, sc.a("assistant"), sc.project_id, code, customer_phone=phone(n),
                         deposit=deposit, agreed_price=price, payment_method=method,
                         rep_login=rep)
    _pay(sc, day, f"{hm[:3]}{int(hm[3:]) + 2:02d}", code, deposit)


def _contract(sc: Scene, day: date, code: str) -> None:
    sc.at(day, "10:00")
    with sc.db.begin() as s:
        claims.contract(s, sc.a("assistant"), sc.project_id, code)


def _pay(sc: Scene, day: date, hm: str, code: str, amount: str) -> None:
    sc.at(day, hm)
    with sc.db.begin() as s:
        payments.record_for_unit(s, sc.a("assistant"), sc.project_id, code, amount,
                                 received_on=day, force=True)


def _plan(sc: Scene, day: date, hm: str, rep: str, n: int, due: date) -> int:
    sc.at(day, hm)
    with sc.db.begin() as s:
        return followups.plan(s, sc.a(rep), sc.customer_ids[n], due, "phone").id


def _done(sc: Scene, day: date, hm: str, rep: str, follow_up: int) -> None:
    sc.at(day, hm)
    with sc.db.begin() as s:
        followups.record(s, sc.a(rep), follow_up, "已回访")


def _complaint(sc: Scene, received: tuple[date, str], answered: tuple[date, str],
               resolved: tuple[date, str], satisfaction: int | None, kind: str = "complaint",
               rep: str = "", n: int | None = None) -> None:
    sc.at(*received)
    with sc.db.begin() as s:
        x = complaints.register(s, sc.a("frontdesk"), kind=kind, channel="visit",
                                description="接待时等候太久" if kind == "complaint" else "增加停车位",
                                customer_phone=phone(n) if n else "", contact_name="来访客户",
                                rep_concerned=rep)
        xid = x.id
    sc.at(*answered)
    with sc.db.begin() as s:
        complaints.respond(s, sc.a("manager"), xid, "已致电客户说明")
    sc.at(*resolved)
    with sc.db.begin() as s:
        complaints.resolve(s, sc.a("manager"), xid, "已处理", satisfaction)


def _september(sc: Scene) -> None:
    d = date(2026, 9, 1)
    sc.at(d, "09:00")
    with sc.db.begin() as s:
        units.withhold(s, sc.a("manager"), sc.project_id, "1-201", "开发商保留")

    d = date(2026, 9, 5)
    _checkin(sc, d, L, Z, W, Y)
    _visit(sc, d, "10:00", "10:30", L, "turn", 1, "路过", 5)
    f1 = _plan(sc, d, "10:35", L, 1, date(2026, 9, 8))
    _visit(sc, d, "11:00", "11:20", Z, "turn", 2, "朋友介绍", 4)
    _hold(sc, d, "11:25", Z, "2-102", 2)
    f2 = _plan(sc, d, "11:26", Z, 2, date(2026, 9, 10))
    _invalid(sc, d, "11:30", "11:40", W)
    _subscribe(sc, d, "11:41", Z, "2-102", 2, "990000", "30000", "full")
    _visit(sc, d, "13:00", "13:45", W, "turn", 3, "网络广告", 3)
    _hold(sc, d, "14:00", W, "1-301", 3)
    _register(sc, d, "14:05", Y, 4, "网络广告", grade="C", call=True)
    sc.at(d, "14:20")
    with sc.db.begin() as s:
        claims.release(s, sc.a(W), sc.project_id, "1-301", "客户再考虑")

    _done(sc, date(2026, 9, 8), "16:00", L, f1)
    _done(sc, date(2026, 9, 11), "10:00", Z, f2)

    d = date(2026, 9, 12)
    _checkin(sc, d, Z, Y, L)
    _break(sc, d, "09:30", Z)
    _walkin(sc, d, "10:00", L, "owner", 1)
    _walkin(sc, d, "10:10", Y, "turn", None, forfeited=(Z,))
    _register(sc, d, "10:36", L, 1, "路过", rating=5)
    _register(sc, d, "10:40", Y, 5, "朋友介绍", rating=2)
    _break(sc, d, "10:50", Z, back=True)
    _visit(sc, d, "11:00", "11:30", L, "cover", 3, "网络广告", None)
    _subscribe(sc, d, "11:40", L, "1-101", 1, "1200000", "50000", "mortgage")
    _subscribe(sc, d, "13:50", Y, "1-202", 5, "800000", "20000", "mortgage")

    _complaint(sc, (date(2026, 9, 13), "10:00"), (date(2026, 9, 13), "15:00"),
               (date(2026, 9, 14), "10:00"), 4, rep=Z, n=2)
    _contract(sc, date(2026, 9, 15), "1-101")

    d = date(2026, 9, 19)
    _checkin(sc, d, L, Z, W, Y)
    _walkin(sc, d, "10:00", L, "turn", 10)
    _walkin(sc, d, "10:10", Z, "turn", 11)
    _register(sc, d, "10:25", Z, 11, "路过", rating=None)
    _register(sc, d, "10:30", L, 10, "路过", rating=4)

    _contract(sc, date(2026, 9, 20), "2-102")
    _pay(sc, date(2026, 9, 21), "10:00", "1-101", "310000")

    d = date(2026, 9, 26)
    _checkin(sc, d, W, Y)
    _walkin(sc, d, "10:00", W, "owner", 3)
    _walkin(sc, d, "10:15", Y, "turn", 12)
    _register(sc, d, "10:30", W, 3, "网络广告", rating=4)
    _subscribe(sc, d, "10:40", W, "2-202", 3, "1000000", "30000", "full")
    _plan(sc, d, "10:45", W, 3, date(2026, 10, 6))
    _register(sc, d, "10:50", Y, 12, "路过", rating=5)
    sc.follow_ups["F4"] = _plan(sc, d, "10:55", Y, 5, date(2026, 10, 3))

    _pay(sc, date(2026, 9, 29), "10:00", "2-102", "500000")


def _october(sc: Scene) -> None:
    _contract(sc, date(2026, 10, 2), "2-202")
    _done(sc, date(2026, 10, 2), "16:00", Y, sc.follow_ups["F4"])

    d = date(2026, 10, 3)
    _checkin(sc, d, L, Z, W, Y)
    _walkin(sc, d, "10:00", L, "turn", 6)
    _walkin(sc, d, "10:10", Z, "turn", 7)
    _register(sc, d, "10:30", L, 6, "网络广告", grade="A", rating=5)
    f5 = _plan(sc, d, "10:35", L, 6, date(2026, 10, 14))
    _register(sc, d, "10:40", Z, 7, "路过", rating=4)
    _register(sc, d, "14:00", W, 16, "路过", grade="C", call=True)

    _pay(sc, date(2026, 10, 5), "10:00", "2-102", "460000")
    sc.at(date(2026, 10, 8), "10:00")
    with sc.db.begin() as s:
        claims.cancel(s, sc.a("manager"), sc.project_id, "1-202", reason="客户资金不足")
    sc.at(date(2026, 10, 9), "10:00")
    with sc.db.begin() as s:
        payments.refund_for_unit(s, sc.a("assistant"), sc.project_id, "1-202", "20000",
                                 "退订退还定金", refunded_on=date(2026, 10, 9))

    d = date(2026, 10, 10)
    _checkin(sc, d, L, Z, W, Y)
    _walkin(sc, d, "10:00", L, "owner", 6)
    _walkin(sc, d, "10:05", Z, "turn", 13)
    _invalid(sc, d, "10:20", "10:25", W)
    _register(sc, d, "10:30", L, 6, "网络广告", rating=4)
    _register(sc, d, "10:35", Z, 13, "路过", rating=3)
    _subscribe(sc, d, "10:40", L, "2-101", 6, "1480000", "50000", "mortgage")
    _visit(sc, d, "10:50", "11:20", W, "turn", 8, "朋友介绍", 5)

    _complaint(sc, (date(2026, 10, 11), "10:00"), (date(2026, 10, 13), "09:00"),
               (date(2026, 10, 13), "10:00"), None, rep=Y, n=5)
    sc.at(date(2026, 10, 12), "10:00")
    with sc.db.begin() as s:
        claims.change_unit(s, sc.a("manager"), sc.project_id, "2-101", "2-201",
                           reason="客户想要高一层", agreed_price="1480000")
    _pay(sc, date(2026, 10, 12), "11:00", "2-202", "970000")
    _done(sc, date(2026, 10, 14), "15:00", L, f5)
    _subscribe(sc, date(2026, 10, 15), "10:00", Z, "1-102", 7, "800000", "20000", "instalments")

    d = date(2026, 10, 17)
    _checkin(sc, d, Y, W)
    _walkin(sc, d, "10:00", W, "owner", 8)
    _walkin(sc, d, "10:05", Y, "turn", 14)
    _register(sc, d, "10:30", W, 8, "朋友介绍", rating=4)
    _subscribe(sc, d, "10:40", W, "2-302", 8, "1000000", "30000", "full")
    _register(sc, d, "10:45", Y, 14, "网络广告", rating=2)

    _contract(sc, date(2026, 10, 20), "1-102")
    _complaint(sc, (date(2026, 10, 20), "11:00"), (date(2026, 10, 20), "16:00"),
               (date(2026, 10, 21), "10:00"), 5, kind="suggestion")
    _contract(sc, date(2026, 10, 22), "2-302")

    d = date(2026, 10, 24)
    _checkin(sc, d, Z, Y)
    _visit(sc, d, "10:00", "10:30", Z, "turn", 9, "路过", 5)
    _hold(sc, d, "10:40", Z, "1-302", 9)
    _subscribe(sc, d, "10:50", Z, "1-302", 9, "790000", "20000", "mortgage")
    _break(sc, d, "11:00", Y)
    _walkin(sc, d, "11:05", Z, "turn", 15, forfeited=(Y,))
    _register(sc, d, "11:31", Z, 15, "路过", rating=3)
    _break(sc, d, "11:40", Y, back=True)
    _register(sc, d, "14:00", Z, 17, "网络广告", grade="C", call=True)

    _pay(sc, date(2026, 10, 27), "10:00", "1-102", "380000")
    sc.at(date(2026, 10, 28), "10:00")
    with sc.db.begin() as s:
        claims.cancel(s, sc.a("manager"), sc.project_id, "2-302", reason="客户退房")


def _targets(sc: Scene) -> None:
    from desk.reporting import targets

    sc.at(date(2026, 10, 31), "18:00")
    with sc.db.begin() as s:
        m = sc.a("manager")
        s.now  # noqa: B018  (read before set_target adds a row: its own read of the clock autoflushes)
        targets.set_target(s, m, date(2026, 9, 1), None, "2000000", "2", "1000000")
        targets.set_target(s, m, date(2026, 10, 1), None, "3000000", "3", "2000000")
        for login, signed, collect in ((L, "1000000", "500000"), (Z, "800000", "600000"),
                                       (W, "800000", "500000"), (Y, "1000000", "400000")):
            rep = sc.a(login).id
            assert rep is not None
            targets.set_target(s, m, date(2026, 10, 1), rep, signed, "1", collect)
