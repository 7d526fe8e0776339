"""Price-list import: real published tables, bad rows, re-import."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from desk.admin import auth, projects
from desk.core.db import Database
from desk.sales import claims, units
from desk.sales.pricelist import ImportRefused, import_file
from tests.conftest import TESTDATA, actor

needs_testdata = pytest.mark.skipif(not TESTDATA.exists(), reason="../shared/testdata is absent")


@pytest.fixture
def project(db: Database) -> int:
    with db.begin() as s:
        auth.create_user(s, None, "assistant", "孙晓燕", "assistant", "secret1")
        auth.create_user(s, None, "lina", "李娜", "sales_rep", "secret1")
        return projects.create_project(s, None, "P", "S", "1").id


def run_import(db: Database, project: int, path: Path, overrides=None):  # type: ignore[no-untyped-def]
    with db.begin() as s:
        return import_file(s, actor(db, "assistant"), project, path, overrides)


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


@needs_testdata
def test_longgang_table_imports_with_its_quirks(db: Database, project: int) -> None:
    report = run_import(db, project, TESTDATA / "shenzhen_yfyj_longgang_jingji_yujing_banshan.csv")
    assert report.created == 1645 and report.signed == 23
    assert report.columns["inner_area"] == "户内面积" and report.columns["unit_price"] == "拟售价格"
    with db.read() as s:
        rows = {r.code: r for r in units.rows(s, project)}
        names = units.buildings(s, project)
    assert names[:3] == ["1栋", "2栋", "3栋"]  # project name stripped, natural order
    r = rows["17-32A"]
    assert (r.floor, r.room, r.gross_area, r.inner_area) == (32, "32A", Decimal("133.23"),
                                                             Decimal("106.61"))
    assert r.unit_price == Decimal("46739.00")
    assert r.list_price == (Decimal("133.23") * 46739).quantize(Decimal("0.01"))
    assert min(x.floor for x in rows.values()) >= 1  # '02' read as 2
    signed = [x for x in rows.values() if x.status == "signed"]
    assert len(signed) == 23


@needs_testdata
def test_baoan_table_uses_zuohao_as_building_and_hides_signed_prices(db: Database,
                                                                     project: int) -> None:
    report = run_import(db, project,
                        TESTDATA / "shenzhen_yfyj_baoan_qinchengda_zhengdacheng_heyuan.csv")
    assert report.created == 843 and report.signed == 263
    with db.read() as s:
        rows = units.rows(s, project)
        assert set(units.buildings(s, project)) >= {"A", "B", "C", "裙楼商业"}
    signed = [r for r in rows if r.status == "signed"]
    assert all(r.contract_number and r.contract_number.startswith("深(宝)网预买字") for r in signed)
    assert all(r.unit_price is None for r in signed)
    assert {r.usage for r in rows} == {"住宅", "商务公寓", "商业"}
    prices = [r.unit_price for r in rows if r.unit_price is not None]
    assert min(prices) == Decimal("38600") and max(prices) == Decimal("118750")


@needs_testdata
def test_raw_scraped_file_reads_the_same_as_the_converted_one(db: Database, project: int,
                                                              tmp_path: Path) -> None:
    run_import(db, project, TESTDATA / "raw" /
               "shenzhen_yfyj_longgang_jingji_yujing_banshan.raw_utf8.csv")
    with db.begin() as s:
        other = projects.create_project(s, None, "Q", "S", "1").id
    run_import(db, other, TESTDATA / "shenzhen_yfyj_longgang_jingji_yujing_banshan.csv")
    with db.read() as s:
        a = [(r.code, r.floor, r.gross_area, r.inner_area, r.unit_price, r.status)
             for r in units.rows(s, project)]
        b = [(r.code, r.floor, r.gross_area, r.inner_area, r.unit_price, r.status)
             for r in units.rows(s, other)]
    assert a == b and len(a) == 1645


@needs_testdata
def test_completed_units_list_is_refused_for_its_repeated_rows(db: Database, project: int) -> None:
    """The scraped 现售 listing repeats 88 units, 92 rows in all (seen again after they sold)."""
    with pytest.raises(ImportRefused) as e:
        run_import(db, project, TESTDATA / "shenzhen_xianshou_completed_units_price_total.csv")
    assert all("重复" in str(err) for err in e.value.report.errors)
    assert len(e.value.report.errors) == 92
    with db.read() as s:
        assert units.rows(s, project) == []


@needs_testdata
def test_completed_units_totals_within_rounding_are_accepted(db: Database, project: int,
                                                             tmp_path: Path) -> None:
    src = TESTDATA / "shenzhen_xianshou_completed_units_price_total.csv"
    with src.open(encoding="utf-8") as f:
        table = list(csv.reader(f))
    seen, rows = set(), [table[0]]
    for r in table[1:]:
        if (r[1], r[2]) not in seen:
            seen.add((r[1], r[2]))
            rows.append(r)
    report = run_import(db, project, write_csv(tmp_path / "unique.csv", rows))
    assert report.created == len(rows) - 1
    with db.read() as s:
        by = {(r.building, r.room): r for r in units.rows(s, project)}
    # the one row whose total is the authoritative figure
    r = next(v for (b, room), v in by.items() if b.startswith("天福华府（B区）B2") and room == "902")
    assert r.list_price == Decimal("6194621.70") and r.gross_area == Decimal("125.67")
    r = by[("桑泰龙樾府3栋", "A座2002")]
    assert r.floor == 20 and r.list_price == Decimal("2553887.00")


def test_broken_rows_import_nothing_and_every_one_is_reported(db: Database, project: int,
                                                              tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", [
        ["楼栋", "房号", "楼层", "户型", "建筑面积(㎡)", "套内面积", "单价（元/㎡）", "总价"],
        ["1栋", "101", "1", "3室2厅", "100.00", "80", "30000", "3000000"],    # row 2 fine
        ["1栋", "102", "1", "3室2厅", "abc", "80", "30000", ""],              # 3 area
        ["1栋", "103", "1", "3室2厅", "100", "80", "30000", "3100000"],       # 4 total
        ["1栋", "101", "1", "3室2厅", "100", "80", "30000", ""],              # 5 duplicate
        ["1栋", "", "1", "3室2厅", "100", "80", "30000", ""],                 # 6 room
        ["1栋", "105", "一", "3室2厅", "100", "80", "30000", ""],             # 7 floor
        ["1栋", "106", "1", "3室2厅", "100", "120", "30000", ""],             # 8 inner > gross
        ["1栋", "107", "1", "3室2厅", "100", "80", "", ""],                   # 9 no price
        ["1栋", "108", "1", "3室2厅", "100", "80", "-1", ""],                 # 10 negative
    ])
    with pytest.raises(ImportRefused) as e:
        run_import(db, project, path)
    got = {(err.row, err.field) for err in e.value.report.errors}
    assert got == {(3, "gross_area"), (4, "list_price"), (5, "room"), (6, "room"), (7, "floor"),
                   (8, "inner_area"), (9, "unit_price"), (10, "unit_price")}
    assert str(e.value.report.errors[0]).startswith("第 3 行（建筑面积）：")
    with db.read() as s:
        assert units.rows(s, project) == []


def test_column_map_and_missing_columns(db: Database, project: int, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "odd.csv", [["Bldg", "Rm", "Sq", "Cost"],
                                            ["A", "1201", "88.5", "30000"]])
    with pytest.raises(ImportRefused) as e:
        run_import(db, project, path)
    # no building column is needed: a list without one names buildings in its codes
    assert {err.field for err in e.value.report.errors} == {"room", "gross_area", "unit_price"}
    report = run_import(db, project, path, {"Bldg": "building", "Rm": "room", "Sq": "gross_area",
                                            "Cost": "unit_price"})
    assert report.created == 1
    with db.read() as s:
        (r,) = units.rows(s, project)
    assert (r.code, r.floor, r.list_price) == ("A-1201", 12, Decimal("2655000.00"))


def test_reimport_reprices_available_units_only(db: Database, project: int, tmp_path: Path) -> None:
    head = ["楼栋", "房号", "建筑面积", "单价"]
    run_import(db, project, write_csv(tmp_path / "v1.csv", [head, ["1栋", "101", "100", "30000"],
                                                            ["1栋", "102", "100", "30000"]]))
    with db.begin() as s:
        claims.hold(s, actor(db, "lina"), project, "1-101", customer_phone="13812345678",
                    customer_name="张三")
    report = run_import(db, project, write_csv(tmp_path / "v2.csv", [
        head, ["1栋", "101", "100", "32000"], ["1栋", "102", "100", "32000"],
        ["1栋", "103", "100", "32000"]]))
    assert (report.created, report.updated, report.skipped_claimed) == (1, 1, ["1-101"])
    with db.read() as s:
        rows = {r.code: r for r in units.rows(s, project)}
        assert [h.action for h in units.history(s, project, "1-102")] == ["import", "reprice"]
    assert rows["1-101"].list_price == Decimal("3000000.00")  # held: untouched
    assert rows["1-102"].list_price == Decimal("3200000.00")


def test_xlsx_is_read_like_csv(db: Database, project: int, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["楼栋", "房号", "户型", "建筑面积", "户内面积", "单价", "总价"])
    ws.append(["2栋", "0301", "2室2厅1卫", 89.12, 71.4, 30000, 2673600])
    path = tmp_path / "list.xlsx"
    wb.save(path)
    run_import(db, project, path)
    with db.read() as s:
        (r,) = units.rows(s, project)
    assert (r.code, r.floor, r.inner_area, r.list_price) == ("2-0301", 3, Decimal("71.40"),
                                                              Decimal("2673600.00"))


def test_wrong_file_type_is_one_clear_message(db: Database, project: int, tmp_path: Path) -> None:
    path = tmp_path / "list.pdf"
    path.write_text("x")
    with pytest.raises(Exception) as e:
        run_import(db, project, path)
    assert "xlsx" in str(e.value) and getattr(e.value, "field", None) == "file"
