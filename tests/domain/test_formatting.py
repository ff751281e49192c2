from datetime import date, datetime, time, timedelta, timezone

from hypothesis import given, strategies as st

from kiosk.domain.formatting import (
    date_en, date_id, datetime_id, minutes_id, time_en, time_id, weekday_id,
)


def test_date_written_the_indonesian_way():
    assert date_id(date(2026, 11, 22)) == "22 November 2026"
    assert date_id(date(2026, 8, 5)) == "5 Agustus 2026"
    assert date_id(date(2025, 2, 1)) == "1 Februari 2025"
    assert date_en(date(2026, 8, 5)) == "5 August 2026"


def test_time_uses_a_dot_and_two_digits():
    assert time_id(time(8, 45)) == "08.45"
    assert time_id(time(13, 0)) == "13.00"
    assert time_en(time(8, 5)) == "08:05"


def test_weekday_names():
    assert weekday_id(date(2026, 11, 22)) == "Minggu"  # a Sunday
    assert weekday_id(date(2026, 11, 23)) == "Senin"
    assert weekday_id(date(2026, 11, 27)) == "Jumat"


def test_datetime_takes_the_local_wall_clock():
    wib = timezone(timedelta(hours=7))
    dt = datetime(2026, 11, 23, 8, 45, tzinfo=wib)
    assert datetime_id(dt) == "Senin, 23 November 2026 08.45"
    assert date_id(dt) == "23 November 2026"


def test_minutes_in_words():
    assert minutes_id(0) == "0 menit"
    assert minutes_id(45) == "45 menit"
    assert minutes_id(60) == "1 jam"
    assert minutes_id(70) == "1 jam 10 menit"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_date_text_round_trips(d):
    from kiosk.domain.formatting import MONTHS_ID

    day, month, year = date_id(d).split(" ")
    assert date(int(year), MONTHS_ID.index(month) + 1, int(day)) == d


@given(st.times())
def test_time_text_round_trips(t):
    text = time_id(t)
    assert len(text) == 5 and text[2] == "."
    assert (int(text[:2]), int(text[3:])) == (t.hour, t.minute)
