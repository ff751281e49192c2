"""One NIK cannot fill a day's quota with bookings: at most one active booking per NIK, service
and day (`[bookings] per_nik`), refused in one sentence in an import and through the API."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import httpx
import pytest

from kiosk.config import load_config
from kiosk.domain import errors
from kiosk.domain.booking import BookingRule
from tests.app.test_bookings import register, young
from tests.conftest import JAKARTA

MONDAY = date(2026, 11, 23)


def test_six_identical_bookings_in_a_file_keep_one_and_the_next_walk_in_gets_a_ticket(svc, clock, tmp_path):
    clock.now = datetime(2026, 11, 23, 8, 0, tzinfo=JAKARTA)
    register(svc, [young(1), young(2)])
    assert svc.branch.service("JKM").daily_quota == 6
    path = tmp_path / "bookings.csv"
    path.write_text("code,nik,service,date,start,end,source\n" + "".join(
        f"JMO-{i},{young(1)},JKM,2026-11-23,10.00,10.30,JMO\n" for i in range(6)), encoding="utf-8")
    report = svc.import_bookings(path)
    assert report.imported == 1 and len(report.rejected) == 5
    assert {reason for _line, _code, reason in report.rejected} == {
        "NIK ini sudah punya booking JKM pada Senin, 23 November 2026: satu NIK paling banyak 1 booking per layanan "
        "per hari. Ubah atau batalkan booking yang ada."}
    assert svc.issue(young(2), "JKM").number                       # not "kuota penuh"
    # the booking it has may be changed; once cancelled, another may be made
    assert svc.book(young(1), "JKM", MONDAY, "11.00", "11.30", code="JMO-0")[1] is False
    with pytest.raises(errors.IllegalTransition, match="satu NIK"):
        svc.book(young(1), "JKM", MONDAY, "13.00", "13.30")
    svc.cancel_booking("JMO-0")
    assert svc.book(young(1), "JKM", MONDAY, "13.00", "13.30")[1] is True
    # another service, or another day, is another booking
    assert svc.book(young(1), "INFO", MONDAY, "13.00", "13.30")[1] is True


def test_the_limit_per_nik_is_the_branchs_to_set(make_services, clock):
    config = load_config()
    config = replace(config, bookings=replace(config.bookings, per_nik=2))
    svc = make_services(config=config)
    clock.now = datetime(2026, 11, 23, 8, 0, tzinfo=JAKARTA)
    svc.book(young(1), "INFO", MONDAY, "10.00", "10.30")
    svc.book(young(1), "INFO", MONDAY, "11.00", "11.30")
    with pytest.raises(errors.IllegalTransition, match="paling banyak 2"):
        svc.book(young(1), "INFO", MONDAY, "13.00", "13.30")
    assert BookingRule().per_nik == 1


def test_the_api_refuses_a_second_booking_of_a_nik_with_409_and_the_sentence(svc, clock, tmp_path):
    from kiosk.web.server import BackgroundServer

    clock.now = datetime(2026, 11, 23, 8, 0, tzinfo=JAKARTA)
    token, _ = svc.create_token("booking", "Lapak Asik")
    body = {"nik": young(1), "service": "INFO", "date": "2026-11-23", "start": "10.00", "end": "10.30",
            "source": "Lapak Asik"}
    with BackgroundServer(svc) as server, httpx.Client(base_url=server.url, timeout=10,
                                                       headers={"Authorization": f"Bearer {token}"}) as http:
        assert http.post("/api/v1/bookings", json=body).status_code == 201
        again = http.post("/api/v1/bookings", json={**body, "start": "11.00", "end": "11.30"})
    assert again.status_code == 409
    assert again.json()["code"] == "error.booking.per_nik" and "one NIK may hold at most 1" in again.json()["error_en"]
