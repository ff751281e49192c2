"""Queue rules: ticket numbers, ticket states, and which ticket a counter calls next.

Fairness rule for priority tickets (stated once, tested by simulation):
  Among the waiting tickets of the services a counter serves, the oldest by arrival time (then
  by sequence number, then by id) is called. A waiting priority ticket is called ahead of older
  regular tickets when at least `every_n_regular` regular tickets have been called since the
  last priority call, or when no regular ticket is waiting. So priority tickets never wait
  longer than they would in plain arrival order, and regular tickets give way to at most one
  priority ticket per `every_n_regular` calls.
A transferred ticket keeps its original arrival time. Pausing a counter is the caller's affair.
Arrival order is the database's order, not a PC's clock (`arrival_after`): a ticket arrives at
its machine's time, or just after the day's latest arrival the database already holds when that
one is later (a PC whose clock is behind never puts its tickets ahead of older ones).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Collection, Iterable, Sequence

from kiosk.domain.branch import PriorityRule
from kiosk.domain.catalog import ByLanguage, msgid, pair, tr


class TicketState(str, Enum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    TRANSFERRED = "transferred"
    CANCELLED = "cancelled"
    NOT_SERVED = "not_served"       # still waiting when its service day was closed
    UNCONFIRMED = "unconfirmed"     # at a counter when its day was closed, its end never confirmed

    @property
    def label_key(self) -> str:
        """The message id of the state's name."""
        return _LABELS[self]

    @property
    def label_id(self) -> str:
        return tr(_LABELS[self], "id")

    @property
    def label_en(self) -> str:
        return tr(_LABELS[self], "en")


_LABELS = {
    TicketState.WAITING: msgid("ticket.state.waiting"),
    TicketState.CALLED: msgid("ticket.state.called"),
    TicketState.SERVING: msgid("ticket.state.serving"),
    TicketState.DONE: msgid("ticket.state.done"),
    TicketState.NO_SHOW: msgid("ticket.state.no_show"),
    TicketState.TRANSFERRED: msgid("ticket.state.transferred"),
    TicketState.CANCELLED: msgid("ticket.state.cancelled"),
    TicketState.NOT_SERVED: msgid("ticket.state.not_served"),
    TicketState.UNCONFIRMED: msgid("ticket.state.unconfirmed"),
}

W, C, S, D, N, T, X = (TicketState.WAITING, TicketState.CALLED, TicketState.SERVING,
                       TicketState.DONE, TicketState.NO_SHOW, TicketState.TRANSFERRED,
                       TicketState.CANCELLED)


class Move(str, Enum):
    """What a counter (or the queue) does to a ticket."""
    CALL = "call"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    SKIP = "skip"
    TRANSFER = "transfer"
    CANCEL = "cancel"
    CLOSE_WAITING = "close_waiting"         # the day is closed: a waiting ticket was not served
    CLOSE_AT_COUNTER = "close_at_counter"   # the day is closed: a ticket at a counter, left unconfirmed
    RETURN = "return"           # a no-show, or a called participant not there yet, queues again


# The one table of ticket moves: from which states each move is allowed, and the state it
# leaves the ticket in (None: the state stays, as for a recall). The store changes a ticket
# only while it is still in one of the move's from-states, so two counters never take one
# ticket. A transferred ticket is closed; its successor waits at the new service.
MOVES: dict[Move, tuple[frozenset[TicketState], TicketState | None]] = {
    Move.CALL: (frozenset({W}), C),
    Move.RECALL: (frozenset({C, S}), None),
    Move.START: (frozenset({C}), S),
    Move.FINISH: (frozenset({C, S}), D),
    Move.SKIP: (frozenset({C}), N),
    Move.TRANSFER: (frozenset({C, S}), T),
    Move.CANCEL: (frozenset({W}), X),
    Move.CLOSE_WAITING: (frozenset({W}), TicketState.NOT_SERVED),
    Move.CLOSE_AT_COUNTER: (frozenset({C, S}), TicketState.UNCONFIRMED),
    Move.RETURN: (frozenset({C, N}), W),
}
WAITING_STATES = MOVES[Move.CALL][0]          # tickets `pick_next` may call
AT_COUNTER_STATES = frozenset({C, S})         # tickets a counter is handling
# Tickets out of the queue and away from the counters (their visit has ended for now) ...
ENDED_STATES = frozenset(TicketState) - WAITING_STATES - AT_COUNTER_STATES
# ... and of those, the ones no move leaves: a no-show has ended but may still be returned.
FINAL_STATES = ENDED_STATES - frozenset().union(*(sources for sources, _ in MOVES.values()))


def from_states(move: Move) -> tuple[str, ...]:
    """The states (as stored) a ticket may be in for `move`; the store's updates use these."""
    return tuple(sorted(s.value for s in MOVES[move][0]))


def state_values(states: Collection[TicketState]) -> tuple[str, ...]:
    return tuple(sorted(s.value for s in states))


class IllegalTransitionError(ValueError):
    """A state change the queue does not allow; `message` is the Indonesian sentence, `key` its
    message id and `params` the values filled in."""

    def __init__(self, current: TicketState, move: Move, number: str | None = None):
        self.current, self.move, self.number = current, move, number
        who = ByLanguage(*pair("ticket.numbered", number=number)) if number else ByLanguage(*pair("ticket.this"))
        self.key = _REFUSED[move]
        self.params = {"ticket": who, "state": ByLanguage(current.label_id, current.label_en)}
        self.message, self.message_en = pair(self.key, **self.params)
        super().__init__(self.message)


# The sentence refusing each move.
_REFUSED = {
    Move.CALL: msgid("ticket.refused.call"), Move.RECALL: msgid("ticket.refused.recall"),
    Move.START: msgid("ticket.refused.start"), Move.FINISH: msgid("ticket.refused.finish"),
    Move.SKIP: msgid("ticket.refused.skip"), Move.TRANSFER: msgid("ticket.refused.transfer"),
    Move.CANCEL: msgid("ticket.refused.cancel"), Move.RETURN: msgid("ticket.refused.return"),
    Move.CLOSE_WAITING: msgid("ticket.refused.close"), Move.CLOSE_AT_COUNTER: msgid("ticket.refused.close"),
}


def can_move(current: TicketState | str, move: Move) -> bool:
    return TicketState(current) in MOVES[move][0]


def move_to(current: TicketState | str, move: Move, number: str | None = None) -> TicketState:
    """The state a ticket is in after `move`, or IllegalTransitionError."""
    cur = TicketState(current)
    allowed, target = MOVES[move]
    if cur not in allowed:
        raise IllegalTransitionError(cur, move, number)
    return target or cur


# --------------------------------------------------------------------------- numbers


_NUMBER_RE = re.compile(r"^\s*([A-Za-z])\s*-\s*(\d{3,4})\s*$")


class TicketNumberError(ValueError):
    """A queue number that is not a letter, a hyphen and three digits (`A-023`)."""

    def __init__(self, text: str):
        self.text = text
        self.key, self.params = msgid("ticket.number.invalid"), {"text": text}
        self.message, self.message_en = pair(self.key, **self.params)
        super().__init__(self.message)


@dataclass(frozen=True)
class TicketNumber:
    letter: str
    digits: str

    @property
    def value(self) -> int:
        return int(self.digits)

    def __str__(self) -> str:
        return f"{self.letter}-{self.digits}"


def parse_ticket_number(text: str) -> TicketNumber:
    """"A-023" (also "a-023", " A - 023 ") -> TicketNumber("A", "023"); else TicketNumberError."""
    match = _NUMBER_RE.match(text or "")
    if not match:
        raise TicketNumberError(text)
    return TicketNumber(match.group(1).upper(), match.group(2))


def format_number(letter: str, seq: int) -> str:
    """`A-023`: the service letter and at least three digits."""
    if len(letter) != 1 or not letter.isalpha():
        raise ValueError(f"letter must be one letter, not {letter!r}")
    if not 1 <= seq <= 9999:
        raise ValueError(f"sequence must be between 1 and 9999, not {seq}")
    return f"{letter.upper()}-{seq:03d}"


# --------------------------------------------------------------------------- fairness


@dataclass(frozen=True)
class WaitingTicket:
    ticket_id: str
    service: str
    priority: bool
    arrived_at: datetime        # original arrival; kept across transfers
    seq: int

    @property
    def order_key(self) -> tuple:
        return (self.arrived_at, self.seq, self.service, self.ticket_id)


ARRIVAL_TICK = timedelta(microseconds=1)


def arrival_after(now: datetime, latest: datetime | None) -> datetime:
    """The arrival time of a new ticket: `now` by the issuing machine's clock, unless the day's
    latest arrival already in the database (`latest`) is not earlier; then just after it."""
    if latest is None or now > latest:
        return now
    return latest + ARRIVAL_TICK


def pick_next(waiting: Iterable[WaitingTicket], services: Collection[str] | None,
              regular_since_priority: int, rule: PriorityRule) -> WaitingTicket | None:
    """The ticket a counter serving `services` (None: every service) calls next."""
    oldest = oldest_priority = None
    for t in waiting:
        if services is not None and t.service not in services:
            continue
        if oldest is None or t.order_key < oldest.order_key:
            oldest = t
        if t.priority and (oldest_priority is None or t.order_key < oldest_priority.order_key):
            oldest_priority = t
    if oldest is None or oldest.priority or oldest_priority is None:
        return oldest
    # the oldest ticket is regular, and a priority ticket is waiting
    if regular_since_priority >= rule.every_n_regular:
        return oldest_priority
    return oldest


def after_call(regular_since_priority: int, called_priority: bool) -> int:
    """The new count of regular calls since the last priority call."""
    return 0 if called_priority else regular_since_priority + 1


def regular_since_priority(calls_oldest_first: Iterable[bool], rule: PriorityRule) -> int:
    """Regular calls since the last priority call today, from the day's calls (True: priority).

    Before the first priority call of the day a waiting priority ticket is due, so the count
    starts full; it never needs to exceed `every_n_regular`, so the caller may pass only the
    last `every_n_regular` calls.
    """
    count = rule.every_n_regular
    for priority in calls_oldest_first:
        count = after_call(count, priority)
    return min(count, rule.every_n_regular)


def call_order(waiting: Iterable[WaitingTicket], services: Collection[str] | None,
               regular_since_priority: int, rule: PriorityRule) -> list[WaitingTicket]:
    """The order tickets would be called in if nobody else arrived (for screens and `ahead`)."""
    pool = sorted((t for t in waiting if services is None or t.service in services),
                  key=lambda t: t.order_key)
    regular = [t for t in pool if not t.priority]
    priority = [t for t in pool if t.priority]
    order: list[WaitingTicket] = []
    ri = pi = 0
    count = regular_since_priority
    while ri < len(regular) or pi < len(priority):
        r = regular[ri] if ri < len(regular) else None
        p = priority[pi] if pi < len(priority) else None
        if r is None or (p is not None and (p.order_key < r.order_key
                                            or count >= rule.every_n_regular)):
            order.append(p)
            pi += 1
            count = 0
        else:
            order.append(r)
            ri += 1
            count += 1
    return order


def ahead_of(ticket_id: str, order: Sequence[WaitingTicket]) -> int:
    """How many tickets are called before `ticket_id` in `order` (len(order) if absent)."""
    for i, t in enumerate(order):
        if t.ticket_id == ticket_id:
            return i
    return len(order)
