"""The manager's monthly targets (销售目标): for the team and for each rep."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, text
from sqlalchemy.orm import Mapped, mapped_column

from desk.models.base import Base, Cents, UTCDateTime


class SalesTarget(Base):
    """One month's targets for one rep, or for the team when `rep_id` is NULL.
    A figure left NULL has no target."""

    __tablename__ = "sales_targets"
    __table_args__ = (
        # One row per rep and month, and one team row per month (NULLs are
        # distinct in a plain unique index, hence the partial one).
        Index("uq_sales_targets_rep_month", "rep_id", "month", unique=True,
              sqlite_where=text("rep_id IS NOT NULL"), postgresql_where=text("rep_id IS NOT NULL")),
        Index("uq_sales_targets_team_month", "month", unique=True,
              sqlite_where=text("rep_id IS NULL"), postgresql_where=text("rep_id IS NULL")),
        CheckConstraint("signed_amount IS NULL OR signed_amount >= 0", name="signed_amount"),
        CheckConstraint("units IS NULL OR units >= 0", name="units"),
        CheckConstraint("collection IS NULL OR collection >= 0", name="collection"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date)  # the first day of the month
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signed_amount: Mapped[Decimal | None] = mapped_column(Cents)
    units: Mapped[int | None] = mapped_column(Integer)
    collection: Mapped[Decimal | None] = mapped_column(Cents)
    set_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)
