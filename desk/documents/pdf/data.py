"""What a document shows, as plain data (the services fill it in)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Party:
    """The seller (出卖人) as the contract names it."""

    name: str
    presale_permit: str
    address: str
    project: str


@dataclass(frozen=True)
class UnitFacts:
    code: str
    building: str
    entrance: str
    floor: int
    room: str
    usage: str
    layout: str
    orientation: str
    gross_area: Decimal
    inner_area: Decimal | None

    @property
    def shared_area(self) -> Decimal | None:
        return None if self.inner_area is None else self.gross_area - self.inner_area


@dataclass(frozen=True)
class SlipData:
    serial: str
    seller: Party
    unit: UnitFacts
    unit_price: Decimal | None
    list_price: Decimal | None
    customer: str
    customer_phone: str  # masked
    rep: str
    held_from: str
    held_until: str
    qr: str  # the signed code (`desk.documents.slipcode`) its QR code carries
    claim_id: int = 0


@dataclass(frozen=True)
class Buyer:
    """A further buyer named on a deal beside the first (共同买受人)."""

    name: str
    id_number: str


@dataclass(frozen=True)
class Instalment:
    item: str
    due: str
    amount: Decimal


@dataclass(frozen=True)
class DealData:
    """A subscription agreement (认购书) or a contract (合同)."""

    kind: str  # subscription | contract
    number: str
    seller: Party
    buyer: str
    buyer_id: str
    buyer_phone: str
    unit: UnitFacts
    unit_price: Decimal
    total: Decimal
    list_price: Decimal | None
    deposit: Decimal
    payment: str  # full | mortgage | instalments
    schedule: list[Instalment]
    sign_by: str
    signed_on: str
    rep: str
    clauses: list[str] = field(default_factory=list)
    co_buyers: tuple[Buyer, ...] = ()


@dataclass(frozen=True)
class VisitorSheet:
    """The visitor registration form, blank (all empty) or filled."""

    project: str
    name: str = ""
    phone: str = ""
    gender: str = ""
    party_size: str = ""
    visit_kind: str = ""
    source: str = ""
    grade: str = ""
    rep: str = ""
    wanted: str = ""
    budget: str = ""
    purpose: str = ""
    notes: str = ""
    date: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReceiptData:
    """A receipt (收据) for one payment received."""

    number: str
    seller: Party
    received_on: str
    payer: str
    unit: str
    deal_ref: str  # the contract or subscription it is paid against
    amount: Decimal
    method: str  # as printed
    operator: str
    note: str = ""
    items: str = ""  # what it paid, in order (定金 50,000.00；首付款 949,999.00)
