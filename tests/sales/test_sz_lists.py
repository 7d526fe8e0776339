"""The twelve published Shenzhen lists (sz_yfyj_sample): ten import, two are
refused with the reason; parts of a dozen-odd units per list checked by hand
against the file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from desk.admin import auth, projects
from desk.core.db import Database
from desk.sales import units
from desk.sales.pricelist import ImportRefused, import_file
from tests.conftest import TESTDATA

SAMPLE = TESTDATA / "sz_yfyj_sample"
pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="../shared/testdata is absent")

# file -> (units, buildings in tab order, {code: (building, group, floor, position, total)})
LISTS: dict[str, tuple[int, list[str], dict[str, tuple[str, str, int, str, str]]]] = {
    "仙岭居": (163, ["A座", "B座", "裙楼"], {
        "B座3005": ("B座", "", 30, "05", "2037500.00"),
        "B座3002": ("B座", "", 30, "02", "2242000.00"),
        "B座1004": ("B座", "", 10, "04", "1282265.41"),
        "A座901": ("A座", "", 9, "01", "18182700.00"),
        "裙楼16": ("裙楼", "", 1, "16", "1572900.00"),
        "裙楼01": ("裙楼", "", 1, "01", "2842500.00"),
    }),
    "力高君御花园": (256, ["2号"], {
        "2号B单元404": ("2号", "B单元", 4, "04", "1230712.67"),
        "2号B单元704": ("2号", "B单元", 7, "04", "1236370.75"),
        "2号B单元801": ("2号", "B单元", 8, "01", "1382085.91"),
        "2号A单元902": ("2号", "A单元", 9, "02", "1080206.60"),
        "2号A单元3401": ("2号", "A单元", 34, "01", "1384938.41"),
    }),
    "华强城市花园（一期）": (1240, ["A区1栋", "A区2栋", "A区5栋", "B区3栋", "B区4栋"], {
        "A区5栋3303": ("A区5栋", "", 33, "03", "7979493.00"),
        "A区5栋3203": ("A区5栋", "", 32, "03", "8021806.00"),
        "B区4栋2903": ("B区4栋", "", 29, "03", "7793853.00"),
        "B区3栋F座1603": ("B区3栋", "F座", 16, "03", "3991547.00"),
        "A区1栋C座202": ("A区1栋", "C座", 2, "02", "4064987.00"),
    }),
    "君钰府": (567, ["1栋", "2栋", "3栋"], {
        "3栋606": ("3栋", "", 6, "06", "3578150.00"),
        "3栋603": ("3栋", "", 6, "03", "3340473.00"),
        "3栋10D": ("3栋", "", 10, "D", "4176576.00"),
        "2栋B座14B": ("2栋", "B座", 14, "B", "5356584.00"),
        "1栋A座2A": ("1栋", "A座", 2, "A", "5177880.00"),
    }),
    "天鹅湖花园（二期）": (474, ["D栋", "E栋"], {
        "E栋二单元4206": ("E栋", "二单元", 42, "06", "43026378.00"),
        "E栋二单元4106": ("E栋", "二单元", 41, "06", "42671359.00"),
        "E栋二单元905": ("E栋", "二单元", 9, "05", "11237943.00"),
        "E栋一单元1601": ("E栋", "一单元", 16, "01", "34215752.00"),
        "D栋一单元201": ("D栋", "一单元", 2, "01", "30210471.00"),
    }),
    "安峦公馆": (299, ["1栋"], {
        "1栋F座307": ("1栋", "F座", 3, "07", "7268040.00"),
        "1栋F座303": ("1栋", "F座", 3, "03", "7268040.00"),
        "1栋B座2单元702": ("1栋", "B座2单元", 7, "02", "10634574.00"),
        "1栋A座2802": ("1栋", "A座", 28, "02", "11946816.50"),
    }),
    "德润荣君府": (290, ["1栋", "3栋"], {
        "3栋40D": ("3栋", "", 40, "D", "4912863.31"),
        "3栋40A": ("3栋", "", 40, "A", "7346000.20"),
        "3栋15D": ("3栋", "", 15, "D", "3814785.34"),
        "1栋25A": ("1栋", "", 25, "A", "3958869.79"),
    }),
    "恒大时尚慧谷大厦": (936, ["2栋", "3栋", "6栋", "7栋"], {
        "7栋1414": ("7栋", "", 14, "14", "3092973.00"),
        "7栋1411": ("7栋", "", 14, "11", "5810392.00"),
        "7栋712": ("7栋", "", 7, "12", "5638635.00"),
        "7栋319": ("7栋", "", 3, "19", "4351299.00"),
        "2栋201": ("2栋", "", 2, "01", "4807891.40"),
    }),
    "泛海城市广场": (889, ["1栋", "2栋"], {
        "2栋1808": ("2栋", "", 18, "08", "7861901.00"),
        "2栋604": ("2栋", "", 6, "04", "6772768.00"),
        "1栋C座2101": ("1栋", "C座", 21, "01", "2099706.00"),
        "1栋商业101": ("1栋", "商业", 1, "01", "10113000.00"),
        "1栋商业-101": ("1栋", "商业", -1, "01", "309582000.00"),
    }),
    "运发御景兰庭": (107, ["主楼"], {
        "20F": ("主楼", "", 20, "F", "2755841.58"),
        "20E": ("主楼", "", 20, "E", "2637985.58"),
        "3A": ("主楼", "", 3, "A", "3128553.93"),
    }),
}


@pytest.fixture
def db_and_project(db: Database) -> tuple[Database, int]:
    with db.begin() as s:
        return db, projects.create_project(s, None, "P", "S", "1").id


@pytest.mark.parametrize("name", sorted(LISTS))
def test_the_list_imports_with_its_structure(db_and_project: tuple[Database, int], name: str) -> None:
    db, project = db_and_project
    count, buildings, spots = LISTS[name]
    with db.begin() as s:
        report = import_file(s, auth.OPERATOR, project, SAMPLE / f"{name}.csv")
    assert report.created == count
    with db.read() as s:
        assert units.buildings(s, project) == buildings
        rows = {r.code: r for r in units.rows(s, project)}
    for code, (building, group, floor, position, total) in spots.items():
        r = rows[code]
        assert (r.building, r.entrance, r.floor, r.position, r.list_price) == (
            building, group, floor, position, Decimal(total)), code
        assert r.status == "available"


def test_a_list_of_several_buildings_whose_codes_name_none_is_refused(
        db_and_project: tuple[Database, int]) -> None:
    """凤凰天誉华府 repeats each code up to three times, with other areas and prices:
    three buildings, and nothing in the file says which row is in which."""
    db, project = db_and_project
    with pytest.raises(ImportRefused) as e, db.begin() as s:
        import_file(s, auth.OPERATOR, project, SAMPLE / "凤凰天誉华府.csv")
    errors = e.value.report.errors
    assert str(errors[0]) == ("第 1 行（楼栋）：有 220 个房号重复，而房号中没有楼栋："
                              "这份价目表似乎包含多栋楼。请在文件中加一列“楼栋”后再导入")
    assert len(errors) == 221 and str(errors[1]) == "第 118 行（房号）：与第 2 行重复（29J）"


def test_a_list_with_one_code_twice_is_refused_at_that_row(db_and_project: tuple[Database, int]) -> None:
    """六和商业广场一期 lists 裙楼3层40号 twice, 86.85 ㎡ and 89.12 ㎡."""
    db, project = db_and_project
    with pytest.raises(ImportRefused) as e, db.begin() as s:
        import_file(s, auth.OPERATOR, project, SAMPLE / "六和商业广场一期.csv")
    assert [str(x) for x in e.value.report.errors] == ["第 54 行（房号）：与第 39 行重复（裙楼3层40号）"]
    with db.read() as s:
        assert units.rows(s, project) == []


def test_the_same_list_with_the_repeated_row_renamed_imports(db_and_project: tuple[Database, int],
                                                             tmp_path: Path) -> None:
    db, project = db_and_project
    text = (SAMPLE / "六和商业广场一期.csv").read_text(encoding="utf-8-sig").splitlines()
    assert text[53].startswith("裙楼3层40号,89.12")
    text[53] = text[53].replace("裙楼3层40号", "裙楼3层40A号", 1)
    path = tmp_path / "fixed.csv"
    path.write_text("\n".join(text), encoding="utf-8")
    with db.begin() as s:
        report = import_file(s, auth.OPERATOR, project, path)
    assert report.created == 631
    with db.read() as s:
        assert units.buildings(s, project) == ["A座", "B座", "C座", "D座", "裙楼"]
        r = {x.code: x for x in units.rows(s, project)}["裙楼1层138号"]
    assert (r.building, r.floor, r.position, r.usage) == ("裙楼", 1, "138号", "商业")
