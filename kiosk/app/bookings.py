"""Booked visits: making and importing them, checking them in at the kiosk, and the day's list.

The rules (arrival window, the quota a booking holds, who is called next) live in
`kiosk.domain.booking`; this module applies them over the store. A booking checked in within its
window gets a booked ticket through `issue`, in the same transaction that marks the booking.
"""
from __future__ import annotations

import csv
import time as clock
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from kiosk.app import check as checking, issue as issuing, printing, queries
from kiosk.app.core import AppCore
from kiosk.app.progress import Progress, counted, data_lines
from kiosk.app.views import BookingImportReport, CheckInResult, IssuedTicket, booking_json
from kiosk.config.reader import parse_time
from kiosk.domain import booking as rules, errors
from kiosk.domain.booking import Arrival, Booking, BookingState, CheckIn
from kiosk.domain.catalog import ByLanguage, pair
from kiosk.domain.formatting import time_en, time_id, when_text
from kiosk.domain.imports import ImportRecord, bytes_identity
from kiosk.domain.nik import NIK_LENGTH, mask_nik, nik_tail
from kiosk.domain.privacy import mask_id_numbers
from kiosk.store.bookings import BookingStore

CSV_COLUMNS = ("code", "nik", "service", "date", "start", "end")
SOURCE_MAX = 40


def _times(start: datetime, end: datetime) -> dict:
    return {"start": ByLanguage(time_id(start), time_en(start)), "end": ByLanguage(time_id(end), time_en(end))}


def _day_text(day: date) -> ByLanguage:
    return ByLanguage(when_text(day, "id", clock=None), when_text(day, "en", clock=None))


def parse_day(text: str) -> date:
    """`2026-11-23`, `23/11/2026` or `23-11-2026`."""
    text = (text or "").strip()
    for form in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise errors.AnjunganError.of("error.booking.date", text=text)


def parse_clock(text: str | time) -> time:
    parsed = parse_time(text)
    if parsed is None:
        raise errors.AnjunganError.of("error.booking.time", text=str(text))
    return parsed


def book(app: AppCore, nik: str, service: str, day: date | str, start: time | str, end: time | str, *,
         source: str = "", code: str | None = None) -> tuple[dict, bool]:
    """Make a booking (or change the one with this code); returns its JSON and whether it is new.

    Refused, with the reason, for a slot outside the day's service hours or already over, a
    service without a queue, or when the service's quota or the branch's bookings are full."""
    spec = app.service_spec(service)
    if not spec.queues:
        raise errors.AnjunganError.of("error.booking.not_queued", service=spec.code)
    info = checking.parse_nik_or_fail(app, nik)
    day = parse_day(day) if isinstance(day, str) else day
    start_t, end_t = parse_clock(start), parse_clock(end)
    source = mask_id_numbers((source or "").strip())
    if len(source) > SOURCE_MAX:
        raise errors.AnjunganError.of("error.booking.source")
    if code is not None and str(code).strip():
        normalized = rules.normalize_code(str(code))
        if normalized is None:
            raise errors.AnjunganError.of("error.booking.code")
        code = normalized
    else:
        code = rules.new_code()
    slot_start = datetime.combine(day, start_t, tzinfo=app.tz)
    slot_end = datetime.combine(day, end_t, tzinfo=app.tz)
    if not rules.slot_ok(slot_start, slot_end):
        raise errors.AnjunganError.of("error.booking.slot")
    hours = app.branch.hours.for_date(day)
    if hours is None:
        raise errors.AnjunganError.of("error.booking.closed_day", when=_day_text(day))
    if start_t < hours.opens or end_t > hours.closes:
        raise errors.AnjunganError.of("error.booking.outside_hours", **_times(slot_start, slot_end),
                                      opens=ByLanguage(time_id(hours.opens), time_en(hours.opens)),
                                      closes=ByLanguage(time_id(hours.closes), time_en(hours.closes)))
    pause = rules.break_in(hours, start_t, end_t)
    if pause is not None:
        raise errors.AnjunganError.of("error.booking.break", **_times(slot_start, slot_end),
                                      break_start=ByLanguage(time_id(pause.start), time_en(pause.start)),
                                      break_end=ByLanguage(time_id(pause.end), time_en(pause.end)))
    now = app.now()
    rule = app.config.bookings
    if slot_end <= now:
        raise errors.AnjunganError.of("error.booking.past", **_times(slot_start, slot_end), when=_day_text(day))
    with app.uow() as uow:
        store = uow.bookings
        old = store.get(code, for_update=True)
        if old is not None and old.state in (BookingState.CHECKED_IN, BookingState.WALK_IN):
            raise errors.AnjunganError.of("error.booking.locked", code=code)
        nik_hash = queries.nik_hash(app, info.nik)
        _one_per_nik(store, rule, nik_hash, day, spec.code, code)
        held = store.held(day, now - timedelta(minutes=rule.late_min)).get(spec.code, 0)
        if old is not None and old.service_day == day and old.service == spec.code and \
                rules.holds_place(old.state, old.slot_end, now, rule):
            held -= 1                                   # a change keeps its own place
        issued = uow.queue.service_counts(day).get(spec.code, {}).get("issued", 0)
        if not rules.can_book(spec.daily_quota, issued, held):
            raise errors.ServiceClosed.of("error.booking.quota", service=spec.code, when=_day_text(day))
        capacity = rules.booking_capacity(rule, len(app.branch.counters))
        if not rules.fits_capacity(capacity, store.count_of_day(day, except_code=code)):
            raise errors.ServiceClosed.of("error.booking.capacity", when=_day_text(day), capacity=capacity)
        booking = Booking(
            code=code, service_day=day, service=spec.code, slot_start=slot_start, slot_end=slot_end,
            source=source, state=BookingState.BOOKED, nik=info.nik, nik_hash=nik_hash,
            nik_last4=nik_tail(info.nik), created_at=old.created_at if old else now, updated_at=now)
        new = store.save(booking)
    return booking_json(booking, app.tz), new


def _one_per_nik(store: BookingStore, rule, nik_hash: str, day: date, service: str, code: str) -> None:
    """Refuse a booking that would give one NIK more active bookings of a service on a day than
    the branch allows (a change of the same booking is no second one)."""
    mine = sum(1 for b in store.of_nik(nik_hash, day)
               if b.service == service and b.code != code and b.state in rules.ACTIVE_STATES)
    if not rules.nik_may_book(rule, mine):
        raise errors.IllegalTransition.of("error.booking.per_nik", service=service, when=_day_text(day),
                                          most=rule.per_nik)


def book_for_ticket(app: AppCore, ticket_id: str, service: str, day: date | str, start: time | str,
                    end: time | str) -> dict:
    """A later visit booked at a counter for the participant of a ticket: the NIK is the
    ticket's own (the counter never handles it), the source is the counter. Refused by `book`,
    with the same sentences, for a full quota, a closed day, a slot outside the service hours
    or one already over."""
    with app.uow(write=False) as uow:
        ticket = queries.ticket_or_fail(app, uow, ticket_id)
    if ticket.nik is None:
        raise errors.AnjunganError.of("counter.booking_no_nik", number=ticket.number)
    booking, _new = book(app, ticket.nik, service, day, start, end, source=rules.COUNTER_SOURCE)
    return booking


def import_bookings(app: AppCore, path, *, progress: Progress | None = None) -> BookingImportReport:
    """Make or update bookings from a CSV file (columns code, nik, service, date, start, end and
    optionally source); bad rows are reported by line, good rows kept. `progress(rows done,
    rows in the file)` as they are made, and once more at the end. A booking is known by its code
    (a row imported again changes nothing); a file imported before in full says so and does
    nothing (kiosk/domain/imports.py)."""
    t0 = clock.perf_counter()
    path = Path(path)
    try:
        identity = bytes_identity([path.read_bytes()])
    except OSError as exc:
        raise errors.AnjunganError.of("error.booking.csv.unreadable", file=path.name, error=exc) from None
    with app.uow(write=False) as uow:
        known = uow.imports.get("bookings", identity)
    if known is not None:
        return BookingImportReport(0, 0, (), clock.perf_counter() - t0, already=replace(known, at=app.local(known.at)))
    imported = updated = 0
    rejected: list[tuple[int, str, str]] = []
    seen: dict[str, int] = {}
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            sample = f.read(4096)
            f.seek(0)
            try:
                dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
            except csv.Error:
                dialect = csv.excel
            reader = csv.DictReader(f, dialect=dialect)
            columns = [c.strip().lower() for c in (reader.fieldnames or [])]
            if not set(CSV_COLUMNS) <= set(columns):
                raise errors.AnjunganError.of("error.booking.csv.columns", columns=", ".join(CSV_COLUMNS))
            reader.fieldnames = columns
            for row in counted(reader, progress, data_lines(path) if progress is not None else None):
                line = reader.line_num
                values = {k: (v or "").strip() for k, v in row.items() if k}
                code = rules.normalize_code(values.get("code", "")) or values.get("code", "")
                if code in seen:
                    rejected.append((line, code, pair("error.booking.csv.duplicate", code=code,
                                                      line=seen[code])[0]))
                    continue
                seen[code] = line
                try:
                    _, new = book(app, values.get("nik", ""), values.get("service", ""), values.get("date", ""),
                                       values.get("start", ""), values.get("end", ""),
                                       source=values.get("source", ""), code=code)
                except errors.AnjunganError as exc:
                    if isinstance(exc, errors.StoreUnavailable):
                        raise
                    rejected.append((line, code, exc.message))
                    continue
                imported += new
                updated += not new
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise errors.AnjunganError.of("error.booking.csv.unreadable", file=path.name, error=exc) from None
    rows = imported + updated + len(rejected)
    with app.uow() as uow:
        if uow.imports.get("bookings", identity) is None:
            uow.imports.add(ImportRecord("bookings", identity, path.name, rows, imported + updated, app.now()))
    if progress is not None:
        progress(rows, rows)
    return BookingImportReport(imported, updated, tuple(rejected), clock.perf_counter() - t0)


def cancel_booking(app: AppCore, code: str) -> dict:
    code = _code(code)
    now = app.now()
    with app.uow() as uow:
        store = uow.bookings
        booking = _booking_or_fail(store, code)
        if booking.state in (BookingState.CHECKED_IN, BookingState.WALK_IN):
            raise errors.AnjunganError.of("error.booking.locked", code=code)
        store.set_state(code, BookingState.CANCELLED, now, expect=(BookingState.BOOKED, BookingState.CANCELLED))
        booking = store.get(code)
    return booking_json(booking, app.tz)


def booking(app: AppCore, code: str) -> dict:
    code = _code(code)
    with app.uow(write=False) as uow:
        booking = _booking_or_fail(uow.bookings, code)
    return booking_json(booking, app.tz, booking.state_now(app.now(), app.config.bookings))


def bookings_of(app: AppCore, day: date | str | None = None, service: str | None = None) -> list[dict]:
    """The day's bookings (default today), slot order; a booking never checked in by the end
    of its window is told as a no-show."""
    day = (parse_day(day) if isinstance(day, str) else day) or app.today()
    if service is not None:
        service = app.service_spec(service).code
    now, rule = app.now(), app.config.bookings
    with app.uow(write=False) as uow:
        found = uow.bookings.of_day(day, service)
    return [booking_json(b, app.tz, b.state_now(now, rule)) for b in found]


def check_in(app: AppCore, code_or_nik: str, *, kiosk_id: str = "kiosk-1", walk_in: bool = False,
             lang: str = "id") -> CheckInResult:
    """A booking code (typed or scanned) or a NIK with a booking today, checked in.

    Within the booking's window the ticket is booked; early arrivals are told when they will
    be called (and get an ordinary ticket with `walk_in=True`); late arrivals get a ticket in
    walk-in order, with a sentence that says so."""
    booking = _find_for_check_in(app, code_or_nik)
    now, rule = app.now(), app.config.bookings
    start, end = app.local(booking.slot_start), app.local(booking.slot_end)
    times = _times(start, end)
    if booking.state in (BookingState.CHECKED_IN, BookingState.WALK_IN) and booking.ticket_id:
        ticket = _issued_view(app, booking.ticket_id)
        message = pair("booking.already", number=ticket.number)
        return CheckInResult(CheckIn.ALREADY, booking_json(booking, app.tz), *message, ticket=ticket, call_from=start)
    how = rules.arrival(booking.slot_start, booking.slot_end, now, rule)
    opens, _ = rules.window(start, end, rule)
    if how is Arrival.EARLY and not walk_in:
        message = pair("booking.early", **times, opens=ByLanguage(time_id(opens), time_en(opens)))
        return CheckInResult(CheckIn.EARLY, booking_json(booking, app.tz), *message, call_from=start,
                             check_in_opens=opens, can_walk_in=True)
    if booking.nik is None:
        raise errors.AnjunganError.of("error.booking.no_show", code=booking.code)
    if how is Arrival.ON_TIME:
        state, outcome = BookingState.CHECKED_IN, CheckIn.CHECKED_IN
        message = pair("booking.checked_in.due" if start <= now else "booking.checked_in", **times)
    else:
        state, outcome = BookingState.WALK_IN, CheckIn.WALK_IN
        message = pair("booking.late" if how is Arrival.LATE else "booking.early.walk_in", **times)
    ticket = issuing.issue(app, booking.nik, booking.service, kiosk_id=kiosk_id, booking=(booking, state, how), lang=lang)
    return CheckInResult(outcome, ticket.booking, *message, ticket=ticket,
                         call_from=start if state is BookingState.CHECKED_IN else None)


def todays_booking(app: AppCore, nik: str) -> dict | None:
    """Today's booking of this NIK still to be checked in (the kiosk offers its check-in once
    the NIK is typed), or None. Reads only: nothing is checked in."""
    info = checking.parse_nik_or_fail(app, nik)
    try:
        booking = _find_for_check_in(app, info.nik)
    except errors.UnknownTicket:
        return None
    if booking.state is not BookingState.BOOKED:
        return None
    return booking_json(booking, app.tz, booking.state_now(app.now(), app.config.bookings))


def _find_for_check_in(app: AppCore, text: str) -> Booking:
    today, now, rule = app.today(), app.now(), app.config.bookings
    digits = (text or "").strip().replace(" ", "")
    info = None
    if len(digits) == NIK_LENGTH and digits.isdigit():
        try:
            info = checking.parse_nik_or_fail(app, digits)
        except errors.InvalidNik:
            info = None             # sixteen digits that are no NIK: a booking code
    if info is not None:
        with app.uow(write=False) as uow:
            found = [b for b in uow.bookings.of_nik(queries.nik_hash(app, info.nik), today)
                     if b.state is not BookingState.CANCELLED]
        if not found:
            raise errors.UnknownTicket.of("error.booking.none_today", nik=mask_nik(info.nik))
        open_now = [b for b in found if b.state is BookingState.BOOKED
                    and rules.arrival(b.slot_start, b.slot_end, now, rule) is Arrival.ON_TIME]
        pending = [b for b in found if b.state is BookingState.BOOKED]
        return (open_now or pending or found)[0]
    code = _code(text)
    with app.uow(write=False) as uow:
        booking = _booking_or_fail(uow.bookings, code)
    if booking.state is BookingState.CANCELLED:
        raise errors.AnjunganError.of("error.booking.cancelled", code=code)
    if booking.service_day != today:
        raise errors.AnjunganError.of("error.booking.other_day", code=code, when=_day_text(booking.service_day))
    return booking


def _issued_view(app: AppCore, ticket_id: str) -> IssuedTicket:
    with app.uow(write=False) as uow:
        ticket = queries.ticket_or_fail(app, uow, ticket_id)
        booking = uow.bookings.of_ticket(ticket_id)
        place = queries.place(app, uow, ticket, booking=booking)
    data = printing.ticket_layout(app, ticket, place, booking=booking)
    return issuing.issued_view(app, ticket, place, data, nik_masked=data.nik_masked, booking=booking)


def _code(text: str) -> str:
    code = rules.normalize_code(text)
    if code is None:
        raise errors.UnknownTicket.of("error.booking.code")
    return code


def _booking_or_fail(store: BookingStore, code: str) -> Booking:
    booking = store.get(code)
    if booking is None:
        raise errors.UnknownTicket.of("error.booking.unknown", code=code)
    return booking

