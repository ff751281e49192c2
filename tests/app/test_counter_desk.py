"""The counter desk without Qt: an officer's whole shift at counter 1 (call, recall, skip, finish,
transfer, pause, start serving, a later visit, help requests), driven through `CounterDesk`
and checked by what the desk would show and say."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from kiosk.domain.counter import CounterAction
from kiosk.domain.queue import Move
from kiosk.domain.ticket import EventKind, QueueEvent
from kiosk.services import CounterDesk, counter_act
from tests.conftest import fresh_nik
from tests.events.helpers import issue

ELDERLY = "3171011708450001"       # 81 years old: priority


@pytest.fixture
def desk(make_services):
    svc = make_services()

    def factory(lang: str = "id") -> CounterDesk:
        return CounterDesk(svc, 1, lang)

    factory.svc = svc
    return factory


def refreshed(desk: CounterDesk) -> CounterDesk:
    desk.run(desk.refresh())
    return desk


def test_a_call_shows_the_ticket_and_what_may_be_done_with_it(desk):
    svc, d = desk.svc, desk()
    elderly = issue(svc, "INFO", nik=ELDERLY)[0]
    young = issue(svc, "DATA", nik=fresh_nik())[0]
    refreshed(d)
    assert d.waiting_title() == "Antrian menunggu (2)"
    assert d.card().number == "—" and d.serving().stage == 0
    before = d.allowed()
    assert before.call and not (before.recall or before.finish or before.skip or before.start or before.book)

    said = d.run(d.call_next())
    assert (said.key, said.text, said.error) == ("counter.called", f"{elderly.number} dipanggil ke Loket 1.", False)
    card = d.card()
    assert card.number == elderly.number and "Informasi & Kepesertaan" in card.headline
    assert "Prioritas" in card.facts
    assert "0001" not in card.nik and card.nik_toggle is not None       # hidden until the officer asks
    assert card.documents == tuple(svc.branch.service("INFO").documents)
    d.toggle_nik()
    assert d.card().nik == "NIK: ************0001"
    now = d.allowed()
    assert now.recall and now.finish and now.transfer and now.start and now.book and now.return_
    assert not now.skip                                            # a no-show after the branch's grace only
    assert d.serving().stage == 1                                  # "start serving" beside the number
    refreshed(d)
    assert [text.split()[0] for text, _booked in d.waiting_rows()] == [young.number]


def test_recall_skip_finish_and_the_counts_of_the_day(desk, clock):
    svc, d = desk.svc, desk()
    a, b, _c = issue(svc, "INFO", "INFO", "INFO")
    d.run(d.act(CounterAction.CALL))
    said = d.run(d.act(CounterAction.RECALL))
    assert said.key == "counter.recalled" and d.current.number == a.number
    assert svc.current_ticket(1).call_count == 2
    assert not d.allowed().skip and d.no_show_words() == "Tidak hadir · 2:00"     # the branch's grace
    clock.advance(minutes=2)
    assert d.allowed().skip
    assert d.run(d.act(CounterAction.SKIP)).key == "counter.skipped"
    assert d.current is None and d.card().number == "—"
    d.run(d.call_next())
    assert d.current.number == b.number
    assert d.run(d.act(CounterAction.FINISH)).key == "counter.finished"
    refreshed(d)
    assert "dilayani 1 · tidak hadir 1" in d.today_text()


def test_nothing_waiting_and_an_error_are_one_sentence(desk):
    svc, d = desk.svc, desk()
    said = d.run(d.call_next())
    assert (said.key, said.text) == ("counter.nothing", "Tidak ada antrian yang menunggu.")
    svc.pause(1)                       # paused elsewhere; the desk has not heard yet
    said = d.run(d.call_next())
    assert said.error and said.exc is not None and "jeda" in said.text and said.key
    assert not d.busy
    english = desk("en").run(desk("en").call_next())
    assert english.error and english.text == said.exc.message_en


def test_one_action_at_a_time(desk):
    svc, d = desk.svc, desk()
    issue(svc, "INFO")
    job = d.call_next()
    assert d.busy and not d.allowed().call and not d.allowed().pause
    assert d.call_next() is None and d.toggle_pause() is None       # the second click does nothing
    d.run(job)
    assert not d.busy and d.allowed().recall


def test_pause_blocks_calls_until_resumed_and_follows_the_feed(desk):
    svc, d = desk.svc, desk()
    assert d.run(d.toggle_pause()).key == "counter.paused"
    assert d.paused and not d.allowed().call and d.pause_key == "counter.resume"
    assert svc.status().counters[0]["paused"] is True
    assert d.run(d.toggle_pause()).key == "counter.resumed"
    assert not d.paused and d.allowed().call
    assert d.run(d.act(CounterAction.PAUSE)).key == "counter.paused" and d.paused
    assert d.run(d.act(CounterAction.PAUSE)).key == "counter.paused" and d.paused   # again: stays paused
    assert d.run(d.act(CounterAction.RESUME)).key == "counter.resumed" and not d.paused

    at = svc.now()
    d.on_events([QueueEvent(1, at, EventKind.PAUSED, None, None, None, 2)])         # another counter
    assert not d.paused
    d.on_events([QueueEvent(2, at, EventKind.PAUSED, None, None, None, 1)])
    assert d.paused
    svc.pause(1)
    svc.resume(1)
    d.on_status(svc.status())                                      # after a reconnect: the status decides
    assert not d.paused


def test_transfer_needs_a_reason_and_moves_the_ticket(desk):
    svc, d = desk.svc, desk()
    (a,) = issue(svc, "INFO")
    d.run(d.call_next())
    targets = dict((code, text) for text, code in d.transfer_targets())
    assert "JHT" in targets and "INFO" not in targets
    refused = d.run(d.transfer("JHT", "   "))
    assert (refused.key, refused.error) == ("counter.transfer_need_reason", True)
    assert d.current is not None and not d.busy
    assert d.run(d.transfer("JHT", "klaim JHT")).key == "counter.transferred"
    assert d.current is None
    assert [t.number for t in svc.waiting(["JHT"])] == [a.number]


def test_start_serving_and_the_whole_minutes_since(desk, clock):
    svc, d = desk.svc, desk()
    issue(svc, "INFO")
    d.run(d.call_next())
    assert d.may(Move.START)
    started = clock.now
    said = d.run(d.start_serving())
    assert said.key == "counter.started" and d.serving_from is not None
    assert not d.may(Move.START) and d.may(Move.FINISH)
    clock.now = started + timedelta(minutes=5, seconds=59)
    serving = d.serving()
    assert serving.stage == 2 and serving.text.endswith("· 5 menit")        # whole minutes, counted down


def test_a_scanned_ticket_comes_to_the_counter(desk):
    svc, d = desk.svc, desk()
    _first, second = issue(svc, "INFO", "INFO")
    assert d.open_ticket("   ") is None
    said = d.run(d.open_ticket(second.ticket_data.qr_payload))
    assert said.key == "counter.opened" and d.current.number == second.number


def test_help_requests_as_many_as_there_is_room_for_the_rest_counted(desk):
    svc, d = desk.svc, desk()
    ids = [svc.request_assistance(f"kiosk-{i}", "help") for i in range(4)]
    rows, more = refreshed(d).help_rows(3)
    assert sorted(r.event_id for r in rows) == sorted(ids)[:3] and len(rows) == 3
    assert all("kiosk-" in r.text and "bantuan" in r.text.lower() for r in rows)
    assert more == "+1 permintaan lagi"
    d.run(d.acknowledge(rows[0].event_id))
    rows, more = refreshed(d).help_rows(3)
    assert len(rows) == 3 and more is None


def test_a_later_visit_is_booked_for_the_ticket_at_the_counter(desk):
    svc, d = desk.svc, desk()
    (a,) = issue(svc, "INFO")
    assert d.open_booking() is None                                # nobody at the counter
    d.run(d.call_next())
    choices = d.open_booking()
    assert choices.service == "INFO" and choices.days and d.booking_for == a.ticket_id
    assert str(a.number) in choices.title
    day = choices.days[0][1]
    slots = d.choose_day(date.fromisoformat(day))
    assert slots and "–" in slots[0]
    refused = d.run(d.book("INFO", None, 0))
    assert (refused.key, refused.error) == ("counter.booking_no_slot", True)
    said = d.run(d.book("INFO", date.fromisoformat(day), 0))
    assert said.key == "counter.booking_made" and said.text.startswith("Booking ") and slots[0] in said.text
    assert d.booking_for is None
    assert svc.bookings_of(day, "INFO")[0]["code"] in said.text


def test_the_panel_books_only_for_the_ticket_it_was_opened_for(desk):
    svc, d = desk.svc, desk()
    issue(svc, "INFO", "INFO")
    d.run(d.call_next())
    d.open_booking()
    d.run(d.act(CounterAction.FINISH))
    assert d.booking_for is None                                   # the ticket left: the panel closes


def test_the_one_word_actions_of_the_command_line_and_the_api(desk):
    svc = desk.svc
    (a,) = issue(svc, "INFO")
    assert counter_act(svc, CounterAction.CALL, 1).number == a.number
    assert counter_act(svc, CounterAction.RECALL, 1).call_count == 2
    assert counter_act(svc, CounterAction.PAUSE, 1) is True
    assert counter_act(svc, CounterAction.RESUME, 1) is False
    assert counter_act(svc, CounterAction.FINISH, 1).number == a.number
    assert [a.use_case for a in CounterAction] == ["call_next", "recall", "skip", "finish", "pause", "resume"]
    assert all(callable(getattr(svc, a.use_case)) for a in CounterAction)


# -- any shift: what the desk allows never ends in an error, and it agrees with the store ---------

def test_in_any_shift_an_allowed_action_never_fails_and_the_desk_agrees_with_the_store(make_services):
    from hypothesis import settings, strategies as st
    from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

    svc = make_services()

    class Shift(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            if svc.current_ticket(1) is not None:             # each shift starts with an empty counter
                svc.finish(1)
            if svc.status().counters[0]["paused"]:
                svc.resume(1)
            self.desk = CounterDesk(svc, 1)
            self.desk.run(self.desk.refresh())

        @rule()
        def a_participant_takes_a_ticket(self):
            issue(svc, "INFO", nik=fresh_nik())

        @rule(action=st.sampled_from(["call", "recall", "skip", "finish", "start", "pause"]))
        def the_officer_presses(self, action):
            d = self.desk
            allowed = d.allowed()
            on = {"call": allowed.call, "recall": allowed.recall, "skip": allowed.skip, "finish": allowed.finish,
                  "start": allowed.start, "pause": allowed.pause}[action]
            if not on:
                return                                       # the button is greyed out: it cannot be pressed
            if action == "start":
                said = d.run(d.start_serving())
            elif action == "pause":
                said = d.run(d.toggle_pause())
            elif action == "call":
                said = d.run(d.call_next())
                if d.asking:                                 # a call never started: the officer says it was served
                    assert said.key == "counter.previous_question"
                    said = d.run(d.answer("previousDone"))
            else:
                said = d.run(d.act(CounterAction(action)))
            assert said is not None and not said.error, (action, said)
            if action in ("recall", "skip", "finish", "start"):
                assert said.key != "counter.nothing_current"     # it was allowed: there was a ticket

        @rule()
        def the_window_refreshes(self):
            self.desk.run(self.desk.refresh())

        @invariant()
        def the_desk_shows_the_ticket_the_store_has_at_the_counter(self):
            stored = svc.current_ticket(1)
            shown = self.desk.current
            assert (shown.ticket_id if shown else None) == (stored.ticket_id if stored else None)
            assert self.desk.paused is svc.status().counters[0]["paused"]
            assert not self.desk.busy

    run_state_machine_as_test(Shift, settings=settings(max_examples=12, stateful_step_count=12, deadline=None))


def test_the_services_are_what_the_counter_desk_says_it_uses(desk):
    """Each member of `CounterServices` is on the real services, called with the same parameters."""
    import inspect

    from kiosk.services import CounterServices

    svc = desk.svc
    for name, member in vars(CounterServices).items():
        if name.startswith("_") or not callable(member):
            continue
        real = getattr(svc, name)
        wanted = [p for p in inspect.signature(member).parameters if p != "self"]
        have = list(inspect.signature(real).parameters)
        assert have[:len(wanted)] == wanted or "given" in wanted, (name, wanted, have)
    assert svc.branch.counter(1).services
