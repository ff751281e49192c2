"""A misread digit never passes silently as someone else's NIK: each part of the NIK has its
guard (the NIK rules, the birth date and sex printed on the card, the card's header, the last
four digits on the confirmation, and for the regency and district the two reads agreeing with
every digit clear). The face is given as an engine would read it; no OCR runs here."""
from __future__ import annotations

from datetime import date, timedelta

from hypothesis import assume, given, settings, strategies as st

from kiosk.domain.nik import PROVINCES, make_nik
from kiosk.ktp.engines import LineText
from kiosk.ktp.face import FAMILY_CARD, KTP, OTHER, kind_of, read_face
from kiosk.ktp.reader import judge

TODAY = date(2026, 11, 23)
REGION_DIGITS = range(2, 6)         # regency and district: no printed code to compare with
SERIAL_DIGITS = range(12, 16)       # shown on the confirmation ("NIK ****0003")


def line(text: str, p: float = 0.99) -> LineText:
    return LineText(text, tuple(p for _ in text), p)


def card_lines(nik_read: str, born: date, sex: str, province: str, city: str, p: float = 0.99):
    return [line(f"PROVINSI {province}"), line(city), line(f"NIK : {nik_read}", p),
            line(f"Tempat/Tgl Lahir : JAKARTA, {born.day:02d}-{born.month:02d}-{born.year}"),
            line("Jenis Kelamin : " + ("LAKI-LAKI" if sex == "M" else "PEREMPUAN") + " Gol. Darah : O")]


people = st.builds(
    lambda province, regency, district, days, sex, serial: (
        province, regency, district, date(1940, 1, 1) + timedelta(days=days), sex, serial),
    st.sampled_from(sorted(PROVINCES)), st.one_of(st.integers(1, 69), st.integers(71, 99)),
    st.integers(1, 99), st.integers(0, 365 * 70), st.sampled_from("MF"), st.integers(1, 9999))


def _read(person, position: int, digit: str, second_agrees: bool = True, p: float = 0.99):
    province, regency, district, born, sex, serial = person
    nik = make_nik(province, regency, district, born, sex, serial)
    misread = nik[:position] + digit + nik[position + 1:]
    city = ("KOTA " if regency >= 71 else "KABUPATEN ") + "CONTOH"
    face = read_face(card_lines(misread, born, sex, PROVINCES[province].upper(), city, p))
    return nik, misread, judge(face, misread if second_agrees else nik, TODAY)


@settings(max_examples=400, deadline=None)
@given(people, st.integers(0, 15), st.sampled_from("0123456789"))
def test_a_confident_misread_that_is_sure_is_only_ever_in_a_part_she_or_the_two_reads_guard(person, position, digit):
    nik, misread, read = _read(person, position, digit)
    assume(misread != nik)
    if read.sure:
        assert position in REGION_DIGITS or position in SERIAL_DIGITS
    if position in SERIAL_DIGITS and read.sure:
        assert misread[-4:] != nik[-4:]                 # the tail she is asked to confirm differs


@settings(max_examples=200, deadline=None)
@given(people, st.sampled_from(list(REGION_DIGITS)), st.sampled_from("0123456789"))
def test_a_region_digit_misread_is_never_sure_unless_both_reads_agree_and_every_digit_is_clear(
        person, position, digit):
    nik, misread, read = _read(person, position, digit, second_agrees=False)
    assume(misread != nik)
    assert not read.sure
    _, _, doubtful = _read(person, position, digit, p=0.7)
    assert not doubtful.sure


@settings(max_examples=100, deadline=None)
@given(people)
def test_the_right_read_is_sure_and_agrees_with_the_card(person):
    province, regency, district, born, sex, serial = person
    nik, _, read = _read(person, 0, make_nik(province, regency, district, born, sex, serial)[0])
    assert read.nik == nik and read.nik_valid and read.sure and read.agrees_with_card is True
    assert read.birth_date == born


def test_a_letter_taken_for_a_digit_is_read_but_never_sure():
    lines = card_lines("3171O11708450001", date(1945, 8, 17), "M", "DKI JAKARTA", "KOTA JAKARTA PUSAT")
    read = judge(read_face(lines), "3171011708450001", TODAY)
    assert read.nik == "3171011708450001" and read.nik_valid and not read.sure


def test_a_card_printed_with_another_birth_date_disagrees():
    lines = card_lines("3171011708450001", date(1945, 8, 18), "M", "DKI JAKARTA", "KOTA JAKARTA PUSAT")
    read = judge(read_face(lines), "3171011708450001", TODAY)
    assert read.agrees_with_card is False and not read.sure


def test_a_womans_day_plus_40_agrees_and_the_wrong_sex_does_not():
    born = date(1959, 6, 26)
    woman = judge(read_face(card_lines("3171016606590003", born, "F", "DKI JAKARTA", "KOTA JAKARTA")),
                  "3171016606590003", TODAY)
    assert woman.agrees_with_card is True and woman.sure and woman.birth_date == born
    printed_man = judge(read_face(card_lines("3171016606590003", born, "M", "DKI JAKARTA", "KOTA JAKARTA")),
                        "3171016606590003", TODAY)
    assert printed_man.agrees_with_card is False and not printed_man.sure


def test_a_card_from_another_province_than_the_nik_is_read_but_not_sure():
    lines = card_lines("3171011708450001", date(1945, 8, 17), "M", "JAWA BARAT", "KOTA BEKASI")
    read = judge(read_face(lines), "3171011708450001", TODAY)
    assert read.nik_valid and read.agrees_with_card is True and not read.sure


def test_a_family_card_and_a_membership_card_are_not_ktps():
    assert kind_of(["KARTU KELUARGA", "No. 3171011708450001", "Nama Kepala Keluarga : BUDI"]) == FAMILY_CARD
    assert kind_of(["KARTU KELUARCA", "No. 3171011708450001"]) == FAMILY_CARD          # one letter misread
    assert kind_of(["BPJS KETENAGAKERJAAN", "KARTU PESERTA", "NIK : 3171011708450001"]) == OTHER
    assert kind_of(["PROVINSI DKI JAKARTA", "KOTA JAKARTA SELATAN", "NIK : 3171011708450001"]) == KTP
    assert kind_of(["PROVINSI DKI JAKARTA", "KOTA JAKARTA SELATAN", "Nama : BUDI"]) == OTHER   # no NIK line
