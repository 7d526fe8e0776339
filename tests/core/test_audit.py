"""The audit log: every service change recorded with old and new values, one
hash chain that `desk audit verify` checks, erasure that scrubs without
breaking it, and one chain from concurrent writers."""

from __future__ import annotations

import json
import multiprocessing
import socket
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from desk.admin import auth, projects, settings
from desk.core import audit
from desk.core.db import Database
from desk.models import AccessLog, AuditEntry
from desk.sales import claims
from desk.visitors import followups, visitors
from desk.visitors.visitors import VisitForm
from tests.cli.test_cli import run
from tests.conftest import actor


def entries(db: Database, after: int = 0) -> list[AuditEntry]:
    with db.read() as s:
        return list(s.execute(select(AuditEntry).where(AuditEntry.id > after)
                              .order_by(AuditEntry.id)).scalars())


def last_id(db: Database) -> int:
    with db.read() as s:
        return s.execute(text("SELECT seq FROM audit_head")).scalar_one()


def values(e: AuditEntry) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    return (None if e.old_values is None else json.loads(e.old_values),
            None if e.new_values is None else json.loads(e.new_values))


def staff(db: Database, units: int = 0) -> int:
    """The demo's staff, a project and `units` available units; its id."""
    from desk.demo import showroom as demo
    from desk.sales.pricelist import ImportReport, ParsedUnit, apply

    db.migrate()
    with db.begin() as s:
        for login, name, role in demo.DEMO_USERS:
            auth.create_user(s, None, login, name, role, demo.DEMO_PASSWORD)
        pid = projects.create_project(s, None, demo.DEMO_PROJECT, "翠湖置业", "深房许字（2026）1号").id
        if units:
            apply(s, auth.OPERATOR, pid, [ParsedUnit(
                row=i, building="1栋", entrance="", floor=i, room=f"{i}01", code=f"1-{i}01",
                layout="3室2厅", orientation="南", usage="住宅", gross_area=Decimal("100"),
                inner_area=None, unit_price=Decimal("30000"), list_price=Decimal("3000000"),
                floor_price=None) for i in range(1, units + 1)], ImportReport())
    return pid


# --- recording ---------------------------------------------------------------


def test_a_hold_a_setting_and_a_user_change_are_recorded_with_old_and_new(db: Database) -> None:
    pid = staff(db, units=2)
    imported = [e for e in entries(db) if e.action == "import"]
    assert len(imported) == 1 and imported[0].table_name == "units"
    assert values(imported[0])[1] == {"project_id": pid, "units": 2, "claims": 0,
                                      "unit_events": 2, "codes": "1-101 … 1-201"}
    start = last_id(db)
    lina = actor(db, "lina")
    with db.begin() as s:
        s.acting_as(lina.login, lina.id)
        claim = claims.hold(s, lina, pid, "1-101", customer_phone="13812340001",
                            customer_name="钱多多")
    got = entries(db, start)
    assert {(e.actor, e.actor_id, e.host) for e in got} == {("lina", lina.id, socket.gethostname())}
    assert len({e.at for e in got}) == 1  # one action, one moment (the database's)
    by = {(e.action, e.table_name): e for e in got}
    assert set(by) == {("insert", "customers"), ("insert", "claims"), ("update", "units"),
                       ("insert", "unit_events")}
    old, new = values(by["update", "units"])
    assert (old, new) == ({"status": "available", "version": 1}, {"status": "held", "version": 2})
    _, new = values(by["insert", "claims"])
    assert new is not None and (new["id"], new["kind"], new["state"]) == (claim.id, "hold", "active")
    assert by["insert", "claims"].customer_id == new["customer_id"]
    assert by["insert", "customers"].customer_id == new["customer_id"]

    start = last_id(db)
    manager = actor(db, "manager")
    for minutes in (45, 50):
        with db.begin() as s:
            s.acting_as(manager.login, manager.id)
            settings.put(s, manager, "hold.ttl_minutes", minutes)
    first, second = entries(db, start)
    assert (first.action, first.table_name, first.row_key) == ("insert", "settings",
                                                               "hold.ttl_minutes")
    assert values(first) == (None, {"key": "hold.ttl_minutes", "value": "45"})
    assert (second.action, values(second)) == ("update", ({"value": "45"}, {"value": "50"}))
    assert second.actor == "manager"

    start = last_id(db)
    admin = actor(db, "admin")
    with db.begin() as s:
        s.acting_as(admin.login, admin.id)
        auth.set_active(s, admin, "zhangwei", False)
        auth.set_password(s, admin, "zhangwei", "another-secret")
    got = entries(db, start)
    assert [(e.action, e.table_name, e.actor) for e in got] == [("update", "users", "admin")] * 2
    assert [values(e) for e in got] == [({"active": True}, {"active": False}),
                                        ({"password_hash": "***"}, {"password_hash": "***"})]
    with db.read() as s:
        hashes = [h for (h,) in s.execute(text("SELECT password_hash FROM users"))]
        log = " ".join(f"{e.old_values} {e.new_values}" for e in entries(db))
        assert not any(h in log for h in hashes)  # secrets never written
        assert audit.verify(s).entries == last_id(db)


def test_a_failed_action_leaves_no_entry_and_a_bulk_update_is_recorded(db: Database) -> None:
    from desk.core.errors import Conflict
    from desk.models import ApprovalRequest
    from desk.sales import approvals

    pid = staff(db, units=1)
    lina = actor(db, "lina")
    with db.begin() as s:
        claims.hold(s, lina, pid, "1-101", customer_phone="13812340001", customer_name="钱多多")
    start = last_id(db)
    with pytest.raises(Conflict), db.begin() as s:
        claims.hold(s, lina, pid, "1-101", customer_phone="13812340002", customer_name="孙二")
    assert entries(db, start) == []
    with db.begin() as s:
        req = ApprovalRequest(project_id=pid, kind="discount", unit_id=1, requested_by=lina.id,
                              requested_at=s.now, params="{}", state="pending")
        s.add(req)
    with db.begin() as s:  # a compare-and-set UPDATE statement
        approvals.withdraw(s, lina, req.id)
    insert, change = entries(db, start)
    assert (insert.action, change.action, change.table_name) == ("insert", "update",
                                                                 "approval_requests")
    assert values(change) == ({"state": "pending"}, {"state": "withdrawn"})


# --- tampering ---------------------------------------------------------------


def _unguard(db: Database) -> None:
    """What someone editing the database by hand does first: the append-only
    guard goes (dropped on SQLite, switched off on PostgreSQL)."""
    with db.engine.begin() as c:
        if db.is_sqlite:
            c.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
            c.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        else:
            c.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")


def verify_cli(db: Database) -> tuple[int, str]:
    p = run(db.url, "--lang", "en", "audit", "verify", "--user", "manager", ok=False)
    assert "Traceback" not in p.stderr
    return p.returncode, (p.stdout + p.stderr).strip()


def test_an_entry_edited_deleted_or_inserted_in_the_database_is_named(any_db: Database) -> None:
    db = any_db
    staff(db)
    n = last_id(db)
    assert n > 10
    code, out = verify_cli(db)
    assert code == 0 and out.startswith(f"Audit log intact: {n} entries, last hash ")
    # The application's guard refuses both, on both databases.
    for sql in ("DELETE FROM audit_log WHERE id = 5", "UPDATE audit_log SET actor = 'x' WHERE id = 5",
                "UPDATE audit_log SET new_values = '{}' WHERE id = 5"):
        with pytest.raises(Exception, match="append-only"), db.engine.begin() as c:
            c.exec_driver_sql(sql)
    _unguard(db)
    with db.read() as s:
        row = s.execute(text("SELECT new_values, hash FROM audit_log WHERE id = 5")).one()

    with db.engine.begin() as c:  # an edited payload
        c.execute(text("UPDATE audit_log SET new_values = :v WHERE id = 5"),
                  {"v": row.new_values.replace("李娜", "李四")})
    assert verify_cli(db) == (11, "desk: Audit log entry 5: values altered.")
    with db.engine.begin() as c:  # the payload and its digest: the hash gives it away
        fake = json.loads(row.new_values.replace("李娜", "李四"))
        c.execute(text("UPDATE audit_log SET new_values = :v, digest = :d WHERE id = 5"),
                  {"v": audit.canonical(fake), "d": audit.payload_digest(None, fake)})
    assert verify_cli(db) == (11, "desk: Audit log entry 5: altered (or inserted directly).")
    with db.engine.begin() as c:
        c.execute(text("UPDATE audit_log SET new_values = :v, digest = :d WHERE id = 5"),
                  {"v": row.new_values, "d": audit.payload_digest(None, json.loads(row.new_values))})
    assert verify_cli(db)[0] == 0

    with db.engine.begin() as c:  # a deleted entry
        c.execute(text("CREATE TABLE kept AS SELECT * FROM audit_log WHERE id = 7"))
        c.execute(text("DELETE FROM audit_log WHERE id = 7"))
    assert verify_cli(db) == (11, "desk: Audit log entry 7: deleted.")
    with db.engine.begin() as c:
        c.execute(text("INSERT INTO audit_log SELECT * FROM kept"))
        c.execute(text("DROP TABLE kept"))
    assert verify_cli(db)[0] == 0

    n = last_id(db)
    with db.engine.begin() as c:  # an entry added at the end, chained as well as one can
        c.execute(text(
            "INSERT INTO audit_log (id, at, actor, actor_id, host, action, table_name, row_key, "
            "customer_id, old_values, new_values, digest, prev_hash, hash, redacted) "
            "SELECT id + 1, at, 'manager', actor_id, host, 'update', 'users', '2', NULL, "
            "'{\"role\":\"manager\"}', '{\"role\":\"admin\"}', digest, hash, hash, redacted "
            "FROM audit_log WHERE id = :n"), {"n": n})
    assert verify_cli(db) == (11, f"desk: Audit log entry {n + 1}: values altered.")
    with db.engine.begin() as c:
        c.execute(text("DELETE FROM audit_log WHERE id = :n"), {"n": n + 1})
        c.execute(text("DELETE FROM audit_log WHERE id = :n"), {"n": n})  # the last one
    assert verify_cli(db) == (11, f"desk: Audit log entry {n}: deleted (entries missing at the "
                                  "end of the log).")


# --- erasure -----------------------------------------------------------------


def test_erasure_scrubs_the_audit_and_access_logs_and_the_chain_holds(any_db: Database) -> None:
    db = any_db
    staff(db)
    name, phone, idn = "欧阳娜娜", "13612398765", "110101199003074477"
    with db.begin() as s:
        r = visitors.register(s, actor(db, "frontdesk"), VisitForm(
            name=name, phone=phone, id_number=idn, source="朋友介绍", grade="A",
            rep_login="lina", consent=True, notes="喜欢高楼层"))
        followups.plan(s, actor(db, "lina"), r.customer_id, s.now.date(), "wechat",
                       f"给{name}发户型图")
    # The searches that found her, as `desk visitors find` logs them.
    assert run(db.url, "visitors", "find", phone, "--user", "manager").returncode == 0
    assert run(db.url, "visitors", "find", "136 1239 8765", "--user", "manager").returncode == 0
    assert run(db.url, "visitors", "find", name, "--user", "manager").returncode == 0
    with db.read() as s:
        log = " ".join(f"{e.old_values} {e.new_values}" for e in entries(db))
        assert phone in log and name in log
        details = list(s.execute(select(AccessLog.detail).order_by(AccessLog.id)).scalars())
        assert details == [f"find '{phone}': 1", "find '136 1239 8765': 1", f"find '{name}': 1"]
    before = last_id(db)
    with db.begin() as s:
        manager = actor(db, "manager")
        s.acting_as(manager.login, manager.id)
        visitors.erase(s, manager, r.customer_id, "客户要求删除")
    db.scrub()
    with db.read() as s:
        details = list(s.execute(select(AccessLog.detail).order_by(AccessLog.id)).scalars())
        assert details == ["find '<erased>': 1", "<erased>", "find '<erased>': 1", "客户要求删除"]
        everything = entries(db)
        log = " ".join(f"{e.old_values} {e.new_values}" for e in everything)
        for secret in (name, phone, idn, "欧阳", "喜欢高楼层"):
            assert secret not in log, secret
        (erasure,) = [e for e in everything if e.action == "erase"]
        assert erasure.id > before and erasure.actor == "manager"
        redacted = [e.id for e in everything if e.redacted]
        assert redacted and values(erasure)[1] == {"redacted": redacted, "access_log": [1, 2, 3]}
        # The searches' entries name her only in their text: found by it.
        assert all(e.id in redacted for e in everything
                   if e.table_name == "access_log" and e.id < before)
        assert audit.verify(s).entries == last_id(db)
    assert verify_cli(db)[0] == 0
    if db.is_sqlite:  # nothing left in the file, free pages and WAL included
        path = Path(db.url.removeprefix("sqlite:///"))
        data = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        for secret in (name, phone, phone[3:], idn, "欧阳"):
            assert secret.encode() not in data, secret

    # A redaction no erasure names (the one update the guard lets through) is caught.
    victim = next(e.id for e in everything if not e.redacted and e.action == "insert")
    with db.engine.begin() as c:
        c.execute(text("UPDATE audit_log SET old_values = NULL, new_values = NULL, redacted = :t "
                       "WHERE id = :i"), {"i": victim, "t": True})
    assert verify_cli(db) == (11, f"desk: Audit log entry {victim}: values emptied with no "
                                  "erasure naming it.")


# --- concurrency -------------------------------------------------------------


def _holder(url: str, code: str, rounds: int) -> None:
    from desk.core.db import Database as Db
    from tests.conftest import actor as who

    db = Db(url)
    lina = who(db, "lina")
    with db.read() as s:
        pid = projects.find_project(s, None).id
    for i in range(rounds):
        with db.begin() as s:
            s.acting_as(lina.login, lina.id)
            claims.hold(s, lina, pid, code, customer_phone=f"1381234{i:04d}", customer_name="测")
        with db.begin() as s:
            s.acting_as(lina.login, lina.id)
            claims.release(s, lina, pid, code)
    db.dispose()


@pytest.mark.postgres
def test_concurrent_writers_leave_one_unbroken_chain(pg_db: Database) -> None:
    staff(pg_db, units=4)
    start = last_id(pg_db)
    rounds = 10
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_holder, args=(pg_db.url, f"1-{i}01", rounds))
               for i in range(1, 5)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    with pg_db.read() as s:
        assert audit.verify(s).entries == last_id(pg_db)
        events = s.execute(text("SELECT count(*) FROM unit_events WHERE action IN "
                                "('hold', 'release')")).scalar_one()
    got = entries(pg_db, start)
    assert events == 4 * rounds * 2
    assert sum(e.table_name == "unit_events" for e in got) == events
    assert [e.id for e in got] == list(range(start + 1, start + len(got) + 1))


@pytest.mark.sqlite_only(reason="the SQLite file's own guard")
def test_the_sqlite_file_is_guarded_too(db: Database) -> None:
    staff(db)
    path = db.url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as c, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        c.execute("DELETE FROM audit_log")


# --- reading: the entries in words -------------------------------------------


def _lock(db: Database, login: str, times: int) -> None:
    """`times` wrong passwords for `login`, as the login window counts them."""
    from desk.core.errors import AuthenticationFailed

    for _ in range(times):
        with pytest.raises(AuthenticationFailed), db.begin() as s:
            auth.login(s, login, "wrong-password", sign_in=True)


def _shown(db: Database, who: str = "manager", **f: Any) -> list[tuple[str, str, str]]:
    from desk.admin import audit as reading

    with db.read() as s:
        page = reading.entries(s, actor(db, who), reading.Filters(**f))
    return [(x.action, x.what, x.change) for x in map(reading.present, page.entries)]


@pytest.fixture
def showroom_zone() -> Any:
    from desk.core import timefmt

    timefmt.set_zone("Asia/Shanghai")
    yield
    timefmt.set_zone(None)


def _local(stamp: Any) -> str:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    at = stamp if isinstance(stamp, datetime) else datetime.fromisoformat(stamp)
    return at.replace(tzinfo=UTC).astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")


def test_entries_read_in_words_in_both_languages(db: Database, showroom_zone: Any) -> None:
    from desk.core.errors import set_language
    from desk.sales import units as unit_service

    pid = staff(db, units=2)
    start = last_id(db)
    lina, manager, admin = actor(db, "lina"), actor(db, "manager"), actor(db, "admin")
    with db.begin() as s:
        s.acting_as(lina.login, lina.id)
        claims.hold(s, lina, pid, "1-101", customer_phone="13812340001", customer_name="钱多多")
    with db.begin() as s:
        s.acting_as(manager.login, manager.id)
        settings.put(s, manager, "hold.ttl_minutes", 45)
        settings.put(s, manager, "backup.folder", "/tmp/walk/bk")
        unit_service.withhold(s, manager, pid, "1-201", "样板间")
    with db.begin() as s:
        s.acting_as(admin.login, admin.id)
        auth.set_active(s, admin, "zhangwei", False)
    got = entries(db, start)
    expires = next(values(e)[1]["expires_at"] for e in got if e.table_name == "claims")
    try:
        shown = _shown(db)[:len(got)]
        assert shown == [
            ("修改", "账号 zhangwei 张伟", "启用：是 → 否"),
            ("新增", "房源历史 1-201", "动作：下架；操作人：manager 赵建国；时间："
             f"{_local(got[-2].at)}；原状态：可售；原因：样板间；新状态：不可售；房源：1-201"),
            ("修改", "房源 1-201", "状态：可售 → 不可售"),
            ("新增", "设置 备份文件夹（留空为数据文件夹下的 backups）", "值：/tmp/walk/bk"),
            ("新增", "设置 预留时长（分钟）", "值：45"),
            ("新增", "房源历史 1-101", "动作：预留；操作人：lina 李娜；时间："
             f"{_local(got[0].at)}；预留或成交：1-101；原状态：可售；新状态：预留；房源：1-101"),
            ("修改", "房源 1-101", "状态：可售 → 预留"),
            ("新增", "预留与成交 1-101", f"录入时间：{_local(got[0].at)}；录入人：lina 李娜；"
             f"客户：钱多多 138****0001；预留到期：{_local(expires)}；类型：预留；价格：3000000.00；"
             f"项目：{'翠湖天地'}；置业顾问：lina 李娜；开始时间：{_local(got[0].at)}；状态：有效；"
             "房源：1-101"),
            ("新增", "客户 钱多多 138****0001", f"录入时间：{_local(got[0].at)}；姓名：钱多多；"
             "归属顾问：lina 李娜；手机：138****0001"),
        ]
        set_language("en")
        assert _shown(db)[:3] == [
            ("Changed", "Accounts zhangwei 张伟", "active: yes → no"),
            ("Added", "Unit history 1-201", "action: withheld; done by: manager 赵建国; time: "
             f"{_local(got[-2].at)}; from: available; reason: 样板间; to: withheld; unit: 1-201"),
            ("Changed", "Units 1-201", "status: available → withheld"),
        ]
        assert _shown(db, table="settings")[0] == (
            "Added", "Settings Backup folder (empty: backups in the data folder)",
            "value: /tmp/walk/bk")
    finally:
        set_language("zh_CN")


def test_text_finds_the_names_shown_a_login_and_a_unit_code(db: Database) -> None:
    pid = staff(db, units=2)
    lina, manager = actor(db, "lina"), actor(db, "manager")
    with db.begin() as s:
        s.acting_as(lina.login, lina.id)
        claims.hold(s, lina, pid, "1-101", customer_phone="13812340001", customer_name="钱多多")
    with db.begin() as s:
        s.acting_as(lina.login, lina.id)
        claims.release(s, lina, pid, "1-101")
    with db.begin() as s:
        s.acting_as(manager.login, manager.id)
        settings.put(s, manager, "hold.ttl_minutes", 45)
    # The unit's code is stored in no entry of the hold but the history's: the
    # claim's release names only its id, the unit's change only its number.
    # (The entries of one transaction come in no set order: compared sorted.)
    assert sorted((a, w) for a, w, _ in _shown(db, text="1-101")) == sorted([
        ("新增", "房源历史 1-101"), ("修改", "房源 1-101"), ("修改", "预留与成交 1-101"),
        ("新增", "房源历史 1-101"), ("修改", "房源 1-101"), ("新增", "预留与成交 1-101"),
        ("导入", "房源 翠湖天地")])  # the import's summary names the codes it brought in
    # An account by its login: its own row, and what it did.
    assert [(a, w) for a, w, _ in _shown(db, text="manager")] == [
        ("新增", "设置 预留时长（分钟）"), ("新增", "账号 manager 赵建国")]
    assert [w for _, w, _ in _shown(db, text="预留时长")] == ["设置 预留时长（分钟）"]
    # A customer by name or by the phone's end, everything about them. (Six
    # digits: four could also stand in an entry's time, by chance of the clock.)
    assert {w for _, w, _ in _shown(db, text="340001")} == {"客户 钱多多 138****0001",
                                                              "预留与成交 1-101"}
    # Digits from the phone's middle: only the row that stores them, not all about her.
    assert [w for _, w, _ in _shown(db, text="381234")] == ["客户 钱多多 138****0001"]


def test_sign_ins_refusals_and_unlocking_are_named_entries(any_db: Database,
                                                           showroom_zone: Any) -> None:
    from desk.core.errors import InvalidInput, PermissionDenied
    from desk.models import User

    db = any_db
    staff(db)
    start = last_id(db)
    with db.begin() as s:
        auth.login(s, "lina", "demo123")  # a password proving a command: no entry
    assert entries(db, start) == []
    with db.begin() as s:
        auth.login(s, "lina", "demo123", sign_in=True)
    (signed,) = entries(db, start)
    lina = actor(db, "lina")
    assert (signed.action, signed.actor, signed.actor_id, signed.table_name, signed.row_key) == (
        "login", "lina", lina.id, "users", str(lina.id))
    _lock(db, "lina", auth.LOCKOUT_ATTEMPTS + 1)  # the last one is refused: locked
    with db.read() as s:
        until = s.execute(select(User.locked_until).where(User.id == lina.id)).scalar_one()
    assert until is not None
    admin = actor(db, "admin")
    with pytest.raises(PermissionDenied), db.begin() as s:
        auth.unlock(s, actor(db, "manager"), "lina")
    with pytest.raises(InvalidInput, match="账号 zhangwei 没有被锁定。"), db.begin() as s:
        auth.unlock(s, admin, "zhangwei")
    with db.begin() as s:
        s.acting_as(admin.login, admin.id)
        auth.unlock(s, admin, "lina")
    with db.begin() as s:
        assert auth.login(s, "lina", "demo123").login == "lina"
    assert _shown(db)[:8] == [
        ("解除锁定", "账号 lina 李娜", f"锁定至：{_local(until)} → —"),
        ("登录被拒（已锁定）", "账号 lina 李娜", ""),
        ("密码错误", "账号 lina 李娜", f"密码错误（第 5 次），锁定至 {_local(until)}"),
        ("密码错误", "账号 lina 李娜", "密码错误（第 4 次）"),
        ("密码错误", "账号 lina 李娜", "密码错误（第 3 次）"),
        ("密码错误", "账号 lina 李娜", "密码错误（第 2 次）"),
        ("密码错误", "账号 lina 李娜", "密码错误（第 1 次）"),
        ("登录", "账号 lina 李娜", ""),
    ]
    assert [e.actor for e in entries(db, start)][-2:] == ["system", "admin"]
    assert len(_shown(db, action="failed")) == 5
    assert all(a == "修改" for a, _, _ in _shown(db, action="update"))
    assert [w for _, w, _ in _shown(db, action="login")] == ["账号 lina 李娜"]
    with db.read() as s:
        assert audit.verify(s).entries == last_id(db)


def test_a_payment_void_reads_as_a_void(any_db: Database) -> None:
    from desk.core.errors import set_language
    from desk.sales import payments, transition

    pid = staff(any_db, units=1)
    assistant, manager = actor(any_db, "assistant"), actor(any_db, "manager")
    with any_db.begin() as s:
        price = transition.get_unit(s, pid, "1-101").list_price
        deal = claims.subscribe(s, assistant, pid, "1-101", customer_phone="13812340001",
                                customer_name="钱多多", deposit="50000", agreed_price=price,
                                sign_by=settings.today(s), payment_method="full",
                                rep_login="lina").id
    with any_db.begin() as s:
        paid = payments.record_payment(s, assistant, deal, "100", note="定金").payment_id
    with any_db.begin() as s:
        s.acting_as(manager.login, manager.id)
        payments.void(s, manager, paid, "录错")
    try:
        shown = [(a, w) for a, w, _c in _shown(any_db, table="payments")]
        assert shown[:2] == [("作废", f"收款 {paid}"), ("新增", f"收款 {paid}")]
        set_language("en")
        assert _shown(any_db, table="payments")[0][:2] == ("Void", f"Payments {paid}")
    finally:
        set_language("zh_CN")
