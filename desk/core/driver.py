"""SQL text sent straight to the driver, for the rows every transaction writes
at its commit (the change rows, the audit chain).

Those few statements run on every user action, and SQLAlchemy's compiled
path (cache key, compiled parameters, result set-up) costs more than the
database does for them. The text is written once per dialect and shape; the
values still pass through each column's own bind processor, so they are stored
exactly as the ORM would store them. The statements still go through the
engine (`exec_driver_sql`), so its events see them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from enum import Enum
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.engine import Dialect

_NAME = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")  # not a ::cast
# Rows per statement: 999 bound values is the oldest SQLite's limit.
CHUNK = 50


@lru_cache(maxsize=256)
def _text(paramstyle: str, sql: str) -> str:
    if paramstyle == "pyformat":  # psycopg; sqlite3 takes :name as written
        return _NAME.sub(r"%(\1)s", sql.replace("%", "%%"))
    return sql


def _processors(dialect: Dialect, table: Table) -> dict[str, Callable[[Any], Any] | None]:
    return {c.name: c.type.dialect_impl(dialect).bind_processor(dialect) for c in table.columns}


_PROCESSORS: dict[tuple[str, str], dict[str, Callable[[Any], Any] | None]] = {}


def bind(dialect: Dialect, table: Table, row: dict[str, Any], suffix: str = "") -> dict[str, Any]:
    """`row`'s values as the driver takes them (column name + `suffix` as the key)."""
    key = (dialect.name, table.name)
    procs = _PROCESSORS.get(key)
    if procs is None:
        procs = _PROCESSORS[key] = _processors(dialect, table)
    out = {}
    for name, value in row.items():
        if isinstance(value, Enum):  # psycopg would write a member's name
            value = value.value
        proc = procs[name]
        out[name + suffix] = value if proc is None or value is None else proc(value)
    return out


@lru_cache(maxsize=64)
def _values(columns: tuple[str, ...], rows: int) -> str:
    return ", ".join("(" + ", ".join(f":{c}_{i}" for c in columns) + ")" for i in range(rows))


def insert_rows(table: Table, columns: Sequence[str], rows: int) -> tuple[str, str]:
    """The INSERT's head and its VALUES list for `rows` rows (placeholders
    named column_i)."""
    return (f"INSERT INTO {table.name} ({', '.join(columns)})",
            "VALUES " + _values(tuple(columns), rows))


def params(dialect: Dialect, table: Table, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for i, row in enumerate(rows):
        out.update(bind(dialect, table, row, f"_{i}"))
    return out


def text_for(dialect: Dialect, sql: str) -> str:
    """`sql` written with :name placeholders, in the driver's own style."""
    return _text(dialect.paramstyle, sql)


def run(conn: Connection, sql: str, values: dict[str, Any]) -> Any:
    return conn.exec_driver_sql(text_for(conn.dialect, sql), values)
