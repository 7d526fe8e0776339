"""The closed sets: every word stored in the database or passed between layers
that can only be one of a few values.

The values are exactly the strings stored, so a member compares equal to the
plain string read back from a row (`StrEnum`), and no migration is needed. The
display names of each set live in `desk.core.labels`.
"""

from __future__ import annotations

from enum import StrEnum

# --- sales control (销控) -------------------------------------------------------


class UnitStatus(StrEnum):
    AVAILABLE = "available"
    HELD = "held"
    SUBSCRIBED = "subscribed"
    SIGNED = "signed"
    WITHHELD = "withheld"


class ClaimKind(StrEnum):
    HOLD = "hold"
    SUBSCRIPTION = "subscription"
    CONTRACT = "contract"


class ClaimState(StrEnum):
    """A claim is active while it holds the unit; every other state is final."""

    ACTIVE = "active"
    RELEASED = "released"
    EXPIRED = "expired"
    CONVERTED = "converted"
    CANCELLED = "cancelled"
    MOVED = "moved"


class UnitAction(StrEnum):
    """What a unit history row (unit_events.action) records."""

    IMPORT = "import"
    HOLD = "hold"
    EXTEND = "extend"
    RELEASE = "release"
    EXPIRE = "expire"
    SUBSCRIBE = "subscribe"
    CONTRACT = "contract"
    CANCEL = "cancel"
    CHANGE_OUT = "change_out"
    CHANGE_IN = "change_in"
    RENAME = "rename"
    WITHHOLD = "withhold"
    UNWITHHOLD = "unwithhold"
    REPRICE = "reprice"


class PaymentMethod(StrEnum):
    FULL = "full"
    MORTGAGE = "mortgage"
    INSTALMENTS = "instalments"


class InstalmentKind(StrEnum):
    """One line of a deal's payment schedule (付款计划)."""

    DEPOSIT = "deposit"  # 定金
    DOWN_PAYMENT = "down_payment"  # 首付
    MORTGAGE = "mortgage"  # 按揭放款
    INSTALMENT = "instalment"  # 分期
    BALANCE = "balance"  # 尾款 / 房款余额


class PaymentKind(StrEnum):
    """Money received (回款) or paid back on a cancellation (退款)."""

    PAYMENT = "payment"
    REFUND = "refund"


class PaymentMeans(StrEnum):
    """How money was handed over."""

    CASH = "cash"
    TRANSFER = "transfer"
    CARD = "card"
    POS = "pos"
    CHEQUE = "cheque"


class ApprovalKind(StrEnum):
    """What a request to the sales manager asks to approve."""

    DISCOUNT = "discount"
    CANCEL = "cancel"
    CHANGE_UNIT = "change_unit"
    RENAME = "rename"


class ApprovalState(StrEnum):
    """A request waits, is answered, and an approved one is used once."""

    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    USED = "used"
    WITHDRAWN = "withdrawn"


class PriceVerdict(StrEnum):
    """What an agreed price typed for a unit means for the one typing it."""

    OK = "ok"
    APPROVAL = "approval"  # a discount past the limit: a manager approves
    FLOOR = "floor"  # below the floor price: never
    INVALID = "invalid"  # not a price


# --- staff ----------------------------------------------------------------------


class Role(StrEnum):
    FRONT_DESK = "front_desk"
    SALES_REP = "sales_rep"
    ASSISTANT = "assistant"
    MANAGER = "manager"
    ADMIN = "admin"


# --- reception rotation (轮排) ---------------------------------------------------


class RotationEventKind(StrEnum):
    CHECKIN = "checkin"
    BREAK = "break"
    BACK = "back"
    LEAVE = "leave"
    ASSIGN = "assign"
    FINISH = "finish"
    UNDO = "undo"
    REORDER = "reorder"
    QUEUE = "queue"  # a walk-in waits: no rep was free
    LEFT = "left"  # a waiting visitor left before a rep was free


class BreakKind(StrEnum):
    BREAK = "break"
    LUNCH = "lunch"
    SHOWING = "showing"
    MEETING = "meeting"


class ReceptionHow(StrEnum):
    """How a reception was assigned; only TURN uses the rep's turn."""

    TURN = "turn"
    OWNER = "owner"
    COVER = "cover"
    OVERRIDE = "override"
    REOPEN = "reopen"


class RepStatus(StrEnum):
    """A rep's status in the line."""

    WAITING = "waiting"
    RECEIVING = "receiving"
    BREAK = "break"


class Placement(StrEnum):
    """Why a rep stands where they stand in the line."""

    CHECKIN = "checkin"
    FINISH = "finish"
    INVALID = "invalid"
    FORFEIT = "forfeit"
    REORDER = "reorder"


class ReceptionState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    UNDONE = "undone"


class WaitingState(StrEnum):
    """A visitor on the waiting list (waiting_visitors.state)."""

    WAITING = "waiting"
    ASSIGNED = "assigned"
    LEFT = "left"
    UNDONE = "undone"


class OrderMode(StrEnum):
    """The setting rotation.order_mode: how the day's line is first ordered."""

    CHECKIN = "checkin"
    CARRY = "carry"
    MANUAL = "manual"


# --- visitors ---------------------------------------------------------------------


class ContactKind(StrEnum):
    """A visit to the showroom or a phone enquiry (visits.kind)."""

    VISIT = "visit"
    CALL = "call"


class VisitKind(StrEnum):
    """First or return visit (visits.visit_kind)."""

    FIRST = "first"
    RETURN = "return"


class IntentGrade(StrEnum):
    A = "A"
    B = "B"
    C = "C"


class Gender(StrEnum):
    MALE = "M"
    FEMALE = "F"


class Purpose(StrEnum):
    OWN = "own"
    INVESTMENT = "investment"


class FollowUpChannel(StrEnum):
    PHONE = "phone"
    WECHAT = "wechat"
    SMS = "sms"
    VISIT = "visit"


class ComplaintKind(StrEnum):
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"


class ComplaintChannel(StrEnum):
    VISIT = "visit"
    PHONE = "phone"
    LETTER = "letter"
    ONLINE = "online"


class AccessAction(StrEnum):
    """What the access log records."""

    VIEW = "view"
    EXPORT = "export"
    ERASE = "erase"


class Erased(StrEnum):
    """Language-neutral markers stored in place of erased personal text; shown
    in the current language by `desk.core.labels`."""

    NAME = "<erased>"  # the customer's name, also where log texts named them


# --- documents --------------------------------------------------------------------


class DocumentKind(StrEnum):
    SLIP = "slip"
    SUBSCRIPTION = "subscription"
    CONTRACT = "contract"
    VISITOR_FORM = "visitor_form"
    RECEIPT = "receipt"


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    """The stored strings of a set, in order (for CHECK constraints and choices)."""
    return tuple(m.value for m in enum)


class EntryKind(StrEnum):
    """A commission ledger line: the rules' credit, a manager's adjustment, or
    the reversal of an earlier line of a locked month."""

    CREDIT = "credit"
    ADJUSTMENT = "adjustment"
    REVERSAL = "reversal"


class ShareRule(StrEnum):
    """Why a rep holds a share of a deal's commission."""

    OWNER = "owner"  # the customer's owner when the deal was subscribed
    COVER = "cover"  # received the owner's customer on their behalf (代接)
    TRANSFER = "transfer"  # owned the customer before the ownership moved
    ADJUSTED = "adjusted"  # set by the manager
