"""Where things live: the data folder, the database URL, the log folder."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "ShowroomDesk"
ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
FONT_FILE = RESOURCES / "fonts" / "wqy-microhei.ttc"
FONT_FAMILY = "WenQuanYi Micro Hei"

_dirs = PlatformDirs(APP_NAME, appauthor=False)


def private_dir(path: Path) -> Path:
    """Make `path` (owner-only, 0700) if missing, and tighten it when an older
    version left it readable by others: it holds customer data."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    tighten(path, 0o700)
    return path


def tighten(path: Path, mode: int) -> None:
    """Take away the group's and others' access to a file or folder of ours."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return
    if st.st_mode & stat.S_ISVTX:
        return  # a shared folder such as /tmp, never ours to close
    if st.st_mode & 0o077 and st.st_uid == getattr(os, "getuid", lambda: st.st_uid)():
        with contextlib.suppress(OSError):  # a file system without modes
            path.chmod(mode)


def data_dir() -> Path:
    """The user's data folder; DESK_DATA_DIR overrides it (tests, portable installs)."""
    return private_dir(Path(os.environ.get("DESK_DATA_DIR") or _dirs.user_data_dir))


def log_dir() -> Path:
    base = os.environ.get("DESK_DATA_DIR")
    return private_dir(Path(base) / "logs" if base else Path(_dirs.user_log_dir))


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'desk.sqlite3'}"


def normalize_url(url: str) -> str:
    if url.strip() and (":" not in url or re.match(r"[A-Za-z]:[\\/]", url)):
        # A plain file path (desk --db showroom.sqlite3): the SQLite file there.
        return "sqlite:///" + str(Path(url).expanduser().absolute())
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
