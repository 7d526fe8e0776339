"""Reception rotation (轮排接待): walk-ins handed to reps in turn, fairly, provably.

Every change is an event appended to the day's log (`daylog`); the current
order is the log replayed. Every write locks the day first, so two front desks
pressing "new walk-in" at once are served one after the other and never get
the same turn. A walk-in while no rep is waiting joins the waiting list
(`waiting`), and whatever frees a rep hands the oldest waiting visitor to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Exists, select

from desk.admin import auth, settings
from desk.admin.auth import Actor, require
from desk.core import bounds
from desk.core.errors import Conflict, DeskError, InvalidInput, NeedsConfirmation
from desk.core.labels import STATUS_MARKS
from desk.core.uow import UnitOfWork
from desk.customers import customers
from desk.models import (
    Customer,
    Reception,
    RotationDay,
    RotationEvent,
    User,
    Visit,
    WaitingVisitor,
)
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
from desk.reception import daylog, waiting
from desk.reception import undo as undoing
from desk.reception.assignments import Assignment, Choice, choose, hand_out
from desk.reception.daylog import state_of, today
from desk.reception.state import BREAK_KINDS, TURN, DayState, undone_ids
from desk.reception.waiting import Waiting, WaitingLine

Ev = RotationEventKind
How = ReceptionHow


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
    row, state = daylog.lock(uow, day)
    if state.present(rep.id):
        raise Conflict(f"{rep.name} 已经签到。", f"{rep.name} has checked in already.", field="rep")
    position = _checkin_position(uow, state, day, rep.id)
    event = daylog.append(uow, row, state, Ev.CHECKIN, rep.id, actor,
                          {"position": position} if position is not None else {})
    place = state.line.index(rep.id) + 1
    waiting.dispatch(uow, row, state, actor, after=event.id)
    return place


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
    row, state = daylog.lock(uow, today(uow))
    _present(state, rep)
    st = state.reps[rep.id].status
    if st == RepStatus.RECEIVING:
        raise Conflict(f"{rep.name} 正在接待，请先结束接待。",
                       f"{rep.name} is receiving a customer: finish that first.")
    if st == RepStatus.BREAK:
        raise Conflict(f"{rep.name} 已经暂离。", f"{rep.name} is away already.")
    _hall_check(state, rep, force)
    daylog.append(uow, row, state, Ev.BREAK, rep.id, actor, {"break_kind": BreakKind(kind)})


def back(uow: UnitOfWork, actor: Actor, login: str) -> None:
    rep = _rep(uow, login)
    _may_change(actor, rep)
    row, state = daylog.lock(uow, today(uow))
    _present(state, rep)
    if state.reps[rep.id].status != RepStatus.BREAK:
        raise Conflict(f"{rep.name} 没有暂离。", f"{rep.name} is not away.")
    event = daylog.append(uow, row, state, Ev.BACK, rep.id, actor)
    waiting.dispatch(uow, row, state, actor, after=event.id)


def leave(uow: UnitOfWork, actor: Actor, login: str, force: bool = False) -> None:
    """Gone for the day: out of the rotation."""
    rep = _rep(uow, login)
    _may_change(actor, rep)
    row, state = daylog.lock(uow, today(uow))
    _present(state, rep)
    if state.reps[rep.id].status == RepStatus.RECEIVING:
        raise Conflict(f"{rep.name} 正在接待，请先结束接待再离开。",
                       f"{rep.name} is receiving a customer: finish the reception before leaving.")
    _hall_check(state, rep, force)
    waiting.hall_check(uow, state, rep.id, force)
    daylog.append(uow, row, state, Ev.LEAVE, rep.id, actor)


def reorder(uow: UnitOfWork, actor: Actor, logins: list[str], reason: str) -> None:
    """The manager sets the order (the 'manual' mode, or a correction)."""
    require(actor, "queue.override")
    if not reason.strip():
        raise InvalidInput("调整顺序必须填写原因。", "Give a reason for changing the order.",
                           field="reason")
    row, state = daylog.lock(uow, today(uow))
    ids = []
    for login in logins:
        rep = _rep(uow, login)
        _present(state, rep)
        ids.append(rep.id)
    daylog.append(uow, row, state, Ev.REORDER, None, actor, {"order": ids, "reason": reason.strip()})


# --- receptions ---------------------------------------------------------------


def walkin(
    uow: UnitOfWork, actor: Actor, *, phone: str | None = None, party_size: int = 1,
    assign_to: str | None = None, reason: str = "", note: str = "",
) -> Assignment | Waiting:
    """A visitor arrives: the next waiting rep, or the owner of a returning customer,
    or (a manager's decision, with a reason) a chosen rep. With no rep waiting the
    visitor joins the waiting list, in order of arrival, and is told how long."""
    return _walkin(uow, actor, phone, party_size, assign_to, reason, note)[0]


def _walkin(uow: UnitOfWork, actor: Actor, phone: str | None, party_size: int,
            assign_to: str | None, reason: str, note: str
            ) -> tuple[Assignment | Waiting, RotationDay, DayState, int,
                       dict[int, tuple[str, str]]]:
    """The walk-in, with the day's row, its state after, its version before and
    the people in line when it was handed out (read once, for the answer too)."""
    require(actor, "queue.operate")
    party = waiting.check_party(party_size)
    reason = bounds.text(reason, Reception.reason, "原因", "reason", field="reason", multiline=True)
    note = bounds.text(note, WaitingVisitor.note, "备注", "note", field="note", multiline=True)
    day = today(uow)
    row, state = daylog.lock(uow, day)
    before = row.version
    customer = customers.find_by_phone(uow, phone) if phone else None
    choice: Choice | None
    if assign_to:
        require(actor, "queue.override")
        if not reason.strip():
            raise InvalidInput("指定接待必须填写原因。", "Give a reason for assigning a rep.",
                               field="reason")
        rep = _rep(uow, assign_to)
        _present(state, rep)
        if state.reps[rep.id].status == RepStatus.RECEIVING:
            raise Conflict(f"{rep.name} 正在接待其他客户。", f"{rep.name} is receiving someone.")
        choice = Choice(rep.id, How.OVERRIDE, (), None, None)
    else:
        # Whoever waits already is served first: by order of arrival.
        choice = None if state.queue else choose(uow, state, day, customer)
        if choice is None:
            if not state.line:
                raise _nobody_message(state)
            queued = waiting.enqueue(uow, row, state, actor, customer, party, note)
            return queued, row, state, before, {}
    people = daylog.people(uow, state.line)
    handed = hand_out(uow, row, state, actor, choice, customer, party, reason.strip(),
                      people=people)
    return handed, row, state, before, people


def _nobody_message(state: DayState) -> Conflict:
    if not state.line:
        return Conflict("今天还没有置业顾问签到。", "No rep has checked in today.")
    return Conflict("现在没有候客的置业顾问（都在接待或暂离）。",
                    "No rep is waiting: all are receiving or away.")


def finish(uow: UnitOfWork, actor: Actor, login: str, invalid: bool = False,
           reason: str = "", force: bool = False) -> Reception:
    """The reception ends; an invalid one (not a customer) gives the turn back.
    Ending one whose registration form is still to fill asks first (the form is
    filled before the visitor leaves). The rep, free now, takes the oldest
    waiting visitor."""
    rep = _rep(uow, login)
    _may_change(actor, rep)
    row, state = daylog.lock(uow, today(uow))
    _present(state, rep)
    rs = state.reps[rep.id]
    if rs.status != RepStatus.RECEIVING or rs.reception is None:
        raise Conflict(f"{rep.name} 没有正在进行的接待。", f"{rep.name} is not receiving anyone.")
    reception = uow.get_one(Reception, rs.reception)
    if not invalid and not force and not uow.scalar(select(_has_form(reception.id))):
        raise NeedsConfirmation(
            f"{rep.name} 接待的客人还没有填写客户登记表（待填写）。仍要结束接待吗？",
            f"The registration form of {rep.name}'s visitor is still to fill. "
            "End the reception anyway?")
    data: dict[str, object] = {"reception": reception.id, "invalid": bool(invalid)}
    if reason.strip():
        data["reason_before"] = reception.reason  # an undo puts it back
        reception.reason = reason.strip()
    reception.state, reception.ended_at = ReceptionState.CLOSED, uow.now
    reception.invalid = bool(invalid)
    event = daylog.append(uow, row, state, Ev.FINISH, rep.id, actor, data)
    waiting.dispatch(uow, row, state, actor, after=event.id)
    return reception


def undo(uow: UnitOfWork, actor: Actor, reception_id: int | None = None) -> undoing.Undoable:
    """Take back this desk's last undoable action (`desk.reception.undo` says
    which, and what undoing it means)."""
    return undoing.undo(uow, actor, reception_id)


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
    return _lines(state, _people(uow, state.line))


def _people(uow: UnitOfWork, ids: list[int]) -> dict[int, tuple[str, str]]:
    """(login, name) by user id."""
    rows = uow.execute(select(User.id, User.login, User.name).where(User.id.in_(ids)))
    return {i: (login, name) for i, login, name in rows}


def _lines(state: DayState, people: dict[int, tuple[str, str]]) -> list[RepLine]:
    nxt, _ = state.next_rep()
    return [
        RepLine(i + 1, r, people[r][0], people[r][1], state.reps[r].status,
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


def _has_form(reception: Any) -> Exists:
    """Whether a registration form names the reception: a customer known at the
    door (a returning phone) is not a form filled."""
    return select(Visit.id).where(Visit.reception_id == reception).exists()


def open_receptions(uow: UnitOfWork, day: date | None = None) -> list[OpenReception]:
    """The day's open receptions (the partial index `ix_receptions_open` holds
    only these: the day's closed ones are not read)."""
    day = day or today(uow)
    q = _open_rows().where(Reception.day == day, Reception.state == ReceptionState.OPEN)
    return [OpenReception(r.id, rep, r.how, r.party_size, r.arrived_at, cust, bool(filled))
            for r, rep, cust, filled in uow.execute(q.order_by(Reception.id))]


def _open_rows() -> Any:
    return (select(Reception, User.name, Customer.name, _has_form(Reception.id))
            .join(User, User.id == Reception.rep_id)
            .outerjoin(Customer, Customer.id == Reception.customer_id))


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
    return _why(state, daylog.names(uow, state.line))


def _why(state: DayState, names: dict[int, str]) -> NextReason:
    nxt, ahead = state.next_rep()
    if nxt is None:
        return NextReason(None, nobody=_nobody_message(state))
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
    events = daylog.events(uow, day)
    undone = undone_ids(events)
    ids = {e.rep for e in events if e.rep} | {
        r for e in events for r in e.data.get("skipped", []) + e.data.get("order", [])}
    actors = {i: n for i, n in uow.execute(
        select(RotationEvent.id, User.name).join(User, User.id == RotationEvent.actor_id)
        .where(RotationEvent.day == day))}
    names = daylog.names(uow, list(ids))
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
    forfeits = {n: state.forfeits.get(i, 0)
                for i, n in daylog.names(uow, list(state.forfeits)).items()}
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
class Banner:
    """What the desk's banner announces now, from the log: the latest hand-out
    while its reception is open, or the latest walk-in put on the waiting list
    while they wait; else nothing (the desk's prompt)."""

    assignment: Assignment | None = None
    queued: WaitingLine | None = None


def _assignment_of(uow: UnitOfWork, data: dict[str, Any], rep_id: int,
                   reception: Reception) -> Assignment:
    skipped = list(data.get("skipped", []))
    owner_id = reception.owner_id if data["how"] in (How.OWNER, How.COVER) else None
    names = daylog.names(uow, [rep_id, *skipped, *([owner_id] if owner_id else [])])
    customer = uow.get(Customer, reception.customer_id) if reception.customer_id else None
    visitor = uow.get(WaitingVisitor, data["visitor"]) if "visitor" in data else None
    return Assignment(
        reception.id, uow.get_one(User, rep_id).login, names[rep_id], data["how"],
        visitor.arrived_at if visitor else reception.arrived_at,
        names.get(owner_id) if owner_id else None, customer.name if customer else None,
        tuple(names[r] for r in skipped), visitor.number if visitor else None,
        data.get("waited"))


def banner(uow: UnitOfWork, waiting_lines: list[WaitingLine], day: date | None = None
           ) -> Banner:
    events = daylog.events(uow, day or today(uow))
    undone = undone_ids(events)
    for e in reversed(events):
        if e.id in undone or e.kind not in (Ev.ASSIGN, Ev.QUEUE):
            continue
        if e.kind == Ev.QUEUE:
            return Banner(queued=next((w for w in waiting_lines if w.id == e.data["visitor"]),
                                      None))
        reception = uow.get(Reception, e.data["reception"])
        if reception is None or reception.state != ReceptionState.OPEN or e.rep is None:
            return Banner()
        return Banner(assignment=_assignment_of(uow, e.data, e.rep, reception))
    return Banner()


@dataclass(frozen=True)
class DeskView:
    """Everything the front desk's panel shows, read in one transaction."""

    lines: list[RepLine]
    opened: list[OpenReception]
    why: NextReason
    candidates: list[tuple[str, str]]
    now: datetime  # the database clock, so durations agree across PCs
    undo_seconds: int
    waiting: list[WaitingLine]
    banner: Banner
    undoable: undoing.Undoable | None  # what this desk's undo would take back
    version: tuple[int, int] = (0, 0)  # `daylog.version_of`, as `DeskUpdate.before`


def desk_view(uow: UnitOfWork, actor: Actor | None = None, origin: str | None = None
              ) -> DeskView:
    """The desk's panel; `actor` and `origin` (the window) name the desk whose
    undo is meant."""
    day = today(uow)
    waiting_lines = waiting.waiting_list(uow, day)
    return DeskView(board(uow, day), open_receptions(uow, day), next_reason(uow),
                    checkin_candidates(uow), uow.now,
                    int(settings.get(uow, "rotation.undo_seconds")), waiting_lines,
                    banner(uow, waiting_lines, day),
                    undoing.last_undoable(uow, actor, origin) if actor is not None else None,
                    daylog.version_of(uow, day))


@dataclass(frozen=True)
class DeskUpdate:
    """What a desk's own walk-in changed on its panel, so the panel shows it
    without reading it all again (constant work, whatever the size of the day):
    the outcome, the line now, the reception opened, why the next goes to whom,
    the desk's undo (this walk-in), and the waiting list when it changed. The
    panel is current with it only if it showed the day at version `before`."""

    outcome: Assignment | Waiting
    lines: list[RepLine]
    opened: OpenReception | None
    why: NextReason
    undoable: undoing.Undoable
    waiting: list[WaitingLine] | None  # None: unchanged
    now: datetime
    before: tuple[int, int]  # `daylog.version_of` before the walk-in, and after it
    version: tuple[int, int]


def desk_walkin(
    uow: UnitOfWork, actor: Actor, *, phone: str | None = None, party_size: int = 1,
    assign_to: str | None = None, reason: str = "", note: str = "",
) -> DeskUpdate:
    """`walkin`, for the desk that pressed the key: with the panel's new state."""
    outcome, row, state, count, known = _walkin(uow, actor, phone, party_size, assign_to,
                                                reason, note)
    before = (row.day.toordinal(), count)
    people = daylog.people(uow, state.line, known)
    names = {i: name for i, (_login, name) in people.items()}
    opened = None
    rows: list[WaitingLine] | None = None
    if isinstance(outcome, Assignment):
        opened = _opened(uow, outcome, int(party_size))
        done = undoing.just_done(uow, state.last_event, Ev.ASSIGN, outcome.rep_name, None)
    else:
        rows = waiting.waiting_list(uow, row.day)
        done = undoing.just_done(uow, state.last_event, Ev.QUEUE, None, outcome.number)
    return DeskUpdate(outcome, _lines(state, people), opened, _why(state, names), done, rows,
                      uow.now, before, (row.day.toordinal(), row.version))


def _opened(uow: UnitOfWork, a: Assignment, party_size: int) -> OpenReception:
    """The reception a walk-in opened, as the open list shows it. A new one is
    known without reading it: no registration form can name it yet. The same
    party again today reopens an earlier one: that is read."""
    if a.how == How.REOPEN:
        r, rep_name, cust, filled = uow.execute(
            _open_rows().where(Reception.id == a.reception_id)).one()
        return OpenReception(r.id, rep_name, r.how, r.party_size, r.arrived_at, cust,
                             bool(filled))
    return OpenReception(a.reception_id, a.rep_name, a.how, party_size, a.arrived_at,
                         a.customer_name, False)


@dataclass(frozen=True)
class HallWaiting:
    """A waiting visitor on the hall board: a number, never customer data."""

    number: int
    party_size: int
    arrived_at: datetime
    estimate: int | None  # about this many minutes more


@dataclass(frozen=True)
class HallView:
    lines: list[RepLine]
    waiting: list[HallWaiting]
    now: datetime


def hall_view(uow: UnitOfWork) -> HallView:
    """What the board in the hall shows."""
    return HallView(board(uow), [HallWaiting(w.number, w.party_size, w.arrived_at, w.estimate)
                                 for w in waiting.waiting_list(uow)], uow.now)
