"""Showing stored UTC times in the showroom's time zone.

Every PC shows the same clock time for the same moment, whatever its own zone:
the window and the command line set the showroom's zone (the setting
`showroom.timezone`) once it is read; until then the PC's own zone is used.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

_zone: tzinfo | None = None  # None: this PC's zone


def set_zone(name: str | None) -> None:
    """Show times in the zone `name` (an IANA name such as Asia/Shanghai)."""
    global _zone
    _zone = ZoneInfo(name) if name else None


def local(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt.replace(tzinfo=UTC).astimezone(_zone).replace(tzinfo=None)


def hm(dt: datetime | None) -> str:
    """'14:35' today, else '11-21 14:35'."""
    d = local(dt)
    if d is None:
        return ""
    today = datetime.now(UTC).astimezone(_zone).date()
    return d.strftime("%H:%M") if d.date() == today else d.strftime("%m-%d %H:%M")


def full(dt: datetime | None) -> str:
    d = local(dt)
    return "" if d is None else d.strftime("%Y-%m-%d %H:%M")


def utc_now() -> datetime:
    """This PC's clock in naive UTC (for durations on screen; rules use uow.now)."""
    return datetime.now(UTC).replace(tzinfo=None)
