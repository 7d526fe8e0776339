"""Commission sharing (佣金分配): who is credited with a deal, in which shares,
and the monthly statement the manager confirms.

A deal is a subscription (认购) that starts a sale: not the successor of a
change of unit (the same deal moved) and not an imported one. It belongs to the
month it was subscribed in (the showroom's calendar) and is worth the agreed
price of that subscription. Its commission is `commission.rate_permille` ‰ of
that price, to the fen, shared out by these rules:

- owner: the rep the subscription credits (Claim.rep_id: the customer's owner
  when it was subscribed) gets what the other rules leave;
- cover (代接): when a rep other than the owner received the customer on the
  owner's behalf before the subscription (the latest such reception), that rep
  gets `commission.cover_percent`;
- transfer: when the rep who registered the customer's first contact (the one
  who first owned them) is not the owner at subscription, the ownership moved
  (it lapsed and another rep took the customer): that first rep gets
  `commission.transfer_percent`, at most what the cover share leaves.
  No history of owners is stored; the first contact is what the data holds.

A manager's adjustment sets one rep's share of a deal; the other reps share the
rest in their proportions. Shares are basis points (1/100 of a percent) and
always add up to exactly 100%; the fen that rounding leaves go to the first line
(the owner's), so the lines add up to the deal's commission exactly.

Until the manager confirms a month its statement is computed: its deals, less
those cancelled since (at any time before the month is confirmed), with their
adjustments. Confirming writes the statement into the ledger and locks the
month; it can only be done once the month has ended. A change to a deal of a
locked month (an adjustment, or a cancellation) reverses its lines and writes
the new ones in the month the change is made (the first month not confirmed, in
practice the current one); a cancellation's reversal belongs to the month it was
cancelled in.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from desk.admin import settings
from desk.admin.permissions import Actor, require
from desk.core import bounds
from desk.core.changes import ChangeKind
from desk.core.errors import Conflict, DeskError, InvalidInput, NotFound, PermissionDenied
from desk.core.inserts import insert_if_absent
from desk.core.uow import UnitOfWork
from desk.models import Claim, Customer, Reception, Unit, User, Visit
from desk.models.commission import CommissionAdjustment, CommissionEntry, CommissionMonth
from desk.models.enums import (
    ClaimKind,
    ClaimState,
    EntryKind,
    ReceptionHow,
    ReceptionState,
    Role,
    ShareRule,
)

WHOLE = 10_000  # 100% in basis points
FEN = Decimal("0.01")


# --- the rules, pure ----------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    rep_id: int
    share: int  # basis points
    rule: ShareRule
    changed: bool = False  # set or reshaped by an adjustment


def basis_points(percent: object) -> int:
    """A percent setting or input (30, 12.5) as basis points."""
    return int((Decimal(str(percent)) * 100).quantize(Decimal(1), ROUND_HALF_UP))


def split(owner_id: int | None, cover_id: int | None, previous_id: int | None,
          cover_bp: int, transfer_bp: int) -> list[Share]:
    """The rules' shares of one deal, the owner's first; empty with no owner."""
    if owner_id is None:
        return []
    cover = min(max(cover_bp, 0), WHOLE) if cover_id not in (None, owner_id) else 0
    transfer = (min(max(transfer_bp, 0), WHOLE - cover)
                if previous_id not in (None, owner_id) else 0)
    shares = [Share(owner_id, WHOLE - cover - transfer, ShareRule.OWNER)]
    if cover and cover_id is not None:
        shares.append(Share(cover_id, cover, ShareRule.COVER))
    if transfer and previous_id is not None:
        shares.append(Share(previous_id, transfer, ShareRule.TRANSFER))
    return [s for s in shares if s.share > 0]


def adjusted(shares: list[Share], rep_id: int, bp: int) -> list[Share]:
    """The shares once `rep_id` holds `bp`: the others share the rest in their
    proportions, the first of them taking the basis points rounding leaves."""
    if not 0 <= bp <= WHOLE:
        raise InvalidInput("份额应在 0 到 100% 之间。", "The share is between 0 and 100%.",
                           field="share")
    others = [s for s in shares if s.rep_id != rep_id]
    rest = WHOLE - bp
    held = sum(s.share for s in others)
    if rest and not held:
        raise InvalidInput("这笔成交没有其他顾问可分其余份额，份额应为 100%。",
                           "No other rep of this deal takes the rest: the share must be 100%.",
                           field="share")
    parts = [s.share * rest // held for s in others] if rest else [0] * len(others)
    if others:
        parts[0] += rest - sum(parts)
    reshaped = iter(Share(s.rep_id, p, s.rule, s.changed or p != s.share)
                    for s, p in zip(others, parts, strict=True))
    # The lines keep their order (the owner's first); a rep new to the deal comes last.
    out: list[Share] = []
    placed = False
    for s in shares:
        if s.rep_id != rep_id:
            out.append(next(reshaped))
        elif not placed:
            out.append(Share(rep_id, bp, ShareRule.ADJUSTED, True))
            placed = True
    if not placed:
        out.append(Share(rep_id, bp, ShareRule.ADJUSTED, True))
    return [s for s in out if s.share > 0]


def commission_of(deal_amount: Decimal, rate_permille: Decimal) -> Decimal:
    return (deal_amount * rate_permille / 1000).quantize(FEN, ROUND_HALF_UP)


def amounts(total: Decimal, shares: list[Share]) -> list[Decimal]:
    """Each share's money, to the fen, adding up to `total` exactly."""
    fen = int(total * 100)
    parts = [fen * s.share // WHOLE for s in shares]
    if parts:
        parts[0] += fen - sum(parts)
    return [(Decimal(p) / 100).quantize(FEN) for p in parts]


# --- months -------------------------------------------------------------------------


def parse_month(text: str) -> date:
    """"2026-11" as the first day of that month."""
    try:
        year, mon = (int(x) for x in text.strip().split("-"))
        return date(year, mon, 1)
    except ValueError:
        raise InvalidInput(f"月份“{text}”无效，请写成 YYYY-MM（如 2026-11）。",
                           f"'{text}' is not a month: write YYYY-MM (e.g. 2026-11).",
                           field="month") from None


def _month_bounds(uow: UnitOfWork, month: date) -> tuple[datetime, datetime]:
    """The month as naive UTC times [start, end)."""
    tz, utc = ZoneInfo(settings.get(uow, "showroom.timezone")), ZoneInfo("UTC")
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    start = datetime.combine(month, time(0), tzinfo=tz).astimezone(utc)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz).astimezone(utc)
    return start.replace(tzinfo=None), end.replace(tzinfo=None)


def _month_of(uow: UnitOfWork, at: datetime) -> date:
    tz = ZoneInfo(settings.get(uow, "showroom.timezone"))
    return at.replace(tzinfo=ZoneInfo("UTC")).astimezone(tz).date().replace(day=1)


def _next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def is_confirmed(uow: UnitOfWork, month: date) -> bool:
    return uow.get(CommissionMonth, month) is not None


def _open_month(uow: UnitOfWork) -> date:
    """Where a change to a locked deal is written: this month, or the first after
    it that is not confirmed."""
    month = settings.today(uow).replace(day=1)
    while is_confirmed(uow, month):
        month = _next_month(month)
    return month


# --- reading the deals ----------------------------------------------------------------


@dataclass(frozen=True)
class Deal:
    id: int
    unit: str
    customer: str
    amount: Decimal
    owner_id: int | None
    cover_id: int | None
    previous_id: int | None


def _deal_roots() -> list[object]:
    """Conditions for a claim that starts a deal (not a moved subscription)."""
    prev = aliased(Claim)
    moved = select(prev.id).where(prev.id == Claim.previous_id,
                                  prev.kind == ClaimKind.SUBSCRIPTION).exists()
    return [Claim.kind == ClaimKind.SUBSCRIPTION, Claim.note != "imported", ~moved]


def _cancelled(uow: UnitOfWork, deal_ids: object) -> dict[int, datetime]:
    """Deal id -> when it was cancelled, following it through its contract and
    changes of unit (a recursive query, one statement)."""
    chain = (select(Claim.id.label("deal_id"), Claim.id.label("claim_id"))
             .where(Claim.id.in_(deal_ids)).cte("chain", recursive=True))  # type: ignore[arg-type]
    nxt = aliased(Claim)
    chain = chain.union_all(select(chain.c.deal_id, nxt.id)
                            .where(nxt.previous_id == chain.c.claim_id))
    rows = uow.execute(select(chain.c.deal_id, func.max(Claim.ended_at))
                       .join(Claim, Claim.id == chain.c.claim_id)
                       .where(Claim.state == ClaimState.CANCELLED)
                       .group_by(chain.c.deal_id))
    return {d: at for d, at in rows}


def _deals(uow: UnitOfWork, where: list[object]) -> list[Deal]:
    """The deals matching `where`, with the reps the rules look at, in one query."""
    cover_rec = aliased(Reception)
    cover = (select(cover_rec.rep_id).where(
        cover_rec.customer_id == Claim.customer_id, cover_rec.owner_id == Claim.rep_id,
        cover_rec.how == ReceptionHow.COVER, cover_rec.rep_id != Claim.rep_id,
        cover_rec.state != ReceptionState.UNDONE, cover_rec.invalid.is_(False),
        cover_rec.arrived_at <= Claim.created_at)
        .order_by(cover_rec.arrived_at.desc(), cover_rec.id.desc()).limit(1)
        .correlate(Claim).scalar_subquery())
    first = aliased(Visit)
    first_rep = (select(first.rep_id).where(first.customer_id == Claim.customer_id,
                                            first.at <= Claim.created_at)
                 .order_by(first.at, first.id).limit(1).correlate(Claim).scalar_subquery())
    rows = uow.execute(
        select(Claim.id, Unit.code, Customer.name, Claim.price, Claim.rep_id, cover, first_rep)
        .join(Unit, Unit.id == Claim.unit_id)
        .outerjoin(Customer, Customer.id == Claim.customer_id)
        .where(*_deal_roots(), *where)  # type: ignore[arg-type]
        .order_by(Claim.created_at, Claim.id))
    return [Deal(i, code, name or "", price or Decimal("0.00"), rep, cov, prev)
            for i, code, name, price, rep, cov, prev in rows]


def _rules(uow: UnitOfWork) -> tuple[Decimal, int, int]:
    rate, cover, transfer = settings.get_many(
        uow, "commission.rate_permille", "commission.cover_percent",
        "commission.transfer_percent")
    return Decimal(str(rate)), basis_points(cover), basis_points(transfer)


def _adjustments(uow: UnitOfWork, deal_ids: list[int]) -> dict[int, list[CommissionAdjustment]]:
    out: dict[int, list[CommissionAdjustment]] = defaultdict(list)
    if deal_ids:
        for a in uow.execute(select(CommissionAdjustment)
                             .where(CommissionAdjustment.deal_id.in_(deal_ids))
                             .order_by(CommissionAdjustment.id)).scalars():
            out[a.deal_id].append(a)
    return out


def shares_of(deal: Deal, rules: tuple[Decimal, int, int],
              adjustments: list[CommissionAdjustment]) -> tuple[list[Share], str]:
    """A deal's shares by the rules and its adjustments, and the last reason."""
    _, cover_bp, transfer_bp = rules
    shares = split(deal.owner_id, deal.cover_id, deal.previous_id, cover_bp, transfer_bp)
    reason = ""
    for a in adjustments:
        shares, reason = adjusted(shares, a.rep_id, a.share), a.reason
    return shares, reason


# --- the statement ----------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    deal_id: int
    unit: str
    customer: str
    rep_id: int
    rep: str
    deal_amount: Decimal
    share: int  # basis points; negative on a reversal
    rule: ShareRule
    amount: Decimal
    kind: EntryKind
    confirmed: bool
    reason: str = ""
    reverses_id: int | None = None


@dataclass(frozen=True)
class Statement:
    month: date
    confirmed: bool
    confirmed_by: str | None
    confirmed_at: datetime | None
    lines: list[Line]
    may_manage: bool  # the actor may adjust and confirm

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def _viewing(actor: Actor, rep_id: int | None) -> int | None:
    """The rep whose lines the actor may see: anyone's for commission.view, else
    only their own."""
    if actor.can("commission.view"):
        return rep_id
    if actor.can("reports.own") and actor.id is not None:
        return actor.id
    raise PermissionDenied(f"{actor.name}无权查看佣金。", f"{actor.name} may not see commissions.")


def _ledger(uow: UnitOfWork, where: list[object]) -> list[Line]:
    rows = uow.execute(
        select(CommissionEntry, Unit.code, Customer.name, User.name)
        .join(Claim, Claim.id == CommissionEntry.deal_id)
        .join(Unit, Unit.id == Claim.unit_id)
        .outerjoin(Customer, Customer.id == Claim.customer_id)
        .join(User, User.id == CommissionEntry.rep_id)
        .where(*where)  # type: ignore[arg-type]
        .order_by(CommissionEntry.id))
    return [Line(e.deal_id, code, cust or "", e.rep_id, rep, e.deal_amount, e.share,
                 ShareRule(e.rule), e.amount, EntryKind(e.kind), True, e.reason, e.reverses_id)
            for e, code, cust, rep in rows]


def _live(uow: UnitOfWork, deal_ids: list[int]) -> dict[int, list[tuple[int, Line]]]:
    """The ledger lines of these deals that stand (not reversals, not reversed),
    with their entry ids."""
    out: dict[int, list[tuple[int, Line]]] = defaultdict(list)
    if not deal_ids:
        return out
    undone = select(CommissionEntry.reverses_id).where(CommissionEntry.reverses_id.is_not(None))
    ids = [i for i in uow.execute(
        select(CommissionEntry.id).where(CommissionEntry.deal_id.in_(deal_ids),
                                         CommissionEntry.kind != EntryKind.REVERSAL,
                                         CommissionEntry.id.not_in(undone))
        .order_by(CommissionEntry.id)).scalars()]
    lines = _ledger(uow, [CommissionEntry.id.in_(ids)])
    for i, line in zip(ids, lines, strict=True):
        out[line.deal_id].append((i, line))
    return out


def _reversal(entry_id: int, line: Line, reason: str) -> Line:
    return replace(line, share=-line.share, amount=-line.amount, kind=EntryKind.REVERSAL,
                   confirmed=False, reason=reason, reverses_id=entry_id)


def _computed(uow: UnitOfWork, month: date) -> list[Line]:
    """An open month's lines: its deals by the rules and adjustments, and the
    reversals of locked deals cancelled in it."""
    start, end = _month_bounds(uow, month)
    deals = _deals(uow, [Claim.created_at >= start, Claim.created_at < end])
    cancelled = _cancelled(uow, [d.id for d in deals])
    deals = [d for d in deals if d.id not in cancelled]
    rules = _rules(uow)
    adjustments = _adjustments(uow, [d.id for d in deals])
    names = {i: n for i, n in uow.execute(select(User.id, User.name))}
    lines: list[Line] = []
    for d in deals:
        shares, reason = shares_of(d, rules, adjustments.get(d.id, []))
        money = amounts(commission_of(d.amount, rules[0]), shares)
        for s, m in zip(shares, money, strict=True):
            lines.append(Line(d.id, d.unit, d.customer, s.rep_id, names.get(s.rep_id, ""),
                              d.amount, s.share, s.rule, m,
                              EntryKind.ADJUSTMENT if s.changed else EntryKind.CREDIT,
                              False, reason if s.changed else ""))
    # Locked deals (lines in the ledger) cancelled this month are reversed here.
    locked = select(CommissionEntry.deal_id).distinct()
    gone = _cancelled(uow, locked)
    gone_now = [d for d, at in gone.items() if at is not None and start <= at < end]
    for rows in _live(uow, gone_now).values():  # no reason: the deal's cancellation
        lines += [_reversal(i, line, "") for i, line in rows]
    return lines


def statement(uow: UnitOfWork, actor: Actor, month: date, rep_id: int | None = None
              ) -> Statement:
    """A month's commission statement, everyone's or one rep's; a sales rep sees
    only their own."""
    rep_id = _viewing(actor, rep_id)
    month = month.replace(day=1)
    done = uow.get(CommissionMonth, month)
    lines = _ledger(uow, [CommissionEntry.month == month])
    if done is None:
        lines += _computed(uow, month)
    if rep_id is not None:
        lines = [line for line in lines if line.rep_id == rep_id]
    # By rep and deal, each deal's lines in the order they were made (a stable sort).
    lines.sort(key=lambda x: (x.rep, x.rep_id, x.deal_id))
    by = uow.get(User, done.confirmed_by) if done and done.confirmed_by else None
    return Statement(month, done is not None, by.name if by else None,
                     done.confirmed_at if done else None, lines,
                     actor.can("commission.manage"))


# --- changing it ---------------------------------------------------------------------------


def _deal(uow: UnitOfWork, deal_id: int) -> Deal:
    found = _deals(uow, [Claim.id == deal_id]) if 0 < deal_id < 2**31 else []
    if not found:
        raise NotFound(f"没有编号为 {deal_id} 的成交（认购）。",
                       f"No deal (subscription) numbered {deal_id}.", field="deal")
    return found[0]


def _entry(month: date, line: Line, actor: Actor, now: datetime) -> CommissionEntry:
    return CommissionEntry(month=month, deal_id=line.deal_id, rep_id=line.rep_id,
                           share=line.share, rule=line.rule.value,
                           deal_amount=line.deal_amount, amount=line.amount,
                           kind=line.kind.value, reverses_id=line.reverses_id,
                           reason=line.reason, created_by=actor.id, created_at=now)


def adjust(uow: UnitOfWork, actor: Actor, deal_id: int, rep_id: int, share: object,
           reason: str) -> None:
    """Set one rep's share (a percent) of a deal, with a reason. A deal of a
    locked month gets a reversal of its lines and its new lines, now."""
    require(actor, "commission.manage")
    if not (reason or "").strip():
        raise InvalidInput("请填写调整原因。", "Give the reason for the adjustment.",
                           field="reason")
    reason = bounds.text(reason, CommissionAdjustment.reason, "调整原因", "reason",
                         field="reason", multiline=True)
    try:
        bp = basis_points(share)
    except (ArithmeticError, ValueError):
        raise InvalidInput("份额请填写 0 到 100 之间的数字。", "The share is a number from 0 to 100.",
                           field="share") from None
    if not 0 <= bp <= WHOLE:
        raise InvalidInput("份额应在 0 到 100% 之间。", "The share is between 0 and 100%.",
                           field="share")
    rep = uow.get(User, rep_id) if 0 < rep_id < 2**31 else None
    if rep is None:
        raise NotFound("没有这个顾问。", "No such rep.", field="rep")
    deal = _deal(uow, deal_id)
    if _cancelled(uow, [deal.id]):
        raise Conflict(f"成交 {deal.id}（{deal.unit}）已退订，没有佣金可调整。",
                       f"Deal {deal.id} ({deal.unit}) was cancelled: no commission to adjust.")
    now = uow.now
    locked = is_confirmed(uow, _month_of(uow, _created_at(uow, deal.id)))
    if not locked:
        earlier = _adjustments(uow, [deal.id]).get(deal.id, [])
        # Refused here if the rest has nobody to go to, not when the statement is read.
        shares_of(deal, _rules(uow), [*earlier, CommissionAdjustment(rep_id=rep_id, share=bp,
                                                                     reason=reason)])
    else:
        live = _live(uow, [deal.id]).get(deal.id, [])
        base = [Share(line.rep_id, line.share, line.rule) for _, line in live]
        shares = adjusted(base, rep_id, bp)
        month = _open_month(uow)
        for i, line in live:
            uow.add(_entry(month, _reversal(i, line, reason), actor, now))
        total = sum((line.amount for _, line in live), Decimal("0.00")) if live else \
            commission_of(deal.amount, _rules(uow)[0])
        for s, m in zip(shares, amounts(total, shares), strict=True):
            uow.add(_entry(month, Line(deal.id, deal.unit, deal.customer, s.rep_id, "",
                                       deal.amount, s.share, s.rule, m, EntryKind.ADJUSTMENT,
                                       False, reason), actor, now))
    uow.add(CommissionAdjustment(deal_id=deal.id, rep_id=rep_id, share=bp, reason=reason,
                                 created_by=actor.id, created_at=now))
    uow.flush()
    uow.record(ChangeKind.COMMISSION, str(deal.id))


def _created_at(uow: UnitOfWork, claim_id: int) -> datetime:
    return uow.execute(select(Claim.created_at).where(Claim.id == claim_id)).scalar_one()


def _refusal(uow: UnitOfWork, month: date, lines: list[Line] | None) -> DeskError | None:
    """Why `month` may not be confirmed, or None; `lines` are its computed lines
    (None: read here, only once the month is known to be open)."""
    if month >= settings.today(uow).replace(day=1):
        return InvalidInput(f"{month:%Y-%m} 尚未结束，月底后才能确认。",
                            f"{month:%Y-%m} has not ended yet: confirm it after the month end.",
                            field="month")
    if is_confirmed(uow, month):
        return Conflict(f"{month:%Y-%m} 的佣金已确认。", f"{month:%Y-%m} is already confirmed.",
                        field="month")
    written = uow.execute(select(CommissionEntry.id).where(CommissionEntry.month == month)
                          .limit(1)).first()
    if not (_computed(uow, month) if lines is None else lines) and written is None:
        return InvalidInput(f"{month:%Y-%m} 没有成交也没有调整，无需确认。",
                            f"{month:%Y-%m} has no deals and no adjustments: nothing to confirm.",
                            field="month")
    return None


def may_confirm(uow: UnitOfWork, actor: Actor, month: date) -> DeskError | None:
    """The refusal `confirm` would give for `month` (not ended, already
    confirmed, nothing to confirm), or None when it may be confirmed."""
    if not actor.can("commission.manage"):
        return PermissionDenied(f"{actor.name}无权确认佣金。",
                                f"{actor.name} may not confirm commissions.")
    return _refusal(uow, month.replace(day=1), None)


def confirm(uow: UnitOfWork, actor: Actor, month: date) -> int:
    """Confirm (lock) a month that has ended: its computed lines go into the
    ledger. Returns how many lines were written."""
    require(actor, "commission.manage")
    month = month.replace(day=1)
    ended = month < settings.today(uow).replace(day=1)
    lines = _computed(uow, month) if ended else []
    refusal = _refusal(uow, month, lines)
    if refusal is not None:
        raise refusal
    now = uow.now
    if not insert_if_absent(uow, CommissionMonth, [CommissionMonth.month],
                            {"month": month, "confirmed_by": actor.id, "confirmed_at": now}):
        raise Conflict(f"{month:%Y-%m} 的佣金已确认。", f"{month:%Y-%m} is already confirmed.",
                       field="month")
    for line in lines:
        uow.add(_entry(month, line, actor, now))
    uow.flush()
    uow.record(ChangeKind.COMMISSION, month.isoformat())
    return len(lines)


def reps(uow: UnitOfWork) -> list[tuple[int, str, str]]:
    """(id, login, name) of the users a statement can be narrowed to: the sales
    reps and anyone with commission lines."""
    has_lines = select(CommissionEntry.id).where(CommissionEntry.rep_id == User.id).exists()
    rows = uow.execute(select(User.id, User.login, User.name)
                       .where(or_(and_(User.role == Role.SALES_REP, User.active.is_(True)), has_lines))
                       .order_by(User.name, User.login))
    return [(i, login, name) for i, login, name in rows]
