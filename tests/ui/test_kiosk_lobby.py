"""The lobby as it really is: walk-aways, the next visitor, Back, notices, disabled buttons, the KK
question, repeat visits, heirs, spoken guidance, groups of services, card scans, screen readers."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit, QPushButton

from kiosk.domain.idle import MIN_WARNING_S
from kiosk.ui.kiosk import theme
from tests.ui.conftest import ACTIVE_CARD, ACTIVE_NIK, DECEASED_NIK, ELDERLY_NIK, UNKNOWN_NIK, Driver


# ------------------------------------------------------------------------------------- walk-aways
def test_a_walk_away_is_warned_with_a_countdown_and_may_ask_for_more_time(qtbot, make_kiosk):
    said: list[str] = []
    window = make_kiosk(inactivity_ms=200, idle_warning_ms=1500, guide=said.append)
    drive = Driver(qtbot, window)
    drive.tap("takeTicket")
    drive.type_nik(ACTIVE_NIK[:10])
    qtbot.waitUntil(lambda: drive.widget("idleWarning").isVisible(), timeout=3000)
    assert said[-1] == "Apakah Anda masih di sini? Sentuh tombol hijau untuk melanjutkan."
    assert drive.text("idleCountdown").startswith("Layar kembali ke awal dalam ")
    assert window.current_name == "nik"                         # nothing lost yet
    drive.tap("idleContinue")                                  # "Ya, saya masih di sini"
    assert not drive.widget("idleWarning").isVisible()
    assert window.current_name == "nik" and window.visit.nik == ACTIVE_NIK[:10]
    qtbot.waitUntil(lambda: drive.widget("idleWarning").isVisible(), timeout=3000)   # warned again
    qtbot.waitUntil(lambda: window.current_name == "welcome", timeout=4000)
    assert window.visit.nik == "" and not drive.widget("idleWarning").isVisible()


def test_the_warning_lasts_at_least_20_seconds_by_default_and_extends_ten_times(qtbot, make_kiosk):
    window = make_kiosk()
    drive = Driver(qtbot, window)
    flow = window.flow
    assert window.settings.idle_warning_s >= MIN_WARNING_S
    assert flow.settings.warning_s >= MIN_WARNING_S and flow.settings.quiet_s >= 45
    drive.tap("takeTicket")
    for _ in range(flow.settings.extensions):
        flow.idle.warn()                      # what the quiet time ends with
        assert drive.widget("idleWarning").isVisible() and flow.idle.seconds_left() >= MIN_WARNING_S
        drive.tap("idleContinue")
        assert not drive.widget("idleWarning").isVisible() and window.current_name == "nik"
    flow.idle.warn()                          # the eleventh: no more extra time, said so
    assert not window.idle_warning.continue_button.isVisible()
    assert "Waktu tambahan sudah habis" in drive.text("idleCountdown")
    flow.idle.end_visit()                     # the countdown ran out
    assert window.current_name == "welcome" and not drive.widget("idleWarning").isVisible()
    drive.tap("takeTicket")
    for _ in range(flow.settings.extensions):
        flow.idle.warn()
        drive.tap("idleContinue")
    drive.tap("keypad_3")                     # a real touch is activity again: the extensions count afresh
    flow.idle.warn()
    assert window.idle_warning.continue_button.isVisible()


def test_the_ticket_screen_and_welcome_show_no_warning(qtbot, make_kiosk):
    window = make_kiosk(inactivity_ms=1500, idle_warning_ms=5000)
    drive = Driver(qtbot, window)
    qtbot.wait(2500)                                            # the quiet time passes on Welcome
    assert window.current_name == "welcome" and not window.idle_warning.isVisible()
    drive.take_ticket(ACTIVE_NIK, "INFO")
    assert window.visit.print_outcome.ok
    qtbot.wait(3500)                                            # twice the quiet time on the ticket
    assert window.current_name == "ticket" and not window.idle_warning.isVisible()
    drive.tap("ticketDone")
    qtbot.wait(2500)
    assert window.current_name == "welcome" and not window.idle_warning.isVisible()


# ------------------------------------------------------------------------------------- the next visitor
def test_the_next_visitor_starts_in_the_default_language_and_text_size(qtbot, drive, kiosk):
    drive.tap("languageToggle")
    drive.tap("largeTextToggle")
    assert kiosk.lang == "en" and kiosk.large_text
    drive.take_ticket(ACTIVE_NIK, "INFO")
    drive.tap("ticketDone")
    drive.wait_screen("welcome")
    assert kiosk.lang == "id" and not kiosk.large_text
    assert drive.text("takeTicket").startswith("Ambil Nomor Antrian")
    assert drive.text("largeTextToggle") == "Huruf besar"


def test_choices_left_on_welcome_go_back_to_the_defaults_after_the_quiet_time(qtbot, make_kiosk):
    window = make_kiosk(inactivity_ms=200)
    drive = Driver(qtbot, window)
    drive.tap("languageToggle")
    drive.tap("largeTextToggle")
    qtbot.waitUntil(lambda: window.lang == "id" and not window.large_text, timeout=3000)
    assert drive.text("takeTicket").startswith("Ambil Nomor Antrian")


# ------------------------------------------------------------------------------------- Back
def test_back_goes_one_step_back_and_keeps_the_digits(qtbot, drive, kiosk):
    from tests.ui.conftest import UNPAID_NIK

    drive.tap("takeTicket")
    drive.type_nik(UNPAID_NIK)
    drive.tap("nikSubmit")
    drive.wait_screen("status")
    drive.tap("statusBack")
    drive.wait_screen("nik")
    assert kiosk.nik.digits == UNPAID_NIK and drive.widget("nikSubmit").isEnabled()
    assert drive.text("nikInput") == "************0439"
    drive.tap("nikSubmit")
    drive.wait_screen("status")
    drive.tap("statusNext")
    drive.tap("group_klaim")
    drive.tap("visitBack")                                      # services → groups
    assert kiosk.visit_screen.showing_groups and kiosk.current_name == "visit"
    drive.tap("visitBack")                                      # groups → status
    drive.wait_screen("status")


# ------------------------------------------------------------------------------------- notices
def test_the_help_notice_floats_over_the_screen_and_moves_nothing(qtbot, drive, kiosk):
    drive.tap("takeTicket")
    keys = [drive.widget(name) for name in ("keypad_1", "keypad_0", "nikSubmit", "nikBack")]
    before = [k.mapTo(kiosk, k.rect().topLeft()) for k in keys]
    drive.tap("helpButton")
    notice = drive.widget("notice")
    assert notice.isVisible()
    assert [k.mapTo(kiosk, k.rect().topLeft()) for k in keys] == before
    top = notice.geometry()
    for key in keys:
        assert not top.intersects(key.geometry().translated(key.mapTo(kiosk, key.rect().topLeft()) - key.pos()))
    drive.tap("keypad_1")                                      # a touch goes on as if it were not there
    assert kiosk.nik.digits == "1"


# ------------------------------------------------------------------------------------- disabled, contrast, keypads
@pytest.mark.parametrize("what,fg,bg,least", theme.CONTRAST, ids=[c[0] for c in theme.CONTRAST])
def test_text_is_at_least_4_5_to_1_and_borders_3_to_1(what, fg, bg, least):
    assert theme.contrast(fg, bg) >= least, what


def test_a_disabled_button_looks_disabled(qtbot, drive, kiosk):
    drive.tap("takeTicket")
    submit = drive.widget("nikSubmit")
    assert not submit.isEnabled()
    image = submit.grab().toImage()
    middle = QColor(image.pixel(12, image.height() // 2))
    assert middle.name().upper() == theme.DISABLED_BG                # grey, not the green of "go"
    drive.type_nik(ACTIVE_NIK)
    image = submit.grab().toImage()
    assert QColor(image.pixel(12, image.height() // 2)).name().upper() == theme.GREEN


def test_back_and_not_complete_look_disabled_while_the_ticket_is_issued(qtbot, drive, kiosk, kiosk_svc, monkeypatch):
    import threading

    gate, issue = threading.Event(), kiosk_svc.issue
    monkeypatch.setattr(kiosk_svc, "issue", lambda *a, **kw: gate.wait(10) and issue(*a, **kw))
    drive.to_services(ACTIVE_NIK)
    drive.service("INFO")
    drive.tap("ticketConfirm")                                 # the issue is on its way (held at the gate)
    try:
        assert drive.text("documentsNote") == "Mencetak nomor antrian…"
        for name in ("documentsBack", "documentsIncomplete", "ticketConfirm"):
            button = drive.widget(name)
            image = button.grab().toImage()
            assert not button.isEnabled()
            assert QColor(image.pixel(12, image.height() // 2)).name().upper() == theme.DISABLED_BG, name
    finally:
        gate.set()
    drive.wait_screen("ticket")


@pytest.mark.parametrize("screen,prefix", [("nik", "keypad"), ("pin", "pinKey")])
@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1366, 768)])
def test_keypad_columns_are_equally_wide(qtbot, make_kiosk, screen, prefix, size):
    window = make_kiosk(size=size)
    if screen == "nik":
        window.start_visit()
    else:
        window.open_pin_pad()
    qtbot.wait(10)
    widths = {window.findChild(QPushButton, f"{prefix}_{d}").width() for d in "1234567890"}
    widths |= {window.findChild(QPushButton, f"{prefix}{n}").width() for n in ("Clear", "Backspace")}
    assert max(widths) - min(widths) <= 1, widths


# ------------------------------------------------------------------------------------- the KK question
def test_a_number_nobody_holds_asks_whether_it_is_the_family_card(drive, kiosk):
    drive.tap("takeTicket")
    drive.type_nik(UNKNOWN_NIK)
    drive.tap("nikSubmit")
    drive.wait_screen("kkQuestion")
    assert drive.text("kkTitle") == "Apakah ini nomor KK?"
    assert "tidak terdaftar" in drive.text("kkText") and "NIK ada di KTP" in drive.text("kkNote")
    assert "".join(drive.text(f"kkDigit_{i}") for i in range(16)) == UNKNOWN_NIK     # to compare with the KTP
    drive.tap("kkRetype")
    drive.wait_screen("nik")
    assert drive.text("nikInput") == ""
    drive.type_nik(ACTIVE_NIK)
    drive.tap("nikSubmit")
    drive.wait_screen("visit")


# ------------------------------------------------------------------------------------- repeat visits
def test_a_nik_with_a_waiting_ticket_gets_it_back_not_a_new_one(qtbot, drive, kiosk, kiosk_svc):
    drive.take_ticket(ACTIVE_NIK, "INFO")
    first = kiosk.visit.ticket.number
    drive.tap("ticketDone")
    drive.to_services(ACTIVE_NIK)
    assert kiosk.visit_screen.tiles["INFO"].detail.text() == f"Anda sudah memegang nomor {first}"
    drive.service("INFO")
    drive.wait_screen("repeatTicket")
    assert drive.text("repeatNumber") == first
    assert drive.text("repeatTitle") == "Anda sudah memiliki nomor antrian"
    assert drive.text("repeatAhead") == "Antrian di depan Anda: 0"
    assert not drive.widget("repeatReprint").isVisible()          # a reprint only with staff
    assert sum(s["issued"] for s in kiosk_svc.status().to_json()["services"]) == 1


def test_staff_can_reprint_the_held_ticket_or_insist_on_a_new_one(qtbot, make_kiosk, kiosk_svc):
    from tests.ui.test_kiosk_staff import enter_pin, open_pin_pad

    kiosk_svc.issue(ACTIVE_NIK, "INFO")
    window = make_kiosk(long_press_ms=100)
    drive = Driver(qtbot, window)
    open_pin_pad(qtbot, window)
    enter_pin(drive, "1234")
    drive.wait_screen("staff")
    drive.tap("assistedNik")
    drive.type_nik(ACTIVE_NIK)
    drive.tap("nikSubmit")
    drive.submitted()
    drive.service("INFO")
    drive.wait_screen("repeatTicket")
    assert drive.widget("repeatReprint").isVisible()
    drive.tap("repeatReprint")
    qtbot.waitUntil(lambda: "dicetak ulang" in drive.text("repeatFeedback"), timeout=10000)
    drive.tap("repeatNew")
    drive.wait_screen("ticket")
    assert window.visit.ticket.number == "A-002"


# ------------------------------------------------------------------------------------- heirs
def test_an_heir_is_asked_served_at_the_heir_services_with_the_heir_documents_and_no_borrowed_priority(
        qtbot, drive, kiosk):
    drive.tap("takeTicket")
    drive.type_nik(DECEASED_NIK)                    # the deceased was born in 1958: 68, "lansia"
    drive.tap("nikSubmit")
    drive.wait_screen("heirChoice")
    assert drive.text("heirTitle") == "Peserta tercatat meninggal dunia"
    drive.tap("heirYes")
    drive.wait_screen("heirAge")
    drive.tap("heirAgeSkip")                        # her own age not given: no priority from an age
    drive.wait_screen("status")
    assert drive.text("statusText") == "Anda mengurus sebagai ahli waris"
    drive.tap("statusNext")
    drive.wait_screen("visit")
    shown = {code for code, tile in kiosk.visit_screen.tiles.items() if tile.isVisible()}
    assert shown == {"INFO", "JHT", "JKM", "ADUAN"}
    assert not kiosk.visit_screen.showing_groups
    assert not any(o.priority for o in kiosk.visit.result.options)      # priority comes from the visitor
    drive.tap("service_JKM")
    drive.wait_screen("documents")
    docs = [w.text() for w in kiosk.documents._items]
    assert any("ahli waris" in d for d in docs)
    drive.tap("ticketConfirm")
    drive.wait_screen("ticket")
    assert not kiosk.visit.ticket.priority


def test_a_visitor_who_is_not_the_heir_is_told_to_correct_the_record(drive, kiosk):
    drive.tap("takeTicket")
    drive.type_nik(DECEASED_NIK)
    drive.tap("nikSubmit")
    drive.wait_screen("heirChoice")
    drive.tap("heirNo")
    drive.wait_screen("status")
    assert "perbaikan data" in drive.text("statusAdvice")


def test_staff_give_an_elderly_heir_priority(qtbot, make_kiosk):
    from tests.ui.test_kiosk_staff import enter_pin, open_pin_pad

    window = make_kiosk(long_press_ms=100)
    drive = Driver(qtbot, window)
    open_pin_pad(qtbot, window)
    enter_pin(drive, "1234")
    drive.wait_screen("staff")
    drive.tap("priority_lansia")
    drive.tap("assistedNik")
    drive.type_nik(DECEASED_NIK)
    drive.tap("nikSubmit")
    drive.wait_screen("heirChoice")
    drive.tap("heirYes")
    drive.tap("heirAgeSkip")
    drive.wait_screen("status")
    drive.tap("statusNext")
    drive.tap("service_JKM")
    drive.wait_screen("documents")
    drive.tap("ticketConfirm")
    drive.wait_screen("ticket")
    assert window.visit.ticket.priority and window.visit.ticket.priority_reason == "lansia"


# ------------------------------------------------------------------------------------- spoken guidance
class Guide:
    """Stands in for the speakers: what would be said, and at which volume."""

    def __init__(self):
        self.said: list[str] = []
        self.gain = 1.0

    def __call__(self, text: str) -> None:
        self.said.append(text)

    def set_volume(self, gain: float) -> None:
        self.gain = gain


def test_spoken_guidance_is_on_by_default_can_be_lowered_and_muted_and_says_the_ticket(qtbot, make_kiosk):
    guide = Guide()
    said = guide.said
    window = make_kiosk(guide=guide)
    drive = Driver(qtbot, window)
    toggle = drive.widget("voiceToggle")
    assert toggle.isVisible() and drive.text("voiceToggle") == "Suara: keras"
    drive.take_ticket(ELDERLY_NIK, "INFO")
    assert any(t.startswith("Nomor antrian Anda A, satu. Layanan Informasi dan Kepesertaan. Tidak ada orang di depan")
               for t in said)
    drive.tap("ticketDone")
    drive.tap("voiceToggle")                         # softer: still spoken, at 40 %
    assert drive.text("voiceToggle") == "Suara: pelan" and guide.gain == 0.4
    assert toggle.accessibleName() == "Panduan suara pelan — sentuh untuk mematikan"
    assert said[-1].startswith("Selamat datang")
    drive.tap("voiceToggle")
    assert drive.text("voiceToggle") == "Suara: mati"
    before = len(said)
    drive.tap("takeTicket")
    assert len(said) == before                       # muted
    drive.tap("nikBack")
    assert len(said) == before
    window.go_welcome()                              # the next visitor hears it again, loud
    assert drive.text("voiceToggle") == "Suara: keras" and guide.gain == 1.0
    drive.tap("takeTicket")
    assert said[before:] == ["Selamat datang. Sentuh tombol hijau besar untuk mengambil nomor antrian.",
                             "Ketik enam belas angka NIK dari KTP Anda, lalu tekan Lanjut."]


# ------------------------------------------------------------------------------------- groups
def test_groups_first_then_their_services_and_a_one_service_group_goes_straight_on(drive, kiosk):
    drive.to_services(ACTIVE_NIK)
    assert kiosk.visit_screen.showing_groups
    tile = drive.widget("group_klaim")
    assert tile.name.text() == "Klaim" and "JHT" in tile.detail.text() and tile.icon.text()
    assert not drive.widget("service_JHT").isVisible()
    drive.tap("group_pengaduan")                        # only "Pengaduan": no second step
    drive.wait_screen("documents")
    assert drive.text("documentsService") == "Pengaduan"


# ------------------------------------------------------------------------------------- scanning
def _scan(qtbot, window, text: str) -> None:
    target = window.focusWidget() or window
    qtbot.keyClicks(target, text)
    qtbot.keyClick(target, Qt.Key.Key_Return)


def test_a_scanned_card_reaches_a_ticket_in_four_taps(qtbot, drive, kiosk):
    taps = []
    original = drive.tap
    drive.tap = lambda name: (taps.append(name), original(name))
    _scan(qtbot, kiosk, ACTIVE_CARD)
    drive.wait_screen("visit")
    assert kiosk.visit.scanned and "************1234" in drive.text("visitStatus")
    drive.service("INFO")
    drive.wait_screen("documents")
    drive.tap("ticketConfirm")
    drive.wait_screen("ticket")
    assert len(taps) <= 4, taps
    assert kiosk.visit.ticket.number == "A-001"


def test_a_card_scanned_on_the_nik_screen_replaces_what_the_scanner_typed(qtbot, drive, kiosk):
    drive.tap("takeTicket")
    field = drive.widget("nikInput")
    field.setFocus()
    _scan(qtbot, kiosk, "JMO:" + ACTIVE_CARD)           # the JMO digital card's QR
    drive.wait_screen("visit")
    assert kiosk.visit.nik == ACTIVE_NIK


def test_an_unknown_card_asks_for_the_nik(qtbot, drive, kiosk):
    _scan(qtbot, kiosk, "99999999999")
    drive.wait_screen("nik")
    qtbot.waitUntil(lambda: drive.text("nikMessage") == "Kartu tidak dikenali. Silakan ketik NIK Anda.", timeout=5000)
    assert drive.text("nikInput") == ""


def test_a_scanned_ticket_shows_its_status(qtbot, drive, kiosk, kiosk_svc):
    issued = kiosk_svc.issue(ELDERLY_NIK, "JHT")
    _scan(qtbot, kiosk, issued.ticket_data.qr_payload)
    drive.wait_screen("repeatTicket")
    assert drive.text("repeatTitle") == "Status tiket Anda"
    assert drive.text("repeatNumber") == issued.number


def test_a_person_typing_slowly_is_not_taken_for_a_scanner(qtbot, drive, kiosk):
    drive.tap("takeTicket")
    field = drive.widget("nikInput")
    field.setFocus()
    for ch in "3171":
        qtbot.keyClick(field, ch)
        qtbot.wait(150)                 # a quick typist: 150 ms a key
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert kiosk.current_name == "nik" and kiosk.nik.digits == "3171"


# ------------------------------------------------------------------------------------- screen readers
def _names(window) -> dict[str, str]:
    names = {}
    for kind in (QPushButton, QLineEdit):
        for w in window.findChildren(kind):
            if w.isVisible():
                iface = QAccessible.queryAccessibleInterface(w)
                names[w.objectName()] = iface.text(QAccessible.Text.Name) if iface is not None else ""
    return names


def test_every_control_has_an_accessible_name_in_the_current_language(qtbot, drive, kiosk):
    seen = []
    for lang in ("id", "en"):
        if kiosk.lang != lang:
            drive.tap("languageToggle")
        kiosk.start_visit()
        seen.append(_names(kiosk))
        drive.type_nik(ACTIVE_NIK)
        seen.append(_names(kiosk))
        drive.tap("nikSubmit")
        drive.wait_screen("visit")
        seen.append(_names(kiosk))
        drive.tap("group_klaim")
        seen.append(_names(kiosk))
        kiosk.go_welcome(end_visit=False)
        seen.append(_names(kiosk))
    for names in seen:
        missing = [name for name, text in names.items() if not text.strip()]
        assert not missing, missing
    assert seen[0]["keypadBackspace"] == "Hapus satu angka" and seen[5]["keypadBackspace"] == "Delete one digit"
    assert seen[1]["nikReveal"] == "Tahan untuk melihat NIK lengkap"
