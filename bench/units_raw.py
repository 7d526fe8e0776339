"""The baseline of `desk units list --json`: the same query and the same JSON
with nothing but sqlite3 and json (the project's first project, every unit)."""

import json
import sqlite3
import sys
from datetime import datetime

SQL = """
SELECT u.code, b.name, u.entrance, u.floor, u.room, u.layout, u.usage, u.gross_area,
       u.inner_area, u.unit_price, u.list_price, u.status, c.id, c.kind, cu.name, cu.phone,
       r.name, c.expires_at, c.contract_number, c.price, o.name
FROM units u JOIN buildings b ON b.id = u.building_id
LEFT JOIN claims c ON c.unit_id = u.id AND c.state = 'active'
LEFT JOIN customers cu ON cu.id = c.customer_id
LEFT JOIN users r ON r.id = c.rep_id
LEFT JOIN users o ON o.id = c.created_by
WHERE u.project_id = (SELECT min(id) FROM projects)
ORDER BY b.sort, b.name, u.floor DESC, u.entrance, u.room
"""


def money(cents: int | None) -> str | None:  # stored as whole cents
    return None if cents is None else f"{cents // 100}.{cents % 100:02d}"


def main() -> None:
    con = sqlite3.connect(sys.argv[1])
    now = datetime.utcnow().isoformat(" ")
    out = []
    for r in con.execute(SQL):
        status = "available" if r[11] == "held" and r[13] == "hold" and r[17] <= now else r[11]
        d = {"code": r[0], "building": r[1], "entrance": r[2], "floor": r[3], "room": r[4],
             "layout": r[5], "usage": r[6], "gross_area": money(r[7]), "inner_area": money(r[8]),
             "unit_price": money(r[9]), "list_price": money(r[10]), "status": status}
        if r[12] is not None and status == r[11]:
            d.update(customer=r[14], customer_phone=None, rep=r[16], operator=r[20],
                     expires_at=r[17], contract_number=r[18], agreed_price=money(r[19]))
        out.append(d)
    json.dump(out, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


main()
