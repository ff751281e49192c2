"""One answer to "where is my ticket now": the kiosk, the paper, the phone page, the hall's board,
the API view and the command line show the same `Place`, computed by one function."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

from hypothesis import given, strategies as st

from kiosk.domain.nik import make_nik
from kiosk.domain.place import place_of
from kiosk.domain.queue import AT_COUNTER_STATES, TicketState
from kiosk.domain.ticket import Ticket
from tests.conftest import JAKARTA


def young(serial: int) -> str:
    return make_nik("31", "71", "01", date(1990, 3, 14), "F", serial)


def _ticket(state: TicketState, counter: int | None = 3) -> Ticket:
    from datetime import datetime

    now = datetime(2026, 11, 23, 9, 0, tzinfo=JAKARTA)
    return Ticket(ticket_id="t-1", service_day=now.date(), service="INFO", seq=7, number="A-007", state=state,
                  priority=False, arrived_at=now, issued_at=now, counter=counter, call_count=1)


@given(st.sampled_from(list(TicketState)), st.integers(0, 500), st.one_of(st.none(), st.integers(0, 600)))
def test_only_a_waiting_ticket_has_people_ahead_and_a_wait(state, ahead, estimate):
    place = place_of(_ticket(state), ahead, estimate)
    if state is TicketState.WAITING:
        assert (place.ahead, place.estimated_wait_min, place.counter) == (ahead, estimate, None)
        assert place.waiting and not place.final
    else:
        assert place.estimated_wait_min is None and place.counter == 3
        assert place.ahead == (0 if state in AT_COUNTER_STATES else None)
    assert place.called is (state is TicketState.CALLED)
    # a transferred ticket lives on as the ticket it became: its visit is not over
    assert place.final is (state in (TicketState.DONE, TicketState.NO_SHOW, TicketState.CANCELLED,
                                     TicketState.NOT_SERVED, TicketState.UNCONFIRMED))


def test_every_screen_shows_the_same_place(svc, db_url, clock):
    first = svc.issue(young(1), "INFO")
    second = svc.issue(young(2), "INFO")
    third = svc.issue(young(3), "INFO")
    assert third.place.ahead == 2 and third.ahead == 2                   # the kiosk
    assert third.ticket_data.ahead == 2                                   # the paper the kiosk prints
    svc.call_next(1)                                                      # someone moves up
    now = svc.ticket_status(third.ticket_data.qr_payload)                 # the ticket's QR scanned
    assert now.place.ahead == 1 and now.existing
    assert svc.ticket_data(third.ticket_id).ahead == 1                    # a reprint
    assert svc.board().places[third.ticket_id] == now.place               # what the phones are pushed
    doc, _ = svc.public_ticket(third.ref)                                 # the phone page
    assert (doc["ahead"], doc["estimated_wait_min"], doc["waiting"]) == (1, now.place.estimated_wait_min, True)
    # the command line: the same NIK asks again and is told the same place
    done = subprocess.run([sys.executable, "-m", "kiosk", "--db", db_url, "issue", "--nik", young(3),
                           "--service", "INFO", "--json"], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "ANJUNGAN_NOW": clock.now.isoformat()})
    assert done.returncode == 0, done.stderr
    told = json.loads(done.stdout)
    assert told["existing"] and told["ahead"] == 1 and told["number"] == third.number
    # at the counter: nobody ahead, the counter named, on every screen
    called = svc.board().places[first.ticket_id]
    assert called.called and called.ahead == 0 and called.counter == 1
    assert svc.public_ticket(first.ref)[0]["counter"] == 1
    assert svc.ticket_status(first.ticket_data.qr_payload).place == called
    assert second.ticket_id in svc.board().places
