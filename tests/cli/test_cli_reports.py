"""`desk report NAME` and `desk report pack` as a person or a script runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desk.admin import settings
from desk.cli.main import main
from desk.core.db import Database
from desk.reporting import periods, registry


def run(capsys: pytest.CaptureFixture[str], db: Database, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", db.url, *args])
    out, err = capsys.readouterr()
    return code, out, err


def today(db: Database) -> str:
    with db.read() as s:
        return settings.today(s).isoformat()


def test_json_of_every_report(demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    day = today(demo_db)
    month = periods.month(__import__("datetime").date.fromisoformat(day))
    for name in registry.reports():
        code, out, err = run(capsys, demo_db, "report", name, "--json", "--user", "manager")
        assert (code, err) == (0, ""), name
        data = json.loads(out)
        assert sorted(data) == ["from", "report", "tables", "to"]
        expected = (day, day) if name == "daily" else (str(month.start), str(month.end))
        assert (data["report"], data["from"], data["to"]) == (name, *expected)
    code, out, _ = run(capsys, demo_db, "report", "daily", "--from", "2026-05-04", "--to",
                       "2026-05-10", "--json", "--user", "manager")
    data = json.loads(out)
    assert (data["from"], data["to"]) == ("2026-05-04", "2026-05-10")
    assert [r["key"] for r in data["tables"]["counts"]["rows"]] == [
        "calls", "first_visits", "return_visits", "holds", "subscriptions", "contracts",
        "cancellations", "unit_changes"]
    assert sorted(data["tables"]["counts"]["rows"][0]) == [
        "change", "current", "item", "key", "previous"]
    assert [r["day"] for r in data["tables"]["by_day"]["rows"]] == [
        f"2026-05-{d:02d}" for d in range(4, 11)]
    _, out, _ = run(capsys, demo_db, "report", "sources", "--from", "2026-02-10", "--json",
                    "--user", "manager")
    assert (json.loads(out)["from"], json.loads(out)["to"]) == ("2026-02-10", "2026-02-28")


def test_text_is_aligned_and_in_the_language(demo_db: Database,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, demo_db, "report", "sources", "--from", "2000-01-01", "--to",
                         "2000-01-31", "--user", "manager")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "来源渠道  2000-01-01 至 2000-01-31", "", "来源渠道",
        "来源  来访  首访  认购  签约  签约金额  转化率",
        "合计     0     0     0     0      0.00       —"]
    _, out, _ = run(capsys, demo_db, "--lang", "en", "report", "daily", "--from", "2000-01-03",
                    "--user", "manager")
    lines = out.splitlines()
    assert lines[:4] == ["Sales diary  2000-01-03", "", lines[2], lines[3]]
    assert (lines[2], lines[3].split()[0], lines[4].split()[-3:]) == ("Counts", "Item",
                                                                       ["0", "0", "—"])


def test_files_are_written(demo_db: Database, capsys: pytest.CaptureFixture[str],
                           tmp_path: Path) -> None:
    book, doc = tmp_path / "来源.xlsx", tmp_path / "来源.pdf"
    code, out, err = run(capsys, demo_db, "report", "sources", "--xlsx", str(book), "--pdf",
                         str(doc), "--user", "manager")
    assert (code, err) == (0, "")
    assert out.splitlines() == [f"已导出 {book}", f"已导出 {doc}"]
    assert load_workbook(book).sheetnames[0] == "来源渠道"
    assert doc.read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize(("args", "code", "message"), [
    (("report", "nope", "--user", "manager"), 2, "desk: 没有名为“nope”的报表（可选：daily, "),
    (("report", "daily", "--from", "2026-13-01", "--user", "manager"), 2,
     "desk: 参数 --from：“2026-13-01”不是日期"),
    (("report", "daily", "--from", "2026-05-02", "--to", "2026-05-01", "--user", "manager"), 2,
     "desk: 结束日期早于开始日期。"),
    (("report", "daily", "--from", "2020-01-01", "--to", "2026-01-01", "--user", "manager"), 2,
     "desk: 报表期间最长 731 天。"),
    (("report", "daily", "--week", "2026-05-01", "--user", "manager"), 2,
     "desk: 只有例会材料（pack）按周"),
    (("report", "pack", "--user", "manager"), 2, "desk: 例会材料是 PDF：请用 --pdf 给出文件名。"),
    (("report", "pack", "--pdf", "p.pdf", "--json", "--user", "manager"), 2,
     "desk: 例会材料只接受 --week 和 --pdf。"),
    (("report", "daily", "--pdf", ".", "--user", "manager"), 2, "desk: . 是文件夹，请给出文件名。"),
    (("report", "daily", "--xlsx", "no/such/r.xlsx", "--user", "manager"), 2,
     "desk: 文件夹 no/such 不存在。"),
    (("report", "daily", "--user", "yangfan"), 5, "desk: 杨帆（置业顾问）无权"),
    (("report", "daily", "--rep", "nobody", "--user", "manager"), 4,
     "desk: 没有登录名为 nobody 的用户。"),
])
def test_bad_input_is_one_line(demo_db: Database, capsys: pytest.CaptureFixture[str],
                               tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               args: tuple[str, ...], code: int, message: str) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    got, out, err = run(capsys, demo_db, *args)
    assert (got, out) == (code, "")
    assert err.count("\n") == 1 and err.startswith(message), err
    assert list(work.iterdir()) == []  # no file, not even a temporary one


def test_the_pack(demo_db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "例会.pdf"
    code, out, err = run(capsys, demo_db, "report", "pack", "--week", "2026-05-06", "--pdf",
                         str(path), "--user", "manager")
    assert (code, err) == (0, "")
    assert out == f"已生成例会材料 {path}（2026-05-04 至 2026-05-10）\n"
    assert path.read_bytes()[:5] == b"%PDF-"
