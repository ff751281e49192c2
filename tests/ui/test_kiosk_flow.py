"""The participant's flow through the real kiosk window, from a NIK to a printed ticket."""
from __future__ import annotations

from tests.ui.conftest import ACTIVE_NIK, ELDERLY_NIK, UNPAID_NIK, Driver


def test_valid_nik_to_printed_ticket_on_a_network_printer(qtbot, make_kiosk, kiosk_svc, printer_standin):
    window = make_kiosk(printer_url=printer_standin.url)
    drive = Driver(qtbot, window)
    drive.to_services(ACTIVE_NIK)
    drive.service("INFO")
    drive.wait_screen("documents")
    assert "e-KTP" in "\n".join(w.text() for w in window.documents._items)
    drive.tap("ticketConfirm")
    drive.wait_screen("ticket")
    qtbot.waitUntil(lambda: window.visit.print_outcome is not None, timeout=15000)
    assert window.visit.print_outcome.ok
    assert drive.text("ticketNumber") == "A-001"
    assert drive.text("ticketState") == "Silakan ambil tiket Anda"
    assert printer_standin.wait_for_jobs(1)
    printed = printer_standin.tickets()[0].text
    assert "A-001" in printed
    assert ACTIVE_NIK not in printed and "************1234" in printed


def test_typed_nik_is_grouped_in_fours_masked_once_complete_and_submit_waits_for_sixteen_valid_digits(
        qtbot, drive, kiosk):
    from PySide6.QtCore import Qt

    drive.tap("takeTicket")
    drive.wait_screen("nik")
    drive.type_nik(ACTIVE_NIK[:9])
    assert drive.text("nikInput") == "3171 0129 0"
    assert drive.text("nikMessage") == "9 dari 16 angka"
    assert not drive.widget("nikSubmit").isEnabled()
    assert not drive.widget("nikReveal").isVisible()
    drive.type_nik(ACTIVE_NIK[9:])
    assert drive.text("nikInput") == "************1234"      # the people behind see no NIK
    assert drive.widget("nikSubmit").isEnabled()
    reveal = drive.widget("nikReveal")
    qtbot.mousePress(reveal, Qt.MouseButton.LeftButton)         # hold to see it
    assert drive.text("nikInput") == "3171 0129 0200 1234"
    qtbot.mouseRelease(reveal, Qt.MouseButton.LeftButton)
    assert drive.text("nikInput") == "************1234"
    drive.tap("keypad_5")                       # a 17th digit is not taken
    assert drive.text("nikInput") == "************1234"
    drive.tap("keypadBackspace")
    assert drive.text("nikInput") == "3171 0129 0200 123"
    assert not drive.widget("nikSubmit").isEnabled()
    drive.tap("keypadClear")                    # next to "0": it asks first
    assert drive.text("nikInput") == "3171 0129 0200 123"
    assert drive.text("keypadClear") == "Kosongkan\nsemua?"
    drive.tap("keypadClear")
    assert drive.text("nikInput") == ""
    assert drive.text("keypadClear") == "Kosongkan"


def test_another_key_cancels_the_clear_question(drive, kiosk):
    drive.tap("takeTicket")
    drive.type_nik("3171")
    drive.tap("keypadClear")
    drive.tap("keypad_0")
    drive.tap("keypadClear")
    assert drive.text("nikInput") == "3171 0"          # asked again, not cleared


def test_physical_keyboard_types_into_the_nik_field(qtbot, drive, kiosk):
    from PySide6.QtCore import Qt

    drive.tap("takeTicket")
    field = drive.widget("nikInput")
    field.setFocus()
    qtbot.keyClicks(field, "3171-0129 02001234")
    assert drive.text("nikInput") == "************1234"
    qtbot.keyClick(field, Qt.Key.Key_Return)
    drive.wait_screen("visit")
    assert "Status: Aktif" in drive.text("visitStatus")


def test_letters_typed_on_a_keyboard_are_refused_with_a_message(qtbot, drive, kiosk):
    drive.tap("takeTicket")
    field = drive.widget("nikInput")
    field.setFocus()
    qtbot.keyClicks(field, "31a")
    assert drive.text("nikInput") == "31"
    assert drive.text("nikMessage") == "NIK hanya boleh berisi angka"


def test_an_active_participant_goes_straight_to_the_services_with_initials_and_masked_nik(drive, kiosk):
    drive.tap("takeTicket")
    drive.type_nik(ACTIVE_NIK)
    drive.tap("nikSubmit")
    drive.wait_screen("visit")                   # nothing to read on a status screen: straight on
    shown = "\n".join(w.text() for w in kiosk.findChildren(type(drive.widget("visitStatus"))) if w.isVisible())
    assert "Status: Aktif" in shown
    assert "D.L." in shown
    assert "************1234" in shown
    assert "Dewi" not in shown and "Lestari" not in shown
    assert ACTIVE_NIK not in shown


def test_status_screen_shows_initials_and_masked_nik_never_the_name_or_full_nik(drive, kiosk):
    drive.tap("takeTicket")
    drive.type_nik(UNPAID_NIK)
    drive.tap("nikSubmit")
    drive.wait_screen("status")
    shown = "\n".join(w.text() for w in kiosk.findChildren(type(drive.widget("statusText"))) if w.isVisible())
    assert "Inisial: A.S." in shown
    assert "************0439" in shown
    assert "Agus" not in shown and "Salim" not in shown
    assert UNPAID_NIK not in shown


def test_elderly_participant_gets_a_priority_ticket(drive, kiosk):
    drive.take_ticket(ELDERLY_NIK, "INFO")
    assert kiosk.visit.ticket.priority
    assert drive.text("ticketPriority").startswith("★ Layanan Prioritas")


def test_documents_not_complete_explains_and_can_still_issue_a_consultation_ticket(drive, kiosk):
    drive.to_services(ACTIVE_NIK)
    drive.service("ADUAN")
    drive.wait_screen("documents")
    drive.tap("documentsIncomplete")
    assert "Bawalah dokumen" in drive.text("documentsNote")
    assert not drive.widget("ticketConfirm").isVisible()
    drive.tap("consultationTicket")
    drive.wait_screen("ticket")
    assert drive.text("ticketNumber") == "H-001"
    assert "Konsultasi" in drive.text("ticketNotes")


def test_documents_not_complete_and_coming_back_later_issues_nothing(drive, kiosk, kiosk_svc):
    drive.to_services(ACTIVE_NIK)
    drive.service("ADUAN")
    drive.tap("documentsIncomplete")
    drive.tap("documentsLater")
    drive.wait_screen("welcome")
    assert all(s["issued"] == 0 for s in kiosk_svc.status().to_json()["services"])


def test_the_next_participant_sees_the_new_waiting_count(drive, kiosk):
    drive.take_ticket(ACTIVE_NIK, "INFO")
    drive.tap("ticketDone")
    drive.wait_screen("welcome")
    drive.to_services(ELDERLY_NIK)
    assert "1 orang menunggu" in kiosk.visit_screen.tiles["INFO"].detail.text()


def test_documents_list_shows_only_the_chosen_service_in_the_chosen_language(qtbot, drive, kiosk):
    from PySide6.QtWidgets import QLabel

    drive.to_services(ELDERLY_NIK)
    drive.service("INFO")
    drive.wait_screen("documents")
    drive.tap("documentsBack")
    drive.service("JHT")
    drive.tap("languageToggle")

    def shown():
        return [w.text() for w in kiosk.documents.list_frame.findChildren(QLabel) if w.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 6)
    shown = shown()
    assert shown[0] == "☐  BPJS Ketenagakerjaan membership card"
    assert len(shown) == 6 and not any("Kartu" in t for t in shown)


def test_the_screen_the_preview_and_the_paper_are_the_one_layout_the_issue_returned(qtbot, drive, kiosk, kiosk_svc,
                                                                                      monkeypatch):
    calls: list[tuple[str, object]] = []
    for name in ("preview_ticket_data", "print_ticket_data", "ticket_preview", "print_ticket", "ticket_data",
                 "ticket_status"):
        real = getattr(kiosk_svc, name)
        monkeypatch.setattr(kiosk_svc, name, lambda *a, _n=name, _f=real, **kw: (calls.append((_n, a[0])), _f(*a, **kw))[1])
    kiosk_svc.issue(ELDERLY_NIK, "INFO")                              # one ahead: the place is counted once
    drive.take_ticket(ACTIVE_NIK, "INFO")
    qtbot.waitUntil(lambda: drive.widget("ticketPreview").isVisible(), timeout=10000)
    layout = kiosk.visit.ticket.ticket_data
    assert [(n, a is layout) for n, a in calls] in ([("preview_ticket_data", True), ("print_ticket_data", True)],
                                                   [("print_ticket_data", True), ("preview_ticket_data", True)])
    assert layout.ahead == 1 and drive.text("ticketAhead") == "Antrian di depan Anda: 1"
    assert drive.text("ticketNumber") == layout.number == "A-002"
