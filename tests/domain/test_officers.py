"""Per-officer and per-pause-reason figures, worked by hand on a short scripted day."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from kiosk.config import load_config
from kiosk.domain.missed import MissedCallRule
from kiosk.domain.officers import idle_while_waiting, officer_rows, pause_rows
from kiosk.domain.ticket import QueueEvent
from kiosk.domain.timeline import VisitFacts

DAY = date(2026, 11, 23)


def visit(tid, counter, queued, called, started, ended, state="done", service="INFO"):
    return VisitFacts(tid, DAY, service, counter, state, True, False, False, 0, 9, queued, called, ended,
                      None if called is None else called - queued,
                      None if started is None or called is None else started - called,
                      None if started is None or ended is None else ended - started,
                      None if ended is None or called is None else ended - called, 1, 0, None)


def test_idle_while_people_waited_leaves_out_visits_pauses_and_breaks():
    a = visit("A", 1, 0, 60, 120, 420)          # walk 60 s, service 300 s
    b = visit("B", 1, 30, 600, 660, 900)        # waited from 30 s; counter 1 idle 420–600 meanwhile
    assert idle_while_waiting([a, b], [a, b], (), ()) == 180
    assert idle_while_waiting([a, b], [a, b], [(450, 500)], ()) == 130     # a pause is not idle
    assert idle_while_waiting([a, b], [a, b], [(450, 500)], [(550, 700)]) == 80     # nor a break
    alone = visit("C", 1, 0, 0, 10, 100)
    later = visit("D", 1, 500, 500, 510, 600)   # nobody waited between 100 and 500: not counted
    assert idle_while_waiting([alone, later], [alone, later], (), ()) == 0


def test_officer_rows_name_the_officer_only_when_the_branch_says_so():
    branch = load_config().branch
    facts = [visit("A", 1, 0, 60, 120, 420), visit("B", 1, 30, 600, 660, 900),
             visit("C", 1, 40, 950, None, 1130, state="no_show"), visit("E", 2, 0, 100, 160, 1300)]
    quiet = officer_rows(facts, branch, MissedCallRule(officer_names=((1, "Siti Rahma"),)))
    assert [r["officer"] for r in quiet] == [None, None]
    rows = officer_rows(facts, branch, MissedCallRule(staff_names_in_reports=True, officer_names=((1, "Siti Rahma"),)))
    one = rows[0]
    assert (one["counter"], one["officer"], one["served"]) == (1, "Siti Rahma", 2)
    assert (one["service_p50_min"], one["service_p90_min"], one["walk_p50_min"]) == (4.5, 4.9, 1.0)      # services 300 s and 240 s
    # idle with someone waiting: 420–600 (B waited) and 900–950 (C waited): 230 s
    assert one["idle_waiting_min"] == round(230 / 60, 1)
    assert rows[1]["counter"] == 2 and rows[1]["officer"] is None


def _event(i, minute, kind, counter, reason=None):
    at = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc) + timedelta(minutes=minute)
    return QueueEvent(i, at, kind, None, None, None, counter, {"reason": reason} if reason is not None else {})


def test_pauses_are_counted_and_timed_per_reason():
    events = [_event(1, 0, "paused", 1, "sholat"), _event(2, 15, "resumed", 1),
              _event(3, 5, "paused", 2, "istirahat"), _event(4, 65, "resumed", 2),
              _event(5, 70, "paused", 1, "sholat"), _event(6, 80, "resumed", 1),
              _event(7, 90, "paused", 3, ""), _event(8, 100, "paused", 2, "rapat")]
    until = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc) + timedelta(minutes=120)
    rows = pause_rows(events, until, MissedCallRule())
    assert [(r["pause_reason"], r["pauses"], r["pause_min"]) for r in rows] == [
        ("Istirahat", 1, 60.0), ("Sholat", 2, 25.0), ("Rapat", 1, 20.0), ("Tanpa alasan", 1, 30.0)]
    assert rows[1]["pause_reason_en"] == "Prayer"


def test_the_monitor_says_why_a_counter_pauses_and_counts_each_reason():
    from kiosk.domain.monitor import BranchMonitor, CounterState

    branch = load_config().branch
    events = [_event(1, 0, "paused", 1, "sholat"), _event(2, 15, "resumed", 1), _event(3, 20, "paused", 1, "rapat")]
    monitor = BranchMonitor(branch, DAY, targets={}, default_target=30, events=events,
                            pause_rule=MissedCallRule())
    now = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc) + timedelta(minutes=50)
    counter = monitor.figures(now).counter(1)
    assert counter.state is CounterState.PAUSED and counter.for_min == 30
    assert (counter.pause_reason.name_id, counter.pause_reason.name_en) == ("Rapat", "Meeting")
    assert monitor.paused_by_reason(now) == {"sholat": 15.0, "rapat": 30.0}
