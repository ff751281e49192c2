"""What the visit mends right after the NIK, through the real kiosk window: a typo mended in one
touch on the KK question (the presses counted), the widow's own age for her priority, and a held
ticket said at once."""
from __future__ import annotations

from tests.ui.conftest import ACTIVE_NIK, DECEASED_NIK, ELDERLY_NIK, Driver

TYPO_NIK = ACTIVE_NIK[:-1] + "5"          # the last digit wrong: a well-formed NIK nobody holds
ELDERLY_TYPO = ELDERLY_NIK[:-1] + "2"


class Counting(Driver):
    """A participant's touches, counted."""

    def __init__(self, qtbot, window):
        super().__init__(qtbot, window)
        self.presses = 0

    def tap(self, name: str) -> None:
        super().tap(name)
        self.presses += 1


def to_ticket(drive: Counting, nik: str, service: str, right: str) -> None:
    drive.tap("takeTicket")
    drive.type_nik(nik)
    drive.tap("nikSubmit")
    if drive.wait_screens("kkQuestion", "status", "visit") == "kkQuestion":
        assert drive.text("kkCompare") == "Bandingkan dengan KTP Anda:"
        shown = "".join(drive.text(f"kkDigit_{i}") for i in range(16))
        assert shown == nik                                    # the whole number, to compare with the KTP
        wrong = next(i for i, (a, b) in enumerate(zip(nik, right)) if a != b)
        drive.tap(f"kkDigit_{wrong}")                          # the wrong digit, touched
        assert f"angka ke-{wrong + 1}" in drive.text("kkHint")
        drive.tap(f"kkKey_{right[wrong]}")                     # the right one in its place
        assert "".join(drive.text(f"kkDigit_{i}") for i in range(16)) == right
        drive.tap("kkCheck")
    drive.submitted()
    drive.service(service)
    drive.wait_screen("documents")
    drive.tap("ticketConfirm")
    drive.wait_screen("ticket")


def test_a_one_digit_typo_costs_at_most_four_presses_more_than_the_clean_path(qtbot, make_kiosk):
    window = make_kiosk()
    clean = Counting(qtbot, window)
    to_ticket(clean, ACTIVE_NIK, "INFO", ACTIVE_NIK)
    first = window.visit.ticket.number
    clean.tap("ticketDone")
    clean.wait_screen("welcome")

    typo = Counting(qtbot, window)
    to_ticket(typo, ELDERLY_TYPO, "INFO", ELDERLY_NIK)
    assert window.visit.ticket.number != first
    assert typo.presses - clean.presses <= 4, (clean.presses, typo.presses)


def test_the_kk_question_lays_the_number_out_in_groups_of_four_and_says_a_mended_rule_break(qtbot, drive, kiosk):
    drive.tap("takeTicket")
    drive.type_nik(TYPO_NIK)
    drive.tap("nikSubmit")
    drive.wait_screen("kkQuestion")
    digits = [drive.widget(f"kkDigit_{i}") for i in range(16)]
    gaps = [digits[i + 1].x() - digits[i].x() for i in range(15)]
    assert gaps[3] > gaps[0] and gaps[7] > gaps[0] and gaps[11] > gaps[0]     # groups of four
    assert digits[0].height() >= 56 and digits[0].width() >= 56
    assert not drive.widget("kkKey_1").isVisible() and not drive.widget("kkCheck").isVisible()
    drive.tap("kkDigit_12")
    drive.tap("kkKey_0")
    drive.tap("kkDigit_13")
    drive.tap("kkKey_0")
    drive.tap("kkDigit_14")
    drive.tap("kkKey_0")
    drive.tap("kkDigit_15")
    drive.tap("kkKey_0")                                    # serial 0000: no NIK has it
    assert "nomor urut" in drive.text("kkMessage") and not drive.widget("kkCheck").isEnabled()
    drive.tap("languageToggle")
    assert drive.text("kkCompare") == "Compare it with your ID card (KTP):"


# ------------------------------------------------------------------------------------- the widow's priority
def heir_to_ticket(drive: Driver, typed: str | None, service: str) -> None:
    drive.tap("takeTicket")
    drive.type_nik(DECEASED_NIK)
    drive.tap("nikSubmit")
    if drive.wait_screens("heirChoice", "repeatTicket") == "repeatTicket":
        drive.tap("repeatOther")                            # the NIK's earlier ticket said; another service
    drive.wait_screen("heirChoice")
    drive.tap("heirYes")
    drive.wait_screen("heirAge")
    if typed is None:
        drive.tap("heirAgeSkip")
    else:
        for d in typed:
            drive.tap(f"heirAgeKeypad_{d}")
        drive.tap("heirAgeNext")
    drive.wait_screen("status")
    drive.tap("statusNext")
    drive.wait_screen("visit")
    drive.tap(f"service_{service}")
    drive.wait_screen("documents")
    drive.tap("ticketConfirm")
    drive.wait_screen("ticket")


def test_a_widow_who_says_her_age_keeps_her_priority(qtbot, drive, kiosk):
    drive.tap("takeTicket")
    drive.type_nik(DECEASED_NIK)
    drive.tap("nikSubmit")
    drive.wait_screen("heirChoice")
    drive.tap("heirYes")
    drive.wait_screen("heirAge")
    assert not drive.widget("heirAgeNext").isEnabled()
    drive.tap("heirAgeKeypad_6")
    drive.tap("heirAgeKeypad_7")
    assert drive.text("heirAgeMessage") == "Usia 67 tahun — Anda mendapat layanan prioritas"
    drive.tap("heirAgeNext")
    drive.wait_screen("status")
    drive.tap("statusNext")
    drive.tap("service_JKM")
    drive.wait_screen("documents")
    drive.tap("ticketConfirm")
    drive.wait_screen("ticket")
    ticket = kiosk.visit.ticket
    assert ticket.priority and ticket.priority_reason == "lansia"
    assert drive.text("ticketPriority").startswith("★ Layanan Prioritas")


def test_a_widow_who_types_her_own_nik_keeps_her_priority_and_one_who_skips_has_none(qtbot, drive, kiosk):
    heir_to_ticket(drive, ELDERLY_NIK, "JKM")                     # her own KTP: born 1945
    assert kiosk.visit.ticket.priority
    drive.tap("ticketDone")
    drive.wait_screen("welcome")
    heir_to_ticket(drive, None, "INFO")                             # skipped: the NIK typed is the deceased's
    assert not kiosk.visit.ticket.priority
    drive.tap("ticketDone")
    drive.wait_screen("welcome")
    heir_to_ticket(drive, "45", "ADUAN")
    assert not kiosk.visit.ticket.priority


def test_the_heirs_own_ktp_read_by_a_reader_goes_straight_on(qtbot, drive, kiosk):
    drive.tap("takeTicket")
    drive.type_nik(DECEASED_NIK)
    drive.tap("nikSubmit")
    drive.wait_screen("heirChoice")
    drive.tap("heirYes")
    drive.wait_screen("heirAge")
    kiosk.flow.heir_age.own_ktp(ELDERLY_NIK)                # what a KTP reader hands over
    drive.wait_screen("status")
    assert kiosk.visit.heir_age == 81 and kiosk.flow.heir_age.typed == ""
    assert all(o.priority for o in kiosk.visit.result.options if o.route == "queue")


# ------------------------------------------------------------------------------------- a held ticket
def test_a_held_ticket_is_said_right_after_the_nik_with_another_service_on_offer(qtbot, make_kiosk, kiosk_svc):
    held = kiosk_svc.issue(ACTIVE_NIK, "INFO")
    window = make_kiosk()
    drive = Counting(qtbot, window)
    drive.tap("takeTicket")
    drive.type_nik(ACTIVE_NIK)
    drive.tap("nikSubmit")
    drive.wait_screen("repeatTicket")
    assert drive.presses == 18                              # Welcome, sixteen digits, Lanjut
    assert drive.text("repeatNumber") == held.number
    assert drive.text("repeatService") == "Informasi & Kepesertaan"
    assert drive.text("repeatAhead") == "Antrian di depan Anda: 0"
    assert drive.text("repeatWait") == "Giliran Anda berikutnya"
    assert not drive.widget("repeatBack").isVisible()
    drive.tap("repeatOther")
    drive.wait_screen("visit")
    drive.tap("group_pengaduan")                            # one service in the group: straight on
    drive.wait_screen("documents")
    drive.tap("ticketConfirm")
    drive.wait_screen("ticket")
    assert window.visit.ticket.service == "ADUAN"
    drive.tap("ticketDone")
    drive.wait_screen("welcome")
    drive.tap("takeTicket")
    drive.type_nik(ACTIVE_NIK)
    drive.tap("nikSubmit")
    drive.wait_screen("repeatTicket")
    assert drive.text("repeatNumber") == held.number
    assert drive.text("repeatMore") == f"Nomor Anda yang lain hari ini: {window.visit.held['ADUAN'].number} (Pengaduan)"
