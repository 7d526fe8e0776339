"""The audit log's words, in both languages: its actions, the tables it names,
the fields of each table, and which fields hold a closed set or another row.

`desk.admin.audit` reads the log through these tables for the screen and the
command line alike; a table or field missing here shows by its raw name.
"""

from __future__ import annotations

from enum import StrEnum

from desk.models.enums import (
    AccessAction,
    ApprovalKind,
    ApprovalState,
    ClaimKind,
    ClaimState,
    ComplaintChannel,
    ComplaintKind,
    ContactKind,
    EntryKind,
    FollowUpChannel,
    Gender,
    InstalmentKind,
    IntentGrade,
    OrderMode,
    PaymentKind,
    PaymentMeans,
    PaymentMethod,
    Purpose,
    ReceptionHow,
    ReceptionState,
    Role,
    RotationEventKind,
    ShareRule,
    UnitAction,
    UnitStatus,
    VisitKind,
    WaitingState,
)

Pair = tuple[str, str]

# What an entry did, in the order the action filter lists them. A "failed"
# entry is not stored as such: it is a users update of the wrong-password count.
ACTION_NAMES: dict[str, Pair] = {
    "insert": ("新增", "Added"),
    "update": ("修改", "Changed"),
    "delete": ("删除", "Removed"),
    "import": ("导入", "Imported"),
    "erase": ("抹除个人信息", "Erased"),
    "login": ("登录", "Signed in"),
    "login_refused": ("登录被拒（已锁定）", "Sign-in refused (locked)"),
    "failed": ("密码错误", "Wrong password"),
    "unlock": ("解除锁定", "Unlocked"),
}

# The tables, grouped by what they are about (the table filter's order).
TABLE_NAMES: dict[str, Pair] = {
    "units": ("房源", "Units"),
    "unit_events": ("房源历史", "Unit history"),
    "claims": ("预留与成交", "Holds and deals"),
    "approval_requests": ("审批请求", "Approval requests"),
    "contract_counters": ("合同编号", "Contract numbers"),
    "payment_plans": ("付款计划", "Payment plans"),
    "instalments": ("应收款项", "Instalments"),
    "payments": ("收款", "Payments"),
    "receipt_counters": ("收据编号", "Receipt numbers"),
    "commission_entries": ("佣金明细", "Commission entries"),
    "commission_adjustments": ("佣金调整", "Commission adjustments"),
    "commission_months": ("佣金确认", "Confirmed commission months"),
    "sales_targets": ("销售目标", "Sales targets"),
    "customers": ("客户", "Customers"),
    "visits": ("来访", "Visits"),
    "follow_ups": ("回访", "Follow-ups"),
    "complaints": ("投诉与建议", "Complaints"),
    "receptions": ("接待", "Receptions"),
    "rotation_events": ("轮排", "Rotation"),
    "waiting_visitors": ("等候客人", "Waiting visitors"),
    "users": ("账号", "Accounts"),
    "settings": ("设置", "Settings"),
    "projects": ("项目", "Projects"),
    "buildings": ("楼栋", "Buildings"),
    "access_log": ("访问记录", "Access log"),
    "print_log": ("打印记录", "Print log"),
}

# Fields named alike in every table (a table's own entry wins).
COMMON_FIELDS: dict[str, Pair] = {
    "id": ("编号", "id"),
    "project_id": ("项目", "project"),
    "unit_id": ("房源", "unit"),
    "customer_id": ("客户", "customer"),
    "claim_id": ("预留或成交", "hold or deal"),
    "rep_id": ("置业顾问", "rep"),
    "owner_id": ("归属顾问", "owner"),
    "user_id": ("账号", "account"),
    "actor_id": ("操作人", "done by"),
    "created_by": ("录入人", "entered by"),
    "created_at": ("录入时间", "entered"),
    "approved_by": ("审批人", "approved by"),
    "requested_by": ("申请人", "requested by"),
    "requested_at": ("申请时间", "requested"),
    "decided_by": ("审批人", "decided by"),
    "decided_at": ("审批时间", "decided"),
    "handler_id": ("处理人", "handler"),
    "operator_id": ("经办人", "operator"),
    "rep_concerned_id": ("涉及顾问", "rep concerned"),
    "reception_id": ("接待", "reception"),
    "at": ("时间", "time"),
    "day": ("日期", "day"),
    "kind": ("类型", "kind"),
    "state": ("状态", "state"),
    "status": ("状态", "status"),
    "reason": ("原因", "reason"),
    "note": ("备注", "note"),
    "notes": ("备注", "notes"),
    "name": ("名称", "name"),
    "source": ("来源渠道", "source"),
    "grade": ("意向等级", "intent grade"),
    "party_size": ("人数", "party"),
    "ended_at": ("结束时间", "ended"),
    "origin": ("窗口", "window"),
    "version": ("版本", "version"),
}

FIELD_NAMES: dict[str, dict[str, Pair]] = {
    "units": {
        "code": ("房号", "code"), "building_id": ("楼栋", "building"),
        "entrance": ("单元", "entrance"), "floor": ("楼层", "floor"), "room": ("室号", "room"),
        "position": ("位置", "position"), "layout": ("户型", "layout"),
        "orientation": ("朝向", "orientation"), "usage": ("用途", "usage"),
        "gross_area": ("建筑面积", "gross area"), "inner_area": ("套内面积", "inner area"),
        "unit_price": ("单价", "unit price"), "list_price": ("总价", "list price"),
        "floor_price": ("底价", "floor price"),
    },
    "claims": {
        "started_at": ("开始时间", "started"), "expires_at": ("预留到期", "hold expires"),
        "price": ("价格", "price"), "deposit": ("定金", "deposit"),
        "sign_by": ("签约期限", "sign by"), "payment_method": ("付款方式", "payment"),
        "contract_number": ("合同编号", "contract no."), "previous_id": ("原认购", "previous"),
    },
    "unit_events": {
        "action": ("动作", "action"), "from_status": ("原状态", "from"),
        "to_status": ("新状态", "to"),
    },
    "customers": {
        "name": ("姓名", "name"), "phone": ("手机", "phone"),
        "initials": ("拼音首字母", "initials"), "phone_tail": ("手机尾号", "phone ending"),
        "gender": ("性别", "gender"), "id_number_enc": ("证件号码", "ID number"),
        "referral_code": ("推荐码", "referral code"), "wanted_layout": ("意向户型", "layout wanted"),
        "wanted_area": ("意向面积", "area wanted"), "budget": ("预算", "budget"),
        "purpose": ("购房用途", "purpose"), "consent_at": ("同意时间", "consent given"),
        "consent_version": ("同意条款版本", "consent version"), "erased_at": ("删除时间", "erased"),
        "last_visit_at": ("最近来访", "last visit"), "visit_count": ("来访次数", "visits"),
        "owner_until": ("归属到期", "owned until"),
    },
    "users": {
        "login": ("登录名", "login"), "name": ("姓名", "name"), "role": ("角色", "role"),
        "password_hash": ("密码", "password"), "active": ("启用", "active"),
        "failed_logins": ("密码错误次数", "wrong passwords"),
        "locked_until": ("锁定至", "locked until"),
    },
    "settings": {"key": ("设置", "setting"), "value": ("值", "value")},
    "visits": {"kind": ("方式", "by"), "visit_kind": ("来访类型", "visit")},
    "rotation_events": {"kind": ("事件", "event"), "data": ("详情", "detail")},
    "receptions": {
        "how": ("接待方式", "how"), "arrived_at": ("到访时间", "arrived"),
        "invalid": ("无效接待", "invalid"),
    },
    "waiting_visitors": {"number": ("等候号", "number"), "arrived_at": ("到达时间", "arrived")},
    "follow_ups": {
        "due": ("应回访日期", "due"), "channel": ("方式", "channel"), "plan": ("计划", "plan"),
        "done_at": ("完成时间", "done"), "outcome": ("结果", "outcome"),
        "escalated_at": ("上报时间", "escalated"),
    },
    "complaints": {
        "channel": ("渠道", "channel"), "received_at": ("收到时间", "received"),
        "description": ("内容", "description"), "due_at": ("答复期限", "answer due"),
        "response": ("答复", "answer"), "resolution": ("处理结果", "resolution"),
        "contact_name": ("联系人", "contact"),
    },
    "approval_requests": {"params": ("内容", "details")},
    "projects": {
        "name": ("项目名称", "name"), "seller": ("出卖人", "seller"),
        "presale_permit": ("预售许可证号", "presale permit"), "address": ("地址", "address"),
    },
    "contract_counters": {"year": ("年份", "year"), "last": ("已用到", "last number")},
    "commission_entries": {
        "month": ("月份", "month"), "deal_id": ("成交", "deal"), "share": ("份额（万分比）", "share (bp)"),
        "rule": ("分配规则", "rule"), "deal_amount": ("成交金额", "deal amount"),
        "amount": ("佣金", "commission"), "kind": ("类型", "entry"),
        "reverses_id": ("冲销明细", "reverses"),
    },
    "commission_adjustments": {"deal_id": ("成交", "deal"), "share": ("份额（万分比）", "share (bp)")},
    "commission_months": {
        "month": ("月份", "month"), "confirmed_by": ("确认人", "confirmed by"),
        "confirmed_at": ("确认时间", "confirmed"),
    },
    "sales_targets": {
        "month": ("月份", "month"), "signed_amount": ("签约目标金额", "signed amount target"),
        "units": ("签约套数目标", "units target"), "collection": ("回款目标金额", "collection target"),
        "set_by": ("设定人", "set by"), "set_at": ("设定时间", "set at"),
    },
    "payment_plans": {"deal_id": ("交易", "deal"), "claim_id": ("当前认购或合同", "deal's claim"),
                      "began_on": ("认购日", "began on")},
    "instalments": {
        "deal_id": ("交易", "deal"), "seq": ("序号", "no."), "kind": ("款项类型", "kind"),
        "item": ("款项", "item"), "due_on": ("应付日期", "due on"), "amount": ("金额", "amount"),
    },
    "payments": {
        "deal_id": ("交易", "deal"), "kind": ("收款或退款", "payment or refund"),
        "amount": ("金额", "amount"), "received_on": ("收款日期", "received on"),
        "means": ("收款方式", "paid by"), "receipt_no": ("收据号", "receipt no."),
        "reason": ("退款原因", "reason for the refund"), "voided_at": ("作废时间", "voided"),
        "voided_by": ("作废人", "voided by"), "void_reason": ("作废原因", "reason for voiding"),
    },
    "receipt_counters": {"year": ("年份", "year"), "last": ("已用到", "last number")},
}

# Fields that hold a member of a closed set: (table, field), or ("", field) anywhere.
ENUM_FIELDS: dict[tuple[str, str], type[StrEnum]] = {
    ("units", "status"): UnitStatus,
    ("unit_events", "from_status"): UnitStatus,
    ("unit_events", "to_status"): UnitStatus,
    ("unit_events", "action"): UnitAction,
    ("claims", "kind"): ClaimKind,
    ("claims", "state"): ClaimState,
    ("claims", "payment_method"): PaymentMethod,
    ("approval_requests", "kind"): ApprovalKind,
    ("approval_requests", "state"): ApprovalState,
    ("users", "role"): Role,
    ("rotation_events", "kind"): RotationEventKind,
    ("receptions", "how"): ReceptionHow,
    ("receptions", "state"): ReceptionState,
    ("waiting_visitors", "state"): WaitingState,
    ("visits", "kind"): ContactKind,
    ("visits", "visit_kind"): VisitKind,
    ("follow_ups", "channel"): FollowUpChannel,
    ("complaints", "kind"): ComplaintKind,
    ("complaints", "channel"): ComplaintChannel,
    ("access_log", "action"): AccessAction,
    ("commission_entries", "kind"): EntryKind,
    ("commission_entries", "rule"): ShareRule,
    ("instalments", "kind"): InstalmentKind,
    ("payments", "kind"): PaymentKind,
    ("payments", "means"): PaymentMeans,
    ("", "grade"): IntentGrade,
    ("", "gender"): Gender,
    ("", "purpose"): Purpose,
}
# Settings whose value is a member of a closed set.
ENUM_SETTINGS: dict[str, type[StrEnum]] = {"rotation.order_mode": OrderMode}

# Fields that name another row, by the kind of thing they name.
USER_FIELDS = frozenset({"rep_id", "owner_id", "user_id", "actor_id", "created_by", "operator_id",
                         "approved_by", "requested_by", "decided_by", "handler_id",
                         "rep_concerned_id", "voided_by", "set_by", "confirmed_by"})
REF_FIELDS: dict[str, str] = {
    **{f: "users" for f in USER_FIELDS},
    "unit_id": "units",
    "customer_id": "customers",
    "project_id": "projects",
    "claim_id": "claims",
    "previous_id": "claims",
    "deal_id": "claims",  # a deal is named by the subscription it began with
}
# Fields not shown: the row's own number (the entry names the row), the
# compare-and-set counter, and a customer's search keys (made from the name and
# the phone, which are shown).
HIDDEN_FIELDS = frozenset({"id", "version", "initials", "phone_tail"})
