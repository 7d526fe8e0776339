"""The audit log: every change a service makes, who made it, when, on which PC.

Recording is generic: the unit of work's flush events note every row inserted,
updated (old and new values of the columns that changed) or deleted, of every
mapped table but the noise tables (`NOT_AUDITED`: the change feed, the log
itself, login sessions, the rotation day's derived state); ORM bulk
UPDATE/DELETE statements are noted too, each row with its values before and
after. Secrets (password and token hashes, encrypted ID numbers) are written as
"***". Core bulk writes that bypass the ORM (the price-list import) add one
summary entry with `note()`.

The entries are written when the transaction commits, as one chain: each
entry's hash covers the previous entry's hash, its own place in the chain
(`id`), time, actor, PC, action, table, row and subject, and `digest`, the
hash of its old and new values (canonical JSON). The chain's head (one row of
`audit_head`, locked by the appending transaction) names the last entry, so
two PCs never chain onto the same entry, and a deleted last entry shows. An
entry edited, deleted or inserted directly in the database breaks the chain
and `verify()` names the first broken one. What it cannot see: someone who
rewrites every later hash and the head as well; keep the head hash `desk audit
verify` prints (with the backups, say) to catch that too.

Erasure (`erase_customer`) must not keep a customer's personal data here, yet
must not break the chain: because the chain hashes the digest, not the values,
a redaction empties an entry's old and new values and sets `redacted`, keeping
the digest and the hash. The erasure's own entry (action "erase") lists the
ids it redacted, and `verify()` accepts a redacted entry only when a later
erasure entry names it. The access log's texts that named the customer (the
search that found them) are rewritten with the erasure marker at the same time.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Result, Table, and_, event, false, inspect, or_, select, update
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction
from sqlalchemy.orm.state import InstanceState

from desk.core import driver
from desk.core.errors import DeskError
from desk.core.uow import FEED, NOTIFY_KINDS, UnitOfWork, notified
from desk.models import AccessLog, AuditEntry, AuditHead
from desk.models.enums import Erased

HOST = socket.gethostname()[:100] or "?"
GENESIS = "0" * 64
SYSTEM = "system"  # the actor when nobody is named (start-up sweeps, first set-up)
HIDDEN = "***"
ERASE = "erase"
# Named entries about accounts (the row is the user's): a sign-in, a sign-in
# refused because the account is locked, an administrator lifting a lock.
LOGIN = "login"
LOGIN_REFUSED = "login_refused"
UNLOCK = "unlock"
# Tables whose changes are not audited: the change feed, the audit log itself,
# login sessions, and the rotation day's state (derived from its event log).
NOT_AUDITED = frozenset({"changes", "audit_log", "audit_head", "cli_sessions", "rotation_days"})
SECRET_COLUMNS = frozenset({"password_hash", "token_hash", "id_number_enc"})

_LOG: Table = AuditEntry.__table__  # type: ignore[assignment]
_HEAD: Table = AuditHead.__table__  # type: ignore[assignment]
_ACCESS: Table = AccessLog.__table__  # type: ignore[assignment]
# The chain's head: locked by the appending transaction (SQLite's write
# transaction already holds the one write lock).
_HEAD_READ = "SELECT seq, hash FROM audit_head WHERE id = 1"
_HEAD_FOR_UPDATE = _HEAD_READ + " FOR UPDATE"
# The same read in the statement that writes the change rows.
_HEAD_RETURNING = ("(SELECT seq FROM audit_head WHERE id = 1), "
                   "(SELECT hash FROM audit_head WHERE id = 1)")
_HEAD_FOR_UPDATE_N = ("SELECT seq, hash, (SELECT count(*) FROM n) FROM audit_head "
                      "WHERE id = 1 FOR UPDATE")
_HEAD_MOVE = "UPDATE audit_head SET seq = :head_seq, hash = :head_hash WHERE id = 1"
_PENDING = "audit.pending"
_SCRUB = "audit.scrub"


class ChainBroken(DeskError):
    """The audit log was changed outside the application."""

    exit_code = 11


@dataclass
class Pending:
    """An entry noted during the transaction, chained when it commits."""

    action: str
    table: str
    key: str
    customer_id: int | None
    old: dict[str, Any] | None
    new: dict[str, Any] | None


# --- values ------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A column value as JSON holds it."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value.value if isinstance(value, Enum) else value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _value(column: str, value: Any) -> Any:
    if column in SECRET_COLUMNS and value is not None:
        return HIDDEN
    return _plain(value)


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def payload_digest(old: Any, new: Any) -> str:
    return hashlib.sha256(canonical({"old": old, "new": new}).encode()).hexdigest()


def _stamp(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.%f")


def chain_hash(prev: str, id: int, at: datetime, actor: str, actor_id: int | None, host: str,
               action: str, table: str, key: str, customer_id: int | None, digest: str) -> str:
    fields = (prev, str(id), _stamp(at), actor, "" if actor_id is None else str(actor_id), host,
              action, table, key, "" if customer_id is None else str(customer_id), digest)
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()


# --- recording ---------------------------------------------------------------


def _pending(session: Session) -> list[Pending]:
    found: list[Pending] = session.info.setdefault(_PENDING, [])
    return found


def note(uow: UnitOfWork, action: str, table: str, key: object, new: dict[str, Any] | None = None,
         *, old: dict[str, Any] | None = None, customer_id: int | None = None) -> None:
    """An entry for what the flush events cannot see: a named action, or a bulk
    write through Core (one summary: what and how many)."""
    _pending(uow).append(Pending(action, table, str(key)[:100], customer_id,
                                 None if old is None else {k: _plain(v) for k, v in old.items()},
                                 None if new is None else {k: _plain(v) for k, v in new.items()}))


def _subject(table: str, key: str, *values: dict[str, Any] | None) -> int | None:
    """The customer a row is about, if any."""
    if table == "customers":
        return int(key) if key.isdigit() else None
    for v in values:
        if v is not None and isinstance(v.get("customer_id"), int):
            return int(v["customer_id"])
    return None


def _key(state: InstanceState[Any]) -> str:
    ident = state.mapper.primary_key_from_instance(state.obj())
    return ",".join("" if x is None else str(x) for x in ident)[:100]


def _loaded(state: InstanceState[Any]) -> dict[str, Any]:
    """The column values held (by column name), without loading any: no SQL
    inside a flush."""
    out = {}
    for a in state.mapper.column_attrs:
        if a.key in state.dict:
            name = a.columns[0].name
            out[name] = _value(name, state.dict[a.key])
    return out


@event.listens_for(UnitOfWork, "after_flush")
def _capture(session: Session, _flush: UOWTransaction) -> None:
    """Every row the flush wrote (the history is still there in after_flush)."""
    found = _pending(session)
    for obj in session.new:
        st = inspect(obj)
        table = st.mapper.local_table.name
        if table not in NOT_AUDITED:
            new = _loaded(st)
            key = _key(st)
            found.append(Pending("insert", table, key, _subject(table, key, new), None, new))
    for obj in session.dirty:
        st = inspect(obj)
        table = st.mapper.local_table.name
        if table in NOT_AUDITED:
            continue
        old: dict[str, Any] = {}
        new = {}
        for a in st.mapper.column_attrs:
            h = st.attrs[a.key].history
            if not h.has_changes():
                continue
            name = a.columns[0].name
            after = _value(name, h.added[0]) if h.added else None
            if not h.deleted:  # the old value was never loaded (or was flagged away)
                new[name] = after
                continue
            before = _value(name, h.deleted[0])
            if before != after or name in SECRET_COLUMNS:
                old[name], new[name] = before, after
        if new:
            version = st.mapper.version_id_col
            if version is not None and isinstance(st.dict.get(version.key), int):
                old[version.name] = st.dict[version.key] - 1
                new[version.name] = st.dict[version.key]
            key = _key(st)
            # The subject may be in an unchanged column: look at everything held.
            found.append(Pending("update", table, key, _subject(table, key, _loaded(st)), old, new))
    for obj in session.deleted:
        st = inspect(obj)
        table = st.mapper.local_table.name
        if table not in NOT_AUDITED:
            old = _loaded(st)
            key = _key(st)
            found.append(Pending("delete", table, key, _subject(table, key, old), old, None))


@event.listens_for(UnitOfWork, "do_orm_execute")
def _bulk(orm: ORMExecuteState) -> Result[Any] | None:
    """An ORM UPDATE/DELETE statement (a compare-and-set): the rows it will
    change are read and locked first, so their old values are the true ones."""
    if not (orm.is_update or orm.is_delete or orm.is_insert):
        return None
    mapper = orm.bind_mapper
    table = None if mapper is None else mapper.local_table
    if not isinstance(table, Table) or table.name in NOT_AUDITED:
        return None
    if orm.is_insert:
        return _inserted(orm, table)
    where = orm.statement.whereclause  # type: ignore[attr-defined]
    query = select(table) if where is None else select(table).where(where)
    session = orm.session
    before = [dict(r) for r in session.execute(query.with_for_update()).mappings()]
    result = orm.invoke_statement()
    if not before:
        return result
    pk = list(table.primary_key.columns)
    after: dict[tuple[Any, ...], dict[str, Any]] = {}
    if orm.is_update:
        keys = [tuple(r[c.name] for c in pk) for r in before]
        cond = or_(*(and_(*(c == v for c, v in zip(pk, k, strict=True))) for k in keys))
        for r in session.execute(select(table).where(cond)).mappings():
            after[tuple(r[c.name] for c in pk)] = dict(r)
    found = _pending(session)
    for row in before:
        ident = tuple(row[c.name] for c in pk)
        key = ",".join(str(x) for x in ident)[:100]
        old = {k: _value(k, v) for k, v in row.items()}
        if orm.is_delete:
            found.append(Pending("delete", table.name, key, _subject(table.name, key, old), old,
                                 None))
            continue
        new_row = {k: _value(k, v) for k, v in after.get(ident, {}).items()}
        changed = [k for k in new_row if new_row[k] != old.get(k)]
        if changed:
            found.append(Pending("update", table.name, key, _subject(table.name, key, old),
                                 {k: old[k] for k in changed}, {k: new_row[k] for k in changed}))
    return result


def _inserted(orm: ORMExecuteState, table: Table) -> Result[Any]:
    """An ORM INSERT statement (insert-unless-present): the row, if one went in."""
    result = orm.invoke_statement()
    statement: Any = orm.statement
    params = statement.compile(dialect=orm.session.get_bind().dialect).params
    rows = params if isinstance(params, list) else [params]
    if len(rows) != 1 or getattr(result, "rowcount", -1) == 0:
        return result
    ident: Any
    if getattr(statement, "_returning", None):
        # The caller reads the RETURNING rows too: read a frozen copy, hand back another.
        frozen = result.freeze()
        got = frozen().all()
        result = frozen()
        if not got:
            return result
        ident = tuple(got[0])
    else:
        try:
            ident = result.inserted_primary_key  # type: ignore[attr-defined]
        except Exception:  # not readable back (no RETURNING, no lastrowid)
            ident = None
    if ident is None or None in ident:
        # PostgreSQL reports no row count here: no key read back means nothing went in.
        if getattr(result, "rowcount", -1) != 1:
            return result
        ident = ()
    # The values given (the compiled defaults are not known until run: left out).
    new = {c.name: _value(c.name, rows[0][c.name]) for c in table.columns
           if rows[0].get(c.name) is not None}
    for c, v in zip(table.primary_key.columns, ident, strict=False):
        new[c.name] = _plain(v)
    key = ",".join(str(x) for x in ident)[:100]
    _pending(orm.session).append(Pending("insert", table.name, key,
                                         _subject(table.name, key, new), None, new))
    return result


@event.listens_for(UnitOfWork, "before_commit")
def _write(session: Session) -> None:
    """Chain what this transaction noted. The head is locked here, at the end,
    so the lock is held only while the entries are written and committed."""
    if not isinstance(session, UnitOfWork):
        return
    session.flush()  # what is still pending is noted first
    pending = session.info.pop(_PENDING, None)
    scrub = session.info.pop(_SCRUB, None)
    feed: list[tuple[str, dict[str, Any]]] = session.info.pop(FEED, None) or []
    if not pending and not feed:
        return
    conn = session.connection()
    postgres = conn.dialect.name == "postgresql"
    # The change rows: all but the last alone; the last reads the head too.
    for sql, bound in feed[:-1] if pending else feed:
        driver.run(conn, notified(sql) if postgres else sql, bound)
    if not pending:
        return
    if scrub is not None:
        _sanitize(pending, *scrub)
    if feed:
        sql, bound = feed[-1]
        sql = (f"WITH c AS ({sql} RETURNING kind), n AS ({NOTIFY_KINDS}) {_HEAD_FOR_UPDATE_N}"
               if postgres else f"{sql} RETURNING {_HEAD_RETURNING}")
        prev_id, prev = driver.run(conn, sql, bound).first()[:2]
    else:
        prev_id, prev = driver.run(conn, _HEAD_FOR_UPDATE if postgres else _HEAD_READ, {}).one()
    at = session.now
    actor = (session.actor_login or SYSTEM)[:40]
    actor_id = session.actor_id if session.actor_login else None
    rows = []
    for p in pending:
        prev_id += 1
        old = None if p.old is None else canonical(p.old)
        new = None if p.new is None else canonical(p.new)
        digest = payload_digest(p.old, p.new)
        h = chain_hash(prev, prev_id, at, actor, actor_id, HOST, p.action, p.table, p.key,
                       p.customer_id, digest)
        rows.append(dict(id=prev_id, at=at, actor=actor, actor_id=actor_id, host=HOST,
                         action=p.action, table_name=p.table, row_key=p.key,
                         customer_id=p.customer_id, old_values=old, new_values=new,
                         digest=digest, prev_hash=prev, hash=h, redacted=False))
        prev = h
    head = {"head_seq": prev_id, "head_hash": prev}
    for start in range(0, len(rows), driver.CHUNK):
        chunk = rows[start:start + driver.CHUNK]
        into, values = driver.insert_rows(_LOG, tuple(chunk[0]), len(chunk))
        sql, bound = f"{into} {values}", driver.params(conn.dialect, _LOG, chunk)
        if postgres and start + driver.CHUNK >= len(rows):
            # The head moves in the statement that writes the last entries.
            sql, bound = f"WITH h AS ({_HEAD_MOVE}) {sql}", bound | head
        driver.run(conn, sql, bound)
    if not postgres:
        driver.run(conn, _HEAD_MOVE, head)


@event.listens_for(UnitOfWork, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_SCRUB, None)


# --- erasure -----------------------------------------------------------------


@dataclass(frozen=True)
class Scrubbed:
    audit_ids: list[int] = field(default_factory=list)
    access_ids: list[int] = field(default_factory=list)


def _chunks(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def _terms(terms: Iterable[str | None]) -> list[str]:
    # One character (a surname alone) would match far too much.
    return sorted({t.strip() for t in terms if t and len(t.strip()) >= 2})


def _mentions(text: str, terms: Sequence[str], digits: str | None) -> bool:
    if any(t in text for t in terms):
        return True
    return digits is not None and digits in re.sub(r"\D", "", text)


def _sanitize(pending: list[Pending], customer_id: int, terms: list[str]) -> None:
    """This transaction's own entries (the erasure's updates): no old personal value."""
    for p in pending:
        if p.action == ERASE:
            continue
        about = p.customer_id == customer_id
        if about or any(t in canonical([p.old, p.new]) for t in terms):
            if p.old is not None:
                p.old = {k: Erased.NAME.value for k in p.old}
            if p.new is not None:
                p.new = {k: (Erased.NAME.value if any(t in canonical(v) for t in terms) else v)
                         for k, v in p.new.items()}


def erase_customer(uow: UnitOfWork, customer_id: int, terms: Iterable[str | None],
                   phone_digits: str | None = None) -> Scrubbed:
    """Take an erased customer's personal data out of the audit log and the
    access log. `terms` are the texts that identify them (name, phone, ID
    number); `phone_digits` also finds the phone typed with spaces or dashes.
    The audit entries about the customer, or naming them, are redacted (values
    emptied, chain kept); the access log's texts naming them get the marker.
    The erasure's own entry lists both, for `verify()` and for the reader."""
    words = _terms(terms)
    uow.info[_SCRUB] = (customer_id, words)
    conn = uow.connection()
    probes = list(words) + ([phone_digits[-4:]] if phone_digits else [])
    access: list[int] = []
    if probes:
        rows = conn.execute(select(_ACCESS.c.id, _ACCESS.c.detail).where(
            or_(*(_ACCESS.c.detail.contains(t, autoescape=True) for t in probes)))).all()
        for access_id, detail in rows:
            if not _mentions(detail, words, phone_digits):
                continue
            text = detail
            for t in sorted(words, key=len, reverse=True):
                text = text.replace(t, Erased.NAME.value)
            if phone_digits and phone_digits in re.sub(r"\D", "", text):
                text = Erased.NAME.value  # the phone typed in pieces: the whole text goes
            conn.execute(update(_ACCESS).where(_ACCESS.c.id == access_id).values(detail=text))
            access.append(access_id)
    # The entries about them, naming them, or recording those access-log texts.
    named = [c.contains(t, autoescape=True) for t in words
             for c in (_LOG.c.old_values, _LOG.c.new_values)]
    logged = [and_(_LOG.c.table_name == "access_log", _LOG.c.row_key.in_([str(i) for i in chunk]))
              for chunk in _chunks(access)]
    redacted = sorted(conn.execute(
        update(_LOG)
        .where(or_(_LOG.c.customer_id == customer_id, *named, *logged), _LOG.c.redacted == false(),
               _LOG.c.action != ERASE)
        .values(old_values=None, new_values=None, redacted=True)
        .returning(_LOG.c.id)).scalars())
    note(uow, ERASE, "customers", customer_id, {"redacted": redacted, "access_log": access},
         customer_id=customer_id)
    return Scrubbed(redacted, access)


# --- checking ----------------------------------------------------------------


@dataclass(frozen=True)
class Intact:
    entries: int
    head: str  # the last entry's hash: keep it to compare later


def _broken(id: int, zh: str, en: str) -> tuple[int, str, str]:
    return id, f"审计日志第 {id} 条：{zh}", f"Audit log entry {id}: {en}"


def _rows(session: Session) -> Iterator[Any]:
    query = select(_LOG).order_by(_LOG.c.id)
    yield from session.execute(query.execution_options(yield_per=2000))


def verify(session: Session) -> Intact:
    """Walk the chain; raise ChainBroken naming the first broken entry."""
    prev_id, prev = 0, GENESIS
    first: tuple[int, str, str] | None = None
    redacted: list[int] = []
    named: set[int] = set()
    for r in _rows(session):
        if r.id != prev_id + 1:
            first = _broken(prev_id + 1, "已被删除。", "deleted.")
            break
        if r.redacted:
            if r.old_values is not None or r.new_values is not None:
                first = _broken(r.id, "被抹去后又写入了内容。", "values written after redaction.")
                break
            redacted.append(r.id)
        else:
            try:
                old = None if r.old_values is None else json.loads(r.old_values)
                new = None if r.new_values is None else json.loads(r.new_values)
            except ValueError:
                first = _broken(r.id, "内容被改动。", "values altered.")
                break
            if payload_digest(old, new) != r.digest:
                first = _broken(r.id, "内容被改动。", "values altered.")
                break
            if r.action == ERASE and isinstance(new, dict):
                named.update(i for i in new.get("redacted", []) if isinstance(i, int) and i < r.id)
        if r.prev_hash != prev:
            first = _broken(r.id, "与前一条不相连（前一条被改动，或本条是直接插入的）。",
                            "does not follow the entry before it (that one was altered, or "
                            "this one was inserted directly).")
            break
        expect = chain_hash(prev, r.id, r.at, r.actor, r.actor_id, r.host, r.action, r.table_name,
                            r.row_key, r.customer_id, r.digest)
        if r.hash != expect:
            first = _broken(r.id, "被改动（或是直接插入的）。", "altered (or inserted directly).")
            break
        prev_id, prev = r.id, r.hash
    unjustified = [i for i in redacted if i not in named]
    if unjustified and (first is None or unjustified[0] < first[0]):
        first = _broken(unjustified[0], "内容被清空，但没有删除客户信息的记录说明。",
                        "values emptied with no erasure naming it.")
    if first is None:
        head = session.execute(select(_HEAD.c.seq, _HEAD.c.hash).where(_HEAD.c.id == 1)).one()
        if head.seq > prev_id:
            first = _broken(prev_id + 1, "已被删除（日志末尾缺少条目）。",
                            "deleted (entries missing at the end of the log).")
        elif head.seq < prev_id:
            first = _broken(head.seq + 1, "是直接插入数据库的。", "inserted directly in the database.")
        elif head.hash != prev:
            first = _broken(prev_id, "被改动。", "altered.")
    if first is not None:
        raise ChainBroken(first[1], first[2])
    return Intact(prev_id, prev)
