"""Who may do what: the roles' permissions, the acting user, and the one check.

Services call `require()` before they change anything, so a hidden button is
never the only guard; the UI asks `Actor.can()` the same table to decide what
to show. Kept apart from the accounts (`desk.admin.auth`) so that settings and
other admin modules can check a permission without importing the accounts.
"""

from __future__ import annotations

from dataclasses import dataclass

from desk.core.errors import PermissionDenied
from desk.core.labels import label, names
from desk.models.enums import Role

# What each role may do. The UI asks the same table to decide what to show.
PERMISSIONS: dict[str, frozenset[str]] = {
    Role.FRONT_DESK: frozenset({"queue.operate", "visitors.register", "units.view"}),
    Role.SALES_REP: frozenset(
        {"visitors.register", "units.view", "units.hold", "queue.self", "reports.own"}
    ),
    Role.ASSISTANT: frozenset(
        {
            "visitors.register", "units.view", "units.hold", "units.subscribe", "units.contract",
            "units.import", "print.documents", "customers.unmasked", "payments.record",
        }
    ),
    Role.MANAGER: frozenset(
        {
            "queue.operate", "queue.override", "queue.self", "visitors.register", "units.view",
            "units.hold", "units.subscribe", "units.contract", "units.approve", "units.withhold",
            "units.floor_price", "units.import", "print.documents", "customers.unmasked",
            "reports.view", "settings.manage", "audit.view", "payments.record",
            "targets.manage", "commission.view", "commission.manage",
        }
    ),
    Role.ADMIN: frozenset(
        {"users.manage", "settings.manage", "project.manage", "units.view", "units.import",
         "data.backup",
         "reports.view", "audit.view"}
    ),
}

_ACTIONS = {
    "queue.operate": ("操作轮排", "run the rotation"),
    "queue.override": ("指定接待", "assign a walk-in to a chosen rep"),
    "queue.self": ("更改自己的轮排状态", "change one's own rotation status"),
    "visitors.register": ("登记来访", "register visitors"),
    "units.view": ("查看销控表", "view the sales-control grid"),
    "units.hold": ("预留房源", "hold units"),
    "units.subscribe": ("办理认购", "record subscriptions"),
    "units.contract": ("办理签约", "record contracts"),
    "units.approve": ("审批退订、换房、更名和折扣", "approve cancellations, changes and discounts"),
    "units.withhold": ("控制房源上下架", "withhold units from sale"),
    "units.floor_price": ("查看底价", "see floor prices"),
    "units.import": ("导入价目表", "import price lists"),
    "print.documents": ("打印单据", "print documents"),
    "payments.record": ("登记回款和退款", "record payments and refunds"),
    "customers.unmasked": ("查看完整的客户电话和证件号", "see full customer phone and ID numbers"),
    "reports.view": ("查看报表", "read reports"),
    "reports.own": ("查看自己的业绩", "read one's own figures"),
    "targets.manage": ("设定销售目标", "set sales targets"),
    "commission.view": ("查看佣金金额", "see commission amounts"),
    "commission.manage": ("调整和确认佣金", "adjust and confirm commissions"),
    "audit.view": ("查看审计日志", "read the audit log"),
    "settings.manage": ("修改规则设置", "change the rules"),
    "users.manage": ("管理用户", "manage users"),
    "data.backup": ("备份、恢复或迁移数据库", "back up, restore or move the database"),
    "project.manage": ("修改项目信息", "change the project details"),
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a snapshot, safe to keep across sessions and threads."""

    id: int | None  # None: the application itself (see OPERATOR)
    login: str
    name: str
    role: str

    def can(self, permission: str) -> bool:
        return permission in PERMISSIONS.get(self.role, frozenset())

    @property
    def role_name(self) -> str:
        """Shown with the user's name; the names live in `desk.core.labels`."""
        return label(Role(self.role))


def require(actor: Actor, permission: str) -> None:
    if not actor.can(permission):
        zh, en = _ACTIONS.get(permission, (permission, permission))
        role_zh, role_en = names(Role(actor.role))
        raise PermissionDenied(
            f"{actor.name}（{role_zh}）无权{zh}。",
            f"{actor.name} ({role_en}) may not {en}.",
        )
