"""Demo data: a realistic showroom to try the application with.

Every demo account has the password DEMO_PASSWORD (README.md lists them).
"""

from __future__ import annotations

import random
from decimal import Decimal

from desk.admin import auth, projects
from desk.core.uow import UnitOfWork
from desk.models.enums import (
    BreakKind,
    ComplaintChannel,
    ComplaintKind,
    ContactKind,
    FollowUpChannel,
    Role,
    VisitKind,
)

DEMO_PASSWORD = "demo123"
DEMO_PROJECT = "翠湖天地"

DEMO_USERS = [
    ("admin", "系统管理员", Role.ADMIN),
    ("manager", "赵建国", Role.MANAGER),
    ("assistant", "孙晓燕", Role.ASSISTANT),
    ("frontdesk", "王小丽", Role.FRONT_DESK),
    ("lina", "李娜", Role.SALES_REP),
    ("zhangwei", "张伟", Role.SALES_REP),
    ("wangfang", "王芳", Role.SALES_REP),
    ("liuyang", "刘洋", Role.SALES_REP),
    ("chenjing", "陈静", Role.SALES_REP),
    ("yangfan", "杨帆", Role.SALES_REP),
]


def is_empty(uow: UnitOfWork) -> bool:
    return projects.needs_setup(uow) and projects.count_projects(uow) == 0


def load(uow: UnitOfWork) -> None:
    """Fill an empty database with the demo showroom (one transaction)."""
    from desk.core.errors import Conflict

    if not is_empty(uow):
        raise Conflict(
            "数据库里已有数据，演示数据只能装入空数据库。",
            "The database has data already: demo data goes into an empty database only.",
        )
    from desk.core import crypto

    crypto.new_showroom_key(uow)  # a demo showroom is a new showroom: its key, if none yet
    for login, name, role in DEMO_USERS:
        auth.create_user(uow, None, login, name, role, DEMO_PASSWORD)
    project = projects.create_project(
        uow, None, DEMO_PROJECT, "深圳市翠湖置业有限公司", "深房许字（2026）南山018号",
        "深圳市南山区翠湖路 88 号",
    )
    load_units(uow, project.id)
    load_deals(uow, project.id)
    load_visitors(uow)
    load_rotation(uow)


# Building -> floors; every floor has four units.
DEMO_BUILDINGS = {"1栋": 26, "2栋": 22, "3栋": 18}
DEMO_LAYOUTS = [  # room suffix, layout, gross, inner, orientation, price factor
    ("01", "3室2厅2卫", "118.56", "95.12", "南", Decimal("1.03")),
    ("02", "2室2厅1卫", "89.12", "71.40", "南", Decimal("1.00")),
    ("03", "2室2厅1卫", "89.12", "71.40", "北", Decimal("0.97")),
    ("04", "4室2厅2卫", "142.30", "114.86", "东南", Decimal("1.05")),
]
DEMO_CUSTOMERS = [
    ("张三", "13812345678"), ("李思远", "13923456789"), ("王建华", "13534567890"),
    ("赵敏", "15012345671"), ("孙立", "18612345672"), ("周婷", "13712345673"),
    ("吴强", "15812345674"), ("郑凯", "18812345675"), ("冯雪", "13612345676"),
    ("陈晨", "19912345677"), ("褚云", "17712345678"), ("卫东", "13312345679"),
]


def demo_id(n: int) -> str:
    """A well-formed resident ID number for the n-th demo buyer (深圳市南山区)."""
    from stdnum.cn import ric

    body = f"440305{1975 + n:04d}{1 + n % 12:02d}{10 + n % 18:02d}{100 + n:03d}"
    return body + ric.calc_check_digit(body + "0")


def load_units(uow: UnitOfWork, project_id: int) -> None:
    """A price list of the three demo buildings, through the importer's writer."""
    from desk.sales.pricelist import ImportReport, ParsedUnit, apply

    rows = []
    n = 0
    for b, floors in DEMO_BUILDINGS.items():
        base = Decimal(31800 + 600 * (int(b[0]) - 1))
        for floor in range(1, floors + 1):
            for suffix, layout, gross, inner, orient, factor in DEMO_LAYOUTS:
                n += 1
                price = (base + 120 * floor) * factor
                unit_price = price.quantize(Decimal("1"))
                area = Decimal(gross)
                total = (area * unit_price).quantize(Decimal("0.01"))
                rows.append(ParsedUnit(
                    row=n, building=b, entrance="", floor=floor, room=f"{floor}{suffix}",
                    code=f"{b[0]}-{floor}{suffix}", layout=layout, orientation=orient,
                    usage="住宅", gross_area=area, inner_area=Decimal(inner),
                    unit_price=unit_price, list_price=total,
                    floor_price=(total * Decimal("0.95")).quantize(Decimal("1")),
                ))
    apply(uow, auth.OPERATOR, project_id, rows, ImportReport())


def load_deals(uow: UnitOfWork, project_id: int) -> None:
    """Holds, subscriptions, contracts and withheld units, made through the services."""
    from desk.sales import claims, units

    rng = random.Random(7)
    get = lambda login: auth.get_actor(uow, login)  # noqa: E731
    reps = [get(login) for login, _, role in DEMO_USERS if role == Role.SALES_REP]
    assistant, manager = get("assistant"), get("manager")
    list_prices = {r.code: r.list_price for r in units.rows(uow, project_id) if r.list_price is not None}
    codes = list(list_prices)
    rng.shuffle(codes)
    people = list(DEMO_CUSTOMERS)
    for i, (name, phone) in enumerate(people):
        code = codes[i]
        rep = reps[i % len(reps)]
        claims.hold(uow, rep, project_id, code, customer_phone=phone, customer_name=name,
                    minutes=20 + 5 * (i % 4))
        if i >= 4:
            price = list_prices[code] * Decimal("0.99")
            claims.subscribe(uow, assistant, project_id, code, customer_phone=phone,
                             deposit=50000, agreed_price=price.quantize(Decimal("1")),
                             id_number=demo_id(i))
        if i >= 8:
            claims.contract(uow, assistant, project_id, code)
    for code in codes[len(people):len(people) + 3]:
        units.withhold(uow, manager, project_id, code, "开发商保留")


def load_rotation(uow: UnitOfWork) -> None:
    """Today's rotation: five reps in, two receptions under way, one at lunch."""
    from desk.reception import rotation

    desk = auth.get_actor(uow, "frontdesk")
    for login in ("lina", "zhangwei", "wangfang", "liuyang", "chenjing"):
        rotation.checkin(uow, desk, login)
    a = rotation.walkin(uow, desk, party_size=2)
    assert isinstance(a, rotation.Assignment)  # five reps are waiting
    rotation.finish(uow, desk, a.rep_login, force=True)  # left without filling the form
    rotation.walkin(uow, desk)
    rotation.set_break(uow, desk, "liuyang", BreakKind.LUNCH)
    rotation.walkin(uow, desk, phone=DEMO_CUSTOMERS[0][1])


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
         "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "晓东", "海燕", "子涵"]
PREFIXES = ["138", "139", "135", "136", "150", "151", "158", "186", "187", "188", "177", "199"]


def load_visitors(uow: UnitOfWork) -> None:
    """Customers and their visits over the last three weeks, follow-ups, complaints."""
    from datetime import timedelta

    from sqlalchemy import select

    from desk.admin import settings
    from desk.customers import customers
    from desk.models import Customer, Visit
    from desk.visitors import complaints, consent, followups, visitors

    rng = random.Random(11)
    now = uow.now
    reps = [auth.get_actor(uow, login) for login, _, role in DEMO_USERS if role == Role.SALES_REP]
    sources = settings.get(uow, "visitors.sources")
    people = list(DEMO_CUSTOMERS)
    while len(people) < 60:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        phone = rng.choice(PREFIXES) + f"{rng.randrange(10**8):08d}"
        if phone not in {p for _, p in people}:
            people.append((name, phone))
    for i, (name, phone) in enumerate(people):
        rep = reps[i % len(reps)]
        c = uow.execute(select(Customer).where(
            Customer.phone == "+86" + phone)).scalar_one_or_none()
        if c is None:
            c = customers.get_or_create(uow, phone, name, owner_id=rep.id)
        rep_id = c.owner_id or rep.id
        first = now - timedelta(days=rng.randint(1, 21), hours=rng.randint(0, 6))
        c.source = rng.choice(sources)
        c.grade = rng.choice("AABBBC")
        c.purpose = rng.choice(["own", "own", "investment"])
        c.wanted_layout = rng.choice(["2室", "3室", "4室"])
        c.budget = f"{rng.choice([250, 300, 350, 400, 500])}万"
        consent.record(c, first, consent.current_version(uow))
        visits = [first]
        if rng.random() < 0.4:
            visits.append(first + timedelta(days=rng.randint(1, 5)))
        for n, at in enumerate(visits):
            if at > now:
                continue
            uow.add(Visit(customer_id=c.id, kind=ContactKind.VISIT if i % 7 else ContactKind.CALL,
                              visit_kind=VisitKind.FIRST if n == 0 else VisitKind.RETURN,
                              rep_id=rep_id, at=at,
                              party_size=rng.choice([1, 2, 2, 3]), source=c.source,
                              grade=c.grade, notes=""))
            visitors.count_visit(c, at)
        c.owner_id = rep_id
        c.owner_until = max(visits) + timedelta(days=15)
        if i % 5 == 0:
            due = (now - timedelta(days=rng.randint(0, 5))).date()
            f = followups.plan(uow, auth.get_actor(uow, "manager"), c.id, now.date(),
                               FollowUpChannel.PHONE, "询问意向", rep_id=rep_id)
            f.due = due
    followups.escalate(uow)
    desk = auth.get_actor(uow, "frontdesk")
    x = complaints.register(uow, desk, kind=ComplaintKind.COMPLAINT, channel=ComplaintChannel.VISIT,
                            description="样板间空调不制冷，客户等候时间过长",
                            customer_phone=people[3][1], rep_concerned="wangfang",
                            handler="manager")
    x.received_at = now - timedelta(hours=30)
    x.due_at = now - timedelta(hours=6)
    complaints.register(uow, desk, kind=ComplaintKind.COMPLAINT, channel=ComplaintChannel.PHONE,
                        description="电话回访过于频繁", contact_name="周先生", handler="manager")
    complaints.register(uow, desk, kind=ComplaintKind.SUGGESTION, channel=ComplaintChannel.ONLINE,
                        description="希望周末增加看房班车", contact_name="吴女士")
