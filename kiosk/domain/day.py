"""Closing a service day: what becomes of what is still open, and the day's summary.

Rule, stated once: at the end of a service day (and, when that was missed, before the first
action of a later day) every ticket still open ends in its own final state, with its own event:
- a ticket still waiting was not served (`TicketState.NOT_SERVED`, event `not_served`);
- a ticket called or being served at a counter was left unconfirmed (`TicketState.UNCONFIRMED`,
  event `unconfirmed`): nobody recorded its end, so it counts no service or counter time
  (kiosk/domain/timeline.py);
so every counter starts the next day empty; a booking never checked in becomes a no-show
(`BookingState.NO_SHOW`); and the day's summary is written: per service, the figures a report
and the region need, without any personal data (`DaySummary`). A machine that is up then closes the
day `CLOSE_AFTER` its office's closing time; one that was not closes it before its first action
of a later day. A day is closed once; closing it
again closes only what was opened on it since (a ticket taken after a closing by hand), and
otherwise says it was closed already.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Iterable, Sequence
from zoneinfo import ZoneInfo

from kiosk.domain.booking import BookingState, Outcome
from kiosk.domain.branch import OfficeHours
from kiosk.domain.catalog import msgid
from kiosk.domain.figures import ELEMENT_COUNT, BookingRow, RatingRow, SurveyRow, percentile
from kiosk.domain.queue import MOVES, Move, TicketState
from kiosk.domain.skm import SCALE
from kiosk.domain.ticket import EventKind
from kiosk.domain.timeline import VisitFacts

# What the close does to each open ticket: the move (its from-states in the one table of moves,
# kiosk/domain/queue.py) and the event it writes.
CLOSES: tuple[tuple[Move, str], ...] = (
    (Move.CLOSE_WAITING, EventKind.NOT_SERVED),
    (Move.CLOSE_AT_COUNTER, EventKind.UNCONFIRMED),
)
BOOKING_OPEN = BookingState.BOOKED          # a booking never checked in …
BOOKING_CLOSED = BookingState.NO_SHOW       # … is a no-show once its day is closed
ANY_SERVICE = "*"                           # ratings and questionnaires not tied to one service


class CloseHow(str, Enum):
    """Who closed a day."""
    HAND = "hand"           # `anjungan day close`
    AUTO = "auto"           # the first action of a later day, or the closing time


def close_moves() -> list[tuple[Move, tuple[str, ...], str, str]]:
    """Per move of the close: (move, from-states as stored, target state as stored, event kind)."""
    return [(move, tuple(sorted(s.value for s in MOVES[move][0])), MOVES[move][1].value, kind)
            for move, kind in CLOSES]


@dataclass(frozen=True)
class DayClose:
    """What closing a day came to."""
    day: date
    closed_now: bool            # False: the day had been closed already (nothing, or only late ones, left)
    not_served: int = 0
    unconfirmed: int = 0
    booking_no_shows: int = 0
    services: int = 0           # summary rows written

    @property
    def changed(self) -> bool:
        return self.closed_now or bool(self.not_served or self.unconfirmed or self.booking_no_shows)

    @property
    def message_key(self) -> str:
        return msgid("day.close.done") if self.changed else msgid("day.close.already")

    def to_json(self) -> dict:
        return {"date": self.day.isoformat(), "closed": self.changed, "already_closed": not self.changed,
                "not_served": self.not_served, "unconfirmed": self.unconfirmed,
                "booking_no_shows": self.booking_no_shows, "services": self.services}


@dataclass(frozen=True)
class DaySummary:
    """One service's figures of one closed day (`day_summaries`: keyed by day and service, no
    personal data). Times in whole seconds; ratings are the counts of scores 1…4; the SKM's
    respondents and the sum of each of its nine elements are the IKM's inputs."""
    service_day: date
    service: str
    arrivals: int = 0
    transfers_in: int = 0
    served: int = 0
    no_show: int = 0
    transferred: int = 0
    not_served: int = 0
    unconfirmed: int = 0
    wait_p50_s: int | None = None
    wait_p90_s: int | None = None
    service_p50_s: int | None = None
    service_p90_s: int | None = None
    service_total_s: int = 0
    service_count: int = 0
    ratings: tuple[int, ...] = (0,) * len(SCALE)
    skm_respondents: int = 0
    skm_sums: tuple[int, ...] = (0,) * ELEMENT_COUNT
    bookings_checked_in: int = 0
    bookings_no_show: int = 0

    def columns(self) -> dict:
        """The row of `day_summaries`."""
        row = {name: getattr(self, name) for name in _PLAIN}
        row.update({f"rating_{score}": n for score, n in zip(SCALE, self.ratings)})
        row.update({f"skm_u{i}": n for i, n in enumerate(self.skm_sums, start=1)})
        return row


_PLAIN = ("service_day", "service", "arrivals", "transfers_in", "served", "no_show", "transferred", "not_served",
          "unconfirmed", "wait_p50_s", "wait_p90_s", "service_p50_s", "service_p90_s", "service_total_s",
          "service_count", "skm_respondents", "bookings_checked_in", "bookings_no_show")
SUMMARY_COLUMNS = (*_PLAIN, *(f"rating_{s}" for s in SCALE), *(f"skm_u{i}" for i in range(1, ELEMENT_COUNT + 1)))
SUMMARY_TIMES = ("wait_p50_s", "wait_p90_s", "service_p50_s", "service_p90_s")     # None: no visit to time


def _whole(value: float | None) -> int | None:
    return None if value is None else int(round(value))


def summarise(day: date, facts: Iterable[VisitFacts], ratings: Iterable[RatingRow] = (),
              surveys: Iterable[SurveyRow] = (), bookings: Iterable[BookingRow] = ()) -> list[DaySummary]:
    """The day's summary, one row per service that saw a visit, a rating, a questionnaire or a
    booking (ratings and questionnaires without a service under `ANY_SERVICE`)."""
    rows: dict[str, dict] = {}

    def of(service: str | None) -> dict:
        found = rows.get(service or ANY_SERVICE)
        if found is None:
            found = rows[service or ANY_SERVICE] = {"counts": dict.fromkeys(_COUNTED, 0), "waits": [],
                                                   "services": [], "ratings": [0] * len(SCALE),
                                                   "skm": [0] * ELEMENT_COUNT, "respondents": 0,
                                                   "checked_in": 0, "booking_no_show": 0}
        return found

    for f in facts:
        if f.service_day != day:
            continue
        row = of(f.service)
        counts = row["counts"]
        counts["arrivals" if f.arrival else "transfers_in"] += 1
        name = _BY_STATE.get(f.state)
        if name:
            counts[name] += 1
        if f.wait_s is not None:
            row["waits"].append(f.wait_s)
        if f.state == TicketState.DONE.value and f.service_s is not None:
            row["services"].append(f.service_s)
    for r in ratings:
        if r.service_day == day and r.score in SCALE:
            of(r.service)["ratings"][SCALE.index(r.score)] += r.count
    for s in surveys:
        if s.service_day == day:
            row = of(s.service)
            row["respondents"] += s.count
            row["skm"] = [a + int(b) for a, b in zip(row["skm"], s.sums)]
    for b in bookings:
        if b.service_day == day:
            row = of(b.service)
            if b.outcome is Outcome.CHECKED_IN:
                row["checked_in"] += b.count
            elif b.outcome is Outcome.NO_SHOW:
                row["booking_no_show"] += b.count
    out = []
    for service in sorted(rows):
        row = rows[service]
        waits, served = row["waits"], row["services"]
        out.append(DaySummary(
            day, service, **row["counts"],
            wait_p50_s=_whole(percentile(waits, 0.5)), wait_p90_s=_whole(percentile(waits, 0.9)),
            service_p50_s=_whole(percentile(served, 0.5)), service_p90_s=_whole(percentile(served, 0.9)),
            service_total_s=int(sum(served)), service_count=len(served), ratings=tuple(row["ratings"]),
            skm_respondents=row["respondents"], skm_sums=tuple(row["skm"]),
            bookings_checked_in=row["checked_in"], bookings_no_show=row["booking_no_show"]))
    return out


_COUNTED = ("arrivals", "transfers_in", "served", "no_show", "transferred", "not_served", "unconfirmed")
_BY_STATE = {TicketState.DONE.value: "served", TicketState.NO_SHOW.value: "no_show",
             TicketState.TRANSFERRED.value: "transferred", TicketState.NOT_SERVED.value: "not_served",
             TicketState.UNCONFIRMED.value: "unconfirmed"}


def due_days(unclosed: Sequence[date], today: date) -> list[date]:
    """The days a machine closes before its first action of `today`: every earlier one still open."""
    return sorted(d for d in set(unclosed) if d < today)


CLOSE_AFTER = timedelta(hours=1)     # the automatic close waits this long after the office closes


def office_closes_at(hours: OfficeHours, d: date) -> datetime | None:
    """When the office closes on day `d` (None: closed all day). A day is closed by hand only
    after then."""
    day = hours.for_date(d)
    return None if day is None else datetime.combine(d, day.closes, tzinfo=ZoneInfo(hours.timezone))


def close_due_at(hours: OfficeHours, d: date) -> datetime | None:
    """When day `d` is closed automatically by a machine that is up then: `CLOSE_AFTER` the office
    closes, so a visit still at a counter at closing time can end (None: no office hours)."""
    closes = office_closes_at(hours, d)
    return None if closes is None else closes + CLOSE_AFTER
