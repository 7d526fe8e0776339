"""What every screen needs: the database, who is logged in, the UI settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from desk.core import config

if TYPE_CHECKING:  # SQLAlchemy loads off the start-up path (see desk.app)
    from desk.admin.auth import Actor
    from desk.core.db import Database
    from desk.ui.common.operations import Operations


def ui_settings() -> QSettings:
    """Per-PC UI state (window geometry, last screen, language) beside the data."""
    return QSettings(str(config.data_dir() / "ui.ini"), QSettings.Format.IniFormat)


@dataclass
class Context:
    """`ops` is the window's operation runner: every database call goes through it."""

    db: Database
    actor: Actor
    lang: str
    ops: Operations = field(init=False)

    def __post_init__(self) -> None:
        from desk.ui.common.operations import Operations

        self.ops = Operations(self.db)
        self.ops.acting = lambda: (self.actor.login, self.actor.id)
