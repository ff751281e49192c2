"""Printing tickets: what goes on the paper, the spooler per printer, and the print state."""
from __future__ import annotations

import logging
from concurrent.futures import Future
from dataclasses import replace

from kiosk.app import queries
from kiosk.app.core import AppCore
from kiosk.domain import errors
from kiosk.domain.booking import Booking, BookingState
from kiosk.domain.catalog import Lang, pick, tr
from kiosk.domain.formatting import minutes_text, time_text, when_text
from kiosk.domain.nik import mask_tail
from kiosk.domain.place import Place
from kiosk.domain.reference import qr_reference, status_url
from kiosk.domain.ticket import EventKind, PrintState, Ticket
from kiosk.store import db
from printer.outcome import PrintOutcome
from printer.settings import PrinterSettings
from printer.ticket import CheckPageLabels, TicketData, TicketLabels

log = logging.getLogger("anjungan.services")


def ticket_labels(lang: str = "id") -> TicketLabels:
    """The ticket's fixed words from the catalog, in the participant's language."""
    return TicketLabels(
        heading=tr("paper.ticket.heading", lang), reprint=tr("paper.ticket.reprint", lang),
        priority=tr("paper.ticket.priority", lang), ahead=tr("paper.ticket.ahead", lang),
        wait=tr("paper.ticket.wait", lang), wait_unknown=tr("paper.ticket.wait_unknown", lang),
        nik=tr("paper.ticket.nik", lang), unverified=tr("paper.ticket.unverified", lang),
        unverified_note=tr("paper.ticket.unverified_note", lang), documents=tr("paper.ticket.documents", lang),
        reference=tr("paper.ticket.reference", lang))


def check_page_labels(lang: str = "id") -> CheckPageLabels:
    """The printer test page's words from the catalog."""
    return CheckPageLabels(
        title=tr("paper.check.title", lang), paper=tr("paper.check.paper", lang),
        profile=tr("paper.check.profile", lang), left=tr("paper.check.left", lang),
        center=tr("paper.check.center", lang), right=tr("paper.check.right", lang), bold=tr("paper.check.bold", lang),
        inverted=tr("paper.check.inverted", lang), characters=tr("paper.check.characters", lang),
        qr_native=tr("paper.check.qr_native", lang), qr_raster=tr("paper.check.qr_raster", lang))


def ticket_layout(app: AppCore, t: Ticket, place: Place, documents=None,
                  reprint: bool = False, booking: Booking | None = None, lang: str = "id") -> TicketData:
    """Everything the printer puts on paper for the ticket at `place`, the texts already written in
    the participant's language `lang` (the ticket's fixed words too: `ticket_labels`).

    The QR code opens the ticket's status page when the branch has a web address
    (`web.public_url`); otherwise it carries the reference the counters scan."""
    lang = Lang.of(lang)
    spec = app.branch.service(t.service)
    issued_at = app.local(t.issued_at)
    public_url = app.config.web.public_url
    online = bool(public_url and t.ref)
    if documents is None:
        documents = pick(lang, spec.documents, spec.documents_en)
    ahead, estimate = place.ahead or 0, place.estimated_wait_min
    return TicketData(
        ticket_id=t.ticket_id, number=t.number, service_code=spec.code,
        service_name=pick(lang, spec.name_id, spec.name_en), service_name_en=spec.name_en, issued_at=issued_at,
        issued_text=when_text(issued_at, lang, clock="plain"), labels=ticket_labels(lang),
        branch_name=app.branch.name, branch_address=app.branch.address, ahead=ahead,
        estimated_wait_min=estimate, wait_text=minutes_text(estimate, lang) if estimate is not None else None,
        priority=t.priority, priority_reason=t.priority_reason, verified=t.verified,
        nik_masked=mask_tail(t.nik_last4) if t.nik_last4 else None, documents=tuple(documents),
        footer=tuple(pick(lang, app.branch.footer, app.branch.footer_en or app.branch.footer)), reprint=reprint,
        qr_payload=status_url(public_url, t.ref) if online else qr_reference(t.ticket_id, t.number, t.service_day),
        notes=_booking_notes(app, booking, lang), qr_caption=tr("booking.ticket_status", lang) if online else None)


def _booking_notes(app: AppCore, booking: Booking | None, lang: str = "id") -> tuple[str, ...]:
    if booking is None:
        return ()
    if booking.state is BookingState.CHECKED_IN:
        return (tr("booking.ticket_note", lang, start=time_text(app.local(booking.slot_start), lang),
                   end=time_text(app.local(booking.slot_end), lang)),)
    return (tr("booking.ticket_note.walk_in", lang, code=booking.code),)


def ticket_data(app: AppCore, ticket_id: str, reprint: bool = False, lang: str = "id") -> TicketData:
    """The paper of a ticket as it stands now (a reprint, a staff preview)."""
    with app.uow(write=False) as uow:
        ticket = queries.ticket_or_fail(app, uow, ticket_id)
        booking = uow.bookings.of_ticket(ticket_id)
        place = queries.place(app, uow, ticket)
    return ticket_layout(app, ticket, place, reprint=reprint, booking=booking, lang=lang)


def printer_settings(app: AppCore, url: str | None = None) -> PrinterSettings:
    settings = app.config.printer
    if url:
        settings = replace(settings, url=url)
    if settings.url.rstrip("/") == "preview:":
        settings = replace(settings, url=f"preview://{db.data_dir() / 'tickets'}")
    return settings


def _spooler(app: AppCore, url: str | None):
    from printer.spooler import Spooler

    settings = printer_settings(app, url)
    with app.spooler_lock:
        spooler = app.spoolers.get(settings.url)
        if spooler is None:
            spooler = app.spoolers[settings.url] = Spooler(settings)
        return spooler


def printer_status(app: AppCore, url: str | None = None) -> dict:
    from printer.spooler import printer_status

    return printer_status(printer_settings(app, url))


def ticket_preview(app: AppCore, ticket_id: str, printer_url: str | None = None, reprint: bool = False,
                   lang: str = "id"):
    """The ticket as the printer would print it in `lang`, as a PIL image (for the screen)."""
    return preview_ticket_data(app, ticket_data(app, ticket_id, reprint=reprint, lang=lang), printer_url)


def preview_ticket_data(app: AppCore, data: TicketData, printer_url: str | None = None):
    """A ticket already laid out (`IssuedTicket.ticket_data`) as the printer would print it, as
    a PIL image: what the kiosk shows is the layout it prints."""
    from printer.preview import render_preview

    return render_preview(data, printer_settings(app, printer_url))


def print_ticket(app: AppCore, ticket_id: str, printer_url: str | None = None, wait: bool = True,
                 reprint: bool = False, lang: str = "id") -> PrintOutcome | Future:
    """Print through the printer's spooler in the participant's language `lang`; the ticket's
    print state and an event record the outcome."""
    return print_ticket_data(app, ticket_data(app, ticket_id, reprint=reprint, lang=lang), printer_url, wait=wait)


def print_ticket_data(app: AppCore, data: TicketData, printer_url: str | None = None,
                      wait: bool = True) -> PrintOutcome | Future:
    """Print a ticket already laid out (`IssuedTicket.ticket_data`: the layout the issue made,
    not read again); the ticket's print state and an event record the outcome."""
    ticket_id = data.ticket_id
    _set_print_state(app, ticket_id, PrintState.PENDING, None)
    future = _spooler(app, printer_url).submit(data)
    future.add_done_callback(lambda f: _print_done(app, ticket_id, f))
    if not wait:
        return future
    return future.result()


def reprint(app: AppCore, ticket_id: str, printer_url: str | None = None, lang: str = "id") -> PrintOutcome:
    return print_ticket(app, ticket_id, printer_url, wait=True, reprint=True, lang=lang)


def _print_done(app: AppCore, ticket_id: str, future: Future) -> None:
    try:
        outcome: PrintOutcome = future.result()
        ok, reason, near_end = outcome.ok, outcome.reason, outcome.paper_near_end
    except Exception as exc:  # the spooler reports failures as outcomes; this is the last guard
        ok, reason, near_end = False, str(exc), False
    try:
        _set_print_state(app, ticket_id, PrintState.PRINTED if ok else PrintState.FAILED, reason, near_end)
    except errors.AnjunganError:
        log.exception("could not record the print state of ticket %s", ticket_id)


def _set_print_state(app: AppCore, ticket_id: str, state: str, reason: str | None, near_end: bool = False) -> None:
    now = app.now()
    event_id = None
    with app.uow() as uow:
        ticket = queries.ticket_or_fail(app, uow, ticket_id)
        uow.queue.set_print_state(ticket_id, state, reason)
        if state in (PrintState.PRINTED, PrintState.FAILED):
            kind = EventKind.PRINTED if state == PrintState.PRINTED else EventKind.PRINT_FAILED
            event_id = uow.queue.add_event(now, kind, ticket=ticket, data={"reason": reason, "paper_near_end": near_end})
    if event_id:
        app.publish_after(event_id - 1)

