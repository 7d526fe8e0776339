"""Values read through one database that stay true until a change of their kind.

Settings are read by nearly every action and changed a few times a year: each
process keeps what it read, per database, and drops a kind's values when a
change of that kind arrives: committed here (`after_commit` below) or by
another PC or the CLI (the change feed, `desk.core.listener`). Between another
PC's commit and its arrival here (half a second on SQLite, a NOTIFY on
PostgreSQL) the old value is used, as a screen would show it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session

from desk.core.uow import UnitOfWork

T = TypeVar("T")


class Cache:
    """Values by (change kind, key); thread-safe (the window's workers share it)."""

    def __init__(self) -> None:
        self._values: dict[tuple[str, str], Any] = {}
        self._generation = 0
        self._lock = threading.Lock()

    def get(self, kind: str, key: str, read: Callable[[], T]) -> T:
        """The value kept, else `read()` kept unless a change of any kind
        arrived meanwhile (the read may be older than that change)."""
        with self._lock:
            if (kind, key) in self._values:
                value: T = self._values[kind, key]
                return value
            generation = self._generation
        value = read()
        with self._lock:
            if generation == self._generation:
                self._values[kind, key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._values.clear()

    def forget(self, kinds: Iterable[str]) -> None:
        drop = {str(k) for k in kinds}
        if not drop:
            return
        with self._lock:
            self._generation += 1
            for k in [k for k in self._values if k[0] in drop]:
                del self._values[k]


def of(uow: UnitOfWork) -> Cache | None:
    """The cache of the unit of work's database (None: a session with no `Database`)."""
    cache = getattr(getattr(uow, "db", None), "cache", None)
    return cache if isinstance(cache, Cache) else None


@event.listens_for(UnitOfWork, "after_commit")
def _committed_here(session: Session) -> None:
    if isinstance(session, UnitOfWork) and session.changed:
        cache = of(session)
        if cache is not None:
            cache.forget(session.changed)
