"""The rotation's state, derived from the day's event log (plain Python).

Every event records its outcome (who received, who forfeited), so replaying
the log reproduces the day exactly, and an undone assignment is replayed by
skipping it. `DayState.apply` is the only place the order changes.

The line holds every rep present today (waiting, receiving or on a break) in
turn order. A new walk-in goes to the first *waiting* rep; reps ahead of them
who are away (on a break) forfeit the turn (轮空) and go to the back. When a
turn's reception ends the rep goes to the back; an invalid reception gives the
turn back at the front (补接). Receptions that use no turn (the owner receiving
their own customer, covering for an absent owner, a manager's assignment, the
same party coming back) leave the rep's place as it was.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

TURN = "turn"  # the reception used the rep's turn
NO_TURN = ("owner", "cover", "override", "reopen")
BREAK_KINDS = ("break", "lunch", "showing", "meeting")


@dataclass
class Event:
    id: int
    at: str  # ISO time (UTC) from the database clock
    kind: str  # checkin break back leave assign finish undo reorder
    rep: int | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class RepState:
    status: str = "waiting"  # waiting | receiving | break
    break_kind: str = ""
    since: str = ""
    reception: int | None = None
    how: str = ""  # how the open reception was assigned
    placed: str = ""  # why the rep stands where they stand (event kind)
    placed_at: str = ""


@dataclass
class DayState:
    line: list[int] = field(default_factory=list)
    reps: dict[int, RepState] = field(default_factory=dict)
    forfeits: dict[int, int] = field(default_factory=dict)
    last_event: int = 0

    # --- reading ---
    def waiting(self) -> list[int]:
        return [r for r in self.line if self.reps[r].status == "waiting"]

    def next_rep(self) -> tuple[int | None, list[int]]:
        """The rep the next walk-in goes to, and the reps ahead of them on a break
        (who would forfeit that turn)."""
        skipped = []
        for r in self.line:
            st = self.reps[r].status
            if st == "waiting":
                return r, skipped
            if st == "break":
                skipped.append(r)
        return None, []

    def present(self, rep: int) -> bool:
        return rep in self.reps

    # --- changing ---
    def apply(self, e: Event) -> None:
        r = e.rep
        if e.kind == "checkin":
            assert r is not None
            pos = e.data.get("position")
            if pos is None or pos > len(self.line):
                self.line.append(r)
            else:
                self.line.insert(pos, r)
            self.reps[r] = RepState("waiting", since=e.at, placed="checkin", placed_at=e.at)
        elif e.kind == "break":
            s = self.reps[r]
            s.status, s.break_kind, s.since = "break", e.data.get("break_kind", "break"), e.at
        elif e.kind == "back":
            s = self.reps[r]
            s.status, s.break_kind, s.since = "waiting", "", e.at
        elif e.kind == "leave":
            self.line.remove(r)
            del self.reps[r]
        elif e.kind == "assign":
            how = e.data["how"]
            if how == TURN:
                for skipped in e.data.get("skipped", []):
                    self.forfeits[skipped] = self.forfeits.get(skipped, 0) + 1
                    self._to_back(skipped, "forfeit", e.at)
            s = self.reps[r]
            s.status, s.since, s.reception, s.how = "receiving", e.at, e.data["reception"], how
        elif e.kind == "finish":
            s = self.reps[r]
            how = s.how
            s.status, s.since, s.reception, s.how = "waiting", e.at, None, ""
            if how == TURN:
                if e.data.get("invalid"):
                    self.line.remove(r)
                    self.line.insert(0, r)
                    s.placed, s.placed_at = "invalid", e.at
                else:
                    self._to_back(r, "finish", e.at)
        elif e.kind == "reorder":
            order = [x for x in e.data["order"] if x in self.reps]
            order += [x for x in self.line if x not in order]
            self.line = order
            for x in self.line:
                self.reps[x].placed, self.reps[x].placed_at = "reorder", e.at
        elif e.kind != "undo":
            raise ValueError(f"unknown event {e.kind}")
        self.last_event = e.id

    def _to_back(self, rep: int, why: str, at: str) -> None:
        self.line.remove(rep)
        self.line.append(rep)
        self.reps[rep].placed, self.reps[rep].placed_at = why, at

    # --- storing ---
    def to_json(self) -> str:
        return json.dumps({
            "line": self.line, "forfeits": self.forfeits, "last_event": self.last_event,
            "reps": {str(k): asdict(v) for k, v in self.reps.items()},
        })

    @classmethod
    def from_json(cls, text: str) -> DayState:
        d = json.loads(text)
        return cls(
            line=list(d["line"]),
            reps={int(k): RepState(**v) for k, v in d["reps"].items()},
            forfeits={int(k): v for k, v in d["forfeits"].items()},
            last_event=d["last_event"],
        )


def replay(events: Iterable[Event], until: int | None = None) -> DayState:
    """The state after the day's events (up to event `until`), skipping undone
    assignments."""
    events = list(events)
    undone = {e.data["target"] for e in events if e.kind == "undo"}
    state = DayState()
    for e in events:
        if until is not None and e.id > until:
            break
        if e.id in undone:
            state.last_event = e.id
            continue
        state.apply(e)
    return state
