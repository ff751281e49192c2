"""What every participant notices: inactivity, help, language, portrait, sizes and contrast."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from kiosk.domain.catalog import tr
from kiosk.ui.kiosk import theme
from tests.ui.conftest import ACTIVE_NIK, Driver


def visible_texts(window) -> str:
    return "\n".join(w.text() for kind in (QLabel, QLineEdit) for w in window.findChildren(kind) if w.isVisible())


def test_inactivity_returns_to_welcome_and_forgets_the_nik(qtbot, make_kiosk):
    window = make_kiosk(inactivity_ms=300, idle_warning_ms=300)
    drive = Driver(qtbot, window)
    drive.tap("takeTicket")
    drive.type_nik(ACTIVE_NIK)
    assert drive.text("nikInput") == "************1234"
    qtbot.waitUntil(lambda: window.idle_warning.isVisible(), timeout=3000)     # warned first
    qtbot.waitUntil(lambda: window.current_name == "welcome", timeout=3000)
    assert drive.text("nikInput") == ""
    assert window.visit.nik == "" and window.visit.result is None
    assert "1234" not in visible_texts(window).replace("12.", "")


def test_taps_keep_the_visit_alive(qtbot, make_kiosk):
    window = make_kiosk(inactivity_ms=600)
    drive = Driver(qtbot, window)
    drive.tap("takeTicket")
    for d in ACTIVE_NIK[:8]:
        qtbot.wait(150)
        drive.tap(f"keypad_{d}")
    assert window.current_name == "nik"                     # 1.2 s of tapping outlived 0.6 s


def test_default_inactivity_is_never_shorter_than_45_seconds(make_kiosk):
    assert make_kiosk().flow.settings.quiet_s >= 45


def visible_text_list(window) -> list[tuple[str, str]]:
    """(objectName, text) of every label, field and button on screen."""
    return [(w.objectName(), w.text()) for kind in (QLabel, QLineEdit, QPushButton)
            for w in window.findChildren(kind) if w.isVisible()]


def test_no_full_nik_anywhere_on_screen_during_the_visit(drive, kiosk, qtbot):
    seen: list[tuple[str, list[tuple[str, str]]]] = []     # every screen as it was shown

    def look(name: str) -> None:
        seen.append((name, visible_text_list(kiosk)))

    kiosk.screenShown.connect(look)
    drive.tap("takeTicket")
    drive.type_nik(ACTIVE_NIK[:12])
    look("nik, typing")
    drive.type_nik(ACTIVE_NIK[12:])
    look("nik, typed")
    drive.tap("nikSubmit")
    drive.wait_screen("visit")
    drive.service("INFO")
    drive.wait_screen("documents")
    drive.tap("ticketConfirm")
    drive.wait_screen("ticket")
    qtbot.waitUntil(lambda: kiosk.visit.print_outcome is not None, timeout=15000)
    drive.tap("ticketDone")
    drive.wait_screen("welcome")

    assert [name for name, _ in seen] == [
        "nik", "nik, typing", "nik, typed", "visit", "visit", "documents", "ticket", "ticket", "welcome"]
    for name, texts in seen:
        for widget, text in texts:
            if name == "nik, typing" and widget == "nikInput":
                assert text == "3171 0129 0200"            # the field shows what is being typed
                continue
            assert ACTIVE_NIK not in "".join(ch for ch in text if ch.isdigit()), (name, widget, text)
    screens = [dict(texts) for _, texts in seen]
    assert screens[2]["nikInput"] == "************1234"         # masked once complete
    assert "************1234" in screens[3]["visitStatus"]
    assert screens[6]["ticketState"] == tr("ticket.printing", "id")
    assert screens[7]["ticketState"] == tr("ticket.take", "id")


def test_help_button_raises_an_assistance_request(drive, kiosk, kiosk_svc, qtbot):
    drive.tap("takeTicket")
    drive.tap("helpButton")
    assert drive.text("notice") == "Petugas akan segera membantu Anda."
    qtbot.waitUntil(lambda: len(kiosk_svc.open_assistance()) == 1, timeout=5000)
    request = kiosk_svc.open_assistance()[0]
    assert request.data == {"kiosk_id": "kiosk-1", "reason": "help"}


def test_language_toggle_switches_every_screen_and_back(drive, kiosk):
    assert drive.text("takeTicket").startswith("Ambil Nomor Antrian")
    drive.tap("languageToggle")
    assert drive.text("takeTicket").startswith("Take a queue number")
    assert drive.text("languageToggle") == "Bahasa Indonesia"
    drive.tap("takeTicket")
    assert drive.text("nikTitle") == "Enter your NIK (16 digits on your ID card)"
    drive.type_nik(ACTIVE_NIK)
    drive.tap("nikSubmit")
    drive.wait_screen("visit")
    assert "Status: Active" in drive.text("visitStatus")
    assert drive.text("visitTitle") == "Choose a kind of service"
    drive.tap("languageToggle")
    assert "Status: Aktif" in drive.text("visitStatus")
    assert drive.text("visitTitle") == "Pilih jenis layanan"
    assert drive.text("languageToggle") == "English"


def test_portrait_reflows_the_services_into_two_columns(qtbot, make_kiosk):
    for size, columns in (((1080, 1920), 2), ((1920, 1080), 3)):
        window = make_kiosk(size=size)
        drive = Driver(qtbot, window)
        drive.to_services(ACTIVE_NIK)
        drive.tap("group_klaim")                      # five claim services
        tops = [t.geometry().top() for t in window.visit_screen.tiles.values() if t.isVisible()]
        assert tops[columns - 1] == tops[0] and tops[columns] > tops[0]
        assert window.portrait == (columns == 2)


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
@pytest.mark.parametrize("large", [False, True])
def test_every_screen_fits_with_the_staff_banner(qtbot, make_kiosk, size, large):
    window = make_kiosk(size=size, large_text=large)
    window.flow.signed_in("staff")
    qtbot.waitUntil(lambda: window.banner.isVisible())
    room = window.stack.size()
    for screen in window.screens:
        need = screen.minimumSizeHint()
        assert need.width() <= room.width() and need.height() <= room.height(), (screen.name, need, room)


def test_buttons_are_big_touch_targets_with_large_text(drive, kiosk):
    drive.take_ticket(ACTIVE_NIK, "INFO")
    kiosk.go_welcome()
    for name in ("welcome", "nik"):
        if name == "nik":
            drive.tap("takeTicket")
        for button in kiosk.findChildren(QPushButton):
            if button.isVisible():
                assert button.width() >= 64 and button.height() >= 64, button.objectName()
    assert drive.widget("keypad_5").font().pointSizeF() >= theme.BUTTON_PT
    assert drive.widget("nikSubmit").font().pointSizeF() >= theme.BUTTON_PT
    assert drive.widget("nikHint").font().pointSizeF() >= 18


def test_large_text_mode_enlarges_the_text(drive, kiosk):
    before = drive.widget("officeStatus").font().pointSizeF()
    drive.tap("largeTextToggle")
    assert drive.widget("officeStatus").font().pointSizeF() >= before * 1.25


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("fg,bg", [
    (theme.PAPER, theme.BLUE), (theme.PAPER, theme.GREEN), (theme.PAPER, theme.RED), (theme.INK, theme.AMBER),
    (theme.INK, theme.MUTED_BG), (theme.BLUE, theme.PAPER), (theme.BLUE, theme.MUTED_BG),
])
def test_key_text_contrast_is_at_least_7_to_1(fg, bg):
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 7.0


def test_spoken_guidance_reads_each_new_screen(qtbot, make_kiosk):
    said: list[str] = []
    window = make_kiosk(guide=said.append)
    drive = Driver(qtbot, window)
    drive.tap("takeTicket")
    assert said[-1] == "Ketik enam belas angka NIK dari KTP Anda, lalu tekan Lanjut."
    drive.type_nik(ACTIVE_NIK)
    drive.tap("nikSubmit")
    drive.wait_screen("visit")
    assert "Status: Aktif" in said[-1] and said[-1].endswith("Pilih jenis layanan yang Anda perlukan.")
    assert all(ACTIVE_NIK not in text for text in said)
