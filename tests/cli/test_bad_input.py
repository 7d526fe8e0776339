"""Bad input the probe found, one case each: the answer a user reads, and what
is (not) left behind."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from desk.cli.main import main
from desk.cli.output import clean
from desk.core import bounds
from desk.core.db import Database
from desk.core.errors import InvalidInput
from desk.models import Customer, PrintLog, Project, Unit
from desk.sales import claims, pricing
from tests.conftest import actor

PROJECT = "翠湖天地"


def run(db: Database, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", db.url, *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def count(db: Database, what: object) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(what)).scalar_one()  # type: ignore[arg-type]


# --- arguments ----------------------------------------------------------------


def test_extend_by_negative_minutes_says_the_minutes_are_wrong(
        demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(demo_db, capsys, "units", "extend", "1-404", "--minutes", "-5",
                       "--user", "manager")
    assert (code, err) == (2, "desk: 参数 --minutes：分钟数应为 1 到 10080 之间的整数，而不是“-5”\n")
    # The service says the same to the GUI, and not "longest time reached".
    with demo_db.begin() as s, pytest.raises(InvalidInput) as e:
        claims.extend(s, actor(demo_db, "manager"), _project(demo_db), "1-404", -5)
    assert (str(e.value), e.value.field) == ("延期时长须在 1 到 120 分钟之间。", "minutes")


@pytest.mark.parametrize(("argv", "message"), [
    (["--sign-by", "9999-99-99"],
     "desk: 参数 --sign-by：“9999-99-99”不是日期（应为 年-月-日，如 2026-05-01）\n"),
    (["--sign-by", "9999-12-31"],
     "desk: 参数 --sign-by：日期 9999-12-31 不在 2000-01-01 到 2100-12-31 之间\n"),
    (["--price", "1e30"], "desk: 参数 --price：金额应为 0 到 10,000,000,000 元之间的数，而不是“1e30”\n"),
    (["--deposit", "nan"], "desk: 参数 --deposit：金额应为 0 到 10,000,000,000 元之间的数，而不是“nan”\n"),
])
def test_subscribe_refuses_impossible_dates_and_amounts(
        demo_db: Database, capsys: pytest.CaptureFixture[str], argv: list[str],
        message: str) -> None:
    base = {"--sign-by": "2030-01-01", "--price": "2844710.40", "--deposit": "50000"}
    base.update(dict(zip(argv[::2], argv[1::2], strict=True)))
    code, _, err = run(demo_db, capsys, "units", "subscribe", "1-102", "--customer-phone",
                       "13800138000", "--customer-name", "周全", "--user", "manager",
                       *[x for kv in base.items() for x in kv])
    assert (code, err) == (2, message)


def test_the_services_bound_dates_and_prices_for_the_gui(demo_db: Database) -> None:
    manager = actor(demo_db, "manager")
    with demo_db.begin() as s, pytest.raises(InvalidInput) as e:
        claims.subscribe(s, manager, _project(demo_db), "1-102", customer_phone="13800138000",
                         customer_name="周全", deposit="50000", agreed_price="2844710.40",
                         sign_by=date(9999, 12, 31), rep_login="lina")
    assert (str(e.value), e.value.field) == (
        "签约期限 9999-12-31 不在 2000 年到 2100 年之间。", "sign_by")
    for typed, message in (("1e15", "成交总价超过上限 10,000,000,000。"),
                           ("1e30", "成交总价超过上限 10,000,000,000。"),
                           ("Infinity", "成交总价必须大于零。")):
        with pytest.raises(InvalidInput) as e:
            pricing.money(typed, "agreed_price", "成交总价", "agreed price")
        assert (str(e.value), e.value.field) == (message, "agreed_price")
    assert pricing.money("10000000000", "agreed_price", "成交总价", "agreed price") == \
        Decimal(10_000_000_000)


def test_names_past_their_column_are_refused_by_the_service(demo_db: Database) -> None:
    before = count(demo_db, Customer)
    with demo_db.begin() as s, pytest.raises(InvalidInput) as e:
        claims.hold(s, actor(demo_db, "manager"), _project(demo_db), "1-101",
                    customer_phone="13800138000", customer_name="名" * 61, rep_login="lina")
    assert (str(e.value), e.value.field) == ("客户姓名太长（最多 60 个字）。", "customer_name")
    assert bounds.column_length(Customer.name) == 60
    assert count(demo_db, Customer) == before


def test_bytes_that_are_not_utf8_are_refused_in_one_line(
        demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(demo_db, capsys, "visitors", "find", os.fsdecode(b"\xff\xfe"),
                       "--user", "manager")
    assert (code, err) == (2, "desk: 参数含有无法识别的字符（不是 UTF-8 文本）。\n")


def test_argument_errors_are_one_line_in_the_users_language(
        demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(demo_db, capsys, "units", "list", "--status", "sold")
    assert (code, out) == (2, "")
    assert err == ("desk: 参数 --status：'sold' 不是可选的值（可选：'available', 'held', "
                   "'subscribed', 'signed', 'withheld'）\n")
    code, _, err = run(demo_db, capsys, "--lang", "en", "units", "hold")
    assert (code, err) == (2, "desk: the following arguments are required: code, "
                              "--customer-phone\n")


def test_echoed_input_loses_escapes_and_control_characters(
        demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(demo_db, capsys, "units", "history", "--user", "assistant",
                       "\x1b[31m9-9\x07\x1b]0;x\x07")
    assert (code, err) == (4, "desk: 没有房号为 9-9 的房源。\n")
    assert clean("红\x1b[1;31m色\r\n\u202e单元\x9b2J") == "红色  单元"


# --- the database address ---------------------------------------------------------------


def test_a_database_address_that_cannot_work_is_a_configuration_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("x")
    for url, code, message in (
        ("::::", 9, "desk: 数据库地址 :… 无法使用：应为 sqlite:///文件路径 或 "
                    "postgresql://用户@服务器/数据库。\n"),
        ("postgresql://u:secret@h:port/db", 9, "desk: 数据库地址 postgresql:… 无法使用：应为 "
                                               "sqlite:///文件路径 或 postgresql://用户@服务器/数据库。\n"),
        (f"sqlite:///{tmp_path}/file/sub/x.sqlite3", 9,
         f"desk: 数据库地址 sqlite:///{tmp_path}/file/sub/x.sqlite3 无法使用（Not a directory）："
         "应为 sqlite:///文件路径 或 postgresql://用户@服务器/数据库。\n"),
        (f"sqlite:///{tmp_path}", 9, "desk: 无法打开数据库文件：请检查路径（不能是文件夹）和权限。\n"),
        ("postgresql://nobody@127.0.0.1:1/none", 10, "desk: 无法连接数据库服务器，请稍后再试。\n"),
    ):
        capsys.readouterr()
        assert main(["--db", url, "units", "list"]) == code, url
        assert capsys.readouterr().err == message


def test_a_bug_is_one_line_and_its_traceback_goes_to_the_log(
        demo_db: Database, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from desk.cli import approvals
    from desk.core import logsetup

    def broken(db: Database, args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(approvals, "cmd_list", broken)
    code, _, err = run(demo_db, capsys, "approvals", "list", "--user", "manager")
    assert (code, err) == (1, f"desk: 内部错误，详情已写入日志 {logsetup.log_path()}\n")
    log = logsetup.log_path().read_text(encoding="utf-8")
    assert "Traceback" in log and "RuntimeError: a bug" in log


# --- imports ---------------------------------------------------------------------------


def test_import_into_a_project_that_does_not_exist_is_refused(
        demo_db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    f = tmp_path / "list.csv"
    f.write_text("楼栋,房号,建筑面积,单价\n9栋,101,90,30000\n", encoding="utf-8")
    code, _, err = run(demo_db, capsys, "units", "import", str(f), "--project", "翠湖天弟",
                       "--user", "manager")
    assert (code, err) == (4, "desk: 没有名为 翠湖天弟 的项目（现有：翠湖天地）。\n")
    assert count(demo_db, Project) == 1
    code, out, _ = run(demo_db, capsys, "units", "import", str(f), "--new-project", "二期",
                       "--user", "manager")
    assert code == 0 and out.startswith("已导入到项目“二期”。")
    assert count(demo_db, Project) == 2


def _sheet(path: Path, rows: Sequence[Sequence[object]], first_sheet_empty: bool = False) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    if first_sheet_empty:
        ws.title = "说明"
        ws = wb.create_sheet("价目表")
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


HEAD = ["楼栋", "房号", "建筑面积", "单价"]


@pytest.mark.parametrize(("price", "message"), [
    ("NaN", "  第 2 行（单价）：单价“NaN”不是数字\n"),
    ("Infinity", "  第 2 行（单价）：单价“Infinity”不是数字\n"),
    ("1e30", "  第 2 行（单价）：单价 1e30 大得不合理\n"),
    ("2e15", "  第 2 行（单价）：单价 2e15 大得不合理\n"),
])
def test_price_list_figures_no_price_list_has(
        demo_db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path, price: str,
        message: str) -> None:
    f = tmp_path / "list.csv"
    f.write_text(f"楼栋,房号,建筑面积,单价\n9栋,101,90,{price}\n", encoding="utf-8")
    units = count(demo_db, Unit)
    code, out, err = run(demo_db, capsys, "units", "import", str(f), "--project", PROJECT,
                         "--user", "manager", "--dry-run")
    assert code == 2 and message in out and err.startswith("desk: ")
    code, _, err = run(demo_db, capsys, "units", "import", str(f), "--project", PROJECT,
                       "--user", "manager")
    assert code == 2 and err.splitlines()[-1] == "desk: " + message.strip().split("：", 1)[1] \
        + "，未导入任何数据。"
    assert count(demo_db, Unit) == units


def test_two_sold_rows_with_one_contract_number_are_a_row_error(
        demo_db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    f = tmp_path / "list.csv"
    f.write_text("楼栋,房号,建筑面积,单价,销售状态,合同号\n9栋,101,90,30000,已售,HT1\n"
                 "9栋,102,90,30000,已售,HT1\n", encoding="utf-8")
    units = count(demo_db, Unit)
    code, out, _ = run(demo_db, capsys, "units", "import", str(f), "--project", PROJECT,
                       "--user", "manager", "--dry-run")
    assert code == 2 and "  第 3 行（合同号）：合同号 HT1 与第 2 行相同\n" in out
    code, _, err = run(demo_db, capsys, "units", "import", str(f), "--project", PROJECT,
                       "--user", "manager")
    assert code == 2 and err.splitlines() == ["第 3 行（合同号）：合同号 HT1 与第 2 行相同",
                                             "desk: 价目表有 1 行错误，未导入任何数据。"]
    assert count(demo_db, Unit) == units


def test_a_file_named_xlsx_that_is_not_one_and_data_on_a_second_sheet(
        demo_db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fake = tmp_path / "list.xlsx"
    fake.write_text("not a zip", encoding="utf-8")
    code, _, err = run(demo_db, capsys, "units", "import", str(fake), "--project", PROJECT,
                       "--user", "manager")
    assert (code, err) == (2, "desk: 文件不是有效的 Excel（.xlsx）文件。\n")
    second = _sheet(tmp_path / "second.xlsx", [HEAD, ["9栋", "101", 90, 30000]],
                    first_sheet_empty=True)
    code, out, _ = run(demo_db, capsys, "units", "import", str(second), "--project", PROJECT,
                       "--user", "manager")
    assert code == 0 and "新增 1" in out


def test_a_visitor_date_of_9999_is_a_row_error(
        demo_db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    f = tmp_path / "visitors.csv"
    f.write_text("姓名,手机,置业顾问,首访日期\n张三,13800138001,lina,9999-12-31\n"
                 f"李四,13800138002,lina,2024-02-30\n王五,13800138003,lina,2025-01-02\n"
                 f"{'名' * 61},13800138004,lina,\n", encoding="utf-8")
    customers = count(demo_db, Customer)
    code, _, err = run(demo_db, capsys, "visitors", "import", str(f), "--user", "manager")
    assert code == 2
    assert err.splitlines() == ["第 2 行：首访日期 9999-12-31 不在 2000 年到今天之间",
                                "第 3 行：日期“2024-02-30”应为 年-月-日",
                                "第 5 行：姓名太长（最多 60 个字）。",
                                "desk: 客户表有 3 行错误，未导入任何数据。"]
    assert count(demo_db, Customer) == customers


# --- printing --------------------------------------------------------------------------


def test_a_print_that_cannot_be_written_is_not_logged(
        demo_db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a file").write_text("x")
    for target, why in ((tmp_path / "folder.pdf", "这是一个文件夹。"),
                        (tmp_path / ("a" * 300 + ".pdf"), "文件名太长。"),
                        (tmp_path / "a file" / "slip.pdf", "上级路径不是文件夹。")):
        target.mkdir() if target.name == "folder.pdf" else None
        code, _, err = run(demo_db, capsys, "print", "slip", "1-404", "-o", str(target),
                           "--user", "assistant")
        assert (code, err) == (2, f"desk: 无法保存文件 {target}：{why}\n")
    assert count(demo_db, PrintLog) == 0
    good = tmp_path / "slip.pdf"
    code, out, _ = run(demo_db, capsys, "print", "slip", "1-404", "-o", str(good),
                       "--user", "assistant")
    assert (code, out) == (0, f"已生成 {good}，第 1 份\n")  # not a 副本
    assert good.read_bytes().startswith(b"%PDF")


def _project(db: Database) -> int:
    with db.read() as s:
        return s.execute(select(Project.id).where(Project.name == PROJECT)).scalar_one()

