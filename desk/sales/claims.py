"""Holds, subscriptions and contracts, each a transition of the unit (see
`desk.sales.transition`): a unit is never promised to two customers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import aliased

from desk.admin import auth, settings
from desk.admin.auth import Actor, require
from desk.core import crypto
from desk.core.changes import ChangeKind
from desk.core.errors import Conflict, InvalidInput, PermissionDenied
from desk.core.idnumbers import normalize_id
from desk.core.labels import person
from desk.core.timefmt import full, hm
from desk.core.uow import UnitOfWork
from desk.customers import customers
from desk.models import Claim, ContractCounter, Customer, Unit, User
from desk.models.enums import ClaimKind, ClaimState, PaymentMethod, Role, UnitAction, UnitStatus
from desk.sales.transition import (
    add_event,
    expire_due,
    load,
    required_reason,
    taken,
    write,
)

PAYMENT_METHODS = tuple(PaymentMethod)


@dataclass(frozen=True)
class Approval:
    """A manager's login and password, typed at the desk to approve an exception."""

    login: str
    password: str


# --- helpers -----------------------------------------------------------------


def expire_all_due(uow: UnitOfWork) -> int:
    """Expire every hold past its time (run at start-up and by the screens)."""
    now = uow.now
    ids = uow.execute(
        select(Claim.unit_id).where(Claim.kind == ClaimKind.HOLD, Claim.state == ClaimState.ACTIVE,
                                    Claim.expires_at <= now)
    ).scalars().all()
    done = 0
    for unit_id in ids:
        unit = uow.get(Unit, unit_id)
        if unit is not None and expire_due(uow, unit):
            done += 1
    return done


def _money(value: object, field: str, zh: str, en: str) -> Decimal:
    try:
        d = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"{zh}必须是数字。", f"The {en} must be a number.",
                           field=field) from None
    if not d.is_finite() or d <= 0:
        raise InvalidInput(f"{zh}必须大于零。", f"The {en} must be above zero.", field=field)
    if d != d.quantize(Decimal("0.01")):
        raise InvalidInput(f"{zh}最多两位小数（分）。", f"The {en} has at most two decimals.",
                           field=field)
    return d


def _approver(uow: UnitOfWork, actor: Actor, approval: Approval | None, what_zh: str,
              what_en: str) -> int | None:
    """The id of the manager approving: the actor if a manager, else the one who
    typed their password (None: the operator at the command line)."""
    if actor.can("units.approve"):
        return actor.id
    if approval is None or not approval.login:
        raise PermissionDenied(f"{what_zh}需要销售经理审批：请经理输入账号和密码。",
                               f"{what_en} needs a sales manager's approval: the manager enters "
                               "their login and password.", field="approval")
    manager = auth.login(uow, approval.login, approval.password)
    if not manager.can("units.approve"):
        raise PermissionDenied(f"{manager.name} 不是销售经理，不能审批。",
                               f"{manager.name} is not a sales manager and cannot approve.",
                               field="approval")
    return manager.id


def _rep_for(uow: UnitOfWork, actor: Actor, rep_login: str | None) -> int | None:
    if not rep_login:
        return actor.id
    rep = auth.get_user(uow, rep_login)
    if rep.role not in (Role.SALES_REP, Role.MANAGER):
        raise InvalidInput(f"{rep.name} 不是置业顾问。", f"{rep.name} is not a sales rep.",
                           field="rep")
    return rep.id


# --- holds -------------------------------------------------------------------


def hold(
    uow: UnitOfWork, actor: Actor, project_id: int, code: str, *, customer_phone: str,
    customer_name: str | None = None, minutes: int | None = None, rep_login: str | None = None,
) -> Claim:
    """Hold an available unit for a customer for a while (预留); the price is frozen."""
    require(actor, "units.hold")
    unit, current = load(uow, project_id, code)
    expire_due(uow, unit, current)
    if unit.status != UnitStatus.AVAILABLE:
        raise taken(uow, unit)
    ttl, longest = settings.get_many(uow, "hold.ttl_minutes", "hold.max_total_minutes")
    minutes = ttl if minutes is None else int(minutes)
    if not 1 <= minutes <= longest:
        raise InvalidInput(f"预留时长须在 1 到 {longest} 分钟之间。",
                           f"A hold lasts 1 to {longest} minutes.", field="minutes")
    rep_id = _rep_for(uow, actor, rep_login)
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


def _active_hold(uow: UnitOfWork, project_id: int, code: str) -> tuple[Unit, Claim]:
    unit, claim = load(uow, project_id, code)
    if expire_due(uow, unit, claim):
        claim = None
    if claim is None or claim.kind != ClaimKind.HOLD:
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
    unit, claim = _active_hold(uow, project_id, code)
    _may_touch_hold(actor, claim)
    claim.state, claim.ended_at = ClaimState.RELEASED, uow.now
    unit.status = UnitStatus.AVAILABLE
    write(uow, unit)
    add_event(uow, unit, actor.id, UnitAction.RELEASE, UnitStatus.HELD, UnitStatus.AVAILABLE,
              claim_id=claim.id, reason=reason.strip())
    uow.record(ChangeKind.UNITS, unit.id)


def extend(uow: UnitOfWork, actor: Actor, project_id: int, code: str,
           minutes: int | None = None) -> Claim:
    """Give a hold more time, never past its maximum total length."""
    require(actor, "units.hold")
    unit, claim = _active_hold(uow, project_id, code)
    _may_touch_hold(actor, claim)
    now = uow.now
    ttl, longest = settings.get_many(uow, "hold.ttl_minutes", "hold.max_total_minutes")
    minutes = ttl if minutes is None else int(minutes)
    limit = claim.started_at + timedelta(minutes=longest)
    new_expiry = min(now + timedelta(minutes=minutes), limit)
    if minutes < 1 or (claim.expires_at is not None and new_expiry <= claim.expires_at):
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


def form_defaults(uow: UnitOfWork) -> FormDefaults:
    days = settings.get(uow, "subscription.sign_within_days")
    return FormDefaults(settings.get(uow, "hold.ttl_minutes"),
                        settings.today(uow) + timedelta(days=days))


# --- subscriptions and contracts ---------------------------------------------


def _check_floor(unit: Unit, agreed: Decimal) -> None:
    """Never below the floor price (不得低于最低价), whoever approves."""
    if unit.floor_price is not None and agreed < unit.floor_price:
        raise InvalidInput(
            "成交价低于底价，不能办理（底价不可突破）。",
            "The agreed price is below the floor price; that is never allowed.",
            field="agreed_price",
        )


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
                 agreed: Decimal, approval: Approval | None) -> int | None:
    """Floor price is absolute; a discount past the limit needs a manager."""
    _check_floor(unit, agreed)
    if list_price is None or agreed >= list_price:
        return None
    discount = (list_price - agreed) / list_price * 100
    limit = Decimal(str(settings.get(uow, "discount.max_percent_without_approval")))
    if discount <= limit:
        return None
    pct = f"{discount:.2f}%"
    return _approver(uow, actor, approval, f"折扣 {pct} 超过 {limit}% 的权限，",
                     f"A discount of {pct} is above the {limit}% limit and")


def subscribe(
    uow: UnitOfWork, actor: Actor, project_id: int, code: str, *, customer_phone: str,
    customer_name: str | None = None, deposit: object, agreed_price: object,
    sign_by: date | None = None, payment_method: str = PaymentMethod.MORTGAGE, hold_id: int | None = None,
    approval: Approval | None = None, rep_login: str | None = None, id_number: str = "",
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
    agreed = _money(agreed_price, "agreed_price", "成交总价", "agreed price")
    dep = _money(deposit, "deposit", "定金", "deposit")
    if dep > agreed:
        raise InvalidInput("定金不能超过成交总价。", "The deposit cannot exceed the price.",
                           field="deposit")
    if payment_method not in PAYMENT_METHODS:
        raise InvalidInput("请选择付款方式。", "Choose a payment method.", field="payment_method")
    idn = normalize_id(id_number) if id_number.strip() else ""
    customer = customers.get_or_create(uow, customer_phone, customer_name)
    if idn:
        customer.id_number_enc = crypto.encrypt(idn)
    previous = None if expired else current
    if unit.status == UnitStatus.HELD and previous is not None and previous.customer_id == customer.id:
        list_price = previous.price  # frozen when the hold was made
    elif unit.status == UnitStatus.AVAILABLE:
        previous, list_price = None, unit.list_price
    else:
        raise taken(uow, unit)
    approver = _check_price(uow, actor, unit, list_price, agreed, approval)
    days = settings.get(uow, "subscription.sign_within_days")
    sign_by = sign_by or (now + timedelta(days=days)).date()
    if sign_by < now.date():
        raise InvalidInput("签约期限不能早于今天。", "The sign-by date cannot be in the past.",
                           field="sign_by")
    rep_id = previous.rep_id if previous is not None else _rep_for(uow, actor, rep_login)
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
    uow.record(ChangeKind.UNITS, unit.id)
    return claim


def _claim_state(uow: UnitOfWork, claim_id: int) -> str | None:
    return uow.execute(select(Claim.state).where(Claim.id == claim_id)).scalar()


def _next_contract_number(uow: UnitOfWork, project_id: int, year: int) -> str:
    counter = uow.get(ContractCounter, (project_id, year), with_for_update=True)
    if counter is None:
        counter = ContractCounter(project_id=project_id, year=year, last=0)
        uow.add(counter)
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
              claim_id=claim.id, reason=number)
    uow.record(ChangeKind.UNITS, unit.id)
    return claim


def _deal(uow: UnitOfWork, project_id: int, code: str) -> tuple[Unit, Claim]:
    unit, claim = load(uow, project_id, code)
    if claim is None or claim.kind not in (ClaimKind.SUBSCRIPTION, ClaimKind.CONTRACT):
        raise Conflict(f"房源 {unit.code} 没有认购或合同。",
                       f"Unit {unit.code} has no subscription or contract.")
    return unit, claim


def cancel(uow: UnitOfWork, actor: Actor, project_id: int, code: str, *, reason: str,
           approval: Approval | None = None) -> None:
    """Cancel (退订) a subscription or contract; the unit is for sale again."""
    require(actor, "units.subscribe")
    reason = required_reason(reason)
    unit, claim = _deal(uow, project_id, code)
    approver = _approver(uow, actor, approval, "退订", "A cancellation")
    from_status = unit.status
    claim.state, claim.ended_at = ClaimState.CANCELLED, uow.now
    unit.status = UnitStatus.AVAILABLE
    write(uow, unit)
    add_event(uow, unit, actor.id, UnitAction.CANCEL, from_status, UnitStatus.AVAILABLE, claim_id=claim.id,
              approved_by=approver, reason=reason)
    uow.record(ChangeKind.UNITS, unit.id)


def change_unit(uow: UnitOfWork, actor: Actor, project_id: int, code: str, new_code: str, *,
                reason: str, agreed_price: object | None = None,
                approval: Approval | None = None) -> Claim:
    """Change of unit (换房): the subscription moves to another available unit."""
    require(actor, "units.subscribe")
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
             else _money(agreed_price, "agreed_price", "成交总价", "agreed price"))
    if price is None:
        raise InvalidInput("新房源没有价格，请填写成交总价。",
                           "The new unit has no price: enter one.", field="agreed_price")
    approver = _approver(uow, actor, approval, "换房", "A change of unit")
    _check_floor(new_unit, price)
    now = uow.now
    claim.state, claim.ended_at = ClaimState.MOVED, now
    old_unit.status = UnitStatus.AVAILABLE
    write(uow, old_unit)
    moved = _successor(claim, actor, now, unit_id=new_unit.id, price=price, approved_by=approver)
    uow.add(moved)
    new_unit.status = UnitStatus.SUBSCRIBED
    write(uow, new_unit)
    add_event(uow, old_unit, actor.id, UnitAction.CHANGE_OUT, UnitStatus.SUBSCRIBED, UnitStatus.AVAILABLE,
              claim_id=claim.id, approved_by=approver, reason=f"→ {new_unit.code}：{reason}")
    add_event(uow, new_unit, actor.id, UnitAction.CHANGE_IN, UnitStatus.AVAILABLE, UnitStatus.SUBSCRIBED,
              claim_id=moved.id, approved_by=approver, reason=f"← {old_unit.code}：{reason}")
    uow.record(ChangeKind.UNITS, old_unit.id)
    return moved


def rename(uow: UnitOfWork, actor: Actor, project_id: int, code: str, *, customer_phone: str,
           customer_name: str | None = None, reason: str,
           approval: Approval | None = None) -> None:
    """Rename the buyer (更名) of a subscription or contract."""
    require(actor, "units.subscribe")
    reason = required_reason(reason)
    unit, claim = _deal(uow, project_id, code)
    new = customers.get_or_create(uow, customer_phone, customer_name)
    if new.id == claim.customer_id:
        raise InvalidInput("新买受人与原买受人相同。", "The new buyer is the same person.",
                           field="customer_phone")
    approver = _approver(uow, actor, approval, "更名", "Renaming the buyer")
    old = uow.get(Customer, claim.customer_id) if claim.customer_id else None
    claim.customer_id = new.id
    claim.approved_by = approver
    write(uow, unit)
    add_event(uow, unit, actor.id, UnitAction.RENAME, unit.status, unit.status, claim_id=claim.id,
              approved_by=approver,
              reason=f"{old.name if old else '—'} → {new.name}：{reason}")
    uow.record(ChangeKind.UNITS, unit.id)


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
