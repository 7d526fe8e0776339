"""Reading a spreadsheet (.xlsx, or .csv in UTF-8 or GBK) as plain rows of text.

Neutral: it knows nothing of price lists or visitors; each importer maps the
headings to its own fields (`norm_heading` makes headings comparable). Rows are
streamed, so a file of any length is read in constant memory.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from desk.core.errors import InvalidInput

Row = tuple[int, list[str]]
SAMPLE = 1 << 20  # bytes read to tell UTF-8 from GBK


def iter_rows(path: Path) -> Iterator[Row]:
    """(row number, cells) of every non-empty row: of the first sheet holding
    data, or of the CSV file. Cells of a merged range all read as its value."""
    if not path.exists():
        raise InvalidInput(f"找不到文件 {path}。", f"No file {path}.", field="file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raw: Iterator[list[Any]] = _xlsx_rows(path)
    elif suffix in (".csv", ".txt"):
        raw = _csv_rows(path)
    else:
        raise InvalidInput("只能导入 .xlsx 或 .csv 文件。", "Only .xlsx and .csv files can be imported.",
                           field="file")
    for i, r in enumerate(raw):
        cells = [_cell(c).strip() for c in r]
        if any(cells):
            yield i + 1, cells


def read_rows(path: Path) -> list[Row]:
    """Every non-empty row (see `iter_rows`); an empty file is refused."""
    numbered = list(iter_rows(path))
    if not numbered:
        raise InvalidInput("文件是空的。", "The file is empty.", field="file")
    return numbered


def read_sheet(path: Path) -> tuple[list[str], list[Row]]:
    """The first non-empty row as headings, and the numbered rows under it."""
    numbered = read_rows(path)
    return numbered[0][1], numbered[1:]


def norm_heading(h: object) -> str:
    """A heading as importers compare it: no case, spaces, units or notes in brackets."""
    text = str(h or "").strip().lower()
    text = re.sub(r"[（(][^）)]*[）)]", "", text)  # 建筑面积(㎡), 单价（元/㎡）
    text = re.sub(r"[\s_/㎡²m元:：]+", "", text) if not text.isascii() else re.sub(r"[\s_]", "", text)
    return text


# --- CSV -------------------------------------------------------------------------


def _encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the start of the file decodes as it, else GBK
    (read as its superset GB 18030)."""
    with path.open("rb") as f:
        sample = f.read(SAMPLE)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "gb18030"


def _csv_rows(path: Path) -> Iterator[list[str]]:
    encoding = _encoding(path)
    try:
        with path.open(encoding=encoding, newline="") as f:
            yield from csv.reader(line.replace("\0", "") for line in f)
    except UnicodeDecodeError as e:
        raise InvalidInput("无法识别文件编码（应为 UTF-8 或 GBK）。",
                           "Unknown text encoding (expected UTF-8 or GBK).", field="file") from e
    except csv.Error as e:
        raise InvalidInput(f"CSV 格式有误：{e}", f"The CSV file is malformed: {e}", field="file") from e


# --- xlsx ------------------------------------------------------------------------


def _xlsx_rows(path: Path) -> Iterator[list[Any]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as e:
        raise InvalidInput("文件不是有效的 Excel（.xlsx）文件。",
                           "The file is not a valid Excel (.xlsx) file.", field="file") from e
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            first = next((r for r in rows if any(_cell(c).strip() for c in r)), None)
            if first is None:
                continue  # an empty sheet: the data is on a later one
            merged = _merged(ws)
            rows = ws.iter_rows(values_only=True)
            for n, r in enumerate(rows, start=1):
                cells = list(r)
                for col, source in merged.get(n, {}).items():
                    while len(cells) <= col:
                        cells.append(None)
                    cells[col] = source
                yield cells
            return
    finally:
        wb.close()


MergeMap = dict[int, dict[int, Any]]


def _merged(ws: Any) -> MergeMap:
    """Row -> {column: value} for every cell of a merged range but its first.

    A read-only sheet does not parse its merged ranges; they are read here from
    the sheet's XML in one streaming pass, then filled from the top-left cells."""
    import xml.etree.ElementTree as ET

    from openpyxl.utils.cell import range_boundaries

    source = getattr(ws, "_get_source", None)
    if source is None:
        return {}
    ranges: list[tuple[int, ...]] = []
    with source() as xml:
        for _, el in ET.iterparse(xml):
            if el.tag.endswith("}mergeCell"):
                try:
                    bounds = range_boundaries(el.get("ref", ""))
                except ValueError:
                    continue
                if None not in bounds:
                    ranges.append(tuple(int(b) for b in bounds if b is not None))
            el.clear()
    if not ranges:
        return {}
    tops = {(r[1], r[0]) for r in ranges}  # (row, col) of each range's top-left cell
    values: dict[tuple[int, int], Any] = {}
    for n, r in enumerate(ws.iter_rows(values_only=True), start=1):
        for row, col in tops:
            if row == n and col - 1 < len(r):
                values[(row, col)] = r[col - 1]
    out: MergeMap = {}
    for min_col, min_row, max_col, max_row in ranges:
        value = values.get((min_row, min_col))
        for row in range(min_row, max_row + 1):
            for col in range(min_col, max_col + 1):
                if (row, col) != (min_row, min_col):
                    out.setdefault(row, {})[col - 1] = value
    return out


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            return str(v)
        return format(Decimal(repr(v)).normalize(), "f")
    return str(v)
