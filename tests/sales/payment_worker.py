"""One of eight processes recording payments on the same deals at once
(tests/sales/test_payment_races.py).

Usage: python -m tests.sales.payment_worker DB_URL START_AT COUNT CLAIM_ID…
Waits until the time START_AT (time.time()), records COUNT payments of ¥1.00 on
the deals in turn, and prints a JSON object: the receipt numbers it got and how
many payments were refused.
"""

from __future__ import annotations

import json
import sys
import time

from desk.admin import auth
from desk.core.db import Database
from desk.core.errors import DeskError
from desk.sales import payments


def main() -> None:
    url, start, count, deals = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    db = Database(url)
    with db.read() as s:
        assistant = auth.get_actor(s, "assistant")
    time.sleep(max(0.0, start - time.time()))
    receipts, refused = [], 0
    for i in range(count):
        try:
            with db.begin() as s:
                done = payments.record_payment(s, assistant, int(deals[i % len(deals)]), "1.00")
            receipts.append(done.receipt_no)
        except DeskError:
            refused += 1
    db.dispose()
    print(json.dumps({"receipts": receipts, "refused": refused}))


if __name__ == "__main__":
    main()
