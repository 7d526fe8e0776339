"""Who receives a visitor, consent asked once, a returning customer's last
registration, and the reception a form belongs to."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text

from desk.admin import settings
from desk.core.db import Database
from desk.core.errors import FieldErrors, InvalidInput
from desk.models import Reception, Visit
from desk.models.enums import ReceptionState, RepStatus
from desk.reception import rotation
from desk.visitors import consent, visitors
from desk.visitors.visitors import VisitForm
from tests.conftest import actor


def form(**kw) -> VisitForm:  # type: ignore[no-untyped-def]
    base = dict(name="黄月英", phone="13812340001", source="朋友介绍", grade="A",
                rep_login="lina", consent=True)
    base.update(kw)
    return VisitForm(**base)


def reg(db: Database, who: str = "frontdesk", **kw) -> visitors.Registered:  # type: ignore[no-untyped-def]
    with db.begin() as s:
        return visitors.register(s, actor(db, who), form(**kw))


def names(db: Database, phone: str = "") -> list[str]:
    with db.read() as s:
        return [name for name, _ in visitors.receiving_reps(s, phone)]


def test_only_sales_reps_receive_owner_first_then_rotation_then_name(staff_db: Database) -> None:
    # No manager, assistant or front desk; by name (pinyin) while nobody checked in.
    assert names(staff_db) == ["陈静", "李娜", "刘洋", "王芳", "杨帆", "张伟"]
    with staff_db.begin() as s:
        desk = actor(staff_db, "frontdesk")
        rotation.checkin(s, desk, "wangfang")
        rotation.checkin(s, desk, "zhangwei")
    assert names(staff_db) == ["王芳", "张伟", "陈静", "李娜", "刘洋", "杨帆"]
    reg(staff_db, rep_login="liuyang")
    assert names(staff_db, "138 1234 0001") == ["刘洋", "王芳", "张伟", "陈静", "李娜", "杨帆"]
    with pytest.raises(FieldErrors) as e:
        reg(staff_db, rep_login="manager", phone="13812340002")
    assert set(e.value.errors) == {"rep"}
    assert str(e.value.errors["rep"]) == "赵建国不是置业顾问，请选择接待的置业顾问。"


def test_a_manager_who_took_a_walk_in_registers_that_party(staff_db: Database) -> None:
    with staff_db.begin() as s:
        desk = actor(staff_db, "frontdesk")
        rotation.checkin(s, desk, "manager")
        a = rotation.walkin(s, desk)
    assert a.rep_login == "manager"
    assert names(staff_db)[0] == "赵建国"  # offered while his reception waits for its form
    r = reg(staff_db, rep_login="manager")
    assert r.reception_id == a.reception_id
    assert "赵建国" not in names(staff_db)


def test_consent_is_asked_once_and_again_when_the_text_changes(staff_db: Database) -> None:
    first = reg(staff_db)
    with staff_db.read() as s:
        info = visitors.lookup_phone(s, "13812340001")
        assert info is not None and info.consent_at is not None and not info.consent_outdated
        agreed = info.consent_at
    staff_db.clock_offset = timedelta(days=2)
    again = reg(staff_db, consent=False, grade="B")  # not asked again
    assert again.customer_id == first.customer_id and again.returning
    with staff_db.read() as s:
        info = visitors.lookup_phone(s, "13812340001")
        assert info is not None and info.consent_at == agreed  # when it was given
    with pytest.raises(FieldErrors) as e:
        reg(staff_db, phone="13812340002", consent=False)  # a new customer is asked
    assert set(e.value.errors) == {"consent"}

    new_text = "本人同意售楼处保存以上信息用于购房咨询、回访及签约服务。"
    with staff_db.begin() as s:
        with pytest.raises(InvalidInput):
            settings.put(s, actor(staff_db, "manager"), "visitors.consent_text", "  ")
        settings.put(s, actor(staff_db, "manager"), "visitors.consent_text", new_text)
    with staff_db.read() as s:
        info = visitors.lookup_phone(s, "13812340001")
        assert info is not None and info.consent_at is None and info.consent_outdated
    with pytest.raises(FieldErrors) as e:
        reg(staff_db, consent=False)
    assert set(e.value.errors) == {"consent"}
    reg(staff_db, consent=True)
    with staff_db.read() as s:
        info = visitors.lookup_phone(s, "13812340001")
        assert info is not None and info.consent_at is not None and info.consent_at > agreed
        version = s.execute(text("SELECT consent_version FROM customers WHERE id = :i"),
                            {"i": first.customer_id}).scalar_one()
    assert version == consent.version_of(new_text)


def test_a_returning_customers_last_registration_is_proposed(staff_db: Database) -> None:
    reg(staff_db, gender="F", source="中介", referral_code="ZJ-0042", wanted_layout="3室",
        wanted_area="90-120㎡", budget="300万", purpose="own", rep_login="zhangwei")
    reg(staff_db, source="网络广告", grade="B", rep_login="zhangwei")
    with staff_db.read() as s:
        info = visitors.lookup_phone(s, "13812340001")
    assert info is not None
    assert (info.name, info.gender, info.source, info.grade, info.referral_code,
            info.wanted_layout, info.wanted_area, info.budget, info.purpose, info.owner_login) \
        == ("黄月英", "F", "网络广告", "B", "ZJ-0042", "3室", "90-120㎡", "300万", "own",
            "zhangwei")


def test_a_form_naming_no_reception_joins_the_reps_waiting_one(staff_db: Database) -> None:
    with staff_db.begin() as s:
        desk = actor(staff_db, "frontdesk")
        rotation.checkin(s, desk, "lina")
        rotation.checkin(s, desk, "zhangwei")
        a = rotation.walkin(s, desk)
        b = rotation.walkin(s, desk)
    assert (a.rep_login, b.rep_login) == ("lina", "zhangwei")
    with staff_db.read() as s:
        to_link = visitors.receptions_to_link(s, actor(staff_db, "lina"))
    assert {k: v.id for k, v in to_link.items()} == {"lina": a.reception_id}  # her own only
    r = reg(staff_db, "lina", rep_login="lina")
    assert r.reception_id == a.reception_id
    # Left open: the user chose no reception; the assistant does not run the
    # rotation; a phone call belongs to no reception.
    reg(staff_db, rep_login="zhangwei", phone="13812340002", link_open_reception=False)
    reg(staff_db, "assistant", rep_login="zhangwei", phone="13812340003")
    reg(staff_db, "zhangwei", rep_login="zhangwei", phone="13812340004", kind="call")
    with staff_db.read() as s:
        assert [(w.id, w.rep_login) for w in visitors.receptions_without_form(s)] == \
            [(b.reception_id, "zhangwei")]
    linked = reg(staff_db, rep_login="zhangwei", phone="13812340005")  # the desk, for him
    assert linked.reception_id == b.reception_id
    with staff_db.read() as s:
        rows = s.execute(select(Reception.id, Reception.state, Reception.customer_id)
                         .order_by(Reception.id)).all()
        assert [tuple(x) for x in rows] == [
            (a.reception_id, ReceptionState.CLOSED, r.customer_id),
            (b.reception_id, ReceptionState.CLOSED, linked.customer_id)]
        assert s.execute(select(Visit.reception_id).where(Visit.id == linked.visit_id)
                         ).scalar_one() == b.reception_id
        assert {x.login: x.status for x in rotation.board(s)} == {
            "lina": RepStatus.WAITING, "zhangwei": RepStatus.WAITING}
        assert visitors.receptions_without_form(s) == []


def test_consent_given_before_versions_counts_for_the_first_text(any_db: Database) -> None:
    """Revision 0009 records the consents already given as given to the text of
    that time, the setting's first value."""
    from alembic import command
    from alembic.config import Config

    from desk.core.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with any_db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008")
        conn.commit()
    with any_db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO customers (name, phone, created_at, consent_at) VALUES "
            "('黄承彦', '+8613812340009', '2026-01-01 00:00:00', '2026-01-01 00:00:00'), "
            "('黄夫人', '+8613812340008', '2026-01-01 00:00:00', NULL)"))
    any_db.migrate()
    with any_db.read() as s:
        rows = s.execute(text("SELECT name, consent_version FROM customers ORDER BY name")).all()
        assert sorted(tuple(x) for x in rows) == sorted(
            [("黄承彦", consent.current_version(s)), ("黄夫人", None)])
        assert consent.current_version(s) == consent.version_of(
            settings.DEFAULTS["visitors.consent_text"])
