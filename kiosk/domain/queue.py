"""Queue rules: ticket numbers, ticket states, and which ticket a counter calls next.

Fairness rule for priority tickets (stated once, tested by simulation):
  Among the waiting tickets of the services a counter serves, the oldest by arrival time (then
  by sequence number, then by id) is called. A waiting priority ticket is called ahead of older
  regular tickets when at least `every_n_regular` regular tickets have been called since the
  last priority call, or when no regular ticket is waiting. So priority tickets never wait
  longer than they would in plain arrival order, and regular tickets give way to at most one
  priority ticket per `every_n_regular` calls.
A transferred ticket keeps its original arrival time. Pausing a counter is the caller's affair.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Collection, Iterable, Sequence

from kiosk.domain.branch import PriorityRule


class TicketState(str, Enum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    TRANSFERRED = "transferred"
    CANCELLED = "cancelled"

    @property
    def label_id(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]


_LABELS = {
    TicketState.WAITING: ("menunggu", "waiting"),
    TicketState.CALLED: ("sedang dipanggil", "called"),
    TicketState.SERVING: ("sedang dilayani", "being served"),
    TicketState.DONE: ("selesai dilayani", "done"),
    TicketState.NO_SHOW: ("tidak hadir", "no-show"),
    TicketState.TRANSFERRED: ("dialihkan ke layanan lain", "transferred"),
    TicketState.CANCELLED: ("dibatalkan", "cancelled"),
}

W, C, S, D, N, T, X = (TicketState.WAITING, TicketState.CALLED, TicketState.SERVING,
                       TicketState.DONE, TicketState.NO_SHOW, TicketState.TRANSFERRED,
                       TicketState.CANCELLED)

# A transferred ticket waits at its new service: it can be called there like a waiting one.
# A no-show can be called back (the participant turned up late) or put back in the queue.
# called -> called is a recall (the same ticket announced again).
TRANSITIONS: dict[TicketState, frozenset[TicketState]] = {
    W: frozenset({C, T, X}),
    C: frozenset({C, S, D, N, T, X}),
    S: frozenset({D, T, X}),
    N: frozenset({C, W, X}),
    T: frozenset({C, W, T, X}),
    D: frozenset(),
    X: frozenset(),
}
WAITING_STATES = frozenset({W, T})          # tickets that can be picked by `pick_next`
AT_COUNTER_STATES = frozenset({C, S})       # tickets a counter is handling
FINAL_STATES = frozenset({D, X})


class IllegalTransitionError(ValueError):
    """A state change the queue does not allow; `message` is the Indonesian sentence."""

    def __init__(self, current: TicketState, target: TicketState, number: str | None = None):
        self.current, self.target, self.number = current, target, number
        who_id = f"Tiket {number}" if number else "Tiket ini"
        who_en = f"Ticket {number}" if number else "This ticket"
        self.message = (f"{who_id} berstatus {current.label_id} dan tidak dapat diubah menjadi "
                        f"{target.label_id}.")
        self.message_en = f"{who_en} is {current.label_en} and cannot become {target.label_en}."
        super().__init__(self.message)


def can_transition(current: TicketState | str, target: TicketState | str) -> bool:
    return TicketState(target) in TRANSITIONS[TicketState(current)]


def check_transition(current: TicketState | str, target: TicketState | str,
                     number: str | None = None) -> TicketState:
    """Return the target state, or raise IllegalTransitionError."""
    cur, tgt = TicketState(current), TicketState(target)
    if tgt not in TRANSITIONS[cur]:
        raise IllegalTransitionError(cur, tgt, number)
    return tgt


# --------------------------------------------------------------------------- numbers

_NUMBER_RE = re.compile(r"^\s*([A-Za-z])\s*[-–\s]?\s*(\d{1,4})\s*$")


def format_number(letter: str, seq: int) -> str:
    """`A-023`: the service letter and at least three digits."""
    if len(letter) != 1 or not letter.isalpha():
        raise ValueError(f"letter must be one letter, not {letter!r}")
    if not 1 <= seq <= 9999:
        raise ValueError(f"sequence must be between 1 and 9999, not {seq}")
    return f"{letter.upper()}-{seq:03d}"


def parse_number(text: str) -> tuple[str, int]:
    """`A-023`, `a23`, `A 023` → ("A", 23). Raises ValueError for anything else."""
    m = _NUMBER_RE.match(text or "")
    if not m or int(m.group(2)) == 0:
        raise ValueError(f"not a ticket number: {text!r}")
    return m.group(1).upper(), int(m.group(2))


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


def after_call(regular_since_priority: int, called: WaitingTicket) -> int:
    """The new count of regular calls since the last priority call."""
    return 0 if called.priority else regular_since_priority + 1


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
