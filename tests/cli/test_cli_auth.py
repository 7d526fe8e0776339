"""Who the command line trusts: every acting command proves its user, wrong
passwords lock the account as at the login window, `desk login` sessions."""

from __future__ import annotations

import json
import os
import stat
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select, text, update

from desk.admin import auth
from desk.cli.main import main
from desk.core.db import Database
from desk.core.errors import AuthenticationFailed
from desk.demo.showroom import DEMO_PASSWORD
from desk.models import PrintLog, User
from desk.models.user import CliSession
from desk.sales import units
from tests.cli.test_cli import run

NO_USER = "desk: 请用 --user 指明用户并输入密码，或先运行 desk login。"
WRONG = "desk: 登录名或密码不正确。"


def desk(db: Database, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The command run in this process, as `desk --db URL …`."""
    code = main(["--db", db.url, *args])
    out = capsys.readouterr()
    return code, out.out, out.err.strip()


def _available(db: Database) -> str:
    with db.read() as s:
        return next(r.code for r in units.rows(s, 1) if r.status == "available")


def _status(db: Database, code: str) -> str:
    with db.read() as s:
        return next(r.status for r in units.rows(s, 1) if r.code == code)


def _user(db: Database, login: str) -> User:
    with db.read() as s:
        return s.execute(select(User).where(User.login == login)).scalar_one()


def _hold(code: str, *extra: str) -> list[str]:
    return ["units", "hold", code, "--customer-phone", "13700001111", "--customer-name", "钱多多",
            "--rep", "lina", *extra]


def test_a_command_without_a_user_is_refused_and_changes_nothing(
        demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    code = _available(demo_db)
    assert desk(demo_db, capsys, *_hold(code)) == (6, "", NO_USER)
    assert _status(demo_db, code) == "available"
    assert desk(demo_db, capsys, "--lang", "en", *_hold(code))[2] == (
        "desk: Name the user with --user and give the password, or run desk login first.")
    assert desk(demo_db, capsys, *_hold(code, "--user", "assistant"))[0] == 0
    assert _status(demo_db, code) == "held"


def test_a_wrong_password_is_refused(demo_db: Database, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    code = _available(demo_db)
    monkeypatch.setenv("DESK_PASSWORD", "wrong-one")
    assert desk(demo_db, capsys, *_hold(code, "--user", "assistant")) == (6, "", WRONG)
    monkeypatch.delenv("DESK_PASSWORD")  # and no terminal to type it in
    code_, _, err = desk(demo_db, capsys, *_hold(code, "--user", "assistant"))
    assert (code_, err) == (6, "desk: 没有 assistant 的密码：请在终端输入，或设置 DESK_PASSWORD，"
                               "或先运行 desk login。")
    assert _status(demo_db, code) == "available"


def test_five_wrong_passwords_lock_the_account_everywhere(
        demo_db: Database, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    code = _available(demo_db)
    monkeypatch.setenv("DESK_PASSWORD", "wrong-one")
    for _ in range(4):
        assert desk(demo_db, capsys, *_hold(code, "--user", "assistant")) == (6, "", WRONG)
    # Counted although each command's own transaction rolled back.
    assert _user(demo_db, "assistant").failed_logins == 4
    exit_code, _, err = desk(demo_db, capsys, *_hold(code, "--user", "assistant"))
    user = _user(demo_db, "assistant")
    assert user.failed_logins == 0 and user.locked_until is not None
    with demo_db.read() as s:
        assert user.locked_until - s.now == pytest.approx(timedelta(minutes=15),
                                                          abs=timedelta(seconds=30))
    shown = (user.locked_until + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")  # Asia/Shanghai
    locked = f"desk: 密码连续 5 次不正确，账号已锁定至 {shown}。"
    assert (exit_code, err) == (6, locked)
    # The right password is refused while locked, at the command line and at the
    # login window (the same service).
    monkeypatch.setenv("DESK_PASSWORD", DEMO_PASSWORD)
    assert desk(demo_db, capsys, *_hold(code, "--user", "assistant")) == (6, "", locked)
    with pytest.raises(AuthenticationFailed) as e, demo_db.begin() as s:
        auth.login(s, "assistant", DEMO_PASSWORD)
    assert "desk: " + str(e.value) == locked
    assert _status(demo_db, code) == "available"
    # Other accounts are not locked; 15 minutes later neither is this one.
    assert desk(demo_db, capsys, "visitors", "find", "138", "--user", "frontdesk")[0] == 0
    demo_db.clock_offset = timedelta(minutes=16)
    with demo_db.begin() as s:
        assert auth.login(s, "assistant", DEMO_PASSWORD).login == "assistant"


def test_the_lockout_holds_on_both_databases(any_db: Database) -> None:
    with any_db.begin() as s:
        auth.create_first_user(s, "root", "管理员", "admin", "secret1")
    for n in range(1, 6):
        with pytest.raises(AuthenticationFailed) as e, any_db.begin() as s:
            s.add(PrintLog(at=s.now, kind="slip", ref="x", copy_no=n))  # rolled back
            auth.login(s, "root", "wrong")
        assert str(e.value).startswith("密码连续 5 次" if n == 5 else "登录名或密码不正确")
    with any_db.read() as s:
        assert s.execute(select(func.count()).select_from(PrintLog)).scalar_one() == 0
    with pytest.raises(AuthenticationFailed, match="已锁定至"), any_db.begin() as s:
        auth.login(s, "root", "secret1")


def test_a_right_password_resets_the_count(demo_db: Database) -> None:
    for password in ["x1"] * 4 + [DEMO_PASSWORD] + ["x2"] * 4:
        try:
            with demo_db.begin() as s:
                auth.login(s, "lina", password)
        except AuthenticationFailed as e:
            assert str(e) == "登录名或密码不正确。"
    assert _user(demo_db, "lina").failed_logins == 4
    assert _user(demo_db, "lina").locked_until is None


def test_the_login_window_shows_the_lock(ui_app, qtbot, demo_db: Database) -> None:
    from desk.ui.admin.login_dialog import LoginDialog

    dlg = LoginDialog(lambda: demo_db, project_name="翠湖天地")
    busy = lambda: dlg.ops is not None and dlg.ops.busy  # noqa: E731
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.login_edit, "lina")
    message = dlg.errors.fields["password"][1]
    for _ in range(5):
        message.setText("")
        dlg.password_edit.clear()
        qtbot.keyClicks(dlg.password_edit, "nope123")
        qtbot.keyClick(dlg.password_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: message.text() != "" and not busy(), timeout=5000)
    until = _user(demo_db, "lina").locked_until
    assert until is not None
    shown = (until + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
    assert message.text() == f"密码连续 5 次不正确，账号已锁定至 {shown}。"
    message.setText("")
    dlg.password_edit.clear()
    qtbot.keyClicks(dlg.password_edit, DEMO_PASSWORD)
    qtbot.keyClick(dlg.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: message.text() != "" and not busy(), timeout=5000)
    assert message.text() == f"密码连续 5 次不正确，账号已锁定至 {shown}。"
    assert dlg.actor is None
    # The whole message is on screen: the dialog grew to the wrapped lines.
    assert message.height() >= message.heightForWidth(message.width())
    assert message.geometry().bottom() < dlg.contentsRect().bottom()


def test_a_wrong_approver_password_is_counted_and_approves_nothing(
        demo_db: Database, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    with demo_db.read() as s:
        row = next(r for r in units.rows(s, 1) if r.status == "available")
    assert row.list_price is not None
    price = str((row.list_price * Decimal("0.97")).quantize(Decimal("1")))
    subscribe = ["units", "subscribe", row.code, "--customer-phone", "13700002222",
                 "--customer-name", "孙少", "--deposit", "50000", "--price", price,
                 "--rep", "lina", "--user", "assistant", "--approver", "manager"]
    exit_code, _, err = desk(demo_db, capsys, *subscribe)
    assert (exit_code, err) == (6, "desk: 没有审批经理 manager 的密码：请在终端输入，或设置 "
                                   "DESK_APPROVER_PASSWORD。")
    monkeypatch.setenv("DESK_APPROVER_PASSWORD", "guess-1")
    assert desk(demo_db, capsys, *subscribe) == (6, "", WRONG)
    assert _user(demo_db, "manager").failed_logins == 1
    assert _status(demo_db, row.code) == "available"
    monkeypatch.setenv("DESK_APPROVER_PASSWORD", DEMO_PASSWORD)
    assert desk(demo_db, capsys, *subscribe)[0] == 0
    assert _status(demo_db, row.code) == "subscribed"
    assert _user(demo_db, "manager").failed_logins == 0


def test_login_session_then_commands_without_a_password(db: Database, tmp_path: Path) -> None:
    run(db.url, "demo")
    p = run(db.url, "login", "--user", "manager", "--hours", "2")
    assert p.stdout.startswith("已登录为 manager，至 ")
    path = Path(os.environ["DESK_DATA_DIR"]) / "cli-session"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = json.loads(path.read_text())
    assert saved["database"] == db.description and saved["login"] == "manager"
    with db.read() as s:
        row = s.execute(select(CliSession)).scalar_one()
        assert row.expires_at - row.created_at == timedelta(hours=2)
        assert saved["token"] not in row.token_hash  # only its digest is kept
    env_password = os.environ.pop("DESK_PASSWORD")
    try:
        rows = json.loads(run(db.url, "visitors", "find", "138", "--json").stdout)
        assert rows and all("*" not in r["phone"] for r in rows)  # a manager sees them
        # Another user named: the session does not stand for them.
        p = run(db.url, "visitors", "find", "138", "--user", "frontdesk", ok=False)
        assert p.returncode == 6 and "frontdesk" in p.stderr
        # The session counts on its own database only.
        other = Database(f"sqlite:///{tmp_path / 'other.sqlite3'}")
        run(other.url, "demo")
        assert run(other.url, "visitors", "find", "138", ok=False).returncode == 6
        other.dispose()
        with db.begin() as s:
            s.execute(update(CliSession).values(expires_at=s.now - timedelta(seconds=1)))
        p = run(db.url, "visitors", "find", "138", ok=False)
        assert (p.returncode, p.stderr.strip()) == (
            6, "desk: 登录会话已过期或无效：请重新运行 desk login。")
    finally:
        os.environ["DESK_PASSWORD"] = env_password
    assert run(db.url, "logout").stdout.strip() == "已退出登录"
    assert not path.exists()
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(CliSession)).scalar_one() == 0


def test_login_hours_are_bounded(demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert desk(demo_db, capsys, "login", "--user", "lina", "--hours", "169") == (
        2, "", "desk: 会话时长须在 1 到 168 小时之间。")
    assert not (Path(os.environ["DESK_DATA_DIR"]) / "cli-session").exists()


def test_only_an_administrator_manages_users(
        demo_db: Database, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESK_NEW_PASSWORD", "taken-over")
    code, _, err = desk(demo_db, capsys, "users", "passwd", "manager", "--user", "assistant")
    assert (code, err) == (5, "desk: 孙晓燕（销售助理）无权管理用户。")
    code, _, err = desk(demo_db, capsys, "users", "add", "boss", "--name", "X", "--role", "admin",
                        "--user", "assistant")
    assert code == 5
    assert desk(demo_db, capsys, "users", "add", "boss", "--name", "X", "--role", "admin")[0] == 6
    assert desk(demo_db, capsys, "users", "disable", "manager", "--user", "manager")[0] == 5
    with demo_db.read() as s:
        assert auth.login(s, "manager", DEMO_PASSWORD).login == "manager"
        assert s.execute(select(User).where(User.login == "boss")).first() is None
    # One's own password, proven by the current one; anyone's as an administrator.
    assert desk(demo_db, capsys, "users", "passwd", "lina")[0] == 0
    assert desk(demo_db, capsys, "users", "add", "boss", "--name", "X", "--role", "manager",
                "--user", "admin")[0] == 0
    with demo_db.read() as s:
        assert auth.login(s, "lina", "taken-over").login == "lina"
        assert auth.login(s, "boss", "taken-over").role == "manager"
    monkeypatch.delenv("DESK_NEW_PASSWORD")  # and no terminal to type it in
    code, _, err = desk(demo_db, capsys, "users", "passwd", "frontdesk", "--user", "admin")
    assert (code, err) == (2, "desk: 没有终端可以输入新密码：请设置 DESK_NEW_PASSWORD。")


def test_the_first_administrator_needs_no_user(
        db: Database, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DESK_PASSWORD")
    monkeypatch.setenv("DESK_NEW_PASSWORD", "secret1")
    code, _, err = desk(db, capsys, "users", "add", "boss", "--name", "老板", "--role", "manager")
    assert (code, err) == (2, "desk: 第一个账号必须是系统管理员（admin）。")
    assert desk(db, capsys, "users", "add", "root", "--name", "管理员", "--role", "admin")[:2] == (
        0, "已添加用户 root\n")
    assert desk(db, capsys, "users", "add", "boss", "--name", "老板", "--role", "manager")[0] == 6
    monkeypatch.setenv("DESK_PASSWORD", "secret1")
    assert desk(db, capsys, "users", "add", "boss", "--name", "老板", "--role", "manager",
                "--user", "root")[0] == 0


def test_printing_a_contract_needs_a_user_with_the_right(
        demo_db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with demo_db.read() as s:
        number = next(r.contract_number for r in units.rows(s, 1) if r.contract_number)
    out = tmp_path / "contract.pdf"
    assert desk(demo_db, capsys, "print", "contract", number, "-o", str(out)) == (6, "", NO_USER)
    code, _, err = desk(demo_db, capsys, "print", "contract", number, "-o", str(out),
                        "--user", "frontdesk")
    assert (code, err) == (5, "desk: 王小丽（前台）无权打印单据。")
    assert not out.exists()
    with demo_db.read() as s:
        assert s.execute(select(func.count()).select_from(PrintLog)).scalar_one() == 0
    assert desk(demo_db, capsys, "print", "contract", number, "-o", str(out),
                "--user", "assistant")[0] == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_visitors_find_masks_phones_for_the_front_desk(
        demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert desk(demo_db, capsys, "visitors", "find", "138", "--json")[0] == 6
    code, out, _ = desk(demo_db, capsys, "visitors", "find", "138", "--json",
                        "--user", "frontdesk")
    masked = json.loads(out)
    assert code == 0 and masked
    assert all(r["phone"][3:7] == "****" for r in masked)
    code, out, _ = desk(demo_db, capsys, "visitors", "find", "138", "--json", "--user", "manager")
    full = json.loads(out)
    assert [r["id"] for r in full] == [r["id"] for r in masked]
    assert all(r["phone"].isdigit() and len(r["phone"]) == 11 for r in full)
    with demo_db.read() as s:  # the session table is not touched by a password check
        assert s.execute(text("SELECT count(*) FROM cli_sessions")).scalar_one() == 0
