"""What the use cases hand out, and their JSON shapes (the command line's `--json` contract)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from kiosk.domain.booking import Booking
from kiosk.domain.branch import OnlineChannel
from kiosk.domain.classification import Option
from kiosk.domain.imports import ImportRecord
from kiosk.domain.nik import NikInfo, mask_tail
from kiosk.domain.participant import Participant
from kiosk.domain.place import Place
from kiosk.domain.queue import AT_COUNTER_STATES, TicketState
from kiosk.domain.ticket import QueueEvent
from printer.outcome import PrintOutcome
from printer.ticket import TicketData

__all__ = ["BookingImportReport", "CheckInResult", "CheckResult", "ImportReport", "IssuedTicket", "QueueEvent",
           "ServiceOption", "StatusView", "TicketView", "booking_json", "iso", "participant_json"]


def iso(dt: datetime | None) -> str | None:
    return dt.isoformat(timespec="seconds") if dt else None


@dataclass(frozen=True)
class ServiceOption:
    """The domain's answer for one service (`option`), with today's queue figures."""
    option: Option
    waiting: int
    estimated_wait_min: int | None
    warning: str | None = None     # said before issuing, e.g. the wait runs past closing time
    warning_en: str | None = None

    service = property(lambda self: self.option.code)
    name_id = property(lambda self: self.option.service.name_id)
    name_en = property(lambda self: self.option.service.name_en)
    route = property(lambda self: self.option.route.value)
    reason = property(lambda self: self.option.reason)
    reason_en = property(lambda self: self.option.reason_en)
    reason_code = property(lambda self: self.option.reason_code)
    documents = property(lambda self: self.option.documents)
    documents_en = property(lambda self: self.option.documents_en)
    priority = property(lambda self: self.option.priority)
    priority_reason = property(lambda self: self.option.priority_reason)
    online = property(lambda self: self.option.online)
    can_queue_anyway = property(lambda self: self.option.can_queue_anyway)
    next_opening = property(lambda self: self.option.next_opening)
    suggest = property(lambda self: self.option.suggest)

    def can_issue(self, assisted: bool = False) -> bool:
        """Whether a ticket may be issued (the domain's one refusal rule)."""
        return self.option.can_issue(assisted)

    def to_json(self) -> dict:
        online: OnlineChannel | None = self.online
        return {
            "service": self.service, "name": self.name_id, "name_en": self.name_en, "route": self.route,
            "reason": self.reason, "reason_en": self.reason_en, "documents": list(self.documents),
            "priority": self.priority, "waiting": self.waiting, "estimated_wait_min": self.estimated_wait_min,
            "online": None if online is None else {"name": online.name, "url": online.url, "text": online.text_id},
            "can_queue_anyway": self.can_queue_anyway, "next_opening": iso(self.next_opening),
            "priority_reason": self.priority_reason, "suggest": self.suggest, "reason_code": self.reason_code,
            "warning": self.warning, "can_issue": self.can_issue(False),
            "can_issue_assisted": self.can_issue(True),
        }


@dataclass(frozen=True)
class CheckResult:
    nik_valid: bool
    error: str | None = None
    error_en: str | None = None
    nik: NikInfo | None = None
    participant: Participant | None = None
    options: tuple[ServiceOption, ...] = ()
    checked_on: date | None = None
    error_code: str | None = None
    heir: bool = False              # checked for the heir of a deceased participant

    @property
    def nik_masked(self) -> str | None:
        return self.nik.masked if self.nik else None

    def option(self, service: str) -> ServiceOption | None:
        return next((o for o in self.options if o.service == service), None)

    def to_json(self) -> dict:
        return {
            "nik_valid": self.nik_valid, "error": self.error,
            "nik": self.nik.to_json(on=self.checked_on) if self.nik else None,
            "participant": participant_json(self.participant) if self.participant else None,
            "options": [o.to_json() for o in self.options],
        }


def participant_json(p: Participant) -> dict:
    """What may be said about a participant: no name, initials at most."""
    return {
        "verified": p.verified, "found": p.found,
        "status": p.status.value if p.status else None,
        "status_label": p.status.label_id if p.status else None,
        "status_text": p.status_text or None, "segment": p.segment,
        "programs": sorted(p.programs), "last_paid": p.last_paid, "initials": p.initials or None,
    }


@dataclass(frozen=True)
class TicketView:
    ticket_id: str
    number: str
    service: str
    state: str
    counter: int | None
    priority: bool
    priority_reason: str | None
    arrived_at: datetime
    called_at: datetime | None
    waited_min: int
    nik_masked: str | None
    documents: tuple[str, ...]
    assisted: bool
    verified: bool
    call_count: int = 0
    booking: dict | None = None     # `booking_json` of the booking the ticket was checked in for

    @property
    def at_counter(self) -> bool:
        """Called or being served: the ticket a counter is handling."""
        return TicketState(self.state) in AT_COUNTER_STATES

    def to_json(self) -> dict:
        return {
            "ticket_id": self.ticket_id, "number": self.number, "service": self.service, "state": self.state,
            "counter": self.counter, "priority": self.priority, "priority_reason": self.priority_reason,
            "arrived_at": iso(self.arrived_at), "called_at": iso(self.called_at), "waited_min": self.waited_min,
            "nik_masked": self.nik_masked, "assisted": self.assisted, "verified": self.verified,
            "call_count": self.call_count, "booking": self.booking,
        }


@dataclass(frozen=True)
class IssuedTicket:
    """A ticket as its participant is given it: its place now, the paper it is printed on (one
    layout: the screen, the preview and the printer all show `ticket_data`), and what goes with it."""
    place: Place
    priority: bool
    priority_reason: str | None
    verified: bool
    nik_masked: str | None
    ticket_data: TicketData
    print_result: PrintOutcome | None = None
    warning: str | None = None      # e.g. the estimated wait runs past closing time
    ref: str | None = None          # the status page's reference
    status_url: str | None = None   # `{web.public_url}/t/{ref}` when the branch has a web address
    booking: dict | None = None     # `booking_json` when a booking was checked in
    existing: bool = False          # a ticket the NIK already held for the service, handed back

    @property
    def ticket_id(self) -> str:
        return self.place.ticket_id

    @property
    def number(self) -> str:
        return self.place.number

    @property
    def service(self) -> str:
        return self.place.service

    @property
    def service_day(self) -> date:
        return self.place.service_day

    @property
    def ahead(self) -> int:
        return self.place.ahead or 0

    @property
    def estimated_wait_min(self) -> int | None:
        return self.place.estimated_wait_min

    @property
    def state(self) -> str:
        return self.place.state.value

    def to_json(self) -> dict:
        doc = {
            "ticket_id": self.ticket_id, "number": self.number, "service": self.service,
            "service_day": self.service_day.isoformat(), "priority": self.priority,
            "priority_reason": self.priority_reason, "ahead": self.ahead,
            "estimated_wait_min": self.estimated_wait_min, "verified": self.verified,
            "nik_masked": self.nik_masked, "warning": self.warning,
            "print": self.print_result.to_json() if self.print_result else None,
            "ref": self.ref, "booking": self.booking, "existing": self.existing,
        }
        if self.status_url:
            doc["status_url"] = self.status_url
        return doc


@dataclass(frozen=True)
class ImportReport:
    imported: int
    rejected: tuple        # kiosk.directory.csvfile.RowError(line, nik_masked, reason)
    seconds: float
    written: bool = True   # False: nothing was written (all or nothing, and a row was refused)
    already: ImportRecord | None = None    # the file was imported before: nothing done now

    def to_json(self, limit: int = 1000) -> dict:
        return {"imported": self.imported, "rejected": len(self.rejected), "seconds": round(self.seconds, 2),
                "written": self.written, "already_imported": self.already.to_json() if self.already else None,
                "errors": [{"line": e.line, "nik": e.nik_masked, "reason": e.reason} for e in self.rejected[:limit]]}


@dataclass(frozen=True)
class StatusView:
    services: tuple[dict, ...]
    counters: tuple[dict, ...]
    last_calls: tuple[dict, ...]
    office: dict

    def to_json(self) -> dict:
        return {"services": list(self.services), "counters": list(self.counters),
                "last_calls": list(self.last_calls), "office": self.office}


def booking_json(b: Booking, tz: tzinfo, state: str | None = None) -> dict:
    """A booking as the command line and the API show it: never the full NIK."""
    return {
        "code": b.code, "service": b.service, "date": b.service_day.isoformat(),
        "slot_start": iso(b.slot_start.astimezone(tz)), "slot_end": iso(b.slot_end.astimezone(tz)),
        "source": b.source, "state": state or b.state.value, "arrival": b.arrival.value if b.arrival else None,
        "nik_masked": mask_tail(b.nik_last4), "ticket_id": b.ticket_id,
        "checked_in_at": iso(b.checked_in_at.astimezone(tz)) if b.checked_in_at else None,
    }


@dataclass(frozen=True)
class BookingImportReport:
    imported: int
    updated: int
    rejected: tuple        # (line, code, reason)
    seconds: float
    already: ImportRecord | None = None    # the file was imported before: nothing done now

    def to_json(self, limit: int = 1000) -> dict:
        return {"imported": self.imported, "updated": self.updated, "rejected": len(self.rejected),
                "seconds": round(self.seconds, 2),
                "already_imported": self.already.to_json() if self.already else None,
                "errors": [{"line": line, "code": code, "reason": reason}
                           for line, code, reason in self.rejected[:limit]]}


@dataclass(frozen=True)
class CheckInResult:
    """What checking a booking in came to (`outcome`: `kiosk.domain.booking.CheckIn`)."""
    outcome: str
    booking: dict
    message: str
    message_en: str
    ticket: IssuedTicket | None = None
    call_from: datetime | None = None
    check_in_opens: datetime | None = None
    can_walk_in: bool = False

    def to_json(self) -> dict:
        return {"outcome": self.outcome, "booking": self.booking, "message": self.message,
                "message_en": self.message_en, "ticket": self.ticket.to_json() if self.ticket else None,
                "call_from": iso(self.call_from), "check_in_opens": iso(self.check_in_opens),
                "can_walk_in": self.can_walk_in}
