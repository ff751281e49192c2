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

    def to_json(self) -> dict:
        return {
            "from": self.date_from.isoformat(), "to": self.date_to.isoformat(), "branch": self.branch,
            "generated_at": self.generated_at.isoformat(timespec="seconds") if self.generated_at else None,
            "ikm": self.ikm.to_json(), "ratings": self.ratings.to_json(), "total": self.total,
            "services": list(self.services), "counters": list(self.counters), "hours": list(self.hours),
            "days": list(self.days), "months": list(self.months), "heatmap": self.heatmap,
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
    total = Tally()
    by_day: dict[date, Tally] = defaultdict(Tally)
    by_month: dict[str, Tally] = defaultdict(Tally)
    by_service: dict[str, Tally] = defaultdict(Tally)
    by_counter: dict[int, Tally] = defaultdict(Tally)
    by_hour: dict[int, Tally] = defaultdict(Tally)
    heat_arrivals: dict[tuple[int, int], int] = defaultdict(int)
    heat_waits: dict[tuple[int, int], list] = defaultdict(list)
    spans: dict[tuple[date, int], list] = {}
    busy: dict[tuple[date, int], float] = defaultdict(float)
    arrivals_day_service: dict[tuple[date, str], int] = defaultdict(int)
    open_days: set[date] = set()

    # each visit is added once to its cell (day, service, hour, counter); the groups merge cells
    cells: dict[tuple, Tally] = {}
    target_of: dict[str, int] = {}
    for f in facts:
        (_, day, service, counter, _, arrival, _, _, weekday, hour, _, called_s, ended_s, wait_s, _, _,
         occupancy_s, *_) = f
        if not (date_from <= day <= date_to):
            continue
        if called_s is None:
            counter = None
        key = (day, service, hour, counter)
        cell = cells.get(key)
        if cell is None:
            cell = cells[key] = Tally()
        target = target_of.get(service)
        if target is None:
            target = target_of[service] = targets.get(service, default_target)
        cell.add(f, target)
        if counter is not None:
            ckey = (day, counter)
            end = ended_s if ended_s is not None else called_s
            span = spans.get(ckey)
            if span is None:
                spans[ckey] = [called_s, end]
            else:
                if called_s < span[0]:
                    span[0] = called_s
                if end > span[1]:
                    span[1] = end
            if occupancy_s:
                busy[ckey] += occupancy_s
        if arrival:
            open_days.add(day)
            arrivals_day_service[(day, service)] += 1
            heat = (weekday, hour)
            heat_arrivals[heat] += 1
            if wait_s is not None:
                heat_waits[heat].append(wait_s)
    # cells → days and (service, hour, counter); those → months, services, hours, counters; months → total
    by_shc: dict[tuple, Tally] = defaultdict(Tally)
    for (day, service, hour, counter), cell in cells.items():
        by_day[day].merge(cell)
        by_shc[(service, hour, counter)].merge(cell)
    for (service, hour, counter), tally in by_shc.items():
        by_service[service].merge(tally)
        by_hour[hour].merge(tally)
        if counter is not None:
            by_counter[counter].merge(tally)
    for day, tally in by_day.items():
        by_month[f"{day.year:04d}-{day.month:02d}"].merge(tally)
    for tally in by_month.values():
        total.merge(tally)

    for m in marks:
        if not (date_from <= m.service_day <= date_to):
            continue
        month = f"{m.service_day.year:04d}-{m.service_day.month:02d}"
        groups = [total, by_day[m.service_day], by_month[month], by_hour[m.hour]]
        if m.service:
            groups.append(by_service[m.service])
        for tally in groups:
            if m.front_desk:
                tally.front_desk += 1
            else:
                tally.online += 1
            if m.assisted and m.front_desk:
                tally.assisted += 1
        open_days.add(m.service_day)

    for b in bookings:
        if not (date_from <= b.service_day <= date_to):
            continue
        month = f"{b.service_day.year:04d}-{b.service_day.month:02d}"
        for tally in (total, by_day[b.service_day], by_month[month], by_service[b.service]):
            tally.add_bookings(b.outcome, b.count)

    # counters: busy, paused and idle time over their active span (breaks are not idle)
    paused = paused or {}
    for (day, counter), (start, end) in spans.items():
        pauses = list(paused.get((day, counter), ()))
        away = covered_seconds(pauses + break_intervals(branch.hours, day), start, end)
        by_counter[counter].paused_s += covered_seconds(pauses, start, end)
        by_counter[counter].idle_s += max(0.0, (end - start) - busy[(day, counter)] - away)

    # quota: tickets issued against each day's quota, on the days the branch served anyone
    for spec in branch.services:
        if not spec.daily_quota:
            continue
        used = sum(n for (d, code), n in arrivals_day_service.items() if code == spec.code)
        by_service[spec.code].quota_used = used
        by_service[spec.code].quota_capacity = spec.daily_quota * len(open_days)
    quota_services = [s for s in branch.services if s.daily_quota]
    total.quota_used = sum(by_service[s.code].quota_used for s in quota_services)
    total.quota_capacity = sum(by_service[s.code].quota_capacity for s in quota_services)

    rating_total = NO_RATINGS
    for r in ratings:
        if not (date_from <= r.service_day <= date_to):
            continue
        one = RatingIndex(tuple(r.count if s == r.score else 0 for s in (1, 2, 3, 4)))
        rating_total = rating_total.add(one)
        month = f"{r.service_day.year:04d}-{r.service_day.month:02d}"
        for tally in _groups(by_day, by_month, by_service, by_counter, r.service_day, month, r.service, r.counter):
            tally.ratings = tally.ratings.add(one)
    total.ratings = rating_total
    for s in surveys:
        if not (date_from <= s.service_day <= date_to):
            continue
        month = f"{s.service_day.year:04d}-{s.service_day.month:02d}"
        total.add_survey(s.sums, s.count)
        for tally in _groups(by_day, by_month, by_service, by_counter, s.service_day, month, s.service, s.counter):
            tally.add_survey(s.sums, s.count)

    def service_row(spec) -> dict:
        target = targets.get(spec.code, default_target)
        return {"service": spec.code, "name": spec.name_id, "name_en": spec.name_en, "target_wait_min": target,
                **by_service[spec.code].row()}

    known = {s.code for s in branch.services}
    services = [service_row(s) for s in branch.services
                if s.code in by_service and _active(by_service[s.code])]
    services += [{"service": code, "name": code, "name_en": code, "target_wait_min": default_target, **t.row()}
                 for code, t in sorted(by_service.items()) if code not in known and _active(t)]
    counters = []
    for number in sorted(by_counter):
        t = by_counter[number]
        row = t.row()
        row.update(busy_min=minutes(t.busy_s), paused_min=minutes(t.paused_s), idle_min=minutes(t.idle_s))
        counters.append({"counter": number, **row})
    span = range(min(by_hour), max(by_hour) + 1) if by_hour else ()
    hours = [{"hour": h, **(by_hour[h] if h in by_hour else Tally()).row()} for h in span]
    days = [{"date": d.isoformat(), "weekday": d.weekday(), **by_day[d].row()} for d in sorted(by_day)]
    months = [{"month": m, **by_month[m].row()} for m in sorted(by_month)]

    weekdays = sorted({wd for wd, _ in heat_arrivals})
    seen_hours = {h for _, h in heat_arrivals}
    heat_hours = list(range(min(seen_hours), max(seen_hours) + 1)) if seen_hours else []
    heatmap = {
        "weekdays": weekdays, "hours": heat_hours,
        "arrivals": [[heat_arrivals.get((wd, h), 0) for h in heat_hours] for wd in weekdays],
        "wait_p50_min": [[minutes(percentile(heat_waits.get((wd, h), []), 0.5)) for h in heat_hours]
                         for wd in weekdays],
    }
    return Report(date_from, date_to, branch.name, total.row(), total.ikm, rating_total, tuple(services),
                  tuple(counters), tuple(days), tuple(months), tuple(hours), heatmap, generated_at)


def _active(t: Tally) -> bool:
    return bool(t.arrivals or t.transfers_in or t.front_desk or t.online or t.ratings.count or t.skm_count
                or t.bookings)


def _groups(by_day, by_month, by_service, by_counter, day: date, month: str, service: str | None,
            counter: int | None) -> list[Tally]:
    groups = [by_day[day], by_month[month]]
    if service:
        groups.append(by_service[service])
    if counter is not None:
        groups.append(by_counter[counter])
    return groups


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
# (sheet title, the report's table, its columns), in the order the files show them
TABLES = (
    (msgid("report.sheet.days"), "days", DAY_COLUMNS),
    (msgid("report.sheet.months"), "months", MONTH_COLUMNS),
    (msgid("report.sheet.services"), "services", SERVICE_COLUMNS),
    (msgid("report.sheet.counters"), "counters", COUNTER_COLUMNS),
    (msgid("report.sheet.hours"), "hours", HOUR_COLUMNS),
)
