"""Commission sharing (佣金分配): the frozen ledger of a month's commission, the
manager's adjustments, and the months the manager has confirmed (locked)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk.models.base import Base, Cents, UTCDateTime
from desk.models.enums import EntryKind, ShareRule, values


class CommissionEntry(Base):
    """One rep's line of one deal in one month's statement. Written when a month
    is confirmed, or straight away for a change to a deal of a locked month (a
    reversal of its lines plus the new lines, in the month the change is made).
    Never updated: a line is undone by a reversal that names it."""

    __tablename__ = "commission_entries"
    __table_args__ = (
        CheckConstraint(f"kind IN {values(EntryKind)}", name="kind"),
        CheckConstraint(f"rule IN {values(ShareRule)}", name="rule"),
        # Basis points (1/100 of a percent): a reversal's share is negative.
        CheckConstraint("share BETWEEN -10000 AND 10000", name="share"),
        Index("ix_commission_entries_month", "month", "rep_id"),
        Index("ix_commission_entries_deal", "deal_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date)  # the first day of the statement's month
    deal_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))  # the subscription
    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    share: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String(10))
    deal_amount: Mapped[Decimal] = mapped_column(Cents)
    amount: Mapped[Decimal] = mapped_column(Cents)
    kind: Mapped[str] = mapped_column(String(10))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("commission_entries.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CommissionAdjustment(Base):
    """A manager's adjustment: this rep's share of this deal becomes `share`,
    the other reps of the deal sharing the rest in their proportions."""

    __tablename__ = "commission_adjustments"
    __table_args__ = (
        CheckConstraint("share BETWEEN 0 AND 10000", name="share"),
        Index("ix_commission_adjustments_deal", "deal_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    share: Mapped[int] = mapped_column(Integer)  # basis points
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CommissionMonth(Base):
    """A month the manager confirmed: its statement is the ledger from then on."""

    __tablename__ = "commission_months"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime)
