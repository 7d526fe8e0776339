"""A consistent copy of the database while the application may be running."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from desk.core.db import Database
from desk.core.errors import DeskError, InvalidInput


def backup(db: Database, target: Path) -> Path:
    target = target.expanduser().resolve()
    if target.exists() and target.is_dir():
        raise InvalidInput(f"{target} 是一个文件夹，请给出文件名。",
                           f"{target} is a folder: give a file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    url = make_url(db.url)
    if db.is_sqlite:
        if not url.database:
            raise InvalidInput("内存数据库无法备份。", "An in-memory database cannot be backed up.")
        # SQLite's online backup copies a consistent snapshot, WAL included.
        src = sqlite3.connect(url.database)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        return target
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise DeskError(
            "未找到 pg_dump：请在这台电脑上安装 PostgreSQL 客户端。",
            "pg_dump was not found: install the PostgreSQL client on this PC.",
        )
    libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
    result = subprocess.run(
        [pg_dump, "--format=custom", f"--file={target}", f"--dbname={libpq}"],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        why = result.stderr.strip()
        raise DeskError(f"备份失败：{why}", f"Backup failed: {why}")
    return target
