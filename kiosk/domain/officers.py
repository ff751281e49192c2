"""The head of service's figures per officer and per pause reason.

An officer is the person staffing a counter (the branch names them in `[counter.officers]`;
without `staff_names_in_reports` the rows show the counter only). Per officer: visits served,
service time p50/p90 (serving start → end), walking time p50 (first call → serving start), and
**idle time while people waited**: the time within the counter's working span of a day (its
first call to its last end) when it had no visit, was not paused and the office was not on a
break, while somebody waited for a service it serves.

Per pause reason: how many pauses began and how long they lasted, from the `paused` events'
reason (`kiosk.domain.missed.PauseReason`; a pause without one is counted as such).
All in plain Python over the visit facts and the events; no NIK and no name of a participant.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Iterable, Mapping, Sequence

from kiosk.domain.branch import Branch
from kiosk.domain.figures import minutes, percentile
from kiosk.domain.missed import MissedCallRule
from kiosk.domain.queue import TicketState
from kiosk.domain.report import break_intervals
from kiosk.domain.ticket import EventKind
from kiosk.domain.timeline import VisitFacts

Span = tuple[float, float]


def merged(spans: Iterable[Span]) -> list[Span]:
    """Disjoint, sorted spans covering the same time."""
    out: list[list[float]] = []
    for a, b in sorted(s for s in spans if s[1] > s[0]):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def without(spans: Sequence[Span], cut: Sequence[Span]) -> list[Span]:
    """`spans` less `cut` (both disjoint and sorted)."""
    out: list[Span] = []
    j = 0
    for a, b in spans:
        while j < len(cut) and cut[j][1] <= a:
            j += 1
        k, start = j, a
        while k < len(cut) and cut[k][0] < b:
            if cut[k][0] > start:
                out.append((start, cut[k][0]))
            start = max(start, cut[k][1])
            k += 1
        if start < b:
            out.append((start, b))
    return out


def length(spans: Iterable[Span]) -> float:
    return sum(b - a for a, b in spans)


def idle_while_waiting(visits: Sequence[VisitFacts], waiting: Sequence[VisitFacts], pauses: Iterable[Span],
                       breaks: Iterable[Span]) -> float:
    """Seconds of one counter's day (`visits`: its own) without a visit, a pause or a break, while
    one of `waiting` (the visits of the services it serves) waited."""
    called = [v for v in visits if v.called_s is not None]
    if not called:
        return 0.0
    start = min(v.called_s for v in called)
    end = max((v.ended_s if v.ended_s is not None else v.called_s) for v in called)
    busy = merged((v.called_s, v.ended_s if v.ended_s is not None else end) for v in called)
    away = merged([*pauses, *breaks])
    waited = merged((max(start, w.queued_s), min(end, w.called_s if w.called_s is not None else end))
                    for w in waiting if w.queued_s is not None)
    return length(without(without(waited, busy), away))


def officer_rows(facts: Iterable[VisitFacts], branch: Branch, rule: MissedCallRule,
                 paused: Mapping[tuple[date, int], Iterable[Span]] | None = None) -> list[dict]:
    """One row per counter that called anybody in the facts' days (see the module's words)."""
    by_day: dict[date, list[VisitFacts]] = defaultdict(list)
    for f in facts:
        by_day[f.service_day].append(f)
    served: dict[int, int] = defaultdict(int)
    service: dict[int, list[float]] = defaultdict(list)
    walk: dict[int, list[float]] = defaultdict(list)
    idle: dict[int, float] = defaultdict(float)
    for day, day_facts in by_day.items():
        own: dict[int, list[VisitFacts]] = defaultdict(list)
        for f in day_facts:
            if f.counter is not None:
                own[f.counter].append(f)
        for counter, visits in own.items():
            for v in visits:
                if v.state == TicketState.DONE.value:
                    served[counter] += 1
                if v.service_s is not None:
                    service[counter].append(v.service_s)
                if v.walk_s is not None:
                    walk[counter].append(v.walk_s)
            spec = branch.counter(counter)
            serves = set(spec.services) if spec is not None else {v.service for v in visits}
            waiting = [f for f in day_facts if f.service in serves]
            idle[counter] += idle_while_waiting(visits, waiting, (paused or {}).get((day, counter), ()),
                                                break_intervals(branch.hours, day))
    names = dict(rule.officer_names) if rule.staff_names_in_reports else {}
    rows = []
    for counter in sorted(set(served) | set(service) | set(walk) | set(idle)):
        rows.append({"counter": counter, "officer": names.get(counter), "served": served[counter],
                     "service_p50_min": minutes(percentile(service[counter], 0.5)),
                     "service_p90_min": minutes(percentile(service[counter], 0.9)),
                     "walk_p50_min": minutes(percentile(walk[counter], 0.5)),
                     "idle_waiting_min": minutes(idle[counter])})
    return rows


def pause_rows(events: Iterable, until: datetime, rule: MissedCallRule) -> list[dict]:
    """Pauses per reason over `events` (`paused` and `resumed`, in order): how many began and
    their minutes (a pause still open counts until `until`)."""
    opened: dict[int, tuple[datetime, str]] = {}
    count: dict[str, int] = defaultdict(int)
    seconds: dict[str, float] = defaultdict(float)
    for e in events:
        if e.counter is None:
            continue
        if e.kind == EventKind.PAUSED and e.counter not in opened:
            reason = (e.data or {}).get("reason") or ""
            opened[e.counter] = (e.at, reason)
            count[reason] += 1
        elif e.kind == EventKind.RESUMED and e.counter in opened:
            at, reason = opened.pop(e.counter)
            seconds[reason] += max(0.0, (e.at - at).total_seconds())
    for at, reason in opened.values():
        seconds[reason] += max(0.0, (until - at).total_seconds())
    known = [r.code for r in rule.pause_reasons]
    order = known + sorted(code for code in count if code not in known)
    return [{"pause_reason": rule.reason_named(code).name_id, "pause_reason_en": rule.reason_named(code).name_en,
             "pauses": count[code], "pause_min": minutes(seconds[code])} for code in order if count[code]]
