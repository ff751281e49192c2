"""Office hours: is the branch taking tickets now, and when does it open next.

All times are read in the branch's time zone (WIB, WITA or WIT). A `now` without a time zone
is taken as branch-local time. "closed" also covers the time between the last ticket and
closing: the counters still serve, but no new ticket is issued.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from kiosk.domain.branch import DayHours, OfficeHours
from kiosk.domain.formatting import time_en, time_id, when_text

OPEN = "open"
BREAK = "break"
CLOSED = "closed"

_SEARCH_DAYS = 400      # how far ahead to look for the next opening (long holiday lists)


@dataclass(frozen=True)
class OfficeStatus:
    state: str                          # "open" | "break" | "closed"
    message_id: str
    message_en: str
    next_opening: datetime | None       # when tickets are issued again (None while open)
    closes_at: datetime | None          # today's closing time, when today is a working day
    last_ticket_at: datetime | None = None
    next_day_opening: datetime | None = None   # first opening after today's service day
    counters_open: bool = False         # counters still serving (open, or after the last ticket)

    @property
    def is_open(self) -> bool:
        return self.state == OPEN


@lru_cache(maxsize=16)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_time(hours: OfficeHours, now: datetime) -> datetime:
    tz = _zone(hours.timezone)
    if now.tzinfo is None:
        return now.replace(tzinfo=tz)
    return now.astimezone(tz)


def service_day(now: datetime, hours: OfficeHours | str | None = None) -> date:
    """The calendar day in the branch's time zone: ticket numbers restart on each one."""
    if hours is None:
        return now.date()
    tz = hours if isinstance(hours, str) else hours.timezone
    if now.tzinfo is None:
        return now.date()
    return now.astimezone(_zone(tz)).date()


def _at(d: date, t: time, hours: OfficeHours) -> datetime:
    return datetime.combine(d, t, tzinfo=_zone(hours.timezone))


def last_ticket(hours: OfficeHours, d: date) -> datetime | None:
    """When ticket issuing stops on day `d` (None on a closed day)."""
    day = hours.for_date(d)
    if day is None:
        return None
    return _at(d, day.ticket_deadline, hours)


def next_opening_after_day(hours: OfficeHours, d: date) -> datetime | None:
    """The opening time of the first working day after `d`."""
    for i in range(1, _SEARCH_DAYS):
        nd = d + timedelta(days=i)
        day = hours.for_date(nd)
        if day is not None:
            return _at(nd, day.opens, hours)
    return None


def minutes_until_close(hours: OfficeHours, now: datetime) -> int | None:
    """Whole minutes until today's closing, or None outside today's office hours."""
    local = local_time(hours, now)
    day = hours.for_date(local.date())
    if day is None or not (day.opens <= local.time() < day.closes):
        return None
    closes = _at(local.date(), day.closes, hours)
    return int((closes - local).total_seconds() // 60)


def serving_minutes_left(hours: OfficeHours, now: datetime) -> int:
    """Minutes of counter time left today (breaks not counted); 0 when closed."""
    local = local_time(hours, now)
    day = hours.for_date(local.date())
    if day is None:
        return 0
    t = _mins(local.time())
    start, end = max(t, _mins(day.opens)), _mins(day.closes)
    if start >= end:
        return 0
    total = end - start
    for b in day.breaks:
        overlap = min(end, _mins(b.end)) - max(start, _mins(b.start))
        if overlap > 0:
            total -= overlap
    return total


def _mins(t: time) -> float:
    return t.hour * 60 + t.minute + t.second / 60


def _when(dt: datetime, today: date) -> tuple[str, str]:
    return when_text(dt, "id", today=today), when_text(dt, "en", today=today)


def _closed(prefix_id: str, prefix_en: str, nxt: datetime | None, today: date,
            **kw) -> OfficeStatus:
    if nxt is None:
        return OfficeStatus(CLOSED, prefix_id, prefix_en, None, **kw)
    when_id, when_en = _when(nxt, today)
    return OfficeStatus(CLOSED, f"{prefix_id} — buka kembali {when_id}",
                        f"{prefix_en} — reopens {when_en}", nxt, **kw)


def office_status(hours: OfficeHours, now: datetime) -> OfficeStatus:
    """Whether tickets are issued at `now`, with the message the kiosk shows."""
    local = local_time(hours, now)
    today, t = local.date(), local.time()
    day: DayHours | None = hours.for_date(today)
    next_day = next_opening_after_day(hours, today)
    if day is None:
        return _closed("Layanan tutup", "Closed", next_day, today, closes_at=None,
                       next_day_opening=next_day)
    opens = _at(today, day.opens, hours)
    closes = _at(today, day.closes, hours)
    deadline = _at(today, day.ticket_deadline, hours)
    common = dict(closes_at=closes, last_ticket_at=deadline, next_day_opening=next_day)
    if t < day.opens:
        when_id, when_en = _when(opens, today)
        return OfficeStatus(CLOSED, f"Layanan belum buka — buka {when_id}",
                            f"Not open yet — opens {when_en}", opens, **common)
    if t >= day.closes:
        return _closed("Layanan tutup", "Closed", next_day, today, **common)
    if t >= day.ticket_deadline:
        return _closed(
            f"Pengambilan nomor antrian hari ini sudah ditutup pukul {time_id(deadline)}",
            f"Ticket issuing ended today at {time_en(deadline)}", next_day, today,
            counters_open=True, **common)
    for b in day.breaks:
        if b.contains(t):
            if b.end >= day.ticket_deadline:
                return _closed(
                    f"Pengambilan nomor antrian hari ini sudah ditutup pukul "
                    f"{time_id(b.start)}", f"Ticket issuing ended today at {time_en(b.start)}",
                    next_day, today, **common)
            back = _at(today, b.end, hours)
            return OfficeStatus(BREAK, f"Istirahat — buka kembali pukul {time_id(back)}",
                                f"Break — reopens at {time_en(back)}", back, **common)
    return OfficeStatus(
        OPEN, f"Layanan buka — nomor antrian tersedia hingga pukul {time_id(deadline)}",
        f"Open — tickets until {time_en(deadline)}", None, counters_open=True, **common)
