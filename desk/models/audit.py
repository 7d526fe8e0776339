"""The audit log: every change, chained by hashes (desk.core.audit writes it)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk.models.base import Base, UTCDateTime


class AuditEntry(Base):
    """One change (or one named action), append-only.

    `id` is the entry's place in the chain (given by `AuditHead`, not by the
    database), `hash` covers the previous entry's hash, the entry's own fields
    and `digest`, the hash of its old and new values. An erasure may replace
    the values with nothing (`redacted`); the digest stays, so the chain holds.
    No foreign keys: the log outlives what it names.
    """

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_customer", "customer_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(40))  # a login, or "system"
    actor_id: Mapped[int | None] = mapped_column(Integer)
    host: Mapped[str] = mapped_column(String(100))  # the PC
    action: Mapped[str] = mapped_column(String(20))  # insert update delete, or a named action
    table_name: Mapped[str] = mapped_column(String(40))
    row_key: Mapped[str] = mapped_column(String(100))
    # The customer the row is about, so an erasure finds their entries.
    customer_id: Mapped[int | None] = mapped_column(Integer)
    old_values: Mapped[str | None] = mapped_column(Text)  # JSON
    new_values: Mapped[str | None] = mapped_column(Text)  # JSON
    digest: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    redacted: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditHead(Base):
    """The chain's last entry: one row, locked by the writer that appends, so
    two transactions never chain onto the same entry; deleting the last
    entries shows as a head that names a missing one."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64))
