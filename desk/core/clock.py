"""This PC's clock against the database server's.

Every time that decides a rule is the server's (`uow.now`), so a PC whose clock
is wrong still obeys the rules; but a person reading this PC's own clock then
disagrees with what the application records. Past `SKEW_LIMIT` the window says
so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from desk.core.timefmt import utc_now
from desk.core.uow import UnitOfWork

SKEW_LIMIT = timedelta(minutes=1)


def server_clock(uow: UnitOfWork) -> datetime:
    """The server's own clock, in naive UTC: `uow.now` without the offset tests
    use to move the rules' time forward (which moves no real clock)."""
    return uow.now - uow.db.clock_offset


def skew(uow: UnitOfWork, local_clock: Callable[[], datetime] = utc_now) -> timedelta:
    """How far this PC's clock is ahead of the server's (negative: behind),
    taken at the middle of the round trip that reads the server's."""
    before = local_clock()
    server = server_clock(uow)
    after = local_clock()
    return before + (after - before) / 2 - server


def is_off(difference: timedelta) -> bool:
    return abs(difference) > SKEW_LIMIT


def minutes(difference: timedelta) -> int:
    """The difference in whole minutes, as a person reads it (at least 1)."""
    return max(1, round(abs(difference).total_seconds() / 60))
