"""Printing: the data of each document from the database, the checks that make a
contract 100% correct, and the print log (copies marked 副本, voided ones 作废).

A preview (`render`) only reads: the log counts real prints and saves, which
`issue` records and draws with the number the log gave.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sqlalchemy import func, select, text

from desk.admin import settings
from desk.admin.auth import Actor, require
from desk.core import bounds, crypto, labels
from desk.core.changes import ChangeKind
from desk.core.errors import Conflict, DeskError, InvalidInput, NotFound
from desk.core.idnumbers import normalize_id
from desk.core.phones import mask, national
from desk.core.timefmt import full
from desk.core.uow import UnitOfWork
from desk.documents import slipcode
from desk.documents.pdf.amounts import rmb_upper
from desk.documents.pdf.data import (
    DealData,
    Instalment,
    Party,
    ReceiptData,
    SlipData,
    UnitFacts,
    VisitorSheet,
)
from desk.models import Building, Claim, Customer, PrintLog, Project, Unit, User
from desk.models.enums import (
    ClaimKind,
    ClaimState,
    DocumentKind,
    Gender,
    PaymentMeans,
    PaymentMethod,
    Purpose,
    UnitStatus,
    VisitKind,
)
from desk.sales import payments, price_rules
from desk.sales.price_rules import PriceRule
from desk.sales.schedule import plan as payment_plan
from desk.sales.transition import active_claim, expired_hold, get_unit, notice_due

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
class PrintRequest:
    """One document as asked for: a preview keeps it, so that Print and Save can
    issue it."""

    actor: Actor
    kind: str
    project_id: int
    ref: str = ""
    void_reason: str = ""
    invariant: bool = False  # the same bytes for the same data (tests)
    claim_id: int | None = None  # the hold or deal the preview showed, when one


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    kind: str
    ref: str  # as the print log names the document
    copy_no: int
    mark: str
    filename: str
    request: PrintRequest
    issued: bool  # False: a preview, not in the log; its copy number is the next print's
    code: str = ""  # a slip's signed code, as its QR code carries it


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


def _rule(uow: UnitOfWork, project_id: int) -> PriceRule | None:
    """The project's pricing convention (None: not known)."""
    return price_rules.rule_named(_project(uow, project_id).price_rule)


def _unit_price(rule: PriceRule | None, unit: Unit, total: Decimal) -> Decimal:
    """The unit price a document shows beside `total`: under the project's rule,
    the unit's own when the rule gives `total` from it, else the one the rule
    gives for `total`; with no rule known, total ÷ area rounded to the fen."""
    if rule is None:
        return (total / unit.gross_area).quantize(CENT, ROUND_HALF_UP)
    if total == unit.list_price and unit.unit_price is not None:
        return unit.unit_price  # the filed price, as the list gave it
    if unit.unit_price is not None and price_rules.problem(
            rule, unit.gross_area, unit.unit_price, total, unit.inner_area) is None:
        return unit.unit_price
    return price_rules.unit_price_for(rule, unit.gross_area, total, unit.inner_area)


def _rule_problem(rule: PriceRule | None, facts: UnitFacts, unit_price: Decimal | None,
                  total: Decimal | None, filed: Decimal | None) -> tuple[str, str] | None:
    """How a document's total breaks the project's pricing rule, naming the
    total the rule gives (None: it follows the rule, no rule is known, or it is
    the unit's filed list price, which stands as published even where it
    follows no rule)."""
    if rule is None or unit_price is None or total is None or total <= 0 or total == filed:
        return None
    return price_rules.problem(rule, facts.gross_area, unit_price, total, facts.inner_area)


def slip_data(uow: UnitOfWork, project_id: int, code: str) -> SlipData:
    """The slip of a unit's active hold; its code (`qr`) is made with the copy
    number, when it is drawn."""
    unit = get_unit(uow, project_id, code)
    claim = active_claim(uow, unit.id)
    lapsed = expired_hold(uow, unit.id) if claim is None else None
    if claim is not None and claim.kind == ClaimKind.HOLD and claim.expires_at is not None \
            and claim.expires_at <= uow.now:  # ran out unrecorded: refused, and recorded
        notice_due(uow, unit.id)
        lapsed = claim
    if lapsed is not None:
        raise Conflict(f"房源 {unit.code} 的预留已于 {full(lapsed.expires_at)} 到期，不能打印预留单。",
                       f"The hold on {unit.code} expired at {full(lapsed.expires_at)}; no slip "
                       "can be printed.")
    if unit.status != UnitStatus.HELD or claim is None or claim.kind != ClaimKind.HOLD:
        raise Conflict(f"房源 {unit.code} 没有有效的预留，不能打印预留单。",
                       f"Unit {unit.code} has no active hold to print a slip for.")
    c = uow.get(Customer, claim.customer_id) if claim.customer_id else None
    rep = uow.get(User, claim.rep_id) if claim.rep_id else None
    rule = _rule(uow, project_id)
    unit_price = unit.unit_price  # with no rule known, the list's figure as it is
    if rule is not None and claim.price is not None and claim.price > 0:
        unit_price = _unit_price(rule, unit, claim.price)
    return SlipData(
        serial=slipcode.serial(claim.id), seller=_party(uow, project_id),
        unit=_facts(uow, unit), unit_price=unit_price, list_price=claim.price,
        customer=c.name if c else "", customer_phone=mask(c.phone) if c else "", rep=rep.name if rep else "",
        held_from=full(claim.started_at), held_until=full(claim.expires_at), qr="",
        claim_id=claim.id,
    )


def schedule(total: Decimal, deposit: Decimal, payment: str) -> list[Instalment]:
    """The payment plan as printed: the rule the collection follows too."""
    return [Instalment(p.item, p.due, p.amount) for p in payment_plan(total, deposit, payment)]


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
    unit_price = _unit_price(_rule(uow, project_id), unit, total) if total > 0 else Decimal("0.00")
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
    rule = _rule(uow, unit.project_id)
    breach = _rule_problem(rule, data.unit, data.unit_price, data.total, unit.list_price)
    if breach is not None:
        problems.append(breach)
    elif rule is None and abs(data.unit_price * unit.gross_area - data.total) \
            > unit.gross_area * Decimal("0.005"):
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
    for b in data.co_buyers:
        try:
            normalize_id(b.id_number)
        except InvalidInput as e:
            problems.append((f"共同买受人 {b.name} 的身份证号无效：{e.zh}",
                             f"co-buyer {b.name}'s ID is invalid: {e.en}"))
    bad = missing_chars(data.buyer, data.seller.name, data.seller.project, data.seller.address,
                        *data.clauses, *(b.name for b in data.co_buyers))
    if bad:
        chars = "".join(bad)
        problems.append((f"字库缺少“{chars}”，打印会是空框", f"the font lacks '{chars}'"))
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


def receipt_data(uow: UnitOfWork, project_id: int, number: str) -> ReceiptData:
    """The receipt (收据) of the payment numbered `number`."""
    r = payments.receipt(uow, project_id, number)
    c = uow.get(Customer, r.customer_id) if r.customer_id else None
    operator = uow.get(User, r.operator_id) if r.operator_id else None
    return ReceiptData(number=r.number, seller=_party(uow, project_id),
                       received_on=r.received_on.isoformat(), payer=c.name if c else "",
                       unit=r.unit_code, deal_ref=r.deal_ref, amount=r.amount,
                       method=labels.zh(PaymentMeans(r.method)),
                       operator=operator.name if operator else "", note=r.note, items=r.items)


# --- printing and the log ------------------------------------------------------


@dataclass(frozen=True)
class _Document:
    """One document's data, checked, ready to be drawn with any copy number."""

    number: str
    log_ref: str
    slip: SlipData | None = None
    deal: DealData | None = None
    sheet: VisitorSheet | None = None
    claim_id: int | None = None
    receipt: ReceiptData | None = None
    void_reason: str = ""  # a voided payment's receipt: every print of it is marked 作废


def _prepare(uow: UnitOfWork, req: PrintRequest) -> _Document:
    """The permission, the data and every check: wrong documents are refused with
    every problem, before anything is shown or logged."""
    from desk.documents.pdf.fonts import check_printable

    kind, actor, ref = req.kind, req.actor, req.ref
    if kind not in KINDS:
        raise InvalidInput(f"未知单据：{kind}", f"Unknown document: {kind}")
    if kind == DocumentKind.SLIP:
        if not (actor.can("units.hold") or actor.can("print.documents")):
            require(actor, "print.documents")
    elif kind == DocumentKind.VISITOR_FORM:
        require(actor, "visitors.register")
    else:
        require(actor, "print.documents")
    if req.void_reason and not req.void_reason.strip():
        raise InvalidInput("请填写作废原因。", "Give the reason for voiding.", field="reason")
    if kind == DocumentKind.SLIP:
        slip = slip_data(uow, req.project_id, ref)
        breach = _rule_problem(_rule(uow, req.project_id), slip.unit, slip.unit_price,
                               slip.list_price, get_unit(uow, req.project_id, ref).list_price)
        if breach is not None:
            raise InvalidInput(f"不能打印预留单：{breach[0]}。", f"Cannot print the slip: {breach[1]}.")
        check_printable({"customer": slip.customer})
        return _Document(slip.serial, slipcode.log_ref(slip.claim_id), slip=slip,
                         claim_id=slip.claim_id)
    if kind in (DocumentKind.SUBSCRIPTION, DocumentKind.CONTRACT):
        deal, claim = deal_data(uow, req.project_id, kind, ref)
        problems = check_deal(uow, deal, claim)
        if problems:
            raise ContractRefused(problems)
        log_ref = deal.number if kind == DocumentKind.CONTRACT else f"claim:{claim.id}"
        return _Document(deal.number, log_ref, deal=deal, claim_id=claim.id)
    if kind == DocumentKind.RECEIPT:
        paid = receipt_data(uow, req.project_id, ref)
        check_printable({"payer": paid.payer, "note": paid.note})
        return _Document(paid.number, paid.number, receipt=paid,
                         void_reason=payments.receipt(uow, req.project_id, ref).void_reason)
    sheet = visitor_sheet(uow, actor, req.project_id, int(ref) if ref else None)
    check_printable({"name": sheet.name, "notes": sheet.notes})
    return _Document(f"KH{int(ref):06d}" if ref else "—", ref.strip() or "blank", sheet=sheet)


def _next_copy(uow: UnitOfWork, kind: str, log_ref: str) -> int:
    last = uow.execute(select(func.max(PrintLog.copy_no)).where(
        PrintLog.kind == kind, PrintLog.ref == log_ref)).scalar_one()
    return (last or 0) + 1


def _queue_on(uow: UnitOfWork, kind: str, log_ref: str) -> None:
    """Two PCs printing the same document at once: the second waits here until
    the first has committed, then reads the log with that print in it. (SQLite
    writes one transaction at a time already.)"""
    if uow.get_bind().dialect.name == "postgresql":
        uow.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
                    {"key": f"print_log:{kind}:{log_ref}"})


def _draw(uow: UnitOfWork, req: PrintRequest, doc: _Document, copy_no: int,
          issued: bool) -> Printed:
    from desk.documents.pdf import layouts as documents
    from desk.documents.pdf.template import Header

    kind = req.kind
    mark = "作废" if req.void_reason else (
        "副本" if copy_no > 1 and kind != DocumentKind.VISITOR_FORM else "")
    header = Header(project=_party(uow, req.project_id).project,
                    title=labels.zh(DocumentKind(kind)), number=doc.number,
                    printed_by=req.actor.name,
                    printed_at=full(uow.now) if not req.invariant else "2000-01-01 00:00",
                    mark=mark, copy_no=copy_no)
    code = ""
    if doc.slip is not None and doc.claim_id is not None:
        code = slipcode.make(req.project_id, doc.claim_id, kind, copy_no)
        pdf = documents.slip(replace(doc.slip, qr=code), header, req.invariant)
    elif doc.deal is not None:
        pdf = documents.deal(doc.deal, header, req.invariant)
    elif doc.receipt is not None:
        pdf = documents.receipt(doc.receipt, header, req.invariant)
    else:
        assert doc.sheet is not None
        pdf = documents.visitor_sheet(doc.sheet, header, req.invariant)
    filename = f"{labels.zh(DocumentKind(kind))}-{doc.number}{'-' + mark if mark else ''}.pdf"
    return Printed(pdf, kind, doc.log_ref, copy_no, mark, filename.replace("/", "-"), req,
                   issued, code)


def render(uow: UnitOfWork, actor: Actor, kind: str, project_id: int, ref: str = "", *,
           void_reason: str = "", invariant: bool = False) -> Printed:
    """What printing would give now, for the preview: a read that logs nothing. Its
    copy number and mark (副本 for a reprint, 作废 for a voided print) are those the
    next print would get; `issue(uow, printed.request)` prints it."""
    req = PrintRequest(actor, kind, project_id, ref.strip(), void_reason, invariant)
    doc = _prepare(uow, req)
    req = replace(req, claim_id=doc.claim_id, void_reason=req.void_reason or doc.void_reason)
    return _draw(uow, req, doc, _next_copy(uow, kind, doc.log_ref), issued=False)


def issue(uow: UnitOfWork, req: PrintRequest) -> Printed:
    """Print or save one document: log it, then draw it with the copy number the
    log gave at this moment, so the paper says what the log says."""
    doc = _prepare(uow, req)
    req = replace(req, void_reason=req.void_reason or doc.void_reason)
    if req.claim_id is not None and doc.claim_id != req.claim_id:
        raise Conflict(f"预览之后房源 {req.ref} 已换了预留或认购，打印的会是另一份单据："
                       "请关闭预览，重新打印。",
                       f"Since the preview, unit {req.ref} has a different hold or subscription; "
                       "this would print another document. Close the preview and print again.")
    reason = bounds.text(req.void_reason, PrintLog.reason, "作废原因", "reason for voiding",
                         field="void_reason", multiline=True)
    _queue_on(uow, req.kind, doc.log_ref)
    copy_no = _next_copy(uow, req.kind, doc.log_ref)
    uow.add(PrintLog(at=uow.now, actor_id=req.actor.id, kind=req.kind, ref=doc.log_ref,
                     copy_no=copy_no, voided=bool(req.void_reason), reason=reason))
    uow.flush()
    uow.record(ChangeKind.PRINTS, doc.log_ref)
    return _draw(uow, req, doc, copy_no, issued=True)


NAME_MAX = 255  # bytes of one file or folder name on the usual file systems
PATH_MAX = 4096


def check_output(path: Path) -> None:
    """Refuse a PDF file that could not be written, before anything is logged:
    a folder, a name too long, a folder one may not write in."""
    def refuse(zh: str, en: str) -> InvalidInput:
        return InvalidInput(f"无法保存文件 {path}：{zh}", f"Cannot save the file {path}: {en}",
                            field="output")

    raw = os.fsencode(path)
    if len(raw) >= PATH_MAX or any(len(os.fsencode(p)) > NAME_MAX for p in path.parts):
        raise refuse("文件名太长。", "the name is too long.")
    try:
        if path.is_dir():
            raise refuse("这是一个文件夹。", "it is a folder.")
        folder = next((p for p in path.absolute().parents if p.exists()), None)
        if folder is None or not folder.is_dir():
            raise refuse("上级路径不是文件夹。", "its parent is not a folder.")
        if (path.exists() and not os.access(path, os.W_OK)) \
                or not os.access(folder, os.W_OK | os.X_OK):
            raise refuse("没有写入权限。", "no permission to write there.")
    except OSError as e:  # a folder on the way that may not be looked into
        raise refuse(f"{e.strerror}。", f"{e.strerror}.") from None


def issue_to_file(uow: UnitOfWork, req: PrintRequest, path: Path, *,
                  make_folder: bool = False) -> Printed:
    """Print to a PDF file: checked first, written inside the transaction that
    logs it, so a file that could not be written leaves no log entry (and the
    next real print is not a 副本). `make_folder`: create missing folders."""
    check_output(path)
    printed = issue(uow, req)
    try:
        if make_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(printed.pdf)
    except OSError as e:
        raise InvalidInput(f"无法保存文件 {path}：{e.strerror}",
                           f"Cannot save the file {path}: {e.strerror}", field="output") from None
    return printed
