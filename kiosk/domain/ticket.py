"""A ticket and a queue event as the rest of the product sees them (not as rows)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from kiosk.domain.queue import TicketState, WaitingTicket


class PrintState:
    """Where a ticket's printing stands."""
    NONE = "none"
    PENDING = "pending"
    PRINTED = "printed"
    FAILED = "failed"


@dataclass(frozen=True)
class Ticket:
    ticket_id: str
    service_day: date
    service: str
    seq: int
    number: str
    state: TicketState
    priority: bool
    arrived_at: datetime            # aware UTC; kept across transfers
    issued_at: datetime
    priority_reason: str | None = None
    assisted: bool = False
    verified: bool = True
    documents_complete: bool = True
    nik: str | None = field(default=None, repr=False)   # purged per the retention setting
    nik_hash: str | None = field(default=None, repr=False)
    nik_last4: str | None = None
    kiosk_id: str | None = None
    called_at: datetime | None = None
    finished_at: datetime | None = None
    counter: int | None = None
    call_count: int = 0
    origin_ticket_id: str | None = None
    transfer_reason: str | None = None
    print_state: str = PrintState.NONE
    print_reason: str | None = None
    ref: str | None = None                      # the status page's unguessable reference
    estimated_wait_min: int | None = None       # the wait the participant was told at issue
    lang: str | None = None                     # the visit's language ("id"/"en"); the phone page opens in it

    @property
    def waiting(self) -> WaitingTicket:
        """What the fairness rule needs of this ticket."""
        return WaitingTicket(self.ticket_id, self.service, self.priority, self.arrived_at, self.seq)


@dataclass(frozen=True)
class QueueEvent:
    """One change of the queue, in the order it was committed."""
    id: int
    at: datetime
    kind: str
    ticket_id: str | None
    number: str | None
    service: str | None
    counter: int | None
    data: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"id": self.id, "at": self.at.isoformat(timespec="seconds"), "kind": self.kind,
                "ticket_id": self.ticket_id, "number": self.number, "service": self.service,
                "counter": self.counter, "data": self.data}


class EventKind:
    """The kinds of queue events (the `watch --json` lines and the displays read them)."""
    ISSUED = "issued"
    CALLED = "called"
    RECALLED = "recalled"
    FINISHED = "finished"
    SKIPPED = "skipped"
    TRANSFERRED = "transferred"
    PAUSED = "paused"
    RESUMED = "resumed"
    PRINTED = "printed"
    PRINT_FAILED = "print_failed"
    ASSISTANCE = "assistance"
    ASSISTANCE_ACK = "assistance_ack"
    FRONT_DESK = "front_desk"
    STARTED = "started"                 # the participant is at the counter: serving starts
    RATED = "rated"                     # the one-tap rating after a visit
    SURVEYED = "surveyed"               # a full SKM questionnaire was answered
    ONLINE = "online_redirect"          # the kiosk showed the online route; no ticket was taken
    BRANCH_CONFIG = "branch_config"     # a new branch configuration was pushed (`anjungan config push`)
    NOT_SERVED = "not_served"           # the day was closed while the ticket waited
    UNCONFIRMED = "unconfirmed"         # the day was closed while the ticket was at a counter
    DAY_CLOSED = "day_closed"           # a service day was closed (`anjungan day close`, or the next day's first action)
    RETURNED = "returned"               # a no-show (or a called participant not there yet) queues again
    CALLS = (CALLED, RECALLED)
    CLEARS = (FINISHED, SKIPPED, TRANSFERRED, UNCONFIRMED)
