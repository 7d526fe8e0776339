"""Moving a showroom onto a PostgreSQL server (`desk migrate-to`).

Every table is copied in foreign-key order inside one transaction on the
target, so a failure leaves the target as empty as it was; the source is read
in one snapshot. Values are copied as stored (the column types' storage form,
not the Python values), so encrypted and hashed columns arrive byte for byte.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Table, func, inspect, select, text
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import TableClause
from sqlalchemy.types import TypeDecorator, TypeEngine

from desk.admin.auth import Actor
from desk.core.db import Database, unreachable
from desk.core.errors import Conflict, DeskError, InvalidInput, PermissionDenied, Unavailable
from desk.models import Base

CHUNK = 1000


@dataclass(frozen=True)
class Moved:
    target: str  # the target described, without a password
    counts: dict[str, int]  # rows per table, equal on both sides

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def tables() -> list[Table]:
    """Every mapped table, parents before the tables that refer to them."""
    return list(Base.metadata.sorted_tables)


def migrate_to(actor: Actor, source: Database, target: Database) -> Moved:
    """Copy every row of `source` into the empty database `target` (PostgreSQL),
    verify the counts table by table and set every id sequence past the copied ids.
    Only an administrator of the source showroom moves it."""
    if not actor.can("data.backup"):
        raise PermissionDenied(
            f"{actor.name} 不是系统管理员：只有系统管理员可以迁移数据库。",
            f"{actor.name} is not an administrator: only an administrator moves the database.",
        )
    if target.engine.dialect.name != "postgresql":
        raise InvalidInput(
            "目标必须是 PostgreSQL 数据库，例如 postgresql://desk@192.0.2.10:5432/showroom。",
            "The target must be a PostgreSQL database, e.g. "
            "postgresql://desk@192.0.2.10:5432/showroom.",
            field="url",
        )
    if _same_database(source, target):
        raise InvalidInput("源数据库和目标数据库是同一个。", "The source and the target are the same "
                           "database.", field="url")
    try:
        target.migrate()
        # The source's write lock (SQLite) or one snapshot (PostgreSQL) for the whole
        # copy: a row written meanwhile would otherwise be left behind.
        reading = source.engine.execution_options(isolation_level="REPEATABLE READ") \
            if not source.is_sqlite else source.engine
        with reading.connect() as src, target.engine.connect() as dst, src.begin(), dst.begin():
            _refuse_unknown_tables(src)
            _refuse_data(dst, target.description)
            _clear_seeds(dst)
            counts: dict[str, int] = {}
            for table in tables():
                counts[table.name] = _copy(src, dst, table)
            _verify(src, dst, counts)
            _set_sequences(dst)
    except DBAPIError as e:
        if unreachable(e) is not None:
            raise Unavailable(
                f"连不上数据库 {target.description}：{first_line(e)}",
                f"Cannot reach the database {target.description}: {first_line(e)}",
            ) from None
        raise DeskError(
            f"迁移失败，目标数据库没有任何改动：{first_line(e)}",
            f"The move failed and the target is unchanged: {first_line(e)}",
        ) from None
    return Moved(target.description, counts)


def count_rows(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in tables()}


# --- the steps ---------------------------------------------------------------


def _same_database(source: Database, target: Database) -> bool:
    a, b = source.engine.url, target.engine.url
    return (a.get_backend_name(), a.host, a.port or 5432, a.database) == \
        (b.get_backend_name(), b.host, b.port or 5432, b.database)


def _refuse_unknown_tables(src: Connection) -> None:
    """A table this version does not know would be left behind: say so instead."""
    known = {t.name for t in tables()} | {"alembic_version"}
    unknown = sorted(set(inspect(src).get_table_names()) - known)
    if unknown:
        raise Conflict(
            f"源数据库有本版本不认识的表：{', '.join(unknown)}；请先用新版本打开它。",
            f"The source has tables this version does not know: {', '.join(unknown)}; "
            "open it with the newer version first.",
        )


@functools.cache
def _seeded() -> dict[str, int]:
    """The rows the migrations themselves write (the audit chain's head): a new
    database has them, and the source's own take their place."""
    with tempfile.TemporaryDirectory(prefix="desk-schema-") as folder:
        fresh = Database(f"sqlite:///{Path(folder) / 'fresh.sqlite3'}")
        try:
            fresh.migrate()
            return {name: n for name, n in count_rows(fresh).items() if n}
        finally:
            fresh.dispose()


def _refuse_data(dst: Connection, where: str) -> None:
    seeded = _seeded()
    for table in tables():
        n = dst.execute(select(func.count()).select_from(table)).scalar_one()
        if n > seeded.get(table.name, 0):
            raise Conflict(
                f"目标数据库 {where} 里已有数据（{table.name}）：请迁移到一个新建的空数据库。",
                f"The target database {where} holds data already ({table.name}): "
                "move into a new, empty database.",
            )


def _clear_seeds(dst: Connection) -> None:
    for table in reversed(tables()):
        if table.name in _seeded():
            dst.execute(table.delete())


def _stored_type(t: TypeEngine) -> TypeEngine:
    """The type a column is stored as, under any TypeDecorator."""
    while isinstance(t, TypeDecorator):
        t = t.impl_instance
    return t


def _raw(table: Table) -> TableClause:
    return sql_table(table.name, *[sql_column(c.name, _stored_type(c.type)) for c in table.c])


def _chunks(src: Connection, table: Table) -> Iterator[list[dict]]:
    raw = _raw(table)
    order = [raw.c[c.name] for c in table.primary_key.columns]
    result = src.execution_options(yield_per=CHUNK).execute(select(raw).order_by(*order))
    for rows in result.partitions():
        yield [dict(r._mapping) for r in rows]


def _copy(src: Connection, dst: Connection, table: Table) -> int:
    raw = _raw(table)
    n = 0
    for chunk in _chunks(src, table):
        dst.execute(raw.insert(), chunk)  # executemany, batched by the driver
        n += len(chunk)
    return n


def _verify(src: Connection, dst: Connection, copied: dict[str, int]) -> None:
    for table in tables():
        there = src.execute(select(func.count()).select_from(table)).scalar_one()
        here = dst.execute(select(func.count()).select_from(table)).scalar_one()
        if not there == here == copied[table.name]:
            raise DeskError(
                f"{table.name} 的行数不一致（源 {there}，目标 {here}）：目标数据库没有任何改动。",
                f"Row counts differ in {table.name} (source {there}, target {here}): "
                "the target is unchanged.",
            )


def _set_sequences(dst: Connection) -> None:
    """The next id of every table comes after the copied ones."""
    for table in tables():
        for col in table.primary_key.columns:
            seq = dst.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                              {"t": table.name, "c": col.name}).scalar()
            if seq is None:
                continue
            dst.execute(
                text(f'SELECT setval(:seq, COALESCE((SELECT MAX("{col.name}") FROM '
                     f'"{table.name}"), 0) + 1, false)'),
                {"seq": seq},
            )


def first_line(e: DBAPIError) -> str:
    text_ = str(e.orig) if e.orig is not None else str(e)
    return text_.strip().splitlines()[0] if text_.strip() else type(e).__name__
