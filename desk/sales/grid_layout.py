"""Where each unit sits in a building's grid (floor row, position column).

Shared by the screen's model and the xlsx export; plain Python.
"""

from __future__ import annotations

from desk.sales.units import UnitRow, natural_key


def column_key(row: UnitRow) -> str:
    """The unit's position on its floor: '1502' on floor 15 -> '02', '32A' -> 'A'."""
    room = row.room
    floor = str(row.floor)
    for prefix in (floor, floor.zfill(2)):
        if room.startswith(prefix) and len(room) > len(prefix):
            room = room[len(prefix):]
            break
    return f"{row.entrance}-{room}" if row.entrance else room


Layout = tuple[list[int], list[str], dict[tuple[int, int], UnitRow]]


def building_layout(rows: list[UnitRow]) -> Layout:
    floors = sorted({r.floor for r in rows}, reverse=True)
    columns = sorted({column_key(r) for r in rows}, key=natural_key)
    frow = {f: i for i, f in enumerate(floors)}
    fcol = {c: i for i, c in enumerate(columns)}
    return floors, columns, {(frow[r.floor], fcol[column_key(r)]): r for r in rows}


def grid_layout(rows: list[UnitRow]) -> dict[str, Layout]:
    by: dict[str, list[UnitRow]] = {}
    for r in rows:
        by.setdefault(r.building, []).append(r)
    return {b: building_layout(rs) for b, rs in by.items()}
