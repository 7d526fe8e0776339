"""One PC holding and releasing units as fast as it can (a launch-day storm).

Usage: python -m bench.storm_worker DB_URL WORKER_NO SECONDS
Prints a JSON object: the actions done and the wall-clock time of the last commit.
"""

from __future__ import annotations

import json
import random
import sys
import time

from desk.admin import auth, projects
from desk.core.db import Database
from desk.core.errors import DeskError
from desk.sales import claims, units


def main() -> None:
    url, worker, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    rng = random.Random(worker)
    db = Database(url)
    with db.read() as s:
        rep = auth.get_actor(s, "assistant")
        pid = projects.find_project(s, None).id
        building = units.buildings(s, pid)[0]
        codes = [r.code for r in units.rows(s, pid, building=building) if r.status == "available"]
    mine = codes[worker::3]  # the shown building's units, split between the workers
    done, last = 0, 0.0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        code = rng.choice(mine)
        try:
            with db.begin() as s:
                claims.hold(s, rep, pid, code, customer_phone=f"1391234{worker:04d}",
                            customer_name=f"客户{worker}", rep_login="lina")
            last = time.time()
            with db.begin() as s:
                claims.release(s, rep, pid, code)
            last = time.time()
            done += 2
        except DeskError:
            pass
    db.dispose()
    print(json.dumps({"actions": done, "last": last}))


if __name__ == "__main__":
    main()
