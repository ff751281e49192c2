"""The head of service at 11.00: advice that uses the branch's idle counters first, then pauses
that can end, then rangers, ranked by the wait of someone arriving now; and the quota as one
figure in the monitor, the report and the kiosk.

Every expected figure is worked by hand in the comments (INFO's pace 8 min and ADUAN's 15 min,
the configured minutes, as no service has three finished visits yet)."""
from __future__ import annotations

from kiosk.domain.advice import AdviceKind, Helper, advise, ranked, waits_now
from kiosk.domain.catalog import tr
from kiosk.domain.forecast import CounterLoad
from kiosk.domain.monitor import CounterState
from tests.conftest import fresh_nik


def at(clock, hour: int, minute: int) -> None:
    clock.now = clock.now.replace(hour=hour, minute=minute)


def eleven_o_clock(svc, clock) -> None:
    """Counter 1 served one INFO visit and is on a pause since 10.40; counters 3 and 4 served
    a JHT visit each and are idle since 10.46; counter 2 called INFO at 10.58 and serves it;
    3 ADUAN (10.00–10.02) and 19 INFO (10.05–10.23) wait; counters 5 and 6 are not open."""
    at(clock, 9, 0)
    svc.issue(fresh_nik(), "INFO", assisted=True)
    for _ in range(2):
        svc.issue(fresh_nik(), "JHT", assisted=True)
    for counter in (1, 3, 4):
        svc.call_next(counter)
        svc.start_serving(counter)
    at(clock, 9, 50)
    svc.issue(fresh_nik(), "INFO", assisted=True)               # the one counter 2 will serve
    for minute in range(3):
        at(clock, 10, minute)
        svc.issue(fresh_nik(), "ADUAN", assisted=True)
    for minute in range(19):
        at(clock, 10, 5 + minute)
        svc.issue(fresh_nik(), "INFO", assisted=True)
    at(clock, 10, 30)
    svc.finish(1)
    at(clock, 10, 40)
    svc.pause(1)
    at(clock, 10, 46)
    svc.finish(3)
    svc.finish(4)
    at(clock, 10, 58)
    assert svc.call_next(2).number == "A-002"
    svc.start_serving(2)
    at(clock, 11, 0)


def test_at_eleven_the_idle_counters_are_sent_to_info_first(make_services, db_url, clock):
    svc = make_services(db_url)
    eleven_o_clock(svc, clock)
    figures = svc.monitor_figures()
    states = {c.number: (c.state, c.for_min) for c in figures.counters}
    assert states[3] == (CounterState.IDLE, 14) and states[4] == (CounterState.IDLE, 14)
    assert states[1] == (CounterState.PAUSED, 20) and states[2][0] is CounterState.SERVING
    info, aduan = figures.service("INFO"), figures.service("ADUAN")
    assert (info.waiting, aduan.waiting) == (19, 3)
    # Counter 2 alone serves both: free in 8 − 2 = 6 min, then ADUAN 3 × 15 (the oldest) until
    # 51, then INFO 19 × 8 until 203. Someone arriving now, for either, is called at 203.
    assert (info.wait_now_min, aduan.wait_now_min) == (203, 203)
    assert [s.code for s in figures.ranked][:2] == ["INFO", "ADUAN"]      # a tie: more people waiting first
    steps = figures.steps
    assert [(s.kind, s.counters, s.services) for s in steps] == [
        (AdviceKind.IDLE, (3, 4), ("INFO",)),
        (AdviceKind.PAUSE, (1,), ("INFO",)),
        (AdviceKind.RANGER, (), ("ADUAN",)),
        (AdviceKind.RANGER, (), ("INFO",)),
    ]
    # 3 and 4 on INFO from now, 8 min a visit: INFO's 19 are done by 64 (counter 2 takes three
    # of them after its ADUAN), ADUAN's newcomer waits for counter 2 until 67.
    assert steps[0].params["wait"] == 64
    assert tr(steps[0].key, "id", **steps[0].params).startswith("Loket 3 dan 4 kosong 14 menit — layani INFO")
    assert tr(steps[0].key, "en", **steps[0].params).startswith("Counter 3 and 4 idle for 14 min — serve INFO")
    # counter 1 back from its pause: four counters on INFO, its newcomer called at 48
    assert steps[1].params["wait"] == 48 and steps[1].params["minutes"] == 20
    # still past the 30-minute target: one ranger takes ADUAN (its newcomer at 30), then two INFO
    assert steps[2].params["count"] == 1 and steps[2].params["wait"] == 30
    assert steps[3].params["count"] == 2 and steps[3].params["wait"] == 24


def test_the_old_advice_of_the_issue_is_gone(make_services, clock):
    """The banner's ranger advice for ADUAN's three no longer comes before the idle counters."""
    svc = make_services()
    eleven_o_clock(svc, clock)
    first = svc.monitor_figures().steps[0]
    assert first.kind is AdviceKind.IDLE and "ranger" not in tr(first.key, "id", **first.params)


def test_no_help_is_asked_when_every_wait_is_within_its_target():
    waiting = [("INFO", (0, i)) for i in range(2)]
    counters = [CounterLoad(1, ("INFO",), 0)]
    steps, waits = advise(waiting, counters, {"INFO": 8}, {"INFO": 30}, idle=[Helper(3, ("JHT",), 20)])
    assert steps == [] and waits == {"INFO": 16}


def test_a_counter_idle_a_moment_is_not_help_yet():
    waiting = [("INFO", (0, i)) for i in range(10)]
    counters = [CounterLoad(1, ("INFO",), 0)]
    steps, _ = advise(waiting, counters, {"INFO": 8}, {"INFO": 30}, idle=[Helper(3, ("JHT",), 2)], max_rangers=0)
    assert steps == []
    steps, _ = advise(waiting, counters, {"INFO": 8}, {"INFO": 30}, idle=[Helper(3, ("JHT",), 5)], max_rangers=0)
    assert [(s.kind, s.counters) for s in steps] == [(AdviceKind.IDLE, (3,))]


def test_a_service_no_counter_serves_comes_first():
    waiting = [("JKK", (0, 0)), ("INFO", (0, 1)), ("INFO", (0, 2))]
    waits = waits_now(waiting, [CounterLoad(1, ("INFO",), 0)], {"INFO": 8, "JKK": 25}, ["INFO", "JKK"])
    assert waits == {"INFO": 16, "JKK": None}
    assert ranked(waits, {"INFO": 2, "JKK": 1}) == ["JKK", "INFO"]


def test_a_pause_whose_services_nobody_waits_for_is_not_advised():
    waiting = [("JHT", (0, i)) for i in range(6)]
    steps, _ = advise(waiting, [CounterLoad(3, ("JHT",), 0)], {"JHT": 20}, {"JHT": 45},
                      paused=[Helper(1, ("INFO",), 30)], max_rangers=0)
    assert steps == []


def test_the_quota_is_one_figure_in_the_monitor_the_report_and_the_kiosk(make_services, db_url, clock):
    """JKM: 3 per counter × its two counters (3 and 5) = 6, whoever is staffed. Before, the
    monitor said "3 / 3" (full, only counter 3 staffed) while the kiosk still issued."""
    svc = make_services(db_url)

    def figures() -> dict:
        monitor = svc.monitor_figures().service("JKM")
        report = next(s for s in svc.report(svc.today(), svc.today()).services if s["service"] == "JKM")
        status = next(s for s in svc.status().to_json()["services"] if s["service"] == "JKM")
        return {"monitor": (monitor.issued, monitor.quota_capacity, monitor.quota_full),
                "report": (report["quota_used"], report["quota_capacity"]),
                "kiosk": (status["issued"], status["quota"])}

    for _ in range(3):
        svc.issue(fresh_nik(), "JKM", assisted=True)
    svc.call_next(3)
    assert figures() == {"monitor": (3, 6, False), "report": (3, 6), "kiosk": (3, 6)}
    for _ in range(3):
        svc.issue(fresh_nik(), "JKM", assisted=True)       # the kiosk still issues: 3 of 6 were used
    assert figures() == {"monitor": (6, 6, True), "report": (6, 6), "kiosk": (6, 6)}
