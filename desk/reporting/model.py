"""What a report is, apart from where it is shown: titled tables of typed
columns and chart data. The screen, the command line's JSON, the spreadsheet and
the PDF all render the same `Report`, so one figure cannot differ between them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from desk.core.errors import pick

Value = int | Decimal | str | date | None


class Kind(StrEnum):
    """How a column's values are written: counts, yuan, a share (0.98 for 98%),
    a plain decimal (minutes, a score), text or a date."""

    COUNT = "count"
    MONEY = "money"
    PERCENT = "percent"
    DECIMAL = "decimal"
    TEXT = "text"
    DATE = "date"


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    kind: Kind = Kind.COUNT
    hidden: bool = False  # a key for scripts (JSON) that screens and files leave out

    @property
    def title(self) -> str:
        return pick(self.zh, self.en)


@dataclass
class Table:
    key: str
    zh: str
    en: str
    columns: list[Column]
    rows: list[tuple[Value, ...]] = field(default_factory=list)
    total: tuple[Value, ...] | None = None  # the sum row, when the table has one

    @property
    def title(self) -> str:
        return pick(self.zh, self.en)

    def column(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def records(self) -> list[dict[str, Value]]:
        return [dict(zip((c.key for c in self.columns), row, strict=True)) for row in self.rows]


class ChartKind(StrEnum):
    BAR = "bar"
    LINE = "line"


@dataclass(frozen=True)
class Series:
    zh: str
    en: str
    values: tuple[float | None, ...]  # None: nothing to measure (a gap in a line)

    @property
    def name(self) -> str:
        return pick(self.zh, self.en)


@dataclass(frozen=True)
class Chart:
    key: str
    zh: str
    en: str
    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    percent: bool = False  # values are shares (0.98): axes show 98%

    @property
    def title(self) -> str:
        return pick(self.zh, self.en)


@dataclass
class Report:
    kind: str  # the registry's key: daily reps sources inventory quality collection
    zh: str
    en: str
    start: date
    end: date  # inclusive
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)

    @property
    def title(self) -> str:
        return pick(self.zh, self.en)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def plain(value: Value) -> Any:
    """A value as JSON writes it: money and shares as strings, exact to the cent."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def as_json(report: Report) -> dict[str, Any]:
    """The report as `desk report … --json` prints it: tables keyed by name, each
    row a mapping of column keys, so a script does not depend on column order."""
    return {
        "report": report.kind,
        "from": report.start.isoformat(),
        "to": report.end.isoformat(),
        "tables": {
            t.key: {
                "rows": [{k: plain(v) for k, v in r.items()} for r in t.records()],
                **({"total": {c.key: plain(v) for c, v in zip(t.columns, t.total, strict=True)}}
                   if t.total is not None else {}),
            }
            for t in report.tables
        },
    }
