"""The code a reservation slip carries (as its QR code, and as text beneath it):
it names the slip and holds a short signature, so that the desk can open the
record from a scan and tell a forged or altered slip from a real one.

    SD1:<project id>:<claim id>:<document kind>:<copy number>:<signature>

The signature is HMAC-SHA256 over everything before it, keyed with the
installation's signing key (`desk.core.crypto.sign`, derived from the key file
every PC of the showroom shares), cut to 50 bits and written as 10 base32
characters: short enough for a small QR code, far too many to guess. A scanner
with Caps Lock on types the code in the other case, so it is read either way.
"""

from __future__ import annotations

import base64
import hmac
import re
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from desk.core import labels
from desk.core.errors import DeskError, InvalidInput, NotFound
from desk.core.uow import UnitOfWork
from desk.models import Claim, Customer, PrintLog, Project, Unit, User
from desk.models.enums import ClaimKind, ClaimState, DocumentKind

PREFIX = "SD1"
SIGNATURE_CHARS = 10
_SHAPE = re.compile(r"SD1:([0-9]{1,9}):([0-9]{1,12}):([a-z_]{1,20}):([0-9]{1,6}):([A-Z2-7]{10})")
LONGEST = 80  # more than any real code: longer input is not read at all


class Forged(DeskError):
    """A code in the right shape whose signature is not this showroom's."""

    exit_code = 8


@dataclass(frozen=True)
class SlipFacts:
    """What a genuine slip code names, and how that record stands now."""

    code: str
    project_id: int
    project: str
    claim_id: int
    serial: str
    kind: str
    copy_no: int
    unit_code: str
    customer: str  # masked: the surname only
    rep: str
    state: str  # the claim's state now (an active hold past its time is expired)
    unit_status: str
    held_until: datetime | None
    printed: bool  # this copy is in the print log
    voided: bool  # this copy was printed marked 作废

    def as_dict(self) -> dict[str, Any]:
        return {"genuine": True, **asdict(self)}


def make(project_id: int, claim_id: int, kind: str, copy_no: int) -> str:
    body = f"{PREFIX}:{project_id}:{claim_id}:{kind}:{copy_no}"
    return f"{body}:{_signature(body)}"


def _signature(body: str) -> str:
    from desk.core import crypto  # the cryptography package only when a code is made or read

    return base64.b32encode(crypto.sign(body)).decode()[:SIGNATURE_CHARS]


def looks_like(text: str) -> bool:
    """Whether text is meant as a document code (a scan, not a search)."""
    return text.strip()[:4].upper() == PREFIX + ":"


def parse(text: str) -> tuple[int, int, str, int, str]:
    """(project id, claim id, kind, copy number, signature), the signature unchecked."""
    raw = text.strip()
    parts = raw.split(":") if len(raw) <= LONGEST else []
    if len(parts) == 6:
        parts = [parts[0].upper(), *parts[1:3], parts[3].lower(), parts[4], parts[5].upper()]
        m = _SHAPE.fullmatch(":".join(parts))
        if m is not None:
            return int(m[1]), int(m[2]), m[3], int(m[4]), m[5]
    raise InvalidInput("这不是本系统的单据码（格式不对）。",
                       "This is not a Showroom Desk document code (wrong format).", field="code")


def verify(uow: UnitOfWork, text: str) -> SlipFacts:
    """Check a scanned or typed code: malformed, forged (signature not ours),
    unknown (genuine, but no such record here), else what it names."""
    project_id, claim_id, kind, copy_no, signature = parse(text)
    code = make(project_id, claim_id, kind, copy_no)
    if not hmac.compare_digest(code[-SIGNATURE_CHARS:], signature):
        raise Forged("单据码签名不符：这张单据不是本售楼处的系统打印的，或已被改动。",
                     "The code's signature does not match: this document was not printed by "
                     "this showroom's system, or it was altered.")
    claim = uow.get(Claim, claim_id)
    project = uow.get(Project, project_id)
    if kind != DocumentKind.SLIP or claim is None or project is None \
            or claim.project_id != project_id or claim.kind != ClaimKind.HOLD:
        raise NotFound(f"单据码是真实的，但这里没有它所指的记录（预留 {claim_id}）：可能来自另一个数据库。",
                       f"The code is genuine but names no record here (hold {claim_id}): it may "
                       "come from another database.")
    unit = uow.get_one(Unit, claim.unit_id)
    customer = uow.get(Customer, claim.customer_id) if claim.customer_id else None
    rep = uow.get(User, claim.rep_id) if claim.rep_id else None
    state = claim.state
    if state == ClaimState.ACTIVE and claim.expires_at is not None and claim.expires_at <= uow.now:
        state = ClaimState.EXPIRED  # expiry is computed from the stored time
    log = uow.execute(select(PrintLog.voided).where(
        PrintLog.kind == DocumentKind.SLIP, PrintLog.ref == log_ref(claim_id),
        PrintLog.copy_no == copy_no)).scalars().all()
    return SlipFacts(
        code=code, project_id=project_id, project=project.name, claim_id=claim.id,
        serial=serial(claim.id), kind=kind, copy_no=copy_no, unit_code=unit.code,
        customer=_shown_name(customer.name) if customer else "",
        rep=rep.name if rep else "", state=state, unit_status=unit.status,
        held_until=claim.expires_at, printed=bool(log), voided=any(log))


def serial(claim_id: int) -> str:
    """The number printed on a reservation slip."""
    return f"YL{claim_id:06d}"


def log_ref(claim_id: int) -> str:
    """How the print log names the slip of one hold (a new hold is a new slip)."""
    return f"claim:{claim_id}"


def _shown_name(name: str) -> str:
    erased = labels.person(name) or ""
    return erased if erased != name else masked_name(name)  # an erased name says so


def masked_name(name: str) -> str:
    """赵敏 -> 赵*: enough to tell whose slip it is, no more."""
    return name[:1] + "*" * (len(name) - 1) if len(name) > 1 else name
