"""The phone page opens in the language the ticket was taken in, whatever the phone is set to,
and its switch changes it (issue 20, item 4)."""
from __future__ import annotations

import httpx

from tests.conftest import fresh_nik


def test_an_indonesian_ticket_opens_in_indonesian_on_an_english_phone_and_switches(branch):
    svc, _counter, server = branch
    indonesian = svc.issue(fresh_nik(), "INFO", lang="id")
    english = svc.issue(fresh_nik(), "INFO", lang="en")
    english_phone = {"Accept-Language": "en-US,en;q=0.9"}
    with httpx.Client(base_url=server.url) as http:
        page = http.get(f"/t/{indonesian.ref}", headers=english_phone)
        assert page.status_code == 200 and '<html lang="id">' in page.text and "Antrian di depan Anda" in page.text
        assert 'href="?lang=en"' in page.text                     # the switch
        switched = http.get(f"/t/{indonesian.ref}?lang=en", headers=english_phone)
        assert '<html lang="en">' in switched.text
        page = http.get(f"/t/{english.ref}", headers={"Accept-Language": "id-ID"})
        assert '<html lang="en">' in page.text and 'href="?lang=id"' in page.text
        assert http.get(f"/t/{english.ref}/state").json()["service_name"] == "Information & membership"
