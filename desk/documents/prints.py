"""Printing: the data of each document from the database, the checks that make a
contract 100% correct, and the print log (copies marked 副本, voided ones 作废)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select

from desk.admin import settings
from desk.admin.auth import Actor, require
from desk.core import crypto, labels
from desk.core.changes import ChangeKind
from desk.core.errors import Conflict, DeskError, InvalidInput, NotFound
from desk.core.idnumbers import normalize_id
from desk.core.phones import mask, national
from desk.core.timefmt import full
from desk.core.uow import UnitOfWork
from desk.documents.pdf.amounts import rmb_upper
from desk.documents.pdf.data import DealData, Instalment, Party, SlipData, UnitFacts, VisitorSheet
from desk.models import Building, Claim, Customer, PrintLog, Project, Unit, User
from desk.models.enums import (
    ClaimKind,
    ClaimState,
    DocumentKind,
    Gender,
    PaymentMethod,
    Purpose,
    UnitStatus,
    VisitKind,
)
from desk.sales.transition import active_claim, get_unit

KINDS = tuple(DocumentKind)
CENT = Decimal("0.01")


class ContractRefused(DeskError):
    """A document that would not be correct: every problem, listed."""

    exit_code = 2

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        zh = "不能打印，以下问题需要先处理：" + "；".join(p[0] for p in problems)
        en = "Cannot print; fix these first: " + "; ".join(p[1] for p in problems)
        super().__init__(zh, en)
        self.problems = problems


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    kind: str
    ref: str
    copy_no: int
    mark: str
    filename: str


# --- data ----------------------------------------------------------------------


def _project(uow: UnitOfWork, project_id: int) -> Project:
    p = uow.get(Project, project_id)
    if p is None:
        raise NotFound("项目不存在。", "No such project.")
    return p


def _party(uow: UnitOfWork, project_id: int) -> Party:
    p = _project(uow, project_id)
    return Party(p.seller, p.presale_permit, p.address, p.name)


def _facts(uow: UnitOfWork, unit: Unit) -> UnitFacts:
    b = uow.get_one(Building, unit.building_id)
    return UnitFacts(unit.code, b.name, unit.entrance, unit.floor, unit.room, unit.usage,
                     unit.layout, unit.orientation, unit.gross_area, unit.inner_area)


def slip_data(uow: UnitOfWork, project_id: int, code: str) -> SlipData:
    unit = get_unit(uow, project_id, code)
    claim = active_claim(uow, unit.id)
    if unit.status != UnitStatus.HELD or claim is None or claim.kind != ClaimKind.HOLD \
            or (claim.expires_at is not None and claim.expires_at <= uow.now):
        raise Conflict(f"房源 {unit.code} 没有有效的预留，不能打印预留单。",
                       f"Unit {unit.code} has no active hold to print a slip for.")
    c = uow.get(Customer, claim.customer_id) if claim.customer_id else None
    rep = uow.get(User, claim.rep_id) if claim.rep_id else None
    return SlipData(
        serial=f"YL{claim.id:06d}", seller=_party(uow, project_id),
        unit=_facts(uow, unit), unit_price=unit.unit_price, list_price=claim.price,
        customer=c.name if c else "", customer_phone=mask(c.phone) if c else "", rep=rep.name if rep else "",
        held_from=full(claim.started_at), held_until=full(claim.expires_at),
        qr=f"showroomdesk://claim/{claim.id}",
    )


def schedule(total: Decimal, deposit: Decimal, payment: str) -> list[Instalment]:
    """The payment plan; the amounts always add up to the total."""
    if payment == PaymentMethod.FULL:
        return [Instalment("定金", "认购时（已付）", deposit),
                Instalment("房款余额", "签约后 7 日内", total - deposit)]
    if payment == PaymentMethod.MORTGAGE:
        down = max((total * Decimal("0.3")).quantize(Decimal(1), ROUND_HALF_UP), deposit)
        return [Instalment("定金", "认购时（已付）", deposit),
                Instalment("首付款余额（首付 30%）", "签约后 7 日内", down - deposit),
                Instalment("银行按揭贷款", "按贷款合同放款", total - down)]
    half = (total / 2).quantize(CENT, ROUND_HALF_UP)
    first = max(half, deposit)
    return [Instalment("定金", "认购时（已付）", deposit),
            Instalment("第一期房款（50%）", "签约后 7 日内", first - deposit),
            Instalment("第二期房款（50%）", "签约后 90 日内", total - first)]


def _deal_claim(uow: UnitOfWork, project_id: int, kind: str, ref: str) -> Claim:
    if kind == DocumentKind.CONTRACT:
        claim = uow.execute(select(Claim).where(
            Claim.project_id == project_id, Claim.contract_number == ref.strip(),
            Claim.kind == ClaimKind.CONTRACT)).scalar_one_or_none()
        if claim is None:
            raise NotFound(f"没有合同号为 {ref} 的合同。", f"No contract numbered {ref}.")
        return claim
    unit = get_unit(uow, project_id, ref)
    claim = active_claim(uow, unit.id)
    if claim is None or claim.kind != ClaimKind.SUBSCRIPTION:
        raise Conflict(f"房源 {unit.code} 没有有效的认购，不能打印认购书。",
                       f"Unit {unit.code} has no active subscription to print.")
    return claim


class _Fields(dict):
    def __missing__(self, key: str) -> str:  # an unknown {field} stays visible
        return "{" + key + "}"


def deal_data(uow: UnitOfWork, project_id: int, kind: str, ref: str) -> tuple[DealData, Claim]:
    claim = _deal_claim(uow, project_id, kind, ref)
    unit = uow.get_one(Unit, claim.unit_id)
    c = uow.get(Customer, claim.customer_id) if claim.customer_id else None
    rep = uow.get(User, claim.rep_id) if claim.rep_id else None
    party = _party(uow, project_id)
    total = claim.price or Decimal(0)
    deposit = claim.deposit or Decimal(0)
    unit_price = (total / unit.gross_area).quantize(CENT, ROUND_HALF_UP)
    idn = crypto.decrypt(c.id_number_enc) if c is not None and c.id_number_enc else ""
    sign_by = claim.sign_by.isoformat() if claim.sign_by else ""
    number = claim.contract_number if kind == DocumentKind.CONTRACT else f"RG{claim.id:06d}"
    fields = _Fields(
        total=f"¥{total:,.2f}", total_upper=rmb_upper(total), deposit=f"¥{deposit:,.2f}",
        deposit_upper=rmb_upper(deposit), sign_by=sign_by, buyer=c.name if c else "",
        unit=unit.code, gross_area=str(unit.gross_area), unit_price=f"{unit_price:,.2f}",
        project=party.project, seller=party.name, permit=party.presale_permit,
    )
    templates = settings.get(uow, f"print.{kind}_clauses")
    data = DealData(
        kind=kind, number=number or "", seller=party, buyer=c.name if c else "",
        buyer_id=idn, buyer_phone=national(c.phone) if c else "", unit=_facts(uow, unit),
        unit_price=unit_price, total=total, list_price=unit.list_price, deposit=deposit,
        payment=claim.payment_method or PaymentMethod.MORTGAGE,
        schedule=schedule(total, deposit, claim.payment_method or PaymentMethod.MORTGAGE),
        sign_by=sign_by,
        signed_on=claim.created_at.date().isoformat() if kind == DocumentKind.CONTRACT else "",
        rep=rep.name if rep else "", clauses=[t.format_map(fields) for t in templates],
    )
    return data, claim


def check_deal(uow: UnitOfWork, data: DealData, claim: Claim) -> list[tuple[str, str]]:
    """Everything that must be right before a subscription or contract is printed."""
    from desk.documents.pdf.fonts import missing_chars

    problems: list[tuple[str, str]] = []
    unit = uow.get_one(Unit, claim.unit_id)
    want = UnitStatus.SIGNED if data.kind == DocumentKind.CONTRACT else UnitStatus.SUBSCRIBED
    if claim.state != ClaimState.ACTIVE or unit.status != want:
        problems.append((f"房源状态为“{labels.zh(UnitStatus(unit.status))}”，应为“{labels.zh(want)}”",
                         f"the unit is {unit.status}, not {want}"))
    if data.kind == DocumentKind.CONTRACT:
        if not data.number:
            problems.append(("没有合同号", "no contract number"))
        sub = uow.get(Claim, claim.previous_id) if claim.previous_id else None
        if sub is None or sub.kind != ClaimKind.SUBSCRIPTION:
            problems.append(("找不到对应的认购记录", "no subscription behind the contract"))
        elif sub.price != claim.price:
            problems.append((f"合同总价 {claim.price} 与认购成交价 {sub.price} 不一致",
                             f"contract price {claim.price} differs from the subscription's "
                             f"{sub.price}"))
    if data.total <= 0:
        problems.append(("总价款为零", "the total is zero"))
    if unit.floor_price is not None and data.total < unit.floor_price:
        problems.append(("成交价低于底价", "the price is below the floor price"))
    if data.unit.gross_area != unit.gross_area or data.unit.inner_area != unit.inner_area:
        problems.append(("面积与房源资料不符", "the areas differ from the unit's"))
    if unit.inner_area is not None and unit.inner_area > unit.gross_area:
        problems.append(("套内面积大于建筑面积", "the inner area exceeds the gross area"))
    if abs(data.unit_price * unit.gross_area - data.total) > unit.gross_area * Decimal("0.005"):
        problems.append(("单价×面积与总价不符", "unit price × area differs from the total"))
    if sum(i.amount for i in data.schedule) != data.total or any(
            i.amount < 0 for i in data.schedule):
        problems.append(("付款计划与总价不符", "the payment plan does not add up to the total"))
    if not data.buyer:
        problems.append(("没有买受人", "no buyer"))
    if not data.buyer_id:
        problems.append(("买受人身份证号未登记（可在客户登记表中补录）",
                         "the buyer's ID number is not registered"))
    else:
        try:
            normalize_id(data.buyer_id)
        except InvalidInput as e:
            problems.append((f"买受人身份证号无效：{e.zh}", f"the buyer's ID is invalid: {e.en}"))
    bad = missing_chars(data.buyer, data.seller.name, data.seller.project, data.seller.address,
                        *data.clauses)
    if bad:
        chars = "".join(bad)
        problems.append((f"字库缺少“{chars}”，打印会是空框", f"the font lacks “{chars}”"))
    return problems


def visitor_sheet(uow: UnitOfWork, actor: Actor, project_id: int,
                  customer_id: int | None) -> VisitorSheet:
    from desk.visitors import visitors

    p = _project(uow, project_id)
    sources = tuple(settings.get(uow, "visitors.sources"))
    if customer_id is None:
        return VisitorSheet(project=p.name, sources=sources)
    page = visitors.page(uow, actor, customer_id)
    last = page.visits[0] if page.visits else None
    return VisitorSheet(
        project=p.name, name=page.name, phone=page.phone,
        gender=labels.zh(Gender(page.gender)) if page.gender else "",
        party_size=str(last[4]) if last else "",
        visit_kind=labels.zh(VisitKind(last[2])) if last else "",
        source=page.source, grade=page.grade, rep=last[3] if last else "",
        wanted=page.wanted,
        purpose=labels.zh(Purpose(page.purpose)) if page.purpose else "",
        notes=page.notes, date=full(last[0])[:10] if last else "", sources=sources)


# --- printing and the log ------------------------------------------------------


def render(uow: UnitOfWork, actor: Actor, kind: str, project_id: int, ref: str = "", *,
           void_reason: str = "", invariant: bool = False) -> Printed:
    """Make the PDF of one document and log it: a reprint is marked 副本, a voided
    print 作废 (with its reason). Wrong documents are refused with every problem."""
    from desk.documents.pdf import layouts as documents
    from desk.documents.pdf.fonts import check_printable
    from desk.documents.pdf.template import Header

    if kind not in KINDS:
        raise InvalidInput(f"未知单据：{kind}", f"Unknown document: {kind}")
    if kind == DocumentKind.SLIP:
        if not (actor.can("units.hold") or actor.can("print.documents")):
            require(actor, "print.documents")
    elif kind == DocumentKind.VISITOR_FORM:
        require(actor, "visitors.register")
    else:
        require(actor, "print.documents")
    now = uow.now
    log_ref = ref.strip()
    if kind == DocumentKind.SLIP:
        slip = slip_data(uow, project_id, ref)
        check_printable({"customer": slip.customer})
        number = slip.serial
    elif kind in (DocumentKind.SUBSCRIPTION, DocumentKind.CONTRACT):
        deal, claim = deal_data(uow, project_id, kind, ref)
        problems = check_deal(uow, deal, claim)
        if problems:
            raise ContractRefused(problems)
        number = deal.number
        log_ref = deal.number if kind == DocumentKind.CONTRACT else f"claim:{claim.id}"
    else:
        sheet = visitor_sheet(uow, actor, project_id, int(ref) if ref else None)
        check_printable({"name": sheet.name, "notes": sheet.notes})
        number = f"KH{int(ref):06d}" if ref else "—"
        log_ref = ref or "blank"
    if void_reason and not void_reason.strip():
        raise InvalidInput("请填写作废原因。", "Give the reason for voiding.", field="reason")
    previous = uow.execute(select(func.count(PrintLog.id)).where(
        PrintLog.kind == kind, PrintLog.ref == log_ref)).scalar_one()
    copy_no = previous + 1
    mark = "作废" if void_reason else ("副本" if previous and kind != DocumentKind.VISITOR_FORM else "")
    header = Header(project=_party(uow, project_id).project, title=labels.zh(DocumentKind(kind)),
                    number=number, printed_by=actor.name,
                    printed_at=full(now) if not invariant else "2000-01-01 00:00",
                    mark=mark, copy_no=copy_no)
    if kind == DocumentKind.SLIP:
        pdf = documents.slip(slip, header, invariant)
    elif kind in (DocumentKind.SUBSCRIPTION, DocumentKind.CONTRACT):
        pdf = documents.deal(deal, header, invariant)
    else:
        pdf = documents.visitor_sheet(sheet, header, invariant)
    uow.add(PrintLog(at=now, actor_id=actor.id, kind=kind, ref=log_ref, copy_no=copy_no,
                         voided=bool(void_reason), reason=void_reason.strip()))
    uow.record(ChangeKind.PRINTS, log_ref)
    filename = f"{labels.zh(DocumentKind(kind))}-{number}{'-' + mark if mark else ''}.pdf".replace("/", "-")
    return Printed(pdf, kind, log_ref, copy_no, mark, filename)

