"""Every window reports its machine's heartbeat (the kiosk with its printer's paper state), and the
monitor's header says which machine is silent or out of paper, and since when."""
from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QLabel

from tests.printer.standin import PrinterStandin

pytestmark = pytest.mark.timeout(60)


def kinds(svc) -> dict[str, object]:
    return {s.record.kind: s for s in svc.devices()}


def test_the_monitor_header_names_the_silent_machine_and_the_printer_out_of_paper(qtbot, make_services, clock,
                                                                                    live_window):
    from kiosk.ui.monitor import MonitorWindow

    svc = make_services()
    nine = clock.now
    clock.now = nine - timedelta(minutes=3)
    svc.heartbeat("counter", counter=2)
    clock.now = nine - timedelta(minutes=1)
    with PrinterStandin() as printer:
        printer.paper_out()
        svc.heartbeat("kiosk", name="kiosk-1", printer=True, printer_url=printer.url)
    clock.now = nine
    window, _feed = live_window(svc, lambda feed: MonitorWindow(svc, feed, lang="id"), (1920, 1080))
    line = window.findChild(QLabel, "devicesLine")
    expected = "Mesin: counter-2 diam sejak hari ini pukul 08.57 · kiosk-1 kertas habis sejak hari ini pukul 08.59"
    qtbot.waitUntil(lambda: line.text() == expected, timeout=5000)
    assert "KERTAS HABIS" in line.toolTip()
    window.toggle_language()
    assert line.text() == "Machines: counter-2 silent since today at 08:57 · kiosk-1 out of paper since today at 08:59"
    qtbot.waitUntil(lambda: "monitor" in kinds(svc), timeout=5000)      # the monitor reports its own heartbeat


def test_the_counter_display_and_rating_windows_report_their_heartbeat(qtbot, make_services, live_window):
    from kiosk.ui.counter import CounterWindow
    from kiosk.ui.display import DisplayWindow
    from kiosk.ui.rating import RatingWindow

    svc = make_services()
    live_window(svc, lambda feed: CounterWindow(svc, 3, feed, unlocked=True))
    live_window(svc, lambda feed: DisplayWindow(svc, feed))
    live_window(svc, lambda feed: RatingWindow(svc, 3, feed))
    qtbot.waitUntil(lambda: {"counter", "display", "rating"} <= set(kinds(svc)), timeout=10000)
    names = {s.record.name for s in svc.devices()}
    assert {"counter-3", "rating-3"} <= names
    assert all(s.ok for s in svc.devices())
    display = live_window(svc, lambda feed: DisplayWindow(svc, feed))[0]
    display.close()                                           # a closed window beats no more
    assert display.heartbeat.stopped and display.heartbeat.beat() is None


def test_the_kiosk_reports_its_printer_out_of_paper(qtbot, make_kiosk, kiosk_svc):
    with PrinterStandin() as printer:
        printer.paper_out()
        make_kiosk(printer_url=printer.url, kiosk_id="kiosk-7")
        qtbot.waitUntil(lambda: "kiosk" in kinds(kiosk_svc), timeout=10000)
    state = kinds(kiosk_svc)["kiosk"]
    assert state.record.name == "kiosk-7" and state.paper_out and state.record.printer == printer.url
