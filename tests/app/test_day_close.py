"""The day closes (issue 18, item 4), on SQLite and PostgreSQL: yesterday's open tickets end in
their own states with their own events before the first action of a new day, counters start empty,
bookings never checked in become no-shows, the day's summary is written, a ticket left serving
overnight counts no service time in a report, and closing by hand is idempotent."""
from __future__ import annotations

import json
from datetime import date, time

import pytest

from kiosk.cli import main as cli_main
from kiosk.domain import errors
from kiosk.domain.queue import TicketState
from kiosk.domain.ticket import EventKind

YOUNG = "3171012902001234"
OTHER = "3171015708900001"
THIRD = "3171010101950002"
MONDAY = date(2026, 11, 23)
TUESDAY = date(2026, 11, 24)


def at(clock, day: date, h: int, m: int) -> None:
    clock.now = clock.now.replace(year=day.year, month=day.month, day=day.day, hour=h, minute=m, second=0,
                                  microsecond=0)


def state_of(svc, ticket_id: str) -> TicketState:
    with svc.uow(write=False) as uow:
        return uow.queue.ticket(ticket_id).state


def kinds_of(svc, ticket_id: str) -> list[str]:
    with svc.uow(write=False) as uow:
        return [e.kind for e in uow.queue.events_after(0, 10_000) if e.ticket_id == ticket_id]


def monday_left_open(svc, clock):
    """Monday: A-001 called at counter 2 and being served, never finished; A-002 called at counter
    1 and finished; A-003 still waiting when everybody went home."""
    at(clock, MONDAY, 9, 0)
    a1 = svc.issue(YOUNG, "INFO")
    a2 = svc.issue(OTHER, "INFO")
    a3 = svc.issue(THIRD, "INFO")
    at(clock, MONDAY, 9, 30)
    assert svc.call_next(2).number == a1.number
    svc.start_serving(2)
    at(clock, MONDAY, 9, 35)
    assert svc.call_next(1).number == a2.number
    at(clock, MONDAY, 9, 50)
    svc.finish(1)
    return a1, a2, a3


def test_yesterdays_called_ticket_is_not_counter_2s_ticket_next_morning(make_services, db_url, clock):
    svc = make_services(db_url)
    a1, a2, a3 = monday_left_open(svc, clock)
    assert svc.current_ticket(2).number == a1.number            # Monday evening: still at counter 2

    at(clock, TUESDAY, 7, 45)                                  # the counter window opens Tuesday
    assert svc.current_ticket(2) is None
    assert state_of(svc, a1.ticket_id) is TicketState.UNCONFIRMED
    assert state_of(svc, a3.ticket_id) is TicketState.NOT_SERVED
    assert state_of(svc, a2.ticket_id) is TicketState.DONE
    assert kinds_of(svc, a1.ticket_id)[-1] == EventKind.UNCONFIRMED
    assert kinds_of(svc, a3.ticket_id)[-1] == EventKind.NOT_SERVED
    status = svc.status()
    assert all(c["ticket"] is None for c in status.counters)
    with svc.uow(write=False) as uow:                          # the kept waiting count follows the close
        assert uow.queue.service_counts(MONDAY)["INFO"]["waiting"] == 0

    at(clock, TUESDAY, 8, 0)
    fresh = svc.issue(OTHER, "INFO")
    assert fresh.place.number == "A-001"
    # the first call of the day calls today's ticket and finishes nothing of Monday's
    assert svc.call_next(2).number == fresh.place.number
    assert state_of(svc, a1.ticket_id) is TicketState.UNCONFIRMED
    assert kinds_of(svc, a1.ticket_id).count(EventKind.FINISHED) == 0


def test_a_ticket_left_serving_overnight_counts_no_service_time(make_services, db_url, clock):
    svc = make_services(db_url)
    monday_left_open(svc, clock)
    at(clock, TUESDAY, 8, 0)
    svc.issue(OTHER, "INFO")                                  # Tuesday's first action closes Monday
    svc.call_next(2)                                          # and counter 2's first call finishes nothing of it
    doc = svc.report(MONDAY, MONDAY).to_json()
    counters = {c["counter"]: c for c in doc["counters"]}
    # counter 2 held A-001 from 09.30 and never finished it: no 1,440 minutes, no minutes at all
    assert counters[2]["busy_min"] in (0, 0.0, None)
    assert counters[1]["busy_min"] == 15.0                     # called 09.35, finished 09.50
    info = next(s for s in doc["services"] if s["service"] == "INFO")
    assert info["service_p50_min"] == 15.0 and info["served"] == 1 and info["unserved"] == 1


def test_a_ticket_finished_the_next_morning_before_any_close_counts_no_overnight_time(make_services, db_url,
                                                                                       clock):
    """Data from before the day close existed: the end on a later day counts no time either."""
    svc = make_services(db_url)
    a1, _, _ = monday_left_open(svc, clock)
    at(clock, TUESDAY, 8, 10)
    with svc.uow() as uow:                                     # as an older version left it: a late finish
        ticket = uow.queue.ticket(a1.ticket_id)
        uow.queue.conn.exec_driver_sql("DELETE FROM events WHERE kind IN ('unconfirmed', 'not_served')")
        uow.queue.add_event(clock.now, EventKind.FINISHED, ticket=ticket, counter=2)
    doc = svc.report(MONDAY, MONDAY).to_json()
    counters = {c["counter"]: c for c in doc["counters"]}
    assert counters[2]["busy_min"] in (0, 0.0, None)


def test_bookings_never_checked_in_become_no_shows(make_services, db_url, clock):
    svc = make_services(db_url)
    at(clock, MONDAY, 8, 0)
    kept, _ = svc.book(YOUNG, "INFO", MONDAY, time(9, 0), time(9, 30))
    missed, _ = svc.book(OTHER, "INFO", MONDAY, time(10, 0), time(10, 30))
    at(clock, MONDAY, 9, 5)
    svc.check_in(kept["code"])
    at(clock, TUESDAY, 8, 0)
    svc.status()
    assert svc.booking(missed["code"])["state"] == "no_show"
    assert svc.booking(kept["code"])["state"] == "checked_in"
    rows = {r["service"]: r for r in svc.day_summaries(MONDAY, MONDAY)}
    assert (rows["INFO"]["bookings_no_show"], rows["INFO"]["bookings_checked_in"]) == (1, 1)


def test_the_days_summary_is_written_per_service(make_services, db_url, clock):
    svc = make_services(db_url)
    a1, a2, a3 = monday_left_open(svc, clock)
    at(clock, MONDAY, 9, 55)
    svc.rate(a2.ticket_id, 4)
    at(clock, MONDAY, 18, 30)
    result = svc.close_day(MONDAY)
    assert (result.closed_now, result.not_served, result.unconfirmed, result.services) == (True, 1, 1, 1)
    row = svc.day_summaries(MONDAY, MONDAY)[0]
    assert (row["service_day"], row["service"], row["arrivals"], row["served"]) == (MONDAY, "INFO", 3, 1)
    assert (row["not_served"], row["unconfirmed"], row["no_show"]) == (1, 1, 0)
    # waits: A-001 30 min, A-002 35 min; service: A-002 15 min
    assert (row["wait_p50_s"], row["wait_p90_s"], row["service_p50_s"]) == (1950, 2070, 900)
    assert (row["service_total_s"], row["service_count"], row["rating_4"], row["rating_1"]) == (900, 1, 1, 0)
    assert not {"nik", "nik_hash", "nik_last4", "name", "ticket_id"} & set(row)


def test_closing_by_hand_is_idempotent_and_says_so(make_services, db_url, clock):
    svc = make_services(db_url)
    monday_left_open(svc, clock)
    at(clock, MONDAY, 17, 30)
    first = svc.close_day()
    assert first.day == MONDAY and first.changed and first.to_json()["already_closed"] is False
    second = svc.close_day()
    assert not second.changed and second.to_json() == {
        "date": "2026-11-23", "closed": False, "already_closed": True, "not_served": 0, "unconfirmed": 0,
        "booking_no_shows": 0, "services": 0}
    with svc.uow(write=False) as uow:
        closes = [e for e in uow.queue.events_after(0, 10_000) if e.kind == EventKind.DAY_CLOSED]
    assert len(closes) == 1
    at(clock, TUESDAY, 8, 0)
    svc.issue(OTHER, "INFO")                                  # the automatic close finds it closed
    assert not svc.close_day(MONDAY).changed


def test_a_ticket_taken_after_a_closing_by_hand_is_closed_the_next_morning(make_services, db_url, clock):
    svc = make_services(db_url)
    monday_left_open(svc, clock)
    at(clock, MONDAY, 17, 30)
    svc.close_day()
    at(clock, MONDAY, 13, 40)                                  # a kiosk whose clock is hours behind
    late_ticket = svc.issue(THIRD, "INFO")
    assert late_ticket.place.number == "A-004"
    at(clock, TUESDAY, 8, 0)
    assert state_of(svc, late_ticket.ticket_id) is TicketState.NOT_SERVED
    rows = svc.day_summaries(MONDAY, MONDAY)
    assert [(r["service"], r["arrivals"], r["not_served"]) for r in rows] == [("INFO", 4, 2)]


def test_today_is_not_closed_by_hand_while_the_office_is_open(make_services, db_url, clock):
    svc = make_services(db_url)
    monday_left_open(svc, clock)
    with pytest.raises(errors.AnjunganError) as refused:
        svc.close_day()
    assert refused.value.key == "day.close.still_open"
    with pytest.raises(errors.AnjunganError) as refused:
        svc.close_day(TUESDAY)
    assert refused.value.key == "day.close.future"


def test_the_command_closes_a_day_and_says_when_it_was_closed_already(make_services, tmp_path, clock, capsys,
                                                                     monkeypatch):
    url = f"sqlite:///{tmp_path / 'queue.sqlite'}"
    svc = make_services(url)
    monday_left_open(svc, clock)
    svc.close()
    monkeypatch.setenv("ANJUNGAN_NOW", "2026-11-23T18:00:00+07:00")
    assert cli_main(["--db", url, "day", "close", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc == {"date": "2026-11-23", "closed": True, "already_closed": False, "not_served": 1,
                   "unconfirmed": 1, "booking_no_shows": 0, "services": 1}
    assert cli_main(["--db", url, "day", "close", "--date", "2026-11-23"]) == 0
    assert "sudah ditutup" in capsys.readouterr().out
    assert cli_main(["--db", url, "day", "close", "--date", "23-11-2026"]) != 0
    err = capsys.readouterr().err
    assert "YYYY-MM-DD" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_machine_up_at_closing_time_closes_the_day_with_its_heartbeat(make_services, db_url, clock):
    svc = make_services(db_url)
    a1, _, a3 = monday_left_open(svc, clock)
    beat = svc.heartbeat_timer("counter", counter=2, background=False)
    at(clock, MONDAY, 15, 50)                                  # the office closed at 15.00: not yet an hour
    beat.tick()
    assert state_of(svc, a1.ticket_id) is TicketState.SERVING
    at(clock, MONDAY, 16, 1)
    beat.soon()
    beat.tick()
    assert state_of(svc, a1.ticket_id) is TicketState.UNCONFIRMED
    assert state_of(svc, a3.ticket_id) is TicketState.NOT_SERVED
    assert [r["service"] for r in svc.day_summaries(MONDAY, MONDAY)] == ["INFO"]
    with svc.uow(write=False) as uow:
        assert uow.days.closes(MONDAY, MONDAY) == {MONDAY: "auto"}
