"""Issue a queue ticket: the number, the fairness position, the wait, and the retention purge."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from kiosk.app import check as checking, printing, queries
from kiosk.app.core import AppCore
from kiosk.app.views import IssuedTicket, booking_json
from kiosk.domain import booking as booking_rules, classification, errors, queue as rules, restore as restore_rules, \
    visit as visit_rules
from kiosk.domain.booking import Arrival, Booking, BookingState
from kiosk.domain.catalog import Lang, pick
from kiosk.domain.hours import service_day, serving_minutes_left
from kiosk.domain.nik import nik_tail
from kiosk.domain.place import Place, place_of
from kiosk.domain.queue import TicketState
from kiosk.domain.reference import new_status_ref, status_url
from kiosk.domain.ticket import EventKind, Ticket
from kiosk.domain.wait import late_warning
from kiosk.store.queue import new_ticket_id
from kiosk.store.uow import UnitOfWork
from printer.ticket import TicketData

PURGE_EVERY = timedelta(minutes=10)


def issue(app: AppCore, nik: str | None, service: str, *, priority_reason: str | None = None, assisted: bool = False,
          documents_complete: bool = True, kiosk_id: str = "kiosk-1",
          booking: tuple[Booking, BookingState, Arrival] | None = None, heir: bool = False,
          insist: bool | None = None, lang: str = "id", heir_age: int | None = None) -> IssuedTicket:
    """A ticket for `service`, or the refusal (closed, quota, online only, front desk, …) as an error.

    A NIK is always needed: a ticket is a participant's place in the queue. `booking` is a
    booking being checked in (see `kiosk.app.bookings`): the booking, the state it moves to and
    how the participant arrived; it moves in the same transaction as the ticket is made.

    A NIK that already holds a waiting ticket for the service gets that ticket back
    (`existing=True`), unless staff insist on a new one (`insist`; by default: `assisted`).
    `heir`: an heir visits on a deceased participant's NIK (heir documents; priority from her own
    age, `heir_age`, when she gave it, never from the NIK).
    """
    spec = app.service_spec(service)
    info = checking.parse_nik_or_fail(app, nik)
    check_priority_reason(app, priority_reason)
    now = app.now()
    today = service_day(now)
    participant = checking.lookup(app, info)
    visitor = classification.Visitor(age=info.age(today), sex=info.sex, participant=participant, heir=heir,
                                     heir_age=heir_age)
    office = app.office_status()
    minutes, paused = queries.timing_figures(app)
    purge = _purge_due(app, now)
    rule = app.config.bookings
    insist = assisted if insist is None else insist
    nik_hash = queries.nik_hash(app, info.nik)
    with app.uow() as uow:
        if purge:
            _purge(app, uow, now)
        if booking is None:          # one waiting ticket per NIK and service: that one again
            kept = _held_ticket(uow, today, spec.code, nik_hash, insist)
            if kept is not None:
                return _held_view(app, uow, kept, (minutes, paused), info.masked, lang)
        booked = uow.bookings
        waiting_before = uow.queue.waiting_count(today, spec.code)
        # The number is allocated first: it also tells how many were issued today (quota), and
        # a refusal below rolls it back, so no number is ever skipped. Places held by bookings
        # count as used; a booking checked in within its window uses its own place.
        seq, skipped = uow.queue.allocate_seq(today, spec.code)
        held = booked.held(today, now - timedelta(minutes=rule.late_min)).get(spec.code, 0)
        own_place = booking is not None and booking_rules.holds_place(booking[0].state, booking[0].slot_end,
                                                                       now, rule)
        used = booking_rules.quota_count(restore_rules.issued(seq - 1, skipped), held, own_place)
        option = classification.classify(spec, visitor, office, used, app.branch, priority_reason)
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
            nik_hash=nik_hash, nik_last4=nik_tail(info.nik), kiosk_id=kiosk_id,
            arrived_at=rules.arrival_after(now, uow.queue.latest_arrival(today)), issued_at=now,
            ref=new_status_ref(), lang=Lang.of(lang).value)
        slotted = booking is not None and booking[1] is BookingState.CHECKED_IN
        by_rule = bool(reason or slotted)      # a priority or booked newcomer goes by the fairness rule
        # a place told counts the bookings not at the counters yet that may go before it
        bookings = bool(held) and booking is None
        if not by_rule:
            # a regular newcomer is last in line
            ahead, estimate = queries.told_place(app, uow, spec, ticket, waiting_before, (minutes, paused), bookings)
            ticket = replace(ticket, estimated_wait_min=estimate)
        issued = {"priority": reason is not None, "assisted": assisted, "kiosk_id": kiosk_id,
                  "verified": participant.verified, "booked": booking is not None}
        if booking is None and not by_rule:     # a walk-in: the ticket and its event in one round trip
            # the event is dated as the ticket arrived: the database's order, never a clock behind
            event_id = uow.queue.insert_ticket_with_event(ticket, ticket.arrived_at, EventKind.ISSUED, issued)
        else:
            uow.queue.insert_ticket(ticket)
            if booking is not None:
                # checked in before the place is counted, so the booked slot counts in it
                checked_in, state, how = booking
                if not booked.set_state(checked_in.code, state, now, arrival=how, ticket_id=ticket.ticket_id,
                                        expect=(BookingState.BOOKED,)):
                    raise errors.IllegalTransition.of("error.booking.used", code=checked_in.code)
                checked_in = replace(checked_in, state=state, arrival=how, ticket_id=ticket.ticket_id)
            if by_rule:
                ahead, estimate = queries.told_place(app, uow, spec, ticket,
                                                     queries.ahead(app, uow, ticket.ticket_id, today, spec.code),
                                                     (minutes, paused), bookings and not slotted)
                booked.set_ticket_estimate(ticket.ticket_id, estimate)
                ticket = replace(ticket, estimated_wait_min=estimate)
            event_id = uow.queue.add_event(ticket.arrived_at, EventKind.ISSUED, ticket=ticket, data=issued)
    app.publish_after(event_id - 1)
    late = late_warning(estimate, serving_minutes_left(app.branch.hours, now))
    checked_in = checked_in if booking is not None else None
    slot = (app.local(checked_in.slot_start), app.local(checked_in.slot_end)) if checked_in is not None else None
    place = place_of(ticket, ahead, estimate, slot)
    data = printing.ticket_layout(app, ticket, place, lang=lang, booking=checked_in,
                                  documents=pick(lang, option.documents, option.documents_en))
    return issued_view(app, ticket, place, data, nik_masked=info.masked, warning=late[0] if late else None,
                       booking=checked_in)


def issued_view(app: AppCore, ticket: Ticket, place: Place, data: TicketData, *, nik_masked: str | None,
                existing: bool = False, warning: str | None = None, booking: Booking | None = None) -> IssuedTicket:
    """The one way a ticket is handed to its participant: new, held already, scanned or checked in."""
    public_url = app.config.web.public_url
    return IssuedTicket(
        place=place, priority=ticket.priority, priority_reason=ticket.priority_reason, verified=ticket.verified,
        nik_masked=nik_masked, ticket_data=data, warning=warning, ref=ticket.ref,
        status_url=status_url(public_url, ticket.ref) if public_url and ticket.ref else None,
        booking=booking_json(booking, app.tz) if booking is not None else None, existing=existing)


def _held_ticket(uow: UnitOfWork, day, service: str, nik_hash: str, insist: bool) -> Ticket | None:
    """The NIK's waiting ticket for `service` to hand back instead of a new one (the domain's
    repeat rule), or None."""
    return visit_rules.ticket_to_return(uow.queue.waiting_ticket_of(day, service, nik_hash), insist)


def _held_view(app: AppCore, uow: UnitOfWork, ticket: Ticket, figures: tuple[dict, set[int]] | None,
               nik_masked: str | None, lang: str = "id") -> IssuedTicket:
    """A ticket the participant holds already, where it is now."""
    place = queries.place(app, uow, ticket, figures)
    return issued_view(app, ticket, place, printing.ticket_layout(app, ticket, place, lang=lang),
                       nik_masked=nik_masked, existing=True)


def held_tickets(app: AppCore, nik: str, lang: str = "id") -> dict[str, IssuedTicket]:
    """The waiting tickets a NIK already holds today, by service (shown on the service tiles)."""
    info = checking.parse_nik_or_fail(app, nik)
    today = app.today()
    figures = queries.timing_figures(app)
    nik_hash = queries.nik_hash(app, info.nik)
    held: dict[str, IssuedTicket] = {}
    with app.uow(write=False) as uow:
        for spec in app.branch.services:
            if not spec.queues:
                continue
            ticket = _held_ticket(uow, today, spec.code, nik_hash, insist=False)
            if ticket is not None:
                held[spec.code] = _held_view(app, uow, ticket, figures, info.masked, lang)
    return held


def ticket_status(app: AppCore, reference: str, lang: str = "id") -> IssuedTicket | None:
    """A ticket of today found by its QR reference, its status-page address or its id (a
    scanned ticket; a transferred one where it is now), with its place in the queue; None when
    there is no such ticket today."""
    figures = queries.timing_figures(app)
    with app.uow(write=False) as uow:
        ticket = queries.ticket_of_reference(app, uow, reference)
        if ticket is None or ticket.service_day != app.today():
            return None
        return _held_view(app, uow, ticket, figures, None, lang)


def check_priority_reason(app: AppCore, given: str | None) -> None:
    if given and app.branch.priority.reason(given) is None:
        allowed = ", ".join(r.code for r in app.branch.priority.reasons)
        raise errors.AnjunganError.of("error.priority.unknown", given=given, allowed=allowed)


def _purge_due(app: AppCore, now: datetime) -> bool:
    return app.last_purge is None or now - app.last_purge >= PURGE_EVERY


def _purge(app: AppCore, uow: UnitOfWork, now: datetime) -> int:
    app.last_purge = now
    keep = app.config.retention.days
    day = service_day(now)
    # a booking's NIK is needed until its day is over
    uow.bookings.purge_full_niks(before_day=day if keep is None else day - timedelta(days=keep))
    if keep is None:
        return uow.queue.purge_full_niks(before_day=day)
    return uow.queue.purge_full_niks(issued_before=now - timedelta(days=keep))


def purge_full_niks(app: AppCore) -> int:
    """Forget full NIKs older than the retention setting; the keyed hash stays for statistics."""
    now = app.now()
    with app.uow() as uow:
        return _purge(app, uow, now)

