"""Waiting-time estimate: people ahead × median recent service time ÷ open counters."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.wait import MIN_SAMPLES, estimate_wait_minutes, late_warning, typical_service_minutes


def test_estimate_uses_the_median_of_recent_visits():
    # median of 4, 6, 8, 10, 90 is 8: one very long visit does not blow the estimate up
    assert estimate_wait_minutes(5, [4, 6, 8, 10, 90], 2, default_minutes=15) == 20
    assert estimate_wait_minutes(3, [10, 10, 10], 1, default_minutes=5) == 30


def test_rounds_up_to_whole_minutes():
    assert estimate_wait_minutes(1, [7, 7, 7], 2, default_minutes=10) == 4


def test_falls_back_to_the_service_default_without_enough_figures():
    assert estimate_wait_minutes(4, [], 2, default_minutes=10) == 20
    assert estimate_wait_minutes(4, [1] * (MIN_SAMPLES - 1), 2, default_minutes=10) == 20
    assert estimate_wait_minutes(4, [0, -3, None, 0], 1, default_minutes=5) == 20


def test_nobody_ahead_and_no_open_counter():
    assert estimate_wait_minutes(0, [12, 12, 12], 3, default_minutes=10) == 0
    assert estimate_wait_minutes(5, [12, 12, 12], 0, default_minutes=10) is None
    assert estimate_wait_minutes(0, [], 0, default_minutes=10) is None


def test_typical_service_minutes():
    assert typical_service_minutes([3, 5, 100], 9) == 5
    assert typical_service_minutes([3], 9) == 9


def test_late_warning():
    assert late_warning(30, 60) is None
    assert late_warning(None, 0) is None
    warning = late_warning(90, 60)
    assert warning is not None and "jam tutup" in warning[0] and "closing" in warning[1]


samples = st.lists(st.floats(0.5, 120, allow_nan=False), max_size=20)


@given(st.integers(0, 200), st.integers(0, 200), samples, st.integers(1, 10), st.integers(1, 60))
def test_more_people_ahead_never_means_a_shorter_wait(a, b, recent, counters, default):
    lo, hi = sorted((a, b))
    assert (estimate_wait_minutes(lo, recent, counters, default)
            <= estimate_wait_minutes(hi, recent, counters, default))


@given(st.integers(0, 200), samples, st.integers(1, 10), st.integers(1, 10), st.integers(1, 60))
def test_more_open_counters_never_mean_a_longer_wait(ahead, recent, c1, c2, default):
    lo, hi = sorted((c1, c2))
    est_lo = estimate_wait_minutes(ahead, recent, lo, default)
    est_hi = estimate_wait_minutes(ahead, recent, hi, default)
    assert est_hi <= est_lo
    assert est_lo >= 0
