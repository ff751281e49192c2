"""A participant whose number was called while she was away comes back to the kiosk: the kiosk
offers "Kembali ke antrian" with her own number instead of a new one at the back."""
from __future__ import annotations

from tests.conftest import fresh_nik
from tests.ui.conftest import ACTIVE_NIK, Driver


def test_a_no_show_of_today_is_offered_back_into_the_queue(qtbot, make_kiosk, kiosk_svc, clock):
    svc = kiosk_svc
    missed = svc.issue(ACTIVE_NIK, "INFO")
    svc.call_next(1)
    others = [svc.issue(nik, "INFO") for nik in (fresh_nik(), fresh_nik())]
    svc.recall(1)
    clock.advance(minutes=3)
    svc.skip(1)                                                  # marked absent after the grace
    window = make_kiosk()
    drive = Driver(qtbot, window)
    drive.to_services(ACTIVE_NIK)
    drive.service("INFO")
    drive.wait_screen("returnOffer")
    assert missed.number in drive.text("returnOfferTitle")
    assert drive.text("returnOfferBack") == "Kembali ke antrian"
    drive.tap("returnOfferBack")
    drive.wait_screen("repeatTicket")
    waiting = [t.number for t in svc.waiting(["INFO"])]
    assert waiting[0] == missed.number and set(waiting[1:]) == {t.number for t in others}   # next
    kinds = [e.kind for e in svc.events_after(0) if e.number == missed.number]
    assert kinds[-2:] == ["skipped", "returned"]
    assert len({e.ticket_id for e in svc.events_after(0) if e.kind == "issued"}) == 3      # no new number


def test_a_new_number_is_still_there_for_who_wants_one(qtbot, make_kiosk, kiosk_svc, clock):
    svc = kiosk_svc
    svc.issue(ACTIVE_NIK, "INFO")
    svc.call_next(1)
    svc.recall(1)
    clock.advance(minutes=3)
    svc.skip(1)
    drive = Driver(qtbot, make_kiosk())
    drive.to_services(ACTIVE_NIK)
    drive.service("INFO")
    drive.wait_screen("returnOffer")
    drive.tap("returnOfferNew")
    drive.wait_screen("documents")


def test_the_offer_is_there_as_soon_as_the_service_is_touched(qtbot, make_kiosk, kiosk_svc, clock):
    """Her no-shows are looked up with her NIK: the touch on the service answers at once, and
    another NIK's visit is not offered hers."""
    svc = kiosk_svc
    missed = svc.issue(ACTIVE_NIK, "INFO")
    svc.call_next(1)
    svc.recall(1)
    clock.advance(minutes=3)
    svc.skip(1)
    window = make_kiosk()
    drive = Driver(qtbot, window)
    drive.to_services(ACTIVE_NIK)
    drive.service("INFO")
    assert window.current_name == "returnOffer" and missed.number in drive.text("returnOfferTitle")
    drive.tap("returnOfferNew")
    assert window.current_name == "documents"
