"""The phone page in a real browser (Debian's chromium driven by Playwright, at 360×740): it
shows the place in the queue and turns to "Sedang dipanggil — silakan menuju Loket N" when another
process calls it, pushed to the open page (its live stamp says the pinned time of the call), on
SQLite and on PostgreSQL. How fast the push arrives is measured by `tests/bench/bench_push.py`,
not asserted here against the wall clock."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from datetime import date

from kiosk.domain.nik import make_nik
from tests.events.helpers import anjungan

YOUNG = [make_nik("31", "71", "01", date(1990, 3, 14), "F", 3000 + i) for i in range(3)]

CHROMIUM = "/usr/bin/chromium"
PUSH_WAIT_MS = 10_000          # how long the test waits for the push (a bound, not a measurement)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is required in CI (./run installs it)")
        pytest.skip("Debian's chromium is not installed (./run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        assert browser.version.split(".")[0] == _debian_version().split(".")[0]
        yield browser
        browser.close()


def _log() -> str:
    logs = Path(os.environ.get("ANJUNGAN_DATA_DIR", ".")) / "logs" / "anjungan.log"
    return logs.read_text(encoding="utf-8")[-3000:] if logs.exists() else ""


def _debian_version() -> str:
    import subprocess

    return subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.split()[1]


def test_the_phone_page_follows_the_queue_live(browser, svc, web, db_url, tmp_path, clock):
    tickets = [svc.issue(nik, "INFO") for nik in YOUNG[:2]]          # two regular visitors
    mine = tickets[1]
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                  locale="id-ID", has_touch=True, is_mobile=True, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{web.url}/t/{mine.ref}")
    assert page.locator("#number").inner_text() == mine.number
    assert page.locator("#ahead").inner_text() == "1"
    page.wait_for_function("document.getElementById('mode').textContent.indexOf('Langsung') >= 0", timeout=5000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360          # no sideways scrolling
    page.screenshot(path=str(Path(os.environ.get("ANJUNGAN_SHOTS", tmp_path)) / "phone-waiting.png"), full_page=True)

    first = anjungan("call", "--counter", "1", "--json", db=db_url)              # the first ticket
    assert first.returncode == 0, first.stderr + _log()
    page.wait_for_function("document.getElementById('ahead').textContent === '0'", timeout=3000)

    assert page.locator("#mode").inner_text().endswith("Diperbarui pukul 09.00")
    clock.now = clock.now.replace(minute=7)                     # the second call is made at 09.07
    done = anjungan("call", "--counter", "2", "--json", db=db_url, env={"ANJUNGAN_NOW": clock.now.isoformat()})
    assert done.returncode == 0, done.stderr + _log()
    assert json.loads(done.stdout)["ticket"]["called_at"].startswith("2026-11-23T09:07")
    page.wait_for_function(
        "document.getElementById('headline').textContent === 'Sedang dipanggil — silakan menuju Loket 2'",
        timeout=PUSH_WAIT_MS)
    # pushed, not reloaded: the same page, its live stamp now the time of the call
    assert page.locator("#mode").inner_text() == "Langsung · Diperbarui pukul 09.07"
    assert page.url == f"{web.url}/t/{mine.ref}"
    assert "calling" in page.locator("#box").get_attribute("class")
    shots = Path(os.environ.get("ANJUNGAN_SHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"phone-called-{db_url.split(':')[0]}.png"), full_page=True)
    text = page.content()
    assert YOUNG[1] not in text and YOUNG[1][-4:] not in text

    page.goto(f"{web.url}/t/{mine.ref}?lang=en")
    assert page.locator("#headline").inner_text() == "Now calling — please go to Counter 2"
    context.close()


def test_the_page_reads_without_script(browser, svc, web):
    ticket = svc.issue(YOUNG[2], "INFO")
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False, locale="id-ID",
                                  bypass_csp=True)
    page = context.new_page()
    page.goto(f"{web.url}/t/{ticket.ref}")
    assert page.locator("#number").inner_text() == ticket.number
    assert "Dokumen yang perlu dibawa" in page.content()
    page.goto(f"{web.url}/t/{'x' * 16}")
    assert "tidak ditemukan" in page.content()
    context.close()
