"""Issue a queue ticket: the number, the fairness position, the wait, and the retention purge."""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import replace
from datetime import datetime, timedelta

from kiosk.app.printing import PrintingUseCases
from kiosk.app.views import IssuedTicket, booking_json
from kiosk.domain import booking as booking_rules, classification, errors, queue as rules, visit as visit_rules
from kiosk.domain.booking import Arrival, Booking, BookingState
from kiosk.domain.catalog import pick
from kiosk.domain.hours import service_day, serving_minutes_left
from kiosk.domain.nik import nik_tail
from kiosk.domain.queue import TicketState
from kiosk.domain.reference import new_status_ref, status_url
from kiosk.domain.ticket import EventKind, Ticket
from kiosk.domain.wait import late_warning
from kiosk.store.bookings import BookingStore
from kiosk.store import secrets as nik_key
from kiosk.store.queue import QueueStore, new_ticket_id

PURGE_EVERY = timedelta(minutes=10)


class IssueUseCases(PrintingUseCases):
    _nik_key: bytes | None = None
    _last_purge: datetime | None = None

    def issue(self, nik: str | None, service: str, *, priority_reason: str | None = None, assisted: bool = False,
              documents_complete: bool = True, kiosk_id: str = "kiosk-1",
              booking: tuple[Booking, BookingState, Arrival] | None = None, heir: bool = False,
              insist: bool | None = None, lang: str = "id") -> IssuedTicket:
        """A ticket for `service`, or the refusal (closed, quota, online only, front desk, …) as an error.

        A NIK is always needed: a ticket is a participant's place in the queue. `booking` is a
        booking being checked in (see `kiosk.app.bookings`): the booking, the state it moves to and
        how the participant arrived; it moves in the same transaction as the ticket is made.

        A NIK that already holds a waiting ticket for the service gets that ticket back
        (`existing=True`), unless staff insist on a new one (`insist`; by default: `assisted`).
        `heir`: an heir visits on a deceased participant's NIK (heir documents, no age priority).
        """
        spec = self.service_spec(service)
        info = self.parse_nik_or_fail(nik)
        self.check_priority_reason(priority_reason)
        now = self.now()
        today = service_day(now)
        participant = self.lookup(info)
        visitor = classification.Visitor(age=info.age(today), sex=info.sex, participant=participant, heir=heir)
        office = self.office_status()
        minutes, paused = self.timing_figures()
        purge = self._purge_due(now)
        rule = self.config.bookings
        insist = assisted if insist is None else insist
        with self.uow() as q:
            if purge:
                self._purge(q, now)
            if booking is None:          # one waiting ticket per NIK and service: that one again
                kept = self._held_ticket(q, today, spec.code, info.nik, insist)
                if kept is not None:
                    return self._held_view(q, kept, minutes, paused, info.masked)
            booked = BookingStore(q.conn)
            waiting_before = q.waiting_count(today, spec.code)
            # The number is allocated first: it also tells how many were issued today (quota), and
            # a refusal below rolls it back, so no number is ever skipped. Places held by bookings
            # count as used; a booking checked in within its window uses its own place.
            seq = q.allocate_seq(today, spec.code)
            held = booked.held(today, now - timedelta(minutes=rule.late_min)).get(spec.code, 0)
            own_place = booking is not None and booking_rules.holds_place(booking[0].state, booking[0].slot_end,
                                                                           now, rule)
            used = booking_rules.quota_count(seq - 1, held, own_place)
            option = classification.classify(spec, visitor, office, used, self.branch, priority_reason)
            # a booking was checked by the back office when it was made: like staff, it may pass
            # an eligibility rule
            if not option.can_issue(assisted or booking is not None):
                raise errors.ServiceClosed(option.reason, option.reason_en, key=option.reason_key or None)
            reason = option.priority_reason if option.priority else None
            ticket = Ticket(
                ticket_id=new_ticket_id(), service_day=today, service=spec.code, seq=seq,
                number=rules.format_number(spec.letter, seq), state=TicketState.WAITING,
                priority=reason is not None, priority_reason=reason, assisted=assisted,
                verified=participant.verified, documents_complete=documents_complete, nik=info.nik,
                nik_hash=self._hash_nik(q, info.nik), nik_last4=nik_tail(info.nik), kiosk_id=kiosk_id,
                arrived_at=now, issued_at=now, ref=new_status_ref())
            slotted = booking is not None and booking[1] is BookingState.CHECKED_IN
            by_rule = bool(reason or slotted)      # a priority or booked newcomer goes by the fairness rule
            if not by_rule:
                # a regular newcomer is last in line
                ahead = waiting_before
                estimate = self.estimate(spec, ahead, minutes, paused)
                ticket = replace(ticket, estimated_wait_min=estimate)
            q.insert_ticket(ticket)
            if booking is not None:
                # checked in before the place is counted, so the booked slot counts in it
                checked_in, state, how = booking
                if not booked.set_state(checked_in.code, state, now, arrival=how, ticket_id=ticket.ticket_id,
                                        expect=(BookingState.BOOKED,)):
                    raise errors.IllegalTransition.of("error.booking.used", code=checked_in.code)
                checked_in = replace(checked_in, state=state, arrival=how, ticket_id=ticket.ticket_id)
            if by_rule:
                ahead = self.ahead(q, ticket.ticket_id, today, spec.code)
                estimate = self.estimate(spec, ahead, minutes, paused)
                booked.set_ticket_estimate(ticket.ticket_id, estimate)
                ticket = replace(ticket, estimated_wait_min=estimate)
            event_id = q.add_event(now, EventKind.ISSUED, ticket=ticket, data={
                "priority": reason is not None, "assisted": assisted, "kiosk_id": kiosk_id,
                "verified": participant.verified, "booked": booking is not None})
        self.publish_after(event_id - 1)
        late = late_warning(estimate, serving_minutes_left(self.branch.hours, now))
        data = self.ticket_layout(ticket, ahead, estimate, lang=lang,
                                  documents=pick(lang, option.documents, option.documents_en),
                                  booking=checked_in if booking is not None else None)
        public_url = self.config.web.public_url
        return IssuedTicket(
            ticket_id=ticket.ticket_id, number=ticket.number, service=spec.code, service_day=today,
            priority=ticket.priority, priority_reason=reason, ahead=ahead, estimated_wait_min=estimate,
            verified=participant.verified, nik_masked=info.masked, ticket_data=data,
            warning=late[0] if late else None, ref=ticket.ref,
            status_url=status_url(public_url, ticket.ref) if public_url else None,
            booking=booking_json(checked_in, self.tz) if booking is not None else None)

    # -- a ticket already held (repeat visits, scanned tickets) ------------------------------
    def _held_ticket(self, q: QueueStore, day, service: str, nik: str, insist: bool) -> Ticket | None:
        """The NIK's waiting ticket for `service` to hand back instead of a new one (the domain's
        repeat rule), or None."""
        return visit_rules.ticket_to_return(q.waiting_ticket_of(day, service, self._hash_nik(q, nik)), insist)

    def _held_view(self, q: QueueStore, ticket: Ticket, minutes: dict, paused: set[int],
                   nik_masked: str | None) -> IssuedTicket:
        spec = self.service_spec(ticket.service)
        ahead = self.ahead(q, ticket.ticket_id, ticket.service_day, ticket.service)
        estimate = self.estimate(spec, ahead, minutes, paused)
        return IssuedTicket(
            ticket_id=ticket.ticket_id, number=ticket.number, service=ticket.service,
            service_day=ticket.service_day, priority=ticket.priority, priority_reason=ticket.priority_reason,
            ahead=ahead, estimated_wait_min=estimate, verified=ticket.verified, nik_masked=nik_masked,
            ticket_data=self.ticket_layout(ticket, ahead, estimate), existing=True, state=ticket.state.value,
            ref=ticket.ref, status_url=status_url(self.config.web.public_url, ticket.ref)
            if self.config.web.public_url and ticket.ref else None)

    def held_tickets(self, nik: str) -> dict[str, IssuedTicket]:
        """The waiting tickets a NIK already holds today, by service (shown on the service tiles)."""
        info = self.parse_nik_or_fail(nik)
        today = self.today()
        minutes, paused = self.timing_figures()
        held: dict[str, IssuedTicket] = {}
        with self.uow(write=False) as q:
            for spec in self.branch.services:
                if not spec.queues:
                    continue
                ticket = self._held_ticket(q, today, spec.code, info.nik, insist=False)
                if ticket is not None:
                    held[spec.code] = self._held_view(q, ticket, minutes, paused, info.masked)
        return held

    def ticket_status(self, reference: str) -> IssuedTicket | None:
        """A ticket of today found by its QR reference, its status-page address or its id (a
        scanned ticket; a transferred one where it is now), with its place in the queue; None when
        there is no such ticket today."""
        minutes, paused = self.timing_figures()
        with self.uow(write=False) as q:
            ticket = self.ticket_of_reference(q, reference)
            if ticket is None or ticket.service_day != self.today():
                return None
            if ticket.state is not TicketState.WAITING:
                spec = self.service_spec(ticket.service)
                return IssuedTicket(
                    ticket_id=ticket.ticket_id, number=ticket.number, service=ticket.service,
                    service_day=ticket.service_day, priority=ticket.priority,
                    priority_reason=ticket.priority_reason, ahead=0, estimated_wait_min=None,
                    verified=ticket.verified, nik_masked=None,
                    ticket_data=self.ticket_layout(ticket, 0, None, documents=spec.documents), existing=True,
                    state=ticket.state.value)
            return self._held_view(q, ticket, minutes, paused, None)

    def check_priority_reason(self, given: str | None) -> None:
        if given and self.branch.priority.reason(given) is None:
            allowed = ", ".join(r.code for r in self.branch.priority.reasons)
            raise errors.AnjunganError.of("error.priority.unknown", given=given, allowed=allowed)

    def _hash_nik(self, q: QueueStore, nik: str) -> str:
        if self._nik_key is None:
            # The key lives outside the database (kiosk/store/secrets.py). On one PC it is made on
            # first use; on a branch server every machine must be given the same key.
            self._nik_key = nik_key.load_nik_key(create=self.dialect == "sqlite")
        return hmac.new(self._nik_key, nik.encode(), hashlib.sha256).hexdigest()

    # -- retention ----------------------------------------------------------------------------
    def _purge_due(self, now: datetime) -> bool:
        return self._last_purge is None or now - self._last_purge >= PURGE_EVERY

    def _purge(self, q: QueueStore, now: datetime) -> int:
        self._last_purge = now
        keep = self.config.retention.days
        day = service_day(now)
        # a booking's NIK is needed until its day is over
        BookingStore(q.conn).purge_full_niks(before_day=day if keep is None else day - timedelta(days=keep))
        if keep is None:
            return q.purge_full_niks(before_day=day)
        return q.purge_full_niks(issued_before=now - timedelta(days=keep))

    def purge_full_niks(self) -> int:
        """Forget full NIKs older than the retention setting; the keyed hash stays for statistics."""
        now = self.now()
        with self.uow() as q:
            return self._purge(q, now)
