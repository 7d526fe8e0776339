"""Requests for a sales manager's approval, answered from any PC (审批)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk.models.base import Base, UTCDateTime
from desk.models.enums import ApprovalKind, ApprovalState, values

APPROVAL_KINDS = values(ApprovalKind)
APPROVAL_STATES = values(ApprovalState)


def _one_of(column: str, allowed: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in allowed)})"


class ApprovalRequest(Base):
    """One exception asked of the manager: a discount past the limit, a
    cancellation, a change of unit or a rename.

    `params` (JSON) holds exactly what was asked; an approved request is good
    for that operation on that unit and claim once (state `used` after)."""

    __tablename__ = "approval_requests"
    __table_args__ = (
        CheckConstraint(_one_of("kind", APPROVAL_KINDS), name="kind"),
        CheckConstraint(_one_of("state", APPROVAL_STATES), name="state"),
        Index("ix_approval_requests_state", "state", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    kind: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    params: Mapped[str] = mapped_column(Text, default="{}")
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(12), default=ApprovalState.PENDING.value)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text, default="")  # why refused
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
