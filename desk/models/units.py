"""Buildings, units, customers, claims and the per-unit history (销控)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
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

from desk.models.base import Base, Cents, UTCDateTime
from desk.models.enums import ClaimKind, ClaimState, UnitStatus, values

UNIT_STATUSES = values(UnitStatus)
CLAIM_KINDS = values(ClaimKind)
# A claim is active while it holds the unit; every other state is final.
CLAIM_STATES = values(ClaimState)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Building(Base):
    __tablename__ = "buildings"
    __table_args__ = (UniqueConstraint("project_id", "name", name="uq_buildings_project_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    name: Mapped[str] = mapped_column(String(60))
    sort: Mapped[int] = mapped_column(Integer, default=0)


class Customer(Base):
    """A buyer or prospect. The phone (E.164) is the key that finds them again.

    Personal fields are wiped on erasure; the ID number is stored encrypted.
    """

    __tablename__ = "customers"
    __table_args__ = (
        # A search key, then the order its matches are listed in: read in order.
        Index("ix_customers_initials_id", "initials", "id"),
        Index("ix_customers_tail_phone", "phone_tail", "phone"),
        Index("ix_customers_name_id", "name", "id"),
        Index("ix_customers_last_visit", "last_visit_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    # For search as one types: pinyin initials ("zs" for 张三) and the last four digits.
    initials: Mapped[str] = mapped_column(String(60), default="")
    phone_tail: Mapped[str] = mapped_column(String(4), default="")
    gender: Mapped[str] = mapped_column(String(1), default="")  # M F or ""
    id_number_enc: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(30), default="")
    referral_code: Mapped[str] = mapped_column(String(30), default="")
    grade: Mapped[str] = mapped_column(String(1), default="")  # A B C
    wanted_layout: Mapped[str] = mapped_column(String(30), default="")
    wanted_area: Mapped[str] = mapped_column(String(30), default="")
    budget: Mapped[str] = mapped_column(String(30), default="")
    purpose: Mapped[str] = mapped_column(String(10), default="")  # own investment
    notes: Mapped[str] = mapped_column(Text, default="")
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Which consent text it was given for (desk.visitors.consent): asked again
    # only when the text changes.
    consent_version: Mapped[str | None] = mapped_column(String(16))
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Kept with every visit, so lists need not aggregate the visits table.
    last_visit_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    visit_count: Mapped[int] = mapped_column(Integer, default=0)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Ownership (客户归属) lapses this long after the last effective contact.
    owner_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Unit(Base):
    __tablename__ = "units"
    __table_args__ = (
        UniqueConstraint("project_id", "code", name="uq_units_project_code"),
        CheckConstraint(_in("status", UNIT_STATUSES), name="status"),
        CheckConstraint("gross_area > 0", name="gross_area_positive"),
        Index("ix_units_building_floor", "building_id", "floor"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    building_id: Mapped[int] = mapped_column(ForeignKey("buildings.id"))
    code: Mapped[str] = mapped_column(String(40))
    entrance: Mapped[str] = mapped_column(String(20), default="")
    floor: Mapped[int] = mapped_column(Integer)
    room: Mapped[str] = mapped_column(String(20))
    # The room's place on its floor ('02' of 1502, 'F' of 45F): the grid's column.
    position: Mapped[str | None] = mapped_column(String(20))
    layout: Mapped[str] = mapped_column(String(30), default="")
    orientation: Mapped[str] = mapped_column(String(20), default="")
    usage: Mapped[str] = mapped_column(String(20), default="")
    gross_area: Mapped[Decimal] = mapped_column(Cents)
    inner_area: Mapped[Decimal | None] = mapped_column(Cents)
    unit_price: Mapped[Decimal | None] = mapped_column(Cents)
    list_price: Mapped[Decimal | None] = mapped_column(Cents)
    floor_price: Mapped[Decimal | None] = mapped_column(Cents)
    status: Mapped[str] = mapped_column(String(12), default=UnitStatus.AVAILABLE.value)
    # Bumped by every change: each UPDATE is compare-and-set on the version, so
    # a writer that read a stale unit fails instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Claim(Base):
    """A hold, subscription or contract on a unit.

    The partial unique index is the no-double-sale guarantee: whatever path a
    write takes (screen, CLI, import, another PC), the database refuses a second
    active claim on a unit.
    """

    __tablename__ = "claims"
    __table_args__ = (
        CheckConstraint(_in("kind", CLAIM_KINDS), name="kind"),
        CheckConstraint(_in("state", CLAIM_STATES), name="state"),
        Index(
            "uq_claims_one_active_per_unit", "unit_id", unique=True,
            sqlite_where=text("state = 'active'"), postgresql_where=text("state = 'active'"),
        ),
        Index("ix_claims_state_expires", "state", "expires_at"),
        # Reports read claims by when they were made or ended, and a unit's
        # claims over time (the double-sale history check): without these
        # every report period scans every claim ever made.
        Index("ix_claims_unit", "unit_id", "started_at"),
        Index("ix_claims_created", "created_at"),
        Index("ix_claims_ended", "ended_at"),
        UniqueConstraint("project_id", "contract_number", name="uq_claims_contract_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    kind: Mapped[str] = mapped_column(String(12))
    state: Mapped[str] = mapped_column(String(12), default=ClaimState.ACTIVE.value)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Holds: when the first hold of this chain began (extensions count against a
    # maximum) and when it runs out.
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    price: Mapped[Decimal | None] = mapped_column(Cents)  # frozen list price / agreed price
    deposit: Mapped[Decimal | None] = mapped_column(Cents)
    sign_by: Mapped[date | None] = mapped_column(Date)
    payment_method: Mapped[str] = mapped_column(String(20), default="")
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    contract_number: Mapped[str | None] = mapped_column(String(60))
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class UnitEvent(Base):
    """Append-only: every status change of a unit (who, when, from, to, why)."""

    __tablename__ = "unit_events"
    __table_args__ = (Index("ix_unit_events_unit", "unit_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text, default="")


class ContractCounter(Base):
    """The last contract number issued per project and year: gap-free because
    it advances in the same transaction as the contract it numbers."""

    __tablename__ = "contract_counters"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)
