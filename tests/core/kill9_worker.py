"""The writer that tests/core/test_kill9.py kills at random moments.

Usage: python -m tests.core.kill9_worker DB_URL
A fork server: it imports the application once, then for each line
`go LOGFILE SEED` on stdin forks a writer, which writes `ready PID` to
LOGFILE and opens its own connection and loops for ever over holds, releases,
subscriptions, cancellations and walk-ins, each its own transaction; after each
commit it appends `<what> <id>` to LOGFILE (a line written after the commit,
so every line names something the database must hold). Forking keeps each
restart cheap: the kill lands among the writes, not during Python's start-up.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sys

from desk.admin import auth, projects
from desk.core.db import Database
from desk.core.errors import DeskError
from desk.customers import customers
from desk.reception import rotation
from desk.reception.assignments import Assignment
from desk.sales import claims
from desk.sales.transition import get_unit, load

CODES = [f"1-{floor}{room:02d}" for floor in range(1, 6) for room in range(1, 5)]
PHONES = [f"1391234{n:04d}" for n in range(30)]
REPS = ["lina", "zhangwei", "wangfang", "liuyang", "chenjing", "yangfan"]


def write(log: int, line: str) -> None:
    os.write(log, (line + "\n").encode())


def act(db: Database, rng: random.Random, project_id: int, log: int) -> None:
    action = rng.choice(["hold", "hold", "release", "subscribe", "cancel", "walkin", "finish"])
    code, phone = rng.choice(CODES), rng.choice(PHONES)
    with db.begin() as s:
        if action == "hold":
            rep = auth.get_actor(s, rng.choice(REPS))
            claim = claims.hold(s, rep, project_id, code, customer_phone=phone,
                                customer_name=f"客户{phone[-4:]}", rep_login=rep.login)
            done = f"claim {claim.id}"
        elif action in ("release", "cancel"):
            current = load(s, project_id, code)[1]
            if action == "release":
                claims.release(s, auth.get_actor(s, "assistant"), project_id, code)
            else:
                claims.cancel(s, auth.get_actor(s, "manager"), project_id, code, reason="kill-9")
            done = f"{'released' if action == 'release' else 'cancelled'} {current.id if current else 0}"
        elif action == "subscribe":
            price = get_unit(s, project_id, code).list_price
            claim = claims.subscribe(s, auth.get_actor(s, "assistant"), project_id, code,
                                     customer_phone=phone, customer_name=f"客户{phone[-4:]}",
                                     deposit=20000, agreed_price=price, rep_login=rng.choice(REPS))
            done = f"claim {claim.id}"
        elif action == "walkin":
            got = rotation.walkin(s, auth.get_actor(s, "frontdesk"))
            if not isinstance(got, Assignment):
                return  # no rep free: the visitor waits for the next "finish"
            done = f"reception {got.reception_id}"
        else:
            ended = rotation.finish(s, auth.get_actor(s, "frontdesk"), rng.choice(REPS), force=True)
            done = f"finished {ended.id}"
    write(log, done)


def writer(db: Database, project_id: int, logfile: str, seed: int) -> None:
    rng = random.Random(seed)
    log = os.open(logfile, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    write(log, f"ready {os.getpid()}")  # the test kills by this pid
    while True:
        with contextlib.suppress(DeskError):  # refused (taken, nothing to release…): go on
            act(db, rng, project_id, log)


def main() -> None:
    db = Database(sys.argv[1])
    with db.read() as s:
        project_id = projects.find_project(s, None).id
    db.dispose()  # no connection crosses the fork: each writer opens its own
    customers.initials_of("张三")  # loads pypinyin's tables once, not in every writer
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed writers are reaped at once
    for line in sys.stdin:
        _, logfile, seed = line.split()
        pid = os.fork()
        if pid == 0:
            try:
                writer(db, project_id, logfile, int(seed))
            finally:
                os._exit(1)


if __name__ == "__main__":
    main()
