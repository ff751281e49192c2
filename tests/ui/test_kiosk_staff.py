"""Assisted mode: long press on the logo, staff PIN with lockout, staff actions, lockdown."""
from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import ACTIVE_NIK, Driver


def open_pin_pad(qtbot, window) -> None:
    logo = window.findChild(type(window.logo), "logo")
    qtbot.mousePress(logo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current_name == "pin", timeout=3000)
    qtbot.mouseRelease(logo, Qt.MouseButton.LeftButton)


def enter_pin(drive: Driver, pin: str) -> None:
    for d in pin:
        drive.tap(f"pinKey_{d}")
    drive.tap("pinSubmit")
    drive.qtbot.waitUntil(lambda: not drive.window.pin.checking, timeout=5000)


def test_a_short_tap_on_the_logo_does_nothing(qtbot, make_kiosk):
    window = make_kiosk(long_press_ms=300)
    qtbot.mouseClick(window.logo, Qt.MouseButton.LeftButton)
    qtbot.wait(450)
    assert window.current_name == "welcome"


def test_pin_lockout_after_five_wrong_tries_for_five_minutes(qtbot, clock, make_kiosk):
    window = make_kiosk(long_press_ms=100)
    drive = Driver(qtbot, window)
    open_pin_pad(qtbot, window)
    for left in (4, 3, 2, 1):
        enter_pin(drive, "0000")
        assert drive.text("pinMessage") == f"PIN salah. Sisa percobaan: {left}."
    enter_pin(drive, "0000")
    assert drive.text("pinMessage") == "PIN terkunci karena terlalu banyak salah; coba lagi pukul 09.05."
    assert not drive.widget("pinKey").isEnabled() and not drive.widget("pinSubmit").isEnabled()
    drive.tap("pinCancel")                              # leaving the pad does not lift the lock
    open_pin_pad(qtbot, window)
    assert not drive.widget("pinSubmit").isEnabled()
    clock.advance(minutes=5)
    drive.tap("pinCancel")
    open_pin_pad(qtbot, window)
    enter_pin(drive, "1234")
    drive.wait_screen("staff")
    assert drive.widget("assistedBanner").isVisible()
    assert drive.text("assistedBannerText") == "MODE PETUGAS"


def test_assisted_visit_with_a_priority_reason_and_a_typed_nik(qtbot, make_kiosk, kiosk_svc):
    window = make_kiosk(long_press_ms=100)
    drive = Driver(qtbot, window)
    open_pin_pad(qtbot, window)
    enter_pin(drive, "1234")
    drive.wait_screen("staff")
    assert not drive.widget("leaveKiosk").isVisible()       # staff may not close the kiosk: not shown
    drive.tap("priority_disabilitas")
    assert "Penyandang disabilitas" in drive.text("assistedBannerText")
    drive.tap("assistedNik")
    drive.wait_screen("nik")
    assert drive.text("nikTitle").startswith("Ketik NIK peserta")
    drive.type_nik(ACTIVE_NIK)
    drive.tap("nikSubmit")
    drive.submitted()
    drive.service("INFO")
    drive.tap("ticketConfirm")
    drive.wait_screen("ticket")
    ticket = window.visit.ticket
    assert ticket.priority and ticket.priority_reason == "disabilitas"
    assert drive.text("ticketPriority") == "★ Layanan Prioritas: Penyandang disabilitas"
    events = [e for e in kiosk_svc.events_after(0) if e.kind == "issued"]
    assert events[-1].data["assisted"] is True


def test_staff_records_a_visit_answered_at_the_door(qtbot, make_kiosk, kiosk_svc):
    window = make_kiosk(long_press_ms=100)
    drive = Driver(qtbot, window)
    open_pin_pad(qtbot, window)
    enter_pin(drive, "1234")
    drive.wait_screen("staff")
    drive.tap("frontDesk_CEK")
    qtbot.waitUntil(lambda: "Tercatat" in drive.text("staffFeedback"), timeout=5000)
    recorded = [e for e in kiosk_svc.events_after(0) if e.kind == "front_desk"]
    assert [e.service for e in recorded] == ["CEK"]


def test_staff_reprints_the_last_ticket_and_sees_the_printer(qtbot, make_kiosk, printer_standin):
    window = make_kiosk(long_press_ms=100, printer_url=printer_standin.url)
    drive = Driver(qtbot, window)
    drive.take_ticket(ACTIVE_NIK, "INFO")
    drive.tap("ticketDone")
    printer_standin.paper_near_end()
    open_pin_pad(qtbot, window)
    enter_pin(drive, "1234")
    drive.wait_screen("staff")
    qtbot.waitUntil(lambda: drive.text("printerStatus") == "Printer: kertas hampir habis", timeout=8000)
    drive.tap("reprintLast")
    qtbot.waitUntil(lambda: drive.text("staffFeedback") == "Tiket A-001 dicetak ulang.", timeout=8000)
    assert printer_standin.wait_for_jobs(2)


def test_assisted_mode_ends_itself_after_inactivity(qtbot, make_kiosk):
    window = make_kiosk(long_press_ms=100, inactivity_ms=400, idle_warning_ms=300)
    drive = Driver(qtbot, window)
    open_pin_pad(qtbot, window)
    enter_pin(drive, "1234")
    drive.wait_screen("staff")
    qtbot.waitUntil(lambda: window.current_name == "welcome" and window.staff_role is None, timeout=3000)
    assert not drive.widget("assistedBanner").isVisible()


def test_locked_down_kiosk_ignores_close_until_an_admin_leaves_it(qtbot, make_kiosk):
    window = make_kiosk(long_press_ms=100, lockdown=True)
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    window.close()
    assert window.isVisible()
    drive = Driver(qtbot, window)
    open_pin_pad(qtbot, window)
    enter_pin(drive, "9999")
    drive.wait_screen("staff")
    assert drive.text("assistedBannerText") == "MODE PETUGAS (admin)"
    with qtbot.waitSignal(window.closedByStaff, timeout=2000):
        drive.tap("leaveKiosk")
    assert not window.isVisible()
