"""Waiting for changes committed anywhere (this PC, another PC, the CLI)."""

from __future__ import annotations

import time

from desk.core.changes import CHANNEL, ChangeRow, latest, since
from desk.core.db import CONNECT_TIMEOUT_S, Database


class Listener:
    """Waits for changes committed by anyone: this PC, another PC, the CLI.

    Plain Python (the UI runs it on a worker thread). PostgreSQL wakes it with
    NOTIFY; SQLite is polled, which costs one indexed read.
    """

    POLL_SECONDS = 0.5

    def __init__(self, db: Database) -> None:
        self.db = db
        with db.read() as s:
            self.last = latest(s)
            # What is already committed is not news: only later rows are reported.
            self._seen: set[int] = {r.seq for r in since(s, self.last)}
        db.cache.clear()  # what changed while nobody listened (the server was away) is unknown
        self._pg = None
        if not db.is_sqlite:
            import psycopg

            url = db.engine.url.set(drivername="postgresql")
            self._pg = psycopg.connect(url.render_as_string(hide_password=False), autocommit=True,
                                       connect_timeout=CONNECT_TIMEOUT_S)
            self._pg.execute(f"LISTEN {CHANNEL}")

    def poll(self) -> list[ChangeRow]:
        with self.db.read() as s:
            rows = since(s, self.last)
        new = [r for r in rows if r.seq not in self._seen]
        if new:
            self.db.cache.forget({r.kind for r in new})  # what this process kept may be stale
            self.last = max(self.last, max(r.seq for r in new))
            self._seen.update(r.seq for r in new)
            self._seen = {q for q in self._seen if q > self.last - 400}
        return new

    def wait(self, timeout: float = 1.0) -> list[ChangeRow]:
        if self._pg is not None:
            for _ in self._pg.notifies(timeout=timeout, stop_after=1):
                pass
            # One poll reads every row committed so far: drop the notices queued
            # meanwhile, or a storm leaves a backlog that delays the last change.
            for _ in self._pg.notifies(timeout=0.001):
                pass
        else:
            time.sleep(min(timeout, self.POLL_SECONDS))
        return self.poll()

    def close(self) -> None:
        if self._pg is not None:
            self._pg.close()
            self._pg = None
