"""The head of service's report over a period: the same figures per day, month, service,
counter and hour, a weekday × hour heatmap, the IKM and the one-tap ratings.

Built from visit facts (see `timeline`), the visits that took no ticket, the counters' pauses,
and the ratings and questionnaires as summed by the store. The figures' rules are in `figures`.
`Report.to_json()` is the `anjungan report --format json` contract.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Iterable, Mapping

from kiosk.domain.branch import Branch, OfficeHours
from kiosk.domain.catalog import msgid
from kiosk.domain.figures import BookingRow, Mark, RatingRow, SurveyRow, Tally, minutes, percentile
from kiosk.domain.skm import NO_RATINGS, Ikm, RatingIndex
from kiosk.domain.timeline import VisitFacts

DEFAULT_TARGET_MIN = 30


def break_intervals(hours: OfficeHours, day: date) -> list[tuple[float, float]]:
    """The office's breaks on `day`, as seconds after local midnight."""
    spec = hours.for_date(day)
    if spec is None:
        return []
    return [(b.start.hour * 3600 + b.start.minute * 60, b.end.hour * 3600 + b.end.minute * 60) for b in spec.breaks]


def covered_seconds(intervals: Iterable[tuple[float, float]], lo: float, hi: float) -> float:
    """How much of [lo, hi] the intervals cover (overlaps counted once)."""
    clipped = sorted((max(lo, a), min(hi, b)) for a, b in intervals if min(hi, b) > max(lo, a))
    total, end = 0.0, lo
    for a, b in clipped:
        if b <= end:
            continue
        total += b - max(a, end)
        end = b
    return total


def break_seconds(hours: OfficeHours, day: date, start_s: float, end_s: float) -> float:
    """Seconds of the office's breaks on `day` between two offsets from local midnight."""
    return covered_seconds(break_intervals(hours, day), start_s, end_s)


@dataclass(frozen=True)
class Report:
    date_from: date
    date_to: date
    branch: str
    total: dict
    ikm: Ikm
    ratings: RatingIndex
    services: tuple[dict, ...]
    counters: tuple[dict, ...]
    days: tuple[dict, ...]
    months: tuple[dict, ...]
    hours: tuple[dict, ...]
    heatmap: dict
    generated_at: datetime | None = None
    pauses: tuple[dict, ...] = ()       # per pause reason (`kiosk.domain.officers`)
    officers: tuple[dict, ...] = ()     # per officer: the branch's own report only, never a region's

    def to_json(self) -> dict:
        return {
            "from": self.date_from.isoformat(), "to": self.date_to.isoformat(), "branch": self.branch,
            "generated_at": self.generated_at.isoformat(timespec="seconds") if self.generated_at else None,
            "ikm": self.ikm.to_json(), "ratings": self.ratings.to_json(), "total": self.total,
            "services": list(self.services), "counters": list(self.counters), "hours": list(self.hours),
            "days": list(self.days), "months": list(self.months), "heatmap": self.heatmap,
            "pauses": list(self.pauses), "officers": list(self.officers),
        }

    @property
    def empty(self) -> bool:
        return not self.total["arrivals"] and not self.total["front_desk"] and not self.total["online"]


def build_report(*, date_from: date, date_to: date, branch: Branch, targets: Mapping[str, int],
                 facts: Iterable[VisitFacts], marks: Iterable[Mark] = (),
                 paused: Mapping[tuple[date, int], Iterable[tuple[float, float]]] | None = None,
                 ratings: Iterable[RatingRow] = (), surveys: Iterable[SurveyRow] = (),
                 bookings: Iterable[BookingRow] = (), default_target: int = DEFAULT_TARGET_MIN, generated_at: datetime | None = None) -> Report:
    """The report of visits between `date_from` and `date_to` (both included)."""
    period = _Period(date_from, date_to, targets, default_target)
    period.add_visits(facts)
    period.add_marks(marks)
    period.add_bookings(bookings)
    period.add_counter_time(paused or {}, branch.hours)
    period.add_quota(branch)
    period.add_ratings(ratings)
    period.add_surveys(surveys)
    total = period.total
    return Report(date_from, date_to, branch.name, total.row(), total.ikm, period.ratings,
                  tuple(_service_rows(branch, period.by_service, targets, default_target)),
                  tuple(_counter_rows(period.by_counter)), tuple(_day_rows(period.by_day)),
                  tuple(_month_rows(period.by_month)), tuple(_hour_rows(period.by_hour)),
                  period.heatmap.to_json(), generated_at)


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


class _CounterTime:
    """Each counter's active span of each day (its first call to its last end) and its time at visits."""

    def __init__(self):
        self.spans: dict[tuple[date, int], list] = {}
        self.busy: dict[tuple[date, int], float] = defaultdict(float)

    def add(self, key: tuple[date, int], called_s: float, ended_s: float | None, occupancy_s: float | None) -> None:
        end = ended_s if ended_s is not None else called_s
        span = self.spans.get(key)
        if span is None:
            self.spans[key] = [called_s, end]
        else:
            if called_s < span[0]:
                span[0] = called_s
            if end > span[1]:
                span[1] = end
        if occupancy_s:
            self.busy[key] += occupancy_s

    def settle(self, by_counter: Mapping[int, Tally], paused: Mapping[tuple[date, int], Iterable[tuple[float, float]]],
               hours: OfficeHours) -> None:
        """Paused and idle time over each active span (the office's breaks are not idle)."""
        for (day, counter), (start, end) in self.spans.items():
            pauses = list(paused.get((day, counter), ()))
            away = covered_seconds(pauses + break_intervals(hours, day), start, end)
            by_counter[counter].paused_s += covered_seconds(pauses, start, end)
            by_counter[counter].idle_s += max(0.0, (end - start) - self.busy[(day, counter)] - away)


class _Heatmap:
    """Arrivals and their waits by weekday × hour."""

    def __init__(self):
        self.arrivals: dict[tuple[int, int], int] = defaultdict(int)
        self.waits: dict[tuple[int, int], list] = defaultdict(list)

    def add(self, weekday: int, hour: int, wait_s: float | None) -> None:
        heat = (weekday, hour)
        self.arrivals[heat] += 1
        if wait_s is not None:
            self.waits[heat].append(wait_s)

    def to_json(self) -> dict:
        weekdays = sorted({wd for wd, _ in self.arrivals})
        seen_hours = {h for _, h in self.arrivals}
        hours = list(range(min(seen_hours), max(seen_hours) + 1)) if seen_hours else []
        return {
            "weekdays": weekdays, "hours": hours,
            "arrivals": [[self.arrivals.get((wd, h), 0) for h in hours] for wd in weekdays],
            "wait_p50_min": [[minutes(percentile(self.waits.get((wd, h), []), 0.5)) for h in hours]
                             for wd in weekdays],
        }


class _Period:
    """The report's tallies as they are added up: the period's total, and per day, month, service,
    counter and hour; each kind of input is added by its own method, in the order `build_report` calls them."""

    def __init__(self, date_from: date, date_to: date, targets: Mapping[str, int], default_target: int):
        self.date_from, self.date_to = date_from, date_to
        self.targets, self.default_target = targets, default_target
        self.total = Tally()
        self.by_day: dict[date, Tally] = defaultdict(Tally)
        self.by_month: dict[str, Tally] = defaultdict(Tally)
        self.by_service: dict[str, Tally] = defaultdict(Tally)
        self.by_counter: dict[int, Tally] = defaultdict(Tally)
        self.by_hour: dict[int, Tally] = defaultdict(Tally)
        self.counter_time = _CounterTime()
        self.heatmap = _Heatmap()
        self.arrivals_day_service: dict[tuple[date, str], int] = defaultdict(int)
        self.open_days: set[date] = set()
        self.ratings = NO_RATINGS

    def within(self, day: date) -> bool:
        return self.date_from <= day <= self.date_to

    # -- visits: each is added once to its cell; the groups merge cells
    def add_visits(self, facts: Iterable[VisitFacts]) -> None:
        self._merge(self._cells(facts))

    def _cells(self, facts: Iterable[VisitFacts]) -> dict[tuple, Tally]:
        """The visits by (day, service, hour, counter); a visit never called has no counter."""
        cells: dict[tuple, Tally] = {}
        target_of: dict[str, int] = {}
        for f in facts:
            (_, day, service, counter, _, arrival, _, _, weekday, hour, _, called_s, ended_s, wait_s, _, _,
             occupancy_s, *_) = f
            if not (self.date_from <= day <= self.date_to):
                continue
            if called_s is None:
                counter = None
            key = (day, service, hour, counter)
            cell = cells.get(key)
            if cell is None:
                cell = cells[key] = Tally()
            target = target_of.get(service)
            if target is None:
                target = target_of[service] = self.targets.get(service, self.default_target)
            cell.add(f, target)
            if counter is not None:
                self.counter_time.add((day, counter), called_s, ended_s, occupancy_s)
            if arrival:
                self._arrival(day, service, weekday, hour, wait_s)
        return cells

    def _arrival(self, day: date, service: str, weekday: int, hour: int, wait_s: float | None) -> None:
        self.open_days.add(day)
        self.arrivals_day_service[(day, service)] += 1
        self.heatmap.add(weekday, hour, wait_s)

    def _merge(self, cells: Mapping[tuple, Tally]) -> None:
        """cells → days and (service, hour, counter); those → months, services, hours, counters; months → total."""
        by_shc: dict[tuple, Tally] = defaultdict(Tally)
        for (day, service, hour, counter), cell in cells.items():
            self.by_day[day].merge(cell)
            by_shc[(service, hour, counter)].merge(cell)
        for (service, hour, counter), tally in by_shc.items():
            self.by_service[service].merge(tally)
            self.by_hour[hour].merge(tally)
            if counter is not None:
                self.by_counter[counter].merge(tally)
        for day, tally in self.by_day.items():
            self.by_month[_month(day)].merge(tally)
        for tally in self.by_month.values():
            self.total.merge(tally)

    # -- visits that took no ticket, and bookings
    def add_marks(self, marks: Iterable[Mark]) -> None:
        for m in marks:
            if not self.within(m.service_day):
                continue
            groups = [self.total, self.by_day[m.service_day], self.by_month[_month(m.service_day)],
                      self.by_hour[m.hour]]
            if m.service:
                groups.append(self.by_service[m.service])
            for tally in groups:
                _count_mark(tally, m)
            self.open_days.add(m.service_day)

    def add_bookings(self, bookings: Iterable[BookingRow]) -> None:
        for b in bookings:
            if not self.within(b.service_day):
                continue
            for tally in (self.total, self.by_day[b.service_day], self.by_month[_month(b.service_day)],
                          self.by_service[b.service]):
                tally.add_bookings(b.outcome, b.count)

    # -- counters: busy, paused and idle time over their active span (breaks are not idle)
    def add_counter_time(self, paused: Mapping[tuple[date, int], Iterable[tuple[float, float]]],
                         hours: OfficeHours) -> None:
        self.counter_time.settle(self.by_counter, paused, hours)

    # -- quota: tickets issued against each day's quota, on the days the branch served anyone
    def add_quota(self, branch: Branch) -> None:
        quota_services = [s for s in branch.services if s.daily_quota]
        for spec in quota_services:
            used = sum(n for (d, code), n in self.arrivals_day_service.items() if code == spec.code)
            self.by_service[spec.code].quota_used = used
            self.by_service[spec.code].quota_capacity = spec.daily_quota * len(self.open_days)
        self.total.quota_used = sum(self.by_service[s.code].quota_used for s in quota_services)
        self.total.quota_capacity = sum(self.by_service[s.code].quota_capacity for s in quota_services)

    # -- the one-tap ratings and the questionnaires
    def add_ratings(self, ratings: Iterable[RatingRow]) -> None:
        for r in ratings:
            if not self.within(r.service_day):
                continue
            one = RatingIndex(tuple(r.count if s == r.score else 0 for s in (1, 2, 3, 4)))
            self.ratings = self.ratings.add(one)
            for tally in self._groups(r.service_day, r.service, r.counter):
                tally.ratings = tally.ratings.add(one)
        self.total.ratings = self.ratings

    def add_surveys(self, surveys: Iterable[SurveyRow]) -> None:
        for s in surveys:
            if not self.within(s.service_day):
                continue
            self.total.add_survey(s.sums, s.count)
            for tally in self._groups(s.service_day, s.service, s.counter):
                tally.add_survey(s.sums, s.count)

    def _groups(self, day: date, service: str | None, counter: int | None) -> list[Tally]:
        groups = [self.by_day[day], self.by_month[_month(day)]]
        if service:
            groups.append(self.by_service[service])
        if counter is not None:
            groups.append(self.by_counter[counter])
        return groups


def _count_mark(tally: Tally, m: Mark) -> None:
    if m.front_desk:
        tally.front_desk += 1
    else:
        tally.online += 1
    if m.assisted and m.front_desk:
        tally.assisted += 1


# -- the report's tables ----------------------------------------------------------------------
def _service_rows(branch: Branch, by_service: Mapping[str, Tally], targets: Mapping[str, int],
                  default_target: int) -> list[dict]:
    """The branch's services in their configured order, then codes no longer configured; only those active."""
    known = {s.code for s in branch.services}
    rows = [{"service": spec.code, "name": spec.name_id, "name_en": spec.name_en,
             "target_wait_min": targets.get(spec.code, default_target), **by_service[spec.code].row()}
            for spec in branch.services if spec.code in by_service and _active(by_service[spec.code])]
    rows += [{"service": code, "name": code, "name_en": code, "target_wait_min": default_target, **t.row()}
             for code, t in sorted(by_service.items()) if code not in known and _active(t)]
    return rows


def _counter_rows(by_counter: Mapping[int, Tally]) -> list[dict]:
    rows = []
    for number in sorted(by_counter):
        t = by_counter[number]
        row = t.row()
        row.update(busy_min=minutes(t.busy_s), paused_min=minutes(t.paused_s), idle_min=minutes(t.idle_s))
        rows.append({"counter": number, **row})
    return rows


def _hour_rows(by_hour: Mapping[int, Tally]) -> list[dict]:
    """Every hour from the first to the last with figures (hours between without any show zeros)."""
    span = range(min(by_hour), max(by_hour) + 1) if by_hour else ()
    return [{"hour": h, **(by_hour[h] if h in by_hour else Tally()).row()} for h in span]


def _day_rows(by_day: Mapping[date, Tally]) -> list[dict]:
    return [{"date": d.isoformat(), "weekday": d.weekday(), **by_day[d].row()} for d in sorted(by_day)]


def _month_rows(by_month: Mapping[str, Tally]) -> list[dict]:
    return [{"month": m, **by_month[m].row()} for m in sorted(by_month)]


def _active(t: Tally) -> bool:
    return bool(t.arrivals or t.transfers_in or t.front_desk or t.online or t.ratings.count or t.skm_count
                or t.bookings)


def day_bounds(day: date, tz) -> tuple[datetime, datetime]:
    """The local midnight starting `day` and the next one."""
    from datetime import timedelta

    start = datetime.combine(day, time(0), tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)


# -- the tables every report file shows: the columns, in this order (their headings:
# `report_text.COLUMN_HEADINGS`) -------------------------------------------------------------
SUMMARY_FIGURES = (
    "arrivals", "served", "no_show", "transferred", "unserved", "wait_p50_min", "wait_p90_min", "wait_max_min",
    "walk_p50_min", "service_p50_min", "service_p90_min", "service_level_pct", "quota_used", "quota_capacity",
    "front_desk", "online", "assisted", "priority", "recalls", "printer_failures", "booked", "booked_checked_in",
    "booked_no_show",
)
_BOOKINGS = ("booked", "booked_checked_in", "booked_early", "booked_late", "booked_no_show")
_FIGURES = ("arrivals", "served", "no_show", "transferred", "wait_p50_min", "wait_p90_min", "wait_max_min",
            "service_p50_min", "service_p90_min", "service_level_pct")
_EXTRAS = ("quota_used", "front_desk", "online", "assisted", "printer_failures", "ikm", "ikm_grade", "rating_index",
           "ratings")
DAY_COLUMNS = ("date", "weekday", *_FIGURES, *_EXTRAS, *_BOOKINGS)
MONTH_COLUMNS = ("month", *_FIGURES, *_EXTRAS, "ikm_respondents", *_BOOKINGS)
SERVICE_COLUMNS = ("service", "name", "target_wait_min", *_FIGURES, "transfers_in", "unserved", "quota_used",
                   "quota_capacity", *(k for k in _EXTRAS if k != "quota_used"), "ikm_respondents", *_BOOKINGS)
COUNTER_COLUMNS = ("counter", "served", "no_show", "transferred", "calls", "recalls", "wait_p50_min",
                   "service_p50_min", "service_p90_min", "busy_min", "idle_min", "paused_min", "rating_index",
                   "ratings", "ikm", "ikm_respondents")
HOUR_COLUMNS = ("hour", "arrivals", "served", "no_show", "wait_p50_min", "wait_p90_min", "service_level_pct",
                "front_desk", "online")
# the monitor's report tab: the services table in its short form
MONITOR_SERVICE_COLUMNS = ("service", "arrivals", "served", "no_show", "wait_p50_min", "wait_p90_min",
                           "service_p50_min", "service_level_pct", "ikm")
# (sheet title, the report's table, its columns), in the order the files show them
PAUSE_COLUMNS = ("pause_reason", "pauses", "pause_min")
OFFICER_COLUMNS = ("counter", "officer", "served", "service_p50_min", "service_p90_min", "walk_p50_min",
                   "idle_waiting_min")
# the head of service's own tables, after the others (a sheet each, when they have rows)
STAFF_TABLES = ((msgid("report.sheet.pauses"), "pauses", PAUSE_COLUMNS),
                (msgid("report.sheet.officers"), "officers", OFFICER_COLUMNS))
TABLES = (
    (msgid("report.sheet.days"), "days", DAY_COLUMNS),
    (msgid("report.sheet.months"), "months", MONTH_COLUMNS),
    (msgid("report.sheet.services"), "services", SERVICE_COLUMNS),
    (msgid("report.sheet.counters"), "counters", COUNTER_COLUMNS),
    (msgid("report.sheet.hours"), "hours", HOUR_COLUMNS),
)
