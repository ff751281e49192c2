"""After the visit, the phone page takes the one-tap rating and the full SKM questionnaire by the
ticket's unguessable reference (no token), over HTTP on a real uvicorn: once per visit, never
before the visit is finished, a plain form answered by a redirect back, JSON answered by JSON,
counted in the report's figures; and the API documentation is served by the branch server itself."""
from __future__ import annotations

import html
import re
from dataclasses import replace
from urllib.parse import urljoin

import httpx

from kiosk.config.web import WebConfig
from kiosk.services import demo_config
from tests.conftest import fresh_nik

ANSWERS = {f"u{i}": 4 if i % 3 else 3 for i in range(1, 10)}          # six 4s and three 3s


def _served(svc, counter):
    ticket = svc.issue(fresh_nik(), "INFO")
    counter.call_next(1)
    counter.finish(1)
    return ticket


def _day(svc):
    return svc.today(), svc.today()


def test_one_tap_rating_by_reference_once_and_only_after_the_visit(branch):
    svc, counter, server = branch
    ticket = svc.issue(fresh_nik(), "INFO")
    with httpx.Client(base_url=server.url) as http:
        early = http.post(f"/t/{ticket.ref}/rating", json={"score": 3})
        assert early.status_code == 409 and early.json()["code"] == "error.rating.not_finished"
        assert early.json()["error"] == f"Tiket {ticket.number} belum selesai dilayani, jadi belum dapat dinilai."
        assert http.get(f"/api/v1/tickets/{ticket.ref}").json()["rating"] is None
        counter.call_next(1)
        counter.finish(1)
        assert http.get(f"/api/v1/tickets/{ticket.ref}").json()["rating"] == {"score": None, "survey": False}

        rated = http.post(f"/t/{ticket.ref}/rating", json={"score": 3}, params={"lang": "en"})
        assert rated.status_code == 200, rated.text
        assert rated.json()["message"] == "Thank you for your rating"
        assert rated.json()["ticket"]["rating"] == {"score": 3, "survey": False}
        assert svc.rating_of(ticket.ticket_id) == 3
        assert svc.report(*_day(svc)).to_json()["ratings"]["scores"] == {"1": 0, "2": 0, "3": 1, "4": 0}
        assert [e.kind for e in svc.events_after(0)][-1] == "rated"

        again = http.post(f"/t/{ticket.ref}/rating", json={"score": 1})
        assert again.status_code == 409 and again.json()["code"] == "error.rating.twice"
        assert again.json()["error"] == f"Tiket {ticket.number} sudah dinilai; setiap kunjungan dinilai satu kali."
        assert again.json()["error_en"].endswith("each visit is rated once.")
        assert svc.rating_of(ticket.ticket_id) == 3

        assert http.post(f"/t/{ticket.ref}/rating", json={"score": 5}).status_code == 422
        assert http.post(f"/t/{ticket.ref}/rating", content=b"[1]",
                         headers={"Content-Type": "application/json"}).status_code == 422
        unknown = http.post(f"/t/{'x' * 16}/rating", json={"score": 4})
        assert unknown.status_code == 404 and unknown.json()["error"].startswith("Nomor antrian tidak ditemukan")


def test_a_plain_form_is_answered_by_a_redirect_back_and_a_refusal_by_a_sentence(branch):
    svc, counter, server = branch
    ticket = _served(svc, counter)
    with httpx.Client(base_url=server.url) as http:
        page = http.get(f"/t/{ticket.ref}")
        form = re.search(r'<form id="faces" method="post" action="([^"]+)">', page.text)
        assert form, "the faces show once the visit is finished"
        assert "form-action 'self'" in page.headers["content-security-policy"]
        action = urljoin(str(page.url), form.group(1))
        assert action == f"{server.url}/t/{ticket.ref}/rating?lang=id"
        sent = http.post(action, data={"score": "4"})
        assert sent.status_code == 303
        back = urljoin(action, sent.headers["location"])
        assert back == f"{server.url}/t/{ticket.ref}?lang=id"
        after = http.get(back)
        assert re.search(r'<form id="faces"[^>]* hidden>', after.text) and '<p id="rated" class="thanks">' in after.text
        assert "Terima kasih atas penilaian Anda" in after.text
        assert svc.rating_of(ticket.ticket_id) == 4

        twice = http.post(action, data={"score": "1"}, headers={"Accept": "text/html"})
        assert twice.status_code == 409 and twice.headers["content-type"].startswith("text/html")
        assert "sudah dinilai; setiap kunjungan dinilai satu kali." in twice.text
        assert f'href="../../t/{ticket.ref}?lang=id"' in twice.text           # a way back to the page
        bad = http.post(action, data={"score": "seven"})
        assert bad.status_code == 422 and "Nilai harus 1, 2, 3 atau 4" in bad.text


def test_the_questionnaire_by_reference_counts_in_the_ikm_once(branch):
    svc, counter, server = branch
    nik = fresh_nik()
    waiting = svc.issue(nik, "INFO")
    with httpx.Client(base_url=server.url) as http:
        not_yet = http.get(f"/t/{waiting.ref}/survey")
        assert not_yet.status_code == 409 and "setelah layanan Anda selesai" in not_yet.text
        assert http.post(f"/t/{waiting.ref}/survey", json=ANSWERS).status_code == 409
        counter.call_next(1)
        counter.finish(1)

        form = http.get(f"/t/{waiting.ref}/survey", params={"lang": "en"})
        assert form.status_code == 200
        assert form.text.count('<fieldset class="q"') == 9 and form.text.count('type="radio"') == 36
        assert svc.config.skm.element("u7").question("en") in form.text
        assert all(f"<option>{html.escape(c)}</option>" in form.text
                   for c in svc.config.skm.sexes + svc.config.skm.age_groups)
        assert "Suggestions (optional)" in form.text and nik[-4:] not in form.text

        missing = http.post(f"/t/{waiting.ref}/survey", data={k: v for k, v in ANSWERS.items() if k != "u5"})
        assert missing.status_code == 422 and "belum dijawab: U5" in missing.text
        assert 'name="u1" value="4" required checked' in missing.text              # the answers are kept
        wrong = http.post(f"/t/{waiting.ref}/survey", json={**ANSWERS, "sex": "Robot"})
        assert wrong.status_code == 422 and "sex" in wrong.json()["error"]

        sent = http.post(f"/t/{waiting.ref}/survey", json={**ANSWERS, "sex": "Perempuan", "age_group": "",
                                                           "suggestion": "Antrean tertib, ruang tunggu panas"})
        assert sent.status_code == 200 and sent.json()["message"] == "Terima kasih, survei Anda sudah kami terima."
        assert sent.json()["ticket"]["rating"] == {"score": None, "survey": True}
        ikm = svc.report(*_day(svc)).to_json()["ikm"]
        assert ikm["respondents"] == 1 and ikm["value"] == 91.67 and ikm["grade"] == "A"    # (6×4 + 3×3)/9 × 25
        assert [s[2] for s in svc.suggestions(*_day(svc))] == ["Antrean tertib, ruang tunggu panas"]

        twice = http.post(f"/t/{waiting.ref}/survey", json=ANSWERS)
        assert twice.status_code == 409 and twice.json()["code"] == "error.rating.twice"
        assert "sudah kami terima" in http.get(f"/t/{waiting.ref}/survey").text
        assert svc.report(*_day(svc)).to_json()["ikm"]["respondents"] == 1


def test_the_rating_endpoints_are_in_the_openapi_document_and_rate_limited(make_services, tmp_path):
    from kiosk.web.server import BackgroundServer

    config = replace(demo_config(), web=WebConfig(page_requests_per_min=6, page_burst=3))
    svc = make_services(f"sqlite:///{tmp_path / 'limited.sqlite'}", config=config)
    ticket = svc.issue(fresh_nik(), "INFO")
    with BackgroundServer(svc) as server, httpx.Client(base_url=server.url) as http:
        paths = http.get("/openapi.json").json()["paths"]
        for path in ("/t/{ref}/rating", "/t/{ref}/survey"):
            operation = paths[path]["post"]
            assert operation["x-roles"] == [] and "security" not in operation
            assert set(operation["requestBody"]["content"]) == {"application/json", "application/x-www-form-urlencoded"}
            assert {"200", "303", "404", "409", "422", "429"} <= set(operation["responses"])
        survey = paths["/t/{ref}/survey"]["post"]["requestBody"]["content"]["application/json"]["schema"]
        assert set(survey["required"]) == {f"u{i}" for i in range(1, 10)}
        statuses = [http.post(f"/t/{ticket.ref}/rating", json={"score": 4}).status_code for _ in range(4)]
        assert statuses[:3] == [409, 409, 409] and statuses[3] == 429


def test_the_survey_page_is_small_and_names_nobody(branch):
    svc, counter, server = branch
    nik = fresh_nik()
    ticket = svc.issue(nik, "INFO")
    counter.call_next(1)
    counter.finish(1)
    with httpx.Client(base_url=server.url) as http:
        pages = [http.get(f"/t/{ticket.ref}"), http.get(f"/t/{ticket.ref}/survey")]
        assets = sum(len(http.get(f"/static/{name}").content) for name in ("status.css", "status.js", "survey.js"))
        size = sum(len(p.content) for p in pages) + assets
        assert size <= 50_000, size
        for page in pages:
            assert nik not in page.text and nik[-4:] not in page.text


def test_the_api_documentation_is_served_without_any_outside_address(branch):
    svc, _counter, server = branch
    with httpx.Client(base_url=server.url) as http:
        docs = http.get("/docs", params={"lang": "en"})
        assert docs.status_code == 200 and docs.headers["content-type"].startswith("text/html")
        assert re.findall(r"(?:https?:)?//[\w.-]+", docs.text) == [], "no outside address"
        for ref in re.findall(r'(?:src|href)="([^"]*)"', docs.text):
            assert not re.match(r"^[a-z]+:|^//", ref), ref
            if not ref.startswith("#"):
                assert http.get(urljoin(str(docs.url), ref)).status_code == 200, ref
        openapi = http.get("/openapi.json").json()
        for path, item in openapi["paths"].items():
            for method in item:
                assert f'{method.upper()}</span> <code>{path}</code>' in docs.text, (method, path)
        assert "Token roles: kiosk, admin" in docs.text                   # who may issue a ticket
        assert html.escape("No token — the ticket's reference is the secret") in docs.text
        assert 'id="schema-IssueIn"' in docs.text and "Request body (application/json" in docs.text
        assert "Dokumentasi API" in http.get("/docs").text
