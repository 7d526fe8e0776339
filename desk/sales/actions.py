"""What a user may do with a unit now: the one answer every screen and command asks.

The rules themselves live in the services (`desk.sales.claims`, `units`); this
module lists the actions whose checks the user would pass, in the order a
screen offers them, so a screen never offers what the service would refuse.
"""

from __future__ import annotations

from desk.admin.auth import Actor
from desk.sales.claims import may_touch_hold
from desk.sales.units import UnitRow

# The document each status can print.
PRINTABLE = {"held": "slip", "subscribed": "subscription", "signed": "contract"}


def allowed(actor: Actor, unit: UnitRow) -> list[str]:
    """The actions `actor` may take on `unit` in its present (effective) status."""
    out: list[str] = []
    status = unit.status
    if status == "available":
        out += [a for a, right in (("hold", "units.hold"), ("subscribe", "units.subscribe"),
                                   ("withhold", "units.withhold")) if actor.can(right)]
    elif status == "held":
        if may_touch_hold(actor, unit.rep_id, unit.created_by):
            out += ["extend", "release"]
        if actor.can("units.subscribe"):
            out.append("subscribe")
    elif status in ("subscribed", "signed"):
        if status == "subscribed" and actor.can("units.contract"):
            out.append("contract")
        if actor.can("units.subscribe"):
            out.append("cancel")
            if status == "subscribed":
                out.append("change")
            out.append("rename")
    elif status == "withheld" and actor.can("units.withhold"):
        out.append("unwithhold")
    if status in PRINTABLE and (actor.can("print.documents")
                                or (status == "held" and actor.can("units.hold"))):
        out.append("print")
    return out
