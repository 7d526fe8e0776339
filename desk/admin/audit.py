"""Reading the audit log (desk.core.audit writes it): the manager's and the
administrator's view of who changed what, and the chain's check.

The stored entries stay as written (the chain hashes them); this is where they
are put into words for the screen and `desk audit list` alike: fields and
closed sets by their names (`desk.core.audit_names`, `desk.core.labels`), times
in the showroom's zone, and the rows an entry names by their names (a unit's
code, an account's login), looked up in the same read, one query per kind of
row for the whole page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, String, and_, cast, false, not_, or_, select

from desk.admin import settings
from desk.admin.auth import Actor, require
from desk.core import audit, labels, timefmt
from desk.core.audit_names import (
    ACTION_NAMES,
    COMMON_FIELDS,
    ENUM_FIELDS,
    ENUM_SETTINGS,
    FIELD_NAMES,
    HIDDEN_FIELDS,
    REF_FIELDS,
    TABLE_NAMES,
)
from desk.core.errors import InvalidInput, pick
from desk.core.phones import mask
from desk.core.uow import UnitOfWork
from desk.models import (
    AuditEntry,
    Base,
    Claim,
    Customer,
    Project,
    RotationEvent,
    Unit,
    UnitEvent,
    User,
)

LIMIT = 500  # rows shown at once; the filters narrow the rest down
# The stored actions a filter can ask for, in the order the filter lists them;
# FAILED is a users update of the wrong-password count, shown as its own action.
FAILED = "failed"
ACTIONS = ("insert", "update", "delete", "import", audit.ERASE, audit.LOGIN,
           audit.LOGIN_REFUSED, FAILED, audit.UNLOCK)
NONE = "—"
_CHUNK = 900  # ids per IN list (well below every database's parameter limit)


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
    subject: str | None = None  # the row's name (a unit's code …), when it has one
    refs: dict[str, str] = field(default_factory=dict)  # id fields' values, by name
    customer_id: int | None = None  # the customer the entry is about


@dataclass(frozen=True)
class Filters:
    since: date | None = None  # showroom days, both ends included
    until: date | None = None
    user: str | None = None
    table: str | None = None  # a table (or, as before, a stored action)
    text: str | None = None
    action: str | None = None  # one of ACTIONS


@dataclass(frozen=True)
class Page:
    entries: list[Entry]
    more: bool  # more entries match than are shown


def tables() -> list[str]:
    """The tables the log can name (for a filter's choices): grouped by what
    they are about, as `TABLE_NAMES` lists them, then any other by name."""
    known = [t for t in TABLE_NAMES if t in Base.metadata.tables]
    rest = sorted(t for t in Base.metadata.tables if t not in audit.NOT_AUDITED
                  and t not in TABLE_NAMES)
    return known + rest


def action_name(action: str) -> str:
    return pick(*ACTION_NAMES.get(action, (action, action)))


def table_name(table: str) -> str:
    return pick(*TABLE_NAMES.get(table, (table, table)))


def field_name(table: str, name: str) -> str:
    pair = FIELD_NAMES.get(table, {}).get(name) or COMMON_FIELDS.get(name)
    return pick(*pair) if pair else name


def _utc(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


def _json(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    value = json.loads(text)
    return value if isinstance(value, dict) else {"": value}


# --- the query -----------------------------------------------------------------


def _failed_sql() -> ColumnElement[bool]:
    """A wrong password counted (`auth._write_failures`): the users update whose
    new values begin with a non-zero count, or with a zero one and a lock
    (canonical JSON sorts the keys: failed_logins comes first)."""
    new = AuditEntry.new_values
    return and_(AuditEntry.table_name == "users", AuditEntry.action == "update",
                new.like('{"failed_logins":%'),
                or_(not_(new.like('{"failed_logins":0%')),
                    new.like('{"failed_logins":0,"locked_until":"%')))


def _action_sql(action: str) -> ColumnElement[bool]:
    if action == FAILED:
        return _failed_sql()
    if action == "update":
        return and_(AuditEntry.action == "update", not_(_failed_sql()))
    return AuditEntry.action == action


def _rows_of(table: str, ids: Any) -> ColumnElement[bool]:
    """Entries about the rows of `table` whose ids `ids` (a subquery) selects."""
    return and_(AuditEntry.table_name == table, AuditEntry.row_key.in_(ids))


def _text_sql(t: str) -> ColumnElement[bool]:
    """The text in the stored values, or in the names shown for the rows an
    entry names (resolved here, in SQL): an account's login or name, a unit's
    code, a customer's name or phone, a setting's name."""
    users = select(User.id).where(or_(User.login.icontains(t, autoescape=True),
                                      User.name.icontains(t, autoescape=True)))
    units = select(Unit.id).where(Unit.code.icontains(t, autoescape=True))
    # A customer by name, by the phone's last digits (what the masked phone
    # shows), or by most of the phone; not by a few digits from its middle.
    digits = re.sub(r"\D", "", t)
    phone = Customer.phone.endswith(digits, autoescape=True) if len(digits) < 7 else \
        Customer.phone.contains(digits, autoescape=True)
    customers = select(Customer.id).where(or_(
        Customer.name.icontains(t, autoescape=True), phone if len(digits) >= 4 else false()))
    keys = [k for k, pair in labels.SETTING_NAMES.items()
            if any(t.lower() in name.lower() for name in pair)]
    return or_(
        AuditEntry.old_values.icontains(t, autoescape=True),
        AuditEntry.new_values.icontains(t, autoescape=True),
        AuditEntry.row_key == t, AuditEntry.host == t,
        AuditEntry.actor_id.in_(users),
        _rows_of("users", select(cast(User.id, String)).where(User.id.in_(users))),
        and_(AuditEntry.action != "import",
             _rows_of("units", select(cast(Unit.id, String)).where(Unit.id.in_(units)))),
        _rows_of("claims", select(cast(Claim.id, String)).where(
            or_(Claim.unit_id.in_(units), Claim.rep_id.in_(users)))),
        _rows_of("unit_events", select(cast(UnitEvent.id, String)).where(
            UnitEvent.unit_id.in_(units))),
        _rows_of("rotation_events", select(cast(RotationEvent.id, String)).where(
            RotationEvent.rep_id.in_(users))),
        AuditEntry.customer_id.in_(customers),
        and_(AuditEntry.table_name == "settings", AuditEntry.row_key.in_(keys))
        if keys else false(),
    )


def entries(uow: UnitOfWork, actor: Actor, f: Filters = Filters(), limit: int = LIMIT) -> Page:
    """The newest entries matching `f`, at most `limit` of them, with the names
    of the rows they name."""
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
        q = q.where(_action_sql(name) if name in ACTIONS else AuditEntry.table_name == name)
    if f.action and f.action.strip():
        q = q.where(_action_sql(f.action.strip()))
    if f.text and f.text.strip():
        q = q.where(_text_sql(f.text.strip()))
    rows = [Entry(r.id, r.at, r.actor, r.host, r.action, r.table_name, r.row_key,
                  _json(r.old_values), _json(r.new_values), r.redacted,
                  customer_id=r.customer_id)
            for r in uow.execute(q).scalars()]
    shown = _named(uow, rows[:limit])
    return Page(shown, len(rows) > limit)


# --- the names of the rows named ------------------------------------------------


def _id(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _own_kind(e: Entry) -> str | None:
    """The kind of row the entry's key is the id of (the import's key is its project)."""
    if e.action == "import":
        return "projects"
    return e.table if e.table in ("users", "units", "claims", "customers", "projects") else None


def _chunks(ids: set[int]) -> Iterable[list[int]]:
    ordered = sorted(ids)
    for i in range(0, len(ordered), _CHUNK):
        yield ordered[i:i + _CHUNK]


def _lookup(uow: UnitOfWork, kind: str, ids: set[int]) -> dict[int, str]:
    """One query (per chunk of ids) for the names of one kind of row."""
    out: dict[int, str] = {}
    for chunk in _chunks(ids):
        if kind == "users":
            for i, login, name in uow.execute(
                    select(User.id, User.login, User.name).where(User.id.in_(chunk))):
                out[i] = f"{login} {name}"
        elif kind == "units":
            out.update({i: c for i, c in uow.execute(
                select(Unit.id, Unit.code).where(Unit.id.in_(chunk)))})
        elif kind == "claims":
            out.update({i: c for i, c in uow.execute(
                select(Claim.id, Unit.code).join(Unit, Claim.unit_id == Unit.id)
                .where(Claim.id.in_(chunk)))})
        elif kind == "projects":
            out.update({i: n for i, n in uow.execute(
                select(Project.id, Project.name).where(Project.id.in_(chunk)))})
        elif kind == "customers":
            for i, name, phone, erased in uow.execute(
                    select(Customer.id, Customer.name, Customer.phone, Customer.erased_at)
                    .where(Customer.id.in_(chunk))):
                out[i] = name if erased is not None else f"{name} {mask(phone)}"
    return out


def _named(uow: UnitOfWork, rows: list[Entry]) -> list[Entry]:
    """The entries with the names of the rows they name and of the ids in their values."""
    wanted: dict[str, set[int]] = {k: set() for k in ("users", "units", "claims", "customers",
                                                      "projects")}
    for e in rows:
        own, key = _own_kind(e), _id(e.key)
        if own is not None and key is not None:
            wanted[own].add(key)
        if e.customer_id is not None:
            wanted["customers"].add(e.customer_id)
        for values in (e.old, e.new):
            for name, kind in REF_FIELDS.items():
                i = _id((values or {}).get(name))
                if i is not None:
                    wanted[kind].add(i)
    names = {kind: _lookup(uow, kind, ids) for kind, ids in wanted.items() if ids}

    def find(kind: str, value: Any) -> str | None:
        i = _id(value)
        return None if i is None else names.get(kind, {}).get(i)

    out = []
    for e in rows:
        values = {**(e.old or {}), **(e.new or {})}
        own = _own_kind(e)
        subject = find(own, e.key) if own is not None else None
        if subject is None and e.table == "unit_events":
            subject = find("units", values.get("unit_id"))
        if subject is None and e.table == "rotation_events":
            subject = find("users", values.get("rep_id"))
        if subject is None and e.customer_id is not None:
            subject = find("customers", e.customer_id)
        refs = {k: n for k, kind in REF_FIELDS.items() if k in values
                and (n := find(kind, values[k])) is not None}
        out.append(replace(e, subject=subject, refs=refs))
    return out


# --- in words ---------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """One entry as a person reads it: what was done, to what, and how."""

    action: str
    what: str
    change: str


_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")


def _failure(e: Entry) -> int | None:
    """The count of wrong passwords in a row this entry records, if it is one."""
    if e.table != "users" or e.action != "update" or e.new is None:
        return None
    count = e.new.get("failed_logins")
    if not isinstance(count, int):
        return None
    if count:
        return count
    if isinstance(e.new.get("locked_until"), str):  # the lock: the count starts again
        before = (e.old or {}).get("failed_logins")
        return (before if isinstance(before, int) else 0) + 1
    return None


def value_text(e: Entry, name: str, value: Any) -> str:
    """One stored value as shown: a row by its name, a closed set by its label,
    a time in the showroom's zone; nothing as "—"; a secret stays hidden."""
    if value is None or value == "" or value == []:
        return NONE
    if name in e.refs and _id(value) is not None:
        return labels.person(e.refs[name]) or NONE
    if value == audit.HIDDEN:
        return value
    if isinstance(value, bool):
        return pick("是", "yes") if value else pick("否", "no")
    enum = ENUM_FIELDS.get((e.table, name)) or ENUM_FIELDS.get(("", name))
    if enum is not None and isinstance(value, str):
        return labels.label_of(enum, value)
    if e.table == "settings" and name == "value" and isinstance(value, str):
        return _setting_text(e.key, value)
    if e.table == "rotation_events" and name == "data" and isinstance(value, str):
        return _event_text({**(e.old or {}), **(e.new or {})}.get("kind"), value)
    if e.table == "customers" and name == "phone" and isinstance(value, str):
        return mask(value) if value.startswith("+") else value
    if isinstance(value, str) and _STAMP.match(value):
        return timefmt.full(datetime.fromisoformat(value))
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _setting_text(key: str, stored: str) -> str:
    try:
        value = json.loads(stored)
    except ValueError:
        return stored
    if isinstance(value, list):
        return pick("，", ", ").join(str(v) for v in value) or NONE
    if key in ENUM_SETTINGS and isinstance(value, str):
        return labels.label_of(ENUM_SETTINGS[key], value)
    return NONE if value in (None, "") else str(value)


def _event_text(kind: Any, stored: str) -> str:
    try:
        data = json.loads(stored)
        if isinstance(kind, str) and isinstance(data, dict):
            return labels.replay_detail(kind, data) or NONE
    except (ValueError, KeyError, TypeError):
        pass
    return stored


def what(e: Entry) -> str:
    """The row the entry is about: its table and its name (else its key)."""
    if e.table == "settings" and e.key in labels.SETTING_NAMES:
        name = pick(*labels.SETTING_NAMES[e.key])
    else:
        name = labels.person(e.subject) or e.key
    return f"{table_name(e.table)} {name}".strip()


def changes(e: Entry) -> str:
    """What changed, in one line: `field: old → new` for an update, the values
    written or removed otherwise ("" for a redacted entry)."""
    if e.redacted:
        return ""
    sep, colon = pick("；", "; "), pick("：", ": ")
    parts: list[str] = []
    skip = set(HIDDEN_FIELDS)
    count = _failure(e)
    if count is not None:
        text = pick(f"密码错误（第 {count} 次）", f"Wrong password (attempt {count})")
        until = (e.new or {}).get("locked_until")
        if isinstance(until, str):
            text += pick(f"，锁定至 {value_text(e, 'locked_until', until)}",
                         f", locked until {value_text(e, 'locked_until', until)}")
        parts.append(text)
        skip |= {"failed_logins", "locked_until"}
    if e.action == audit.ERASE and e.new is not None:
        return pick(f"清空了 {len(e.new.get('redacted', []))} 条审计记录、"
                    f"{len(e.new.get('access_log', []))} 条访问记录中的个人信息",
                    f"personal data emptied from {len(e.new.get('redacted', []))} audit "
                    f"entries and {len(e.new.get('access_log', []))} access-log texts")
    if e.action == "import" and e.new is not None:
        n, codes = e.new.get("units", 0), e.new.get("codes", "")
        return pick(f"{n} 套房源（{codes}）", f"{n} units ({codes})")
    if e.table == "settings":
        skip.add("key")  # the entry names the setting
    if e.old is not None and e.new is not None:
        keys = list(e.new) + [k for k in e.old if k not in e.new]
        for k in keys:
            if k in skip:
                continue
            if k in e.old:
                parts.append(f"{field_name(e.table, k)}{colon}{value_text(e, k, e.old[k])} → "
                             f"{value_text(e, k, e.new.get(k))}")
            else:
                parts.append(f"{field_name(e.table, k)}{colon}{value_text(e, k, e.new[k])}")
        return sep.join(parts)
    values = e.new if e.new is not None else e.old or {}
    for k, v in values.items():
        if k in skip or v is None or v == "":
            continue  # a new row's empty fields say nothing
        parts.append(f"{field_name(e.table, k)}{colon}{value_text(e, k, v)}")
    return sep.join(parts)


def present(e: Entry) -> Shown:
    """The entry in the current language (the screen's columns, the CLI's table)."""
    if _voids_payment(e):
        return Shown(pick("作废", "Void"), what(e), changes(e))
    action = FAILED if _failure(e) is not None else e.action
    return Shown(action_name(action), what(e), changes(e))


def _voids_payment(e: Entry) -> bool:
    """A payment's update that sets its void time: the manager voided it."""
    return (e.table == "payments" and e.action == "update" and e.new is not None
            and e.new.get("voided_at") is not None and not (e.old or {}).get("voided_at"))


def check(uow: UnitOfWork, actor: Actor) -> audit.Intact:
    """The whole chain, checked; ChainBroken names the first broken entry."""
    require(actor, "audit.view")
    return audit.verify(uow)
