"""Reading the audit log (desk.core.audit writes it): the manager's and the
administrator's view of who changed what, and the chain's check."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select

from desk.admin import settings
from desk.admin.auth import Actor, require
from desk.core import audit
from desk.core.errors import InvalidInput
from desk.core.uow import UnitOfWork
from desk.models import AuditEntry, Base

LIMIT = 500  # rows shown at once; the filters narrow the rest down
# Named actions beside insert/update/delete.
ACTIONS = ("insert", "update", "delete", "import", audit.ERASE)


@dataclass(frozen=True)
class Entry:
    id: int
    at: datetime  # UTC
    actor: str
    host: str
    action: str
    table: str
    key: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    redacted: bool


@dataclass(frozen=True)
class Filters:
    since: date | None = None  # showroom days, both ends included
    until: date | None = None
    user: str | None = None
    table: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Page:
    entries: list[Entry]
    more: bool  # more entries match than are shown


def tables() -> list[str]:
    """The tables the log can name (for a filter's choices)."""
    return sorted(t for t in Base.metadata.tables if t not in audit.NOT_AUDITED)


def _utc(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


def _json(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    value = json.loads(text)
    return value if isinstance(value, dict) else {"": value}


def entries(uow: UnitOfWork, actor: Actor, f: Filters = Filters(), limit: int = LIMIT) -> Page:
    """The newest entries matching `f`, at most `limit` of them."""
    require(actor, "audit.view")
    if f.since and f.until and f.since > f.until:
        raise InvalidInput("结束日期早于开始日期。", "The end date is before the start date.",
                           field="until")
    q = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit + 1)
    zone = ZoneInfo(settings.get(uow, "showroom.timezone"))
    if f.since:
        q = q.where(AuditEntry.at >= _utc(f.since, zone))
    if f.until:
        q = q.where(AuditEntry.at < _utc(f.until + timedelta(days=1), zone))
    if f.user and f.user.strip():
        q = q.where(AuditEntry.actor == f.user.strip().lower())
    if f.table and f.table.strip():
        name = f.table.strip()
        q = q.where(AuditEntry.action == name if name in ACTIONS else AuditEntry.table_name == name)
    if f.text and f.text.strip():
        t = f.text.strip()
        q = q.where(or_(AuditEntry.old_values.icontains(t, autoescape=True),
                        AuditEntry.new_values.icontains(t, autoescape=True),
                        AuditEntry.row_key == t, AuditEntry.host == t))
    rows = list(uow.execute(q).scalars())
    shown = [Entry(r.id, r.at, r.actor, r.host, r.action, r.table_name, r.row_key,
                   _json(r.old_values), _json(r.new_values), r.redacted) for r in rows[:limit]]
    return Page(shown, len(rows) > limit)


def changes(e: Entry) -> str:
    """What changed, in one line: `a: old → new` for an update, the values
    written or removed otherwise ("" for a redacted entry)."""
    def show(v: Any) -> str:
        return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)

    if e.redacted:
        return ""
    if e.old is not None and e.new is not None:
        keys = list(e.new) + [k for k in e.old if k not in e.new]
        return "; ".join(f"{k}: {show(e.old[k])} → {show(e.new.get(k))}" if k in e.old
                         else f"{k}: {show(e.new[k])}" for k in keys)
    values = e.new if e.new is not None else e.old or {}
    return "; ".join(f"{k}={show(v)}" for k, v in values.items())


def check(uow: UnitOfWork, actor: Actor) -> audit.Intact:
    """The whole chain, checked; ChainBroken names the first broken entry."""
    require(actor, "audit.view")
    return audit.verify(uow)
