from datetime import date, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from kiosk.domain.nik import (
    PROVINCES,
    NikError,
    NikInfo,
    make_nik,
    mask_nik,
    nik_problem,
    normalize_nik,
    parse_nik,
)

TODAY = date(2026, 11, 22)


# --- the DOMAIN test vectors -------------------------------------------------------------

@pytest.mark.parametrize("nik, birth, sex, province", [
    ("3171011708450001", date(1945, 8, 17), "M", "DKI Jakarta"),
    ("3171015708450001", date(1945, 8, 17), "F", "DKI Jakarta"),
    ("3171012902001234", date(2000, 2, 29), "M", "DKI Jakarta"),
    ("7105100607610439", date(1961, 7, 6), "M", "Sulawesi Utara"),
])
def test_valid_vectors(nik, birth, sex, province):
    info = parse_nik(nik, TODAY)
    assert info.birth_date == birth
    assert info.sex == sex
    assert info.province_name == province
    assert info.province_code == nik[:2]
    assert info.regency_code == nik[2:4]
    assert info.district_code == nik[4:6]
    assert info.serial == nik[12:]


@pytest.mark.parametrize("nik, code, phrase", [
    ("9971011708450001", "province", "kode provinsi tidak dikenal"),
    ("0950060607610439", "province", "kode provinsi tidak dikenal"),
    ("3171013002001234", "date", "tanggal lahir tidak valid"),
    ("3171018101900001", "day", "tanggal lahir tidak valid"),
    ("7105100607610000", "serial", "nomor urut 0000 tidak valid"),
    ("7105101613610439", "month", "bulan lahir tidak valid"),
])
def test_invalid_vectors(nik, code, phrase):
    with pytest.raises(NikError) as caught:
        parse_nik(nik, TODAY)
    assert caught.value.code == code
    assert phrase in caught.value.message
    assert str(caught.value) == caught.value.message
    assert caught.value.message_en and caught.value.message_en != caught.value.message
    assert nik not in caught.value.message


def test_length_message_counts_the_digits_typed():
    with pytest.raises(NikError) as caught:
        parse_nik("3171 0117 0845 000", TODAY)
    assert caught.value.code == "length"
    assert caught.value.message == "NIK harus 16 angka — Anda mengetik 15"
    assert "15" in caught.value.message_en
    with pytest.raises(NikError, match="Anda mengetik 17"):
        parse_nik("31710117084500011", TODAY)


def test_letters_are_refused_with_their_own_message():
    with pytest.raises(NikError) as caught:
        parse_nik("3171O11708450001", TODAY)     # letter O instead of zero
    assert caught.value.code == "not_digits"
    assert caught.value.message == "NIK hanya boleh berisi angka"


def test_empty_input_asks_for_the_nik():
    with pytest.raises(NikError) as caught:
        parse_nik("   ", TODAY)
    assert caught.value.code == "empty"


def test_nik_error_is_a_value_error():
    assert issubclass(NikError, ValueError)


@pytest.mark.parametrize("typed", [
    "3171 0117 0845 0001", "3171-0117-0845-0001", "3171.0117.0845.0001",
    " 3171011708450001\n", "317101 170845 0001", "３１７１０１１７０８４５０００１",
])
def test_what_people_type_is_accepted(typed):
    assert normalize_nik(typed) == "3171011708450001"
    assert parse_nik(typed, TODAY).birth_date == date(1945, 8, 17)


def test_women_have_forty_added_to_the_day_not_inverted():
    assert parse_nik("3171014108450001", TODAY).sex == "F"      # day 41 -> 1st, woman
    assert parse_nik("3171017108450001", TODAY).birth_date == date(1945, 8, 31)
    assert parse_nik("3171013108450001", TODAY).sex == "M"


@pytest.mark.parametrize("day", ["00", "32", "40", "72", "81", "99"])
def test_day_codes_outside_both_ranges_are_rejected(day):
    with pytest.raises(NikError) as caught:
        parse_nik(f"317101{day}08450001", TODAY)
    assert caught.value.code == "day"


@pytest.mark.parametrize("regency, district, code", [
    ("00", "01", "regency"), ("70", "01", "regency"), ("01", "00", "district"),
])
def test_zero_region_codes_are_rejected(regency, district, code):
    with pytest.raises(NikError) as caught:
        parse_nik(f"31{regency}{district}1708450001", TODAY)
    assert caught.value.code == code


def test_city_and_high_district_codes_are_accepted():
    assert parse_nik("3199991708450001", TODAY).regency_code == "99"
    assert parse_nik("3171991708450001", TODAY).district_code == "99"


def test_century_is_the_one_not_in_the_future():
    assert parse_nik("3171011708260001", TODAY).birth_date == date(2026, 8, 17)
    assert parse_nik("3171011708270001", TODAY).birth_date == date(1927, 8, 17)
    assert parse_nik("3171011708990001", TODAY).birth_date == date(1999, 8, 17)
    assert parse_nik("3171011708050001", TODAY).birth_date == date(2005, 8, 17)


def test_century_switches_on_the_day_itself():
    nik = "3171011708260001"
    assert parse_nik(nik, date(2026, 8, 17)).birth_date == date(2026, 8, 17)
    assert parse_nik(nik, date(2026, 8, 16)).birth_date == date(1926, 8, 17)
    assert parse_nik("3171012211260001", TODAY).birth_date == date(2026, 11, 22)
    assert parse_nik("3171012311260001", TODAY).birth_date == date(1926, 11, 23)


def test_leap_day_follows_the_chosen_century():
    # 29 Feb 2000 exists; 29 Feb 1900 does not.
    assert parse_nik("3171012902001234", TODAY).birth_date == date(2000, 2, 29)
    with pytest.raises(NikError) as caught:
        parse_nik("3171012902001234", date(1999, 12, 31))
    assert caught.value.code == "date"
    with pytest.raises(NikError):
        parse_nik("3171012902011234", TODAY)          # 2001 is not a leap year


def test_age_is_in_completed_years():
    info = parse_nik("3171011708450001", TODAY)
    assert info.age(date(2025, 8, 16)) == 79
    assert info.age(date(2025, 8, 17)) == 80
    leapling = parse_nik("3171012902001234", TODAY)
    assert leapling.age(date(2018, 2, 28)) == 17
    assert leapling.age(date(2018, 3, 1)) == 18


def test_full_nik_is_kept_out_of_repr_and_json():
    info = parse_nik("3171011708450001", TODAY)
    assert "3171011708450001" not in repr(info)
    doc = info.to_json(TODAY)
    assert doc["masked"] == "************0001"
    assert doc["province"] == "DKI Jakarta"
    assert doc["birth_date"] == "1945-08-17"
    assert doc["sex"] == "M"
    assert doc["age"] == 81
    assert all("3171011708450001" not in str(v) for v in doc.values())
    assert info.masked == "************0001"


def test_province_names_cover_exactly_the_codes_in_use():
    expected = ({str(c) for c in range(11, 20)} | {"21"} | {str(c) for c in range(31, 37)}
                | {"51", "52", "53"} | {str(c) for c in range(61, 66)} | {str(c) for c in range(71, 77)}
                | {"81", "82"} | {str(c) for c in range(91, 97)})
    assert set(PROVINCES) == expected
    assert PROVINCES["11"] == "Aceh" and PROVINCES["96"] == "Papua Barat Daya"


# --- as-you-type ------------------------------------------------------------------------

def test_as_you_type_examples():
    assert nik_problem("", TODAY) is None
    assert nik_problem("3", TODAY) is None
    assert nik_problem("99", TODAY).code == "province"
    assert nik_problem("0", TODAY).code == "province"          # no province starts with 0
    assert nik_problem("31 71 00", TODAY).code == "district"
    assert nik_problem("3171018", TODAY).code == "day"
    assert nik_problem("71051016", TODAY) is None
    assert nik_problem("7105101613", TODAY).message.endswith("bulan lahir tidak valid")
    assert nik_problem("3171013102", TODAY).code == "date"      # 31 Feb, whatever the year
    assert nik_problem("3171012902", TODAY) is None             # 29 Feb may still be a leap year
    assert nik_problem("317101290201", TODAY).code == "date"
    assert nik_problem("317101170845000", TODAY) is None        # serial may still end in 1
    assert nik_problem("3171011708450000", TODAY).code == "serial"
    assert nik_problem("31710117084500011", TODAY).code == "length"
    assert nik_problem("31a", TODAY).code == "not_digits"


# --- properties -------------------------------------------------------------------------

provinces = st.sampled_from(sorted(PROVINCES))
regencies = st.one_of(st.integers(1, 69), st.integers(71, 99))
districts = st.integers(1, 99)
sexes = st.sampled_from(["M", "F"])
serials = st.integers(1, 9999)
todays = st.dates(min_value=date(2000, 1, 1), max_value=date(2098, 12, 31))


@st.composite
def nik_parts(draw):
    today = draw(todays)
    # a two-digit year reaches back less than a hundred years from today
    birth = draw(st.dates(min_value=today - timedelta(days=36500), max_value=today))
    return (draw(provinces), draw(regencies), draw(districts), birth, draw(sexes), draw(serials), today)


@given(nik_parts())
def test_make_nik_parses_back_to_the_same_fields(parts):
    province, regency, district, birth, sex, serial, today = parts
    nik = make_nik(province, regency, district, birth, sex, serial)
    info = parse_nik(nik, today)
    assert (info.province_code, int(info.regency_code), int(info.district_code), info.birth_date,
            info.sex, int(info.serial)) == (province, regency, district, birth, sex, serial)
    assert info.nik == nik


@given(nik_parts(), st.lists(st.tuples(st.integers(0, 16), st.sampled_from([" ", "-", ".", "  ", " - "])),
                             max_size=6))
def test_formatting_noise_never_changes_the_result(parts, noise):
    *fields, today = parts
    nik = make_nik(*fields)
    noisy = nik
    for position, sep in sorted(noise, reverse=True):
        noisy = noisy[:position] + sep + noisy[position:]
    assert parse_nik(noisy, today) == parse_nik(nik, today)


@given(st.text(alphabet="0123456789", min_size=16, max_size=16), todays)
@settings(max_examples=300)
def test_any_sixteen_digits_parse_or_raise_nik_error(digits, today):
    try:
        info = parse_nik(digits, today)
    except NikError as err:
        assert err.code in {"province", "regency", "district", "day", "month", "date", "serial"}
    else:
        assert isinstance(info, NikInfo)
        assert info.birth_date <= today


@given(st.text(max_size=24), todays)
def test_any_text_parses_or_raises_nik_error(text, today):
    try:
        parse_nik(text, today)
    except NikError:
        pass
    assert nik_problem(text, today) is None or isinstance(nik_problem(text, today), NikError)


@given(nik_parts(), st.data())
def test_known_bad_parts_are_always_rejected(parts, data):
    province, regency, district, birth, sex, serial, today = parts
    nik = make_nik(province, regency, district, birth, sex, serial)
    bad = data.draw(st.sampled_from(["day81", "serial0", "feb30", "feb29", "month00", "month13"]))
    if bad == "day81":
        nik = nik[:6] + str(data.draw(st.integers(81, 99))) + nik[8:]
    elif bad == "serial0":
        nik = nik[:12] + "0000"
    elif bad == "feb30":
        nik = nik[:6] + data.draw(st.sampled_from(["30", "31", "70", "71"])) + "02" + nik[10:]
    elif bad == "feb29":
        non_leap = data.draw(st.integers(1, 99).filter(lambda y: y % 4 != 0))
        nik = nik[:6] + data.draw(st.sampled_from(["29", "69"])) + "02" + f"{non_leap:02d}" + nik[12:]
    elif bad == "month00":
        nik = nik[:8] + "00" + nik[10:]
    else:
        nik = nik[:8] + str(data.draw(st.integers(13, 99))) + nik[10:]
    with pytest.raises(NikError):
        parse_nik(nik, today)


@given(nik_parts())
def test_every_prefix_of_a_valid_nik_has_no_problem(parts):
    *fields, today = parts
    nik = make_nik(*fields)
    for end in range(len(nik) + 1):
        assert nik_problem(nik[:end], today) is None, nik[:end]


@given(st.text(alphabet="0123456789", min_size=1, max_size=16), todays)
def test_a_reported_problem_is_final(prefix, today):
    """Once a problem is reported, typing more digits never makes it go away."""
    if nik_problem(prefix, today) is not None:
        completed = prefix + "1" * (16 - len(prefix))
        with pytest.raises(NikError):
            parse_nik(completed, today)


@given(st.text(alphabet="0123456789 -.", max_size=24))
def test_mask_never_shows_more_than_the_last_four_digits(text):
    masked = mask_nik(text)
    digits = normalize_nik(text)
    shown = [ch for ch in masked if ch != "*"]
    assert len(shown) <= 4
    assert len(masked) == len(digits)
    if len(digits) > 4:
        assert masked.endswith(digits[-4:])
    assert mask_nik("3171011708450001") == "************0001"
