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
from kiosk.domain.catalog import ByLanguage, msgid, pair
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
    message_key: str = ""               # the message id of `message_id` / `message_en`

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


def _when(dt: datetime, today: date) -> ByLanguage:
    return ByLanguage(when_text(dt, "id", today=today), when_text(dt, "en", today=today))


def _clock(t: time | datetime) -> ByLanguage:
    return ByLanguage(time_id(t), time_en(t))


def _status(state: str, key: str, nxt: datetime | None, **kw) -> OfficeStatus:
    """The status with the sentence `key`; `kw` holds its placeholder values and the times."""
    fields = {name: kw.pop(name) for name in ("closes_at", "last_ticket_at", "next_day_opening", "counters_open")
              if name in kw}
    message_id, message_en = pair(key, **kw)
    return OfficeStatus(state, message_id, message_en, nxt, message_key=key, **fields)


def _closed(key: str, key_reopens: str, nxt: datetime | None, today: date, **kw) -> OfficeStatus:
    """Closed with the sentence `key`, or `key_reopens` saying when it opens again."""
    if nxt is None:
        return _status(CLOSED, key, None, **kw)
    return _status(CLOSED, key_reopens, nxt, when=_when(nxt, today), **kw)


def office_status(hours: OfficeHours, now: datetime) -> OfficeStatus:
    """Whether tickets are issued at `now`, with the message the kiosk shows."""
    local = local_time(hours, now)
    today, t = local.date(), local.time()
    day: DayHours | None = hours.for_date(today)
    next_day = next_opening_after_day(hours, today)
    if day is None:
        return _closed(msgid("office.closed"), msgid("office.closed.reopens"), next_day, today, closes_at=None,
                       next_day_opening=next_day)
    opens = _at(today, day.opens, hours)
    closes = _at(today, day.closes, hours)
    deadline = _at(today, day.ticket_deadline, hours)
    common = dict(closes_at=closes, last_ticket_at=deadline, next_day_opening=next_day)
    if t < day.opens:
        return _status(CLOSED, msgid("office.not_yet_open"), opens, when=_when(opens, today), **common)
    if t >= day.closes:
        return _closed(msgid("office.closed"), msgid("office.closed.reopens"), next_day, today, **common)
    if t >= day.ticket_deadline:
        return _closed(msgid("office.tickets_ended"), msgid("office.tickets_ended.reopens"), next_day, today,
                       time=_clock(deadline), counters_open=True, **common)
    for b in day.breaks:
        if b.contains(t):
            if b.end >= day.ticket_deadline:
                return _closed(msgid("office.tickets_ended"), msgid("office.tickets_ended.reopens"), next_day, today,
                               time=_clock(b.start), **common)
            back = _at(today, b.end, hours)
            return _status(BREAK, msgid("office.break.reopens"), back, time=_clock(back), **common)
    return _status(OPEN, msgid("office.open.until"), None, time=_clock(deadline), counters_open=True, **common)
