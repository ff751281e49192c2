"""Routes other than a plain queue: online, closed, quota full, status source down, printer failure."""
from __future__ import annotations

import threading
from datetime import datetime

from kiosk.directory.base import SourceUnavailable
from tests.conftest import JAKARTA
from tests.ui.conftest import ACTIVE_NIK, ELDERLY_NIK, Driver


class DownDirectory:
    name = "down"

    def lookup(self, nik):
        raise SourceUnavailable(detail="connection refused")


class SlowDirectory:
    """Answers only when the test lets it (to see the kiosk stay responsive meanwhile)."""

    name = "slow"

    def __init__(self):
        self.go = threading.Event()

    def lookup(self, nik):
        from kiosk.domain.participant import Participant

        self.go.wait(10)
        return Participant.not_found()


def test_online_route_shows_the_channel_and_a_qr_and_can_still_queue(drive, kiosk):
    drive.to_services(ACTIVE_NIK)
    assert "online" in kiosk.visit_screen.tiles["DATA"].detail.text()
    drive.service("DATA")
    drive.wait_screen("route")
    assert drive.text("routeTitle") == "Dapat dilayani secara online"
    assert "Jamsostek Mobile" in drive.text("routeText")
    assert not drive.widget("routeQr").pixmap().isNull()
    assert drive.text("queueAnyway").startswith("Tetap ambil nomor antrian")
    drive.tap("queueAnyway")
    drive.wait_screen("documents")
    drive.tap("ticketConfirm")
    drive.wait_screen("ticket")
    assert drive.text("ticketNumber") == "B-001"


def test_online_only_service_has_no_queue_button(drive, kiosk):
    drive.to_services(ACTIVE_NIK)
    drive.service("JKP")
    drive.wait_screen("route")
    assert "SIAPkerja" in drive.text("routeText")
    assert not drive.widget("queueAnyway").isVisible()
    assert not drive.widget("routeQr").pixmap().isNull()


def test_front_desk_service_sends_to_the_door_without_a_ticket(drive, kiosk):
    drive.to_services(ACTIVE_NIK)
    drive.service("CEK")
    drive.wait_screen("route")
    assert drive.text("routeTitle") == "Dilayani langsung di meja depan"
    assert not drive.widget("frontDeskRecord").isVisible()     # staff only


def test_break_says_when_the_office_opens_again(qtbot, clock, drive, kiosk):
    clock.now = datetime(2026, 11, 23, 12, 15, tzinfo=JAKARTA)
    kiosk.go_welcome()
    assert "13.00" in drive.text("officeStatus")
    drive.to_services(ACTIVE_NIK)
    assert "Tutup" in kiosk.visit_screen.tiles["INFO"].detail.text()
    drive.service("INFO")
    drive.wait_screen("route")
    assert drive.text("routeTitle") == "Layanan tutup"
    assert "13.00" in drive.text("routeText")


def test_after_hours_points_to_the_next_working_day(qtbot, clock, drive, kiosk):
    clock.now = datetime(2026, 11, 27, 16, 0, tzinfo=JAKARTA)       # Friday after closing
    kiosk.go_welcome()
    drive.to_services(ACTIVE_NIK)
    drive.service("INFO")
    drive.wait_screen("route")
    assert "Senin" in drive.text("routeText") and "08.00" in drive.text("routeText")
    drive.tap("languageToggle")
    assert "Monday" in drive.text("routeText")


def test_quota_full_is_said_on_the_tile_and_the_route(drive, kiosk, kiosk_svc):
    quota = kiosk_svc.branch.service("JKM").daily_quota
    for _ in range(quota):
        kiosk_svc.issue("7105100607610439", "JKM", assisted=True)
    drive.to_services(ELDERLY_NIK)
    assert kiosk.visit_screen.tiles["JKM"].detail.text() == "Kuota layanan hari ini sudah penuh"
    drive.service("JKM")
    drive.wait_screen("route")
    assert drive.text("routeTitle") == "Kuota layanan hari ini sudah penuh"


def test_status_source_down_continues_unverified_to_a_ticket(qtbot, make_kiosk, make_services):
    svc = make_services(directory=DownDirectory())
    window = make_kiosk(svc)
    drive = Driver(qtbot, window)
    drive.tap("takeTicket")
    drive.type_nik(ACTIVE_NIK)
    drive.tap("nikSubmit")
    drive.wait_screen("status")
    assert drive.text("statusText") == "Status: Belum terverifikasi"
    assert "tetap dapat mengambil" in drive.text("statusAdvice")
    drive.tap("statusNext")
    drive.service("INFO")
    drive.tap("ticketConfirm")
    drive.wait_screen("ticket")
    assert not window.visit.ticket.verified
    assert "belum terverifikasi" in drive.text("ticketNotes")


def test_the_check_runs_off_the_ui_thread_with_a_checking_message(qtbot, make_kiosk, make_services):
    slow = SlowDirectory()
    window = make_kiosk(make_services(directory=slow))
    drive = Driver(qtbot, window)
    drive.tap("takeTicket")
    drive.type_nik(ACTIVE_NIK)
    drive.tap("nikSubmit")
    assert drive.text("nikMessage") == "Memeriksa…"
    assert not drive.widget("nikSubmit").isEnabled()
    drive.tap("helpButton")             # the window still answers while the source is slow
    assert drive.widget("notice").isVisible()
    slow.go.set()
    drive.wait_screen("kkQuestion")


def test_printer_failure_shows_the_ticket_on_screen_and_alerts_staff(qtbot, make_kiosk, kiosk_svc, printer_standin):
    printer_standin.paper_out()
    window = make_kiosk(printer_url=printer_standin.url)
    drive = Driver(qtbot, window)
    drive.take_ticket(ACTIVE_NIK, "INFO")
    assert not window.visit.print_outcome.ok
    assert drive.text("ticketState") == "Tiket tidak tercetak — tunjukkan layar ini kepada petugas"
    assert drive.text("ticketNumber") == "A-001"
    assert not drive.widget("ticketQr").pixmap().isNull()
    assert "habis" in drive.text("ticketNotes")
    qtbot.waitUntil(lambda: any(e.data.get("reason") == "printer" for e in kiosk_svc.open_assistance()), timeout=5000)


def test_printer_failure_screen_outlasts_the_inactivity_timeout(qtbot, make_kiosk, kiosk_svc):
    window = make_kiosk(printer_url="tcp://127.0.0.1:9", inactivity_ms=200)
    drive = Driver(qtbot, window)
    drive.take_ticket(ACTIVE_NIK, "INFO")
    assert not window.visit.print_outcome.ok
    qtbot.wait(600)
    assert window.current_name == "ticket"


def test_not_eligible_says_why_and_which_service_fits(drive, kiosk):
    drive.to_services(ACTIVE_NIK)                   # an active wage earner of 26: still employed
    drive.service("JHT")
    drive.wait_screen("route")
    assert drive.text("routeTitle") == "Layanan ini belum dapat diberikan"
    assert drive.text("routeSuggest") == "Pilih layanan: Informasi & Kepesertaan"    # and a button to take it
    assert not drive.widget("queueAnyway").isVisible()
    drive.tap("routeSuggest")
    drive.wait_screen("documents")
    assert drive.text("documentsService") == "Informasi & Kepesertaan"


def test_a_wait_past_closing_time_is_said_before_the_ticket(qtbot, clock, drive, kiosk, kiosk_svc):
    clock.now = datetime(2026, 11, 23, 14, 25, tzinfo=JAKARTA)      # 35 counter minutes left today
    for serial in range(1, 11):                 # ten other people (one NIK holds one ticket per service)
        kiosk_svc.issue(f"31710117084{serial:05d}", "INFO")
    drive.to_services(ACTIVE_NIK)
    drive.service("INFO")
    drive.wait_screen("documents")
    assert "jam tutup" in drive.text("documentsNote")
