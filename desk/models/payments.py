"""Payment schedules, money received and refunds (回款)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desk.models.base import Base, Cents, UTCDateTime
from desk.models.enums import InstalmentKind, PaymentKind, PaymentMeans, values

INSTALMENT_KINDS = values(InstalmentKind)
PAYMENT_KINDS = values(PaymentKind)
PAYMENT_MEANS = values(PaymentMeans)


def _one_of(column: str, allowed: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in allowed)})"


class PaymentPlan(Base):
    """One deal's account: from its subscription (`deal_id`, the first claim of
    the deal) through a change of unit and the contract (`claim_id`, the claim
    that stands for the deal now; cancelled when the deal is)."""

    __tablename__ = "payment_plans"
    __table_args__ = (Index("ix_payment_plans_claim", "claim_id"),)

    deal_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True,
                                         autoincrement=False)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    # The showroom date the deal began: no payment is dated before it.
    began_on: Mapped[date] = mapped_column(Date)


class Instalment(Base):
    """One line of a deal's schedule: what is due, and by when."""

    __tablename__ = "instalments"
    __table_args__ = (
        UniqueConstraint("deal_id", "seq", name="uq_instalments_deal_seq"),
        CheckConstraint(_one_of("kind", INSTALMENT_KINDS), name="kind"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        Index("ix_instalments_due", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("payment_plans.deal_id"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    item: Mapped[str] = mapped_column(String(60))  # as the documents print it
    due_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Cents)


class Payment(Base):
    """Append-only: money received against a deal, or paid back (a refund, stored
    negative, so that the sum of a deal's rows is what it holds)."""

    __tablename__ = "payments"
    __table_args__ = (
        UniqueConstraint("project_id", "receipt_no", name="uq_payments_receipt_no"),
        CheckConstraint(_one_of("kind", PAYMENT_KINDS), name="kind"),
        CheckConstraint(_one_of("means", PAYMENT_MEANS), name="means"),
        CheckConstraint("(kind = 'payment' AND amount > 0) OR (kind = 'refund' AND amount < 0)",
                        name="amount_sign"),
        Index("ix_payments_deal", "deal_id"),
        Index("ix_payments_received", "received_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    deal_id: Mapped[int] = mapped_column(ForeignKey("payment_plans.deal_id"))
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))  # the deal's claim that day
    kind: Mapped[str] = mapped_column(String(10))
    amount: Mapped[Decimal] = mapped_column(Cents)
    received_on: Mapped[date] = mapped_column(Date)
    means: Mapped[str] = mapped_column(String(12))
    receipt_no: Mapped[str | None] = mapped_column(String(30))  # payments only
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")  # refunds: why
    # A payment recorded by mistake is voided, never deleted: it stays on the
    # receipt sequence and out of every sum.
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    void_reason: Mapped[str] = mapped_column(Text, default="", server_default="")


class ReceiptCounter(Base):
    """The last receipt number issued per project and year: gap-free because it
    advances in the same transaction as the payment it numbers."""

    __tablename__ = "receipt_counters"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)
