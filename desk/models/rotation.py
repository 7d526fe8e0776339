"""The reception rotation: an append-only event log per day, its snapshot, and
the receptions it hands out."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from desk.models.base import Base, UTCDateTime
from desk.models.enums import ReceptionState, WaitingState, values


class RotationEvent(Base):
    """Append-only. `data` (JSON) records the outcome: who received, who forfeited."""

    __tablename__ = "rotation_events"
    __table_args__ = (Index("ix_rotation_events_day", "day", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(12))
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    data: Mapped[str] = mapped_column(Text, default="{}")
    # The window (PC) that wrote it: undo takes back this desk's own last action.
    origin: Mapped[str | None] = mapped_column(String(40))


class RotationDay(Base):
    """The day's state after its last event: a cache of replaying the log, and the
    row every rotation write locks, so two desks never hand out the same turn."""

    __tablename__ = "rotation_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    state: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=0)


class Reception(Base):
    """One party received by one rep (a group arriving together is one reception)."""

    __tablename__ = "receptions"
    __table_args__ = (
        CheckConstraint("state IN ('open', 'closed', 'undone')", name="state"),
        CheckConstraint("party_size >= 1", name="party_size"),
        Index("ix_receptions_day_rep", "day", "rep_id"),
        # The desk's open receptions, whatever the size of the day.
        Index("ix_receptions_open", "day", "id", sqlite_where=text("state = 'open'"),
              postgresql_where=text("state = 'open'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    how: Mapped[str] = mapped_column(String(10))  # turn owner cover override reopen
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    party_size: Mapped[int] = mapped_column(Integer, default=1)
    arrived_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(8), default=ReceptionState.OPEN.value)
    invalid: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text, default="")


class WaitingVisitor(Base):
    """A walk-in who arrived while every rep was busy: waits in order of arrival
    for the next rep to become free. The day's number is what the desk tells the
    visitor and the hall board shows (no customer data there)."""

    __tablename__ = "waiting_visitors"
    __table_args__ = (
        UniqueConstraint("day", "number"),
        CheckConstraint(f"state IN {values(WaitingState)}", name="state"),
        CheckConstraint("party_size >= 1", name="party_size"),
        Index("ix_waiting_visitors_day_state", "day", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    number: Mapped[int] = mapped_column(Integer)
    arrived_at: Mapped[datetime] = mapped_column(UTCDateTime)
    party_size: Mapped[int] = mapped_column(Integer, default=1)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(10), default=WaitingState.WAITING.value)
    # The reception they were handed to (the same party back today reopens theirs).
    reception_id: Mapped[int | None] = mapped_column(ForeignKey("receptions.id"))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
