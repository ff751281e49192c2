"""The visit timeline, worked by hand: a plain visit, a recall, a transfer, a no-show."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings, strategies as st

from kiosk.domain.queue import TicketState
from kiosk.domain.ticket import EventKind, QueueEvent
from kiosk.domain.timeline import DayLog

WIB = ZoneInfo("Asia/Jakarta")
DAY = date(2026, 11, 23)


def at(hhmm: str) -> datetime:
    h, m = hhmm.split(":")
    return datetime(2026, 11, 23, int(h), int(m), tzinfo=WIB)


class Script:
    def __init__(self):
        self.events: list[QueueEvent] = []

    def add(self, when, kind, ticket=None, number=None, service=None, counter=None, **data):
        self.events.append(QueueEvent(len(self.events) + 1, at(when) if isinstance(when, str) else when, kind,
                                      ticket, number, service, counter, data))
        return self


def morning() -> DayLog:
    s = Script()
    s.add("09:00", EventKind.ISSUED, "T1", "A-001", "INFO", priority=False, assisted=False)
    s.add("09:00", EventKind.ISSUED, "T3", "D-001", "JHT", priority=True, assisted=True)
    s.add("09:05", EventKind.ISSUED, "T2", "A-002", "INFO")
    s.add("09:10", EventKind.CALLED, "T1", "A-001", "INFO", 1)
    s.add("09:12", EventKind.STARTED, "T1", "A-001", "INFO", 1)
    s.add("09:15", EventKind.CALLED, "T2", "A-002", "INFO", 2)
    s.add("09:18", EventKind.RECALLED, "T2", "A-002", "INFO", 2)
    s.add("09:20", EventKind.CALLED, "T3", "D-001", "JHT", 3)
    s.add("09:21", EventKind.STARTED, "T3", "D-001", "JHT", 3)
    s.add("09:30", EventKind.FINISHED, "T1", "A-001", "INFO", 1)
    s.add("09:30", EventKind.ISSUED, "T4", "B-001", "DATA")
    s.add("09:30", EventKind.PRINT_FAILED, "T4", "B-001", "DATA")
    s.add("09:35", EventKind.TRANSFERRED, "T3", "D-001", "JHT", 3, to="JKM", new_ticket_id="T3B", reason="ahli waris")
    s.add("09:40", EventKind.FINISHED, "T2", "A-002", "INFO", 2)
    s.add("09:45", EventKind.CALLED, "T4", "B-001", "DATA", 1)
    s.add("09:50", EventKind.SKIPPED, "T4", "B-001", "DATA", 1)
    s.add("09:50", EventKind.CALLED, "T3B", "D-001", "JKM", 5)
    s.add("10:10", EventKind.FINISHED, "T3B", "D-001", "JKM", 5)
    s.add("10:11", EventKind.FRONT_DESK, service="CEK", assisted=True)
    s.add("10:12", EventKind.ONLINE, service="JKP")
    s.add("10:13", EventKind.RATED, "T1", "A-001", "INFO", 1, score=4)
    s.add("10:14", EventKind.RATED, "T1", "A-001", "INFO", 1, score=1)     # a second rating is not counted
    return DayLog(DAY).extend(s.events)


def test_a_plain_visit_waits_walks_and_is_served():
    v = morning().visits["T1"]
    assert v.state is TicketState.DONE and v.arrival and v.counter == 1
    assert (v.wait_s, v.walk_s, v.service_s, v.call_count) == (600, 120, 1080, 1)


def test_a_recall_counts_as_walking_until_the_participant_answered():
    v = morning().visits["T2"]
    # no start recorded: service begins at the recall the participant answered (09.18)
    assert (v.wait_s, v.walk_s, v.service_s, v.call_count, v.recalls) == (600, 180, 1320, 2, 1)


def test_a_transferred_ticket_ends_at_the_transfer_and_its_successor_queues_from_there():
    log = morning()
    origin, successor = log.visits["T3"], log.visits["T3B"]
    assert origin.state is TicketState.TRANSFERRED and origin.transferred_to == "JKM"
    assert (origin.wait_s, origin.walk_s, origin.service_s) == (1200, 60, 840)
    assert origin.priority and origin.assisted
    assert successor.service == "JKM" and not successor.arrival and successor.origin_ticket_id == "T3"
    assert successor.arrived_at == at("09:00") and successor.queued_at == at("09:35")
    assert (successor.wait_s, successor.walk_s, successor.service_s, successor.counter) == (900, 0, 1200, 5)
    assert successor.priority                                   # keeps its priority across the transfer


def test_a_no_show_has_a_wait_but_no_service():
    v = morning().visits["T4"]
    assert v.state is TicketState.NO_SHOW and v.print_failures == 1
    assert (v.wait_s, v.walk_s, v.service_s) == (900, None, None)


def test_visits_without_a_ticket_and_ratings_are_counted_once():
    log = morning()
    assert [(m.service, m.assisted) for m in log.front_desk] == [("CEK", True)]
    assert [m.service for m in log.online] == ["JKP"]
    assert [m.score for m in log.ratings] == [4]


def test_facts_carry_local_hours_and_offsets_and_no_personal_data():
    facts = {f.ticket_id: f for f in morning().facts(WIB)}
    f = facts["T1"]
    assert (f.hour, f.weekday, f.queued_s, f.called_s, f.ended_s) == (9, 0, 9 * 3600, 9 * 3600 + 600, 9 * 3600 + 1800)
    assert facts["T3B"].arrival is False and facts["T3"].transferred_to == "JKM"
    assert not any("nik" in name or "name" in name for name in f._fields)


def test_a_waiting_ticket_today_knows_how_long_it_has_waited():
    log = DayLog(DAY).extend(Script().add("09:00", EventKind.ISSUED, "T9", "A-009", "INFO").events)
    f = log.facts(WIB, now=at("09:42"))[0]
    assert (f.state, f.wait_s, f.waited_s) == (TicketState.WAITING.value, None, 42 * 60)


def test_pauses_are_added_up_per_counter():
    s = Script().add("09:00", EventKind.PAUSED, counter=2).add("09:20", EventKind.RESUMED, counter=2)
    s.add("11:00", EventKind.PAUSED, counter=2)
    log = DayLog(DAY).extend(s.events)
    c = log.counters[2]
    assert c.paused and c.paused_s == 1200 and c.paused_total_s(at("11:30")) == 1200 + 1800


def test_an_event_seen_twice_changes_nothing():
    log = morning()
    before = {k: (v.state, v.call_count) for k, v in log.visits.items()}
    log.extend(Script().add("09:10", EventKind.CALLED, "T1", "A-001", "INFO", 1).events[:1])
    assert {k: (v.state, v.call_count) for k, v in log.visits.items()} == before


# ---------------------------------------------------------------- properties

step = st.sampled_from(["call", "recall", "start", "finish", "skip", "transfer", "wait"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(step, st.integers(0, 30)), max_size=12), st.integers(0, 60))
def test_waiting_walking_and_service_add_up_to_the_whole_visit(steps, first_wait):
    """Whatever legal moves a ticket goes through, its stages never overlap and add up."""
    s = Script()
    now = at("09:00")
    s.add(now, EventKind.ISSUED, "T", "A-001", "INFO")
    state, calls, ticket = "waiting", 0, "T"
    now += timedelta(minutes=first_wait)
    for move, gap in steps:
        now += timedelta(minutes=gap)
        if move == "call" and state == "waiting":
            s.add(now, EventKind.CALLED, ticket, "A-001", "INFO", 1)
            state, calls = "called", calls + 1
        elif move == "recall" and state in ("called", "serving"):
            s.add(now, EventKind.RECALLED, ticket, "A-001", "INFO", 1)
            calls += 1
        elif move == "start" and state == "called":
            s.add(now, EventKind.STARTED, ticket, "A-001", "INFO", 1)
            state = "serving"
        elif move == "finish" and state in ("called", "serving"):
            s.add(now, EventKind.FINISHED, ticket, "A-001", "INFO", 1)
            state = "done"
        elif move == "skip" and state == "called":
            s.add(now, EventKind.SKIPPED, ticket, "A-001", "INFO", 1)
            state = "ended"
        elif move == "transfer" and state in ("called", "serving"):
            s.add(now, EventKind.TRANSFERRED, ticket, "A-001", "INFO", 1, to="DATA", new_ticket_id=ticket + "x")
            ticket, state, calls = ticket + "x", "waiting", 0
    log = DayLog(DAY).extend(s.events)
    for v in log.visits.values():
        for part in (v.wait_s, v.walk_s, v.service_s):
            assert part is None or part >= 0
        if v.service_s is not None:
            assert v.wait_s + v.walk_s + v.service_s == (v.ended_at - v.queued_at).total_seconds()
        assert v.call_count == len(v.calls)
    assert log.visits[ticket].call_count == calls
    assert sum(1 for v in log.visits.values() if v.arrival) == 1
