"""The queue engine through the services API, on SQLite and on PostgreSQL."""
from __future__ import annotations

import dataclasses
import json
import logging
import threading
from datetime import datetime

import pytest
from sqlalchemy import text

from kiosk.domain import errors
from tests.conftest import JAKARTA, fresh_nik

ELDER = "3171011708450001"      # born 1945: 81 years old, priority by age
YOUNG = "3171012902001234"      # born 2000-02-29
OTHER = "7105100607610439"      # born 1961


def issue_many(svc, service, n, nik=YOUNG, **kw):
    """`n` tickets for `service`, each for another person born the day `nik` says."""
    return [svc.issue(fresh_nik(nik), service, **kw) for _ in range(n)]


def test_numbers_run_per_service_and_restart_each_service_day(svc, clock):
    first = issue_many(svc, "INFO", 3)
    other = svc.issue(YOUNG, "ADUAN")
    assert [t.number for t in first] == ["A-001", "A-002", "A-003"]
    assert other.number == "H-001"
    assert first[0].service_day.isoformat() == "2026-11-23"
    clock.advance(days=1)
    assert svc.issue(YOUNG, "INFO").number == "A-001"


def test_every_change_writes_an_event_in_the_same_transaction(svc):
    start = svc.last_event_id()
    ticket = svc.issue(YOUNG, "INFO")
    called = svc.call_next(1)
    svc.recall(1)
    svc.finish(1)
    kinds = [(e.kind, e.number) for e in svc.events_after(start)]
    assert kinds == [("issued", "A-001"), ("called", "A-001"), ("recalled", "A-001"), ("finished", "A-001")]
    assert called.ticket_id == ticket.ticket_id and called.state == "called" and called.counter == 1


def test_call_on_an_empty_queue_gives_nothing(svc):
    assert svc.call_next(1) is None
    assert svc.recall(1) is None and svc.skip(1) is None and svc.finish(1) is None


def test_elderly_get_priority_but_regular_tickets_still_move(svc):
    first = svc.issue(ELDER, "INFO")
    regular = issue_many(svc, "INFO", 6)
    assert svc.call_next(1).number == first.number       # no priority call yet today: due at once
    assert svc.call_next(1, "done").number == "A-002"    # one regular call since the priority one
    elder = svc.issue(fresh_nik(ELDER), "INFO")
    assert elder.priority and elder.priority_reason == "lansia"
    every_n = svc.config.branch.priority.every_n_regular
    # One priority ticket after every N regular: N-1 more regular calls, then the elder.
    assert elder.ahead == every_n - 1
    called = [svc.call_next(1, "done").number for _ in range(6)]
    assert called.index(elder.number) == every_n - 1
    assert sorted(called) == sorted([t.number for t in regular[1:]] + [elder.number])
    assert regular[0].number == "A-002"


def test_priority_goes_first_when_no_priority_was_called_yet(svc):
    issue_many(svc, "INFO", 2)
    elder = svc.issue(ELDER, "INFO")
    assert elder.ahead == 0
    assert svc.call_next(1).number == elder.number


def test_staff_priority_reason_is_kept_and_unknown_reasons_refused(svc):
    ticket = svc.issue(YOUNG, "INFO", priority_reason="disabilitas", assisted=True)
    assert ticket.priority and ticket.priority_reason == "disabilitas"
    with pytest.raises(errors.AnjunganError, match="tidak dikenal"):
        svc.issue(YOUNG, "INFO", priority_reason="vip")


def test_skip_marks_a_no_show_and_the_next_call_moves_on(svc, clock):
    a, b = issue_many(svc, "INFO", 2)
    svc.call_next(1)
    with pytest.raises(errors.IllegalTransition, match="belum boleh ditandai tidak hadir"):
        svc.skip(1)                                       # the branch's grace: 2 calls, 2 minutes
    svc.recall(1)
    clock.advance(minutes=2)
    skipped = svc.skip(1)
    assert skipped.number == a.number and skipped.state == "no_show"
    assert svc.current_ticket(1) is None
    assert svc.call_next(1).number == b.number


def test_call_next_finishes_the_current_ticket_only_as_the_officer_says(svc):
    a, b = issue_many(svc, "INFO", 2)
    svc.call_next(1)
    with pytest.raises(errors.IllegalTransition, match="belum mulai dilayani"):
        svc.call_next(1)                                  # called, never started: never silently done
    assert svc.current_ticket(1).number == a.number
    svc.call_next(1, "done")
    assert svc.counter_stats(1)["served"] == 1
    assert svc.current_ticket(1).number == b.number


def test_transfer_keeps_number_and_original_arrival(svc, clock):
    early = svc.issue(YOUNG, "INFO")
    clock.advance(minutes=5)
    later = svc.issue(YOUNG, "ADUAN")
    svc.call_next(1)                                      # counter 1 serves INFO
    moved = svc.transfer(1, "ADUAN", reason="keluhan")
    assert moved.number == early.number and moved.service == "ADUAN" and moved.state == "waiting"
    assert moved.arrived_at == early.ticket_data.issued_at
    adu_counter = next(c.number for c in svc.config.branch.counters if "ADUAN" in c.services)
    # It arrived before H-001, so it is called first at the complaints counter.
    assert svc.call_next(adu_counter).number == early.number
    assert svc.call_next(adu_counter, "done").number == later.number
    kinds = [e.kind for e in svc.events_after(0)]
    assert "transferred" in kinds


def test_transfer_to_the_same_service_is_refused(svc):
    svc.issue(YOUNG, "INFO")
    svc.call_next(1)
    with pytest.raises(errors.IllegalTransition):
        svc.transfer(1, "INFO")


def test_unknown_service_and_counter_are_plain_sentences(svc):
    with pytest.raises(errors.UnknownService, match="tidak ada di kantor ini"):
        svc.issue(YOUNG, "XYZ")
    with pytest.raises(errors.UnknownCounter, match="Loket 99 tidak ada"):
        svc.call_next(99)


def test_invalid_nik_is_refused_before_anything_is_written(svc):
    before = svc.last_event_id()
    with pytest.raises(errors.InvalidNik):
        svc.issue("3171013002001234", "INFO")              # 30 February
    assert svc.last_event_id() == before


def test_paused_counter_cannot_call_and_drops_out_of_the_estimate(svc):
    svc.issue(YOUNG, "INFO")
    svc.pause(1)
    with pytest.raises(errors.IllegalTransition, match="jeda"):
        svc.call_next(1)
    assert any(c["counter"] == 1 and c["paused"] for c in svc.status().to_json()["counters"])
    svc.resume(1)
    assert svc.call_next(1) is not None
    kinds = [e.kind for e in svc.events_after(0)]
    assert kinds.count("paused") == 1 and kinds.count("resumed") == 1


def test_quota_full_refuses_with_a_sentence_and_nothing_half_written(make_services, db_url):
    svc = make_services(db_url)
    branch = svc.config.branch
    small = tuple(dataclasses.replace(s, daily_quota=2) if s.code == "INFO" else s for s in branch.services)
    config = dataclasses.replace(svc.config, branch=dataclasses.replace(branch, services=small))
    svc = make_services(db_url, config=config)
    issue_many(svc, "INFO", 2)
    with pytest.raises(errors.ServiceClosed, match="[Kk]uota"):
        svc.issue(fresh_nik(), "INFO")
    assert [t.number for t in svc.waiting(["INFO"])] == ["A-001", "A-002"]
    assert svc.check(YOUNG).option("INFO").route == "closed"


def test_office_closed_refuses_with_the_next_opening(svc, clock):
    clock.now = datetime(2026, 11, 22, 10, 0, tzinfo=JAKARTA)    # a Sunday
    with pytest.raises(errors.ServiceClosed) as caught:
        svc.issue(YOUNG, "INFO")
    assert "Senin" in str(caught.value)


def test_estimated_wait_grows_with_people_ahead(svc, clock):
    issue_many(svc, "INFO", 2)
    svc.call_next(1)
    clock.advance(minutes=12)
    svc.finish(1)
    estimates = [svc.issue(fresh_nik(), "INFO").estimated_wait_min for _ in range(4)]
    assert estimates == sorted(estimates) and estimates[-1] > estimates[0]


def test_status_reports_waiting_counters_and_last_calls(svc):
    issue_many(svc, "INFO", 3)
    svc.call_next(1)
    doc = svc.status().to_json()
    info = next(s for s in doc["services"] if s["service"] == "INFO")
    assert info["waiting"] == 2 and info["issued"] == 3
    assert doc["counters"][0]["counter"] == 1 and doc["counters"][0]["ticket"]["number"] == "A-001"
    assert doc["last_calls"][0]["number"] == "A-001" and doc["last_calls"][0]["counter"] == 1
    json.dumps(doc)


def test_two_counters_calling_at_once_never_share_a_ticket(svc):
    issue_many(svc, "INFO", 20)
    counters = [c.number for c in svc.config.branch.counters if "INFO" in c.services][:4]
    got: list[str] = []
    lock = threading.Lock()

    def work(counter):
        for _ in range(5):
            view = svc.call_next(counter, "done")
            if view:
                with lock:
                    got.append(view.number)

    threads = [threading.Thread(target=work, args=(c,)) for c in counters]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == len(set(got))
    assert len(got) == min(20, 5 * len(counters))


def test_full_nik_is_purged_after_the_service_day_and_only_a_visitor_key_stays(svc, clock):
    svc.issue(YOUNG, "INFO")
    with svc.database.engine.connect() as conn:
        nik, hashed, last4 = conn.execute(text("SELECT nik, nik_hash, nik_last4 FROM tickets")).one()
    assert nik == YOUNG and hashed and YOUNG not in hashed and last4 == YOUNG[-4:]
    clock.advance(days=1)
    assert svc.purge_full_niks() == 1
    with svc.database.engine.connect() as conn:
        nik, after, last4 = conn.execute(text("SELECT nik, nik_hash, nik_last4 FROM tickets")).one()
    # what statistics need (the same visitor again), not enough to single out the NIK again
    assert nik is None and last4 is None and after == hashed[:8]


def test_no_full_nik_in_events_views_or_logs(svc, caplog):
    caplog.set_level(logging.DEBUG)
    ticket = svc.issue(ELDER, "INFO")
    view = svc.call_next(1)
    everything = json.dumps([e.to_json() for e in svc.events_after(0)]) + json.dumps(view.to_json())
    everything += json.dumps(ticket.to_json()) + json.dumps(svc.status().to_json()) + caplog.text
    assert ELDER not in everything
    assert view.nik_masked == "************0001"


def test_check_reports_routes_documents_and_priority(svc):
    result = svc.check("3171 0117 0845 0001")
    doc = result.to_json()
    assert doc["nik_valid"] and doc["nik"]["birth_date"] == "1945-08-17" and doc["nik"]["sex"] == "M"
    assert doc["nik"]["age"] == 81
    routes = {o["service"]: o for o in doc["options"]}
    assert set(routes) == {s.code for s in svc.config.branch.services}
    assert routes["JKP"]["route"] in ("online", "not_eligible")
    assert routes["CEK"]["route"] == "front_desk"
    assert all(o["priority"] for o in doc["options"] if o["route"] == "queue")
    assert routes["JHT"]["documents"]


def test_check_of_an_invalid_nik_says_why(svc):
    doc = svc.check("317101170845000").to_json()
    assert doc == {"nik_valid": False, "error": doc["error"], "nik": None, "participant": None, "options": []}
    assert "16" in doc["error"] and "15" in doc["error"]


def test_assistance_requests_stay_open_until_acknowledged(svc):
    first = svc.request_assistance("kiosk-1", "printer")
    second = svc.request_assistance("kiosk-2")
    assert [e.id for e in svc.open_assistance()] == [first, second]
    svc.acknowledge_assistance(first, counter=1)
    assert [e.id for e in svc.open_assistance()] == [second]


def test_in_process_subscribers_get_each_change(svc):
    seen = []
    svc.subscribe(lambda events: seen.extend(e.kind for e in events))
    svc.issue(YOUNG, "INFO")
    svc.call_next(1)
    svc.record_front_desk("CEK")
    assert seen == ["issued", "called", "front_desk"]


def test_a_scanned_ticket_qr_opens_that_ticket_at_the_counter(svc):
    first, second = issue_many(svc, "INFO", 2)
    view = svc.open_ticket(1, second.ticket_data.qr_payload)
    assert view.number == second.number and view.state == "called" and view.counter == 1
    with pytest.raises(errors.UnknownTicket):
        svc.open_ticket(1, "ANJ1:A-001:20261123:NOPE")
    with pytest.raises(errors.UnknownTicket):
        svc.open_ticket(1, "%%%")


class DownSource:
    name = "down"

    def lookup(self, nik):
        from kiosk.directory.base import SourceUnavailable

        raise SourceUnavailable()


def test_status_source_down_still_gives_an_unverified_ticket(make_services, caplog):
    svc = make_services(directory=DownSource())
    result = svc.check(YOUNG)
    assert result.nik_valid and not result.participant.verified
    assert result.option("INFO").route == "queue"
    ticket = svc.issue(YOUNG, "INFO")
    assert not ticket.verified and not ticket.ticket_data.verified
    assert YOUNG not in caplog.text


def test_local_directory_status_drives_the_routes(make_services):
    svc = make_services()
    svc.add_demo_participants(50, seed=3)
    from kiosk.directory.demo import demo_rows

    active_young = next(r for r in demo_rows(50, seed=3, today=svc.today())
                        if r.status.value == "active" and r.segment == "PU" and r.birth_date.year > 1980)
    result = svc.check(active_young.nik)
    assert result.participant.found and result.participant.status.value == "active"
    assert result.option("JHT").route == "not_eligible"        # still employed, under 56
    assert result.to_json()["participant"]["initials"] and active_young.name not in str(result.to_json())


def test_csv_reimport_updates_and_never_duplicates(svc, tmp_path):
    csv = tmp_path / "p.csv"
    csv.write_text("nik,name,status,segment,programs\n3171011708450001,Budi,active,PU,JHT JKK\n"
                   "7105100607610439,Siti,active,BPU,JHT\n7105100607610000,Nol,active,PU,JHT\n")
    first = svc.import_csv(csv)
    assert (first.imported, len(first.rejected), first.rejected[0].line) == (2, 1, 4)
    csv.write_text("nik,name,status,segment,programs\n3171011708450001,Budi,deceased,PU,JHT JKK\n")
    assert svc.import_csv(csv).imported == 1
    assert svc.participant_count() == 2
    assert svc.check("3171011708450001").participant.status.value == "deceased"


def test_a_locked_database_is_a_sentence_and_nothing_half_written(make_services, tmp_path, monkeypatch):
    import sqlite3

    from kiosk.store import db

    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 200)
    url = f"sqlite:///{tmp_path / 'locked.sqlite'}"
    svc = make_services(url)
    svc.issue(YOUNG, "INFO")
    other = sqlite3.connect(tmp_path / "locked.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")                       # another process holds the write lock
    try:
        with pytest.raises(errors.StoreUnavailable, match="terkunci"):
            svc.issue(OTHER, "INFO")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert svc.issue(OTHER, "INFO").number == "A-002"       # the refused attempt used no number


def test_a_wait_past_closing_time_is_said_before_and_on_issuing(svc, clock):
    clock.now = datetime(2026, 11, 23, 14, 25, tzinfo=JAKARTA)      # last tickets; counters close at 15.00
    assert svc.check(YOUNG).option("INFO").warning is None
    issue_many(svc, "INFO", 10)            # 10 x 8 min over 2 counters: 40 min, 35 left
    option = svc.check(YOUNG).option("INFO")
    assert option.route == "queue" and "jam tutup" in option.warning
    assert "jam tutup" in svc.issue(fresh_nik(), "INFO").to_json()["warning"]
