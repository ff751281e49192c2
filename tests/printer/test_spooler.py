"""Printing to a network printer stand-in that fails like a real one."""
import threading
import time

import pytest

from kiosk.app.printing import check_page_labels
from printer import PrinterSettings, Spooler, print_test_page, printer_status
from tests.printer.samples import FULL_NIK, ticket
from tests.printer.standin import PrinterStandin


def settings_for(standin, **kw):
    return PrinterSettings(standin.url, timeout_s=kw.pop("timeout_s", 1.5), **kw)


@pytest.fixture
def spooler(printer_standin):
    s = Spooler(settings_for(printer_standin), retry_delays_s=(0.1, 0.3))
    yield s
    s.close()


def printed_tickets(standin, expected):
    standin.wait_for_jobs(expected, timeout=3)
    time.sleep(0.05)
    return standin.tickets()


def test_ticket_reaches_the_printer_as_a_participant_would_read_it(printer_standin, spooler):
    outcome = spooler.print_now(ticket())
    assert outcome.ok and outcome.status == "printed" and outcome.reason is None
    assert outcome.printer_url == printer_standin.url
    [job] = printed_tickets(printer_standin, 1)
    number = job.find("A-023")
    assert number.width >= 2 and number.height >= 2
    assert job.qr == [ticket().qr_payload]
    assert job.find("************0002") is not None
    assert "- KTP elektronik" in job.text
    assert job.cuts == 1
    assert FULL_NIK not in job.text
    assert printer_standin.status_requests >= 2  # asked before the job and after it


def test_submit_returns_at_once_and_reports_through_the_callback(printer_standin):
    printer_standin.stall(after_bytes=0)
    done = threading.Event()
    seen = []

    def on_done(t, outcome):
        seen.append((t, outcome, threading.current_thread().name))
        done.set()

    with Spooler(settings_for(printer_standin, timeout_s=0.5), on_done=on_done, retry_delays_s=()) as spooler:
        start = time.monotonic()
        future = spooler.submit(ticket())
        assert time.monotonic() - start < 0.1  # the caller (a UI thread) is never held
        assert done.wait(5)
        outcome = future.result(timeout=1)
    t, reported, thread = seen[0]
    assert t == ticket() and reported == outcome and not outcome.ok
    assert thread != threading.current_thread().name


FAULTS = [
    ("go_offline", "offline", "Printer sedang offline."),
    ("paper_out", "paper_out", "Kertas printer habis."),
    ("open_cover", "cover_open", "Tutup printer terbuka."),
    ("stall", "no_answer", "Printer tidak menjawab."),
    ("drop", "disconnected", "Sambungan ke printer terputus."),
    ("power_off", "unreachable", "Printer tidak dapat dihubungi."),
]


@pytest.mark.parametrize("fault,code,sentence", FAULTS, ids=[f[0] for f in FAULTS])
def test_each_fault_fails_clearly_within_5_s_and_a_reprint_prints_once(printer_standin, spooler, fault, code, sentence):
    original = ticket()
    getattr(printer_standin, fault)()
    start = time.monotonic()
    outcome = spooler.submit(original).result(timeout=5)
    assert time.monotonic() - start < 5
    assert (outcome.ok, outcome.status, outcome.fault, outcome.reason) == (False, "failed", code, sentence)
    assert outcome.reason_en and outcome.to_json()["reason"] == sentence
    assert printed_tickets(printer_standin, 0) == []      # nothing came out
    assert original == ticket()                           # the ticket itself is untouched

    printer_standin.clear()
    again = spooler.print_now(original)
    assert again.ok
    tickets = printed_tickets(printer_standin, 1)
    assert len(tickets) == 1 and tickets[0].qr == [original.qr_payload]


def test_a_replugged_printer_is_retried_on_a_fresh_connection(printer_standin, spooler):
    printer_standin.drop(after_bytes=40, once=True)
    outcome = spooler.print_now(ticket())
    assert outcome.ok
    assert printer_standin.connections == 2
    assert len(printed_tickets(printer_standin, 2)) == 1


def test_paper_near_end_prints_and_warns_staff(printer_standin, spooler):
    printer_standin.paper_near_end()
    outcome = spooler.print_now(ticket())
    assert outcome.ok and outcome.paper_near_end
    assert len(printed_tickets(printer_standin, 1)) == 1


def test_failover_printer_takes_the_ticket_when_the_first_is_out_of_paper(printer_standin):
    with PrinterStandin() as second:
        printer_standin.paper_out()
        settings = settings_for(printer_standin, failover_url=second.url)
        with Spooler(settings) as spooler:
            outcome = spooler.print_now(ticket())
        assert outcome.ok and outcome.printer_url == second.url
        assert len(printed_tickets(second, 1)) == 1
        assert printed_tickets(printer_standin, 0) == []


def test_both_printers_down_reports_the_main_printer_reason(printer_standin):
    with PrinterStandin() as second:
        printer_standin.open_cover()
        second.paper_out()
        with Spooler(settings_for(printer_standin, failover_url=second.url)) as spooler:
            outcome = spooler.print_now(ticket())
    assert not outcome.ok and outcome.reason == "Tutup printer terbuka." and outcome.printer_url == printer_standin.url


def test_jobs_from_many_threads_print_one_after_another(printer_standin, spooler):
    numbers = [f"A-{n:03d}" for n in range(1, 9)]
    futures = []
    threads = [threading.Thread(target=lambda n=n: futures.append(spooler.submit(ticket(number=n)))) for n in numbers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(f.result(timeout=5).ok for f in futures)
    tickets = printed_tickets(printer_standin, len(numbers))
    assert sorted(j.find("A-0").text for j in tickets if j.find("A-0")) == numbers


def test_printer_status_reads_the_printer(printer_standin):
    settings = settings_for(printer_standin)
    ok = printer_status(settings)
    assert ok["ok"] and ok["online"] and ok["paper"] == "ok" and ok["cover_open"] is False
    printer_standin.paper_near_end()
    assert printer_status(settings)["paper_near_end"] is True
    printer_standin.open_cover()
    doc = printer_status(settings)
    assert not doc["ok"] and doc["message"] == "Tutup printer terbuka." and doc["cover_open"]


def test_printer_that_never_answers_status_can_skip_it(printer_standin):
    mute = PrinterStandin(answer_status=False)
    try:
        with Spooler(PrinterSettings(mute.url, timeout_s=0.5), retry_delays_s=()) as spooler:
            assert spooler.print_now(ticket()).reason == "Printer tidak menjawab."
        with Spooler(PrinterSettings(mute.url + "?status=0", timeout_s=0.5)) as spooler:
            assert spooler.print_now(ticket()).ok
        assert len(printed_tickets(mute, 1)) == 1
    finally:
        mute.close()


def test_test_page_prints_sizes_qr_and_code_page(printer_standin):
    outcome = print_test_page(settings_for(printer_standin), check_page_labels("id"))
    assert outcome.ok
    [page] = printed_tickets(printer_standin, 1)
    assert page.find("HALAMAN UJI PRINTER") is not None
    assert {line.align for line in page.lines if line.text in ("Kiri", "Tengah", "Kanan")} == {"left", "center", "right"}
    assert {line.width for line in page.lines} >= {1, 2, 3, 4}
    assert page.qr == ["ANJ1:TEST"]
    assert "café" in page.text and "-" in page.text and "?" not in page.text
