"""How figures read as text: a decimal such as the quality table's numerator
and denominator in yuan groups its thousands like money does, on screen, in the
PDF and in the spreadsheet's format."""

from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

from desk.core.db import Database
from desk.reporting import pdf, quality, xlsx
from desk.reporting.cells import text
from desk.reporting.model import Kind
from desk.reporting.periods import month
from tests.conftest import actor
from tests.reporting.test_quality import build_march, day
from tests.sales.conftest import showroom  # noqa: F401  (the fixture)


def test_a_decimal_groups_thousands_and_keeps_its_places() -> None:
    assert [text(v, Kind.DECIMAL) for v in (
        Decimal("50000.00"), Decimal("1234567.5"), Decimal("30.0"), Decimal("3"), 1200,
        Decimal("-1234.25"), Decimal("0.00"), None)] == [
        "50,000.00", "1,234,567.5", "30.0", "3", "1,200", "-1,234.25", "0.00", "—"]


def test_the_quality_tables_yuan_read_with_separators(showroom: Database,  # noqa: F811
                                                      tmp_path: Path) -> None:
    build_march(showroom)
    day(showroom, date(2026, 3, 31))
    with showroom.read() as s:
        r = quality.build(s, actor(showroom, "manager"), month(date(2026, 3, 1)), None)
    pdf.write(r, tmp_path / "quality.pdf")
    shown = subprocess.run(["pdftotext", "-layout", str(tmp_path / "quality.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    line = next(x for x in shown.splitlines() if "回款率" in x and "%" in x)
    assert line.split()[:5] == ["回款率", "98.0%", "40.0%", "100,000.00", "250,000.00"]

    xlsx.write(r, tmp_path / "quality.xlsx")
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "quality.xlsx").worksheets[0]
    assert [ws.cell(4, j).value for j in (4, 5)] == [100000, 250000]
    assert [ws.cell(4, j).number_format for j in (4, 5)] == ["#,##0.0#", "#,##0.0#"]
