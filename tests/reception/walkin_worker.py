"""One front desk pressing "new walk-in" N times (tests/test_rotation_race.py).

Usage: python -m tests.reception.walkin_worker DB_URL N
Each walk-in's rep is finished at once, so the reps keep circulating. Prints
the reception ids it was given, one per line.
"""

from __future__ import annotations

import sys

from desk.admin import auth
from desk.core.db import Database
from desk.core.errors import Conflict
from desk.reception import rotation


def main() -> None:
    db = Database(sys.argv[1])
    n = int(sys.argv[2])
    with db.read() as s:
        desk = auth.get_actor(s, "desk")
    got = 0
    refused = 0
    while got < n:
        try:
            with db.begin() as s:
                a = rotation.walkin(s, desk)
        except Conflict:  # every rep busy at this instant: a clear refusal, try again
            refused += 1
            continue
        with db.begin() as s:
            rotation.finish(s, desk, a.rep_login)
        print(a.reception_id, flush=True)
        got += 1
    print(f"refused {refused}", file=sys.stderr)
    db.dispose()


if __name__ == "__main__":
    main()
