"""The lobby as it really is, each scene a screenshot: large text, a walk-away warning, grouped
services, a repeat visit, an heir, a scanned card and ticket, a booked visit checked in and a
finished visit rated at the kiosk."""
from __future__ import annotations

from datetime import date, timedelta

from kiosk.demo.cast import Person
from kiosk.demo.director import Director
from kiosk.domain.errors import AnjunganError
from kiosk.domain.nik import make_nik


def lobby_shots(d: Director, people: dict[str, Person]) -> None:
    """The lobby scenes one after another (each a screenshot)."""
    large_text(d, people["elderly"].nik)
    walk_away_warning(d, people["active"].nik)
    grouped_services(d, people["active"].nik)
    repeat_visit(d, people["active"].nik)
    typo_mended(d, people["active"].nik)
    heir(d, people["deceased"].nik)
    scanned_card_and_ticket(d, people["elderly"].card_number)


def large_text(d: Director, nik: str) -> None:
    """Large text, the whole way to the documents; the next visitor finds normal text again."""
    d.tap("largeTextToggle")
    d.shot("large-welcome")
    d.tap("takeTicket")
    d.type_nik(nik)
    d.shot("large-nik-masked")
    d.tap("nikSubmit")
    d.after_nik()
    d.shot("large-groups")
    d.tap("group_klaim")
    d.shot("large-services-klaim")
    d.choose("JKK")
    d.shot("large-documents")
    d.home()
    d.shot("next-visitor-default")


def walk_away_warning(d: Director, nik: str) -> None:
    """The walk-away warning, on a half-typed NIK, and the visitor who stays."""
    d.tap("takeTicket")
    d.type_nik(nik[:9])
    d.window.show_idle_warning()
    d.shot("idle-warning")
    d.tap("idleContinue")
    d.shot("idle-continued")
    d.home()


def grouped_services(d: Director, nik: str) -> None:
    d.tap("takeTicket")
    d.type_nik(nik)
    d.tap("nikSubmit")
    d.after_nik()                           # past the number this NIK holds already
    d.shot("grouped-services")
    d.tap("group_informasi")
    d.shot("grouped-services-informasi")
    d.choose("ADUAN")                       # its group has one service: straight to the documents
    d.tap("ticketConfirm")
    d.settle()
    d.home()


def repeat_visit(d: Director, nik: str) -> None:
    """The same NIK again: the number it holds is said right after the NIK; "Ambil layanan lain"
    goes on to the services, where the held service says its number again."""
    d.tap("takeTicket")
    d.type_nik(nik)
    d.tap("nikSubmit")
    d.shot("repeat-visit")
    d.tap("repeatOther")
    d.choose("ADUAN")
    d.shot("repeat-visit-service")
    d.home()


def typo_mended(d: Director, nik: str) -> None:
    """One wrong digit typed: the KK question shows the number to compare with the KTP; the wrong
    digit touched, the right one put in its place, and the number checked again."""
    last = nik[-1]
    wrong = "1" if last != "1" else "2"
    d.tap("takeTicket")
    d.type_nik(nik[:-1] + wrong)
    d.tap("nikSubmit")
    d.shot("kk-typo")
    d.tap("kkDigit_15")
    d.shot("kk-typo-picked")
    d.tap(f"kkKey_{last}")
    d.shot("kk-typo-mended")
    d.tap("kkCheck")
    d.settle()
    d.home()


def heir(d: Director, nik: str) -> None:
    """The heir of a deceased participant."""
    d.tap("takeTicket")
    d.type_nik(nik)
    d.tap("nikSubmit")
    d.shot("heir-question")
    d.tap("heirYes")
    for digit in "67":                          # the widow's own age: her priority
        d.tap(f"heirAgeKeypad_{digit}")
    d.shot("heir-age")
    d.tap("heirAgeNext")
    d.shot("heir-status")
    d.tap("statusNext")
    d.shot("heir-services")
    d.choose("JKM")
    d.shot("heir-documents")
    d.home()


def scanned_card_and_ticket(d: Director, card_number: str) -> None:
    """A membership card scanned on the Welcome screen, then the ticket it gave scanned back."""
    w = d.window
    d.scan(card_number)
    d.shot("scanned-card")
    d.after_nik()
    d.choose("INFO")
    d.shot("scanned-card-documents")
    d.tap("ticketConfirm")
    d.settle()
    payload = w.visit.ticket.ticket_data.qr_payload if w.visit.ticket is not None else ""
    d.home()
    if payload:
        d.scan(payload)
        d.shot("scanned-ticket")
        d.home()


def booking_and_rating_shots(d: Director, svc, clock) -> None:
    """A participant who booked online types the code at the kiosk (`kiosk-booking.png`: the ticket
    with its slot), and a finished visit's ticket scanned for its rating (`kiosk-rating.png`)."""
    booked_check_in(d, svc, clock)
    rating_at_the_kiosk(d, svc)


def booked_check_in(d: Director, svc, clock) -> None:
    now = clock.now
    start = now.replace(minute=now.minute - now.minute % 30, second=0, microsecond=0)
    booked = make_nik("31", "71", "04", date(1979, 4, 12), "F", 9108)
    code = "LPK-2026-0417"
    try:
        svc.book(booked, "INFO", start.date(), start.time(), (start + timedelta(minutes=30)).time(),
                 source="Lapak Asik", code=code)
    except AnjunganError:
        return                                  # no slot left today: the morning goes on without it
    d.tap("bookingStart")
    for char in code:
        d.tap("codeKey_dash" if char == "-" else f"codeKey_{char}")
    d.shot("booking-code")
    d.tap("bookingSubmit")
    d.window.bg.wait(20000)
    d.settle()
    d.shot("booking-checked-in")
    d.save(d.window, "kiosk-booking.png")
    d.home()


def rating_at_the_kiosk(d: Director, svc) -> None:
    visitor = make_nik("31", "71", "04", date(1983, 9, 3), "M", 9109)
    try:
        ticket = svc.issue(visitor, "INFO", kiosk_id="kiosk-2")
        svc.open_ticket(2, ticket.ticket_data.qr_payload)      # served at counter 2, then finished
        svc.finish(2)
    except AnjunganError:
        return
    d.scan(ticket.ticket_data.qr_payload)
    d.shot("rating-faces")
    d.save(d.window, "kiosk-rating.png")
    d.tap("rate_4")
    d.shot("rating-thanks")
    d.home()
