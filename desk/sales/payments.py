"""Payment collection (回款): each deal's schedule, the money received with its
receipt number, and the refunds of a cancelled deal.

A deal's account (`PaymentPlan`) is opened by its subscription and follows it
through a change of unit and the contract; its schedule is the one the documents
print (`desk.sales.schedule`). What a deal holds is the sum of its payments
(refunds are stored negative), and it never exceeds what is due: a live deal
owes the sum of its schedule, a cancelled one nothing, so after its refund its
balance is zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import BigInteger, delete, func, literal, select

from desk.admin import settings
from desk.admin.auth import Actor, require
from desk.core import bounds, labels
from desk.core.changes import ChangeKind
from desk.core.errors import (
    Conflict,
    DeskError,
    InvalidInput,
    NeedsConfirmation,
    NotFound,
    PermissionDenied,
)
from desk.core.inserts import insert_if_absent
from desk.core.uow import Source, UnitOfWork
from desk.models import Claim, Instalment, Payment, PaymentPlan, ReceiptCounter, Unit
from desk.models.enums import (
    ClaimKind,
    ClaimState,
    InstalmentKind,
    PaymentKind,
    PaymentMeans,
    PaymentMethod,
)
from desk.sales import pricing, schedule, upkeep
from desk.sales.collection import owed_in_order
from desk.sales.transition import get_unit, required_reason

MEANS = tuple(PaymentMeans)
ZERO = Decimal("0.00")


def local_day(uow: UnitOfWork, at: datetime) -> date:
    """The showroom's date of a stored (UTC) time."""
    zone = ZoneInfo(settings.get(uow, "showroom.timezone"))
    return at.replace(tzinfo=UTC).astimezone(zone).date()


# --- the schedule ----------------------------------------------------------------


def _write_schedule(uow: UnitOfWork, plan: PaymentPlan, claim: Claim) -> None:
    """The instalments of `claim`'s terms, in place of any before."""
    uow.execute(delete(Instalment).where(Instalment.deal_id == plan.deal_id))
    signed = (local_day(uow, claim.created_at) if claim.kind == ClaimKind.CONTRACT
              else claim.sign_by or plan.began_on)
    rows = schedule.plan(claim.price or ZERO, claim.deposit or ZERO,
                         claim.payment_method or PaymentMethod.MORTGAGE)
    for seq, p in enumerate(rows, 1):
        uow.add(Instalment(deal_id=plan.deal_id, seq=seq, kind=p.kind, item=p.item,
                           due_on=schedule.due_on(p, plan.began_on, signed), amount=p.amount))
    uow.flush()


def open_plan(uow: UnitOfWork, claim: Claim) -> PaymentPlan:
    """A new deal's account and schedule (a subscription, or an older deal that
    has none yet)."""
    plan = PaymentPlan(deal_id=claim.id, project_id=claim.project_id, claim_id=claim.id,
                       began_on=local_day(uow, claim.created_at))
    uow.add(plan)
    uow.flush()
    _write_schedule(uow, plan, claim)
    uow.record(ChangeKind.PAYMENTS, plan.deal_id)
    return plan


def follow(uow: UnitOfWork, old: Claim, new: Claim) -> None:
    """The deal goes on as `new` (its contract, or a change of unit): the schedule
    is dated from the signing and priced as agreed now."""
    plan = uow.execute(select(PaymentPlan).where(PaymentPlan.claim_id == old.id)).scalar()
    if plan is None:
        plan = open_plan(uow, old)
    plan.claim_id = new.id
    uow.flush()
    _write_schedule(uow, plan, new)
    uow.record(ChangeKind.PAYMENTS, plan.deal_id)


# --- which deal ----------------------------------------------------------------


def _plan_of(uow: UnitOfWork, claim_id: int) -> PaymentPlan:
    """The account of the deal `claim_id` belongs to, locked against a second PC
    recording on it at the same moment."""
    seen: set[int] = set()
    cid: int | None = claim_id
    while cid is not None and cid not in seen:
        seen.add(cid)
        deal_id = uow.execute(select(PaymentPlan.deal_id).where(
            (PaymentPlan.deal_id == cid) | (PaymentPlan.claim_id == cid))).scalar()
        if deal_id is not None:
            return uow.execute(select(PaymentPlan).where(PaymentPlan.deal_id == deal_id)
                               .with_for_update().execution_options(populate_existing=True)
                               ).scalar_one()
        cid = uow.execute(select(Claim.previous_id).where(Claim.id == cid)).scalar()
    raise NotFound(f"没有编号为 {claim_id} 的认购或合同。", f"No subscription or contract {claim_id}.",
                   field="deal")


def deal_of_unit(uow: UnitOfWork, project_id: int, code: str, *, cancelled: bool = False) -> int:
    """The deal of a unit: its live subscription or contract, or (`cancelled`)
    the latest cancelled one (for its refund)."""
    unit = get_unit(uow, project_id, code)
    rows = uow.execute(select(PaymentPlan.deal_id, Claim.state)
                       .join(Claim, Claim.id == PaymentPlan.claim_id)
                       .where(Claim.unit_id == unit.id).order_by(PaymentPlan.deal_id.desc())).all()
    want = ClaimState.CANCELLED if cancelled else ClaimState.ACTIVE
    for deal_id, state in rows:
        if state == want:
            return int(deal_id)
    if not cancelled and rows and rows[0][1] == ClaimState.CANCELLED:
        raise Conflict(f"房源 {unit.code} 的交易已退订，不能收款。",
                       f"The deal on unit {unit.code} was cancelled: no payment can be taken.",
                       field="code")
    if cancelled:
        raise NotFound(f"房源 {unit.code} 没有已退订的交易。",
                       f"Unit {unit.code} has no cancelled deal.", field="code")
    raise NotFound(f"房源 {unit.code} 没有有效的认购或合同。",
                   f"Unit {unit.code} has no subscription or contract.", field="code")


# --- the account -----------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    deal_id: int
    due: Decimal  # the schedule's total; nothing once the deal is cancelled
    received: Decimal  # payments less refunds
    cancelled: bool

    @property
    def balance(self) -> Decimal:
        """Still to be paid (a cancelled deal: below zero until refunded)."""
        return self.due - self.received


def _account(uow: UnitOfWork, plan: PaymentPlan) -> Account:
    state = uow.execute(select(Claim.state).where(Claim.id == plan.claim_id)).scalar_one()
    cancelled = state == ClaimState.CANCELLED
    due = uow.execute(select(func.coalesce(func.sum(Instalment.amount), 0))
                      .where(Instalment.deal_id == plan.deal_id)).scalar_one()
    got = uow.execute(select(func.coalesce(func.sum(Payment.amount), 0))
                      .where(Payment.deal_id == plan.deal_id, Payment.voided_at.is_(None))
                      ).scalar_one()
    return Account(plan.deal_id, ZERO if cancelled else Decimal(due).quantize(ZERO),
                   Decimal(got).quantize(ZERO), cancelled)


def account(uow: UnitOfWork, claim_id: int) -> Account:
    return _account(uow, _plan_of(uow, claim_id))


# --- what a payment pays -----------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """One instalment as a payment finds it: the payments pay the schedule in
    order (`collection.owed_in_order`)."""

    zh: str
    en: str
    due_on: date
    owed: Decimal  # unpaid before the payment
    taken: Decimal  # what the payment pays of it


def _fen(value: Decimal) -> int:
    return int(value * 100)


def shares(uow: UnitOfWork, deal_id: int, before: Decimal, amount: Decimal) -> list[Share]:
    """The deal's instalments as `amount` paid after `before` leaves them. An
    instalment is named by its kind (定金, 首付款 …), by its printed item where
    the schedule has several of that kind (第一期房款, 第二期房款)."""
    rows = uow.execute(
        select(Instalment.kind, Instalment.item, Instalment.due_on,
               owed_in_order(literal(_fen(before), BigInteger)),
               owed_in_order(literal(_fen(before + amount), BigInteger)))
        .where(Instalment.deal_id == deal_id).order_by(Instalment.seq)).all()
    kinds = [r[0] for r in rows]
    out, seen = [], dict[str, int]()
    for kind, item, due_on, owed, left in rows:
        zh, en = labels.names(InstalmentKind(kind))
        if kinds.count(kind) > 1:
            seen[kind] = seen.get(kind, 0) + 1
            zh, en = item, f"{en} {seen[kind]}"
        out.append(Share(zh, en, due_on, Decimal(int(owed)) / 100, Decimal(int(owed - left)) / 100))
    return out


def _confirm_beyond_due(uow: UnitOfWork, deal_id: int, received: Decimal, value: Decimal,
                        day: date) -> None:
    """More than is due by the day received (else, nothing being due yet, more
    than the next instalment) is asked about: usually a wrong amount, at times
    a buyer paying ahead; the rest goes to the later instalments."""
    parts = shares(uow, deal_id, received, value)
    unpaid = [s for s in parts if s.owed > 0]
    due = [s for s in unpaid if s.due_on <= day] or unpaid[:1]
    now = sum((s.owed for s in due), ZERO)
    if value <= now:
        return
    later = [s for s in parts if s.taken > 0 and s not in due]
    extra = value - now
    raise NeedsConfirmation(
        f"本次收款 {value:,.2f} 元超过目前应收的 {now:,.2f} 元（{'、'.join(s.zh for s in due)}）。"
        f"多出的 {extra:,.2f} 元将计入后续款项（{'、'.join(s.zh for s in later)}）。确认登记吗？",
        f"This payment of {value:,.2f} yuan is more than the {now:,.2f} yuan due now "
        f"({', '.join(s.en for s in due)}). The {extra:,.2f} yuan beyond it will go to the later "
        f"instalments ({', '.join(s.en for s in later)}). Record it?", field="amount")


def _day(uow: UnitOfWork, plan: PaymentPlan, day: date | None, zh: str, en: str) -> date:
    today = settings.today(uow)
    day = today if day is None else bounds.day(day, zh, en, field="date")
    if day > today:
        raise InvalidInput(f"{zh}不能晚于今天（{today}）。", f"The {en} cannot be after today ({today}).",
                           field="date")
    if day < plan.began_on:
        raise InvalidInput(f"{zh}不能早于认购日 {plan.began_on}。",
                           f"The {en} cannot be before the deal began ({plan.began_on}).",
                           field="date")
    return day


def _means(method: str) -> str:
    if method not in MEANS:
        raise InvalidInput("请选择收款方式。", "Choose how the money was paid.", field="method")
    return method


def _next_receipt(uow: UnitOfWork, project_id: int, year: int) -> str:
    # As contract numbers: the counter is made unless it exists (waiting for
    # another PC's commit), then locked, so each payment takes the next number.
    insert_if_absent(uow, ReceiptCounter, [ReceiptCounter.project_id, ReceiptCounter.year],
                     {"project_id": project_id, "year": year, "last": 0})
    counter = uow.execute(
        select(ReceiptCounter).where(ReceiptCounter.project_id == project_id,
                                     ReceiptCounter.year == year)
        .with_for_update().execution_options(populate_existing=True)).scalar_one()
    counter.last += 1
    uow.flush()
    return f"SJ{year}-{counter.last:05d}"


@dataclass(frozen=True)
class Recorded:
    payment_id: int
    receipt_no: str | None
    amount: Decimal
    account: Account


def record_payment(uow: UnitOfWork, actor: Actor, claim_id: int, amount: object,
                   received_on: date | None = None, method: str = PaymentMeans.TRANSFER,
                   note: str = "", force: bool = False) -> Recorded:
    """Money received against a deal; numbered for its receipt (收据). Never
    more than the deal's balance; more than is due by its date only with
    `force` (the user confirmed)."""
    require(actor, "payments.record")
    value = pricing.money(amount, "amount", "收款金额", "amount")
    plan = _plan_of(uow, claim_id)
    before = _account(uow, plan)
    if before.cancelled:
        raise Conflict("该交易已退订，不能再收款。", "The deal was cancelled: no payment can be taken.")
    if value > before.balance:
        raise InvalidInput(
            f"收款金额 ¥{value:,.2f} 超过未付余额 ¥{before.balance:,.2f}（应收 ¥{before.due:,.2f}，"
            f"已收 ¥{before.received:,.2f}）。",
            f"The amount ¥{value:,.2f} is more than the balance of ¥{before.balance:,.2f} (due "
            f"¥{before.due:,.2f}, received ¥{before.received:,.2f}).", field="amount")
    day = _day(uow, plan, received_on, "收款日期", "date received")
    means = _means(method)
    text = bounds.text(note, Payment.note, "备注", "note", field="note", multiline=True)
    if not force:
        _confirm_beyond_due(uow, plan.deal_id, before.received, value, day)
    number = _next_receipt(uow, plan.project_id, settings.today(uow).year)
    row = Payment(project_id=plan.project_id, deal_id=plan.deal_id, claim_id=plan.claim_id,
                  kind=PaymentKind.PAYMENT, amount=value, received_on=day, means=means,
                  receipt_no=number, operator_id=actor.id, at=uow.now, note=text)
    uow.add(row)
    uow.flush()
    uow.record(ChangeKind.PAYMENTS, plan.deal_id)
    return Recorded(row.id, number, value, _account(uow, plan))


def record_refund(uow: UnitOfWork, actor: Actor, claim_id: int, amount: object, reason: str,
                  refunded_on: date | None = None, method: str = PaymentMeans.TRANSFER) -> Recorded:
    """Money paid back on a cancelled deal (退款), never more than it holds."""
    require(actor, "payments.record")
    value = pricing.money(amount, "amount", "退款金额", "amount")
    why = required_reason(reason)
    plan = _plan_of(uow, claim_id)
    before = _account(uow, plan)
    if not before.cancelled:
        raise Conflict("只有已退订的交易才能退款。", "Only a cancelled deal is refunded.")
    if value > before.received:
        raise InvalidInput(f"退款金额 ¥{value:,.2f} 超过已收的 ¥{before.received:,.2f}。",
                           f"The refund ¥{value:,.2f} is more than the ¥{before.received:,.2f} "
                           "received.", field="amount")
    day = _day(uow, plan, refunded_on, "退款日期", "refund date")
    row = Payment(project_id=plan.project_id, deal_id=plan.deal_id, claim_id=plan.claim_id,
                  kind=PaymentKind.REFUND, amount=-value, received_on=day, means=_means(method),
                  receipt_no=None, operator_id=actor.id, at=uow.now, reason=why)
    uow.add(row)
    uow.flush()
    uow.record(ChangeKind.PAYMENTS, plan.deal_id)
    return Recorded(row.id, None, value, _account(uow, plan))


def record_for_unit(uow: UnitOfWork, actor: Actor, project_id: int, code: str, amount: object,
                    received_on: date | None = None, method: str = PaymentMeans.TRANSFER,
                    note: str = "", force: bool = False) -> Recorded:
    """`record_payment` on the live deal of a unit (the form and the command line
    name the unit)."""
    require(actor, "payments.record")
    return record_payment(uow, actor, deal_of_unit(uow, project_id, code), amount, received_on,
                          method, note, force)


def refund_for_unit(uow: UnitOfWork, actor: Actor, project_id: int, code: str, amount: object,
                    reason: str, refunded_on: date | None = None,
                    method: str = PaymentMeans.TRANSFER) -> Recorded:
    require(actor, "payments.record")
    return record_refund(uow, actor, deal_of_unit(uow, project_id, code, cancelled=True), amount,
                         reason, refunded_on, method)


# --- voiding ----------------------------------------------------------------------


def may_void(actor: Actor) -> bool:
    """Voiding money on the books is the manager's: the right to record payments
    and to approve (an assistant who typed a payment wrongly asks the manager)."""
    return actor.can("payments.record") and actor.can("units.approve")


def _require_void(actor: Actor) -> None:
    require(actor, "payments.record")
    if not may_void(actor):
        raise PermissionDenied("只有销售经理可以作废收款或退款。",
                               "Only the sales manager may void a payment or a refund.")


def _payment(uow: UnitOfWork, payment_id: int) -> Payment:
    row = uow.get(Payment, payment_id, populate_existing=True)
    if row is None:
        raise NotFound(f"没有编号为 {payment_id} 的收款或退款。",
                       f"No payment or refund {payment_id}.", field="payment")
    return row


def _check_void(row: Payment, now: Account) -> None:
    """A void leaves the deal as if the row had never been recorded: refused
    when that would break what a deal may hold."""
    what_zh, what_en = ("退款", "refund") if row.kind == PaymentKind.REFUND else ("收款", "payment")
    if row.voided_at is not None:
        raise Conflict(f"该笔{what_zh}已作废。", f"The {what_en} was voided already.")
    after = now.received - row.amount
    if after < 0:
        raise Conflict(
            f"作废后该交易退款将超过收款（已收 ¥{now.received:,.2f}，作废 ¥{row.amount:,.2f}）："
            "请先作废对应的退款。",
            f"Voiding it would leave the deal refunded more than it received (holds "
            f"¥{now.received:,.2f}, voiding ¥{row.amount:,.2f}): void the refund first.")
    if not now.cancelled and after > now.due:
        raise Conflict(f"作废后该交易已收将超过应收 ¥{now.due:,.2f}。",
                       f"Voiding it would leave the deal holding more than the ¥{now.due:,.2f} due.")


def void_refusal(uow: UnitOfWork, actor: Actor, payment_id: int) -> DeskError | None:
    """Why `payment_id` cannot be voided now, or None: what a screen asks
    before it offers the form (`void` checks again, under the deal's lock)."""
    try:
        _require_void(actor)
        row = _payment(uow, payment_id)
        _check_void(row, _account(uow, uow.get_one(PaymentPlan, row.deal_id)))
    except DeskError as e:
        return e
    return None


@dataclass(frozen=True)
class Voided:
    payment_id: int
    kind: str
    receipt_no: str | None
    amount: Decimal  # as stored: a refund below zero
    account: Account


def void(uow: UnitOfWork, actor: Actor, payment_id: int, reason: str) -> Voided:
    """Void a payment or refund recorded by mistake (作废): it stays, with its
    receipt number, marked void and out of every sum; its receipt reprints
    marked 作废. Only the manager, and always with a reason."""
    _require_void(actor)
    why = required_reason(reason)
    deal_id = _payment(uow, payment_id).deal_id
    plan = _plan_of(uow, deal_id)  # locked: no payment on the deal meanwhile
    row = _payment(uow, payment_id)
    _check_void(row, _account(uow, plan))
    row.voided_at, row.voided_by, row.void_reason = uow.now, actor.id, why
    uow.flush()
    uow.record(ChangeKind.PAYMENTS, plan.deal_id)
    return Voided(row.id, row.kind, row.receipt_no, row.amount, _account(uow, plan))


def find_payment(uow: UnitOfWork, project_id: int, ref: str) -> int:
    """A payment named by its id or its receipt number (SJ2026-00001)."""
    text = ref.strip()
    if text.isdigit() and int(text) <= bounds.MAX_ID:
        found = uow.execute(select(Payment.id).where(Payment.project_id == project_id,
                                                     Payment.id == int(text))).scalar()
    elif text.isdigit():  # beyond any id the database can hold
        found = None
    else:
        found = uow.execute(select(Payment.id).where(Payment.project_id == project_id,
                                                     Payment.receipt_no == text.upper())).scalar()
    if found is None:
        raise NotFound(f"没有编号或收据号为 {text[:40]} 的收款或退款。",
                       f"No payment or refund numbered {text[:40]}.", field="payment")
    return int(found)


# --- deals from before payments were kept ------------------------------------------


def _first_of_deal(uow: UnitOfWork, claim: Claim) -> Claim:
    """The subscription a deal began with (before a change of unit or contract)."""
    first = claim
    while first.previous_id is not None:
        prev = uow.get(Claim, first.previous_id)
        if prev is None or prev.kind not in (ClaimKind.SUBSCRIPTION, ClaimKind.CONTRACT):
            break
        first = prev
    return first


def open_missing_plans(uow: UnitOfWork) -> int:
    """Give each live deal that has no account (made before payments were kept)
    the one it would have had: begun on its subscription's day, scheduled by
    its present terms as the documents print them. Run where the database is
    opened; does nothing the second time, nor when another PC did it first.
    A deal cancelled before then had nothing recorded to refund: left alone.
    Returns how many accounts it opened."""
    live = uow.execute(select(Claim).where(upkeep.planless()).order_by(Claim.id)).scalars().all()
    made = 0
    for claim in live:
        first = _first_of_deal(uow, claim)
        if not insert_if_absent(uow, PaymentPlan, [PaymentPlan.deal_id], {
                "deal_id": first.id, "project_id": claim.project_id, "claim_id": claim.id,
                "began_on": local_day(uow, first.created_at)}):
            continue
        _write_schedule(uow, uow.get_one(PaymentPlan, first.id), claim)
        uow.record(ChangeKind.PAYMENTS, first.id)
        made += 1
    return made


def _missing(uow: UnitOfWork) -> bool:
    return uow.execute(select(Claim.id).where(upkeep.planless()).limit(1)).first() is not None


def open_missing_plans_of(db: Source) -> int:
    """`open_missing_plans` where the database is opened: a read first, so that
    the usual start (nothing to do) takes no write lock."""
    with db.read() as uow:
        if not _missing(uow):
            return 0
    with db.begin() as uow:
        return open_missing_plans(uow)


# --- the receipt -------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptFacts:
    """What a receipt (收据) states of one payment."""

    payment_id: int
    claim_id: int
    number: str
    received_on: date
    amount: Decimal
    method: str
    unit_code: str
    customer_id: int | None
    deal_ref: str  # the contract number, or the subscription's
    operator_id: int | None
    note: str
    void_reason: str = ""  # set when the payment was voided: its receipt is marked 作废
    voided: bool = False
    items: str = ""  # what it paid, in order: 定金 50,000.00；首付款 949,999.00


def paid_items(uow: UnitOfWork, payment: Payment) -> str:
    """What a payment paid of its deal's schedule, in order, after the payments
    recorded before it (not voided)."""
    before = uow.execute(select(func.coalesce(func.sum(Payment.amount), 0)).where(
        Payment.deal_id == payment.deal_id, Payment.id < payment.id,
        Payment.voided_at.is_(None))).scalar_one()
    parts = [(s.zh, s.taken) for s in shares(uow, payment.deal_id, Decimal(before), payment.amount)
             if s.taken > 0]
    rest = payment.amount - sum((t for _z, t in parts), ZERO)
    if rest > 0:  # beyond the schedule as it stands now (the deal was repriced since)
        parts.append(("购房款", rest))
    return "；".join(f"{zh} {taken:,.2f}" for zh, taken in parts)


def receipt(uow: UnitOfWork, project_id: int, number: str) -> ReceiptFacts:
    row = uow.execute(select(Payment, Claim).join(Claim, Claim.id == Payment.claim_id).where(
        Payment.project_id == project_id, Payment.receipt_no == number.strip().upper())).first()
    if row is None:
        raise NotFound(f"没有收据号为 {number} 的收款。", f"No payment with receipt number {number}.",
                       field="number")
    p, c = row
    code = uow.execute(select(Unit.code).where(Unit.id == c.unit_id)).scalar_one()
    return ReceiptFacts(p.id, c.id, p.receipt_no or "", p.received_on, p.amount, p.means, code,
                        c.customer_id, c.contract_number or f"RG{c.id:06d}", p.operator_id, p.note,
                        p.void_reason, p.voided_at is not None, paid_items(uow, p))
