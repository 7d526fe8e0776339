"""Insert a row unless its key is taken: create-or-get that is safe when two
PCs create the same row at the same moment.

A SELECT-then-INSERT lets both writers see nothing and both insert; the second
ends in a unique violation. `INSERT … ON CONFLICT DO NOTHING` instead waits for
the other writer's transaction (PostgreSQL) and then does nothing, so the
caller's next SELECT finds the row either way. On SQLite every write
transaction is already serialised (BEGIN IMMEDIATE); the same statement serves.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute

from desk.core.uow import UnitOfWork


def insert_if_absent(uow: UnitOfWork, model: type[Any], key: list[InstrumentedAttribute[Any]] |
                     list[Column[Any]], values: dict[str, Any]) -> bool:
    """Insert `values` into `model`'s table unless a row with the same `key`
    (the columns of a unique constraint or the primary key) exists. True when
    this call inserted it. The ORM's Python-side column defaults apply."""
    dialect = postgresql if uow.get_bind().dialect.name == "postgresql" else sqlite
    pk = list(model.__table__.primary_key.columns)
    stmt = (dialect.insert(model).values(values).on_conflict_do_nothing(index_elements=key)
            .returning(*pk))
    # RETURNING, not rowcount: psycopg reports -1 rows for this statement.
    return uow.execute(stmt).first() is not None
