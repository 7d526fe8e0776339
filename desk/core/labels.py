"""Display names of the closed sets (statuses, kinds, actions), in both languages,
and the few sentences screens and the command line show about them.

One place per language: services, screens, the command line and documents
take their labels from here, so the same thing is never named two ways. Every
table is keyed by the enum member of `desk.models.enums`; `label()` picks the
name in the current language, `zh()` the Chinese one printed on documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from desk.core.errors import DeskError, pick
from desk.core.timefmt import hm
from desk.models.enums import (
    AccessAction,
    ApprovalKind,
    ApprovalState,
    BreakKind,
    ClaimKind,
    ClaimState,
    ComplaintChannel,
    ComplaintKind,
    ContactKind,
    DocumentKind,
    EntryKind,
    Erased,
    FollowUpChannel,
    Gender,
    InstalmentKind,
    IntentGrade,
    OrderMode,
    PaymentKind,
    PaymentMeans,
    PaymentMethod,
    Placement,
    Purpose,
    ReceptionHow,
    ReceptionState,
    RepStatus,
    Role,
    RotationEventKind,
    ShareRule,
    UnitAction,
    UnitStatus,
    VisitKind,
    WaitingState,
)

Names = dict[Any, tuple[str, str]]

# --- sales control ----------------------------------------------------------------

STATUS_NAMES: Names = {
    UnitStatus.AVAILABLE: ("可售", "available"),
    UnitStatus.HELD: ("预留", "held"),
    UnitStatus.SUBSCRIBED: ("认购", "subscribed"),
    UnitStatus.SIGNED: ("签约", "signed"),
    UnitStatus.WITHHELD: ("不可售", "withheld"),
}
ACTION_NAMES: Names = {
    UnitAction.IMPORT: ("导入", "imported"),
    UnitAction.HOLD: ("预留", "hold"),
    UnitAction.EXTEND: ("延期", "extend"),
    UnitAction.RELEASE: ("释放", "release"),
    UnitAction.EXPIRE: ("预留到期", "hold expired"),
    UnitAction.SUBSCRIBE: ("认购", "subscribe"),
    UnitAction.CONTRACT: ("签约", "contract"),
    UnitAction.CANCEL: ("退订", "cancel"),
    UnitAction.CHANGE_OUT: ("换出", "changed to another unit"),
    UnitAction.CHANGE_IN: ("换入", "changed from another unit"),
    UnitAction.RENAME: ("更名", "buyer renamed"),
    UnitAction.WITHHOLD: ("下架", "withheld"),
    UnitAction.UNWITHHOLD: ("上架", "back on sale"),
    UnitAction.REPRICE: ("调价", "repriced"),
}
CLAIM_KIND_NAMES: Names = {
    ClaimKind.HOLD: ("预留", "hold"),
    ClaimKind.SUBSCRIPTION: ("认购", "subscription"),
    ClaimKind.CONTRACT: ("合同", "contract"),
}
CLAIM_STATE_NAMES: Names = {
    ClaimState.ACTIVE: ("有效", "active"),
    ClaimState.RELEASED: ("已释放", "released"),
    ClaimState.EXPIRED: ("已到期", "expired"),
    ClaimState.CONVERTED: ("已转签约", "signed"),
    ClaimState.CANCELLED: ("已退订", "cancelled"),
    ClaimState.MOVED: ("已换房", "changed unit"),
}
# The wording printed on the documents (按揭贷款付款), also on screen.
PAYMENT_NAMES: Names = {
    PaymentMethod.FULL: ("一次性付款", "one payment"),
    PaymentMethod.MORTGAGE: ("按揭贷款付款", "mortgage"),
    PaymentMethod.INSTALMENTS: ("分期付款", "instalments"),
}
INSTALMENT_NAMES: Names = {
    InstalmentKind.DEPOSIT: ("定金", "deposit"),
    InstalmentKind.DOWN_PAYMENT: ("首付款", "down payment"),
    InstalmentKind.MORTGAGE: ("按揭放款", "mortgage disbursement"),
    InstalmentKind.INSTALMENT: ("分期款", "instalment"),
    InstalmentKind.BALANCE: ("尾款", "balance"),
}
PAYMENT_KIND_NAMES: Names = {
    PaymentKind.PAYMENT: ("收款", "payment"),
    PaymentKind.REFUND: ("退款", "refund"),
}
# How the money was handed over: printed on the receipt (收据).
PAYMENT_MEANS_NAMES: Names = {
    PaymentMeans.CASH: ("现金", "cash"),
    PaymentMeans.TRANSFER: ("银行转账", "bank transfer"),
    PaymentMeans.CARD: ("刷卡", "card"),
    PaymentMeans.POS: ("POS 机", "POS terminal"),
    PaymentMeans.CHEQUE: ("支票", "cheque"),
}
APPROVAL_KIND_NAMES: Names = {
    ApprovalKind.DISCOUNT: ("折扣", "discount"),
    ApprovalKind.CANCEL: ("退订", "cancellation"),
    ApprovalKind.CHANGE_UNIT: ("换房", "change of unit"),
    ApprovalKind.RENAME: ("更名", "rename"),
}
APPROVAL_STATE_NAMES: Names = {
    ApprovalState.PENDING: ("待审批", "pending"),
    ApprovalState.APPROVED: ("已批准", "approved"),
    ApprovalState.REFUSED: ("未批准", "refused"),
    ApprovalState.USED: ("已使用", "used"),
    ApprovalState.WITHDRAWN: ("已撤回", "withdrawn"),
}

# --- staff --------------------------------------------------------------------------

ROLE_NAMES: Names = {
    Role.FRONT_DESK: ("前台", "Front desk"),
    Role.SALES_REP: ("置业顾问", "Sales rep"),
    Role.ASSISTANT: ("销售助理", "Sales assistant"),
    Role.MANAGER: ("销售经理", "Sales manager"),
    Role.ADMIN: ("管理员", "Administrator"),
}

# --- reception rotation -------------------------------------------------------------

BREAK_NAMES: Names = {
    BreakKind.BREAK: ("休息", "break"),
    BreakKind.LUNCH: ("午餐", "lunch"),
    BreakKind.SHOWING: ("带看", "showing a unit"),
    BreakKind.MEETING: ("开会", "meeting"),
}
REP_STATUS_NAMES: Names = {
    RepStatus.WAITING: ("候客", "waiting"),
    RepStatus.RECEIVING: ("接待中", "receiving"),
    RepStatus.BREAK: ("暂离", "away"),
}
HOW_NAMES: Names = {
    ReceptionHow.TURN: ("轮排", "in turn"),
    ReceptionHow.OWNER: ("老客户归属", "own customer"),
    ReceptionHow.COVER: ("代接", "covering"),
    ReceptionHow.OVERRIDE: ("经理指定", "assigned by manager"),
    ReceptionHow.REOPEN: ("同批复访", "same party again"),
}
EVENT_NAMES: Names = {
    RotationEventKind.CHECKIN: ("签到", "check in"),
    RotationEventKind.BREAK: ("暂离", "away"),
    RotationEventKind.BACK: ("回到大厅", "back"),
    RotationEventKind.LEAVE: ("离开", "gone for the day"),
    RotationEventKind.ASSIGN: ("分配接待", "assigned"),
    RotationEventKind.FINISH: ("结束接待", "reception ended"),
    RotationEventKind.UNDO: ("撤销", "undo"),
    RotationEventKind.REORDER: ("调整顺序", "order set"),
    RotationEventKind.QUEUE: ("客人排队等候", "visitor waiting"),
    RotationEventKind.LEFT: ("等候客人离开", "waiting visitor left"),
}
PLACEMENT_NAMES: Names = {
    Placement.CHECKIN: ("签到", "checked in"),
    Placement.FINISH: ("上一次接待结束后排到队尾", "went to the back when a reception ended"),
    Placement.INVALID: ("无效接待后补回队首", "got the turn back after an invalid reception"),
    Placement.FORFEIT: ("轮空后排到队尾", "went to the back after a forfeited turn"),
    Placement.REORDER: ("经理调整了顺序", "the manager set the order"),
}
RECEPTION_STATE_NAMES: Names = {
    ReceptionState.OPEN: ("接待中", "open"),
    ReceptionState.CLOSED: ("已结束", "ended"),
    ReceptionState.UNDONE: ("已撤销", "undone"),
}
WAITING_STATE_NAMES: Names = {
    WaitingState.WAITING: ("等候中", "waiting"),
    WaitingState.ASSIGNED: ("已接待", "received"),
    WaitingState.LEFT: ("已离开", "left"),
    WaitingState.UNDONE: ("已撤销", "undone"),
}
ORDER_MODE_NAMES: Names = {
    OrderMode.CHECKIN: ("按签到顺序", "check-in order"),
    OrderMode.CARRY: ("沿用昨日顺序", "yesterday's order"),
    OrderMode.MANUAL: ("经理手动排序", "set by the manager"),
}

# --- visitors -------------------------------------------------------------------------

CONTACT_KIND_NAMES: Names = {
    ContactKind.VISIT: ("来访", "visit"),
    ContactKind.CALL: ("来电", "call"),
}
VISIT_KIND_NAMES: Names = {
    VisitKind.FIRST: ("初访", "first visit"),
    VisitKind.RETURN: ("再访", "return visit"),
}
GRADE_NAMES: Names = {
    IntentGrade.A: ("A 热", "A hot"),
    IntentGrade.B: ("B 温", "B warm"),
    IntentGrade.C: ("C 冷", "C cold"),
}
GENDER_NAMES: Names = {Gender.MALE: ("男", "male"), Gender.FEMALE: ("女", "female")}
PURPOSE_NAMES: Names = {Purpose.OWN: ("自住", "own use"), Purpose.INVESTMENT: ("投资", "investment")}
FOLLOWUP_CHANNEL_NAMES: Names = {
    FollowUpChannel.PHONE: ("电话", "phone"),
    FollowUpChannel.WECHAT: ("微信", "WeChat"),
    FollowUpChannel.SMS: ("短信", "text message"),
    FollowUpChannel.VISIT: ("邀约到访", "invite to visit"),
}
COMPLAINT_KIND_NAMES: Names = {
    ComplaintKind.COMPLAINT: ("投诉", "complaint"),
    ComplaintKind.SUGGESTION: ("意见建议", "suggestion"),
}
COMPLAINT_CHANNEL_NAMES: Names = {
    ComplaintChannel.VISIT: ("现场", "in person"),
    ComplaintChannel.PHONE: ("电话", "phone"),
    ComplaintChannel.LETTER: ("信函", "letter"),
    ComplaintChannel.ONLINE: ("网络", "online"),
}
ACCESS_ACTION_NAMES: Names = {
    AccessAction.VIEW: ("查看", "viewed"),
    AccessAction.EXPORT: ("导出", "exported"),
    AccessAction.ERASE: ("删除", "erased"),
}
ERASED_NAMES: Names = {Erased.NAME: ("（已删除）", "(erased)")}

# --- settings -----------------------------------------------------------------------

# The rules' names, keyed by setting (the rules tab and the audit log show them).
SETTING_NAMES: dict[str, tuple[str, str]] = {
    "hold.ttl_minutes": ("预留时长（分钟）", "Hold time-to-live (minutes)"),
    "hold.max_total_minutes": ("预留最长总时长（分钟，含延期）",
                               "Longest hold incl. extensions (minutes)"),
    "hold.reminder_minutes": ("预留到期前提醒（分钟）", "Reminder before a hold expires (minutes)"),
    "discount.max_percent_without_approval": ("无需审批的最大折扣（%）",
                                               "Largest discount without approval (%)"),
    "subscription.sign_within_days": ("认购后签约期限（天）", "Days from subscription to signing"),
    "rotation.order_mode": ("轮排顺序", "Rotation order"),
    "showroom.timezone": ("售楼处时区", "Showroom time zone"),
    "ui.lock_after_minutes": ("无操作自动锁屏（分钟，0 为不锁）", "Lock when idle (minutes, 0: never)"),
    "rotation.undo_seconds": ("撤销接待的时限（秒）", "Undo window for a reception (seconds)"),
    "rotation.reception_minutes": ("估算等候用的接待时长（分钟）",
                                   "Reception length for waiting estimates (minutes)"),
    "ownership.visit_days": ("来访客户归属天数", "Ownership after a visit (days)"),
    "ownership.call_days": ("来电客户归属天数", "Ownership after a call (days)"),
    "commission.rate_permille": ("佣金比例（成交额的‰）", "Commission rate (‰ of the deal amount)"),
    "commission.cover_percent": ("代接顾问分成（%）", "Covering rep's share (%)"),
    "commission.transfer_percent": ("归属转移前顾问分成（%）", "Previous owner's share (%)"),
    "followup.escalate_after_days": ("回访逾期上报经理（天）",
                                     "Escalate overdue follow-ups (days)"),
    "complaint.first_response_hours": ("投诉首次响应时限（小时）",
                                       "Complaint first response (hours)"),
    "assessment.weights": ("考核权重（分）", "Assessment weights (points)"),
    "backup.keep": ("自动备份保留天数（0 为不备份）", "Daily backups kept (0: none)"),
    "backup.folder": ("备份文件夹（留空为数据文件夹下的 backups）",
                      "Backup folder (empty: backups in the data folder)"),
    "visitors.sources": ("来访渠道（用逗号分隔）", "Source channels (comma-separated)"),
    "visitors.consent_text": ("客户信息同意条款（修改后老客户须重新同意）",
                              "Consent text (a change asks every customer again)"),
    "print.subscription_clauses": ("认购书条款", "Subscription agreement clauses"),
    "print.contract_clauses": ("合同条款", "Contract clauses"),
}

# --- documents ---------------------------------------------------------------------

# The title printed on each document, and its English name.
DOCUMENT_NAMES: Names = {
    DocumentKind.SLIP: ("预留单", "reservation slip"),
    DocumentKind.SUBSCRIPTION: ("认购书", "subscription agreement"),
    DocumentKind.CONTRACT: ("商品房买卖合同", "sale contract"),
    DocumentKind.VISITOR_FORM: ("客户登记表", "visitor registration form"),
    DocumentKind.RECEIPT: ("收据", "receipt"),
}

# Commission sharing (desk.sales.commission).
ENTRY_KIND_NAMES: Names = {
    EntryKind.CREDIT: ("计提", "credit"),
    EntryKind.ADJUSTMENT: ("调整", "adjustment"),
    EntryKind.REVERSAL: ("冲销", "reversal"),
}
SHARE_RULE_NAMES: Names = {
    ShareRule.OWNER: ("归属顾问", "owner at subscription"),
    ShareRule.COVER: ("代接", "covering reception"),
    ShareRule.TRANSFER: ("归属转移前顾问", "previous owner"),
    ShareRule.ADJUSTED: ("经理调整", "manager's adjustment"),
}

TABLES: dict[type[StrEnum], Names] = {
    UnitStatus: STATUS_NAMES,
    UnitAction: ACTION_NAMES,
    ClaimKind: CLAIM_KIND_NAMES,
    ClaimState: CLAIM_STATE_NAMES,
    PaymentMethod: PAYMENT_NAMES,
    InstalmentKind: INSTALMENT_NAMES,
    PaymentKind: PAYMENT_KIND_NAMES,
    PaymentMeans: PAYMENT_MEANS_NAMES,
    ApprovalKind: APPROVAL_KIND_NAMES,
    ApprovalState: APPROVAL_STATE_NAMES,
    Role: ROLE_NAMES,
    BreakKind: BREAK_NAMES,
    RepStatus: REP_STATUS_NAMES,
    ReceptionHow: HOW_NAMES,
    RotationEventKind: EVENT_NAMES,
    Placement: PLACEMENT_NAMES,
    ReceptionState: RECEPTION_STATE_NAMES,
    WaitingState: WAITING_STATE_NAMES,
    OrderMode: ORDER_MODE_NAMES,
    ContactKind: CONTACT_KIND_NAMES,
    VisitKind: VISIT_KIND_NAMES,
    IntentGrade: GRADE_NAMES,
    Gender: GENDER_NAMES,
    Purpose: PURPOSE_NAMES,
    FollowUpChannel: FOLLOWUP_CHANNEL_NAMES,
    ComplaintKind: COMPLAINT_KIND_NAMES,
    ComplaintChannel: COMPLAINT_CHANNEL_NAMES,
    AccessAction: ACCESS_ACTION_NAMES,
    Erased: ERASED_NAMES,
    DocumentKind: DOCUMENT_NAMES,
    EntryKind: ENTRY_KIND_NAMES,
    ShareRule: SHARE_RULE_NAMES,
}


def names(value: StrEnum) -> tuple[str, str]:
    """The (Chinese, English) names of a member."""
    return TABLES[type(value)][value]


def label(value: StrEnum) -> str:
    """The name of a member in the current language."""
    return pick(*names(value))


def zh(value: StrEnum) -> str:
    """The Chinese name of a member: what the documents print."""
    return names(value)[0]


def label_of(enum: type[StrEnum], value: str | None, default: str | None = None) -> str:
    """The name of a stored string (as read from a row); an unknown or empty one
    is shown as it is (or as `default`)."""
    try:
        return label(enum(value or ""))
    except ValueError:
        return (value or "") if default is None else default


def choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    """(name, stored value) of every member, in order: for combo boxes."""
    return [(label(m), m.value) for m in enum]


def status_name(status: str) -> str:
    return label(UnitStatus(status))


# --- erased customers ----------------------------------------------------------------


def person(name: str | None) -> str | None:
    """A customer's name as stored: the erasure marker shows in the current language."""
    if name is None or Erased.NAME not in name:
        return name
    return name.replace(Erased.NAME, label(Erased.NAME))


# --- rotation sentences ---------------------------------------------------------------


class AssignmentLike(Protocol):
    """What `rotation.walkin` returns, as far as these sentences need it."""

    @property
    def rep_name(self) -> str: ...
    @property
    def how(self) -> str: ...
    @property
    def owner_name(self) -> str | None: ...
    @property
    def customer_name(self) -> str | None: ...
    @property
    def forfeited(self) -> tuple[str, ...]: ...
    @property
    def waiting_number(self) -> int | None: ...
    @property
    def waited_minutes(self) -> int | None: ...


class WaitingLike(Protocol):
    """A walk-in put on the waiting list (`waiting.Waiting`)."""

    @property
    def number(self) -> int: ...
    @property
    def position(self) -> int: ...
    @property
    def estimate(self) -> int | None: ...


class UndoLike(Protocol):
    """What a desk's undo takes back (`undo.Undoable`)."""

    @property
    def kind(self) -> str: ...
    @property
    def rep(self) -> str | None: ...
    @property
    def number(self) -> int | None: ...
    @property
    def handed(self) -> tuple[tuple[str, int], ...]: ...


class NextLike(Protocol):
    """`rotation.next_reason`: who is next, and why."""

    @property
    def name(self) -> str | None: ...
    @property
    def position(self) -> int: ...
    @property
    def placed(self) -> str: ...
    @property
    def placed_at(self) -> datetime | None: ...
    @property
    def busy(self) -> tuple[str, ...]: ...
    @property
    def ahead(self) -> tuple[str, ...]: ...
    @property
    def nobody(self) -> DeskError | None: ...


def people(n: int) -> str:
    """A party's size: 3 人 / 1 person, 3 people."""
    return pick(f"{n} 人", f"{n} person" if n == 1 else f"{n} people")


def rep_status(status: str, break_kind: str = "") -> str:
    """A rep's status in the line; away shows the kind of break."""
    if status == RepStatus.BREAK:
        return label_of(BreakKind, break_kind or BreakKind.BREAK, label(BreakKind.BREAK))
    return label(RepStatus(status))


def assignment_detail(a: AssignmentLike) -> str:
    """How a walk-in was given out: in turn, the owner, covering, who forfeited."""
    text = label(ReceptionHow(a.how))
    if a.how == ReceptionHow.COVER and a.owner_name:
        text += pick(f"，代 {a.owner_name} 接待", f", on behalf of {a.owner_name}")
    if a.customer_name:
        text += pick(f"，客户 {a.customer_name}", f", customer {a.customer_name}")
    if a.waiting_number is not None:
        text += pick(f"，等候号 {a.waiting_number} 的客人（已等 {a.waited_minutes or 0} 分钟）",
                     f", waiting visitor no. {a.waiting_number} (waited "
                     f"{a.waited_minutes or 0} min)")
    if a.forfeited:
        text += pick(f"；轮空：{'、'.join(a.forfeited)}", f"; forfeited: {', '.join(a.forfeited)}")
    return text


def about(minutes: int | None) -> str:
    """A waiting visitor's estimate."""
    if minutes is None:
        return pick("时间未定（没有置业顾问签到）", "unknown (no rep checked in)")
    return pick(f"约 {minutes} 分钟", f"about {minutes} min")


def waiting_told(w: WaitingLike) -> str:
    """What the desk tells a walk-in who has to wait."""
    ahead = w.position - 1
    return pick(f"请客人稍候：等候号 {w.number}，前面还有 {ahead} 位，{about(w.estimate)}。",
                f"Please wait: number {w.number}, {ahead} ahead, {about(w.estimate)}.")


def undo_what(u: UndoLike) -> str:
    """The action a desk's undo takes back, in a few words."""
    kind, rep, n = u.kind, u.rep or "", u.number
    zh_en = {
        RotationEventKind.ASSIGN: (f"分配 {rep} 接待", f"{rep} receiving"),
        RotationEventKind.FINISH: (f"结束 {rep} 的接待", f"end of {rep}'s reception"),
        RotationEventKind.QUEUE: (f"等候号 {n} 排队", f"waiting number {n}"),
        RotationEventKind.LEFT: (f"等候号 {n} 离开", f"number {n} left"),
        RotationEventKind.BACK: (f"{rep} 回到大厅", f"{rep} back"),
        RotationEventKind.CHECKIN: (f"{rep} 签到", f"{rep} checking in"),
    }.get(RotationEventKind(kind), (label(RotationEventKind(kind)),) * 2)
    text = pick(*zh_en)
    for who, number in u.handed:
        text += pick(f"及 {who} 接待等候号 {number}", f" and {who} receiving no. {number}")
    return text


def undone(u: UndoLike) -> str:
    return pick(f"已撤销：{undo_what(u)}", f"Undone: {undo_what(u)}")


def assignment(a: AssignmentLike) -> str:
    """Who receives the walk-in, and how it was decided."""
    return pick(f"{a.rep_name} 接待：", f"{a.rep_name} receives: ") + assignment_detail(a)


def why_next(r: NextLike) -> str:
    """Why the next walk-in goes to whom it goes to."""
    if r.name is None or r.placed_at is None:
        return str(r.nobody) if r.nobody is not None else ""
    zh_why, en_why = names(Placement(r.placed))
    text = pick(f"下一位是 {r.name}：排在第 {r.position} 位（{hm(r.placed_at)} {zh_why}）",
                f"Next is {r.name}: place {r.position} ({en_why} at {hm(r.placed_at)})")
    if r.busy:
        text += pick(f"；前面正在接待：{'、'.join(r.busy)}",
                     f"; ahead and receiving: {', '.join(r.busy)}")
    if r.ahead:
        text += pick(f"；前面暂离、将轮空：{'、'.join(r.ahead)}",
                     f"; ahead but away, will forfeit: {', '.join(r.ahead)}")
    return text + pick("。", ".")


def replay_detail(kind: str, data: dict[str, Any], skipped: Sequence[str] = ()) -> str:
    """What one event of the day's log did, in a few words."""
    if kind == RotationEventKind.ASSIGN:
        detail = label(ReceptionHow(data["how"]))
        if "number" in data:
            detail += pick(f"，等候号 {data['number']}（等了 {data.get('waited', 0)} 分钟）",
                           f", waiting no. {data['number']} (waited {data.get('waited', 0)} min)")
        if skipped:
            detail += pick("，轮空：", ", forfeited: ") + "、".join(skipped)
        return detail
    if kind == RotationEventKind.QUEUE:
        return pick(f"等候号 {data['number']}，", f"number {data['number']}, ") \
            + people(data.get("party_size", 1))
    if kind == RotationEventKind.LEFT:
        return pick(f"等候号 {data['number']}，等了 {data.get('waited', 0)} 分钟",
                    f"number {data['number']}, waited {data.get('waited', 0)} min")
    if kind == RotationEventKind.BREAK:
        return label(BreakKind(data.get("break_kind", BreakKind.BREAK)))
    if kind == RotationEventKind.FINISH and data.get("invalid"):
        return pick("无效接待", "invalid")
    if kind == RotationEventKind.REORDER:
        return str(data.get("reason", ""))
    if kind == RotationEventKind.UNDO:
        ids = [data["target"], *data.get("also", [])]
        return pick(f"撤销第 {'、'.join(map(str, ids))} 号事件",
                    f"undoes event {', '.join(map(str, ids))}")
    return ""


# The mark after a name in the replayed order.
STATUS_MARKS = {RepStatus.WAITING: "", RepStatus.RECEIVING: "★", RepStatus.BREAK: "☕"}


# --- document codes -------------------------------------------------------------------


class SlipLike(Protocol):
    """`slipcode.verify`'s answer, as far as the sentence needs it."""

    @property
    def serial(self) -> str: ...
    @property
    def copy_no(self) -> int: ...
    @property
    def unit_code(self) -> str: ...
    @property
    def customer(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def held_until(self) -> datetime | None: ...
    @property
    def printed(self) -> bool: ...
    @property
    def voided(self) -> bool: ...


def slip_check(f: SlipLike) -> str:
    """What a genuine slip code names, and how that hold stands now."""
    from desk.core.timefmt import full

    state = label(ClaimState(f.state))
    if f.state == ClaimState.ACTIVE and f.held_until is not None:
        state += pick(f"，预留至 {full(f.held_until)}", f", held until {full(f.held_until)}")
    text = pick(f"真实的预留单 {f.serial}（第 {f.copy_no} 份）：房源 {f.unit_code}，客户 {f.customer}；"
                f"现在：{state}",
                f"Genuine reservation slip {f.serial} (copy {f.copy_no}): unit {f.unit_code}, "
                f"customer {f.customer}; now: {state}")
    if f.voided:
        text += pick("；注意：这一份打印时已标为作废", "; note: this copy was printed as voided")
    elif not f.printed:
        text += pick("；注意：打印记录中没有这一份", "; note: this copy is not in the print log")
    return text + pick("。", ".")
