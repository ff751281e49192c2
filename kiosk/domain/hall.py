"""The hall as the queue's events change it: the one reducer of "now calling", the counter
tiles (number, paused), the last calls and the waiting counts per service group.

Every follower of the event feed folds events in here (the hall display, the counter desk's
paused mark), so a rule of what an event changes is written once. Plain Python (no Qt): which
calls a display shows (its counters and services), the "now calling" entry, one tile per
counter, the last calls, and waiting counts per service group. Only numbers and counters: never
a name or a NIK.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable

from kiosk.domain.ticket import EventKind

LAST_CALLS = 6
# Events that change the waiting counts or the estimates (a recall or a print does not).
PAUSES = (EventKind.PAUSED, EventKind.RESUMED)
# Events after which the hall sends nobody to that counter for that number any more: no "now
# calling", no tile and no row of the last calls (a finished visit stays among the last calls).
LETS_GO = (EventKind.SKIPPED, EventKind.TRANSFERRED, EventKind.RETURNED)
WAITING_KINDS = (EventKind.ISSUED, EventKind.CALLED, *EventKind.CLEARS, *PAUSES, EventKind.RETURNED)


@dataclass(frozen=True)
class CallEntry:
    number: str
    counter: int
    service: str | None = None
    at: datetime | str | None = None
    recall: bool = False


@dataclass
class Tile:
    counter: int
    number: str | None = None
    paused: bool = False


@dataclass(frozen=True)
class GroupWaiting:
    code: str
    name_id: str
    name_en: str
    waiting: int
    estimated_wait_min: int | None


@dataclass
class DisplayState:
    counters: tuple[int, ...]
    services: frozenset[str] | None = None          # None: every service
    now_calling: CallEntry | None = None
    tiles: dict[int, Tile] = field(default_factory=dict)
    last_calls: list[CallEntry] = field(default_factory=list)
    groups: tuple[GroupWaiting, ...] = ()
    branch: object = field(default=None, repr=False)

    @classmethod
    def for_branch(cls, branch, counters: Iterable[int] = (), services: Iterable[str] = ()) -> "DisplayState":
        known = [c.number for c in branch.counters]
        chosen = tuple(n for n in known if n in set(counters)) if counters else tuple(known)
        codes = frozenset(s.upper() for s in services) or None
        state = cls(counters=chosen, services=codes, branch=branch)
        state.tiles = {n: Tile(n) for n in chosen}
        return state

    def shows(self, counter: int | None, service: str | None) -> bool:
        if counter is None or counter not in self.tiles:
            return False
        return self.services is None or service is None or service in self.services

    # -- full state ------------------------------------------------------------------------
    def load(self, status) -> None:
        """Replace everything with a fresh status (after start and after every reconnect)."""
        for tile in self.tiles.values():
            tile.number, tile.paused = None, False
        for c in status.counters:
            tile = self.tiles.get(c["counter"])
            if tile is None:
                continue
            ticket = c.get("ticket")
            tile.paused = bool(c.get("paused"))
            if ticket and self.shows(tile.counter, ticket.get("service")):
                tile.number = ticket["number"]
        calls: list[CallEntry] = []
        for call in status.last_calls:  # newest first
            entry = CallEntry(call["number"], call["counter"], call.get("service"), call.get("at"),
                              bool(call.get("recall")))
            if self.shows(entry.counter, entry.service) and not _listed(calls, entry):
                calls.append(entry)
        self.last_calls = calls[:LAST_CALLS]
        self.now_calling = self.last_calls[0] if self.last_calls else None
        self.load_waiting(status)

    def load_waiting(self, status) -> None:
        branch = self.branch
        groups: dict[str, list[dict]] = {}
        for s in status.services:
            if self.services is not None and s["service"] not in self.services:
                continue
            if branch is not None and not branch.service(s["service"]).needs_counter:
                continue
            groups.setdefault(s.get("group") or s["service"], []).append(s)
        names = {g.code: (g.name_id, g.name_en) for g in getattr(branch, "groups", ())}
        result = []
        for code, items in groups.items():
            estimates = [i["estimated_wait_min"] for i in items if i["estimated_wait_min"] is not None]
            waiting = sum(i["waiting"] for i in items)
            name_id, name_en = names.get(code, (items[0].get("name") or code, items[0].get("name_en") or code))
            result.append(GroupWaiting(code, name_id, name_en, waiting,
                                       max(estimates) if estimates and waiting else (0 if waiting == 0 else None)))
        self.groups = tuple(result)

    # -- one event -------------------------------------------------------------------------
    def apply(self, event) -> CallEntry | None:
        """Apply one queue event; returns the call to flash and speak, if it is one."""
        kind, counter = event.kind, event.counter
        if kind in EventKind.CALLS and event.number and self.shows(counter, event.service):
            entry = CallEntry(event.number, counter, event.service, event.at, kind == EventKind.RECALLED)
            self.last_calls = [entry] + [c for c in self.last_calls if (c.number, c.counter) != (entry.number, counter)]
            del self.last_calls[LAST_CALLS:]
            self.now_calling = entry
            self.tiles[counter].number = event.number
            return entry
        if kind in LETS_GO and event.number:
            self._let_go(event.number, counter)
        if (kind in EventKind.CLEARS or kind in LETS_GO) and counter in self.tiles \
                and self.tiles[counter].number == event.number:
            self.tiles[counter].number = None
        elif kind in PAUSES and counter in self.tiles:
            self.tiles[counter].paused = counter_paused(self.tiles[counter].paused, counter, (event,))
        return None


    def _let_go(self, number: str, counter: int | None) -> None:
        """Neither the last calls nor "now calling" send `number` to `counter`: the latest call
        still at its counter takes its place (none: nothing)."""
        self.last_calls = [c for c in self.last_calls if (c.number, c.counter) != (number, counter)]
        now = self.now_calling
        if now is not None and (now.number, now.counter) == (number, counter):
            self.now_calling = next((c for c in self.last_calls if (c.number, c.counter) != (number, counter)
                                     and c.counter in self.tiles and self.tiles[c.counter].number == c.number), None)


def live_calls(calls: Iterable, let_go: Iterable) -> list:
    """The calls (events, newest first) whose ticket was not let go since (`LETS_GO` events)."""
    latest: dict[str, int] = {}
    for event in let_go:
        if event.ticket_id and event.id > latest.get(event.ticket_id, 0):
            latest[event.ticket_id] = event.id
    return [c for c in calls if latest.get(c.ticket_id, 0) < c.id]


def counter_paused(paused: bool, counter: int, events: Iterable) -> bool:
    """Whether `counter` is paused after `events`, given it was `paused` before them."""
    for event in events:
        if event.counter == counter and event.kind in PAUSES:
            paused = event.kind == EventKind.PAUSED
    return paused


def paused_in_status(status, counter: int, paused: bool = False) -> bool:
    """Whether `counter` is paused by a fresh status (`paused` when the status does not list it)."""
    for c in status.counters:
        if c["counter"] == counter:
            return bool(c.get("paused"))
    return paused


def _listed(calls: list[CallEntry], entry: CallEntry) -> bool:
    return any((c.number, c.counter) == (entry.number, entry.counter) for c in calls)


def waiting_changes(event) -> bool:
    """Whether an event changes the waiting counts or estimates."""
    return event.kind in WAITING_KINDS


def branch_changed(events: Iterable) -> bool:
    """A new branch configuration was pushed among `events`: the hall shows its counters and
    running text at once."""
    return any(e.kind == EventKind.BRANCH_CONFIG for e in events)
