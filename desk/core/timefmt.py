"""Showing stored UTC times in the PC's local time."""

from __future__ import annotations

from datetime import UTC, datetime


def local(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def hm(dt: datetime | None) -> str:
    """'14:35' today, else '11-21 14:35'."""
    d = local(dt)
    if d is None:
        return ""
    return d.strftime("%H:%M") if d.date() == datetime.now().date() else d.strftime("%m-%d %H:%M")


def full(dt: datetime | None) -> str:
    d = local(dt)
    return "" if d is None else d.strftime("%Y-%m-%d %H:%M")


def utc_now() -> datetime:
    """This PC's clock in naive UTC (for durations on screen; rules use db_now)."""
    return datetime.now(UTC).replace(tzinfo=None)
