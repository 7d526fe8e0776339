"""Project identity, settings and the change feed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk.models.base import Base, UTCDateTime


class Project(Base):
    """A development being sold (楼盘)."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    seller: Mapped[str] = mapped_column(String(200), default="")
    presale_permit: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    # How the price list's totals follow from area and unit price (desk.sales.price_rules).
    price_rule: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Setting(Base):
    """A configurable rule; the value is JSON text."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Change(Base):
    """One committed change, so every open window (and other PCs) can refresh.

    `kind` names what changed ("units", "queue", "users", ...).
    """

    __tablename__ = "changes"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(30))
    ref: Mapped[str | None] = mapped_column(String(60))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The window whose action made the change; it refreshed already.
    origin: Mapped[str | None] = mapped_column(String(40))
