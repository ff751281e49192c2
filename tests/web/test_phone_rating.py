"""The phone page after the visit, in a real browser (Debian's chromium driven by Playwright, at
360×740, the page's own content security policy in force): no faces while the ticket waits or is
at the counter; the four faces the moment the counter finishes it; a tap keeps the rating without
a reload and thanks the participant; the full questionnaire is counted in the IKM; a second
rating is refused with a sentence. Without script the same works by plain form posts."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import fresh_nik
from tests.web.test_phone_page import browser  # noqa: F401 - the module's chromium, shared

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "has_touch": True, "is_mobile": True}
WORDS_ID = ["Tidak baik", "Kurang baik", "Baik", "Sangat baik"]
WORDS_EN = ["Not good", "Could be better", "Good", "Very good"]


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("ANJUNGAN_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _answer_all(page, answers: dict[str, int]) -> None:
    for code, score in answers.items():
        page.locator(f'#q-{code} input[value="{score}"]').check()


def _day(svc):
    return svc.today(), svc.today()


def test_the_faces_appear_when_the_visit_ends_and_a_tap_is_kept(browser, branch, shots):  # noqa: F811
    svc, counter, server = branch
    nik = fresh_nik()
    ticket = svc.issue(nik, "INFO")
    context = browser.new_context(locale="id-ID", **PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "status of" not in m.text else None)
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{server.url}/t/{ticket.ref}")
    expect(page.locator("#mode")).to_contain_text("Langsung", timeout=5000)
    assert page.locator(".face").count() == 4 and not page.locator("#rate").is_visible()

    counter.call_next(1)
    expect(page.locator("#headline")).to_have_text("Sedang dipanggil — silakan menuju Loket 1", timeout=3000)
    assert not page.locator("#rate").is_visible() and not page.locator(".face").first.is_visible()

    counter.finish(1)                                                      # the counter ends the visit
    page.locator("#faces").wait_for(state="visible", timeout=3000)
    assert page.locator(".face span").all_inner_texts() == WORDS_ID
    assert page.locator(".f3").get_attribute("aria-label") == "Baik (3 dari 4)"
    assert page.locator("#survey-link").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = page.locator(".f4").bounding_box()
    assert box["width"] >= 64 and box["height"] >= 100                    # large enough to tap
    page.locator("#rate").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "phone-rating.png"), full_page=True)

    page.evaluate("window.sameDocument = true")
    page.locator(".f3").tap()
    page.locator("#rated").wait_for(state="visible", timeout=3000)
    assert page.evaluate("window.sameDocument === true")                   # no reload
    assert not page.locator("#faces").is_visible()
    assert "Terima kasih atas penilaian Anda" in page.locator("#rated").inner_text()
    page.screenshot(path=str(shots / "phone-rated.png"))
    assert svc.rating_of(ticket.ticket_id) == 3
    assert svc.report(*_day(svc)).to_json()["ratings"] == {"count": 1, "mean": 3.0, "index": 75.0, "grade": "C",
                                                            "scores": {"1": 0, "2": 0, "3": 1, "4": 0}}

    again = page.evaluate("""async () => {
        const r = await fetch(location.pathname + '/rating', {method: 'POST', body: JSON.stringify({score: 1}),
                              headers: {'Content-Type': 'application/json', 'Accept': 'application/json'}});
        return [r.status, (await r.json()).error];
    }""")
    assert again == [409, f"Tiket {ticket.number} sudah dinilai; setiap kunjungan dinilai satu kali."]
    assert svc.rating_of(ticket.ticket_id) == 3

    page.locator("#survey-link").tap()
    page.wait_for_url(f"**/t/{ticket.ref}/survey?lang=id")
    assert page.locator("fieldset.q").count() == 9
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _answer_all(page, {f"u{i}": 4 if i % 3 else 3 for i in range(1, 10)})
    page.select_option('select[name="sex"]', "Perempuan")
    page.select_option('select[name="age_group"]', "30–39")
    page.fill('textarea[name="suggestion"]', "Petugas ramah, terima kasih")
    page.screenshot(path=str(shots / "phone-survey.png"), full_page=True)
    page.evaluate("window.sameDocument = true")
    page.locator("button.send").tap()
    page.locator("#survey-done").wait_for(state="visible", timeout=3000)
    assert page.evaluate("window.sameDocument === true") and not page.locator("#survey").is_visible()
    page.screenshot(path=str(shots / "phone-surveyed.png"))
    ikm = svc.report(*_day(svc)).to_json()["ikm"]
    assert (ikm["respondents"], ikm["value"], ikm["grade"]) == (1, 91.67, "A")

    page.goto(f"{server.url}/t/{ticket.ref}")
    assert page.locator("#surveyed").is_visible() and not page.locator("#faces").is_visible()
    assert not page.locator("#survey-link").is_visible()
    assert nik not in page.content() and nik[-4:] not in page.content()
    assert errors == []
    assert [f for f in failed if not f.endswith("/favicon.ico")] == [f"409 {server.url}/t/{ticket.ref}/rating"]
    context.close()


def test_without_script_the_faces_and_the_questionnaire_are_plain_forms(browser, branch):  # noqa: F811
    svc, counter, server = branch
    ticket = svc.issue(fresh_nik(), "INFO")
    counter.call_next(1)
    counter.finish(1)
    context = browser.new_context(java_script_enabled=False, locale="en-US", **PHONE)
    page = context.new_page()
    page.goto(f"{server.url}/t/{ticket.ref}?lang=en")
    assert page.locator(".face span").all_inner_texts() == WORDS_EN
    assert page.locator("#faces").is_visible()
    with page.expect_navigation():
        page.locator(".f2").tap()                                          # a plain form post, redirected back
    assert page.url == f"{server.url}/t/{ticket.ref}?lang=en"
    assert page.locator("#rated").is_visible() and not page.locator("#faces").is_visible()
    assert "Thank you for your rating" in page.locator("#rated").inner_text()
    assert svc.rating_of(ticket.ticket_id) == 2

    page.locator("#survey-link").tap()
    page.wait_for_url(f"**/t/{ticket.ref}/survey?lang=en")
    page.locator("button.send").tap()                                      # nothing answered: the browser asks
    assert page.url.endswith("/survey?lang=en") and svc.report(*_day(svc)).to_json()["ikm"]["respondents"] == 0
    _answer_all(page, {f"u{i}": 2 for i in range(1, 10)})
    with page.expect_navigation():
        page.locator("button.send").tap()
    assert page.url == f"{server.url}/t/{ticket.ref}?lang=en"
    assert page.locator("#surveyed").is_visible()
    ikm = svc.report(*_day(svc)).to_json()["ikm"]
    assert (ikm["respondents"], ikm["value"], ikm["grade"]) == (1, 50.0, "D")
    context.close()


def test_the_api_documentation_loads_nothing_from_elsewhere(browser, branch):  # noqa: F811
    _svc, _counter, server = branch
    context = browser.new_context(viewport={"width": 1024, "height": 900})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{server.url}/docs?lang=en")
    page.wait_for_load_state("networkidle")
    assert requested and all(url.startswith(server.url) for url in requested), requested
    assert page.locator("section.op").count() >= 14
    assert page.locator("#op-post-t-ref-rating .roles").inner_text(timeout=2000).startswith("No token")
    assert "kiosk, admin" in page.locator("#op-post-api-v1-tickets .roles").inner_text(timeout=2000)
    context.close()
