"""A booked visit checked in at the kiosk, a finished visit rated there, and a visit sent online,
driven through the real kiosk window like a participant would (taps, a keyboard-wedge scanner)."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt

from kiosk.domain.scan import ScanKind, read_scan
from kiosk.domain.ticket import EventKind
from tests.conftest import JAKARTA
from tests.ui.conftest import ACTIVE_NIK, ELDERLY_NIK, Driver

MONDAY = date(2026, 11, 23)
CODE = "LPK-2026-0001"


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 23, hour, minute, tzinfo=JAKARTA)


def scan(qtbot, window, text: str) -> None:
    """What a keyboard-wedge scanner does: the code's characters, fast, then Enter."""
    target = window.focusWidget() or window
    qtbot.keyClicks(target, text)
    qtbot.keyClick(target, Qt.Key.Key_Return)


def type_code(drive: Driver, code: str) -> None:
    for char in code:
        drive.tap("codeKey_dash" if char == "-" else f"codeKey_{char}")


def book(svc, nik=ACTIVE_NIK, start="09.00", end="09.30", code=CODE, day=MONDAY):
    svc.book(nik, "INFO", day, start, end, source="Lapak Asik", code=code)


def printed(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.visit.print_outcome is not None, timeout=15000)


def booking_state(svc, code=CODE) -> str:
    return svc.booking(code)["state"]


# -- what a scanner read -----------------------------------------------------------------------------
@pytest.mark.parametrize("text,value", [
    ("LPK-2026-0001", "LPK-2026-0001"),
    ("booking:lpk-2026-0001", "LPK-2026-0001"),
    ('{"kode_booking": "BK-1A2B3C4D5E"}', "BK-1A2B3C4D5E"),
    ("https://antrian.example.id/booking/LPK-2026-0001?src=qr", "LPK-2026-0001"),
])
def test_a_booking_code_or_its_qr_is_read_as_a_booking(text, value):
    found = read_scan(text)
    assert found.kind is ScanKind.BOOKING and found.value == value


def test_words_and_numbers_are_no_booking_and_a_status_page_is_a_ticket():
    for text in ("hello", "12345"):
        assert read_scan(text).kind is ScanKind.UNKNOWN, text
    page = read_scan("http://10.0.0.5:8080/t/abcdefghijklmnop12")
    assert page.kind is ScanKind.TICKET and page.value == "http://10.0.0.5:8080/t/abcdefghijklmnop12"


# -- check-in ------------------------------------------------------------------------------------------
def test_a_typed_booking_code_checks_in_and_the_ticket_says_booked_with_the_slot(qtbot, kiosk, drive, kiosk_svc,
                                                                                  clock):
    clock.now = at(8, 50)
    book(kiosk_svc)
    assert kiosk.welcome.booking.accessibleName() == "Saya sudah booking"
    drive.tap("bookingStart")
    drive.wait_screen("booking")
    assert not drive.widget("bookingSubmit").isEnabled()          # nothing typed yet: disabled
    type_code(drive, "LPK-2026-00011")
    drive.tap("codeKeyBackspace")                                  # one character back
    assert drive.text("bookingCode") == CODE
    drive.tap("bookingSubmit")
    drive.wait_screen("ticket")
    printed(qtbot, kiosk)
    assert "slot 09.00–09.30" in drive.text("ticketBooking") and "Booking diterima" in drive.text("ticketBooking")
    assert drive.text("ticketService") == "Informasi & Kepesertaan"
    assert booking_state(kiosk_svc) == "checked_in"
    assert kiosk.visit.ticket.ticket_data.notes == ("BOOKING ONLINE — slot 09.00–09.30",)   # the printed line
    drive.tap("languageToggle")
    assert "slot 09:00–09:30" in drive.text("ticketBooking")


def test_a_scanned_booking_qr_on_welcome_goes_straight_to_the_ticket(qtbot, kiosk, drive, kiosk_svc, clock):
    clock.now = at(9, 5)
    book(kiosk_svc)
    kiosk_svc.issue(ELDERLY_NIK, "INFO")                   # a walk-in waiting: the booking goes first
    scan(qtbot, kiosk, "booking:" + CODE.lower())
    drive.wait_screen("ticket")
    printed(qtbot, kiosk)
    assert "didahulukan" in drive.text("ticketBooking")
    place = kiosk_svc.ticket_status(kiosk.visit.ticket.ticket_id)    # as the printed ticket says it
    assert place.ahead == 0 and drive.text("ticketAhead") == "Antrian di depan Anda: 0"
    assert booking_state(kiosk_svc) == "checked_in"


def test_a_code_scanned_on_the_nik_screen_checks_in_too(qtbot, kiosk, drive, kiosk_svc, clock):
    book(kiosk_svc)
    drive.tap("takeTicket")
    drive.type_nik(ACTIVE_NIK[:4])
    scan(qtbot, kiosk, CODE)
    drive.wait_screen("ticket")
    assert kiosk.nik.digits == ""                    # the NIK typed so far is gone with the visit
    printed(qtbot, kiosk)


def test_a_nik_with_a_booking_today_is_offered_its_check_in(qtbot, kiosk, drive, kiosk_svc, clock):
    book(kiosk_svc)
    drive.tap("takeTicket")
    drive.type_nik(ACTIVE_NIK)
    drive.tap("nikSubmit")
    drive.wait_screen("bookingFound")
    found = drive.text("bookingFoundText")
    assert "09.00–09.30" in found and CODE in found and ACTIVE_NIK not in found
    drive.tap("bookingCheckIn")
    drive.wait_screen("ticket")
    printed(qtbot, kiosk)
    assert "slot 09.00–09.30" in drive.text("ticketBooking")
    assert booking_state(kiosk_svc) == "checked_in"


def test_a_nik_with_a_booking_may_go_on_as_a_walk_in(qtbot, kiosk, drive, kiosk_svc, clock):
    book(kiosk_svc)
    drive.tap("takeTicket")
    drive.type_nik(ACTIVE_NIK)
    drive.tap("nikSubmit")
    drive.wait_screen("bookingFound")
    drive.tap("bookingSkip")
    drive.wait_screen("visit")
    assert booking_state(kiosk_svc) == "booked"


def test_an_early_arrival_is_told_when_and_may_take_a_walk_in_ticket(qtbot, kiosk, drive, kiosk_svc, clock):
    book(kiosk_svc, start="10.00", end="10.30")            # check-in opens at 09.30; it is 09.00
    drive.tap("bookingStart")
    type_code(drive, CODE)
    drive.tap("bookingSubmit")
    drive.wait_screen("bookingFound")
    text = drive.text("bookingFoundText")
    assert "10.00–10.30" in text and "09.30" in text and "nomor antrian biasa" in text
    assert booking_state(kiosk_svc) == "booked"             # nothing used up yet
    drive.tap("bookingWalkIn")
    drive.wait_screen("ticket")
    printed(qtbot, kiosk)
    assert "mengikuti antrian biasa" in drive.text("ticketBooking")
    assert booking_state(kiosk_svc) == "walk_in"


def test_an_early_arrival_may_come_back_later(qtbot, kiosk, drive, kiosk_svc, clock):
    book(kiosk_svc, start="10.00", end="10.30")
    drive.tap("bookingStart")
    type_code(drive, CODE)
    drive.tap("bookingSubmit")
    drive.wait_screen("bookingFound")
    drive.tap("bookingLater")
    drive.wait_screen("welcome")
    assert booking_state(kiosk_svc) == "booked"


def test_a_late_arrival_is_told_in_one_sentence_it_follows_walk_in_order(qtbot, kiosk, drive, kiosk_svc, clock):
    clock.now = at(8, 0)
    book(kiosk_svc, start="08.00", end="08.30")
    clock.now = at(9, 0)                                     # the window closed at 08.40
    drive.tap("bookingStart")
    type_code(drive, CODE)
    drive.tap("bookingSubmit")
    drive.wait_screen("ticket")
    printed(qtbot, kiosk)
    assert drive.text("ticketBooking") == \
        "Anda datang setelah slot 08.00–08.30 berakhir — nomor Anda mengikuti antrian biasa."
    assert booking_state(kiosk_svc) == "walk_in"


def test_a_bad_code_says_so_in_one_sentence_and_may_be_retyped(qtbot, kiosk, drive, kiosk_svc, clock):
    book(kiosk_svc)
    book(kiosk_svc, nik=ELDERLY_NIK, code="LPK-2026-0002", day=date(2026, 11, 24))
    drive.tap("bookingStart")
    type_code(drive, "LPK-2026-0009")
    drive.tap("bookingSubmit")
    qtbot.waitUntil(lambda: drive.text("bookingMessage") == "Kode booking LPK-2026-0009 tidak ditemukan.",
                    timeout=10000)
    assert kiosk.current_name == "booking" and drive.text("bookingCode") == "LPK-2026-0009"   # kept
    drive.tap("bookingRetype")
    assert drive.text("bookingCode") == "" and "bukti booking" in drive.text("bookingMessage")
    type_code(drive, "LPK-2026-0002")                        # another day's booking
    drive.tap("bookingSubmit")
    qtbot.waitUntil(lambda: "bukan hari ini" in drive.text("bookingMessage"), timeout=10000)
    drive.tap("bookingRetype")
    type_code(drive, CODE)
    drive.tap("bookingSubmit")
    drive.wait_screen("ticket")
    printed(qtbot, kiosk)
    number = kiosk.visit.ticket.number
    kiosk.go_welcome()
    drive.tap("bookingStart")                                 # the same code again: already used
    type_code(drive, CODE)
    drive.tap("bookingSubmit")
    drive.wait_screen("repeatTicket")
    assert drive.text("repeatNumber") == number                  # that ticket again, no second one


# -- rating a finished visit ---------------------------------------------------------------------------
def finished_ticket(svc, nik=ACTIVE_NIK):
    ticket = svc.issue(nik, "INFO")
    svc.call_next(1)
    svc.finish(1)
    return ticket


def test_a_scanned_ticket_of_a_finished_visit_is_rated_once(qtbot, kiosk, drive, kiosk_svc):
    ticket = finished_ticket(kiosk_svc)
    scan(qtbot, kiosk, ticket.ticket_data.qr_payload)
    drive.wait_screen("rating")
    assert drive.text("ratingTicket") == f"Nomor antrian {ticket.number}"
    words = [drive.widget(f"rate_{s}").accessibleName() for s in (1, 2, 3, 4)]
    assert words == ["Tidak baik (1 dari 4)", "Kurang baik (2 dari 4)", "Baik (3 dari 4)", "Sangat baik (4 dari 4)"]
    drive.tap("rate_4")
    assert drive.text("ratingThanks") == "Terima kasih atas penilaian Anda"
    qtbot.waitUntil(lambda: kiosk_svc.rating_of(ticket.ticket_id) == 4, timeout=10000)
    rated = [e for e in kiosk_svc.events_after(0) if e.kind == EventKind.RATED]
    assert [(e.data["score"], e.data["source"]) for e in rated] == [(4, "kiosk")]
    kiosk.go_welcome()
    scan(qtbot, kiosk, ticket.ticket_data.qr_payload)          # again: thanks, no second rating
    drive.wait_screen("rating")
    assert not drive.widget("rate_1").isVisible()
    assert drive.text("ratingThanksHint") == "Layanan ini sudah Anda nilai. Terima kasih!"
    kiosk.flow.rating.rate(1)                                          # a second rating is not taken
    qtbot.wait(200)
    assert kiosk_svc.rating_of(ticket.ticket_id) == 4
    assert len([e for e in kiosk_svc.events_after(0) if e.kind == EventKind.RATED]) == 1
    assert kiosk_svc.report(MONDAY, MONDAY).to_json()["ikm"] is not None


def test_a_branch_with_a_web_address_rates_and_shows_by_the_status_page_qr(qtbot, make_kiosk, make_services):
    """There the ticket's QR is the phone page's address; the kiosk reads it as the ticket."""
    from dataclasses import replace

    from kiosk.config import load_config
    from kiosk.config.web import WebConfig
    from tests.ui.conftest import scripted_rows

    svc = make_services(config=replace(load_config(), web=WebConfig(public_url="http://10.0.0.5:8080")))
    svc.import_participants(scripted_rows())
    window = make_kiosk(svc=svc)
    drive = Driver(qtbot, window)
    waiting = svc.issue(ELDERLY_NIK, "INFO")
    assert waiting.ticket_data.qr_payload.startswith("http://10.0.0.5:8080/t/")
    scan(qtbot, window, waiting.ticket_data.qr_payload)
    drive.wait_screen("repeatTicket")
    window.go_welcome()
    svc.call_next(1)
    svc.finish(1)
    scan(qtbot, window, waiting.ticket_data.qr_payload)
    drive.wait_screen("rating")
    drive.tap("rate_3")
    qtbot.waitUntil(lambda: svc.rating_of(waiting.ticket_id) == 3, timeout=10000)


def test_a_waiting_ticket_scanned_shows_its_place_not_the_faces(qtbot, kiosk, drive, kiosk_svc):
    kiosk_svc.issue(ELDERLY_NIK, "INFO")                     # one waiting before it
    ticket = kiosk_svc.issue(ACTIVE_NIK, "INFO")
    scan(qtbot, kiosk, ticket.ticket_data.qr_payload)
    drive.wait_screen("repeatTicket")
    assert drive.text("repeatTitle") == "Status tiket Anda"
    assert drive.text("repeatNumber") == ticket.number
    assert drive.widget("repeatAhead").isVisible() and drive.text("repeatAhead") == "Antrian di depan Anda: 1"
    assert drive.widget("repeatWait").isVisible()
    faces = [drive.widget(f"rate_{s}") for s in (1, 2, 3, 4)]
    assert not any(face.isVisible() for face in faces) and not drive.widget("kioskRating").isVisible()
    assert kiosk_svc.rating_of(ticket.ticket_id) is None


def test_the_full_questionnaire_from_the_kiosk(qtbot, kiosk, drive, kiosk_svc):
    ticket = finished_ticket(kiosk_svc)
    scan(qtbot, kiosk, ticket.ticket_data.qr_payload)
    drive.wait_screen("rating")
    drive.tap("rate_3")
    drive.tap("fullSurvey")
    assert "persyaratan" in drive.text("skmQuestion")
    for score in (4, 4, 3, 4, 3, 4, 4, 3, 4):
        drive.tap(f"skmAnswer_{score}")
    drive.widget("skmSex").setCurrentIndex(2)
    qtbot.mouseClick(drive.widget("skmSuggestion"), Qt.MouseButton.LeftButton)    # no keyboard: large keys
    assert kiosk.rating.page == kiosk.rating.SUGGESTION
    for char in "RUANG NYAMAN, NIK " + ACTIVE_NIK:
        drive.tap({" ": "textKey_space", ",": "textKey_comma"}.get(char, f"textKey_{char}"))
    drive.tap("textKeyBackspace")
    drive.tap("textKey_4")
    drive.tap("suggestionDone")
    assert drive.text("skmSuggestion") == "RUANG NYAMAN, NIK " + ACTIVE_NIK
    assert drive.widget("skmSex").currentIndex() == 2            # the answers so far are kept
    drive.tap("skmSend")
    assert drive.text("ratingThanksHint") == "Terima kasih, survei Anda sudah kami terima."
    assert not drive.widget("fullSurvey").isVisible()
    qtbot.waitUntil(lambda: kiosk_svc.report(MONDAY, MONDAY).ikm.respondents == 1, timeout=10000)
    report = kiosk_svc.report(MONDAY, MONDAY)
    assert (report.ikm.value, report.ikm.grade) == (91.67, "A")
    suggestion = kiosk_svc.suggestions(MONDAY, MONDAY)[0][2]
    assert suggestion.startswith("RUANG NYAMAN, NIK ") and ACTIVE_NIK not in suggestion      # masked
    assert kiosk_svc.rating_of(ticket.ticket_id) == 3
    surveyed = [e for e in kiosk_svc.events_after(0) if e.kind == EventKind.SURVEYED]
    assert [e.data["source"] for e in surveyed] == ["kiosk"]


# -- a visit sent online ------------------------------------------------------------------------------
def online_redirects(svc) -> list:
    return [e for e in svc.events_after(0) if e.kind == EventKind.ONLINE]


def test_an_online_route_shown_and_left_without_a_ticket_is_counted_once(qtbot, kiosk, drive, kiosk_svc):
    drive.to_services(ACTIVE_NIK)
    drive.service("JKP")                                    # online only
    drive.wait_screen("route")
    drive.tap("routeBack")
    drive.service("JKP")                                    # shown twice in the same visit
    drive.wait_screen("route")
    drive.tap("routeDone")
    drive.wait_screen("welcome")
    qtbot.waitUntil(lambda: len(online_redirects(kiosk_svc)) == 1, timeout=10000)
    kiosk.go_welcome()
    qtbot.wait(200)
    events = online_redirects(kiosk_svc)
    assert len(events) == 1 and events[0].service == "JKP" and events[0].data["kiosk_id"] == "kiosk-1"


def test_an_online_route_then_a_ticket_is_not_counted(qtbot, kiosk, drive, kiosk_svc):
    drive.to_services(ACTIVE_NIK)
    drive.service("DATA")                                   # online, a ticket may still be taken
    drive.wait_screen("route")
    drive.tap("queueAnyway")
    drive.wait_screen("documents")
    drive.tap("ticketConfirm")
    drive.wait_screen("ticket")
    printed(qtbot, kiosk)
    drive.tap("ticketDone")
    drive.wait_screen("welcome")
    qtbot.wait(300)
    assert online_redirects(kiosk_svc) == []


# -- every control named, in the current language -----------------------------------------------------
def test_the_new_screens_name_every_control_in_the_current_language(qtbot, kiosk, drive, kiosk_svc, clock):
    from tests.ui.test_kiosk_lobby import _names

    book(kiosk_svc, start="10.00", end="10.30")
    ticket = finished_ticket(kiosk_svc, nik=ELDERLY_NIK)
    seen = {}
    for lang in ("id", "en"):
        if kiosk.lang != lang:
            drive.tap("languageToggle")
        drive.tap("bookingStart")
        type_code(drive, CODE)
        seen[lang, "booking"] = _names(kiosk)
        drive.tap("bookingSubmit")
        drive.wait_screen("bookingFound")
        seen[lang, "early"] = _names(kiosk)
        kiosk.go_welcome(end_visit=False)
        scan(qtbot, kiosk, ticket.ticket_data.qr_payload)
        drive.wait_screen("rating")
        seen[lang, "faces"] = _names(kiosk)
        if lang == "id":
            drive.tap("rate_3")                                  # rated once; the next scan only thanks
        seen[lang, "thanks"] = _names(kiosk)
        drive.tap("fullSurvey")
        seen[lang, "survey"] = _names(kiosk)
        kiosk.go_welcome(end_visit=False)
    for where, names in seen.items():
        missing = [name for name, text in names.items() if not text.strip()]
        assert not missing, (where, missing)
    assert seen["id", "booking"]["codeKey_dash"] == "Tanda hubung" and seen["en", "booking"]["codeKey_dash"] == "Dash"
    assert seen["id", "booking"]["bookingCode"] == "Kolom kode booking"
    assert seen["en", "booking"]["bookingRetype"] == "Clear the whole code to type it again"
    assert seen["id", "faces"]["rate_4"] == "Sangat baik (4 dari 4)" and "rate_4" not in seen["en", "faces"]
    assert seen["en", "thanks"]["fullSurvey"] == "Fill in the satisfaction survey (SKM)"
    assert seen["en", "survey"]["skmCancel"] == "Cancel"
    assert seen["id", "early"]["bookingWalkIn"] == "Ambil nomor antrian biasa sekarang"


def test_a_nik_typed_in_place_of_the_code_finds_the_booking_and_is_masked(qtbot, kiosk, drive, kiosk_svc):
    drive.tap("bookingStart")
    type_code(drive, ACTIVE_NIK)                              # no booking for it today
    assert drive.text("bookingCode") == "************1234"
    drive.tap("bookingSubmit")
    qtbot.waitUntil(lambda: drive.text("bookingMessage") == "Tidak ada booking hari ini untuk NIK ************1234.",
                    timeout=10000)
    assert ACTIVE_NIK not in drive.text("bookingCode")
    drive.tap("codeKeyBackspace")                              # the masked NIK still deletes
    assert drive.text("bookingCode") == ACTIVE_NIK[:-1]
