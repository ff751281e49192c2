"""`GET /metrics` on the real web service (uvicorn on loopback), scraped as Prometheus would and
read back with prometheus_client's own parser: the queue, the day's calls and failed prints, and
every machine's heartbeat and printer paper state, the web service's own included."""
from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import fresh_nik
from tests.events.helpers import wait_until
from tests.printer.standin import PrinterStandin

pytestmark = pytest.mark.timeout(60)


def scrape(server) -> dict:
    answer = httpx.get(server.url + "/metrics", timeout=10)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(answer.text):
        for s in family.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return samples


def value(samples: dict, name: str, **labels) -> float:
    return samples[(name, tuple(sorted(labels.items())))]


def test_metrics_say_the_queue_the_days_calls_failed_prints_and_each_machine(branch, clock):
    import kiosk.config.devices  # noqa: F401  (the printer says its faults in the catalog's words)

    svc, counter, server = branch
    nine = clock.now
    first = svc.issue(fresh_nik(), "INFO", assisted=True)
    svc.issue(fresh_nik(), "INFO", assisted=True)
    clock.advance(seconds=30)
    svc.issue(fresh_nik(), "DATA", assisted=True)
    clock.advance(seconds=60)
    assert counter.call_next(1).ticket_id == first.ticket_id
    counter.recall(1)
    with PrinterStandin() as printer:
        printer.paper_out()
        assert not svc.print_ticket(first.ticket_id, printer.url).ok
        svc.heartbeat("kiosk", name="kiosk-1", printer=True, printer_url=printer.url)
    clock.now = nine - timedelta(minutes=1)
    counter.heartbeat("counter", counter=1)                  # its last heartbeat, 2½ minutes ago
    clock.now = nine + timedelta(seconds=90)
    wait_until(lambda: any(s.record.kind == "web" for s in svc.devices()))     # the web service's own, at 09.00

    samples = scrape(server)
    assert value(samples, "anjungan_waiting_tickets", service="INFO") == 1
    assert value(samples, "anjungan_waiting_tickets", service="DATA") == 1
    assert value(samples, "anjungan_waiting_tickets", service="JHT") == 0
    assert value(samples, "anjungan_longest_wait_seconds", service="INFO") == 90      # waiting since 09.00
    assert value(samples, "anjungan_longest_wait_seconds", service="DATA") == 60
    assert value(samples, "anjungan_longest_wait_seconds", service="JHT") == 0
    assert value(samples, "anjungan_calls_today", kind="call") == 1
    assert value(samples, "anjungan_calls_today", kind="recall") == 1
    assert value(samples, "anjungan_print_failures_today") == 1
    assert value(samples, "anjungan_device_up", device="counter-1", kind="counter") == 0
    assert value(samples, "anjungan_device_up", device="kiosk-1", kind="kiosk") == 1
    assert value(samples, "anjungan_printer_paper", device="kiosk-1", state="out") == 1
    assert value(samples, "anjungan_printer_paper", device="kiosk-1", state="ok") == 0
    assert value(samples, "anjungan_printer_state_since_timestamp_seconds", device="kiosk-1") == \
        (nine + timedelta(seconds=90)).timestamp()
    assert value(samples, "anjungan_devices", state="silent") == 1
    assert value(samples, "anjungan_devices", state="paper_out") == 1
    # the web service reports its own heartbeat from its feed loop
    webs = [labels for (name, labels), v in samples.items() if name == "anjungan_device_up" and ("kind", "web") in labels]
    assert len(webs) == 1 and samples[("anjungan_device_up", webs[0])] == 1
    assert value(samples, "anjungan_devices", state="reporting") == 2


def test_metrics_carry_nothing_of_a_person(branch):
    svc, _counter, server = branch
    nik = fresh_nik()
    ticket = svc.issue(nik, "INFO", assisted=True)
    text = httpx.get(server.url + "/metrics", timeout=10).text
    assert nik not in text and nik[-4:] not in text and ticket.ticket_id not in text


def test_the_web_services_lost_and_remade_feed_connection_is_counted(make_services, pg_db, pg_url):
    """The database's LISTEN connection of the web service is cut by the server (as a restart or a
    dead switch would): the feed comes back by itself and /metrics counts the loss and the return."""
    import psycopg

    from kiosk.web.server import BackgroundServer
    from tests.events.helpers import terminate_backend

    svc = make_services(pg_db)
    with BackgroundServer(svc) as server:
        samples = scrape(server)
        assert value(samples, "anjungan_feed_lost_total") == 0
        assert value(samples, "anjungan_feed_reconnects_total") == 0

        def listeners() -> list[int]:
            with psycopg.connect(pg_url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
                return [pid for (pid,) in conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE query LIKE %s AND pid <> pg_backend_pid()",
                    (f"%LISTEN%{svc.notify_channel}%",))]

        wait_until(lambda: bool(listeners()))
        for pid in listeners():
            terminate_backend(pg_url, pid)
        svc.issue(fresh_nik(), "INFO", assisted=True)        # a change, so the follower reads its feed
        wait_until(lambda: value(scrape(server), "anjungan_feed_reconnects_total") >= 1, timeout=20)
        samples = scrape(server)
        assert value(samples, "anjungan_feed_lost_total") >= 1
        assert value(samples, "anjungan_waiting_tickets", service="INFO") == 1
