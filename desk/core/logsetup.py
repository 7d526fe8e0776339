"""Logging to a rotating file in the platform's log folder."""

from __future__ import annotations

import io
import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from desk.core import config


def log_path() -> Path:
    return config.log_dir() / "desk.log"


class PrivateFileHandler(RotatingFileHandler):
    """A rotating log readable by its owner only: it can name customers."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # a log an older version left readable
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


def setup_logging() -> Path:
    path = log_path()
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        for old in path.parent.glob(path.name + ".*"):  # rotated by an older version
            config.tighten(old, 0o600)
        handler = PrivateFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path
