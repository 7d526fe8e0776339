"""Start-up against a bare PySide6 program that opens one empty window.

Two figures: process start to the first painted window (the login window, the
first thing a person sees), and process start to the painted main window with
the password typed by the script (this includes the deliberate ~0.1 s argon2
password check and loading SQLAlchemy, which the login window does not wait for).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bench.common import median, report, time_process


def run(rounds: int = 7) -> list[dict]:
    tmp = Path(tempfile.mkdtemp(prefix="desk-bench-start-"))
    env = dict(os.environ, DESK_DATA_DIR=str(tmp), QT_QPA_PLATFORM="offscreen")
    url = f"sqlite:///{tmp / 'demo.sqlite3'}"
    from desk.core.db import Database
    from desk.demo import showroom as demo

    db = Database(url)
    db.migrate()
    with db.begin() as s:
        demo.load(s)
    db.dispose()
    login, main, bare = [], [], []
    time_process(["-m", "bench.start_bare"], env)  # warm the file cache
    for _ in range(rounds):
        marks = time_process(["-m", "bench.start_desk", url, "manager"], env)
        login.append(marks["LOGIN"])
        main.append(marks["READY"])
        bare.append(time_process(["-m", "bench.start_bare"], env)["READY"])
    base = median(bare)
    return [
        report("start-up to the first painted window (login)", median(login), base, 2.0),
        report("start-up to the painted main window (scripted login)", median(main), base, None),
    ]
