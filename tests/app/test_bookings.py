"""Booked visits through the services: check-in, the fair call among walk-ins, quota, import,
retention, tokens and the phone view, on SQLite and PostgreSQL."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from kiosk.config import load_config
from kiosk.config.web import WebConfig
from kiosk.domain import errors
from kiosk.domain.access import Permission
from kiosk.domain.booking import BookingRule
from kiosk.domain.nik import make_nik
from kiosk.services import Forbidden, Unauthorized
from tests.conftest import JAKARTA

MONDAY = date(2026, 11, 23)


def young(serial: int) -> str:
    return make_nik("31", "71", "01", date(1990, 3, 14), "F", 1000 + serial)


ELDER = make_nik("31", "71", "01", date(1950, 8, 17), "M", 2001)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 23, hour, minute, tzinfo=JAKARTA)


def test_a_scripted_morning_bookings_walk_ins_priority_early_and_late(svc, clock):
    clock.now = at(8, 0)
    svc.book(young(1), "INFO", MONDAY, "09.00", "09.30", source="Lapak Asik", code="LPK-001")
    svc.book(young(2), "INFO", MONDAY, "09.00", "09.30", source="JMO", code="JMO-002")
    svc.book(young(3), "INFO", MONDAY, "10.00", "10.30", source="phone", code="TEL-003")
    svc.book(young(4), "INFO", MONDAY, "08.00", "08.30", source="Lapak Asik", code="LPK-004")

    clock.now = at(8, 50)
    walk_ins = [svc.issue(young(10 + i), "INFO") for i in range(4)]
    # the fourth is told a wait that reaches 09.00: the two 09.00 bookings count in her place
    assert [w.ahead for w in walk_ins] == [0, 1, 2, 5]

    clock.now = at(8, 55)
    b1 = svc.check_in("lpk-001")                                  # typed in lower case
    assert b1.outcome == "checked_in" and "09.00" in b1.message and b1.ticket.booking["code"] == "LPK-001"
    assert b1.ticket.ahead == 4                                   # before its slot: in arrival order
    assert b1.ticket.ticket_data.notes == ("BOOKING ONLINE — slot 09.00–09.30",)

    clock.now = at(9, 0)
    b2 = svc.check_in(young(2))                                   # found by the NIK of today's booking
    assert b2.outcome == "checked_in" and "didahulukan" in b2.message
    late = svc.check_in("LPK-004")                                # window closed at 08.40
    assert late.outcome == "walk_in" and "antrian biasa" in late.message
    early = svc.check_in("TEL-003")                               # check-in opens at 09.30
    assert early.outcome == "early" and early.ticket is None and early.can_walk_in and "09.30" in early.message
    assert svc.check_in("TEL-003").outcome == "early"             # nothing was used up
    elder = svc.issue(ELDER, "INFO")
    assert elder.priority

    called = []
    for _ in range(9):
        clock.advance(minutes=2)
        view = svc.call_next(1, "done")
        called.append(view.number if view else None)
    numbers = {t.ticket_id: t.number for t in walk_ins}
    w = [numbers[t.ticket_id] for t in walk_ins]
    # priority first; the walk-ins told their places before the bookings' slot keep them; the bookings
    # the fourth's place counted go before her, at most one booking turn per 2 calls
    assert called[:4] == [elder.number, w[0], w[1], w[2]]
    assert called[4:7] == [b1.ticket.number, w[3], b2.ticket.number]
    assert called[7] == late.ticket.number and called[8] is None
    calls = [e for e in svc.events_after(0) if e.kind == "called"]
    assert [bool(e.data.get("booking_turn")) for e in calls[:7]] == [False, False, False, False, True, False, True]

    # the counter sees the booking and its slot; the day's list tells who came
    clock.advance(minutes=1)
    listing = {b["code"]: b for b in svc.bookings_of(MONDAY)}
    assert listing["LPK-001"]["state"] == "checked_in" and listing["LPK-001"]["arrival"] == "on_time"
    assert listing["LPK-004"]["state"] == "walk_in" and listing["LPK-004"]["arrival"] == "late"
    assert listing["TEL-003"]["state"] == "booked"
    assert all("nik" not in b and b["nik_masked"].startswith("****") for b in listing.values())
    assert svc.check_in("LPK-001").outcome == "already"


def test_a_booking_not_checked_in_by_the_end_of_its_window_is_a_no_show(svc, clock):
    clock.now = at(8, 0)
    svc.book(young(1), "INFO", MONDAY, "09.00", "09.30", code="LPK-010")
    clock.now = at(9, 41)
    assert svc.booking("LPK-010")["state"] == "no_show"
    late = svc.check_in("LPK-010")
    assert late.outcome == "walk_in"


def register(svc, niks) -> None:
    """Active wage earners in the local directory, so claim services take them."""
    from types import SimpleNamespace

    from kiosk.domain.participant import Status

    svc.import_participants([SimpleNamespace(nik=n, name=None, status=Status.ACTIVE, status_text="Aktif", segment="PU",
                                             programs=frozenset({"JHT", "JKK", "JKM", "JP"}),
                                             birth_date=date(1990, 3, 14), last_paid="2026-10") for n in niks])


def test_bookings_hold_places_in_the_quota_so_the_kiosk_cannot_overbook(svc, clock):
    clock.now = at(8, 0)
    register(svc, [young(i) for i in range(30)])
    quota = svc.branch.service("JKM").daily_quota                # 3 per counter x 2 counters
    assert quota == 6
    for i in range(4):
        svc.book(young(i), "JKM", MONDAY, "10.00", "10.30", code=f"JKM-{i:03d}")
    svc.issue(young(20), "JKM")
    svc.issue(young(21), "JKM")
    with pytest.raises(errors.ServiceClosed):
        svc.issue(young(22), "JKM")
    assert svc.check(young(22)).option("JKM").route == "closed"
    with pytest.raises(errors.ServiceClosed, match="penuh"):
        svc.book(young(5), "JKM", MONDAY, "11.00", "11.30")
    # a booking checked in within its window uses its own place
    clock.now = at(9, 45)
    assert svc.check_in("JKM-000").outcome == "checked_in"
    # a cancelled booking gives its place back
    svc.cancel_booking("JKM-001")
    assert svc.issue(young(23), "JKM").number == "F-004"
    # a later day has its own quota
    assert svc.book(young(6), "JKM", MONDAY + timedelta(days=1), "10.00", "10.30")[1]


def test_the_branch_caps_the_days_bookings_per_counter(make_services, db_url, clock):
    config = replace(load_config(), bookings=BookingRule(quota_per_counter=1))
    svc = make_services(db_url, config=config)
    clock.now = at(8, 0)
    for i in range(len(svc.branch.counters)):
        svc.book(young(i), "INFO", MONDAY, "10.00", "10.30")
    with pytest.raises(errors.ServiceClosed, match="booking"):
        svc.book(young(99), "INFO", MONDAY, "10.00", "10.30")


@pytest.mark.parametrize("kwargs,words", [
    ({"day": "2026-11-28"}, "tutup"),                              # a Saturday
    ({"start": "07.00", "end": "07.30"}, "jam layanan"),
    ({"start": "11.45", "end": "12.15"}, "jam istirahat \\(12.00–13.00\\)"),       # Monday's break
    ({"start": "10.30", "end": "10.00"}, "slot"),
    ({"day": "2026-11-20"}, "lewat"),                               # last Friday
    ({"service": "JKP"}, "antrian"),
    ({"day": "23.11.2026"}, "Tanggal"),
    ({"nik": "123"}, "16 angka"),
])
def test_a_booking_is_refused_with_a_sentence(svc, clock, kwargs, words):
    clock.now = at(8, 0)
    values = {"nik": young(1), "service": "INFO", "day": "2026-11-23", "start": "10.00", "end": "10.30", **kwargs}
    with pytest.raises(errors.AnjunganError, match=words):
        svc.book(values["nik"], values["service"], values["day"], values["start"], values["end"])


def test_csv_import_reports_bad_rows_by_line_and_reimport_updates(svc, clock, tmp_path):
    clock.now = at(8, 0)
    path = tmp_path / "bookings.csv"
    path.write_text(
        "code,nik,service,date,start,end,source\n"
        f"LPK-100,{young(1)},INFO,2026-11-23,09.00,09.30,Lapak Asik\n"
        f"LPK-101,{young(2)},JHT,23/11/2026,10:00,10:30,JMO\n"
        "LPK-102,1234,INFO,2026-11-23,09.00,09.30,JMO\n"
        f"LPK-103,{young(3)},NOPE,2026-11-23,09.00,09.30,JMO\n"
        f"LPK-104,{young(4)},INFO,2026-11-23,9 pagi,09.30,JMO\n"
        f"LPK-100,{young(5)},INFO,2026-11-23,09.00,09.30,JMO\n", encoding="utf-8")
    report = svc.import_bookings(path)
    doc = report.to_json()
    assert (doc["imported"], doc["updated"], doc["rejected"]) == (2, 0, 4)
    assert [e["line"] for e in doc["errors"]] == [4, 5, 6, 7]
    assert young(1) not in json.dumps(doc)
    path.write_text("code,nik,service,date,start,end\n"
                    f"LPK-100,{young(1)},INFO,2026-11-23,11.00,11.30\n", encoding="utf-8")
    again = svc.import_bookings(path).to_json()
    assert (again["imported"], again["updated"]) == (0, 1)
    assert svc.booking("LPK-100")["slot_start"].endswith("11:00:00+07:00")
    (tmp_path / "bad.csv").write_text("kode;nik\n1;2\n", encoding="utf-8")
    with pytest.raises(errors.AnjunganError, match="kolom"):
        svc.import_bookings(tmp_path / "bad.csv")


def test_a_bookings_full_nik_is_forgotten_after_its_day(svc, clock):
    clock.now = at(8, 0)
    svc.book(young(1), "INFO", MONDAY, "09.00", "09.30", code="LPK-200")
    clock.now = at(8, 0) + timedelta(days=1)
    svc.purge_full_niks()
    with svc.uow(write=False) as q:
        row = q.queue.conn.exec_driver_sql("SELECT nik, nik_last4 FROM bookings WHERE code = 'LPK-200'").one()
    assert row[0] is None and row[1] == young(1)[-4:]


def test_tokens_are_stored_hashed_revocable_and_role_bound(svc):
    secret, info = svc.create_token("display", "Layar ruang tunggu")
    assert secret.startswith("anj_") and len(secret) > 40 and info["role"] == "display"
    with svc.uow(write=False) as q:
        stored = q.queue.conn.exec_driver_sql("SELECT token_hash FROM api_tokens").scalar_one()
    assert secret not in stored and len(stored) == 64
    assert svc.authorize(secret, Permission.READ).name == "Layar ruang tunggu"
    with pytest.raises(Forbidden):
        svc.authorize(secret, Permission.ISSUE)
    with pytest.raises(Unauthorized):
        svc.authorize("anj_wrong", Permission.READ)
    with pytest.raises(errors.AnjunganError, match="Peran"):
        svc.create_token("janitor", "x")
    assert svc.revoke_token(str(info["id"])) == 1
    with pytest.raises(Unauthorized):
        svc.authorize(secret, Permission.READ)
    assert [t["active"] for t in svc.tokens()] == [False]


def test_the_ticket_qr_opens_the_status_page_when_the_branch_has_a_web_address(make_services, db_url, clock):
    config = replace(load_config(), web=WebConfig(public_url="http://10.0.0.5:8080"))
    svc = make_services(db_url, config=config)
    ticket = svc.issue(young(1), "INFO")
    doc = ticket.to_json()
    assert doc["status_url"] == f"http://10.0.0.5:8080/t/{doc['ref']}" and len(doc["ref"]) == 16
    assert ticket.ticket_data.qr_payload == doc["status_url"]
    assert svc.ticket_data(ticket.ticket_id).qr_payload == doc["status_url"]
    # a counter scanning that QR opens the ticket
    assert svc.open_ticket(1, doc["status_url"]).ticket_id == ticket.ticket_id
    plain = make_services(db_url)
    other = plain.issue(young(2), "INFO").to_json()
    assert "status_url" not in other and other["ref"]


def test_the_phone_view_shows_place_and_call_and_never_the_person(svc, clock):
    first = svc.issue(young(1), "INFO")
    second = svc.issue(young(2), "INFO")
    doc, ticket_id = svc.public_ticket(second.ref)
    assert ticket_id == second.ticket_id and doc["ahead"] == 1 and doc["state"] == "waiting"
    text = json.dumps(doc)
    assert young(2) not in text and young(2)[-4:] not in text and "nik" not in text
    assert svc.board().places[second.ticket_id].ahead == 1
    svc.call_next(1)
    svc.call_next(2)
    doc, _ = svc.public_ticket(second.ref, "id")
    assert doc["called"] and doc["headline"] in ("Sedang dipanggil — silakan menuju Loket 1",
                                                 "Sedang dipanggil — silakan menuju Loket 2")
    assert svc.public_ticket(first.ref, "en")[0]["headline"].startswith("Now calling")
    assert svc.public_ticket("x" * 16) is None and svc.public_ticket("../etc") is None


def test_the_phone_view_follows_a_transfer(svc):
    ticket = svc.issue(young(1), "INFO")
    svc.call_next(1)
    moved = svc.transfer(1, "ADUAN", "pengaduan")
    doc, ticket_id = svc.public_ticket(ticket.ref)
    assert ticket_id == moved.ticket_id and doc["service"] == "ADUAN" and doc["number"] == ticket.number


def test_the_report_counts_what_became_of_the_days_bookings(svc, clock):
    """Checked in, early, late, no-show, still to come and cancelled, per day and service, in every
    report file."""
    from kiosk.app.report_files import csv_text

    clock.now = at(7, 0)
    svc.book(young(1), "INFO", MONDAY, "09.00", "09.30", code="LPK-101")      # checked in on time
    svc.book(young(2), "INFO", MONDAY, "11.00", "11.30", code="LPK-102")      # early, takes a walk-in ticket
    svc.book(young(3), "INFO", MONDAY, "08.00", "08.15", code="LPK-103")      # late
    svc.book(young(4), "INFO", MONDAY, "08.00", "08.30", code="LPK-104")      # never comes
    svc.book(young(5), "INFO", MONDAY, "13.00", "13.30", code="LPK-105")      # later today
    svc.book(young(6), "INFO", MONDAY, "09.00", "09.30", code="LPK-106")
    svc.cancel_booking("LPK-106")
    clock.now = at(9, 5)
    assert svc.check_in("LPK-101").outcome == "checked_in"
    assert svc.check_in("LPK-102", walk_in=True).outcome == "walk_in"
    assert svc.check_in("LPK-103").outcome == "walk_in"
    report = svc.report(MONDAY, MONDAY)
    expected = {"booked": 5, "booked_checked_in": 1, "booked_early": 1, "booked_late": 1, "booked_no_show": 1}
    assert {k: report.total[k] for k in expected} == expected
    info = next(s for s in report.services if s["service"] == "INFO")
    assert {k: info[k] for k in expected} == expected
    assert {k: report.days[0][k] for k in expected} == expected
    assert "Booking tidak hadir" in csv_text(report) and "Bookings no-show" in csv_text(report, "en")
    clock.now = at(14, 0)                                     # the 13.00 slot's window is over too
    assert svc.report(MONDAY, MONDAY).total["booked_no_show"] == 2


def test_a_booked_ticket_is_told_the_place_the_booking_rule_gives_it(svc, clock):
    """Checked in after its slot began, with walk-ins waiting: the ticket, the kiosk's status and
    the phone say the same place."""
    clock.now = at(8, 0)
    svc.book(young(1), "INFO", MONDAY, "09.00", "09.30", code="LPK-201")
    clock.now = at(9, 5)
    for i in range(3):
        svc.issue(young(20 + i), "INFO")
    booked = svc.check_in("LPK-201").ticket
    assert booked.ahead == 0 and booked.ticket_data.ahead == 0
    assert svc.ticket_status(booked.ticket_id).ahead == 0
    assert svc.public_ticket(booked.ref)[0]["ahead"] == 0
    assert svc.call_next(1).ticket_id == booked.ticket_id


def test_a_status_page_address_finds_the_ticket_for_its_status_and_rating(make_services, db_url, clock):
    config = replace(load_config(), web=WebConfig(public_url="http://10.0.0.5:8080"))
    svc = make_services(db_url, config=config)
    ticket = svc.issue(young(1), "INFO")
    url = ticket.to_json()["status_url"]
    assert svc.ticket_status(url).ticket_id == ticket.ticket_id and svc.rating_target(url) is None
    svc.call_next(1)
    svc.transfer(1, "JHT" if svc.branch.service("JHT") else "DATA")
    moved = svc.ticket_status(url)                   # where the visit is now
    assert moved.ticket_id != ticket.ticket_id and moved.number == ticket.number
    assert svc.ticket_status("http://10.0.0.5:8080/t/" + "x" * 16) is None
