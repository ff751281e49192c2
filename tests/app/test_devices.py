"""Machines and printers seen from one place: each machine's heartbeat through the services, the
printer's paper state and since when, a machine that falls silent, and `anjungan devices`.

The branch clock is the test's (a Monday at 09.00); the printer is the TCP stand-in that fails
like a real one (tests/printer/standin.py).
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from kiosk.domain.devices import Paper
from tests.conftest import JAKARTA
from tests.events.helpers import anjungan
from tests.printer.standin import PrinterStandin

pytestmark = pytest.mark.timeout(60)

NINE = datetime(2026, 11, 23, 9, 0, tzinfo=JAKARTA)


@pytest.fixture
def printer():
    import kiosk.config.devices  # noqa: F401  (the printer says its faults in the catalog's words)

    standin = PrinterStandin()
    yield standin
    standin.close()


def _by_name(svc) -> dict:
    return {s.record.name: s for s in svc.devices()}


def test_a_heartbeat_shows_the_machine_up_and_two_quiet_minutes_make_it_silent_since_its_last(svc, clock):
    svc.heartbeat("counter", counter=2)
    svc.heartbeat("display", name="display-lobby")
    clock.advance(seconds=90)
    svc.heartbeat("display", name="display-lobby")          # the display keeps reporting; the counter does not
    state = _by_name(svc)
    assert not state["counter-2"].silent and state["counter-2"].record.counter == 2
    clock.advance(seconds=30)                                # 2 minutes after the counter's last heartbeat
    state = _by_name(svc)
    assert state["counter-2"].silent and state["counter-2"].silent_since == NINE
    assert not state["display-lobby"].silent
    assert [s.record.name for s in svc.devices()] == ["counter-2", "display-lobby"]     # trouble first
    doc = svc.devices_json()
    assert doc["silent"] == 1 and not doc["ok"]
    assert doc["devices"][0]["silent_since"] == "2026-11-23T09:00:00+07:00"
    assert "counter-2 (counter): DIAM sejak hari ini pukul 09.00" in svc.device_line(svc.devices()[0])
    assert svc.device_summary(svc.devices(), "en") == "Machines: counter-2 silent since today at 09:00"
    svc.heartbeat("counter", counter=2)                      # the PC is back
    assert not _by_name(svc)["counter-2"].silent
    assert svc.device_summary(svc.devices(), "en") == "Machines: 2 up, every printer ready"
    for n in (1, 3):                                         # three silent: the header names them, one line
        svc.heartbeat("counter", counter=n)
    clock.advance(minutes=3)
    assert svc.device_summary(svc.devices(), "en") == (
        "Machines in trouble (4): counter-1, counter-2, counter-3, display-lobby")


def test_the_printer_out_of_paper_is_reported_since_it_ran_out_and_ready_again_once_loaded(svc, clock, printer):
    kiosk = dict(name="kiosk-1", printer=True, printer_url=printer.url)
    assert svc.heartbeat("kiosk", **kiosk).paper == Paper.OK
    clock.advance(minutes=1)
    printer.paper_out()
    out = svc.heartbeat("kiosk", **kiosk)
    assert (out.paper, out.fault, out.printer) == (Paper.OUT, "paper_out", printer.url)
    clock.advance(minutes=5)
    svc.heartbeat("kiosk", **kiosk)                           # still out: the moment it ran out is kept
    state = _by_name(svc)["kiosk-1"]
    assert state.paper_out and not state.ok and not state.silent
    assert state.record.paper_since == NINE + timedelta(minutes=1)
    assert "KERTAS HABIS sejak hari ini pukul 09.01" in svc.device_line(state)
    assert svc.device_summary([state], "en") == "Machines: kiosk-1 out of paper since today at 09:01"
    printer.clear()
    printer.paper_near_end()
    clock.advance(minutes=1)
    near = svc.heartbeat("kiosk", **kiosk)
    assert (near.paper, near.paper_since) == (Paper.NEAR_END, NINE + timedelta(minutes=7))
    assert _by_name(svc)["kiosk-1"].ok                       # near its end still prints


def test_a_printer_that_does_not_answer_is_a_fault_with_its_reason(svc):
    record = svc.heartbeat("kiosk", name="kiosk-2", printer=True, printer_url="tcp://127.0.0.1:9")
    assert record.paper == Paper.FAULT and record.fault == "unreachable"
    assert _by_name(svc)["kiosk-2"].printer_trouble


def test_the_heartbeat_timer_beats_when_due_and_never_stops_its_machine(make_services, clock, tmp_path):
    path = tmp_path / "timer.sqlite"
    svc = make_services(f"sqlite:///{path}")
    beat = svc.heartbeat_timer("rating", counter=3, background=False)
    beat.tick()                                              # the first tick beats
    assert _by_name(svc)["rating-3"].record.last_seen == NINE
    clock.advance(seconds=10)
    beat.tick()                                              # the next is due in about 30 s: nothing written
    assert _by_name(svc)["rating-3"].record.last_seen == NINE
    beat.soon()                                              # a print failed: beat at the next tick
    beat.tick()
    assert _by_name(svc)["rating-3"].record.last_seen == NINE + timedelta(seconds=10)
    svc.database.engine.dispose()
    path.unlink()                                            # the database is gone: the machine goes on
    beat.soon()
    beat.tick()
    assert beat.failures == 1 and beat.last.last_seen == NINE + timedelta(seconds=10)


def test_devices_json_from_the_command_line_names_the_silent_machine_and_the_printer_out_of_paper(
        make_services, clock, tmp_path, printer, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'queue.sqlite'}"
    svc = make_services(url)
    clock.now = NINE - timedelta(minutes=3)                  # the counter's PC last spoke three minutes ago
    svc.heartbeat("counter", counter=1)
    clock.now = NINE - timedelta(seconds=20)
    printer.paper_out()
    svc.heartbeat("kiosk", name="kiosk-1", printer=True, printer_url=printer.url)
    svc.heartbeat("web", name="web")
    done = anjungan("devices", "--json", db=url)             # ANJUNGAN_NOW: Monday 09.00
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    devices = {d["name"]: d for d in doc["devices"]}
    assert doc["at"] == "2026-11-23T09:00:00+07:00" and doc["silent_after_s"] == 120
    assert (doc["ok"], doc["silent"], doc["paper_out"]) == (False, 1, 1)
    assert devices["counter-1"]["silent"] and devices["counter-1"]["silent_since"] == "2026-11-23T08:57:00+07:00"
    kiosk = devices["kiosk-1"]
    assert not kiosk["silent"] and kiosk["paper_out"] and kiosk["paper"] == "out" and kiosk["fault"] == "paper_out"
    assert kiosk["paper_since"] == "2026-11-23T08:59:40+07:00" and kiosk["printer"] == printer.url
    assert devices["web"]["ok"] and devices["web"]["printer"] is None
    assert [d["name"] for d in doc["devices"]][:2] == ["counter-1", "kiosk-1"]          # trouble first
    from kiosk.cli import main

    monkeypatch.setenv("ANJUNGAN_NOW", "2026-11-23T09:00:00+07:00")
    assert main(["--db", url, "devices"]) == 0               # the same list, for a person
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("counter-1 (counter): DIAM sejak hari ini pukul 08.57")
    assert lines[1].endswith(f"printer {printer.url}: KERTAS HABIS sejak hari ini pukul 08.59 — isi kertas")
    assert lines[2] == "web (web): aktif, terakhir melapor hari ini pukul 08.59"


def test_a_machine_removed_for_good_is_taken_off_the_list(make_services, tmp_path, capsys):
    from kiosk.cli import main

    url = f"sqlite:///{tmp_path / 'queue.sqlite'}"
    svc = make_services(url)
    svc.heartbeat("kiosk", name="kiosk-old")
    svc.heartbeat("kiosk", name="kiosk-1")
    assert main(["--db", url, "devices", "--forget", "kiosk-old"]) == 0
    assert capsys.readouterr().out == "kiosk-old dihapus dari daftar mesin.\n"
    assert [s.record.name for s in svc.devices()] == ["kiosk-1"]
    assert main(["--db", url, "devices", "--forget", "kiosk-old"]) == 1
    assert "Tidak ada mesin bernama kiosk-old" in capsys.readouterr().err
