"""The words of the reports and of a booking made at a counter: an empty survey's chart says there
is no data (read back from the PDF), the one-touch rating is named plainly, and a booking made at
a counter is not called an online one, at the counter or on the phone page."""
from __future__ import annotations

import subprocess
from datetime import date, time, timedelta

from kiosk.services import CounterDesk
from kiosk.ui.app import make_app
from kiosk.ui.reports_pdf import write_pdf
from tests.conftest import fresh_nik

MONDAY = date(2026, 11, 23)


def test_the_pdf_of_an_empty_survey_says_no_data_and_names_the_rating_plainly(make_services, tmp_path):
    make_app()
    svc = make_services()
    for lang, words, rating in (("id", "Belum ada data pada periode ini", "penilaian sekali sentuh di loket"),
                                ("en", "No data in this period", "one-touch ratings at the counters")):
        pdf = write_pdf(svc.report(MONDAY, MONDAY), tmp_path / f"r-{lang}.pdf", lang)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert words in text and rating in text
        assert "1 ketukan" not in text and "One-tap" not in text


def test_a_booking_made_at_a_counter_is_not_an_online_booking(make_services, clock):
    svc = make_services()
    ticket = svc.issue(fresh_nik(), "INFO")
    svc.call_next(1)
    tuesday = MONDAY + timedelta(days=1)
    booking = svc.book_for_ticket(ticket.ticket_id, "INFO", tuesday, time(9, 0), time(9, 30))
    clock.advance(days=1)
    clock.now = clock.now.replace(hour=9, minute=5)
    came = svc.check_in(booking["code"])
    assert came.ticket is not None
    desk = CounterDesk(svc, 1)
    desk.run(desk.call_next())
    assert desk.card().booking == f"Booking di loket — slot 09.00–09.30 · kode {booking['code']}"
    assert CounterDesk(svc, 1, "en").booking_text(desk.current.booking, detail=True).startswith("Booked at a counter")
    page, _ticket_id = svc.public_ticket(came.ticket.ref, "id")
    assert page["booking"]["text"] == "Booking di loket — slot 09.00–09.30"
