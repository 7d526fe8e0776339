"""Where each unit sits in a building's grid (floor row, position column).

Shared by the screen's model and the xlsx export; plain Python.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol, TypeVar

from desk.sales.unitcode import name_key


class Placed(Protocol):
    """What places a unit in its building's grid (a `UnitRow` or a `GridUnit`)."""

    @property
    def building(self) -> str: ...
    @property
    def entrance(self) -> str: ...
    @property
    def floor(self) -> int: ...
    @property
    def room(self) -> str: ...
    @property
    def position(self) -> str | None: ...


R = TypeVar("R", bound=Placed)


class GridColumn(NamedTuple):
    """A column of a building's grid: the group of columns it stands in (the
    unit's entrance or wing, '' when the building has none) and its position."""

    group: str
    position: str


def column_key(row: Placed) -> GridColumn:
    """The unit's column: the position the import read from its code, else the
    room less its floor ('1502' on floor 15 -> '02', '32A' -> 'A')."""
    if row.position:
        return GridColumn(row.entrance, row.position)
    room = row.room
    floor = str(row.floor)
    for prefix in (floor, floor.zfill(2)):
        if room.startswith(prefix) and len(room) > len(prefix):
            room = room[len(prefix):]
            break
    return GridColumn(row.entrance, room)


def column_order(column: GridColumn) -> tuple:
    """Group by group ('二单元' before '十单元', 'A座' before 'B座'), then position."""
    return name_key(column.group), name_key(column.position)


Layout = tuple[list[int], list[GridColumn], dict[tuple[int, int], R]]


def building_layout(rows: list[R]) -> Layout[R]:
    floors = sorted({r.floor for r in rows}, reverse=True)
    keys = [column_key(r) for r in rows]
    columns = sorted(set(keys), key=column_order)
    frow = {f: i for i, f in enumerate(floors)}
    fcol = {c: i for i, c in enumerate(columns)}
    return floors, columns, {(frow[r.floor], fcol[k]): r for r, k in zip(rows, keys, strict=True)}


def has_groups(columns: list[GridColumn]) -> bool:
    return any(c.group for c in columns)


def group_starts(columns: list[GridColumn]) -> set[int]:
    """The columns that open a new group (the first column excepted)."""
    return {i for i in range(1, len(columns)) if columns[i].group != columns[i - 1].group}


def grid_layout(rows: list[R]) -> dict[str, Layout[R]]:
    by: dict[str, list[R]] = {}
    for r in rows:
        by.setdefault(r.building, []).append(r)
    return {b: building_layout(rs) for b, rs in by.items()}
