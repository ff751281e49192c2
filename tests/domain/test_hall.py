"""The one reducer of the hall: what each queue event changes on the hall display (now calling,
counter tiles, last calls) and a counter's paused mark, checked over any sequence of events."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain.hall import LAST_CALLS, LETS_GO, DisplayState, counter_paused, paused_in_status, waiting_changes
from kiosk.domain.ticket import EventKind, QueueEvent

COUNTERS = (1, 2, 3)
START = datetime(2026, 11, 23, 8, 0, tzinfo=timezone(timedelta(hours=7)))
BRANCH = SimpleNamespace(counters=[SimpleNamespace(number=n) for n in COUNTERS], groups=())
KINDS = (EventKind.ISSUED, EventKind.CALLED, EventKind.RECALLED, EventKind.FINISHED, EventKind.SKIPPED,
         EventKind.TRANSFERRED, EventKind.PAUSED, EventKind.RESUMED, EventKind.STARTED, EventKind.PRINTED)


def event(i: int, kind: str, counter: int | None, number: str | None, service: str | None = "INFO") -> QueueEvent:
    return QueueEvent(i, START + timedelta(seconds=i), kind, f"t{number}", number, service, counter)


events_strategy = st.lists(
    st.tuples(st.sampled_from(KINDS), st.sampled_from((1, 2, 3, 4)),      # counter 4 is not in the hall
              st.sampled_from(("A001", "A002", "B001", "B002")), st.sampled_from(("INFO", "JHT"))),
    max_size=40,
).map(lambda rows: [event(i + 1, *row) for i, row in enumerate(rows)])


def folded(events, services=()) -> DisplayState:
    state = DisplayState.for_branch(BRANCH, services=services)
    for e in events:
        state.apply(e)
    return state


@settings(max_examples=200, deadline=None)
@given(events_strategy)
def test_any_sequence_keeps_the_hall_consistent_with_the_events(events):
    state = folded(events)
    # the last calls: newest first, each (number, counter) once, at most LAST_CALLS, and none that
    # was skipped or transferred at that counter since (kiosk.domain.hall.LETS_GO); now calling is
    # the newest call, or after it was let go the newest one still on its counter's tile
    last: list[tuple[str, int]] = []
    tiles: dict[int, str | None] = {}
    now = None
    for e in events:
        key = (e.number, e.counter)
        if e.kind in EventKind.CALLS and e.counter in COUNTERS:
            last = [key] + [k for k in last if k != key]
            del last[LAST_CALLS:]
            tiles[e.counter], now = e.number, (key, e.kind == EventKind.RECALLED)
            continue
        if e.kind in LETS_GO:
            last = [k for k in last if k != key]
            if now is not None and now[0] == key:
                now = next(((k, None) for k in last if k != key and tiles.get(k[1]) == k[0]), None)
        if e.kind in EventKind.CLEARS and tiles.get(e.counter) == e.number:
            tiles[e.counter] = None
    keys = [(c.number, c.counter) for c in state.last_calls]
    assert len(keys) == len(set(keys)) <= LAST_CALLS
    assert keys == last
    if now is None:
        assert state.now_calling is None
    else:
        assert (state.now_calling.number, state.now_calling.counter) == now[0]
        assert now[1] is None or state.now_calling.recall is now[1]
    for n in COUNTERS:
        mine = [e for e in events if e.counter == n]
        # a tile shows the number last called there, until that number is finished, skipped or sent on
        shown = None
        for e in mine:
            if e.kind in EventKind.CALLS:
                shown = e.number
            elif e.kind in EventKind.CLEARS and e.number == shown:
                shown = None
        assert state.tiles[n].number == shown
        # paused after the last pause, until a resume; the counter desk's mark agrees
        toggles = [e.kind for e in mine if e.kind in (EventKind.PAUSED, EventKind.RESUMED)]
        assert state.tiles[n].paused is bool(toggles and toggles[-1] == EventKind.PAUSED)
        assert counter_paused(False, n, events) is state.tiles[n].paused
    assert 4 not in state.tiles


@settings(max_examples=100, deadline=None)
@given(events_strategy)
def test_a_display_for_one_service_shows_only_its_calls(events):
    state = folded(events, services=("JHT",))
    assert all(c.service == "JHT" for c in state.last_calls)
    unfiltered = folded([e for e in events if e.service == "JHT" or e.kind not in EventKind.CALLS], services=())
    assert state.last_calls == unfiltered.last_calls


@settings(max_examples=100, deadline=None)
@given(events_strategy, events_strategy)
def test_folding_in_two_batches_is_folding_once(first, second):
    second = [event(len(first) + e.id, e.kind, e.counter, e.number, e.service) for e in second]
    once = folded(first + second)
    twice = folded(first)
    for e in second:
        twice.apply(e)
    assert (once.now_calling, once.last_calls, once.tiles) == (twice.now_calling, twice.last_calls, twice.tiles)
    assert counter_paused(counter_paused(False, 2, first), 2, second) is counter_paused(False, 2, first + second)


def test_apply_returns_the_call_to_flash_and_speak_only_for_calls_it_shows():
    state = DisplayState.for_branch(BRANCH)
    entry = state.apply(event(1, EventKind.CALLED, 2, "A001"))
    assert (entry.number, entry.counter, entry.recall) == ("A001", 2, False)
    assert state.apply(event(2, EventKind.RECALLED, 2, "A001")).recall is True
    assert state.apply(event(3, EventKind.CALLED, 9, "A002")) is None      # not a counter of this hall
    assert state.apply(event(4, EventKind.FINISHED, 2, "A001")) is None
    assert state.tiles[2].number is None and state.now_calling.number == "A001"


def test_a_fresh_status_replaces_everything():
    state = folded([event(1, EventKind.CALLED, 1, "A001"), event(2, EventKind.PAUSED, 3, None)])
    status = SimpleNamespace(
        counters=[{"counter": 1, "ticket": None, "paused": False},
                  {"counter": 2, "ticket": {"number": "B002", "service": "JHT"}, "paused": True},
                  {"counter": 3, "ticket": None, "paused": False}],
        last_calls=[{"number": "B002", "counter": 2, "service": "JHT", "at": None},
                    {"number": "B002", "counter": 2, "service": "JHT", "at": None, "recall": True},
                    {"number": "X001", "counter": 7, "service": "JHT", "at": None}],
        services=[])
    state.load(status)
    assert [(t.number, t.paused) for t in state.tiles.values()] == [(None, False), ("B002", True), (None, False)]
    assert [(c.number, c.counter) for c in state.last_calls] == [("B002", 2)]
    assert state.now_calling == state.last_calls[0]
    assert paused_in_status(status, 2) is True and paused_in_status(status, 3) is False
    assert paused_in_status(status, 8, paused=True) is True                  # not listed: as it was


def test_waiting_counts_change_on_issue_call_clear_and_pause_only():
    changing = {k for k in KINDS if waiting_changes(event(1, k, 1, "A001"))}
    assert changing == {EventKind.ISSUED, EventKind.CALLED, EventKind.FINISHED, EventKind.SKIPPED,
                        EventKind.TRANSFERRED, EventKind.PAUSED, EventKind.RESUMED}
