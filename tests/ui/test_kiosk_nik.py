"""Each invalid NIK gets its plain message on the NIK screen as it is typed."""
from __future__ import annotations

import pytest

from tests.ui.conftest import UNKNOWN_NIK

INVALID = [    # the NIK, what is wrong, which digits are marked and how they are named
    ("9971011708450001", "NIK tidak valid: kode provinsi tidak dikenal", (0, 2), "Periksa angka ke-1 sampai 2: kode provinsi"),
    ("3171013002001234", "NIK tidak valid: tanggal lahir tidak valid", (6, 12), "Periksa angka ke-7 sampai 12: tanggal lahir"),
    ("3171018101900001", "NIK tidak valid: tanggal lahir tidak valid", (6, 8), "Periksa angka ke-7 sampai 8: tanggal lahir"),
    ("7105100607610000", "NIK tidak valid: nomor urut 0000 tidak valid", (12, 16), "Periksa angka ke-13 sampai 16: nomor urut"),
    ("7105101613610439", "NIK tidak valid: bulan lahir tidak valid", (8, 10), "Periksa angka ke-9 sampai 10: tanggal lahir"),
    ("0950060607610439", "NIK tidak valid: kode provinsi tidak dikenal", (0, 2), "Periksa angka ke-1 sampai 2: kode provinsi"),
]


@pytest.mark.parametrize("nik,message,span,part", INVALID)
def test_invalid_nik_says_which_part_is_wrong_marks_it_and_cannot_be_submitted(drive, kiosk, nik, message, span, part):
    drive.tap("takeTicket")
    drive.type_nik(nik)
    assert drive.text("nikMessage").split("\n") == [message, part]
    mark = drive.widget("nikMark")
    assert mark.isVisible() and mark.span == span
    assert not drive.widget("nikSubmit").isEnabled()


def test_month_problem_is_said_as_soon_as_the_month_is_typed(drive, kiosk):
    drive.tap("takeTicket")
    drive.type_nik("7105100613")        # day 06, month 13: ten digits in
    assert drive.text("nikMessage").startswith("NIK tidak valid: bulan lahir tidak valid")
    assert drive.widget("nikMark").isVisible()
    drive.tap("keypadBackspace")
    assert drive.text("nikMessage") == "9 dari 16 angka"
    assert not drive.widget("nikMark").isVisible()


def test_invalid_nik_message_in_english(drive, kiosk):
    drive.tap("languageToggle")
    drive.tap("takeTicket")
    drive.type_nik("7105101613610439")
    assert drive.text("nikMessage") == "Invalid NIK: invalid birth month\nCheck digits 9 to 10: date of birth"


def test_not_registered_nik_says_what_to_do_next(drive, kiosk):
    drive.tap("takeTicket")
    drive.type_nik(UNKNOWN_NIK)
    drive.tap("nikSubmit")
    drive.wait_screen("kkQuestion")                  # a family-card number looks just like this
    drive.tap("kkContinue")
    drive.wait_screen("status")
    assert drive.text("statusText") == "Status: Tidak terdaftar"
    assert "Informasi & Kepesertaan" in drive.text("statusAdvice")
    drive.tap("statusNext")
    drive.wait_screen("visit")
    drive.service("JHT")
    drive.wait_screen("route")
    assert "belum terdaftar" in drive.text("routeText")
    assert not drive.widget("queueAnyway").isVisible()


def test_unpaid_participant_is_told_how_to_pay(drive, kiosk):
    from tests.ui.conftest import UNPAID_NIK

    drive.tap("takeTicket")
    drive.type_nik(UNPAID_NIK)
    drive.tap("nikSubmit")
    drive.wait_screen("status")
    assert "iuran belum dibayar" in drive.text("statusText")
    assert "terakhir dibayar September 2025" in drive.text("statusAdvice")
