"""`anjungan demo --headless`: a scripted morning through the real kiosk window, offscreen.

Visits typed on the on-screen keypad, tickets printed on a preview printer, staff in assisted
mode, a printer that fails, counters calling and the hall display; a screenshot of every screen
(Indonesian and English, landscape and portrait), the tickets (PNG + raw ESC/POS bytes) and a
short report; then the head of service's morning (kiosk/demo/head.py). No file it writes
contains a full NIK.
"""
from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

from kiosk.demo.cast import LANDSCAPE, PORTRAIT, closed_port
from kiosk.demo.director import Director, locked_counter, staff_windows, visit, visit_failed, wait_idle
from kiosk.demo.head import head_of_service
from kiosk.demo.ktp_scene import ktp_shots
from kiosk.demo.lobby import booking_and_rating_shots, lobby_shots
from kiosk.demo.morning import Morning, open_morning
from kiosk.demo.report import write_report
from kiosk.domain.errors import AnjunganError
from kiosk.domain.missed import Previous
from kiosk.domain.nik import make_nik

# the rest of the morning at the kiosk: (visitor, service), played twice
LATER_VISITS = [("active", "INFO"), ("elderly", "ADUAN"), ("retired", "JHT"), ("unknown", "INFO"),
                ("deceased", "JKM"), ("active", "ADUAN"), ("elderly", "INFO"), ("retired", "INFO")]
LATE_ARRIVALS = ("active", "elderly", "retired")


def indonesian_scenes(m: Morning) -> None:
    """Indonesian, landscape: the whole flow, with the online route and a NIK typo, the routes a
    visit may need, the lobby, a booked visit and a rating."""
    d, people = m.d, m.people
    d.shot("welcome")
    d.tap("takeTicket")
    d.type_nik("3171041713")            # day 17, month 13
    d.shot("nik-invalid-month")
    d.clear()
    d.window.go_welcome()
    visit(d, people["active"].nik, "DATA", shots=True, via_online=True)
    d.tap("helpButton")
    d.shot("help")
    d.window.notice.hide()
    other_routes(d, people["unpaid"].nik)
    not_registered(d, people["unknown"].nik)
    lobby_shots(d, people)
    booking_and_rating_shots(d, m.svc, m.clock)


def other_routes(d: Director, nik: str) -> None:
    """A participant whose visit needs other routes: not eligible, online only, the front desk."""
    d.tap("takeTicket")
    d.type_nik(nik)
    d.tap("nikSubmit")
    d.shot("status-unpaid")
    d.tap("statusNext")
    d.choose("JP")
    d.shot("not-eligible")
    d.tap("routeBack")
    d.choose("JKP")
    d.shot("online-only")
    d.tap("routeBack")
    d.choose("CEK")
    d.shot("front-desk")
    d.window.go_welcome()


def not_registered(d: Director, nik: str) -> None:
    d.tap("takeTicket")
    d.type_nik(nik)
    d.tap("nikSubmit")
    d.shot("kk-question")
    d.tap("kkContinue")
    d.shot("status-not-registered")
    d.window.go_welcome()


def english_and_portrait_scenes(m: Morning) -> None:
    """English in landscape (each visit starts in Indonesian again: the visitor picks English),
    then portrait in both languages and large text."""
    d, people = m.d, m.people
    d.tap("languageToggle")
    d.shot("welcome")
    visit(d, people["elderly"].nik, "JHT", shots=True)
    d.resize(PORTRAIT)
    d.shot("welcome")
    visit(d, people["retired"].nik, "INFO", shots=True)
    d.tap("languageToggle")
    visit(d, people["deceased"].nik, "JKM", shots=True)
    d.tap("largeTextToggle")
    d.shot("large-welcome")
    visit(d, people["unpaid"].nik, "ADUAN", shots=True, suffix="-large")
    d.resize(LANDSCAPE)


def assisted_scenes(d: Director, nik: str) -> None:
    """Assisted mode: staff PIN, priority reason, NIK typed for the participant, a reprint."""
    d.long_press_logo()
    for digit in "1234":
        d.tap(f"pinKey_{digit}")
    d.shot("staff-pin")
    d.tap("pinSubmit")
    d.shot("staff-menu")
    d.tap("priority_disabilitas")
    d.tap("frontDesk_CEK")
    d.tap("assistedNik")
    d.type_nik(nik)
    d.shot("assisted-nik")
    d.tap("nikSubmit")
    d.after_nik()
    d.choose("JKP")
    d.shot("assisted-online-only")          # staff get no ticket for it either; they record the visit
    d.tap("routeBack")
    d.choose("INFO")
    if d.window.current_name == "repeatTicket":     # a number held already: staff insist on a new one
        d.shot("assisted-repeat")
        d.tap("repeatNew")
    else:
        d.tap("ticketConfirm")
    d.shot("assisted-ticket")
    d.tap("assistedMenu")
    d.tap("reprintLast")
    d.shot("staff-reprint")
    d.tap("assistedExit")


def printer_failure_scene(m: Morning) -> None:
    """The printer fails: the on-screen ticket."""
    m.window.printer_url = f"tcp://127.0.0.1:{closed_port()}"
    visit_failed(m.d, m.people["active"].nik)
    m.window.printer_url = m.printer_url


def _counter_bookings(svc, clock, nik: str) -> int:
    """Two participants who booked online check in: one for the half hour the clock is in (due
    now: the counter calls it next), one for the next half hour (waiting, with its slot).
    Returns how many were checked in (none when the office hours leave no room for the slots)."""
    now = clock.now
    start = now.replace(minute=now.minute - now.minute % 30, second=0, microsecond=0)
    later = make_nik("31", "71", "04", date(1988, 7, 21), "F", 9107)
    checked_in = 0
    for i, (who, begins) in enumerate(((nik, start), (later, start + timedelta(minutes=30)))):
        code = f"LPK-DEMO-{i + 1:02d}"
        try:
            svc.book(who, "INFO", begins.date(), begins.time(), (begins + timedelta(minutes=30)).time(),
                     source="Lapak Asik", code=code)
            checked_in += svc.check_in(code, kiosk_id="kiosk-2").ticket is not None
        except AnjunganError:
            break                           # a slot outside today's hours: the morning goes on without it
    return checked_in


def counters_morning(m: Morning):
    """The rest of the morning: visits through the kiosk, counters calling (counter 1 through its
    real window), late arrivals and booked visits checked in; returns the feed and staff windows."""
    from PySide6.QtWidgets import QPushButton

    d, svc, clock, people = m.d, m.svc, m.clock, m.people
    feed, counter_window, display_window = staff_windows(svc)
    for extra in (counter_window, display_window):
        extra.resize(*LANDSCAPE)
        extra.show()
    call = counter_window.findChild(QPushButton, "callNext")
    for i, (who, code) in enumerate(LATER_VISITS * 2):
        clock.advance(minutes=4)
        visit(d, people[who].nik, code)
        if i % 2 == 1:
            _every_counter_calls(d, svc, counter_window, call)
    d.settle()
    for who in LATE_ARRIVALS:                                           # late arrivals, still waiting
        clock.advance(minutes=2)
        svc.issue(people[who].nik, "INFO", kiosk_id="kiosk-2")
    _counter_bookings(svc, clock, people["unpaid"].nik)                 # booked online, checked in at the kiosk
    _call_at_window(d, counter_window, call)                            # an officer with a ticket at the counter
    counter_window._show_clock()
    d.spin(1.5)                             # the display refreshes waiting counts once a second
    return feed, counter_window, display_window


def _every_counter_calls(d: Director, svc, counter_window, call) -> None:
    for counter in svc.branch.counters:
        if counter.number == 1 and call.isEnabled():
            _call_at_window(d, counter_window, call)        # counter 1 calls through its real window
        else:
            svc.call_next(counter.number, previous=Previous.DONE.value)     # the one called before was served


def _call_at_window(d: Director, counter_window, call) -> None:
    """The participant called before reached the counter (serving starts), then the next call."""
    start = counter_window.buttons["startServing"]
    if start.isVisible() and start.isEnabled():
        start.click()
        wait_idle(d, counter_window)
    call.click()
    wait_idle(d, counter_window)


def staff_shots(m: Morning, feed, counter_window, display_window) -> list:
    """The counter, the hall display in both languages and a locked counter's sign-in; the hall
    display's side-panel pages. Returns the extra windows opened for them."""
    from kiosk.ui.display import DisplayWindow

    d, svc = m.d, m.svc
    display_en = DisplayWindow(svc, feed, svc.config.display, lang="en")
    display_en.resize(*LANDSCAPE)
    display_en.show()
    display_en.on_resynced(svc.status())        # joins after the feed started: the state a resync brings
    locked = locked_counter(d, svc, feed)
    d.settle()
    for name, extra in (("counter-window.png", counter_window), ("display-window.png", display_window),
                        ("display-window-en.png", display_en), ("counter-pin-locked.png", locked)):
        d.save(extra, name)
    # under the last calls the counter rows and the waiting counts take turns: the waiting counts, and
    # the hall at the two usual TV resolutions
    display_window.show_page("waitingPanel")
    d.settle()
    d.save(display_window, "display-waiting.png")
    display_window.show_page("tiles")
    size = display_window.size()
    for width, height in ((1366, 768), (1920, 1080)):
        display_window.resize(width, height)
        d.settle()
        d.save(display_window, f"display-{width}x{height}.png")
    display_window.resize(size)
    m.window.bg.wait(20000)
    d.settle()
    return [display_en, locked]


def close(m: Morning, feed, windows: list) -> None:
    m.window.close()                            # not locked down: it closes
    for extra in windows:
        extra.close()
    feed.close()
    m.svc.close()
    if m.workdir is not None:
        m.workdir.cleanup()


def run_headless(out: Path, config_path=None, db_url: str | None = None) -> int:
    """Plays the whole morning into `out`; 1 when a file holds a full NIK, else 0."""
    m = open_morning(out, config_path, db_url)
    indonesian_scenes(m)
    english_and_portrait_scenes(m)
    assisted_scenes(m.d, m.people["active"].nik)
    printer_failure_scene(m)
    ktp_shots(m.d, m.people["elderly"].nik, m.people["elderly"].name or "", m.svc.today())   # the KTP tray
    feed, counter_window, display_window = counters_morning(m)
    extras = staff_shots(m, feed, counter_window, display_window)
    issued, leaks = write_report(m, counter_window, display_window)
    leaks += head_of_service(m.d, m.svc, m.clock, feed, m.people, m.out, m.shots)
    close(m, feed, [counter_window, display_window, *extras])
    sys.stdout.write(f"Demo selesai: {m.out} ({issued} tiket, {len(m.d.saved)} tangkapan layar)\n")
    return 1 if leaks else 0
