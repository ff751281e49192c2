"""Booked visits beside walk-ins: the arrival window, the quota they hold, and who is called next.

A booking is a visit a participant reserved for a date and a time slot (Lapak Asik, JMO, phone,
or made at a counter). It is checked in at the kiosk; the ticket it gets then waits with the
walk-ins at the same counters.

Arrival window (`arrival`): check-in opens `early_min` minutes before the slot starts and closes
`late_min` minutes after the slot ends.
- Before the window the participant is early: told when the slot starts (and when check-in
  opens) and may take an ordinary walk-in ticket instead.
- Inside the window the ticket is booked: once the slot has started it is called by the rule
  below. Before that it waits in plain walk-in order, like anybody who arrived at that time.
- After the window the booking has lapsed: a late arrival gets a ticket in walk-in order (with
  a sentence that says so), and a booking never checked in by then is a no-show.

The call rule (`pick_next`), stated once and property-tested:
  Among the waiting tickets of the services a counter serves, a booked ticket whose slot has
  started ("due") is called ahead of the others, earliest slot first, unless
  1. walk-ins are waiting and fewer than `every_m_calls - 1` calls were made at this counter
     since its last call by booking precedence (at most one booking-precedence call per M
     calls while walk-ins wait), or
  2. a waiting walk-in has waited longer than the estimate it was given plus `ageing_min`
     minutes (the ageing bound: bookings never keep a walk-in past that), or
  3. it would go ahead of a ticket that arrived before it whose place did not count it (`may_pass`):
     a place promised on screen or on paper is never taken back by a later booking. A ticket's
     place counts the bookings made before it was told its place whose slot starts within the
     wait it was told (`promised_place`); those, and only those, may still go before it.
  Otherwise the priority rule of `kiosk.domain.queue.pick_next` picks among all waiting tickets,
  due bookings included in their own arrival order, so a booking is never worse off than a
  walk-in who arrived when it checked in. Priority tickets keep their rule unchanged.

Quota (`quota_count`, `can_book`): a booking holds a place in its service's daily quota from the
moment it is made until its window ends. Walk-in tickets see the places held by bookings as
used, so the kiosk cannot over-book a day; a booking checked in within its window uses its own
place. The day's bookings are also capped by `quota_per_counter` times the counters (the office
studies: about 19 online files per officer per day).

Slots for a later visit (`day_slots`, `open_days`): a counter books a participant a slot of
`SLOT_MINUTES` on one of the next open days; the slots follow the day's service hours and skip
its breaks.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Callable, Collection, Iterable, Mapping, Sequence

from kiosk.domain.branch import DayHours, OfficeHours, PriorityRule
from kiosk.domain.catalog import msgid
from kiosk.domain.queue import WaitingTicket, after_call, call_order as priority_order, pick_next as pick_by_priority

CODE_MAX = 32
SLOT_MINUTES = 30               # the length of a slot offered at a counter
COUNTER_SOURCE = "counter"      # the source of a booking made at a counter
OPEN_DAYS_AHEAD = 10            # open days a counter offers for a later visit
_DAYS_SEARCHED = 400            # how far ahead open days are looked for (long holiday lists)
CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"    # what a booking code is written with (upper case)
_CODE_RE = re.compile(rf"^[{re.escape(CODE_ALPHABET.replace('-', ''))}]"        # a letter or digit first
                      rf"[{re.escape(CODE_ALPHABET)}]{{2,{CODE_MAX - 1}}}$")


class BookingState(str, Enum):
    BOOKED = "booked"            # made, not checked in yet (a no-show once its window has ended)
    CHECKED_IN = "checked_in"    # checked in within its window: a booked ticket
    WALK_IN = "walk_in"          # came early or late and took a ticket in walk-in order
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"          # never checked in: so marked when its service day was closed


class Arrival(str, Enum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"


@dataclass(frozen=True)
class BookingRule:
    """The branch's settings for booked visits (`[bookings]` in the configuration)."""

    every_m_calls: int = 2          # M: at most one call by booking precedence per M calls
    ageing_min: int = 20            # K: no walk-in waits past its estimate + K because of bookings
    early_min: int = 30             # check-in opens this long before the slot starts
    late_min: int = 10              # ... and closes this long after the slot ends
    quota_per_counter: int | None = 19   # bookings per counter and day (None: no cap of its own)
    per_nik: int | None = 1         # active bookings one NIK may hold per service and day (None: no limit)


@dataclass(frozen=True)
class Slot:
    """The time slot of a booked ticket that was checked in within its window."""

    start: datetime
    end: datetime
    booked_at: datetime | None = None      # when the booking was made (None: before anybody was told)


# --------------------------------------------------------------------------- codes

NEW_CODE_PREFIX = "BK-"          # a booking made here (at the counter or online): BK- and ten hex digits
NEW_CODE_HEX_DIGITS = 10


def new_code() -> str:
    """A fresh, unguessable code for a booking made here (`BK-5E452E055A`)."""
    return NEW_CODE_PREFIX + secrets.token_hex(NEW_CODE_HEX_DIGITS // 2).upper()


def normalize_code(text: str) -> str | None:
    """A booking code as typed or scanned (`lpk-2026-0001`, a URL ending in the code) in its
    stored form (`LPK-2026-0001`), or None when it cannot be one."""
    text = (text or "").strip()
    if "/" in text:
        text = text.rstrip("/").rsplit("/", 1)[-1]
    text = text.upper().replace(" ", "")
    return text if _CODE_RE.match(text) else None


# --------------------------------------------------------------------------- the window


def window(slot_start: datetime, slot_end: datetime, rule: BookingRule) -> tuple[datetime, datetime]:
    """When check-in opens and when it closes."""
    return slot_start - timedelta(minutes=rule.early_min), closes(slot_end, rule)


def arrival(slot_start: datetime, slot_end: datetime, now: datetime, rule: BookingRule) -> Arrival:
    opens, closes = window(slot_start, slot_end, rule)
    if now < opens:
        return Arrival.EARLY
    if now > closes:
        return Arrival.LATE
    return Arrival.ON_TIME


def closes(slot_end: datetime, rule: BookingRule) -> datetime:
    """When the check-in window of a slot ending at `slot_end` closes."""
    return slot_end + timedelta(minutes=rule.late_min)


def holds_place(state: BookingState | str, slot_end: datetime, now: datetime, rule: BookingRule) -> bool:
    """Whether a booking still holds a place in its service's quota (made, window not over)."""
    return BookingState(state) is BookingState.BOOKED and now <= closes(slot_end, rule)


def is_no_show(state: BookingState | str, slot_end: datetime, now: datetime, rule: BookingRule) -> bool:
    """A booking not checked in by the end of its window."""
    return BookingState(state) is BookingState.BOOKED and now > closes(slot_end, rule)


class CheckIn(str, Enum):
    """What checking a booking in at the kiosk came to."""

    CHECKED_IN = "checked_in"    # a booked ticket, called by the booking rule
    WALK_IN = "walk_in"          # late, or early and asked for an ordinary ticket
    EARLY = "early"              # no ticket yet: told when check-in opens
    ALREADY = "already"          # the ticket it was checked in with before


class Outcome(str, Enum):
    """What became of a booking, as the report counts it."""

    CHECKED_IN = "checked_in"    # checked in within its window
    EARLY = "early"              # came before the window and took a walk-in ticket
    LATE = "late"                # came after the window: a ticket in walk-in order
    NO_SHOW = "no_show"          # never checked in by the end of its window
    PENDING = "pending"          # its window is still to come (or open)
    CANCELLED = "cancelled"


def outcome(state: BookingState | str, arrival_: Arrival | str | None, slot_end: datetime, now: datetime,
            rule: BookingRule) -> Outcome:
    state = BookingState(state)
    if state is BookingState.CHECKED_IN:
        return Outcome.CHECKED_IN
    if state is BookingState.WALK_IN:
        return Outcome.EARLY if arrival_ is not None and Arrival(arrival_) is Arrival.EARLY else Outcome.LATE
    if state is BookingState.CANCELLED:
        return Outcome.CANCELLED
    if state is BookingState.NO_SHOW:
        return Outcome.NO_SHOW
    return Outcome.NO_SHOW if is_no_show(state, slot_end, now, rule) else Outcome.PENDING


def slot_ok(slot_start: datetime, slot_end: datetime) -> bool:
    return slot_end > slot_start and slot_start.date() == slot_end.date()


# --------------------------------------------------------------------------- slots and days


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def _clock(seconds: int) -> time:
    return time(seconds // 3600, seconds // 60 % 60, seconds % 60)


def day_slots(day: DayHours | None, minutes: int = SLOT_MINUTES) -> list[tuple[time, time]]:
    """The slots a day offers, as (start, end) times in order: `minutes` long, one after another
    from opening, none crossing a break (after a break they start again at its end), the last one
    ending by the time ticket issuing stops, since a booking is checked in as a ticket. None (a
    closed day) offers none."""
    if day is None or minutes <= 0:
        return []
    opens, until = _seconds(day.opens), min(_seconds(day.ticket_deadline), _seconds(day.closes))
    step = minutes * 60
    slots: list[tuple[time, time]] = []
    start = opens
    while start + step <= until:
        end = start + step
        inside = break_in(day, _clock(start), _clock(end))
        if inside is not None:
            start = max(start, _seconds(inside.end))    # start again where the break ends
            continue
        slots.append((_clock(start), _clock(end)))
        start = end
    return slots


def break_in(day: DayHours, start: time, end: time):
    """The office break a slot from `start` to `end` runs into, or None (a booked participant is
    not told to come when nobody serves)."""
    return next((b for b in day.breaks if b.end > b.start and b.start < end and start < b.end), None)


def open_days(hours: OfficeHours, after: date, count: int = OPEN_DAYS_AHEAD) -> list[date]:
    """The next `count` days after `after` on which the office serves (closed weekdays and the
    branch's closed dates left out), nearest first."""
    days: list[date] = []
    for i in range(1, _DAYS_SEARCHED):
        if len(days) >= count:
            break
        d = after + timedelta(days=i)
        if hours.for_date(d) is not None:
            days.append(d)
    return days


# --------------------------------------------------------------------------- quota


def quota_count(issued: int, held: int, holds_own_place: bool = False) -> int:
    """What a new ticket sees as used of the quota: numbers issued today plus places held by
    bookings, less the place the newcomer's own booking holds."""
    return issued + held - (1 if holds_own_place else 0)


def can_book(quota: int | None, issued: int, held: int) -> bool:
    """Whether one more booking fits the service's daily quota."""
    return quota is None or issued + held < quota


ACTIVE_STATES = frozenset({BookingState.BOOKED, BookingState.CHECKED_IN, BookingState.WALK_IN})


def nik_may_book(rule: BookingRule, active_of_nik: int) -> bool:
    """Whether one NIK may take one more booking of a service on a day, holding `active_of_nik`
    there already (made or checked in; cancelled ones and no-shows do not count). One NIK cannot
    fill a day's quota with bookings."""
    return rule.per_nik is None or active_of_nik < rule.per_nik


def booking_capacity(rule: BookingRule, counters: int) -> int | None:
    """Bookings the branch takes on one day (None: no cap of its own)."""
    if rule.quota_per_counter is None:
        return None
    return rule.quota_per_counter * max(1, counters)


def fits_capacity(capacity: int | None, booked_that_day: int) -> bool:
    return capacity is None or booked_that_day < capacity


# --------------------------------------------------------------------------- who is called next


def calls_since_booking_turn(calls_oldest_first: Iterable[bool], rule: BookingRule) -> int:
    """Calls at a counter since its last call by booking precedence (True: such a call).

    Before the first one of the day a due booking may go at once, so the count starts full; it
    never needs to exceed `every_m_calls - 1`, so the caller may pass only the last M calls."""
    full = rule.every_m_calls - 1
    count = full
    for turn in calls_oldest_first:
        count = 0 if turn else count + 1
    return min(count, full)


def _slot_key(t: WaitingTicket, slots: Mapping[str, Slot]) -> tuple:
    return (slots[t.ticket_id].start, t.arrived_at, t.seq, t.service, t.ticket_id)


def booking_turn(pool: list[WaitingTicket], due: list[WaitingTicket], now: datetime,
                 bounds: Mapping[str, datetime], calls_since_turn: int, rule: BookingRule) -> bool:
    """Whether the next call goes to a due booking by precedence (see the module's rule)."""
    if not due:
        return False
    due_ids = {t.ticket_id for t in due}
    others = [t for t in pool if t.ticket_id not in due_ids]
    if not others:
        return True
    if calls_since_turn < rule.every_m_calls - 1:
        return False
    return not any((bound := bounds.get(t.ticket_id)) is not None and now >= bound for t in others)


def promised_by(arrived_at: datetime, estimate_min: int | None) -> datetime:
    """Until when a ticket was told it would wait: its arrival plus the wait it was told."""
    return arrived_at + timedelta(minutes=estimate_min or 0)


def may_pass(slot: Slot, told_at: datetime, promised: datetime | None) -> bool:
    """Whether a booking may be called before a ticket told its place at `told_at` with a wait until
    `promised`: only if that place counted it, being made by then with a slot starting within that
    wait (None: no place was told, nothing to keep)."""
    if promised is None:
        return True
    return (slot.booked_at is None or slot.booked_at <= told_at) and slot.start <= promised


def promised_place(ahead: int, told_at: datetime, bookings: Sequence[Slot],
                   estimate: Callable[[int], int | None]) -> tuple[int, int | None]:
    """A newcomer's place as it is told: the `ahead` people before it now, plus the bookings not yet
    at the counters (made, not checked in; or checked in, slot not started) that may still go before
    it, with the wait (`estimate(people)`) that counts them. The bookings counted are exactly those
    `may_pass` lets go first later: their slots start within the wait told."""
    extra = 0
    while True:
        minutes = estimate(ahead + extra)
        until = promised_by(told_at, minutes)
        counted = sum(1 for s in bookings if may_pass(s, told_at, until))
        if counted <= extra:
            return ahead + extra, minutes
        extra = counted


def decide(waiting: Iterable[WaitingTicket], services: Collection[str] | None, now: datetime, *,
           slots: Mapping[str, Slot], bounds: Mapping[str, datetime], calls_since_turn: int,
           regular_since_priority: int, priority: PriorityRule,
           rule: BookingRule, promises: Mapping[str, datetime] | None = None
           ) -> tuple[WaitingTicket | None, bool]:
    """The ticket called next and whether it goes by booking precedence.

    `slots`: the booked tickets checked in within their window; `bounds`: for walk-ins, the time
    after which bookings no longer go ahead of them (arrival + estimate given + K); `promises`: for
    the tickets told a place, until when they were told they would wait (`promised_by`)."""
    pool = [t for t in waiting if services is None or t.service in services]
    due = [t for t in pool if (s := slots.get(t.ticket_id)) is not None and s.start <= now]
    if promises is not None and due:
        due = _passing(pool, due, slots, promises)
    if booking_turn(pool, due, now, bounds, calls_since_turn, rule):
        return min(due, key=lambda t: _slot_key(t, slots)), True
    return pick_by_priority(pool, services, regular_since_priority, priority), False


def _passing(pool: list[WaitingTicket], due: list[WaitingTicket], slots: Mapping[str, Slot],
             promises: Mapping[str, datetime]) -> list[WaitingTicket]:
    """The due bookings that may go before every other ticket that arrived before them."""
    due_ids = {t.ticket_id for t in due}
    others = [t for t in pool if t.ticket_id not in due_ids]
    return [b for b in due
            if all(may_pass(slots[b.ticket_id], t.arrived_at, promises.get(t.ticket_id))
                   for t in others if t.order_key < b.order_key)]


def pick_next(waiting: Iterable[WaitingTicket], services: Collection[str] | None, now: datetime, *,
              slots: Mapping[str, Slot], bounds: Mapping[str, datetime], calls_since_turn: int,
              regular_since_priority: int, priority: PriorityRule, rule: BookingRule,
              promises: Mapping[str, datetime] | None = None) -> WaitingTicket | None:
    return decide(waiting, services, now, slots=slots, bounds=bounds, calls_since_turn=calls_since_turn,
                  regular_since_priority=regular_since_priority, priority=priority, rule=rule, promises=promises)[0]


def call_order(waiting: Iterable[WaitingTicket], services: Collection[str] | None, now: datetime, *,
               slots: Mapping[str, Slot], bounds: Mapping[str, datetime], calls_since_turn: int,
               regular_since_priority: int, priority: PriorityRule, rule: BookingRule,
               promises: Mapping[str, datetime] | None = None) -> list[WaitingTicket]:
    """The order tickets would be called in at one counter if nobody else arrived and the clock
    stood still (for positions on screens, phones and tickets)."""
    pool = [t for t in waiting if services is None or t.service in services]
    if not any((s := slots.get(t.ticket_id)) is not None and s.start <= now for t in pool):
        return priority_order(pool, services, regular_since_priority, priority)
    order: list[WaitingTicket] = []
    since_turn, since_priority = calls_since_turn, regular_since_priority
    while pool:
        chosen, turn = decide(pool, None, now, slots=slots, bounds=bounds, calls_since_turn=since_turn,
                              regular_since_priority=since_priority, priority=priority, rule=rule,
                              promises=promises)
        order.append(chosen)
        pool.remove(chosen)
        since_turn = 0 if turn else since_turn + 1
        since_priority = after_call(since_priority, chosen.priority)
    return order


def walk_in_bound(arrived_at: datetime, estimate_min: int | None, rule: BookingRule) -> datetime:
    """When bookings stop going ahead of a walk-in: its arrival, plus the wait it was told, plus K."""
    return arrived_at + timedelta(minutes=(estimate_min or 0) + rule.ageing_min)


# --------------------------------------------------------------------------- a booking


@dataclass(frozen=True)
class Booking:
    """A booked visit as the rest of the product sees it (times aware UTC)."""

    code: str
    service_day: date
    service: str
    slot_start: datetime
    slot_end: datetime
    source: str
    state: BookingState
    nik_hash: str
    nik_last4: str
    created_at: datetime
    updated_at: datetime
    arrival: Arrival | None = None
    nik: str | None = field(default=None, repr=False)     # purged per the retention setting
    ticket_id: str | None = None
    checked_in_at: datetime | None = None

    def state_now(self, now: datetime, rule: BookingRule) -> str:
        """The state as a report tells it: a booking never checked in by the end of its window is
        a no-show."""
        return NO_SHOW if is_no_show(self.state, self.slot_end, now, rule) else self.state.value


NO_SHOW = "no_show"
STATE_LABELS = {BookingState.BOOKED.value: msgid("booking.state.booked"),
                BookingState.CHECKED_IN.value: msgid("booking.state.checked_in"),
                BookingState.WALK_IN.value: msgid("booking.state.walk_in"),
                BookingState.CANCELLED.value: msgid("booking.state.cancelled"),
                NO_SHOW: msgid("booking.state.no_show")}
