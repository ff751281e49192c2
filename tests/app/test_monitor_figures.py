"""The head of service's morning: at 11.00 JHT will not clear by closing, and the monitor says
to open a ranger counter for JHT; the live figures kept up event by event equal a fresh look."""
from __future__ import annotations

from kiosk.domain.catalog import tr
from kiosk.domain.monitor import CounterState, Severity

NIKS = ["3171012902001234", "3171015708900001", "3171011708450001"]


def busy_jht_morning(svc, clock):
    """A JHT ticket every 5 minutes from 08.00 to 09.55 (24); counters 3 and 4 finish and call
    every 30 minutes from 08.30 to 10.30; then 11.00."""
    start = clock.now.replace(hour=8, minute=0)
    for minute in range(0, 151, 5):
        clock.now = start.replace(hour=8 + minute // 60, minute=minute % 60)
        if minute < 120:
            svc.issue(NIKS[(minute // 5) % 2], "JHT", assisted=True)
        if minute >= 30 and minute % 30 == 0:
            for counter in (3, 4):
                svc.call_next(counter)          # finishes the counter's visit first
                svc.start_serving(counter)
    clock.now = start.replace(hour=11)


def test_at_eleven_jht_will_not_clear_and_a_ranger_counter_is_advised(make_services, db_url, clock):
    svc = make_services(db_url)
    busy_jht_morning(svc, clock)
    figures = svc.monitor_figures()
    jht = figures.service("JHT")
    # five rounds of two calls: 10 called, 8 finished, 14 waiting
    assert (jht.issued, jht.waiting, jht.served) == (24, 14, 8)
    assert jht.quota_capacity == 32           # 8 per counter × its four counters (kiosk.domain.quota)
    # the oldest waiting ticket came at 08.50; JHT's target is 45 minutes, so all 14 are overdue
    assert jht.longest_wait_min == 130 and jht.overdue == 14
    assert jht.pace_min == 30.0
    # 180 serving minutes left (11–12, 13–15): 6 visits a counter, 12 of 14; a ranger adds 6
    assert not figures.forecast.clears and jht.left_at_close == 2 and jht.clears_at is None
    advice = figures.advice
    assert advice.severity is Severity.WARN and advice.key == "monitor.advice.ranger"
    assert advice.params["ranger_services"] == "JHT" and advice.params["count"] == 1
    text = tr(advice.key, "id", **advice.params)
    assert "JHT tidak akan selesai sebelum tutup pukul 15.00" in text and "buka 1 loket ranger untuk JHT" in text
    assert "15:00" in tr(advice.key, "en", **advice.params)
    states = {c.number: c.state for c in figures.counters}
    assert states[3] is CounterState.SERVING and states[4] is CounterState.SERVING
    assert states[1] is CounterState.OFF and states[6] is CounterState.OFF
    assert figures.overdue[0].waited_min == jht.longest_wait_min and len(figures.overdue) == 14
    assert figures.totals["arrivals"] == 24 and figures.totals["assisted"] == 24


def test_the_live_figures_kept_up_event_by_event_equal_a_fresh_look(make_services, clock):
    svc = make_services()
    busy_jht_morning(svc, clock)
    monitor = svc.monitor_snapshot()
    last = svc.last_event_id()
    svc.finish(3)
    svc.pause(4)
    svc.rate(svc.events_after(last)[0].ticket_id, 4)
    svc.record_front_desk("CEK")
    clock.advance(minutes=7)
    assert monitor.apply(svc.events_after(last)) == 4
    assert monitor.apply(svc.events_after(last)) == 0          # the same events again change nothing
    kept, fresh = monitor.figures(svc.now()), svc.monitor_figures()
    assert kept == fresh
    counters = {c.number: c for c in kept.counters}
    assert counters[3].state is CounterState.IDLE and counters[3].for_min == 7
    assert counters[4].state is CounterState.PAUSED and counters[4].for_min == 7
    assert kept.ratings.count == 1 and kept.totals["front_desk"] == 1


def test_a_quiet_branch_and_a_closed_one(make_services, clock):
    svc = make_services()
    assert svc.monitor_figures().advice.key == "monitor.advice.empty"
    svc.issue(NIKS[0], "INFO")
    figures = svc.monitor_figures()
    assert figures.advice.key == "monitor.advice.clears" and figures.forecast.clears
    assert figures.service("INFO").clears_at is not None
    clock.now = clock.now.replace(hour=16)
    figures = svc.monitor_figures()
    assert figures.advice.key == "monitor.advice.closed_waiting" and figures.advice.params == {"count": 1}


def test_a_counter_paused_since_yesterday_is_paused_from_the_start_of_today(make_services, clock):
    svc = make_services()
    svc.pause(2)
    clock.advance(days=1)
    figures = svc.monitor_figures()
    assert figures.counter(2).state is CounterState.PAUSED and figures.counter(2).for_min == 9 * 60
