"""The periods reports cover (a day, a week, a month, or any range of days) and
the one before each, in the showroom's calendar."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from desk.admin import settings
from desk.core.errors import InvalidInput
from desk.core.uow import UnitOfWork


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidInput("结束日期早于开始日期。", "The end date is before the start date.",
                               field="to")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def is_month(self) -> bool:
        last = calendar.monthrange(self.start.year, self.start.month)[1]
        return self.start.day == 1 and self.end == self.start.replace(day=last)

    def previous(self) -> Period:
        """The period just before, of the same shape: the previous month for a
        whole month, else as many days just before."""
        if self.is_month():
            end = self.start - timedelta(days=1)
            return month(end)
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def dates(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]


def day(d: date) -> Period:
    return Period(d, d)


def week(d: date) -> Period:
    """Monday to Sunday, the week of the weekly meeting (例会)."""
    monday = d - timedelta(days=d.weekday())
    return Period(monday, monday + timedelta(days=6))


def month(d: date) -> Period:
    return Period(d.replace(day=1), d.replace(day=calendar.monthrange(d.year, d.month)[1]))


def utc_bounds(uow: UnitOfWork, period: Period) -> tuple[datetime, datetime]:
    """The period as naive UTC times [start, end): stored times are UTC."""
    tz = ZoneInfo(settings.get(uow, "showroom.timezone"))
    utc = ZoneInfo("UTC")
    start = datetime.combine(period.start, time(0), tzinfo=tz).astimezone(utc)
    end = datetime.combine(period.end + timedelta(days=1), time(0), tzinfo=tz).astimezone(utc)
    return start.replace(tzinfo=None), end.replace(tzinfo=None)
