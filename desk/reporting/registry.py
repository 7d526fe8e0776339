"""The reports by name, as the screen and `desk report NAME` offer them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desk.admin.permissions import Actor
from desk.core.uow import UnitOfWork
from desk.reporting.model import Report
from desk.reporting.periods import Period

# build(uow, actor, period, rep_id): rep_id narrows to one rep; a sales rep
# always gets their own figures whatever is asked.
Builder = Callable[[UnitOfWork, Actor, Period, "int | None"], Report]


@dataclass(frozen=True)
class Entry:
    name: str
    zh: str
    en: str
    build: Builder


def reports() -> dict[str, Entry]:
    """Imported on first use: the report modules are not on the start-up path."""
    entries: list[Entry] = []
    return {e.name: e for e in entries}
