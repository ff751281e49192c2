"""The open API over HTTP on a real uvicorn: shapes of the command line, token roles, the event
stream, errors as sentences, the rate limit."""
from __future__ import annotations

import json
import threading
import time
from dataclasses import replace

import httpx

from kiosk.config import load_config
from kiosk.config.web import WebConfig
from tests.events.helpers import NIKS, anjungan
from tests.web.conftest import bearer

YOUNG = "3171012902001234"


def test_reads_need_a_token_of_any_role(web, tokens):
    with httpx.Client(base_url=web.url) as http:
        refused = http.get("/api/v1/status")
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        assert refused.json()["code"] == "error.token.missing" and refused.json()["error"].endswith(".")
        assert http.get("/api/v1/status", headers=bearer("anj_nope")).status_code == 401
        for role, secret in tokens.items():
            status = http.get("/api/v1/status", headers=bearer(secret))
            assert status.status_code == 200, role
            assert {"services", "counters", "last_calls"} <= set(status.json())


def test_each_role_does_only_its_part(web, tokens, svc):
    with httpx.Client(base_url=web.url) as http:
        issue = {"nik": YOUNG, "service": "INFO"}
        for role in ("display", "counter", "booking"):
            denied = http.post("/api/v1/tickets", json=issue, headers=bearer(tokens[role]))
            assert denied.status_code == 403 and role in denied.json()["error"], role
        made = http.post("/api/v1/tickets", json=issue, headers=bearer(tokens["kiosk"]))
        assert made.status_code == 201
        doc = made.json()
        assert doc["number"] == "A-001" and doc["ref"] and doc["nik_masked"] == "************1234"
        for role in ("display", "kiosk", "booking"):
            assert http.post("/api/v1/counters/1/call", headers=bearer(tokens[role])).status_code == 403, role
        called = http.post("/api/v1/counters/1/call", headers=bearer(tokens["counter"]))
        assert called.status_code == 200 and called.json()["ticket"]["number"] == "A-001"
        assert called.json()["ticket"]["state"] == "called"
        assert http.post("/api/v1/counters/1/finish", headers=bearer(tokens["admin"])).json()["ticket"]["state"] == "done"
        assert http.post("/api/v1/counters/1/pause", headers=bearer(tokens["counter"])).json() == {
            "counter": 1, "paused": True}
        booking = {"nik": NIKS[0], "service": "INFO", "date": "2026-11-23", "start": "10.00", "end": "10.30",
                   "source": "Lapak Asik", "code": "LPK-777"}
        assert http.post("/api/v1/bookings", json=booking, headers=bearer(tokens["kiosk"])).status_code == 403
        made = http.post("/api/v1/bookings", json=booking, headers=bearer(tokens["booking"]))
        assert made.status_code == 201 and made.json()["nik_masked"].endswith(NIKS[0][-4:])
        assert NIKS[0] not in made.text
        assert http.post("/api/v1/bookings", json={**booking, "start": "11.00", "end": "11.30"},
                         headers=bearer(tokens["booking"])).status_code == 200          # re-sent: updated
        listed = http.get("/api/v1/bookings", params={"date": "2026-11-23"}, headers=bearer(tokens["booking"]))
        assert [b["code"] for b in listed.json()["bookings"]] == ["LPK-777"]
        assert http.get("/api/v1/bookings", headers=bearer(tokens["display"])).status_code == 403
        early = http.post("/api/v1/check-in", json={"code_or_nik": "LPK-777"}, headers=bearer(tokens["kiosk"]))
        assert early.status_code == 200 and early.json()["outcome"] == "early"
        assert http.post("/api/v1/check-in", json={"code_or_nik": "LPK-777"},
                         headers=bearer(tokens["booking"])).status_code == 403
        checked = http.post("/api/v1/check", json={"nik": YOUNG}, headers=bearer(tokens["kiosk"]))
        assert checked.status_code == 200 and checked.json()["nik_valid"] and YOUNG not in checked.text
        assert http.post("/api/v1/check", json={"nik": YOUNG}, headers=bearer(tokens["display"])).status_code == 403
        cancelled = http.delete("/api/v1/bookings/LPK-777", headers=bearer(tokens["booking"]))
        assert cancelled.json()["state"] == "cancelled"
        svc.revoke_token("test kiosk")
        assert http.post("/api/v1/tickets", json=issue, headers=bearer(tokens["kiosk"])).status_code == 401


def test_errors_are_one_sentence_with_a_status(web, tokens):
    with httpx.Client(base_url=web.url, headers=bearer(tokens["admin"])) as http:
        unknown = http.post("/api/v1/tickets", json={"nik": YOUNG, "service": "NOPE"})
        assert unknown.status_code == 404 and "NOPE" in unknown.json()["error"]
        bad_nik = http.post("/api/v1/tickets", json={"nik": "123", "service": "INFO"})
        assert bad_nik.status_code == 422 and "16" in bad_nik.json()["error"]
        online_only = http.post("/api/v1/tickets", json={"nik": YOUNG, "service": "JKP"})
        assert online_only.status_code == 409
        assert http.post("/api/v1/counters/99/call").status_code == 404
        invalid = http.post("/api/v1/tickets", json={"service": "INFO"})
        assert invalid.status_code == 422 and invalid.json()["code"] == "error.web.invalid"
        assert http.get("/api/v1/nothing").status_code == 404
        assert http.get("/api/v1/tickets/" + "x" * 16).status_code == 404


def test_one_ticket_by_reference_needs_no_token_and_names_nobody(web, svc):
    ticket = svc.issue(YOUNG, "INFO")
    with httpx.Client(base_url=web.url) as http:
        doc = http.get(f"/api/v1/tickets/{ticket.ref}").json()
        assert doc["number"] == ticket.number and doc["ahead"] == 0 and doc["state"] == "waiting"
        assert "1234" not in json.dumps(doc) and "nik" not in json.dumps(doc)
        assert http.get(f"/api/v1/tickets/{ticket.ref}", params={"lang": "en"}).json()["headline"].startswith("You")


def _read_events(url: str, headers: dict, want: int, out: list, after: int | None = None) -> None:
    params = {"after": after} if after is not None else None
    with httpx.stream("GET", url + "/api/v1/events", headers=headers, params=params, timeout=20) as response:
        out.append(response.headers["content-type"])
        for line in response.iter_lines():
            if line.startswith("data:"):
                out.append(json.loads(line[5:]))
                if len(out) > want:
                    return


def test_the_event_stream_carries_the_watch_lines_from_another_process(web, tokens, db_url):
    got: list = []
    reader = threading.Thread(target=_read_events, args=(web.url, bearer(tokens["display"]), 2, got), daemon=True)
    reader.start()
    time.sleep(0.5)
    assert anjungan("issue", "--nik", YOUNG, "--service", "INFO", "--json", db=db_url).returncode == 0
    assert anjungan("call", "--counter", "1", "--json", db=db_url).returncode == 0
    reader.join(15)
    assert got[0].startswith("text/event-stream")
    kinds = [e["kind"] for e in got[1:]]
    assert kinds == ["issued", "called"]
    assert set(got[2]) == {"id", "at", "kind", "ticket_id", "number", "service", "counter", "data"}
    assert got[2]["number"] == "A-001" and got[2]["counter"] == 1
    # resuming after an id replays what was missed
    again: list = []
    _read_events(web.url, bearer(tokens["display"]), 1, again, after=got[1]["id"])
    assert again[1]["id"] == got[2]["id"]


def test_the_phone_page_is_small_and_rate_limited(make_services, db_url):
    from kiosk.web.server import BackgroundServer

    config = replace(load_config(), web=WebConfig(page_requests_per_min=6, page_burst=3))
    svc = make_services(db_url, config=config)
    ticket = svc.issue(YOUNG, "INFO")
    with BackgroundServer(svc) as server, httpx.Client(base_url=server.url) as http:
        page = http.get(f"/t/{ticket.ref}")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert page.headers["referrer-policy"] == "no-referrer" and "no-store" in page.headers["cache-control"]
        size = len(page.content) + sum(len(http.get(f"/static/{name}").content) for name in ("status.css", "status.js"))
        assert size <= 50_000, size
        assert "A-001" in page.text and "1234" not in page.text
        statuses = [http.get(f"/t/{ticket.ref}").status_code for _ in range(4)]
        assert statuses[-1] == 429 and statuses[0] == 200
        limited = http.get(f"/t/{ticket.ref}", headers={"Accept": "text/html"})
        assert limited.status_code == 429 and "Terlalu banyak" in limited.text and limited.headers["retry-after"]


def test_call_says_what_became_of_a_call_never_started(web, tokens, svc, clock):
    """As `call --previous`: the next call waits until the officer says what became of the called
    ticket; `no-show` only after the branch's grace."""
    from datetime import timedelta

    for nik in NIKS[:3]:
        svc.issue(nik, "INFO", assisted=True)
    counter = bearer(tokens["counter"])
    with httpx.Client(base_url=web.url) as http:
        assert http.post("/api/v1/counters/1/call", headers=counter).json()["ticket"]["number"] == "A-001"
        unsaid = http.post("/api/v1/counters/1/call", headers=counter)
        assert unsaid.status_code == 409 and unsaid.json()["code"] == "error.counter.previous_unsaid"
        assert http.post("/api/v1/counters/1/call", params={"previous": "later"}, headers=counter).status_code == 422
        served = http.post("/api/v1/counters/1/call", params={"previous": "done"}, headers=counter)
        assert served.status_code == 200 and served.json()["ticket"]["number"] == "A-002"
        early = http.post("/api/v1/counters/1/call", params={"previous": "no-show"}, headers=counter)
        assert early.status_code == 409 and early.json()["code"].startswith("error.no_show.early")
        clock.now += timedelta(minutes=3)
        assert http.post("/api/v1/counters/1/recall", headers=counter).status_code == 200
        absent = http.post("/api/v1/counters/1/call", params={"previous": "no-show"}, headers=counter)
        assert absent.status_code == 200 and absent.json()["ticket"]["number"] == "A-003"
        spec = http.get("/openapi.json").json()["paths"]["/api/v1/counters/{counter}/{action}"]["post"]
        assert "previous" in [p["name"] for p in spec["parameters"]]
