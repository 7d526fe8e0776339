"""The limits of what a service takes, the same on SQLite and PostgreSQL.

SQLite stores a string of any length in a VARCHAR(60) and PostgreSQL refuses it
with a DataError; a date of 9999-12-31 or a price of 1e30 is stored by both and
breaks whatever reads it later. So every service checks typed and imported
values here first, and says which field is wrong, in both languages.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any

from desk.core.errors import InvalidInput

DATE_MIN = date(2000, 1, 1)
DATE_MAX = date(2100, 12, 31)
MAX_TOTAL = Decimal(10_000_000_000)  # yuan: a unit's total, a deposit, a floor price
MAX_ID = 2**31 - 1  # the largest id either database stores in an INTEGER column
MAX_UNIT_PRICE = Decimal(10_000_000)  # yuan per ㎡
MAX_AREA = Decimal(100_000)  # ㎡
MAX_TEXT = 2000  # characters of a note or reason kept in an unbounded (TEXT) column
MAX_COUNT = 1000  # people in a party, ids and numbers typed by hand stay far below


def column_length(column: Any) -> int:
    """The length of a mapped string column (`Customer.name`); MAX_TEXT for TEXT."""
    length = getattr(column.type, "length", None)
    return int(length) if length else MAX_TEXT


def text(value: str | None, column: Any, zh: str, en: str, *, field: str | None = None,
         multiline: bool = False) -> str:
    """`value` stripped, refused when longer than `column` holds or when it holds
    control characters (a line break only where `multiline`). `zh`/`en` name the
    field ("客户姓名", "customer name")."""
    s = (value or "").strip()
    allowed = "\n\t" if multiline else ""
    if any(unicodedata.category(c) in ("Cc", "Cs") and c not in allowed for c in s):
        raise InvalidInput(f"{zh}含有控制字符。", f"The {en} holds control characters.",
                           field=field)
    limit = column_length(column)
    if len(s) > limit:
        raise InvalidInput(f"{zh}太长（最多 {limit} 个字）。",
                           f"The {en} is too long ({limit} characters at most).", field=field)
    return s


def day(value: date, zh: str, en: str, *, field: str | None = None) -> date:
    """A date between 2000-01-01 and 2100-12-31."""
    if not DATE_MIN <= value <= DATE_MAX:
        raise InvalidInput(
            f"{zh} {value.isoformat()} 不在 {DATE_MIN.year} 年到 {DATE_MAX.year} 年之间。",
            f"The {en} {value.isoformat()} is not between {DATE_MIN.year} and {DATE_MAX.year}.",
            field=field)
    return value


def amount(value: Decimal, limit: Decimal, zh: str, en: str, *, field: str | None = None
           ) -> Decimal:
    """A finite amount of at most `limit` (not below zero)."""
    if not value.is_finite() or value < 0:
        raise InvalidInput(f"{zh}必须是不小于零的数。", f"The {en} must be a number not below zero.",
                           field=field)
    if value > limit:
        raise InvalidInput(f"{zh}超过上限 {limit:,}。", f"The {en} is above the limit of {limit:,}.",
                           field=field)
    return value


def whole(value: int, low: int, high: int, zh: str, en: str, *, field: str | None = None) -> int:
    """A whole number from `low` to `high`."""
    if not low <= value <= high:
        raise InvalidInput(f"{zh}须在 {low} 到 {high} 之间。", f"The {en} must be {low} to {high}.",
                           field=field)
    return value
