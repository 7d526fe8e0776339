"""Holds, subscriptions and contracts, each a transition of the unit (see
`desk.sales.transition`): a unit is never promised to two customers."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import aliased

from desk.admin import auth, settings
from desk.admin.auth import Actor, require
from desk.core import bounds, crypto
from desk.core.changes import ChangeKind
from desk.core.errors import Conflict, InvalidInput, PermissionDenied
from desk.core.idnumbers import normalize_id
from desk.core.inserts import insert_if_absent
from desk.core.labels import person
from desk.core.phones import normalize_mobile
from desk.core.timefmt import full, hm
from desk.core.uow import Source, UnitOfWork
from desk.customers import customers
from desk.models import Claim, ContractCounter, Customer, Unit, UnitEvent, User
from desk.models.enums import (
    ApprovalKind,
    ClaimKind,
    ClaimState,
    PaymentMethod,
    PriceVerdict,
    Role,
    UnitAction,
    UnitStatus,
)
from desk.sales import approvals, payments, pricing, reps, upkeep
from desk.sales.transition import (
    add_event,
    compare_and_set,
    expire_due,
    expired_hold,
    forget_loaded,
    insert_claim,
    insert_event,
    load,
    read_unit,
    required_reason,
    taken,
    update_claim,
    write,
)

PAYMENT_METHODS = tuple(PaymentMethod)


@dataclass(frozen=True)
class Approval:
    """A manager's login and password, typed at the desk to approve an exception."""

    login: str
    password: str


# --- helpers -----------------------------------------------------------------


def expire_all_due(uow: UnitOfWork, customer_id: int | None = None) -> int:
    """Expire every hold past its time (at start-up, before every command, and
    of one customer before their claims decide something). Returns how many."""
    now = uow.now
    q = select(Claim.unit_id).where(upkeep.run_out(now))
    if customer_id is not None:
        q = q.where(Claim.customer_id == customer_id)
    ids = uow.execute(q.order_by(Claim.unit_id)).scalars().all()  # one lock order for all PCs
    done = 0
    for unit_id in ids:
        unit = uow.get(Unit, unit_id)
        if unit is not None and expire_due(uow, unit):
            done += 1
    return done


def sweep_expired(db: Source) -> int:
    """Record every hold that ran out, in a short transaction of its own: run
    before each command, so that what the command reads, and the rule it
    decides by, see the holds as they are (and a refusal cannot roll it back)."""
    try:
        with db.begin() as s:
            return expire_all_due(s)
    except Conflict:  # another PC recorded them at the same moment
        return 0


@dataclass(frozen=True)
class Asked:
    """What an operation asks a manager to approve: a request sent from the queue
    (`desk.sales.approvals`) is good only for exactly this."""

    kind: ApprovalKind
    unit_id: int
    claim_id: int | None
    params: dict[str, Any]


def _approver(uow: UnitOfWork, actor: Actor, approval: Approval | None, what_zh: str,
              what_en: str, request_id: int | None = None, asked: Asked | None = None) -> int | None:
    """The id of the manager approving: the actor if a manager, else the one who
    approved the request `request_id` from the queue, else the one who typed their
    password here (None: the operator at the command line)."""
    if actor.can("units.approve"):
        return actor.id
    if request_id is not None and asked is not None:
        return approvals.consume(uow, actor, request_id, asked.kind, asked.unit_id, asked.claim_id,
                                 asked.params)
    if approval is None or not approval.login:
        raise PermissionDenied(f"{what_zh}需要销售经理审批：请经理输入账号和密码，或向经理发送审批请求。",
                               f"{what_en} needs a sales manager's approval: the manager enters "
                               "their login and password, or ask the manager.", field="approval")
    manager = auth.login(uow, approval.login, approval.password)
    if not manager.can("units.approve"):
        raise PermissionDenied(f"{manager.name} 不是销售经理，不能审批。",
                               f"{manager.name} is not a sales manager and cannot approve.",
                               field="approval")
    return manager.id


# --- holds -------------------------------------------------------------------


def hold(
    uow: UnitOfWork, actor: Actor, project_id: int, code: str, *, customer_phone: str,
    customer_name: str | None = None, minutes: int | None = None, rep_login: str | None = None,
) -> Claim:
    """Hold an available unit for a customer for a while (预留); the price is frozen."""
    require(actor, "units.hold")
    quick = _plain_hold(uow, actor, project_id, code, customer_phone, minutes, rep_login)
    if quick is not None:
        return quick
    unit, current = load(uow, project_id, code)
    expire_due(uow, unit, current)
    if unit.status != UnitStatus.AVAILABLE:
        raise taken(uow, unit)
    ttl, longest = settings.get_many(uow, "hold.ttl_minutes", "hold.max_total_minutes")
    minutes = ttl if minutes is None else int(minutes)
    if not 1 <= minutes <= longest:
        raise InvalidInput(f"预留时长须在 1 到 {longest} 分钟之间。",
                           f"A hold lasts 1 to {longest} minutes.", field="minutes")
    rep_id = reps.choose(uow, actor, customers.find_by_phone(uow, customer_phone), rep_login)
    customer = customers.get_or_create(uow, customer_phone, customer_name, owner_id=rep_id)
    now = uow.now
    claim = Claim(
        project_id=project_id, unit_id=unit.id, kind=ClaimKind.HOLD, state=ClaimState.ACTIVE,
        customer_id=customer.id, rep_id=rep_id, created_by=actor.id, created_at=now,
        started_at=now, expires_at=now + timedelta(minutes=minutes), price=unit.list_price,
    )
    uow.add(claim)
    unit.status = UnitStatus.HELD
    write(uow, unit)
    add_event(uow, unit, actor.id, UnitAction.HOLD, UnitStatus.AVAILABLE, UnitStatus.HELD, claim_id=claim.id)
    uow.record(ChangeKind.UNITS, unit.id)
    return claim


# The plain cases of a hold, a release and an extension, as prebuilt statements
# (`desk.sales.transition.prebuilt`): four statements each. Whatever is not
# plain (a hold run out, a new customer, a rep named, a refusal) returns None
# and goes the general way, which reads again and knows every case.

_e164 = functools.lru_cache(maxsize=256)(normalize_mobile)  # parsing a number is slow


def _minutes(uow: UnitOfWork, minutes: int | None) -> tuple[int, int] | None:
    """(minutes asked, longest total) when the minutes are within bounds."""
    ttl, longest = settings.get_many(uow, "hold.ttl_minutes", "hold.max_total_minutes")
    if minutes is not None and not isinstance(minutes, int):
        return None
    asked = ttl if minutes is None else minutes
    return (asked, longest) if 1 <= asked <= longest else None


def _plain_hold(uow: UnitOfWork, actor: Actor, project_id: int, code: str, phone: str,
                minutes: int | None, rep_login: str | None) -> Claim | None:
    if rep_login and rep_login.strip():
        return None
    try:
        e164 = _e164(phone)
    except InvalidInput:
        return None
    row = read_unit(uow, project_id, code, e164)
    if row is None or row.status != UnitStatus.AVAILABLE or row.claim_id is not None \
            or row.customer_id is None:
        return None
    asked = _minutes(uow, minutes)
    now = uow.now
    rep_id = reps.plain_choice(actor, row.owner_id, row.owner_until, row.owner_active,
                               row.owner_role, now)
    if asked is None or rep_id is None:
        return None
    values: dict[str, Any] = dict(
        project_id=project_id, unit_id=row.id, kind=ClaimKind.HOLD.value,
        state=ClaimState.ACTIVE.value, customer_id=row.customer_id, rep_id=rep_id,
        created_by=actor.id, created_at=now, started_at=now,
        expires_at=now + timedelta(minutes=asked[0]), price=row.list_price, payment_method="",
        note="")
    claim_id = insert_claim(uow, values)
    compare_and_set(uow, row.id, row.version, UnitStatus.AVAILABLE, UnitStatus.HELD)
    insert_event(uow, row.id, actor.id, UnitAction.HOLD, UnitStatus.AVAILABLE, UnitStatus.HELD,
                 claim_id=claim_id)
    forget_loaded(uow, row.id, None)
    uow.record(ChangeKind.UNITS, row.id)
    return Claim(id=claim_id, **values)


def _plain_active_hold(uow: UnitOfWork, actor: Actor, project_id: int, code: str
                       ) -> Row[Any] | None:
    """The unit read with its hold, when the hold is active, not run out, and the
    actor's to change."""
    row = read_unit(uow, project_id, code)
    if row is None or row.claim_id is None or row.kind != ClaimKind.HOLD \
            or row.status != UnitStatus.HELD or row.expires_at is None \
            or row.expires_at <= uow.now or not may_touch_hold(actor, row.rep_id, row.created_by):
        return None
    return row


def _plain_release(uow: UnitOfWork, actor: Actor, project_id: int, code: str,
                   reason: str) -> bool:
    row = _plain_active_hold(uow, actor, project_id, code)
    if row is None:
        return False
    why = bounds.text(reason, UnitEvent.reason, "原因", "reason", field="reason", multiline=True)
    now = uow.now
    update_claim(uow, row.claim_id, row.customer_id,
                 {"ended_at": row.ended_at, "state": ClaimState.ACTIVE.value},
                 {"ended_at": now, "state": ClaimState.RELEASED.value})
    compare_and_set(uow, row.id, row.version, UnitStatus.HELD, UnitStatus.AVAILABLE)
    insert_event(uow, row.id, actor.id, UnitAction.RELEASE, UnitStatus.HELD, UnitStatus.AVAILABLE,
                 claim_id=row.claim_id, reason=why)
    forget_loaded(uow, row.id, row.claim_id)
    uow.record(ChangeKind.UNITS, row.id)
    return True


def _plain_extend(uow: UnitOfWork, actor: Actor, project_id: int, code: str,
                  minutes: int | None) -> Claim | None:
    row = _plain_active_hold(uow, actor, project_id, code)
    asked = None if row is None else _minutes(uow, minutes)
    if row is None or asked is None:
        return None
    now = uow.now
    new_expiry = min(now + timedelta(minutes=asked[0]),
                     row.started_at + timedelta(minutes=asked[1]))
    if new_expiry <= row.expires_at:
        return None
    compare_and_set(uow, row.id, row.version, UnitStatus.HELD, UnitStatus.HELD,
                    same_status_noted=True)
    update_claim(uow, row.claim_id, row.customer_id, {"expires_at": row.expires_at},
                 {"expires_at": new_expiry})
    insert_event(uow, row.id, actor.id, UnitAction.EXTEND, UnitStatus.HELD, UnitStatus.HELD,
                 claim_id=row.claim_id, reason=f"→ {full(new_expiry)}")
    forget_loaded(uow, row.id, row.claim_id)
    uow.record(ChangeKind.UNITS, row.id)
    return Claim(id=row.claim_id, project_id=project_id, unit_id=row.id, kind=row.kind,
                 state=ClaimState.ACTIVE.value, customer_id=row.customer_id, rep_id=row.rep_id,
                 created_by=row.created_by, started_at=row.started_at, expires_at=new_expiry)


def _active_hold(uow: UnitOfWork, project_id: int, code: str) -> tuple[Unit, Claim]:
    unit, claim = load(uow, project_id, code)
    if expire_due(uow, unit, claim):
        claim = None
    if claim is None or claim.kind != ClaimKind.HOLD:
        lapsed = expired_hold(uow, unit.id) if claim is None else None
        if lapsed is not None:
            raise Conflict(f"房源 {unit.code} 的预留已于 {full(lapsed.ended_at)} 到期，已失效。",
                           f"The hold on {unit.code} expired at {full(lapsed.ended_at)}.")
        raise Conflict(f"房源 {unit.code} 没有有效的预留。",
                       f"Unit {unit.code} has no active hold.")
    return unit, claim


def may_touch_hold(actor: Actor, rep_id: int | None, created_by: int | None) -> bool:
    """A rep changes only the holds they hold or made; other roles with the right
    change any."""
    return actor.can("units.hold") and (actor.role != Role.SALES_REP
                                        or actor.id in (rep_id, created_by))


def _may_touch_hold(actor: Actor, claim: Claim) -> None:
    if not may_touch_hold(actor, claim.rep_id, claim.created_by):
        raise PermissionDenied("只能操作自己的预留。", "A rep can only change their own holds.")


def release(uow: UnitOfWork, actor: Actor, project_id: int, code: str, reason: str = "") -> None:
    require(actor, "units.hold")
    if _plain_release(uow, actor, project_id, code, reason):
        return
    unit, claim = _active_hold(uow, project_id, code)
    _may_touch_hold(actor, claim)
    claim.state, claim.ended_at = ClaimState.RELEASED, uow.now
    unit.status = UnitStatus.AVAILABLE
    write(uow, unit)
    add_event(uow, unit, actor.id, UnitAction.RELEASE, UnitStatus.HELD, UnitStatus.AVAILABLE,
              claim_id=claim.id,
              reason=bounds.text(reason, UnitEvent.reason, "原因", "reason", field="reason",
                                 multiline=True))
    uow.record(ChangeKind.UNITS, unit.id)


def extend(uow: UnitOfWork, actor: Actor, project_id: int, code: str,
           minutes: int | None = None) -> Claim:
    """Give a hold more time, never past its maximum total length."""
    require(actor, "units.hold")
    quick = _plain_extend(uow, actor, project_id, code, minutes)
    if quick is not None:
        return quick
    unit, claim = _active_hold(uow, project_id, code)
    _may_touch_hold(actor, claim)
    now = uow.now
    ttl, longest = settings.get_many(uow, "hold.ttl_minutes", "hold.max_total_minutes")
    minutes = ttl if minutes is None else int(minutes)
    if not 1 <= minutes <= longest:  # a wrong number, not a hold at its end
        raise InvalidInput(f"延期时长须在 1 到 {longest} 分钟之间。",
                           f"An extension lasts 1 to {longest} minutes.", field="minutes")
    limit = claim.started_at + timedelta(minutes=longest)
    new_expiry = min(now + timedelta(minutes=minutes), limit)
    if claim.expires_at is not None and new_expiry <= claim.expires_at:
        raise Conflict(
            f"预留已到最长时限（共 {longest} 分钟，至 {hm(limit)}），不能再延期。",
            f"The hold has reached its longest time ({longest} minutes, until {hm(limit)}).",
            field="minutes",
        )
    claim.expires_at = new_expiry
    write(uow, unit)
    add_event(uow, unit, actor.id, UnitAction.EXTEND, UnitStatus.HELD, UnitStatus.HELD, claim_id=claim.id,
              reason=f"→ {full(new_expiry)}")
    uow.record(ChangeKind.UNITS, unit.id)
    return claim


def my_expiring_holds(uow: UnitOfWork, actor: Actor, within_minutes: int | None = None
                      ) -> list[tuple[str, datetime]]:
    """The actor's holds that run out soon: (unit code, expiry), for the reminder."""
    now = uow.now
    minutes = within_minutes or settings.get(uow, "hold.reminder_minutes")
    q = (
        select(Unit.code, Claim.expires_at)
        .join(Unit, Unit.id == Claim.unit_id)
        .where(Claim.kind == ClaimKind.HOLD, Claim.state == ClaimState.ACTIVE, Claim.rep_id == actor.id,
               Claim.expires_at > now, Claim.expires_at <= now + timedelta(minutes=minutes))
        .order_by(Claim.expires_at)
    )
    return [(c, e) for c, e in uow.execute(q) if e is not None]


@dataclass(frozen=True)
class FormDefaults:
    """What the hold and subscription forms start with."""

    hold_minutes: int
    sign_by: date
    reps: tuple[reps.Rep, ...] = ()  # the choices of 置业顾问


def form_defaults(uow: UnitOfWork) -> FormDefaults:
    days = settings.get(uow, "subscription.sign_within_days")
    return FormDefaults(settings.get(uow, "hold.ttl_minutes"),
                        settings.today(uow) + timedelta(days=days), tuple(reps.active_reps(uow)))


def suggest_rep(uow: UnitOfWork, actor: Actor, project_id: int, code: str,
                customer_phone: str) -> str | None:
    """The 置业顾问 a hold or subscription of this unit for this phone would
    take by default (`reps.choose`): the rep of the customer's own hold on the
    unit, else the customer's owner, else the acting rep; None: choose one."""
    _, current = load(uow, project_id, code)
    carried = None
    if current is not None and current.kind == ClaimKind.HOLD and current.customer_id is not None \
            and current.expires_at is not None and current.expires_at > uow.now:
        try:
            found = customers.find_by_phone(uow, customer_phone) if customer_phone.strip() else None
        except InvalidInput:
            found = None
        if found is not None and found.id == current.customer_id:
            carried = current.rep_id
    return reps.suggest(uow, actor, customer_phone, carried)


# --- subscriptions and contracts ---------------------------------------------


def _successor(prev: Claim, actor: Actor, now: datetime, **changes: object) -> Claim:
    """The claim that takes over from `prev` (subscription → contract, a change of
    unit): the same buyer, rep, deposit and terms unless changed."""
    fields = dict(
        project_id=prev.project_id, unit_id=prev.unit_id, kind=prev.kind, state=ClaimState.ACTIVE,
        customer_id=prev.customer_id, rep_id=prev.rep_id, created_by=actor.id, created_at=now,
        started_at=now, price=prev.price, deposit=prev.deposit, sign_by=prev.sign_by,
        payment_method=prev.payment_method, approved_by=prev.approved_by, previous_id=prev.id,
    )
    fields.update(changes)
    return Claim(**fields)


def _check_price(uow: UnitOfWork, actor: Actor, unit: Unit, list_price: Decimal | None,
                 agreed: Decimal, approval: Approval | None, request_id: int | None = None,
                 asked: Asked | None = None) -> int | None:
    """Floor price is absolute, and so is the project's pricing rule; a discount
    past the limit needs a manager."""
    verdict, discount, limit = pricing.judge(uow, unit, list_price, agreed)
    pricing.check_floor(unit, agreed)
    pricing.check_rule(uow, unit, agreed)
    if verdict != PriceVerdict.APPROVAL:
        return None
    pct = f"{discount:.2f}%"
    return _approver(uow, actor, approval, f"折扣 {pct} 超过 {limit}% 的权限，",
                     f"A discount of {pct} is above the {limit}% limit and", request_id, asked)


def _subscription_base(uow: UnitOfWork, unit: Unit, current: Claim | None,
                       found: Customer | None) -> tuple[Claim | None, Decimal | None]:
    """The hold a subscription converts (the customer's own) and the price its
    discount is measured from: frozen by that hold, else the list price."""
    if unit.status == UnitStatus.HELD and current is not None and found is not None \
            and current.customer_id == found.id:
        return current, current.price
    if unit.status == UnitStatus.AVAILABLE:
        return None, unit.list_price
    raise taken(uow, unit)


def _discount_params(phone: str, agreed: Decimal, list_price: Decimal | None) -> dict[str, Any]:
    return {"customer_phone": phone, "agreed_price": f"{agreed:.2f}",
            "list_price": None if list_price is None else f"{list_price:.2f}"}


def subscribe(
    uow: UnitOfWork, actor: Actor, project_id: int, code: str, *, customer_phone: str,
    customer_name: str | None = None, deposit: object, agreed_price: object,
    sign_by: date | None = None, payment_method: str = PaymentMethod.MORTGAGE, hold_id: int | None = None,
    approval: Approval | None = None, rep_login: str | None = None, id_number: str = "",
    request_id: int | None = None,
) -> Claim:
    """Subscription (认购) with a deposit, from the customer's hold or directly. The
    buyer's ID number, when given, is checked and kept (encrypted) for the documents."""
    require(actor, "units.subscribe")
    unit, current = load(uow, project_id, code)
    now = uow.now
    expired = expire_due(uow, unit, current)
    if hold_id is not None and (expired or _claim_state(uow, hold_id) != ClaimState.ACTIVE):
        raise Conflict(f"房源 {unit.code} 的预留已失效（过期或已释放），不能转认购。",
                       f"The hold on {unit.code} has run out or was released; it cannot be "
                       "converted.")
    agreed = pricing.money(agreed_price, "agreed_price", "成交总价", "agreed price")
    dep = pricing.money(deposit, "deposit", "定金", "deposit")
    if dep > agreed:
        raise InvalidInput("定金不能超过成交总价。", "The deposit cannot exceed the price.",
                           field="deposit")
    if payment_method not in PAYMENT_METHODS:
        raise InvalidInput("请选择付款方式。", "Choose a payment method.", field="payment_method")
    idn = normalize_id(id_number) if id_number.strip() else ""
    found = customers.find_by_phone(uow, customer_phone)
    previous, list_price = _subscription_base(uow, unit, None if expired else current, found)
    rep_id = reps.choose(uow, actor, found, rep_login,
                         carried=previous.rep_id if previous is not None else None)
    customer = found or customers.get_or_create(uow, customer_phone, customer_name, owner_id=rep_id)
    if idn:
        customer.id_number_enc = crypto.encrypt(idn)
    asked = Asked(ApprovalKind.DISCOUNT, unit.id, None,
                  _discount_params(customer.phone, agreed, list_price))
    approver = _check_price(uow, actor, unit, list_price, agreed, approval, request_id, asked)
    days = settings.get(uow, "subscription.sign_within_days")
    sign_by = sign_by or (now + timedelta(days=days)).date()
    bounds.day(sign_by, "签约期限", "sign-by date", field="sign_by")
    if sign_by < now.date():
        raise InvalidInput("签约期限不能早于今天。", "The sign-by date cannot be in the past.",
                           field="sign_by")
    from_status = unit.status
    if previous is not None:
        previous.state, previous.ended_at = ClaimState.CONVERTED, now
    claim = Claim(
        project_id=project_id, unit_id=unit.id, kind=ClaimKind.SUBSCRIPTION, state=ClaimState.ACTIVE,
        customer_id=customer.id, rep_id=rep_id, created_by=actor.id, created_at=now,
        started_at=now, price=agreed, deposit=dep, sign_by=sign_by,
        payment_method=payment_method, approved_by=approver,
        previous_id=previous.id if previous else None,
    )
    unit.status = UnitStatus.SUBSCRIBED
    if previous is not None:  # the old claim must stop being active before the new one is
        write(uow, unit)
    uow.add(claim)
    write(uow, unit)
    add_event(uow, unit, actor.id, UnitAction.SUBSCRIBE, from_status, UnitStatus.SUBSCRIBED,
              claim_id=claim.id, approved_by=approver)
    payments.open_plan(uow, claim)
    uow.record(ChangeKind.UNITS, unit.id)
    return claim


def _claim_state(uow: UnitOfWork, claim_id: int) -> str | None:
    return uow.execute(select(Claim.state).where(Claim.id == claim_id)).scalar()


def _next_contract_number(uow: UnitOfWork, project_id: int, year: int) -> str:
    # The first contracts of a project or year may be signed on two PCs at once:
    # create the counter unless it exists (waiting for the other's commit), then
    # lock it, so each takes the next number in turn.
    insert_if_absent(uow, ContractCounter, [ContractCounter.project_id, ContractCounter.year],
                     {"project_id": project_id, "year": year, "last": 0})
    counter = uow.execute(
        select(ContractCounter).where(ContractCounter.project_id == project_id,
                                      ContractCounter.year == year)
        .with_for_update().execution_options(populate_existing=True)
    ).scalar_one()
    counter.last += 1
    uow.flush()
    return f"HT{year}-{counter.last:05d}"


def contract(uow: UnitOfWork, actor: Actor, project_id: int, code: str) -> Claim:
    """Sign (签约): the subscription becomes a numbered contract."""
    require(actor, "units.contract")
    unit, sub = load(uow, project_id, code)
    if unit.status != UnitStatus.SUBSCRIBED or sub is None or sub.kind != ClaimKind.SUBSCRIPTION:
        raise Conflict(f"房源 {unit.code} 没有有效的认购，不能签约。",
                       f"Unit {unit.code} has no active subscription to sign.")
    now = uow.now
    number = _next_contract_number(uow, project_id, now.year)
    sub.state, sub.ended_at = ClaimState.CONVERTED, now
    unit.status = UnitStatus.SIGNED
    write(uow, unit)
    claim = _successor(sub, actor, now, kind=ClaimKind.CONTRACT, contract_number=number)
    uow.add(claim)
    write(uow, unit)
    add_event(uow, unit, actor.id, UnitAction.CONTRACT, UnitStatus.SUBSCRIBED, UnitStatus.SIGNED,
              claim_id=claim.id)  # the number is the claim's, shown as such by the history
    payments.follow(uow, sub, claim)
    uow.record(ChangeKind.UNITS, unit.id)
    return claim


def _deal(uow: UnitOfWork, project_id: int, code: str) -> tuple[Unit, Claim]:
    unit, claim = load(uow, project_id, code)
    if claim is None or claim.kind not in (ClaimKind.SUBSCRIPTION, ClaimKind.CONTRACT):
        raise Conflict(f"房源 {unit.code} 没有认购或合同。",
                       f"Unit {unit.code} has no subscription or contract.")
    return unit, claim


def cancel(uow: UnitOfWork, actor: Actor, project_id: int, code: str, *, reason: str,
           approval: Approval | None = None, request_id: int | None = None) -> None:
    """Cancel (退订) a subscription or contract; the unit is for sale again."""
    require(actor, "units.subscribe")
    reason = required_reason(reason)
    unit, claim = _deal(uow, project_id, code)
    asked = Asked(ApprovalKind.CANCEL, unit.id, claim.id, {"reason": reason})
    approver = _approver(uow, actor, approval, "退订", "A cancellation", request_id, asked)
    from_status = unit.status
    claim.state, claim.ended_at = ClaimState.CANCELLED, uow.now
    unit.status = UnitStatus.AVAILABLE
    write(uow, unit)
    add_event(uow, unit, actor.id, UnitAction.CANCEL, from_status, UnitStatus.AVAILABLE, claim_id=claim.id,
              approved_by=approver, reason=reason)
    uow.record(ChangeKind.UNITS, unit.id)


@dataclass(frozen=True)
class _Move:
    old_unit: Unit
    claim: Claim
    new_unit: Unit
    price: Decimal
    reason: str

    def asked(self) -> Asked:
        return Asked(ApprovalKind.CHANGE_UNIT, self.old_unit.id, self.claim.id,
                     {"new_code": self.new_unit.code, "agreed_price": f"{self.price:.2f}",
                      "reason": self.reason})


def _prepare_move(uow: UnitOfWork, project_id: int, code: str, new_code: str, reason: str,
                  agreed_price: object | None) -> _Move:
    """Everything a change of unit checks before a manager approves it."""
    reason = required_reason(reason)
    old_unit, claim = _deal(uow, project_id, code)
    if claim.kind != ClaimKind.SUBSCRIPTION:
        raise Conflict("已签约的房源不能直接换房，请先退订。",
                       "A signed unit cannot be changed; cancel the contract first.")
    new_unit, new_current = load(uow, project_id, new_code)
    if new_unit.id == old_unit.id:
        raise InvalidInput("新房号与原房号相同。", "The new unit is the same unit.",
                           field="new_code")
    expire_due(uow, new_unit, new_current)
    if new_unit.status != UnitStatus.AVAILABLE:
        raise taken(uow, new_unit)
    price = (new_unit.list_price if agreed_price in (None, "")
             else pricing.money(agreed_price, "agreed_price", "成交总价", "agreed price"))
    if price is None:
        raise InvalidInput("新房源没有价格，请填写成交总价。",
                           "The new unit has no price: enter one.", field="agreed_price")
    return _Move(old_unit, claim, new_unit, price, reason)


def change_unit(uow: UnitOfWork, actor: Actor, project_id: int, code: str, new_code: str, *,
                reason: str, agreed_price: object | None = None,
                approval: Approval | None = None, request_id: int | None = None) -> Claim:
    """Change of unit (换房): the subscription moves to another available unit."""
    require(actor, "units.subscribe")
    m = _prepare_move(uow, project_id, code, new_code, reason, agreed_price)
    old_unit, claim, new_unit, price = m.old_unit, m.claim, m.new_unit, m.price
    approver = _approver(uow, actor, approval, "换房", "A change of unit", request_id, m.asked())
    pricing.check_floor(new_unit, price)
    pricing.check_rule(uow, new_unit, price)
    now = uow.now
    claim.state, claim.ended_at = ClaimState.MOVED, now
    old_unit.status = UnitStatus.AVAILABLE
    write(uow, old_unit)
    moved = _successor(claim, actor, now, unit_id=new_unit.id, price=price, approved_by=approver)
    uow.add(moved)
    new_unit.status = UnitStatus.SUBSCRIBED
    write(uow, new_unit)
    add_event(uow, old_unit, actor.id, UnitAction.CHANGE_OUT, UnitStatus.SUBSCRIBED, UnitStatus.AVAILABLE,
              claim_id=claim.id, approved_by=approver, reason=f"→ {new_unit.code}：{m.reason}")
    add_event(uow, new_unit, actor.id, UnitAction.CHANGE_IN, UnitStatus.AVAILABLE, UnitStatus.SUBSCRIBED,
              claim_id=moved.id, approved_by=approver, reason=f"← {old_unit.code}：{m.reason}")
    payments.follow(uow, claim, moved)
    uow.record(ChangeKind.UNITS, old_unit.id)
    uow.record(ChangeKind.UNITS, new_unit.id)  # both cells change on every PC's grid
    return moved


def rename(uow: UnitOfWork, actor: Actor, project_id: int, code: str, *, customer_phone: str,
           customer_name: str | None = None, reason: str,
           approval: Approval | None = None, request_id: int | None = None) -> None:
    """Rename the buyer (更名) of a subscription or contract."""
    require(actor, "units.subscribe")
    reason = required_reason(reason)
    unit, claim = _deal(uow, project_id, code)
    new = customers.get_or_create(uow, customer_phone, customer_name)
    if new.id == claim.customer_id:
        raise InvalidInput("新买受人与原买受人相同。", "The new buyer is the same person.",
                           field="phone")
    asked = Asked(ApprovalKind.RENAME, unit.id, claim.id,
                  {"customer_phone": new.phone, "reason": reason})
    approver = _approver(uow, actor, approval, "更名", "Renaming the buyer", request_id, asked)
    old = uow.get(Customer, claim.customer_id) if claim.customer_id else None
    claim.customer_id = new.id
    claim.approved_by = approver
    write(uow, unit)
    add_event(uow, unit, actor.id, UnitAction.RENAME, unit.status, unit.status, claim_id=claim.id,
              approved_by=approver,
              reason=f"{old.name if old else '—'} → {new.name}：{reason}")
    uow.record(ChangeKind.UNITS, unit.id)


# --- approval requests --------------------------------------------------------


def request_approval(uow: UnitOfWork, actor: Actor, project_id: int, code: str,
                     kind: ApprovalKind, *, customer_phone: str = "", agreed_price: object = None,
                     new_code: str = "", reason: str = "") -> int:
    """Ask a sales manager, wherever they are, to approve what this operation
    needs; checked as the operation checks it, so the manager is never asked
    for what would be refused anyway. Returns the request's id: the operation
    runs with it once it is approved."""
    require(actor, "units.subscribe")
    if actor.can("units.approve"):
        raise InvalidInput("您有审批权限，无需发送审批请求。", "You approve this yourself: no request "
                           "is needed.", field="approval")
    asked: Asked
    if kind == ApprovalKind.DISCOUNT:
        unit, current = load(uow, project_id, code)
        if expire_due(uow, unit, current):
            current = None
        agreed = pricing.money(agreed_price, "agreed_price", "成交总价", "agreed price")
        phone = normalize_mobile(customer_phone)
        found = customers.find_by_phone(uow, phone)
        _, list_price = _subscription_base(uow, unit, current, found)
        verdict, _, _ = pricing.judge(uow, unit, list_price, agreed)
        pricing.check_floor(unit, agreed)
        pricing.check_rule(uow, unit, agreed)
        if verdict != PriceVerdict.APPROVAL:
            raise InvalidInput("这个价格在折扣权限之内，无需审批。",
                               "This price is within the discount limit: no approval is needed.",
                               field="agreed_price")
        asked = Asked(kind, unit.id, None, _discount_params(phone, agreed, list_price))
    elif kind == ApprovalKind.CANCEL:
        reason = required_reason(reason)
        unit, claim = _deal(uow, project_id, code)
        asked = Asked(kind, unit.id, claim.id, {"reason": reason})
    elif kind == ApprovalKind.CHANGE_UNIT:
        m = _prepare_move(uow, project_id, code, new_code, reason, agreed_price)
        pricing.check_floor(m.new_unit, m.price)
        pricing.check_rule(uow, m.new_unit, m.price)
        asked = m.asked()
    else:
        reason = required_reason(reason)
        unit, claim = _deal(uow, project_id, code)
        phone = normalize_mobile(customer_phone)
        found = customers.find_by_phone(uow, phone)
        if found is not None and found.id == claim.customer_id:
            raise InvalidInput("新买受人与原买受人相同。", "The new buyer is the same person.",
                               field="phone")
        asked = Asked(kind, unit.id, claim.id, {"customer_phone": phone, "reason": reason})
    return approvals.create(uow, actor, project_id, kind, asked.unit_id, asked.claim_id,
                            asked.params)


@dataclass(frozen=True)
class DealRow:
    claim_id: int
    kind: str  # subscription | contract
    state: str
    unit_code: str
    customer: str | None
    rep: str | None
    price: Decimal | None
    deposit: Decimal | None
    created_at: datetime
    sign_by: date | None
    contract_number: str | None
    overdue: bool  # an active subscription past its sign-by date


def deals(uow: UnitOfWork, project_id: int, active_only: bool = False) -> list[DealRow]:
    """Subscriptions and contracts, newest first, for the deals screen."""
    rep = aliased(User)
    q = (select(Claim, Unit.code, Customer.name, rep.name)
         .join(Unit, Unit.id == Claim.unit_id)
         .outerjoin(Customer, Customer.id == Claim.customer_id)
         .outerjoin(rep, rep.id == Claim.rep_id)
         .where(Claim.project_id == project_id, Claim.kind.in_((ClaimKind.SUBSCRIPTION, ClaimKind.CONTRACT)),
                Claim.note != "imported")
         .order_by(Claim.created_at.desc(), Claim.id.desc()))
    if active_only:
        q = q.where(Claim.state == ClaimState.ACTIVE)
    today = uow.now.date()
    return [DealRow(c.id, c.kind, c.state, code, person(cust), r, c.price, c.deposit, c.created_at,
                    c.sign_by, c.contract_number,
                    c.kind == ClaimKind.SUBSCRIPTION and c.state == ClaimState.ACTIVE
                    and c.sign_by is not None and c.sign_by < today)
            for c, code, cust, r in uow.execute(q)]
