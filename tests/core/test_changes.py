"""The change feed: a commit anywhere reaches every listener."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from desk.admin import auth
from desk.core import changes
from desk.core.changes import ChangeKind
from desk.core.db import Database
from desk.core.listener import Listener


def _wait_for(listener: Listener, kind: str, seconds: float = 5.0) -> set[str]:
    seen: set[str] = set()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and kind not in seen:
        seen |= {r.kind for r in listener.wait(0.5)}
    return seen


def test_commit_in_this_process_is_seen(any_db: Database) -> None:
    listener = Listener(any_db)
    try:
        assert listener.poll() == []
        with any_db.begin() as s:
            auth.create_user(s, None, "lina", "李娜", "sales_rep", "secret1")
        assert "users" in _wait_for(listener, "users")
        assert listener.poll() == []  # each change is announced once
    finally:
        listener.close()


def test_rolled_back_change_is_not_announced(any_db: Database) -> None:
    listener = Listener(any_db)
    try:
        try:
            with any_db.begin() as s:
                s.record(ChangeKind.UNITS, 1)
                raise RuntimeError("abort")
        except RuntimeError:
            pass
        assert listener.poll() == []
    finally:
        listener.close()


def test_change_from_another_process_arrives_within_two_seconds(any_db: Database) -> None:
    listener = Listener(any_db)
    try:
        env = dict(os.environ, DESK_DATABASE_URL=any_db.url, DESK_NEW_PASSWORD="secret1")
        subprocess.run([sys.executable, "-m", "desk", "users", "add", "bob", "--name", "Bob",
                        "--role", "admin"], env=env, check=True, capture_output=True)
        start = time.monotonic()
        assert "users" in _wait_for(listener, "users", 2.0)
        assert time.monotonic() - start < 2.0
    finally:
        listener.close()


def test_prune_keeps_the_recent_rows(db: Database, monkeypatch) -> None:
    monkeypatch.setattr(changes, "KEEP", 5)
    with db.begin() as s:
        for i in range(12):
            s.record(ChangeKind.UNITS, i)
    with db.begin() as s:
        changes.prune(s)
        rows = changes.since(s, 0, window=0)
    assert [r.ref for r in rows] == [str(i) for i in range(7, 12)]
