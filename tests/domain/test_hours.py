"""Office hours: open, break or closed, and the next opening, in the branch's time zone."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain.branch import DayHours, OfficeHours, TimeRange
from kiosk.domain.hours import (
    BREAK, CLOSED, OPEN, last_ticket, local_time, minutes_until_close, next_opening_after_day,
    office_status, service_day, serving_minutes_left,
)

WIB = ZoneInfo("Asia/Jakarta")
WEEKDAY = DayHours(time(8), time(15), (TimeRange(time(12), time(13)),), time(14, 30))
FRIDAY = DayHours(time(8), time(15), (TimeRange(time(11, 30), time(13)),), time(14, 30))
HOURS = OfficeHours("Asia/Jakarta", (WEEKDAY,) * 4 + (FRIDAY, None, None),
                    frozenset({date(2026, 12, 25)}))


def at(y, mo, d, h, mi=0, tz=WIB):
    return datetime(y, mo, d, h, mi, tzinfo=tz)


# 2026-11-23 is a Monday, 2026-11-27 a Friday, 2026-11-28/29 the weekend.
@pytest.mark.parametrize("now,state,message,next_opening", [
    (at(2026, 11, 23, 9), OPEN, "Layanan buka — nomor antrian tersedia hingga pukul 14.30", None),
    (at(2026, 11, 23, 7, 30), CLOSED, "Layanan belum buka — buka hari ini pukul 08.00",
     at(2026, 11, 23, 8)),
    (at(2026, 11, 23, 12, 30), BREAK, "Istirahat — buka kembali pukul 13.00", at(2026, 11, 23, 13)),
    (at(2026, 11, 23, 13), OPEN, "Layanan buka — nomor antrian tersedia hingga pukul 14.30", None),
    (at(2026, 11, 27, 11, 45), BREAK, "Istirahat — buka kembali pukul 13.00", at(2026, 11, 27, 13)),
    (at(2026, 11, 23, 11, 45), OPEN, "Layanan buka — nomor antrian tersedia hingga pukul 14.30",
     None),
    (at(2026, 11, 23, 14, 30), CLOSED,
     "Pengambilan nomor antrian hari ini sudah ditutup pukul 14.30 — buka kembali besok, "
     "Selasa, 24 November 2026 pukul 08.00", at(2026, 11, 24, 8)),
    (at(2026, 11, 27, 15), CLOSED,
     "Layanan tutup — buka kembali Senin, 30 November 2026 pukul 08.00", at(2026, 11, 30, 8)),
    (at(2026, 11, 22, 10), CLOSED,
     "Layanan tutup — buka kembali besok, Senin, 23 November 2026 pukul 08.00",
     at(2026, 11, 23, 8)),
    (at(2026, 12, 25, 9), CLOSED,
     "Layanan tutup — buka kembali Senin, 28 Desember 2026 pukul 08.00", at(2026, 12, 28, 8)),
])
def test_office_status(now, state, message, next_opening):
    s = office_status(HOURS, now)
    assert (s.state, s.message_id, s.next_opening) == (state, message, next_opening)
    assert s.message_en and s.message_en != s.message_id


def test_counters_still_serve_between_last_ticket_and_closing():
    s = office_status(HOURS, at(2026, 11, 23, 14, 45))
    assert s.state == CLOSED and s.counters_open
    assert s.closes_at == at(2026, 11, 23, 15) and s.last_ticket_at == at(2026, 11, 23, 14, 30)
    assert not office_status(HOURS, at(2026, 11, 23, 15, 1)).counters_open


def test_times_are_read_in_the_branch_time_zone():
    # 02.00 UTC is 09.00 in Jakarta (open) but 11.00 in Jayapura (still open), 05.30 UTC is
    # 12.30 in Jakarta (break)
    assert office_status(HOURS, datetime(2026, 11, 23, 2, tzinfo=timezone.utc)).state == OPEN
    assert office_status(HOURS, datetime(2026, 11, 23, 5, 30, tzinfo=timezone.utc)).state == BREAK
    wit = OfficeHours("Asia/Jayapura", HOURS.days)
    s = office_status(wit, datetime(2026, 11, 23, 3, 30, tzinfo=timezone.utc))   # 12.30 WIT
    assert s.state == BREAK and s.next_opening == datetime(2026, 11, 23, 13,
                                                           tzinfo=ZoneInfo("Asia/Jayapura"))
    # a naive time is branch-local
    assert office_status(HOURS, datetime(2026, 11, 23, 12, 30)).state == BREAK


def test_service_day_is_the_local_date():
    late_utc = datetime(2026, 11, 22, 18, 30, tzinfo=timezone.utc)    # 01.30 WIB on the 23rd
    assert service_day(late_utc, HOURS) == date(2026, 11, 23)
    assert service_day(late_utc, "Asia/Jakarta") == date(2026, 11, 23)
    assert local_time(HOURS, late_utc).hour == 1


def test_last_ticket_and_minutes_until_close():
    assert last_ticket(HOURS, date(2026, 11, 23)) == at(2026, 11, 23, 14, 30)
    assert last_ticket(HOURS, date(2026, 11, 28)) is None
    assert minutes_until_close(HOURS, at(2026, 11, 23, 14, 20)) == 40
    assert minutes_until_close(HOURS, at(2026, 11, 23, 7)) is None
    assert minutes_until_close(HOURS, at(2026, 11, 28, 10)) is None


def test_serving_minutes_left_skips_breaks():
    assert serving_minutes_left(HOURS, at(2026, 11, 23, 11)) == 180      # 11-12 and 13-15
    assert serving_minutes_left(HOURS, at(2026, 11, 23, 12, 30)) == 120
    assert serving_minutes_left(HOURS, at(2026, 11, 27, 8)) == 330       # Friday's long break
    assert serving_minutes_left(HOURS, at(2026, 11, 23, 16)) == 0
    assert serving_minutes_left(HOURS, at(2026, 11, 28, 9)) == 0


def test_a_break_running_into_the_last_ticket_ends_issuing():
    day = DayHours(time(8), time(13, 30), (TimeRange(time(12), time(13)),), time(13))
    hours = OfficeHours("Asia/Jakarta", (day,) * 5 + (None, None))
    s = office_status(hours, at(2026, 11, 23, 12, 15))
    assert s.state == CLOSED and s.next_opening == at(2026, 11, 24, 8)


def test_no_opening_at_all():
    hours = OfficeHours("Asia/Jakarta", (None,) * 7)
    s = office_status(hours, at(2026, 11, 23, 9))
    assert s.state == CLOSED and s.next_opening is None and s.message_id == "Layanan tutup"
    assert next_opening_after_day(hours, date(2026, 11, 23)) is None


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)))
def test_status_agrees_with_the_timetable(naive):
    now = naive.replace(tzinfo=WIB)
    s = office_status(HOURS, now)
    day = HOURS.for_date(now.date())
    t = now.time()
    in_break = day is not None and any(b.contains(t) for b in day.breaks)
    takes_tickets = (day is not None and day.opens <= t < day.last_ticket and not in_break)
    assert (s.state == OPEN) == takes_tickets
    if s.state == OPEN:
        assert s.next_opening is None and s.closes_at > now
    else:
        # the next opening lies ahead and tickets are issued then
        assert s.next_opening is not None and s.next_opening > now
        assert office_status(HOURS, s.next_opening).state == OPEN
        # and nothing opens in between (checked at a coarse step)
        probe = now + timedelta(minutes=15)
        while probe < s.next_opening - timedelta(minutes=1):
            assert office_status(HOURS, probe).state != OPEN
            probe += timedelta(minutes=97)
    assert s.next_day_opening is not None and s.next_day_opening.date() > now.date()
