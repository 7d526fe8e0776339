"""Visits and calls, follow-ups, complaints and suggestions, and the access log."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from desk.models.base import Base, UTCDateTime


class Visit(Base):
    """One contact: a visit to the showroom or a phone enquiry (来访 / 来电).

    What the statistics need (kind, source, grade, dates, rep) survives a
    customer's erasure; the notes do not.
    """

    __tablename__ = "visits"
    __table_args__ = (
        CheckConstraint("kind IN ('visit', 'call')", name="kind"),
        CheckConstraint("visit_kind IN ('first', 'return')", name="visit_kind"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating"),
        Index("ix_visits_customer", "customer_id", "at"),
        Index("ix_visits_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    kind: Mapped[str] = mapped_column(String(5))
    visit_kind: Mapped[str] = mapped_column(String(6))
    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reception_id: Mapped[int | None] = mapped_column(ForeignKey("receptions.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    party_size: Mapped[int] = mapped_column(Integer, default=1)
    source: Mapped[str] = mapped_column(String(30), default="")
    grade: Mapped[str] = mapped_column(String(1), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    rating: Mapped[int | None] = mapped_column(Integer)  # the visitor's satisfaction, 1 to 5


class FollowUp(Base):
    """A planned contact (回访) and, once made, its outcome."""

    __tablename__ = "follow_ups"
    __table_args__ = (
        Index("ix_follow_ups_rep_due", "rep_id", "due"),
        # The follow-ups still to make, without the years of those made.
        Index("ix_follow_ups_open", "due", sqlite_where=text("done_at IS NULL"),
              postgresql_where=text("done_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    due: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(10))  # phone wechat sms visit
    plan: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(Text, default="")
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Complaint(Base):
    """Complaints (客户投诉登记表) and suggestions (客户意见及建议登记表)."""

    __tablename__ = "complaints"
    __table_args__ = (
        CheckConstraint("kind IN ('complaint', 'suggestion')", name="kind"),
        CheckConstraint("satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5",
                        name="satisfaction"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    channel: Mapped[str] = mapped_column(String(10))  # visit phone letter online
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    contact_name: Mapped[str] = mapped_column(String(60), default="")
    rep_concerned_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    description: Mapped[str] = mapped_column(Text)
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)  # first response limit
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    response: Mapped[str] = mapped_column(Text, default="")
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class AccessLog(Base):
    """Append-only: who looked at or exported unmasked customer data, or erased it."""

    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(20))  # view export erase
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    detail: Mapped[str] = mapped_column(Text, default="")


class PrintLog(Base):
    """Append-only: every document printed (who, when, which, copy number), and
    every voided one."""

    __tablename__ = "print_log"
    __table_args__ = (Index("ix_print_log_doc", "kind", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20))  # slip subscription contract visitor_form
    ref: Mapped[str] = mapped_column(String(60))
    copy_no: Mapped[int] = mapped_column(Integer)
    voided: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
