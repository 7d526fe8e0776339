"""Price lists as files come: encodings, sheets, merged cells, records that run
across lines, broken rows, published statuses, a preview that writes nothing."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from desk.admin import auth, projects
from desk.core.db import Database
from desk.sales import pricelist, units
from desk.sales.pricelist import ImportRefused, import_file, preview
from tests.cli.test_cli import run
from tests.conftest import TESTDATA, actor

SAMPLE = TESTDATA / "sz_yfyj_sample"
needs_sample = pytest.mark.skipif(not SAMPLE.exists(), reason="../shared/testdata is absent")
HEAD = ["房号", "建筑面积", "建筑面积单价", "套内面积", "套内面积单价", "总售价", "销售状况", "备注"]


@pytest.fixture
def project(db: Database) -> int:
    with db.begin() as s:
        auth.create_user(s, None, "assistant", "孙晓燕", "assistant", "secret1")
        return projects.create_project(s, None, "P", "S", "1").id


def run_import(db: Database, project: int, path: Path, overrides=None):  # type: ignore[no-untyped-def]
    with db.begin() as s:
        return import_file(s, actor(db, "assistant"), project, path, overrides)


def plan_of(db: Database, project: int | None, path: Path, overrides=None):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return preview(s, actor(db, "assistant"), project, path, overrides)


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as f:
        csv.writer(f).writerows(rows)
    return path


def row(code: str, gross: str = "89.00", price: str = "30000.00", status: str = "在售",
        remark: str = "住宅") -> list[str]:
    total = (Decimal(gross) * Decimal(price)).quantize(Decimal("1"))
    inner = (Decimal(gross) * Decimal("0.8")).quantize(Decimal("0.01"))
    return [code, gross, price, str(inner), str((total / inner).quantize(Decimal("0.01"))), str(total),
            status, remark]


def codes(db: Database, project: int) -> dict[str, units.UnitRow]:
    with db.read() as s:
        return {r.code: r for r in units.rows(s, project)}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_published_list_in_each_encoding(db: Database, project: int, tmp_path: Path,
                                         encoding: str) -> None:
    path = write_csv(tmp_path / "list.csv", [HEAD, row("3栋A座2单元1502"), row("3栋A座2单元1501")],
                     encoding)
    report = run_import(db, project, path)
    assert report.created == 2
    r = codes(db, project)["3栋A座2单元1502"]
    assert (r.building, r.entrance, r.floor, r.position) == ("3栋", "A座2单元", 15, "02")


def test_data_on_the_second_sheet_and_merged_building_cells(db: Database, project: int,
                                                           tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "说明"
    ws = wb.create_sheet("价目表")
    ws.append(["楼栋", "房号", "建筑面积", "单价"])
    for room in ("1501", "1502", "1601"):
        ws.append(["5栋" if room == "1501" else None, room, 88.5, 30000])
    ws.append(["6栋", "0301", 90, 31000])
    ws.merge_cells("A2:A4")  # the building named once for its three rows
    path = tmp_path / "list.xlsx"
    wb.save(path)
    assert run_import(db, project, path).created == 4
    got = {(r.building, r.room, r.floor) for r in codes(db, project).values()}
    assert got == {("5栋", "1501", 15), ("5栋", "1502", 15), ("5栋", "1601", 16), ("6栋", "0301", 3)}


def test_a_file_with_only_a_header_is_no_units(db: Database, project: int, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "empty.csv", [HEAD])
    with pytest.raises(ImportRefused) as e:
        run_import(db, project, path)
    assert str(e.value) == "文件只有表头，没有房源，未导入任何数据。"
    assert [str(x) for x in e.value.report.errors] == ["第 1 行：文件只有表头，没有房源"]


def test_a_file_that_is_not_a_workbook(db: Database, project: int, tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    path.write_text("房号,建筑面积\n", encoding="utf-8")
    with pytest.raises(Exception) as e:
        run_import(db, project, path)
    assert str(e.value) == "文件不是有效的 Excel（.xlsx）文件。" and getattr(e.value, "field", None) == "file"


def test_published_statuses(db: Database, project: int, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", [
        HEAD, row("1栋101"), row("1栋102", status="已签认购书"), row("1栋103", status="已签预售合同"),
        row("1栋104", status="初始登记"), row("1栋105", status="已产权备案")])
    plan = plan_of(db, project, path)
    assert plan.by_status == {"available": 1, "subscribed": 1, "signed": 3}
    report = run_import(db, project, path)
    assert (report.created, report.signed, report.subscribed) == (5, 3, 1)
    got = {c: r.status for c, r in codes(db, project).items()}
    assert got == {"1栋101": "available", "1栋102": "subscribed", "1栋103": "signed",
                   "1栋104": "signed", "1栋105": "signed"}
    with db.read() as s:
        assert [h.action for h in units.history(s, project, "1栋102")] == ["import"]


def test_an_unknown_status_is_reported(db: Database, project: int, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", [HEAD, row("1栋101"), row("1栋102", status="保留房")])
    with pytest.raises(ImportRefused) as e:
        run_import(db, project, path)
    assert [str(x) for x in e.value.report.errors] == ["第 3 行（销售状态）：不认识的销售状态“保留房”"]


def test_broken_rows_are_reported_by_row_number(db: Database, project: int, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", [
        HEAD, row("1栋101"),
        ["1栋102", "89.00", "在售"],                       # 3: only three fields
        ["1栋103", "在售", "89.00", "30000", "71.2", "37500", "2670000", "住宅"],  # 4: shifted
        ["1栋104", "89", "NaN", "71.2", "37500", "2670000", "在售", "住宅"],  # 5
        ["1栋105", "1e30", "30000", "71.2", "37500", "2670000", "在售", "住宅"],  # 6
        row("1栋106"),
    ])
    with pytest.raises(ImportRefused) as e:
        run_import(db, project, path)
    assert [str(x) for x in e.value.report.errors] == [
        "第 3 行：只有 3 个字段（应有 8 个），无法读取",
        "第 4 行（建筑面积）：建筑面积“在售”不是数字（字段错位？）",
        "第 5 行（单价）：单价“NaN”不是数字",
        "第 6 行（建筑面积）：建筑面积 1e30 大得不合理",
    ]
    assert codes(db, project) == {}


def test_records_running_across_lines_are_rebuilt_and_listed(db: Database, project: int,
                                                             tmp_path: Path) -> None:
    fields = [c for code in ("20F", "20E", "20D") for c in row(code)[:7]]
    lines = [fields[0:8], fields[8:16], fields[16:21]]  # each line's last field starts the next record
    path = write_csv(tmp_path / "list.csv", [HEAD, *lines])
    plan = plan_of(db, project, path)
    assert plan.ok and plan.rebuilt == 3
    assert [str(n) for n in plan.notices if "重建" in n.zh] == [
        "第 2 行：由第 2 行重建：20F，89.00，30000.00，71.20，37500.00，2670000，在售",
        "第 2 行：由第 2–3 行重建：20E，89.00，30000.00，71.20，37500.00，2670000，在售",
        "第 3 行：由第 3–4 行重建：20D，89.00，30000.00，71.20，37500.00，2670000，在售",
    ]
    run_import(db, project, path)
    assert sorted(codes(db, project)) == ["20D", "20E", "20F"]


def test_records_that_cannot_be_rebuilt_are_refused_with_the_row(db: Database, project: int,
                                                                 tmp_path: Path) -> None:
    fields = [c for code in ("20F", "20E", "20D", "20C") for c in row(code)[:7]]
    del fields[10]  # 20E lost a figure: the stream no longer cuts into records
    lines = [fields[i:i + 8] for i in range(0, len(fields), 8)]
    path = write_csv(tmp_path / "list.csv", [HEAD, *lines])
    with pytest.raises(ImportRefused) as e:
        run_import(db, project, path)
    assert str(e.value) == "从第 2 行起记录跨行错位，无法逐条重建（字段数对不上），未导入任何数据。"


def test_preview_writes_nothing_and_says_what_an_import_would_do(db: Database, project: int,
                                                                 tmp_path: Path) -> None:
    v1 = write_csv(tmp_path / "v1.csv", [HEAD, row("1栋101"), row("1栋102")])
    run_import(db, project, v1)
    v2 = write_csv(tmp_path / "v2.csv", [HEAD, row("1栋101"), row("1栋102", price="31000.00"),
                                         row("1栋201"), row("2栋301")])
    plan = plan_of(db, project, v2)
    assert (plan.new, plan.repriced, plan.unchanged, plan.claimed) == (2, 1, 1, 0)
    assert [(b.name, b.floors, b.lowest, b.highest, b.units, b.per_floor) for b in plan.structure] == [
        ("1栋", 2, 1, 2, 3, 2), ("2栋", 1, 3, 3, 1, 1)]
    assert plan.columns == {"gross_area": "建筑面积", "inner_area": "套内面积", "inner_price": "套内面积单价",
                            "list_price": "总售价", "remark": "备注", "room": "房号",
                            "sale_status": "销售状况", "unit_price": "建筑面积单价"}
    assert sorted(codes(db, project)) == ["1栋101", "1栋102"]


def test_a_column_left_out_by_the_user(db: Database, project: int, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", [HEAD, row("1栋101", status="已签预售合同")])
    assert plan_of(db, project, path).by_status == {"signed": 1}
    plan = plan_of(db, project, path, {"销售状况": pricelist.IGNORE})
    assert plan.by_status == {"available": 1} and "sale_status" not in plan.columns


def test_cli_dry_run_prints_the_preview_and_writes_nothing(db: Database, project: int, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESK_PASSWORD", "secret1")  # the assistant's (see `project`)
    path = write_csv(tmp_path / "list.csv", [HEAD, row("3栋A座1502"), row("3栋A座1501"),
                                             row("3栋B座1502", status="已签预售合同")])
    out = run(db.url, "units", "import", str(path), "--project", "P", "--dry-run",
              "--user", "assistant").stdout
    assert "1 栋楼，共 1 个楼层" in out and "  3栋：15–15 层（1 层），3 套，每层最多 3 套，A座、B座" in out
    assert "（预览，未写入任何数据）" in out
    assert codes(db, project) == {}
    bad = write_csv(tmp_path / "bad.csv", [HEAD, row("3栋A座1502"),
                                           ["3栋A座1501", "x", "30000", "", "", "", "在售", ""]])
    p = run(db.url, "units", "import", str(bad), "--project", "P", "--dry-run",
            "--user", "assistant", ok=False)
    assert p.returncode == 2 and "  第 3 行（建筑面积）：建筑面积“x”不是数字" in p.stdout


@needs_sample
def test_the_list_whose_records_run_across_lines(db: Database, project: int) -> None:
    path = SAMPLE / "运发御景兰庭.csv"
    plan = plan_of(db, project, path)
    assert plan.ok and plan.rebuilt == 107 and len(plan.units) == 107
    run_import(db, project, path)
    rows = codes(db, project)
    r = rows["20E"]
    assert (r.floor, r.position, r.gross_area, r.unit_price, r.list_price) == (
        20, "E", Decimal("73.66"), Decimal("35813.00"), Decimal("2637985.58"))
    r = rows["3A"]
    assert (r.floor, r.gross_area, r.list_price) == (3, Decimal("89.61"), Decimal("3128553.93"))
