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

The waiting list (`queue`) holds the visitors who arrived while no rep was
waiting, in order of arrival; an assignment that names a visitor takes them
off it. A visitor waits only while no rep does: the service hands the oldest
one out as soon as a rep is free.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from desk.models.enums import BreakKind, Placement, ReceptionHow, RepStatus, RotationEventKind

Ev = RotationEventKind
TURN = ReceptionHow.TURN  # the reception used the rep's turn
NO_TURN = (ReceptionHow.OWNER, ReceptionHow.COVER, ReceptionHow.OVERRIDE, ReceptionHow.REOPEN)
BREAK_KINDS = tuple(BreakKind)


@dataclass
class Event:
    id: int
    at: str  # ISO time (UTC) from the database clock
    kind: str  # a RotationEventKind
    rep: int | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class RepState:
    status: str = RepStatus.WAITING
    break_kind: str = ""
    since: str = ""
    reception: int | None = None
    how: str = ""  # how the open reception was assigned
    placed: str = ""  # why the rep stands where they stand (a Placement)
    placed_at: str = ""


@dataclass
class DayState:
    line: list[int] = field(default_factory=list)
    reps: dict[int, RepState] = field(default_factory=dict)
    forfeits: dict[int, int] = field(default_factory=dict)
    last_event: int = 0
    queue: list[int] = field(default_factory=list)  # waiting visitors, by arrival

    # --- reading ---
    def waiting(self) -> list[int]:
        return [r for r in self.line if self.reps[r].status == RepStatus.WAITING]

    def next_rep(self) -> tuple[int | None, list[int]]:
        """The rep the next walk-in goes to, and the reps ahead of them on a break
        (who would forfeit that turn)."""
        skipped: list[int] = []
        for r in self.line:
            st = self.reps[r].status
            if st == RepStatus.WAITING:
                return r, skipped
            if st == RepStatus.BREAK:
                skipped.append(r)
        return None, []

    def present(self, rep: int) -> bool:
        return rep in self.reps

    # --- changing ---
    def apply(self, e: Event) -> None:
        r = e.rep
        if e.kind == Ev.REORDER:
            order = [x for x in e.data["order"] if x in self.reps]
            order += [x for x in self.line if x not in order]
            self.line = order
            for x in self.line:
                self.reps[x].placed, self.reps[x].placed_at = Placement.REORDER, e.at
        elif e.kind == Ev.UNDO:
            pass  # replay() skips the undone events
        elif e.kind == Ev.QUEUE:
            self.queue.append(e.data["visitor"])
        elif e.kind == Ev.LEFT:
            self.queue.remove(e.data["visitor"])
        elif r is None:
            raise ValueError(f"event {e.id} ({e.kind}) names no rep")
        elif e.kind == Ev.CHECKIN:
            pos = e.data.get("position")
            if pos is None or pos > len(self.line):
                self.line.append(r)
            else:
                self.line.insert(pos, r)
            self.reps[r] = RepState(RepStatus.WAITING, since=e.at, placed=Placement.CHECKIN,
                                   placed_at=e.at)
        elif e.kind == Ev.BREAK:
            s = self.reps[r]
            s.status, s.break_kind, s.since = (RepStatus.BREAK,
                                               e.data.get("break_kind", BreakKind.BREAK), e.at)
        elif e.kind == Ev.BACK:
            s = self.reps[r]
            s.status, s.break_kind, s.since = RepStatus.WAITING, "", e.at
        elif e.kind == Ev.LEAVE:
            self.line.remove(r)
            del self.reps[r]
        elif e.kind == Ev.ASSIGN:
            how = e.data["how"]
            if "visitor" in e.data:  # a waiting visitor handed to a rep now free
                self.queue.remove(e.data["visitor"])
            if how == TURN:
                for skipped in e.data.get("skipped", []):
                    self.forfeits[skipped] = self.forfeits.get(skipped, 0) + 1
                    self._to_back(skipped, Placement.FORFEIT, e.at)
            s = self.reps[r]
            s.status, s.since, s.reception, s.how = (RepStatus.RECEIVING, e.at, e.data["reception"],
                                                    how)
        elif e.kind == Ev.FINISH:
            s = self.reps[r]
            how = s.how
            s.status, s.since, s.reception, s.how = RepStatus.WAITING, e.at, None, ""
            if how == TURN:
                if e.data.get("invalid"):
                    self.line.remove(r)
                    self.line.insert(0, r)
                    s.placed, s.placed_at = Placement.INVALID, e.at
                else:
                    self._to_back(r, Placement.FINISH, e.at)
        else:
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
            # A rep's fields are flat: their own dict, not asdict's deep copy
            # (written on every change of the day).
            "reps": {str(k): vars(v) for k, v in self.reps.items()}, "queue": self.queue,
        })

    @classmethod
    def from_json(cls, text: str) -> DayState:
        d = json.loads(text)
        return cls(
            line=list(d["line"]),
            reps={int(k): RepState(**v) for k, v in d["reps"].items()},
            forfeits={int(k): v for k, v in d["forfeits"].items()},
            last_event=d["last_event"],
            queue=list(d.get("queue", [])),
        )


def undone_ids(events: Iterable[Event]) -> set[int]:
    """The events an undo took back: its target and what the target caused
    (the waiting visitors handed out when a rep became free)."""
    out: set[int] = set()
    for e in events:
        if e.kind == Ev.UNDO:
            out.add(e.data["target"])
            out.update(e.data.get("also", []))
    return out


def replay(events: Iterable[Event], until: int | None = None) -> DayState:
    """The state after the day's events (up to event `until`), skipping undone
    ones."""
    events = list(events)
    undone = undone_ids(events)
    state = DayState()
    for e in events:
        if until is not None and e.id > until:
            break
        if e.id in undone:
            state.last_event = e.id
            continue
        state.apply(e)
    return state
