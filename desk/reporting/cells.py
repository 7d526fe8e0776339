"""How a report's values read as text, the same in the PDF and at the command
line: money with thousands separators and two places, other decimals with
thousands separators and their own places, shares as 98.0%, an empty rate (zero
denominator) as a dash."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from desk.reporting.model import Column, Kind, Table, Value

DASH = "—"
NUMERIC = frozenset({Kind.COUNT, Kind.MONEY, Kind.PERCENT, Kind.DECIMAL})


def text(value: Value, kind: Kind) -> str:
    if value is None:
        return DASH
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    if kind is Kind.MONEY:
        return f"{Decimal(value):,.2f}"
    if kind is Kind.PERCENT:
        share = (Decimal(value) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return f"{share}%"
    if kind is Kind.COUNT and isinstance(value, int):
        return f"{value:,}"
    if kind is Kind.DECIMAL:  # thousands grouped, the places as given: 50,000.00 · 30.5 · 3
        return f"{value:,f}" if isinstance(value, Decimal) else f"{value:,}"
    return str(value)


def shown(table: Table) -> list[tuple[int, Column]]:
    """The columns a person sees (hidden ones are keys for scripts), with their
    positions in the rows."""
    return [(i, c) for i, c in enumerate(table.columns) if not c.hidden]


def percent_label(value: float) -> str:
    """An axis tick of a share: 0.25 -> 25%."""
    return f"{value * 100:.0f}%"


def text_width(s: str) -> int:
    """Columns a text takes in a terminal or a spreadsheet cell: CJK characters
    take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
