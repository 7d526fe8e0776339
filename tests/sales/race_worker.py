"""One of several processes racing for the same few units (tests/test_races.py).

Usage: python -m tests.sales.race_worker DB_URL WORKER_NO ATTEMPTS SEED
Prints a JSON object: how many of each action succeeded or were refused.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter

from desk.admin import auth, projects
from desk.core.db import Database
from desk.core.errors import DeskError
from desk.sales import claims

UNITS = ["1-1501", "1-1502", "1-1503"]


def main() -> None:
    url, worker, attempts, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rng = random.Random(f"{seed}-{worker}")
    db = Database(url)
    with db.read() as s:
        reps = [u for u in auth.list_users(s) if u.role == "sales_rep"]
        rep = auth.actor_of(reps[worker % len(reps)])
        assistant = auth.get_actor(s, "assistant")
        manager = auth.get_actor(s, "manager")
        p = projects.find_project(s, None).id
    phone = f"1381234{worker:04d}"
    counts: Counter[str] = Counter()
    for _ in range(attempts):
        code = rng.choice(UNITS)
        action = rng.choice(["hold", "hold", "release", "subscribe", "cancel"])
        try:
            with db.begin() as s:
                if action == "hold":
                    claims.hold(s, rep, p, code, customer_phone=phone, customer_name=f"客户{worker}")
                elif action == "release":
                    claims.release(s, rep, p, code)
                elif action == "subscribe":
                    claims.subscribe(s, assistant, p, code, customer_phone=phone,
                                     customer_name=f"客户{worker}", deposit=10000,
                                     agreed_price=5_000_000, rep_login=rep.login)
                else:
                    claims.cancel(s, manager, p, code, reason="race")
            counts[f"{action}.ok"] += 1
        except DeskError as e:
            counts[f"{action}.{type(e).__name__}"] += 1
    db.dispose()
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
