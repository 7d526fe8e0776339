"""A price list read as headings and numbered rows, streamed.

Two kinds of damage are told apart here. A row or two with missing or shifted
fields is left to the row checks, which report each by its row number. A file
whose records run across line breaks (a scraper fault: each line's last field
holds the next unit's code) is recognised from its first rows and rebuilt record
by record, anchored on the sale-status word each record carries; every rebuilt
record is listed, and a stream that cannot be cut into whole records is refused
with the row where it goes wrong.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from desk.core.spreadsheet import Row, iter_rows
from desk.sales.pricelist.columns import RowError, is_pairs_row, pairs_table
from desk.sales.pricelist.statuses import BLANK, published_status

# A file whose first rows are mostly shifted runs across lines; a few shifted rows
# among good ones are each reported instead.
SAMPLE_ROWS = 200


@dataclass
class Table:
    headings: list[str]
    rows: Iterator[Row]
    rebuilt: list[RowError] = field(default_factory=list)  # one notice per rebuilt record
    refusal: RowError | None = None  # the file cannot be read as records


def read_table(path: Path) -> Table:
    """Headings and rows of the first sheet with data or the CSV file; a scraped
    list of inline `label, value` pairs is turned into a table."""
    stream = iter_rows(path)
    first = next(stream, None)
    if first is None:
        return Table([], iter(()))
    headings = first[1]
    if is_pairs_row(headings):
        heads, rows = pairs_table([first, *stream])
        return Table(heads, iter(rows))
    return Table(headings, stream)


def is_status_word(text: str) -> bool:
    return text.strip().lower() not in BLANK and published_status(text) is not None


def shifted(cells: list[str], status_at: int) -> bool:
    """The row's status word is not in the status column but elsewhere."""
    here = cells[status_at] if status_at < len(cells) else ""
    return not is_status_word(here) and any(is_status_word(c) for c in cells)


def check_run_across(table: Table, status_at: int | None) -> Table:
    """Rebuild `table` record by record when its first rows run across lines."""
    if status_at is None:
        return table
    sample = list(itertools.islice(table.rows, SAMPLE_ROWS))
    rest = table.rows
    bad = sum(shifted(cells, status_at) for _, cells in sample)
    if bad < 2 or bad * 2 < len(sample):
        table.rows = itertools.chain(sample, rest)  # a few broken rows: each reported
        return table
    rows = [*sample, *rest]
    return rebuild(table.headings, rows, status_at)


def rebuild(headings: list[str], rows: list[Row], status_at: int) -> Table:
    """Cut the file's fields, read as one stream, into records of the heading's
    shape: `status_at` fields, the status word, and up to the rest as trailing
    fields (a remark) when the next record's fields leave room for them."""
    tokens = [(n, cell) for n, cells in rows for cell in cells]
    trailing = len(headings) - status_at - 1
    records: list[tuple[int, int, list[str]]] = []  # first row, last row, cells
    start = 0
    statuses = [i for i, (_, cell) in enumerate(tokens) if is_status_word(cell)]
    table = Table(headings, iter(()))
    for s in statuses:
        extra = s - start - status_at  # fields before this record that belong to the last one
        if extra < 0 or extra > trailing or (extra and not records):
            n = tokens[start][0] if start < len(tokens) else rows[-1][0]
            table.refusal = RowError(n, None, f"从第 {n} 行起记录跨行错位，无法逐条重建（字段数对不上）",
                                     f"from row {n} the records run across lines and cannot be "
                                     "rebuilt one by one (the fields do not add up)")
            return table
        if extra:
            records[-1][2].extend(cell for _, cell in tokens[start:start + extra])
        body = tokens[start + extra:s + 1]
        records.append((body[0][0], body[-1][0], [cell for _, cell in body]))
        start = s + 1
    tail = tokens[start:]
    if len(tail) > trailing or (tail and not records):
        n = tail[0][0]
        table.refusal = RowError(n, None, f"第 {n} 行起的字段不属于任何完整记录",
                                 f"the fields from row {n} on belong to no whole record")
        return table
    if records:
        records[-1][2].extend(cell for _, cell in tail)
    out: list[Row] = []
    for first, last, cells in records:
        cells += [""] * (len(headings) - len(cells))
        span = f"{first}" if first == last else f"{first}–{last}"
        shown = [c for c in cells if c]
        table.rebuilt.append(RowError(first, None, f"由第 {span} 行重建：{'，'.join(shown)}",
                                      f"rebuilt from rows {span}: {', '.join(shown)}"))
        out.append((first, cells))
    table.rows = iter(out)
    return table
