"""SQLAlchemy mapped classes. Importing this package registers every table."""

from desk.models.approvals import ApprovalRequest
from desk.models.audit import AuditEntry, AuditHead
from desk.models.base import Base
from desk.models.commission import CommissionAdjustment, CommissionEntry, CommissionMonth
from desk.models.core import Change, Project, Setting
from desk.models.payments import Instalment, Payment, PaymentPlan, ReceiptCounter
from desk.models.rotation import Reception, RotationDay, RotationEvent, WaitingVisitor
from desk.models.targets import SalesTarget
from desk.models.units import (
    CLAIM_KINDS,
    CLAIM_STATES,
    UNIT_STATUSES,
    Building,
    Claim,
    ContractCounter,
    Customer,
    Unit,
    UnitEvent,
)
from desk.models.user import ROLES, User
from desk.models.visitors import AccessLog, Complaint, FollowUp, PrintLog, Visit

__all__ = [
    "CLAIM_KINDS",
    "CLAIM_STATES",
    "ROLES",
    "UNIT_STATUSES",
    "AccessLog",
    "ApprovalRequest",
    "AuditEntry",
    "AuditHead",
    "Base",
    "Building",
    "Change",
    "Claim",
    "CommissionAdjustment",
    "CommissionEntry",
    "CommissionMonth",
    "Complaint",
    "ContractCounter",
    "Customer",
    "FollowUp",
    "Instalment",
    "Payment",
    "PaymentPlan",
    "PrintLog",
    "Project",
    "ReceiptCounter",
    "Reception",
    "RotationDay",
    "RotationEvent",
    "SalesTarget",
    "Setting",
    "Unit",
    "UnitEvent",
    "User",
    "Visit",
    "WaitingVisitor",
]
