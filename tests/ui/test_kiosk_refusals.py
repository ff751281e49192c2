"""Which ticket buttons a route screen offers is the domain's refusal rule (`can_issue`), for
participants and for staff alike: staff may override an eligibility rule while the office is
open, never a front-desk, online-only or no-counter service (they record a front-desk visit)."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from kiosk.domain.branch import CounterSpec
from tests.conftest import JAKARTA
from tests.ui.conftest import ACTIVE_NIK, Driver
from tests.ui.test_kiosk_staff import enter_pin, open_pin_pad

TICKET_BUTTONS = ("queueAnyway", "routeAssistIssue")


def shown(drive: Driver, name: str) -> bool:
    return drive.widget(name).isVisible()


def staff_route(qtbot, window, service: str, nik: str = ACTIVE_NIK) -> Driver:
    """Staff sign in, type the participant's NIK and choose `service`; ends on the route screen."""
    drive = Driver(qtbot, window)
    open_pin_pad(qtbot, window)
    enter_pin(drive, "1234")
    drive.wait_screen("staff")
    drive.tap("assistedNik")
    drive.wait_screen("nik")
    drive.type_nik(nik)
    drive.tap("nikSubmit")
    drive.submitted()
    drive.service(service)
    drive.wait_screen("route")
    return drive


def test_online_only_service_offers_no_ticket_to_staff_but_records_the_visit(qtbot, make_kiosk, kiosk_svc):
    window = make_kiosk(long_press_ms=100)
    drive = staff_route(qtbot, window, "JKP")
    assert drive.text("routeTitle") == "Dapat dilayani secara online"
    assert "hanya diajukan secara online" in drive.text("routeText")
    assert not any(shown(drive, b) for b in TICKET_BUTTONS)
    assert not drive.widget("routeQr").pixmap().isNull()
    drive.tap("frontDeskRecord")
    qtbot.waitUntil(lambda: drive.text("routeRecorded") == "Tercatat sebagai layanan di meja depan.", timeout=5000)
    assert [e.service for e in kiosk_svc.events_after(0) if e.kind == "front_desk"] == ["JKP"]
    assert kiosk_svc.waiting() == []


def test_front_desk_service_offers_no_ticket_to_staff(qtbot, make_kiosk):
    window = make_kiosk(long_press_ms=100)
    drive = staff_route(qtbot, window, "CEK")
    assert drive.text("routeTitle") == "Dilayani langsung di meja depan"
    assert not any(shown(drive, b) for b in TICKET_BUTTONS)
    assert shown(drive, "frontDeskRecord")


def test_staff_may_override_an_eligibility_rule_while_open(qtbot, make_kiosk, kiosk_svc):
    window = make_kiosk(long_press_ms=100)
    drive = staff_route(qtbot, window, "JHT")               # still employed and under 56
    assert drive.text("routeTitle") == "Layanan ini belum dapat diberikan"
    assert shown(drive, "routeAssistIssue") and not shown(drive, "queueAnyway")
    drive.tap("routeAssistIssue")
    drive.wait_screen("documents")
    drive.tap("ticketConfirm")
    drive.wait_screen("ticket")
    assert window.visit.ticket.service == "JHT"
    issued = [e for e in kiosk_svc.events_after(0) if e.kind == "issued"]
    assert issued[-1].data["assisted"] is True


def test_no_override_while_the_office_is_on_a_break(qtbot, clock, make_kiosk):
    clock.now = datetime(2026, 11, 23, 12, 15, tzinfo=JAKARTA)
    window = make_kiosk(long_press_ms=100)
    drive = staff_route(qtbot, window, "JHT")
    assert drive.text("routeTitle") == "Layanan ini belum dapat diberikan"
    assert not any(shown(drive, b) for b in TICKET_BUTTONS)


def test_participant_sees_no_ticket_button_for_a_rule_staff_may_override(drive, kiosk):
    drive.to_services(ACTIVE_NIK)
    drive.service("JHT")
    drive.wait_screen("route")
    assert not any(shown(drive, b) for b in TICKET_BUTTONS)


def test_a_service_no_counter_serves_says_where_to_go_and_offers_no_ticket(qtbot, make_kiosk, kiosk_svc):
    branch = replace(kiosk_svc.branch, counters=tuple(
        CounterSpec(c.number, tuple(s for s in c.services if s not in ("JHT", "ADUAN")), c.name)
        for c in kiosk_svc.branch.counters))
    kiosk_svc.config = replace(kiosk_svc.config, branch=branch)
    window = make_kiosk(long_press_ms=100)
    drive = staff_route(qtbot, window, "ADUAN")               # no online channel: the front desk
    assert drive.text("routeTitle") == "Dilayani langsung di meja depan"
    assert "tidak dilayani di loket kantor ini" in drive.text("routeText")
    assert not any(shown(drive, b) for b in TICKET_BUTTONS)
    drive.tap("routeBack")
    drive.wait_screen("visit")
    drive.service("JHT")                                 # an online channel: sent there
    drive.wait_screen("route")
    assert drive.text("routeTitle") == "Dapat dilayani secara online"
    assert "Lapak Asik" in drive.text("routeText")
    assert not any(shown(drive, b) for b in TICKET_BUTTONS)
    drive.tap("languageToggle")
    assert "No counter of this branch serves this visit" in drive.text("routeText")
