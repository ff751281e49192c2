"""Report figures worked by hand: percentiles as Excel counts them, service level, quota, idle time."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from kiosk.config import load_config
from kiosk.domain.figures import Mark, RatingRow, SurveyRow, Tally, percentile
from kiosk.domain.report import break_seconds, build_report, covered_seconds
from tests.domain.test_timeline import DAY, WIB, morning


@pytest.mark.parametrize("values,p,expected", [
    ([1, 2, 3, 4], 0.5, 2.5), ([1, 2, 3, 4], 0.9, 3.7), ([10], 0.9, 10), ([3, 1, 2], 0.5, 2),
    ([600, 600, 1200, 900, 900], 0.5, 900), ([600, 600, 1200, 900, 900], 0.9, 1080),
])
def test_percentiles_are_excels_percentile_inc(values, p, expected):
    assert percentile(values, p) == pytest.approx(expected)
    assert percentile([], 0.5) is None


@given(st.lists(st.floats(0, 1e5), min_size=1, max_size=50), st.floats(0, 1), st.floats(0, 1))
def test_a_percentile_lies_within_the_values_and_rises_with_p(values, p, q):
    lo, hi = sorted((p, q))
    assert min(values) - 1e-6 <= percentile(values, lo) <= percentile(values, hi) + 1e-6 <= max(values) + 2e-6


def test_the_morning_worked_by_hand():
    branch = load_config().branch
    facts = morning().facts(WIB)
    report = build_report(date_from=DAY, date_to=DAY, branch=branch, targets={"INFO": 10, "JHT": 15},
                          default_target=30, facts=facts,
                          marks=[Mark(DAY, 10, "CEK", True, True), Mark(DAY, 10, "JKP", False)],
                          ratings=[RatingRow(DAY, "INFO", 1, 4, 1)],
                          surveys=[SurveyRow(DAY, "INFO", 1, (4, 3, 3, 4, 3, 4, 4, 3, 3), 1)])
    total = report.total
    # arrivals: T1, T2, T3 (JHT), T4 (DATA); the JKM ticket came by transfer
    assert (total["arrivals"], total["transfers_in"], total["served"], total["no_show"], total["transferred"]) == \
        (4, 1, 3, 1, 1)
    # waits 600 600 1200 900 900 s → median 15.0 min, p90 18.0, max 20.0
    assert (total["wait_p50_min"], total["wait_p90_min"], total["wait_max_min"]) == (15.0, 18.0, 20.0)
    # service (finished only): 1080 1320 1200 s → median 20.0, p90 21.6
    assert (total["service_p50_min"], total["service_p90_min"]) == (20.0, 21.6)
    assert (total["front_desk"], total["online"], total["printer_failures"], total["recalls"]) == (1, 1, 1, 1)
    # assisted: the JHT ticket and the front-desk visit
    assert total["assisted"] == 2
    services = {s["service"]: s for s in report.services}
    # INFO target 10 min: both called after exactly 10 minutes → 100 %
    assert services["INFO"]["service_level_pct"] == 100.0 and services["INFO"]["arrivals"] == 2
    # JHT target 15: waited 20 → 0 %; JKM (default 30): waited 15 → 100 %
    assert services["JHT"]["service_level_pct"] == 0.0 and services["JKM"]["service_level_pct"] == 100.0
    assert services["JKM"]["arrivals"] == 0 and services["JKM"]["transfers_in"] == 1
    # quota: JHT has 8 per counter × 4 counters = 32 a day; one open day
    assert (services["JHT"]["quota_used"], services["JHT"]["quota_capacity"]) == (1, 32)
    # one questionnaire, answers summing to 31: 31 / 9 × 25 = 86.11, grade B
    assert (services["INFO"]["ikm"], services["INFO"]["ikm_grade"]) == (86.11, "B")
    assert services["INFO"]["rating_index"] == 100.0 and services["CEK"]["front_desk"] == 1
    hours = {h["hour"]: h for h in report.hours}
    assert hours[9]["arrivals"] == 4 and hours[10]["front_desk"] == 1
    assert report.heatmap["weekdays"] == [0] and report.heatmap["arrivals"] == [[4]]
    doc = report.to_json()
    assert doc["from"] == doc["to"] == "2026-11-23" and doc["ikm"]["respondents"] == 1
    assert set(doc) >= {"from", "to", "ikm", "services", "counters", "hours"}


def test_a_counters_idle_time_leaves_out_its_visits_pauses_and_the_break():
    branch = load_config().branch
    report = build_report(date_from=DAY, date_to=DAY, branch=branch, targets={}, facts=morning().facts(WIB),
                          paused={(DAY, 1): [(9 * 3600 + 2100, 9 * 3600 + 2400)]})
    c1 = next(c for c in report.counters if c["counter"] == 1)
    # counter 1: T1 09.10–09.30 and T4 09.45–09.50 → span 40 min, busy 25, paused 5 → idle 10
    assert (c1["busy_min"], c1["paused_min"], c1["idle_min"], c1["served"], c1["no_show"]) == (25.0, 5.0, 10.0, 1, 1)
    hours = branch.hours
    assert break_seconds(hours, DAY, 11 * 3600, 14 * 3600) == 3600
    assert break_seconds(hours, date(2026, 11, 22), 0, 86400) == 0
    assert covered_seconds([(0, 10), (5, 20), (30, 40)], 0, 35) == 25


def test_the_service_level_counts_tickets_never_called_as_late_and_today_waits_within_target_not_yet():
    from kiosk.domain.figures import counts_for_service_level
    from tests.domain.test_timeline import at, DayLog, EventKind, QueueEvent

    log = DayLog(DAY).extend([QueueEvent(1, at("09:00"), EventKind.ISSUED, "W", "A-001", "INFO", None, {})])
    closed_day = log.facts(WIB)[0]
    assert counts_for_service_level(closed_day, 30) == (True, False)
    assert counts_for_service_level(log.facts(WIB, now=at("09:20"))[0], 30) == (False, False)
    assert counts_for_service_level(log.facts(WIB, now=at("09:31"))[0], 30) == (True, False)
    t = Tally()
    t.add(closed_day, 30)
    assert (t.unserved, t.service_level_pct) == (1, 0.0)


def test_an_empty_period_has_no_figures_but_the_whole_shape():
    report = build_report(date_from=DAY, date_to=DAY, branch=load_config().branch, targets={}, facts=[])
    doc = report.to_json()
    assert report.empty and doc["services"] == [] and doc["ikm"]["value"] is None
    assert doc["total"]["wait_p50_min"] is None and doc["total"]["service_level_pct"] is None


@given(st.sampled_from(["done", "no_show", "transferred", "waiting", "cancelled"]),
       st.one_of(st.none(), st.integers(0, 7200)), st.one_of(st.none(), st.integers(0, 7200)), st.integers(1, 120))
def test_a_tally_counts_the_service_level_by_the_one_rule(state, wait_s, waited_s, target):
    from datetime import date as day_

    from kiosk.domain.figures import counts_for_service_level
    from kiosk.domain.timeline import VisitFacts

    if state == "waiting":
        wait_s = None
    f = VisitFacts("T", day_(2026, 11, 23), "INFO", 1, state, True, False, False, 0, 9, 0, None, None, wait_s,
                   None, None, None, 1 if wait_s is not None else 0, 0, None, waited_s if state == "waiting" else None)
    t = Tally()
    t.add(f, target)
    counted, within = counts_for_service_level(f, target)
    assert (t.sl_counted, t.sl_within) == (int(counted), int(within))
