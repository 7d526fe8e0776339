"""Reception rotation (轮排接待): walk-ins handed to reps in turn, fairly, provably.

Every change is an event appended to the day's log; the current order is the
log replayed (`rotation_state`). A snapshot of the state sits in the day's row,
which every write locks first (SELECT … FOR UPDATE on PostgreSQL; BEGIN
IMMEDIATE on SQLite), so two front desks pressing "new walk-in" at once are
served one after the other and never get the same turn.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from desk.admin import auth, settings
from desk.admin.auth import Actor, require
from desk.core.changes import ChangeKind
from desk.core.errors import Conflict, DeskError, InvalidInput, NeedsConfirmation, NotFound
from desk.core.labels import STATUS_MARKS
from desk.core.timefmt import hm
from desk.core.uow import UnitOfWork
from desk.customers import customers
from desk.models import Customer, Reception, RotationDay, RotationEvent, User
from desk.models.enums import (
    BreakKind,
    OrderMode,
    Placement,
    ReceptionHow,
    ReceptionState,
    RepStatus,
    Role,
    RotationEventKind,
)
from desk.reception.state import BREAK_KINDS, TURN, DayState, Event, replay

Ev = RotationEventKind
How = ReceptionHow


# --- the day and its lock -----------------------------------------------------


def today(uow: UnitOfWork) -> date:
    """The showroom's date (its time zone), from the database clock."""
    return settings.today(uow)


def _events(uow: UnitOfWork, day: date) -> list[Event]:
    rows = uow.execute(
        select(RotationEvent).where(RotationEvent.day == day).order_by(RotationEvent.id)
    ).scalars()
    return [Event(r.id, r.at.isoformat(), r.kind, r.rep_id, json.loads(r.data)) for r in rows]


def _lock(uow: UnitOfWork, day: date) -> tuple[RotationDay, DayState]:
    """The day's row, locked for this transaction, and its state."""
    dialect = uow.get_bind().dialect.name
    values = {"day": day, "state": DayState().to_json(), "version": 0}
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql
        uow.execute(postgresql.insert(RotationDay).values(values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects import sqlite
        uow.execute(sqlite.insert(RotationDay).values(values).on_conflict_do_nothing())
    row = uow.execute(
        select(RotationDay).where(RotationDay.day == day).with_for_update()
    ).scalar_one()
    return row, DayState.from_json(row.state)


def state_of(uow: UnitOfWork, day: date | None = None) -> DayState:
    day = day or today(uow)
    row = uow.get(RotationDay, day)
    return DayState() if row is None else DayState.from_json(row.state)


def _append(uow: UnitOfWork, row: RotationDay, state: DayState, kind: str, rep: int | None,
            actor: Actor, data: dict | None = None, rebuild: bool = False) -> Event:
    now = uow.now
    rec = RotationEvent(day=row.day, at=now, kind=kind, rep_id=rep, actor_id=actor.id,
                        data=json.dumps(data or {}, ensure_ascii=False))
    uow.add(rec)
    uow.flush()
    event = Event(rec.id, now.isoformat(), kind, rep, data or {})
    if rebuild:  # an undo: the day is replayed without the undone assignment
        state = replay(_events(uow, row.day))
    else:
        state.apply(event)
    row.state = state.to_json()
    row.version += 1
    uow.record(ChangeKind.QUEUE, row.day.isoformat())
    return event


# --- who may do what ----------------------------------------------------------


def _rep(uow: UnitOfWork, login: str) -> User:
    user = auth.get_user(uow, login)
    if not user.active:
        raise InvalidInput(f"账号 {login} 已停用。", f"Account {login} is deactivated.", field="rep")
    if user.role not in ROTATION_ROLES:
        raise InvalidInput(f"{user.name} 不是置业顾问，不参加轮排。",
                           f"{user.name} is not a sales rep and is not in the rotation.",
                           field="rep")
    return user


def _may_change(actor: Actor, rep: User) -> None:
    """The front desk and the manager run the rotation; a rep may change their own status."""
    if actor.can("queue.operate"):
        return
    if actor.can("queue.self") and actor.id == rep.id:
        return
    require(actor, "queue.operate")


def _present(state: DayState, rep: User) -> None:
    if not state.present(rep.id):
        raise Conflict(f"{rep.name} 今天还没有签到。", f"{rep.name} has not checked in today.",
                       field="rep")


def _hall_check(state: DayState, rep: User, force: bool) -> None:
    """One rep always waits in the hall (大厅要始终保持有一位候客的销售代表)."""
    if not force and state.waiting() == [rep.id]:
        raise NeedsConfirmation(
            f"{rep.name} 是大厅里最后一位候客的置业顾问，离开后大厅将无人候客。确定吗？",
            f"{rep.name} is the last rep waiting in the hall; the hall will be empty. Sure?",
        )


# --- roster -------------------------------------------------------------------


def checkin(uow: UnitOfWork, actor: Actor, login: str) -> int:
    """A rep joins today's rotation; returns their place (1-based)."""
    rep = _rep(uow, login)
    _may_change(actor, rep)
    day = today(uow)
    row, state = _lock(uow, day)
    if state.present(rep.id):
        raise Conflict(f"{rep.name} 已经签到。", f"{rep.name} has checked in already.", field="rep")
    position = _checkin_position(uow, state, day, rep.id)
    _append(uow, row, state, Ev.CHECKIN, rep.id, actor,
            {"position": position} if position is not None else {})
    return state.line.index(rep.id) + 1


def _checkin_position(uow: UnitOfWork, state: DayState, day: date, rep_id: int) -> int | None:
    """Check-in order appends; 'carry' places the rep by yesterday's closing order."""
    if settings.get(uow, "rotation.order_mode") != OrderMode.CARRY:
        return None
    previous = uow.execute(
        select(RotationDay).where(RotationDay.day < day).order_by(RotationDay.day.desc()).limit(1)
    ).scalar_one_or_none()
    if previous is None:
        return None
    order = DayState.from_json(previous.state).line
    if rep_id not in order:
        return None
    rank = {r: i for i, r in enumerate(order)}
    mine = rank[rep_id]
    return sum(1 for r in state.line if rank.get(r, len(order)) < mine)


def set_break(uow: UnitOfWork, actor: Actor, login: str, kind: str = BreakKind.BREAK,
              force: bool = False) -> None:
    """Break, lunch, showing a unit, meeting: the rep keeps their place."""
    if kind not in BREAK_KINDS:
        raise InvalidInput(f"未知的暂离类型：{kind}", f"Unknown kind of break: {kind}", field="kind")
    rep = _rep(uow, login)
    _may_change(actor, rep)
    row, state = _lock(uow, today(uow))
    _present(state, rep)
    st = state.reps[rep.id].status
    if st == RepStatus.RECEIVING:
        raise Conflict(f"{rep.name} 正在接待，请先结束接待。",
                       f"{rep.name} is receiving a customer: finish that first.")
    if st == RepStatus.BREAK:
        raise Conflict(f"{rep.name} 已经暂离。", f"{rep.name} is away already.")
    _hall_check(state, rep, force)
    _append(uow, row, state, Ev.BREAK, rep.id, actor, {"break_kind": BreakKind(kind)})


def back(uow: UnitOfWork, actor: Actor, login: str) -> None:
    rep = _rep(uow, login)
    _may_change(actor, rep)
    row, state = _lock(uow, today(uow))
    _present(state, rep)
    if state.reps[rep.id].status != RepStatus.BREAK:
        raise Conflict(f"{rep.name} 没有暂离。", f"{rep.name} is not away.")
    _append(uow, row, state, Ev.BACK, rep.id, actor)


def leave(uow: UnitOfWork, actor: Actor, login: str, force: bool = False) -> None:
    """Gone for the day: out of the rotation."""
    rep = _rep(uow, login)
    _may_change(actor, rep)
    row, state = _lock(uow, today(uow))
    _present(state, rep)
    if state.reps[rep.id].status == RepStatus.RECEIVING:
        raise Conflict(f"{rep.name} 正在接待，请先结束接待再离开。",
                       f"{rep.name} is receiving a customer: finish the reception before leaving.")
    _hall_check(state, rep, force)
    _append(uow, row, state, Ev.LEAVE, rep.id, actor)


def reorder(uow: UnitOfWork, actor: Actor, logins: list[str], reason: str) -> None:
    """The manager sets the order (the 'manual' mode, or a correction)."""
    require(actor, "queue.override")
    if not reason.strip():
        raise InvalidInput("调整顺序必须填写原因。", "Give a reason for changing the order.",
                           field="reason")
    row, state = _lock(uow, today(uow))
    ids = []
    for login in logins:
        rep = _rep(uow, login)
        _present(state, rep)
        ids.append(rep.id)
    _append(uow, row, state, Ev.REORDER, None, actor, {"order": ids, "reason": reason.strip()})


# --- receptions ---------------------------------------------------------------


@dataclass(frozen=True)
class Assignment:
    reception_id: int
    rep_login: str
    rep_name: str
    how: str
    arrived_at: datetime
    owner_name: str | None
    customer_name: str | None
    forfeited: tuple[str, ...]  # said by labels.assignment / assignment_detail


def _owner(uow: UnitOfWork, customer: Customer | None) -> int | None:
    if customer is None or customer.owner_id is None or customer.owner_until is None:
        return None
    return customer.owner_id if customer.owner_until > uow.now else None


def walkin(
    uow: UnitOfWork, actor: Actor, *, phone: str | None = None, party_size: int = 1,
    assign_to: str | None = None, reason: str = "",
) -> Assignment:
    """A visitor arrives: the next waiting rep, or the owner of a returning customer,
    or (a manager's decision, with a reason) a chosen rep."""
    require(actor, "queue.operate")
    if not 1 <= int(party_size) <= 50:
        raise InvalidInput("来访人数应在 1 到 50 之间。", "A party has 1 to 50 people.",
                           field="party_size")
    day = today(uow)
    row, state = _lock(uow, day)
    customer = customers.find_by_phone(uow, phone) if phone else None
    skipped: list[int] = []
    owner_id = None
    reception = None
    if assign_to:
        require(actor, "queue.override")
        if not reason.strip():
            raise InvalidInput("指定接待必须填写原因。", "Give a reason for assigning a rep.",
                               field="reason")
        rep = _rep(uow, assign_to)
        _present(state, rep)
        if state.reps[rep.id].status == RepStatus.RECEIVING:
            raise Conflict(f"{rep.name} 正在接待其他客户。", f"{rep.name} is receiving someone.")
        rep_id, how = rep.id, How.OVERRIDE
    else:
        earlier = _todays_reception(uow, day, customer) if customer else None
        owner_id = _owner(uow, customer)
        if earlier is not None and state.reps.get(earlier.rep_id, None) is not None \
                and state.reps[earlier.rep_id].status == RepStatus.WAITING:
            rep_id, how, reception = earlier.rep_id, How.REOPEN, earlier
        elif owner_id is not None and state.present(owner_id) \
                and state.reps[owner_id].status == RepStatus.WAITING:
            rep_id, how = owner_id, How.OWNER
        else:
            nxt, ahead = state.next_rep()
            if nxt is None:
                raise _nobody_message(uow, state)
            if owner_id is not None:
                rep_id, how = nxt, How.COVER  # the owner is absent: cover, keep one's place
            else:
                rep_id, how, skipped = nxt, TURN, ahead
    now = uow.now
    if reception is None:
        reception = Reception(
            day=day, rep_id=rep_id, how=how, customer_id=customer.id if customer else None,
            owner_id=owner_id if how in (How.OWNER, How.COVER) else None, party_size=int(party_size),
            arrived_at=now, state=ReceptionState.OPEN, reason=reason.strip(),
        )
        uow.add(reception)
        uow.flush()
    else:
        reception.state, reception.ended_at = ReceptionState.OPEN, None
        reception.party_size = max(reception.party_size, int(party_size))
    _append(uow, row, state, Ev.ASSIGN, rep_id, actor,
            {"how": how, "reception": reception.id, "skipped": skipped,
             **({"reason": reason.strip()} if reason.strip() else {})})
    names = _names(uow, [rep_id, *skipped, *([owner_id] if owner_id else [])])
    rep_user = uow.get_one(User, rep_id)
    return Assignment(reception.id, rep_user.login, names[rep_id], how, reception.arrived_at,
                      names.get(owner_id) if owner_id else None,
                      customer.name if customer else None,
                      tuple(names[s] for s in skipped))


def _nobody_message(uow: UnitOfWork, state: DayState) -> Conflict:
    if not state.line:
        return Conflict("今天还没有置业顾问签到。", "No rep has checked in today.")
    return Conflict("现在没有候客的置业顾问（都在接待或暂离）。",
                    "No rep is waiting: all are receiving or away.")


def _todays_reception(uow: UnitOfWork, day: date, customer: Customer | None
                      ) -> Reception | None:
    if customer is None:
        return None
    return uow.execute(
        select(Reception).where(Reception.day == day, Reception.customer_id == customer.id,
                                Reception.state != ReceptionState.UNDONE).order_by(Reception.id.desc())
    ).scalars().first()


def _names(uow: UnitOfWork, ids: list[int]) -> dict[int, str]:
    rows = uow.execute(select(User.id, User.name).where(User.id.in_(ids)))
    return {i: n for i, n in rows}


def finish(uow: UnitOfWork, actor: Actor, login: str, invalid: bool = False,
           reason: str = "") -> Reception:
    """The reception ends; an invalid one (not a customer) gives the turn back."""
    rep = _rep(uow, login)
    _may_change(actor, rep)
    row, state = _lock(uow, today(uow))
    _present(state, rep)
    rs = state.reps[rep.id]
    if rs.status != RepStatus.RECEIVING or rs.reception is None:
        raise Conflict(f"{rep.name} 没有正在进行的接待。", f"{rep.name} is not receiving anyone.")
    reception = uow.get_one(Reception, rs.reception)
    reception.state, reception.ended_at = ReceptionState.CLOSED, uow.now
    reception.invalid = bool(invalid)
    if reason.strip():
        reception.reason = reason.strip()
    _append(uow, row, state, Ev.FINISH, rep.id, actor,
            {"reception": reception.id, "invalid": bool(invalid)})
    return reception


def undo(uow: UnitOfWork, actor: Actor, reception_id: int | None = None) -> Reception:
    """Take back a wrong assignment, within the configured time (default 2 minutes)."""
    require(actor, "queue.operate")
    day = today(uow)
    row, state = _lock(uow, day)
    if reception_id is None:
        reception = uow.execute(
            select(Reception).where(Reception.day == day, Reception.state == ReceptionState.OPEN)
            .order_by(Reception.id.desc())).scalars().first()
        if reception is None:
            raise NotFound("没有可以撤销的接待。", "There is no reception to undo.")
    else:
        reception = uow.get(Reception, reception_id)
        if reception is None or reception.day != day:
            raise NotFound("没有这个接待。", "No such reception.")
    assign = uow.execute(
        select(RotationEvent).where(RotationEvent.day == day, RotationEvent.kind == Ev.ASSIGN)
        .order_by(RotationEvent.id.desc())
    ).scalars()
    target = next((e for e in assign if json.loads(e.data).get("reception") == reception.id),
                  None)
    if reception.state != ReceptionState.OPEN or target is None:
        raise Conflict("这个接待已经结束，不能撤销。", "This reception has ended; it cannot be undone.")
    limit = settings.get(uow, "rotation.undo_seconds")
    if uow.now - target.at > timedelta(seconds=limit):
        raise Conflict(f"超过 {limit // 60} 分钟，不能撤销（{hm(target.at)} 分配）。",
                       f"More than {limit // 60} minutes have passed (assigned at "
                       f"{hm(target.at)}); it cannot be undone.")
    if reception.how == How.REOPEN:
        reception.state = ReceptionState.CLOSED
        reception.ended_at = uow.now
    else:
        reception.state = ReceptionState.UNDONE
    _append(uow, row, state, Ev.UNDO, target.rep_id, actor, {"target": target.id},
            rebuild=True)
    return reception


# --- reading ------------------------------------------------------------------


@dataclass(frozen=True)
class RepLine:
    position: int  # 1-based place in the line
    rep_id: int
    login: str
    name: str
    status: str  # a RepStatus; labels.rep_status names it
    break_kind: str
    since: datetime
    reception_id: int | None
    how: str
    forfeits: int
    is_next: bool


def board(uow: UnitOfWork, day: date | None = None) -> list[RepLine]:
    """The line as the desk and the hall board show it."""
    state = state_of(uow, day)
    users = {u.id: u for u in uow.execute(select(User).where(User.id.in_(state.line)))
             .scalars()}
    nxt, _ = state.next_rep()
    return [
        RepLine(i + 1, r, users[r].login, users[r].name, state.reps[r].status,
                state.reps[r].break_kind, datetime.fromisoformat(state.reps[r].since),
                state.reps[r].reception, state.reps[r].how, state.forfeits.get(r, 0), r == nxt)
        for i, r in enumerate(state.line)
    ]


@dataclass(frozen=True)
class OpenReception:
    id: int
    rep_name: str
    how: str
    party_size: int
    arrived_at: datetime
    customer: str | None
    registered: bool


def open_receptions(uow: UnitOfWork, day: date | None = None) -> list[OpenReception]:
    day = day or today(uow)
    q = (select(Reception, User.name, Customer.name)
         .join(User, User.id == Reception.rep_id)
         .outerjoin(Customer, Customer.id == Reception.customer_id)
         .where(Reception.day == day, Reception.state == ReceptionState.OPEN).order_by(Reception.id))
    return [OpenReception(r.id, rep, r.how, r.party_size, r.arrived_at, cust,
                          r.customer_id is not None) for r, rep, cust in uow.execute(q)]


@dataclass(frozen=True)
class NextReason:
    """Why the next walk-in goes to whom it goes to (`labels.why_next` says it)."""

    name: str | None  # None: nobody can receive; `nobody` says why
    position: int = 0  # 1-based place in the line
    placed: str = ""  # a Placement: why the rep stands there
    placed_at: datetime | None = None
    busy: tuple[str, ...] = ()  # ahead and receiving
    ahead: tuple[str, ...] = ()  # ahead and away: they will forfeit
    nobody: DeskError | None = None


def next_reason(uow: UnitOfWork) -> NextReason:
    """Why the next walk-in goes to whom it goes to, from the log."""
    state = state_of(uow)
    nxt, ahead = state.next_rep()
    if nxt is None:
        return NextReason(None, nobody=_nobody_message(uow, state))
    names = _names(uow, state.line)
    rs = state.reps[nxt]
    position = state.line.index(nxt) + 1
    before = state.line[: position - 1]
    busy = [r for r in before if state.reps[r].status == RepStatus.RECEIVING]
    return NextReason(names[nxt], position, Placement(rs.placed), _dt(rs.placed_at),
                      tuple(names[r] for r in busy), tuple(names[r] for r in ahead))


def _dt(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


@dataclass(frozen=True)
class ReplayStep:
    event_id: int
    at: datetime
    kind: RotationEventKind
    rep: str | None
    actor: str | None
    data: dict  # the event's outcome; labels.replay_detail says it
    skipped: tuple[str, ...]  # who forfeited the turn (an assignment)
    undone: bool
    order: list[str]  # names in line after the event, with status marks


def replay_day(uow: UnitOfWork, day: date) -> list[ReplayStep]:
    """The day step by step: every event and the order after it."""
    events = _events(uow, day)
    undone = {e.data["target"] for e in events if e.kind == Ev.UNDO}
    ids = {e.rep for e in events if e.rep} | {
        r for e in events for r in e.data.get("skipped", []) + e.data.get("order", [])}
    actors = {i: n for i, n in uow.execute(
        select(RotationEvent.id, User.name).join(User, User.id == RotationEvent.actor_id)
        .where(RotationEvent.day == day))}
    names = _names(uow, list(ids))
    state = DayState()
    steps = []
    for e in events:
        if e.id not in undone:
            state.apply(e)
        skipped = tuple(names[s] for s in e.data.get("skipped", [])) \
            if e.kind == Ev.ASSIGN else ()
        steps.append(ReplayStep(
            e.id, _dt(e.at), Ev(e.kind), names.get(e.rep) if e.rep else None, actors.get(e.id),
            e.data, skipped, e.id in undone,
            [names.get(r, str(r)) + STATUS_MARKS[RepStatus(state.reps[r].status)]
             for r in state.line]))
    return steps


@dataclass(frozen=True)
class RepFigures:
    name: str
    receptions: int
    first_visits: int
    returns: int
    covering: int
    invalid: int
    overrides: int
    forfeits: int
    average_minutes: float | None


def figures(uow: UnitOfWork, day: date | None = None) -> list[RepFigures]:
    """Receptions per rep for the day (for the reports)."""
    day = day or today(uow)
    state = state_of(uow, day)
    rows = uow.execute(
        select(Reception, User.name).join(User, User.id == Reception.rep_id)
        .where(Reception.day == day, Reception.state != ReceptionState.UNDONE)).all()
    by: dict[str, list[Reception]] = {}
    for r, name in rows:
        by.setdefault(name, []).append(r)
    forfeits = {n: state.forfeits.get(i, 0) for i, n in _names(uow, list(state.forfeits)).items()}
    out = []
    for name in sorted(set(by) | set(forfeits)):
        rs = by.get(name, [])
        spans = [(r.ended_at - r.arrived_at).total_seconds() for r in rs if r.ended_at is not None]
        avg = sum(spans) / 60 / len(spans) if spans else None
        out.append(RepFigures(
            name, len(rs),
            sum(1 for r in rs if r.how == TURN and not r.invalid),
            sum(1 for r in rs if r.how in (How.OWNER, How.REOPEN)),
            sum(1 for r in rs if r.how == How.COVER),
            sum(1 for r in rs if r.invalid),
            sum(1 for r in rs if r.how == How.OVERRIDE),
            forfeits.get(name, 0), avg))
    return out



# --- what the desk shows ------------------------------------------------------


ROTATION_ROLES = (Role.SALES_REP, Role.MANAGER)  # who may join the rotation (see _rep)


def checkin_candidates(uow: UnitOfWork) -> list[tuple[str, str]]:
    """(login, name) of the active staff who may check in and are not in today's
    line: sales reps first, then managers, each by login."""
    present = set(state_of(uow).line)
    users = uow.execute(select(User).where(User.active.is_(True),
                                           User.role.in_(ROTATION_ROLES))).scalars()
    chosen = [u for u in users if u.id not in present]
    chosen.sort(key=lambda u: (ROTATION_ROLES.index(u.role), u.login))
    return [(u.login, u.name) for u in chosen]


@dataclass(frozen=True)
class DeskView:
    """Everything the front desk's panel shows, read in one transaction."""

    lines: list[RepLine]
    opened: list[OpenReception]
    why: NextReason
    candidates: list[tuple[str, str]]
    now: datetime  # the database clock, so durations agree across PCs
    undo_seconds: int


def desk_view(uow: UnitOfWork) -> DeskView:
    return DeskView(board(uow), open_receptions(uow), next_reason(uow), checkin_candidates(uow),
                    uow.now, int(settings.get(uow, "rotation.undo_seconds")))
