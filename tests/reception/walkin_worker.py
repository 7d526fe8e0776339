"""One front desk pressing "new walk-in" N times (tests/test_rotation_race.py).

Usage: python -m tests.reception.walkin_worker DB_URL N
Each walk-in's rep is finished at once, so the reps keep circulating. A walk-in
who has to wait (every rep busy at that instant) is taken off the list again,
unless a rep took them meanwhile: then that reception is this desk's. Prints
the reception ids it was given, one per line.
"""

from __future__ import annotations

import sys

from desk.admin import auth
from desk.core.db import Database
from desk.core.errors import Conflict
from desk.models import Reception, User, WaitingVisitor
from desk.reception import rotation, waiting


def main() -> None:
    db = Database(sys.argv[1])
    n = int(sys.argv[2])
    with db.read() as s:
        desk = auth.get_actor(s, "desk")
    got = 0
    refused = 0
    while got < n:
        with db.begin() as s:
            a = rotation.walkin(s, desk)
        if isinstance(a, rotation.Waiting):
            try:
                with db.begin() as s:
                    waiting.left(s, desk, a.number)
                refused += 1
                continue
            except Conflict:  # handed to a rep who became free meanwhile
                with db.read() as s:
                    v = s.get_one(WaitingVisitor, a.visitor_id)
                    assert v.reception_id is not None
                    reception = s.get_one(Reception, v.reception_id)
                    got_id, login = reception.id, s.get_one(User, reception.rep_id).login
        else:
            got_id, login = a.reception_id, a.rep_login
        with db.begin() as s:
            rotation.finish(s, desk, login, force=True)
        print(got_id, flush=True)
        got += 1
    print(f"refused {refused}", file=sys.stderr)
    db.dispose()


if __name__ == "__main__":
    main()
