"""What every screen needs: the database, who is logged in, the UI settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from desk.core import config

if TYPE_CHECKING:  # SQLAlchemy loads off the start-up path (see desk.app)
    from desk.admin.auth import Actor
    from desk.core.db import Database


def ui_settings() -> QSettings:
    """Per-PC UI state (window geometry, last screen, language) beside the data."""
    return QSettings(str(config.data_dir() / "ui.ini"), QSettings.Format.IniFormat)


@dataclass
class Context:
    db: Database
    actor: Actor
    lang: str
