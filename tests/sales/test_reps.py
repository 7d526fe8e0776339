"""Every claim names its 置业顾问 (the sales rep credited), apart from the
operator who typed it; the documents and lists show the rep."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from desk.admin import auth, projects
from desk.core.db import Database
from desk.core.errors import InvalidInput, NotFound
from desk.customers import customers
from desk.models import Claim, Customer, User
from desk.sales import claims, units
from tests.conftest import actor

OWNED, NEW = "13812340001", "13812340002"


@pytest.fixture
def showroom(any_db: Database) -> Database:
    """The demo's people and units, and a customer owned by 张伟 (zhangwei)."""
    from desk.demo import showroom as demo

    with any_db.begin() as s:
        for login, name, role in demo.DEMO_USERS:
            auth.create_user(s, None, login, name, role, demo.DEMO_PASSWORD)
        p = projects.create_project(s, None, "翠湖天地", "翠湖置业", "深房许字（2026）1号")
        demo.load_units(s, p.id)
        zhang = auth.get_user(s, "zhangwei")
        c = customers.get_or_create(s, OWNED, "王老板", owner_id=zhang.id)
        c.owner_until = s.now + timedelta(days=15)
    return any_db


def pid(db: Database) -> int:
    with db.read() as s:
        return projects.find_project(s, None).id


def do(db: Database, fn, *args, **kw):  # type: ignore[no-untyped-def]
    with db.begin() as s:
        return fn(s, *args, **kw)


def login_of(db: Database, user_id: int | None) -> str | None:
    with db.read() as s:
        return s.get(User, user_id).login if user_id is not None else None


def price(db: Database, code: str) -> Decimal:
    with db.read() as s:
        return units.rows(s, pid(db), code=code)[0].list_price


def test_the_assistants_deal_is_credited_to_the_customers_owner(showroom: Database) -> None:
    """Hold, subscription and contract typed by the assistant: 置业顾问 张伟 on the
    unit, the deals list and every claim; the assistant is the operator."""
    p, asst = pid(showroom), actor(showroom, "assistant")
    hold = do(showroom, claims.hold, asst, p, "1-1501", customer_phone=OWNED)
    sub = do(showroom, claims.subscribe, asst, p, "1-1501", customer_phone=OWNED, deposit=50000,
             agreed_price=price(showroom, "1-1501"), hold_id=hold.id)
    con = do(showroom, claims.contract, asst, p, "1-1501")
    assert [login_of(showroom, c.rep_id) for c in (hold, sub, con)] == ["zhangwei"] * 3
    assert [login_of(showroom, c.created_by) for c in (hold, sub, con)] == ["assistant"] * 3
    with showroom.read() as s:
        row = units.rows(s, p, code="1-1501")[0]
        deal = claims.deals(s, p)[0]
    assert (row.rep, row.operator, deal.rep) == ("张伟", "孙晓燕", "张伟")


def test_an_assistant_must_name_the_rep_of_a_customer_without_one(showroom: Database) -> None:
    p, asst = pid(showroom), actor(showroom, "assistant")
    with pytest.raises(InvalidInput) as e:
        do(showroom, claims.hold, asst, p, "1-1501", customer_phone=NEW, customer_name="新客户")
    assert e.value.field == "rep" and str(e.value) == "请选择置业顾问：该客户没有归属的置业顾问。"
    with pytest.raises(InvalidInput) as e:  # a direct subscription, the same rule
        do(showroom, claims.subscribe, asst, p, "1-1502", customer_phone=NEW,
           customer_name="新客户", deposit=50000, agreed_price=price(showroom, "1-1502"))
    assert e.value.field == "rep"
    c = do(showroom, claims.hold, asst, p, "1-1501", customer_phone=NEW, customer_name="新客户",
           rep_login="wangfang")
    assert login_of(showroom, c.rep_id) == "wangfang"
    with showroom.read() as s:  # the new customer belongs to the rep named
        owner = s.execute(select(Customer.owner_id).where(Customer.id == c.customer_id)).scalar()
    assert login_of(showroom, owner) == "wangfang"


@pytest.mark.parametrize("login,error,message", [
    ("manager", InvalidInput, "赵建国 不是在职的置业顾问。"),
    ("assistant", InvalidInput, "孙晓燕 不是在职的置业顾问。"),
    ("chenjing", InvalidInput, "陈静 不是在职的置业顾问。"),  # deactivated below
    ("nobody", NotFound, "没有登录名为 nobody 的置业顾问。"),
])
def test_only_an_active_sales_rep_is_a_rep(showroom: Database, login, error, message) -> None:
    """The manager does not count: a manager's own sale names a rep."""
    do(showroom, auth.set_active, None, "chenjing", False)
    with pytest.raises(error) as e:
        do(showroom, claims.hold, actor(showroom, "manager"), pid(showroom), "1-1501",
           customer_phone=OWNED, rep_login=login)
    assert e.value.field == "rep" and str(e.value) == message


def test_a_rep_acting_is_the_default_only_without_an_owner(showroom: Database) -> None:
    p, lina = pid(showroom), actor(showroom, "lina")
    mine = do(showroom, claims.hold, lina, p, "1-1501", customer_phone=NEW, customer_name="新客户")
    theirs = do(showroom, claims.hold, lina, p, "1-1502", customer_phone=OWNED)
    assert login_of(showroom, mine.rep_id) == "lina"
    assert login_of(showroom, theirs.rep_id) == "zhangwei"  # the owner, for the commission


def test_a_lapsed_ownership_is_no_default(showroom: Database) -> None:
    showroom.clock_offset = timedelta(days=16)
    with pytest.raises(InvalidInput) as e:
        do(showroom, claims.hold, actor(showroom, "assistant"), pid(showroom), "1-1501",
           customer_phone=OWNED)
    assert e.value.field == "rep"


def test_a_named_rep_replaces_the_holds_rep_at_subscription(showroom: Database) -> None:
    p, asst = pid(showroom), actor(showroom, "assistant")
    do(showroom, claims.hold, actor(showroom, "lina"), p, "1-1501", customer_phone=NEW,
       customer_name="新客户")
    kept = do(showroom, claims.subscribe, asst, p, "1-1501", customer_phone=NEW, deposit=50000,
              agreed_price=price(showroom, "1-1501"))
    assert login_of(showroom, kept.rep_id) == "lina"
    do(showroom, claims.hold, actor(showroom, "lina"), p, "1-1502", customer_phone=NEW)
    named = do(showroom, claims.subscribe, asst, p, "1-1502", customer_phone=NEW, deposit=50000,
               agreed_price=price(showroom, "1-1502"), rep_login="yangfan")
    assert login_of(showroom, named.rep_id) == "yangfan"


def test_the_form_is_told_the_default_the_service_would_take(showroom: Database) -> None:
    p = pid(showroom)
    asst, lina = actor(showroom, "assistant"), actor(showroom, "lina")
    do(showroom, claims.hold, actor(showroom, "yangfan"), p, "1-1502", customer_phone=NEW,
       customer_name="新客户")
    with showroom.read() as s:
        assert claims.suggest_rep(s, asst, p, "1-1501", OWNED) == "zhangwei"
        assert claims.suggest_rep(s, asst, p, "1-1501", "13899999999") is None
        assert claims.suggest_rep(s, asst, p, "1-1501", "138") is None  # still typing
        assert claims.suggest_rep(s, lina, p, "1-1501", "13899999999") == "lina"
        assert claims.suggest_rep(s, asst, p, "1-1502", NEW) == "yangfan"  # the hold's rep
        reps = claims.form_defaults(s).reps  # the choices: the active reps, by name
    assert {r.login for r in reps} == {"lina", "zhangwei", "wangfang", "liuyang", "chenjing",
                                       "yangfan"}
    assert [r.name for r in reps] == sorted(r.name for r in reps)


def test_migration_repairs_claims_booked_to_the_typist(showroom: Database) -> None:
    """0007: a claim whose rep is not a sales rep takes the customer's owner when
    that is a rep; one whose customer has no rep as owner keeps what it had.
    (The repair runs alone here: the later revisions have their own downgrades.)"""
    import importlib

    from sqlalchemy import text

    repair = importlib.import_module("desk.migrations.versions.0007_claim_rep_and_approvals")
    p, asst = pid(showroom), actor(showroom, "assistant")
    owned = do(showroom, claims.hold, asst, p, "1-1501", customer_phone=OWNED)
    orphan = do(showroom, claims.hold, asst, p, "1-1502", customer_phone=NEW,
                customer_name="新客户", rep_login="lina")
    signed = do(showroom, claims.hold, actor(showroom, "zhangwei"), p, "1-1503",
                customer_phone="13812340003", customer_name="自己的客户")
    with showroom.begin() as s:  # as the old code booked them: to the assistant
        a_id = auth.get_user(s, "assistant").id
        for cid in (owned.id, orphan.id):
            s.get_one(Claim, cid).rep_id = a_id
        s.get_one(Customer, orphan.customer_id).owner_id = a_id
    with showroom.engine.begin() as conn:
        conn.execute(text(repair.REPAIR_REPS))
    with showroom.read() as s:
        reps = {c.id: login_of(showroom, c.rep_id) for c in s.execute(select(Claim)).scalars()}
    assert reps == {owned.id: "zhangwei", orphan.id: "assistant", signed.id: "zhangwei"}


def test_the_documents_name_the_rep_not_the_typist(showroom: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The slip, the subscription agreement and the contract print 置业顾问 张伟
    for a deal the assistant typed (read back from the PDFs)."""
    import shutil
    import subprocess

    from desk.demo.showroom import demo_id
    from desk.documents import prints

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    p, asst = pid(showroom), actor(showroom, "assistant")

    def text(kind: str, ref: str) -> str:
        with showroom.read() as s:
            pdf = prints.render(s, asst, kind, p, ref).pdf
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                             text=True, check=True).stdout
        return "".join(out.split())

    hold = do(showroom, claims.hold, asst, p, "1-1501", customer_phone=OWNED)
    slip = text("slip", "1-1501")
    do(showroom, claims.subscribe, asst, p, "1-1501", customer_phone=OWNED, deposit=50000,
       agreed_price=price(showroom, "1-1501"), hold_id=hold.id, id_number=demo_id(1))
    agreement = text("subscription", "1-1501")
    number = do(showroom, claims.contract, asst, p, "1-1501").contract_number
    contract = text("contract", number)
    for doc in (slip, agreement, contract):
        assert "置业顾问张伟" in doc and "置业顾问孙晓燕" not in doc
