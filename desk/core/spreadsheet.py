"""Reading a spreadsheet (.xlsx, or .csv in UTF-8 or GBK) as plain rows of text.

Neutral: it knows nothing of price lists or visitors; each importer maps the
headings to its own fields (`norm_heading` makes headings comparable).
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

from desk.core.errors import InvalidInput


def read_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(row number, cells) of every non-empty row of the first sheet or the file."""
    if not path.exists():
        raise InvalidInput(f"找不到文件 {path}。", f"No file {path}.", field="file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        ws = wb.worksheets[0]
        raw = [[_cell(v) for v in r] for r in ws.iter_rows(values_only=True)]
        wb.close()
    elif suffix in (".csv", ".txt"):
        data = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise InvalidInput("无法识别文件编码（应为 UTF-8 或 GBK）。",
                               "Unknown text encoding (expected UTF-8 or GBK).", field="file")
        raw = [r for r in csv.reader(io.StringIO(text))]
    else:
        raise InvalidInput("只能导入 .xlsx 或 .csv 文件。", "Only .xlsx and .csv files can be imported.",
                           field="file")
    numbered = [(i + 1, [c.strip() for c in r]) for i, r in enumerate(raw) if any(
        (c or "").strip() for c in r)]
    if not numbered:
        raise InvalidInput("文件是空的。", "The file is empty.", field="file")
    return numbered


def read_sheet(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The first non-empty row as headings, and the numbered rows under it."""
    numbered = read_rows(path)
    return numbered[0][1], numbered[1:]


def norm_heading(h: object) -> str:
    """A heading as importers compare it: no case, spaces, units or notes in brackets."""
    text = str(h or "").strip().lower()
    text = re.sub(r"[（(][^）)]*[）)]", "", text)  # 建筑面积(㎡), 单价（元/㎡）
    text = re.sub(r"[\s_/㎡²m元:：]+", "", text) if not text.isascii() else re.sub(r"[\s_]", "", text)
    return text


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return format(Decimal(repr(v)).normalize(), "f")
    return str(v)


