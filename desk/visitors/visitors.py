"""Visitor registration (客户登记表): visits and calls, returning customers,
search, a customer's page, export, and erasure on request."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    SQLColumnExpression,
    and_,
    bindparam,
    func,
    select,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import aliased

from desk.admin import auth, settings
from desk.admin.auth import Actor, require
from desk.core import audit, bounds, crypto
from desk.core.changes import ChangeKind
from desk.core.errors import DeskError, FieldErrors, InvalidInput, NotFound, PermissionDenied, pick
from desk.core.idnumbers import mask_id, normalize_id
from desk.core.phones import mask, national, normalize_mobile
from desk.core.uow import UnitOfWork
from desk.customers import customers
from desk.models import (
    AccessLog,
    Claim,
    Complaint,
    Customer,
    FollowUp,
    Reception,
    Unit,
    UnitEvent,
    User,
    Visit,
)
from desk.models.enums import (
    AccessAction,
    ClaimState,
    ContactKind,
    Erased,
    Gender,
    IntentGrade,
    Purpose,
    ReceptionState,
    Role,
    VisitKind,
)
from desk.reception import rotation
from desk.sales import claims
from desk.visitors import consent

GRADES = tuple(IntentGrade)
PURPOSES = tuple(Purpose)
GENDERS = tuple(Gender)
# Who is offered as the receiving rep (接待顾问): the sales reps. A manager who
# took a walk-in in the rotation is accepted for that reception only.
REP_ROLES = (Role.SALES_REP,)


@dataclass
class VisitForm:
    """What the desk types in. Strings as typed; `check` turns them into values."""

    name: str = ""
    phone: str = ""
    source: str = ""
    grade: str = ""
    rep_login: str = ""
    kind: str = ContactKind.VISIT
    visit_kind: str = ""  # a VisitKind; proposed from the phone when empty
    gender: str = ""
    party_size: str | int = 1
    rating: str | int | None = ""  # the visitor's satisfaction 1 to 5; empty: not asked
    referral_code: str = ""
    wanted_layout: str = ""
    wanted_area: str = ""
    budget: str = ""
    purpose: str = ""
    notes: str = ""
    id_number: str = ""
    consent: bool = False  # asked when the customer has no consent to the current text
    reception_id: int | None = None
    # No reception named: link the rep's reception still waiting for its form
    # (`reception_to_link`); False when the user chose "none".
    link_open_reception: bool = True


@dataclass
class Registered:
    customer_id: int
    visit_id: int
    returning: bool
    owner: str | None
    warnings: list[str] = field(default_factory=list)
    reception_id: int | None = None  # the reception this form belongs to


def _err(zh: str, en: str, f: str) -> InvalidInput:
    return InvalidInput(zh, en, field=f)


def check(uow: UnitOfWork, form: VisitForm, actor: Actor | None = None) -> dict:
    """Every field's problem at once (FieldErrors), or the cleaned values. With
    the actor, a form that names no reception gets the one it belongs to."""
    errors: dict[str, DeskError] = {}
    out: dict = {}
    name = form.name.strip()
    if not name:
        errors["name"] = _err("请填写客户姓名。", "Enter the customer's name.", "name")
    elif len(name) > 60:
        errors["name"] = _err("姓名太长（最多 60 个字）。", "The name is too long (60 at most).",
                              "name")
    out["name"] = name
    try:
        out["phone"] = normalize_mobile(form.phone)
    except InvalidInput as e:
        errors["phone"] = e
    sources = settings.get(uow, "visitors.sources")
    if form.source.strip() not in sources:
        errors["source"] = _err("请选择来访渠道。", "Choose how the customer heard of us.", "source")
    out["source"] = form.source.strip()
    if form.source.strip() == "中介" and not form.referral_code.strip():
        errors["referral_code"] = _err("中介带客请填写中介的报备编号。",
                                       "An agency visit needs the agency's referral code.",
                                       "referral_code")
    grade = form.grade.strip().upper()
    if grade not in GRADES:
        errors["grade"] = _err("请选择意向等级 A、B 或 C。", "Choose the intent grade A, B or C.",
                               "grade")
    out["grade"] = grade
    if form.kind not in tuple(ContactKind):
        errors["kind"] = _err("登记类型应为来访或来电。", "Register a visit or a call.", "kind")
    try:
        rep = auth.get_user(uow, form.rep_login) if form.rep_login else None
    except NotFound:
        rep = None
    reception_id = form.reception_id
    if rep is not None and actor is not None and reception_id is None \
            and form.link_open_reception and form.kind == ContactKind.VISIT:
        waiting = reception_to_link(uow, actor, rep.login)
        reception_id = waiting.id if waiting is not None else None
    out["reception_id"] = reception_id
    if rep is None or not rep.active:
        errors["rep"] = _err("请选择接待的置业顾问。", "Choose the receiving sales rep.", "rep")
    elif not may_receive(uow, rep, reception_id):
        errors["rep"] = _err(f"{rep.name}不是置业顾问，请选择接待的置业顾问。",
                             f"{rep.name} is not a sales rep: choose the receiving sales rep.",
                             "rep")
    out["rep"] = rep
    if form.visit_kind not in ("", *VisitKind):
        errors["visit_kind"] = _err("请选择初访或再访。", "Choose first or return visit.",
                                    "visit_kind")
    try:
        party = int(str(form.party_size).strip() or 1)
        if not 1 <= party <= 50:
            raise ValueError
        out["party_size"] = party
    except ValueError:
        errors["party_size"] = _err("来访人数应为 1 到 50 的整数。", "Party size is 1 to 50.",
                                    "party_size")
    out["rating"] = _rating(form, errors)
    if form.gender not in ("", *GENDERS):
        errors["gender"] = _err("性别无效。", "Invalid gender.", "gender")
    if form.purpose not in ("", *PURPOSES):
        errors["purpose"] = _err("置业目的无效。", "Invalid purpose.", "purpose")
    if form.id_number.strip():
        try:
            out["id_number"] = normalize_id(form.id_number)
        except InvalidInput as e:
            errors["id_number"] = e
    else:
        out["id_number"] = ""
    # Asked once: a customer who agreed to the current text is not asked again.
    known = _customer(uow, out["phone"]) if "phone" in out else None
    if not form.consent and consent.given_at(known, consent.current_version(uow)) is None:
        errors["consent"] = _err("请取得客户同意后再保存其信息（个人信息保护）。",
                                 "Ask for the customer's consent before keeping their data.",
                                 "consent")
    for f, limit in (("wanted_layout", 30), ("wanted_area", 30), ("budget", 30),
                     ("referral_code", 30)):
        value = getattr(form, f).strip()
        if len(value) > limit:
            errors[f] = _err(f"最多 {limit} 个字。", f"{limit} characters at most.", f)
        out[f] = value
    try:
        bounds.text(form.notes, Visit.notes, "备注", "notes", field="notes", multiline=True)
    except InvalidInput as e:
        errors["notes"] = e
    if errors:
        raise FieldErrors(errors)
    return out


def _rating(form: VisitForm, errors: dict[str, DeskError]) -> int | None:
    """The visitor's satisfaction (1 to 5), optional; a call has none: only a
    visitor in the showroom is asked."""
    text = str(form.rating if form.rating is not None else "").strip()
    if not text:
        return None
    if form.kind == ContactKind.CALL:
        errors["rating"] = _err("来电不评满意度，请清空满意度。",
                                "A phone call has no satisfaction rating: clear it.", "rating")
        return None
    if text in ("1", "2", "3", "4", "5"):
        return int(text)
    errors["rating"] = _err("满意度应为 1 到 5 分。", "The satisfaction rating is 1 to 5.",
                            "rating")
    return None


def _customer(uow: UnitOfWork, e164: str) -> Customer | None:
    return uow.execute(select(Customer).where(Customer.phone == e164)).scalar_one_or_none()


def may_receive(uow: UnitOfWork, user: User, reception_id: int | None = None) -> bool:
    """A sales rep; or the manager who received this very party in the rotation."""
    if not user.active:
        return False
    if user.role in REP_ROLES:
        return True
    reception = uow.get(Reception, reception_id) if reception_id is not None else None
    return reception is not None and reception.rep_id == user.id


@dataclass(frozen=True)
class PhoneInfo:
    """A returning customer as their last registration left them: the form
    proposes it all again."""

    customer_id: int
    name: str
    owner: str | None
    owner_valid: bool
    visits: int
    last_visit: datetime | None
    grade: str
    owner_login: str | None = None  # while the ownership lasts
    gender: str = ""
    source: str = ""  # of the last registration
    referral_code: str = ""
    wanted_layout: str = ""
    wanted_area: str = ""
    budget: str = ""
    purpose: str = ""
    consent_at: datetime | None = None  # agreed to the current consent text then
    consent_outdated: bool = False  # agreed to an earlier text: ask again


def lookup_phone(uow: UnitOfWork, phone: str) -> PhoneInfo | None:
    """A known phone: who it is, who owns them, how often they came, what they
    said last time, and whether their consent still holds."""
    try:
        c = customers.find_by_phone(uow, phone)
    except InvalidInput:
        return None
    if c is None or c.erased_at is not None:
        return None
    owner = uow.get(User, c.owner_id) if c.owner_id else None
    valid = bool(owner and c.owner_until and c.owner_until > uow.now)
    last_source = uow.execute(select(Visit.source).where(Visit.customer_id == c.id)
                              .order_by(Visit.at.desc(), Visit.id.desc()).limit(1)
                              ).scalar_one_or_none()
    agreed = consent.given_at(c, consent.current_version(uow))
    return PhoneInfo(c.id, c.name, owner.name if owner else None, valid, c.visit_count,
                     c.last_visit_at, c.grade, owner.login if owner and valid else None,
                     c.gender, last_source or c.source, c.referral_code, c.wanted_layout,
                     c.wanted_area, c.budget, c.purpose, agreed,
                     agreed is None and c.consent_at is not None)


def receiving_reps(uow: UnitOfWork, phone: str = "") -> list[tuple[str, str]]:
    """(name, login) of whom the form offers as the receiving rep, in this order:
    the customer's owner (a known phone, while the ownership lasts), then the
    active sales reps in today's rotation order, then the others by name (pinyin).
    A manager who took a walk-in and has not registered it yet is offered too."""
    users = list(uow.execute(select(User).where(User.active.is_(True))).scalars())
    receiving = {r.rep_login for r in receptions_without_form(uow)}
    chosen = [u for u in users if u.role in REP_ROLES or u.login in receiving]
    line = {r.rep_id: i for i, r in enumerate(rotation.board(uow))}
    owner_id = None
    if phone:
        try:
            c = customers.find_by_phone(uow, phone)
        except InvalidInput:
            c = None
        if c is not None and c.erased_at is None and c.owner_until and c.owner_until > uow.now:
            owner_id = c.owner_id
    chosen.sort(key=lambda u: (u.id != owner_id, line.get(u.id, len(line)),
                               customers.initials_of(u.name), u.login))
    return [(u.name, u.login) for u in chosen]


# --- the reception a form belongs to ------------------------------------------


@dataclass(frozen=True)
class WaitingReception:
    """A reception of today, still open, that no registration form names yet."""

    id: int
    rep_login: str
    rep_name: str
    arrived_at: datetime
    party_size: int


def receptions_without_form(uow: UnitOfWork) -> list[WaitingReception]:
    """Today's open receptions with no registration form yet, oldest first."""
    has_form = select(Visit.id).where(Visit.reception_id == Reception.id).exists()
    rows = uow.execute(
        select(Reception, User.login, User.name).join(User, User.id == Reception.rep_id)
        .where(Reception.day == settings.today(uow), Reception.state == ReceptionState.OPEN,
               ~has_form)
        .order_by(Reception.arrived_at, Reception.id))
    return [WaitingReception(r.id, login, name, r.arrived_at, r.party_size)
            for r, login, name in rows]


def reception_to_link(uow: UnitOfWork, actor: Actor, rep_login: str
                      ) -> WaitingReception | None:
    """The reception a form for this rep that names none belongs to: the rep's
    oldest open one of today without a form. Only when the rep registers, or
    someone who runs the rotation does it for them: saving ends that reception."""
    return receptions_to_link(uow, actor).get(rep_login)


def receptions_to_link(uow: UnitOfWork, actor: Actor) -> dict[str, WaitingReception]:
    """`reception_to_link` for every rep at once (rep's login -> reception)."""
    out: dict[str, WaitingReception] = {}
    for r in receptions_without_form(uow):
        if r.rep_login not in out and (actor.login == r.rep_login or actor.can("queue.operate")):
            out[r.rep_login] = r
    return out


def same_name_other_phone(uow: UnitOfWork, name: str, e164: str) -> list[str]:
    """Masked phones of other customers with this name: flagged, never merged."""
    rows = uow.execute(select(Customer.phone).where(
        Customer.name == name.strip(), Customer.phone != e164, Customer.erased_at.is_(None)))
    return [mask(p) for p in rows.scalars()]


def register(uow: UnitOfWork, actor: Actor, form: VisitForm) -> Registered:
    """Save the registration form: the customer (new or found by phone) and the visit."""
    require(actor, "visitors.register")
    v = check(uow, form, actor)
    now = uow.now
    rep: User = v["rep"]
    existing = _customer(uow, v["phone"])
    if existing is not None and existing.erased_at is not None:
        existing.erased_at = None  # came back after erasure: a new record under the same key
        existing.owner_id = existing.owner_until = None
    returning = existing is not None and (existing.visit_count or 0) > 0
    warnings = []
    others = same_name_other_phone(uow, v["name"], v["phone"])
    if others:
        warnings.append(pick(f"同名客户已用其他手机号登记：{'、'.join(others)}（未合并，请核实）",
                             f"A customer of the same name has other phones: "
                             f"{', '.join(others)} (not merged: check)"))
    c = existing or Customer(created_at=now)
    if existing is not None and existing.name != v["name"]:
        warnings.append(pick(f"此手机号原登记姓名为“{existing.name}”，已更新为“{v['name']}”",
                             f"This phone was registered as '{existing.name}', now "
                             f"'{v['name']}'"))
    customers.set_identity(c, v["name"], v["phone"])
    c.source = c.source or v["source"]
    c.grade = v["grade"]
    for f in ("referral_code", "wanted_layout", "wanted_area", "budget"):
        if v[f]:
            setattr(c, f, v[f])
    if form.gender:
        c.gender = form.gender
    if form.purpose:
        c.purpose = form.purpose
    if form.notes.strip():
        c.notes = (c.notes + "\n" if c.notes else "") + form.notes.strip()
    if v["id_number"]:
        c.id_number_enc = crypto.encrypt(v["id_number"])
    if form.consent:
        consent.record(c, now, consent.current_version(uow))
    if existing is None:
        uow.add(c)
        uow.flush()
    _extend_ownership(uow, c, rep.id, form.kind, now)
    reception_id = v["reception_id"]
    visit_kind = form.visit_kind or (VisitKind.RETURN if returning else VisitKind.FIRST)
    visit = Visit(customer_id=c.id, kind=form.kind, visit_kind=visit_kind, rep_id=rep.id,
                  reception_id=reception_id, at=now, party_size=v["party_size"],
                  source=v["source"], grade=v["grade"], notes=form.notes.strip(),
                  created_by=actor.id, rating=v["rating"])
    uow.add(visit)
    count_visit(c, now)
    uow.flush()
    if reception_id is not None:
        _close_reception(uow, actor, reception_id, c.id)
    uow.record(ChangeKind.VISITORS, c.id)
    owner = uow.get(User, c.owner_id) if c.owner_id else None
    return Registered(c.id, visit.id, returning, owner.name if owner else None, warnings,
                      reception_id)


def count_visit(c: Customer, at: datetime) -> None:
    """Keep the customer's visit count and last visit with the visits table."""
    c.visit_count = (c.visit_count or 0) + 1
    c.last_visit_at = max(c.last_visit_at or at, at)


def _extend_ownership(uow: UnitOfWork, c: Customer, rep_id: int, kind: str,
                      now: datetime) -> None:
    """The owner keeps the customer for N days after the last effective contact; a
    contact by another rep while the owner's time runs counts for the owner."""
    days = settings.get(uow, "ownership.visit_days" if kind == ContactKind.VISIT else
                        "ownership.call_days")
    valid = c.owner_id is not None and c.owner_until is not None and c.owner_until > now
    if not valid:
        c.owner_id = rep_id
    c.owner_until = max(c.owner_until or now, now + timedelta(days=days)) if valid else \
        now + timedelta(days=days)


def _close_reception(uow: UnitOfWork, actor: Actor, reception_id: int, customer_id: int) -> None:
    """The form ends the reception it belongs to (the desk shows it open until then)."""
    reception = uow.get(Reception, reception_id)
    if reception is None:
        raise NotFound("没有这个接待记录。", "No such reception.", field="reception")
    reception.customer_id = customer_id
    if reception.state == ReceptionState.OPEN:
        rep = uow.get_one(User, reception.rep_id)
        rotation.finish(uow, actor, rep.login)


# --- finding -------------------------------------------------------------------


class CustomerRow(NamedTuple):
    """One line of the customer list: a tuple, made fifty at a time per keystroke."""

    id: int
    name: str
    phone: str  # masked unless the user may see it
    grade: str
    source: str
    owner: str | None
    owner_until: datetime | None
    last_visit: datetime | None
    visits: int
    erased: bool


def _digits(q: str) -> str:
    return "".join(ch for ch in q if ch.isdigit())


# Rows one keystroke brings back: a screenful to pick from, not the directory.
SEARCH_LIMIT = 50


@functools.cache
def _search_statement(key: str, filters: frozenset[str], limit: int) -> Select[*tuple[Any, ...]]:
    """The search for one key shape and set of filters, built once: a keystroke
    only binds its values (building the statement cost more than running it).
    The listed columns only, ordered as an index of the key hands them over, so
    the database reads the first matches and stops at the limit."""
    owner = aliased(User, name="owner")
    stmt = (select(Customer.id, Customer.name, Customer.phone, Customer.grade, Customer.source,
                   owner.name, Customer.owner_until, Customer.last_visit_at,
                   Customer.visit_count)
            .outerjoin(owner, owner.id == Customer.owner_id)
            .where(Customer.erased_at.is_(None)))
    conditions: dict[str, ColumnElement[bool]] = {
        "rep": owner.login == bindparam("rep"), "grade": Customer.grade == bindparam("grade"),
        "source": Customer.source == bindparam("source"),
        "since": Customer.last_visit_at >= bindparam("since"),
        "until": Customer.last_visit_at < bindparam("until")}
    stmt = stmt.where(*(conditions[f] for f in sorted(filters)))
    order: list[SQLColumnExpression[Any]] = [Customer.last_visit_at.desc().nulls_last(),
                                             Customer.id.desc()]
    if key == "tail":
        stmt, order = stmt.where(Customer.phone_tail == bindparam("q")), [Customer.phone]
    elif key in ("phone", "initials", "name"):
        column = {"phone": Customer.phone, "initials": Customer.initials,
                  "name": Customer.name}[key]
        stmt = stmt.where(column >= bindparam("lo"), column < bindparam("hi"))
        order = [Customer.phone] if key == "phone" else [column, Customer.id]
    return stmt.order_by(*order).limit(limit)


Convert = Callable[[Any], Any]


class _DriverSearch(NamedTuple):
    """One search statement as the driver takes it: compiled once per dialect, so a
    keystroke skips SQLAlchemy's per-statement work (cache key, parameter and
    result processing, row objects) and gets plain tuples."""

    sql: str
    names: tuple[str, ...] | None  # the order of positional parameters (SQLite's "?")
    constants: dict[str, Any]  # values compiled in (the limit)
    binds: dict[str, Convert]  # the values that need their type's conversion
    # Reads owner_until and last_visit_at as the ORM would (SQLite returns text);
    # None where the driver returns datetimes itself.
    timestamp: Convert | None

    def run(self, con: Connection, values: dict[str, Any]) -> Sequence[tuple[Any, ...]]:
        given = self.constants | {k: self.binds[k](v) if k in self.binds else v
                                  for k, v in values.items()}
        params: Any = given if self.names is None else tuple(given[n] for n in self.names)
        result = con.exec_driver_sql(self.sql, params)
        try:
            return result.cursor.fetchall()
        finally:
            result.close()


_DRIVER_SEARCHES: dict[tuple[str, str, str, frozenset[str], int], _DriverSearch] = {}


def _driver_search(dialect: Dialect, key: str, filters: frozenset[str], limit: int
                   ) -> _DriverSearch:
    at = (dialect.name, dialect.driver, key, filters, limit)
    found = _DRIVER_SEARCHES.get(at)
    if found is None:
        stmt = _search_statement(key, filters, limit)
        compiled = stmt.compile(dialect=dialect)
        names = tuple(compiled.positiontup) if compiled.positiontup is not None else None
        binds: dict[str, Convert] = {name: p for name, b in compiled.binds.items()
                                     if (p := b.type.dialect_impl(dialect).bind_processor(dialect))}
        stamp = Customer.last_visit_at.type.dialect_impl(dialect)
        timestamp = stamp.result_processor(dialect, None)
        constants = {k: v for k, v in compiled.params.items() if v is not None}
        found = _DRIVER_SEARCHES[at] = _DriverSearch(str(compiled), names, constants, binds,
                                                     timestamp)
    return found


def search(uow: UnitOfWork, actor: Actor, query: str = "", *, rep_login: str | None = None,
           grade: str | None = None, source: str | None = None, since: date | None = None,
           until: date | None = None, limit: int = SEARCH_LIMIT) -> list[CustomerRow]:
    """By phone (any part of the number; 4 digits find the tail), name, or pinyin
    initials ("zs" finds 张三), with filters. Phones are masked unless the role
    may see them."""
    q = query.strip()
    values: dict[str, Any] = {
        "rep": rep_login or None, "grade": grade or None, "source": source or None,
        "since": datetime.combine(since, datetime.min.time()) if since else None,
        "until": datetime.combine(until + timedelta(days=1), datetime.min.time())
        if until else None}
    filters = frozenset(k for k, v in values.items() if v is not None)
    values = {k: v for k, v in values.items() if v is not None}
    digits = _digits(q)
    searches: list[tuple[str, dict[str, Any]]]
    if q and digits and len(digits) == len(q.replace(" ", "")):
        prefix = f"+86{digits[-11:]}"
        searches = [("phone", {"lo": prefix, "hi": prefix + "\x7f"})]
        if len(digits) == 4:
            # The tail and the start of the number, each down its own index in phone
            # order with its own limit: an OR of the two reads every match and sorts.
            searches.append(("tail", {"q": digits}))
    elif q.isascii() and q.isalpha():
        searches = [("initials", {"lo": q.lower(), "hi": q.lower() + "\x7f"})]
    elif q:
        searches = [("name", {"lo": q, "hi": q + "\U0010ffff"})]
    else:
        searches = [("recent", {})]
    # Plain rows through the connection: nothing here for the session to track.
    con = uow.connection()
    prepared = [(_driver_search(con.dialect, key, filters, limit), bound)
                for key, bound in searches]
    found = [statement.run(con, values | bound) for statement, bound in prepared]
    rows = found[0]
    if len(found) > 1:  # both in phone order; a number may be found by both
        rows = sorted({r[0]: r for part in found for r in part}.values(),
                      key=lambda r: r[2])[:limit]
    show = national if actor.can("customers.unmasked") else mask
    stamp = prepared[0][0].timestamp
    if stamp is None:
        return [CustomerRow(i, name, show(phone), grade_, source_, owner_name, until_, last,
                            visits, False)
                for i, name, phone, grade_, source_, owner_name, until_, last, visits in rows]
    # One pass over the rows: this is most of what a keystroke costs beyond the query.
    return [CustomerRow(i, name, show(phone), grade_, source_, owner_name,
                        None if until_ is None else stamp(until_),
                        None if last is None else stamp(last), visits, False)
            for i, name, phone, grade_, source_, owner_name, until_, last, visits in rows]


def log_access(uow: UnitOfWork, actor: Actor, action: str, customer_id: int | None,
               detail: str = "") -> None:
    uow.add(AccessLog(at=uow.now, actor_id=actor.id, action=action,
                          customer_id=customer_id, detail=detail))


# --- a customer's page ---------------------------------------------------------


@dataclass(frozen=True)
class CustomerPage:
    id: int
    name: str
    phone: str
    id_number: str
    gender: str
    grade: str
    source: str
    referral_code: str
    wanted: str
    purpose: str
    notes: str
    owner: str | None
    owner_until: datetime | None
    consent_at: datetime | None
    visits: list[tuple[datetime, str, str, str, int, str]]  # at kind visit_kind rep party notes
    follow_ups: list[tuple[date, str, str, str, datetime | None, str]]
    deals: list[tuple[str, str, str, datetime, str | None]]  # unit kind state created contract
    complaints: list[tuple[datetime, str, str, str]]


def page(uow: UnitOfWork, actor: Actor, customer_id: int, unmasked: bool = False
         ) -> CustomerPage:
    """Everything about one customer. `unmasked` shows the full phone and ID number
    to a role that may see them, and is logged."""
    require(actor, "visitors.register")
    c = uow.get(Customer, customer_id)
    if c is None or c.erased_at is not None:
        raise NotFound("没有这个客户（或已删除）。", "No such customer (or erased).")
    if unmasked:
        require(actor, "customers.unmasked")
        log_access(uow, actor, AccessAction.VIEW, c.id)
    idn = crypto.decrypt(c.id_number_enc) if c.id_number_enc else ""
    owner = uow.get(User, c.owner_id) if c.owner_id else None
    rep = aliased(User)
    visits = [(v.at, v.kind, v.visit_kind, name, v.party_size, v.notes) for v, name in
              uow.execute(select(Visit, rep.name).join(rep, rep.id == Visit.rep_id)
                              .where(Visit.customer_id == c.id).order_by(Visit.at.desc()))]
    fus = [(f.due, f.channel, f.plan, name, f.done_at, f.outcome) for f, name in
           uow.execute(select(FollowUp, rep.name).join(rep, rep.id == FollowUp.rep_id)
                           .where(FollowUp.customer_id == c.id).order_by(FollowUp.due.desc()))]
    deals = [(code, k, st, at, no) for code, k, st, at, no in uow.execute(
        select(Unit.code, Claim.kind, Claim.state, Claim.created_at, Claim.contract_number)
        .join(Unit, Unit.id == Claim.unit_id).where(Claim.customer_id == c.id)
        .order_by(Claim.id.desc()))]
    comps = [(x.received_at, x.kind, x.description, "✓" if x.resolved_at else "") for x in
             uow.execute(select(Complaint).where(Complaint.customer_id == c.id)
                             .order_by(Complaint.id.desc())).scalars()]
    wanted = " ".join(x for x in (c.wanted_layout, c.wanted_area, c.budget) if x)
    return CustomerPage(
        c.id, c.name, national(c.phone) if unmasked else mask(c.phone),
        (idn if unmasked else mask_id(idn)) if idn else "", c.gender, c.grade, c.source,
        c.referral_code, wanted, c.purpose, c.notes, owner.name if owner else None,
        c.owner_until, c.consent_at, visits, fus, deals, comps)


# --- export and erasure ---------------------------------------------------------


def export_xlsx(uow: UnitOfWork, actor: Actor, rows: list[CustomerRow], path: Path,
                unmasked: bool = False) -> Path:
    """The customer list as .xlsx; unmasked only for a role that may, and logged."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

    require(actor, "visitors.register")
    if unmasked:
        require(actor, "customers.unmasked")
        phones = {c.id: national(c.phone) for c in uow.execute(
            select(Customer).where(Customer.id.in_([r.id for r in rows]))).scalars()}
        log_access(uow, actor, AccessAction.EXPORT, None, f"{len(rows)} customers → {path.name}")
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook starts with one worksheet
    ws.title = pick("客户", "Customers")
    ws.append(pick("姓名 手机号 意向 渠道 归属顾问 最近来访 来访次数",
                   "name phone grade source owner last_visit visits").split())
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([r.name, phones[r.id] if unmasked else r.phone, r.grade, r.source,
                   r.owner or "", r.last_visit.strftime("%Y-%m-%d") if r.last_visit else "",
                   r.visits])
    wb.save(path)
    return path


def erase(uow: UnitOfWork, actor: Actor, customer_id: int, reason: str) -> None:
    """Erase a customer's personal data on request. Visits stay in the statistics
    (kind, source, grade, date, rep) without the personal fields; the few log
    texts that name the customer are scrubbed too."""
    require(actor, "customers.unmasked")
    if not reason.strip():
        raise InvalidInput("请填写删除原因（如：客户要求）。", "Give the reason (e.g. the customer "
                           "asked).", field="reason")
    c = uow.get(Customer, customer_id)
    if c is None or c.erased_at is not None:
        raise NotFound("没有这个客户（或已删除）。", "No such customer (or erased).")
    claims.expire_all_due(uow, customer_id=c.id)  # a hold that ran out is not "active"
    active = uow.execute(select(func.count(Claim.id)).where(
        Claim.customer_id == c.id, Claim.state == ClaimState.ACTIVE)).scalar_one()
    if active:
        raise PermissionDenied("客户有进行中的预留、认购或合同，不能删除其信息。",
                               "The customer has an active hold, subscription or contract; "
                               "their data cannot be erased now.")
    old_name, old_phone = c.name, national(c.phone)
    id_number = None
    if c.id_number_enc:
        with contextlib.suppress(DeskError):  # no key here: the number is only stored encrypted
            id_number = crypto.decrypt(c.id_number_enc)
    if old_name:
        for ev in uow.execute(select(UnitEvent).join(Claim, Claim.id == UnitEvent.claim_id)
                                  .where(and_(UnitEvent.reason.contains(old_name)))).scalars():
            ev.reason = ev.reason.replace(old_name, Erased.NAME)
    # A marker, not words: shown in the reader's language (desk.core.labels.person).
    c.name = Erased.NAME
    c.phone = f"erased:{c.id}"
    c.initials = c.phone_tail = ""
    c.gender = c.referral_code = c.wanted_layout = c.wanted_area = c.budget = ""
    c.purpose = c.notes = ""
    c.id_number_enc = None
    c.owner_id = c.owner_until = c.consent_at = c.consent_version = c.last_visit_at = None
    c.erased_at = uow.now
    for v in uow.execute(select(Visit).where(Visit.customer_id == c.id)).scalars():
        v.notes = ""
    for f in uow.execute(select(FollowUp).where(FollowUp.customer_id == c.id)).scalars():
        f.plan = f.outcome = ""
    for x in uow.execute(select(Complaint).where(Complaint.customer_id == c.id)).scalars():
        x.contact_name = ""
    log_access(uow, actor, AccessAction.ERASE, c.id, reason.strip())
    # Nor do the audit log and the access log keep them (the chain holds: desk.core.audit).
    audit.erase_customer(uow, c.id, [old_name, old_phone, id_number], phone_digits=old_phone)
    uow.record(ChangeKind.VISITORS, c.id)
