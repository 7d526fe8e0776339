"""SQLAlchemy mapped classes. Importing this package registers every table."""

from desk.models.base import Base
from desk.models.core import Change, Project, Setting
from desk.models.rotation import Reception, RotationDay, RotationEvent
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

__all__ = [
    "CLAIM_KINDS", "CLAIM_STATES", "ROLES", "UNIT_STATUSES", "Base", "Building", "Change",
    "Claim", "ContractCounter", "Customer", "Project", "Reception", "RotationDay", "RotationEvent",
    "Setting", "Unit", "UnitEvent", "User",
]
