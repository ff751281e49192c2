"""After a no-show, a transfer or a return the hall sends nobody to that counter for that number:
not in "now calling", not on its tile, not among the last calls (a finished visit stays there), and
a fresh status after a reconnect agrees."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings

from kiosk.domain.hall import LETS_GO, DisplayState, live_calls
from kiosk.domain.ticket import EventKind
from tests.domain.test_hall import BRANCH, event, events_strategy, folded


@pytest.mark.parametrize("kind", LETS_GO)
def test_a_number_let_go_leaves_the_hall_and_the_call_before_it_comes_back(kind):
    state = folded([event(1, EventKind.CALLED, 2, "A001"), event(2, EventKind.CALLED, 1, "D001")])
    assert state.now_calling.number == "D001"
    state.apply(event(3, kind, 1, "D001"))
    assert state.tiles[1].number is None
    assert [c.number for c in state.last_calls] == ["A001"]
    assert (state.now_calling.number, state.now_calling.counter) == ("A001", 2)      # still at counter 2
    state.apply(event(4, kind, 2, "A001"))
    assert state.now_calling is None and state.last_calls == []


def test_a_finished_visit_stays_among_the_last_calls():
    state = folded([event(1, EventKind.CALLED, 1, "D001"), event(2, EventKind.FINISHED, 1, "D001")])
    assert state.tiles[1].number is None and [c.number for c in state.last_calls] == ["D001"]


@settings(max_examples=150, deadline=None)
@given(events_strategy)
def test_now_calling_never_names_a_number_let_go_at_its_counter(events):
    state = DisplayState.for_branch(BRANCH)
    gone: set[tuple[str, int]] = set()
    for e in events:
        state.apply(e)
        if e.kind in LETS_GO:
            gone.add((e.number, e.counter))
        elif e.kind in EventKind.CALLS:
            gone.discard((e.number, e.counter))
        now = state.now_calling
        assert now is None or (now.number, now.counter) not in gone
        assert all((c.number, c.counter) not in gone for c in state.last_calls)


def test_a_fresh_status_leaves_out_the_calls_let_go_since():
    def ev(i, kind, ticket):
        return SimpleNamespace(id=i, kind=kind, ticket_id=ticket)
    calls = [ev(9, EventKind.CALLED, "b"), ev(5, EventKind.RECALLED, "a"), ev(3, EventKind.CALLED, "a")]
    assert [c.id for c in live_calls(calls, [ev(7, EventKind.SKIPPED, "a")])] == [9]
    assert [c.id for c in live_calls(calls, [ev(4, EventKind.SKIPPED, "a")])] == [9, 5]   # called again after
