"""Will the queue clear before closing, and which services a ranger counter should take."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings, strategies as st

from kiosk.config import load_config
from kiosk.domain.forecast import CounterLoad, clock_after, forecast, minutes_ahead, serving_periods, simulate

WIB = ZoneInfo("Asia/Jakarta")


def waiting(**per_service: int) -> list[tuple[str, int]]:
    out, key = [], 0
    for service, n in per_service.items():
        for _ in range(n):
            out.append((service, key))
            key += 1
    return out


def test_two_counters_cannot_clear_ten_jht_visits_in_an_hour_and_two_rangers_can():
    counters = [CounterLoad(3, ("JHT",)), CounterLoad(4, ("JHT",))]
    result = forecast(waiting(JHT=10), counters, {"JHT": 20}, 60)
    # each counter serves three 20-minute visits by closing: 6 served, 4 left
    assert not result.clears and result.outlook("JHT").left_at_close == 4
    # one ranger: 9 by closing, still 1 left; two rangers: 12 ≥ 10
    assert (result.rangers, result.ranger_services, result.rangers_enough) == (2, ("JHT",), True)


def test_a_queue_that_fits_clears_with_its_time():
    result = forecast(waiting(INFO=4), [CounterLoad(1, ("INFO",)), CounterLoad(2, ("INFO", "DATA"))],
                      {"INFO": 8}, 120)
    assert result.clears and result.rangers == 0 and result.outlook("INFO").clears_in_min == 16


def test_shared_counters_serve_the_oldest_ticket_of_their_services_and_the_ranger_takes_the_short_one():
    # counter 1 serves INFO and JHT, counter 2 only JHT; JHT tickets are older
    tickets = [("JHT", 0), ("JHT", 1), ("JHT", 2), ("INFO", 3), ("INFO", 4), ("INFO", 5)]
    counters = [CounterLoad(1, ("INFO", "JHT")), CounterLoad(2, ("JHT",))]
    result = simulate(tickets, counters, {"JHT": 30, "INFO": 10}, 60)
    # t=0: c1 JHT0, c2 JHT1; t=30: c1 JHT2, c2 idle (no JHT); t=60: out of time → INFO all left
    assert result["JHT"] == (3, 60, 0) and result["INFO"] == (3, None, 3)
    outlook = forecast(tickets, counters, {"JHT": 30, "INFO": 10}, 60)
    assert outlook.ranger_services == ("INFO",) and outlook.rangers == 1


def test_a_counter_still_serving_starts_later_and_nothing_is_served_after_closing():
    result = simulate(waiting(JHT=2), [CounterLoad(3, ("JHT",), busy_for_min=50)], {"JHT": 20}, 60)
    assert result["JHT"] == (2, None, 2)          # the first would end at 70 > 60
    assert forecast(waiting(JHT=2), [], {"JHT": 20}, 0).rangers == 0       # closed: nothing to suggest


def test_serving_time_left_skips_the_break_and_clock_after_walks_over_it():
    hours = load_config().branch.hours           # Monday 08.00–15.00, break 12.00–13.00
    now = datetime(2026, 11, 23, 11, 0, tzinfo=WIB)
    periods = serving_periods(hours, now)
    assert minutes_ahead(periods) == 60 + 120
    assert clock_after(periods, 30) == datetime(2026, 11, 23, 11, 30, tzinfo=WIB)
    assert clock_after(periods, 90) == datetime(2026, 11, 23, 13, 30, tzinfo=WIB)
    assert clock_after(periods, 181) is None
    assert serving_periods(hours, datetime(2026, 11, 22, 11, 0, tzinfo=WIB)) == []       # Sunday


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["INFO", "JHT", "JKM"]), max_size=40), st.integers(0, 300),
       st.lists(st.sampled_from([("INFO",), ("JHT",), ("JHT", "JKM"), ("INFO", "JHT", "JKM")]), max_size=5))
def test_one_more_counter_or_more_time_never_leaves_more_tickets(services, minutes, serving):
    tickets = [(s, i) for i, s in enumerate(services)]
    counters = [CounterLoad(i, s) for i, s in enumerate(serving)]
    pace = {"INFO": 8, "JHT": 20, "JKM": 25}
    base = forecast(tickets, counters, pace, minutes)
    more = forecast(tickets, counters + [CounterLoad(99, ("INFO", "JHT", "JKM"))], pace, minutes)
    later = forecast(tickets, counters, pace, minutes + 30)
    assert more.left_at_close <= base.left_at_close
    assert later.left_at_close <= base.left_at_close
    assert base.left_at_close <= len(tickets)
    assert base.clears == (base.left_at_close == 0)
    if base.rangers and base.rangers_enough and minutes > 0:
        rangers = [CounterLoad(-r, base.ranger_services) for r in range(base.rangers)]
        assert forecast(tickets, counters + rangers, pace, minutes).clears
