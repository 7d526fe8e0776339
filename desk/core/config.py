"""Where things live: the data folder, the database URL, the log folder."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "ShowroomDesk"
ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
FONT_FILE = RESOURCES / "fonts" / "wqy-microhei.ttc"
FONT_FAMILY = "WenQuanYi Micro Hei"

_dirs = PlatformDirs(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """The user's data folder; DESK_DATA_DIR overrides it (tests, portable installs)."""
    path = Path(os.environ.get("DESK_DATA_DIR") or _dirs.user_data_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    base = os.environ.get("DESK_DATA_DIR")
    path = Path(base) / "logs" if base else Path(_dirs.user_log_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'desk.sqlite3'}"


def database_url(explicit: str | None = None) -> str:
    """--db URL, else DESK_DATABASE_URL, else the SQLite file in the data folder."""
    url = explicit or os.environ.get("DESK_DATABASE_URL") or default_database_url()
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        # psycopg 3 is the driver we ship; plain URLs would ask for psycopg2.
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def describe_url(url: str) -> str:
    """A short text for the status bar: the file path or the server, no password."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return u.database or ":memory:"
    return f"{u.get_backend_name()}://{u.host or 'localhost'}:{u.port or 5432}/{u.database}"
