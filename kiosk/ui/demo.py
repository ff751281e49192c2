"""`anjungan demo`: the kiosk (and the counter and hall windows when present) on one machine.

`run_headless(out)` plays a scripted morning through the real kiosk window offscreen: visits
typed on the on-screen keypad, tickets printed on a preview printer, staff in assisted mode, a
printer that fails; it saves a screenshot of every screen (Indonesian and English, landscape
and portrait), the tickets (PNG + raw ESC/POS bytes) and a short report. No file it writes
contains a full NIK.
"""
from __future__ import annotations

import logging
import os
import re
import socket
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from kiosk.domain.formatting import time_id, when_text
from kiosk.domain.nik import NIK_LENGTH, make_nik, mask_nik
from kiosk.domain.participant import Status
from kiosk.domain.ticket import EventKind


LANDSCAPE = (1920, 1080)
PORTRAIT = (1080, 1920)
DEMO_PARTICIPANTS = 300


class DemoClock:
    """The branch clock of the demo: a settable time that the script moves forward."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@dataclass(frozen=True)
class Person:
    """A scripted visitor: a synthetic NIK (never written to any output file)."""

    key: str
    nik: str
    name: str | None
    status: Status | None
    segment: str | None
    programs: frozenset[str]
    birth: date
    last_paid: str | None
    card_number: str | None = None      # the membership card the visitor may scan


def cast(today: date) -> dict[str, Person]:
    """The visitors of the morning (found in the directory unless `status` is None)."""
    def person(key, birth, sex, serial, name, status, segment, programs, last_paid):
        nik = make_nik("31", "71", "04", birth, sex, serial)
        card = f"1601{serial:07d}" if status is not None else None
        return Person(key, nik, name, status, segment, frozenset(programs), birth, last_paid, card)

    month = f"{today.year}-{today.month:02d}"
    return {p.key: p for p in (
        person("active", date(1990, 3, 14), "F", 9101, "Dewi Lestari", Status.ACTIVE, "PU",
               ("JHT", "JKK", "JKM", "JP"), month),
        person("retired", date(1962, 5, 2), "M", 9102, "Bambang Sutrisno", Status.INACTIVE, "PU",
               ("JHT", "JKK", "JKM", "JP"), "2022-05"),
        person("elderly", date(1950, 8, 17), "M", 9103, "Slamet Riyadi", Status.ACTIVE, "PU",
               ("JHT", "JKK", "JKM", "JP"), month),
        person("unpaid", date(1985, 11, 30), "M", 9104, "Agus Salim", Status.UNPAID, "BPU",
               ("JKK", "JKM"), "2025-09"),
        person("deceased", date(1958, 1, 9), "M", 9105, "Hendra Wijaya", Status.DECEASED, "PU",
               ("JHT", "JKK", "JKM", "JP"), "2026-06"),
        person("unknown", date(2000, 2, 29), "F", 9106, None, None, None, (), None),
    )}


def seed(svc, people: dict[str, Person]) -> int:
    """Demo participants when the directory is empty, plus the scripted visitors (upserted)."""
    added = 0
    if svc.participant_count() == 0:
        added = svc.add_demo_participants(DEMO_PARTICIPANTS)
    rows = [SimpleNamespace(nik=p.nik, name=p.name, status=p.status, status_text=p.status.label_id,
                            segment=p.segment, programs=p.programs, birth_date=p.birth, last_paid=p.last_paid,
                            card_number=p.card_number)
            for p in people.values() if p.status is not None]
    return added + svc.import_participants(rows)


def demo_start(svc, clock: DemoClock, real_now: datetime) -> tuple[datetime, bool]:
    """Real time when the office is open now; otherwise 09.00 of the latest working day."""
    clock.now = real_now
    if svc.office_status().is_open:
        return real_now, False
    day = real_now.date()
    for back in range(0, 30):
        candidate = datetime.combine(day - timedelta(days=back), datetime.min.time(), tzinfo=real_now.tzinfo)
        clock.now = candidate.replace(hour=9)
        if svc.office_status().is_open:
            return clock.now, True
    clock.now = real_now
    return real_now, False


def closed_port() -> int:
    """A local TCP port with nothing listening (a printer that is off)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_idle(d, counter_window, timeout_s: float = 10.0) -> None:
    """Let a counter action finish (it runs off the UI thread) before going on."""
    end = time.monotonic() + timeout_s
    d.settle()
    while counter_window.busy and time.monotonic() < end:
        d.app.processEvents()
        time.sleep(0.005)
    d.settle()


def staff_windows(svc, counter: int = 1, speak: bool = False):
    """The event feed, a counter window and the hall display, sharing one in-process feed."""
    from kiosk.events.qt import QtEventFeed
    from kiosk.ui.counter import CounterWindow
    from kiosk.ui.display import DisplayWindow, make_announcer

    feed = QtEventFeed(svc)
    counter_window = CounterWindow(svc, counter, feed, unlocked=True)
    announcer = make_announcer(svc) if speak else None
    display_window = DisplayWindow(svc, feed, svc.config.display, announcer=announcer)
    feed.start()
    return feed, counter_window, display_window


# ---------------------------------------------------------------------------------------------
class Director:
    """Drives the real kiosk window like a participant would: taps, waits, screenshots."""

    def __init__(self, app, window, shots: Path):
        self.app, self.window, self.shots = app, window, shots
        self.count = 0
        self.saved: list[str] = []

    def settle(self, timeout_s: float = 15.0) -> None:
        """Process events until background work (checks, issuing, printing) has come back."""
        end = time.monotonic() + timeout_s
        while time.monotonic() < end:
            self.app.processEvents()
            if not self.window.bg.busy:
                break
            time.sleep(0.005)
        for _ in range(3):
            self.app.processEvents()
        from PySide6.QtCore import QEvent

        self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)   # as the event loop would

    def tap(self, name: str) -> None:
        from PySide6.QtWidgets import QPushButton

        widget = self.window.findChild(QPushButton, name)
        if widget is None or not widget.isVisible():
            raise RuntimeError(f"no visible button {name!r} on the {self.window.current_name} screen")
        if not widget.isEnabled():
            raise RuntimeError(f"button {name!r} is disabled on the {self.window.current_name} screen")
        widget.click()
        self.settle()

    def type_nik(self, digits: str) -> None:
        for d in digits:
            self.tap(f"keypad_{d}")

    def clear(self) -> None:
        """"Kosongkan" asks first: two touches."""
        self.tap("keypadClear")
        self.tap("keypadClear")

    def choose(self, code: str) -> None:
        """A service on the visit screen: its group's tile first when the groups are shown."""
        screen = self.window.visit_screen
        if screen.group is not None and not screen.tiles[code].isVisible():
            self.tap("visitBack")
        if screen.showing_groups:
            self.tap(f"group_{self.window.svc.branch.service(code).group}")
        if self.window.current_name == "visit":
            self.tap(f"service_{code}")

    def after_nik(self, shots: bool = False, suffix: str = "") -> None:
        """After Lanjut: the KK or heir question and the status screen when there is something to
        read, then the services."""
        if self.window.current_name == "kkQuestion":
            self.tap("kkContinue")
        if self.window.current_name == "heirChoice":
            if shots:
                self.shot(f"heir-question{suffix}")
            self.tap("heirYes")
        if self.window.current_name == "status":
            if shots:
                self.shot(f"status{suffix}")
            self.tap("statusNext")

    def scan(self, text: str) -> None:
        """What a keyboard-wedge scanner does: the code's characters, fast, then Enter."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        target = self.window.focusWidget() or self.window
        QTest.keyClicks(target, text)
        QTest.keyClick(target, Qt.Key.Key_Return)
        self.settle()

    def shot(self, label: str) -> None:
        self.settle()
        w = self.window
        orientation = "portrait" if w.portrait else "landscape"
        self.count += 1
        name = f"{self.count:02d}-{label}-{w.lang}-{orientation}.png"
        w.grab().save(str(self.shots / name))
        self.saved.append(name)

    def resize(self, size: tuple[int, int]) -> None:
        self.window.resize(*size)
        self.settle()

    def long_press_logo(self) -> None:
        self.window.long_press_start()
        self.window.long_press.stop()
        self.window.open_pin_pad()
        self.settle()


def _visit(d: Director, nik: str, service: str, *, shots: bool = False, suffix: str = "",
           via_online: bool = False) -> None:
    d.tap("takeTicket")
    if shots:
        d.type_nik(nik[:10])
        d.shot(f"nik-typing{suffix}")
        d.clear()
    d.type_nik(nik)
    if shots:
        d.shot(f"nik-complete{suffix}")
    d.tap("nikSubmit")
    d.after_nik(shots, suffix)
    if shots:
        d.shot(f"services{suffix}")
    d.choose(service)
    if d.window.current_name == "repeatTicket":      # this NIK already holds a number for it
        if shots:
            d.shot(f"repeat-visit{suffix}")
        d.window.go_welcome()
        d.settle()
        return
    if via_online:
        if shots:
            d.shot(f"online-channel{suffix}")
        d.tap("queueAnyway")
    if shots:
        d.shot(f"documents{suffix}")
    d.tap("ticketConfirm")
    d.settle()
    if shots:
        d.shot(f"ticket{suffix}")
    d.window.go_welcome()
    d.settle()


def run_headless(out: Path, config_path=None, db_url: str | None = None) -> int:
    from kiosk.ui.app import make_app

    app = make_app(["anjungan-demo"], headless=True)
    from PySide6.QtWidgets import QPushButton

    from kiosk.services import demo_config, fixed_clock_from_env, open_services
    from kiosk.ui.display import DisplayWindow
    from kiosk.ui.kiosk import KioskWindow

    out = Path(out).resolve()
    shots = out / "screenshots"
    tickets = out / "tickets"
    shots.mkdir(parents=True, exist_ok=True)
    tickets.mkdir(parents=True, exist_ok=True)
    workdir = None
    if db_url is None:
        workdir = tempfile.TemporaryDirectory(prefix="anjungan-demo-")
        db_url = f"sqlite:///{Path(workdir.name) / 'demo.sqlite'}"
    pinned = fixed_clock_from_env()             # ANJUNGAN_NOW: the demo's morning starts then
    clock = DemoClock(pinned() if pinned else datetime.now(ZoneInfo("Asia/Jakarta")))
    svc = open_services(config=demo_config(config_path), db_url=db_url, clock=clock)
    tz = ZoneInfo(svc.branch.timezone)
    started, simulated = demo_start(svc, clock, pinned().astimezone(tz) if pinned else datetime.now(tz))
    people = cast(svc.today())
    seeded = seed(svc, people)
    printer_url = f"preview://{tickets}"
    t0 = time.perf_counter()
    said: list[str] = []        # spoken guidance as a kiosk with speakers has it (written down here, not played)
    window = KioskWindow(svc, kiosk_id="kiosk-demo", printer_url=printer_url, inactivity_ms=3_600_000,
                         ticket_return_ms=3_600_000, settings=svc.config.kiosk,
                         guide=said.append if svc.config.kiosk.spoken_guidance else None)
    window.resize(*LANDSCAPE)
    window.show()
    d = Director(app, window, shots)
    d.settle()
    cold_start_s = time.perf_counter() - t0
    report: list[str] = []
    issued_before = svc.status()

    # -- Indonesian, landscape: the whole flow, with the online route and a NIK typo
    d.shot("welcome")
    d.tap("takeTicket")
    d.type_nik("3171041713")            # day 17, month 13
    d.shot("nik-invalid-month")
    d.clear()
    d.window.go_welcome()
    _visit(d, people["active"].nik, "DATA", shots=True, via_online=True)
    d.tap("helpButton")
    d.shot("help")
    d.window.notice.hide()
    # a participant whose visit needs other routes
    d.tap("takeTicket")
    d.type_nik(people["unpaid"].nik)
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
    d.tap("takeTicket")
    d.type_nik(people["unknown"].nik)
    d.tap("nikSubmit")
    d.shot("kk-question")
    d.tap("kkContinue")
    d.shot("status-not-registered")
    d.window.go_welcome()
    lobby_shots(d, people)
    booking_and_rating_shots(d, svc, clock)

    # -- English, landscape (each visit starts in Indonesian again: the visitor picks English)
    d.tap("languageToggle")
    d.shot("welcome")
    _visit(d, people["elderly"].nik, "JHT", shots=True)

    # -- portrait, both languages
    d.resize(PORTRAIT)
    d.shot("welcome")
    _visit(d, people["retired"].nik, "INFO", shots=True)
    d.tap("languageToggle")
    _visit(d, people["deceased"].nik, "JKM", shots=True)
    d.tap("largeTextToggle")
    d.shot("large-welcome")
    _visit(d, people["unpaid"].nik, "ADUAN", shots=True, suffix="-large")
    d.resize(LANDSCAPE)

    # -- assisted mode: staff PIN, priority reason, NIK typed for the participant
    d.long_press_logo()
    for digit in "1234":
        d.tap(f"pinKey_{digit}")
    d.shot("staff-pin")
    d.tap("pinSubmit")
    d.shot("staff-menu")
    d.tap("priority_disabilitas")
    d.tap("frontDesk_CEK")
    d.tap("assistedNik")
    d.type_nik(people["active"].nik)
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

    # -- the printer fails: the on-screen ticket
    window.printer_url = f"tcp://127.0.0.1:{closed_port()}"
    _visit_failed(d, people["active"].nik)
    window.printer_url = printer_url

    # -- the rest of the morning: visits through the kiosk, counters calling
    feed, counter_window, display_window = staff_windows(svc)
    for extra in (counter_window, display_window):
        extra.resize(*LANDSCAPE)
        extra.show()
    plan = [("active", "INFO"), ("elderly", "ADUAN"), ("retired", "JHT"), ("unknown", "INFO"),
            ("deceased", "JKM"), ("active", "ADUAN"), ("elderly", "INFO"), ("retired", "INFO")]
    for i, (who, code) in enumerate(plan * 2):
        clock.advance(minutes=4)
        _visit(d, people[who].nik, code)
        if i % 2 == 1:
            call = counter_window.findChild(QPushButton, "callNext")
            for counter in svc.branch.counters:
                if counter.number == 1 and call.isEnabled():
                    call.click()            # counter 1 calls through its real window
                    _wait_idle(d, counter_window)
                else:
                    svc.call_next(counter.number)
    d.settle()
    for who in ("active", "elderly", "retired"):                       # late arrivals, still waiting
        clock.advance(minutes=2)
        svc.issue(people[who].nik, "INFO", kiosk_id="kiosk-2")
    _counter_bookings(svc, clock, people["unpaid"].nik)                 # booked online, checked in at the kiosk
    call.click()                                                        # an officer with a ticket at the counter
    _wait_idle(d, counter_window)
    counter_window._show_clock()
    end = time.monotonic() + 1.5             # the display refreshes waiting counts once a second
    while time.monotonic() < end:
        d.app.processEvents()
        time.sleep(0.01)
    display_en = DisplayWindow(svc, feed, svc.config.display, lang="en")
    display_en.resize(*LANDSCAPE)
    display_en.show()
    display_en.on_resynced(svc.status())        # joins after the feed started: the state a resync brings
    locked_counter = _locked_counter(d, svc, feed)
    d.settle()
    for name, extra in (("counter-window.png", counter_window), ("display-window.png", display_window),
                        ("display-window-en.png", display_en), ("counter-pin-locked.png", locked_counter)):
        extra.grab().save(str(shots / name))
        d.saved.append(name)
    # the hall display's side panel takes turns: its other two pages
    for page, name in (("lastCalls", "display-last-calls.png"), ("waitingPanel", "display-waiting.png")):
        display_window.show_page(page)
        d.settle()
        display_window.grab().save(str(shots / name))
        d.saved.append(name)
    display_window.show_page("tiles")
    window.bg.wait(20000)
    d.settle()

    # -- the report
    status = svc.status()
    calls = sum(1 for e in svc.events_after(0, limit=10_000) if e.kind == EventKind.CALLED)
    issued = sum(s["issued"] for s in status.to_json()["services"]) - sum(
        s["issued"] for s in issued_before.to_json()["services"])
    ticket_files = sorted(p.name for p in tickets.iterdir() if p.is_file())
    pngs = [n for n in ticket_files if n.endswith(".png")]
    bins = [n for n in ticket_files if n.endswith(".bin")]
    when = when_text(started, "id", clock="plain")
    report.append("Laporan demo anjungan (pagi simulasi)")
    report.append("=" * 40)
    report.append(f"Kantor: {svc.branch.name}")
    if simulated:
        report.append(f"Jam demo: {when} ({svc.branch.timezone}). Waktu sebenarnya di luar jam layanan, "
                      "jadi demo memakai jam kantor buatan agar pagi dapat disimulasikan kapan saja.")
    else:
        report.append(f"Jam demo: {when} ({svc.branch.timezone}), jam sebenarnya (kantor sedang buka).")
    report.append(f"Selesai pada jam simulasi {time_id(clock.now)}.")
    report.append(f"Database: {'sementara (dihapus setelah demo)' if workdir else svc.db_url}")
    report.append(f"Peserta demo ditambahkan/diperbarui: {seeded}")
    report.append(f"Printer: {printer_url}  (tiket gagal cetak disimulasikan dengan printer yang mati)")
    spoken_ticket = next((t for t in said if t.startswith("Nomor antrian Anda")), None)
    if said:
        report.append(f"Panduan suara: {len(said)} kalimat diucapkan" +
                      (f', mis. "{spoken_ticket}"' if spoken_ticket else ""))
    report.append(f"Waktu mulai jendela anjungan sampai layar Selamat datang: {cold_start_s:.2f} s")
    report.append("")
    report.append(f"Tiket diterbitkan: {issued}; file tiket: {len(pngs)} PNG, {len(bins)} .bin")
    report.append(f"Panggilan loket: {calls}")
    for s in status.to_json()["services"]:
        if s["issued"]:
            wait = s["estimated_wait_min"]
            report.append(f"  {s['service']:6} diterbitkan {s['issued']:3}  menunggu {s['waiting']:3}  "
                          f"perkiraan {wait if wait is not None else '-'} menit")
    for c in status.to_json()["counters"]:
        ticket = c["ticket"]
        report.append(f"  Loket {c['counter']}: {ticket['number'] if ticket else '-'}")
    report.append("")
    skipped = [name for name, w in (("loket", counter_window), ("layar ruang tunggu", display_window)) if w is None]
    if skipped:
        report.append("Jendela belum tersedia (dilewati): " + ", ".join(skipped))
    report.append(f"Tangkapan layar ({len(d.saved)}): screenshots/")
    report.extend(f"  {name}" for name in d.saved)
    report_path = out / "report.txt"
    report_path.write_text("\n".join(report) + "\n", encoding="utf-8")
    leaks = full_nik_leaks(out, [p.nik for p in people.values()])
    with report_path.open("a", encoding="utf-8") as f:
        if leaks:
            f.write("PERINGATAN: NIK lengkap ditemukan di: " + ", ".join(leaks) + "\n")
        else:
            masked = ", ".join(mask_nik(p.nik) for p in list(people.values())[:2])
            f.write(f"Privasi: tidak ada NIK lengkap di file mana pun yang ditulis demo (NIK tampil tersamar, "
                    f"mis. {masked}).\n")
    leaks += _head_of_service(d, svc, clock, feed, people, out, shots)
    window._may_close = True
    window.close()
    for extra in (counter_window, display_window, display_en, locked_counter):
        extra.close()
    feed.close()
    svc.close()
    if workdir is not None:
        workdir.cleanup()
    sys.stdout.write(f"Demo selesai: {out} ({issued} tiket, {len(d.saved)} tangkapan layar)\n")
    return 1 if leaks else 0


def lobby_shots(d: Director, people: dict[str, Person]) -> None:
    """The lobby as it really is: large text, a walk-away warning, a repeat visit, an heir, a
    scanned card, the grouped services (each a screenshot)."""
    w = d.window
    # large text, the whole way to the documents (portrait too)
    d.tap("largeTextToggle")
    d.shot("large-welcome")
    d.tap("takeTicket")
    d.type_nik(people["elderly"].nik)
    d.shot("large-nik-masked")
    d.tap("nikSubmit")
    d.after_nik()
    d.shot("large-groups")
    d.tap("group_klaim")
    d.shot("large-services-klaim")
    d.choose("JKK")
    d.shot("large-documents")
    d.window.go_welcome()                   # the next visitor: normal text again
    d.settle()
    d.shot("next-visitor-default")
    # the walk-away warning, on a half-typed NIK
    d.tap("takeTicket")
    d.type_nik(people["active"].nik[:9])
    w._show_warning()
    d.shot("idle-warning")
    d.tap("idleContinue")
    d.shot("idle-continued")
    w.go_welcome()
    d.settle()
    # the grouped services
    d.tap("takeTicket")
    d.type_nik(people["active"].nik)
    d.tap("nikSubmit")
    d.shot("grouped-services")
    d.tap("group_informasi")
    d.shot("grouped-services-informasi")
    d.choose("ADUAN")                       # its group has one service: straight to the documents
    d.tap("ticketConfirm")
    d.settle()
    w.go_welcome()
    d.settle()
    # a repeat visit: the same NIK, the same service
    d.tap("takeTicket")
    d.type_nik(people["active"].nik)
    d.tap("nikSubmit")
    d.choose("ADUAN")
    d.shot("repeat-visit")
    w.go_welcome()
    d.settle()
    # the heir of a deceased participant
    d.tap("takeTicket")
    d.type_nik(people["deceased"].nik)
    d.tap("nikSubmit")
    d.shot("heir-question")
    d.tap("heirYes")
    d.shot("heir-status")
    d.tap("statusNext")
    d.shot("heir-services")
    d.choose("JKM")
    d.shot("heir-documents")
    w.go_welcome()
    d.settle()
    # a scanned membership card on the Welcome screen, and a scanned ticket
    d.scan(people["elderly"].card_number)
    d.shot("scanned-card")
    d.after_nik()
    d.choose("INFO")
    d.shot("scanned-card-documents")
    d.tap("ticketConfirm")
    d.settle()
    payload = w.visit.ticket.ticket_data.qr_payload if w.visit.ticket is not None else ""
    w.go_welcome()
    d.settle()
    if payload:
        d.scan(payload)
        d.shot("scanned-ticket")
        w.go_welcome()
        d.settle()


def booking_and_rating_shots(d: Director, svc, clock) -> None:
    """A participant who booked online types the code at the kiosk (`kiosk-booking.png`: the ticket
    with its slot), and a finished visit's ticket scanned for its rating (`kiosk-rating.png`)."""
    from kiosk.domain.errors import AnjunganError

    w = d.window
    now = clock.now
    start = now.replace(minute=now.minute - now.minute % 30, second=0, microsecond=0)
    booked = make_nik("31", "71", "04", date(1979, 4, 12), "F", 9108)
    code = "LPK-2026-0417"
    try:
        svc.book(booked, "INFO", start.date(), start.time(), (start + timedelta(minutes=30)).time(),
                 source="Lapak Asik", code=code)
    except AnjunganError:
        code = ""                               # no slot left today: the morning goes on without it
    if code:
        d.tap("bookingStart")
        for char in code:
            d.tap("codeKey_dash" if char == "-" else f"codeKey_{char}")
        d.shot("booking-code")
        d.tap("bookingSubmit")
        w.bg.wait(20000)
        d.settle()
        d.shot("booking-checked-in")
        w.grab().save(str(d.shots / "kiosk-booking.png"))
        d.saved.append("kiosk-booking.png")
        w.go_welcome()
        d.settle()
    visitor = make_nik("31", "71", "04", date(1983, 9, 3), "M", 9109)
    try:
        ticket = svc.issue(visitor, "INFO", kiosk_id="kiosk-2")
        svc.open_ticket(2, ticket.ticket_data.qr_payload)      # served at counter 2, then finished
        svc.finish(2)
    except AnjunganError:
        return
    d.scan(ticket.ticket_data.qr_payload)
    d.shot("rating-faces")
    w.grab().save(str(d.shots / "kiosk-rating.png"))
    d.saved.append("kiosk-rating.png")
    d.tap("rate_4")
    d.shot("rating-thanks")
    w.go_welcome()
    d.settle()


def _locked_counter(d: Director, svc, feed):
    """A second counter's sign-in after five wrong PINs: the branch-wide lock, as the officer sees it."""
    from kiosk.ui.counter import CounterWindow

    window = CounterWindow(svc, 2, feed)
    window.resize(*LANDSCAPE)
    window.show()
    for _ in range(5):
        window.pin_input.setText("0000")
        window.pin_submit.click()
        end = time.monotonic() + 10
        while window.pin_checking and time.monotonic() < end:
            d.app.processEvents()
            time.sleep(0.005)
    return window


def _counter_bookings(svc, clock, nik: str) -> int:
    """Two participants who booked online check in: one for the half hour the clock is in (due
    now: the counter calls it next), one for the next half hour (waiting, with its slot).
    Returns how many were checked in (none when the office hours leave no room for the slots)."""
    from kiosk.domain.errors import AnjunganError

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


def _visit_failed(d: Director, nik: str) -> None:
    d.tap("takeTicket")
    d.type_nik(nik)
    d.tap("nikSubmit")
    d.after_nik()
    d.choose("JKK")
    d.tap("ticketConfirm")
    d.window.bg.wait(20000)
    d.settle()
    d.shot("printer-failed")
    d.tap("languageToggle")
    d.shot("printer-failed")
    d.tap("languageToggle")
    d.window.go_welcome()


def _head_of_service(d: Director, svc, clock, feed, people: dict, out: Path, shots: Path) -> list[str]:
    """The head of service's morning (kiosk/ui/demo_head.py): live monitor, ratings, report.xlsx and
    report.pdf; returns the files holding a full NIK (none is expected)."""
    from kiosk.ui.demo_head import run_head_of_service

    names, lines, niks = run_head_of_service(d.app, svc, clock, feed, out, shots)
    d.saved.extend(names)
    leaks = full_nik_leaks(out, [p.nik for p in people.values()] + niks)
    lines.append(f"Tangkapan layar ({len(names)}): " + ", ".join(names))
    lines.append("PERINGATAN: NIK lengkap ditemukan di: " + ", ".join(leaks) if leaks else
                 "Privasi: laporan, pantauan dan layar penilaian tanpa NIK dan tanpa nama.")
    with (out / "report.txt").open("a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return leaks


def full_nik_leaks(folder: Path, niks: list[str]) -> list[str]:
    """Files under `folder` that contain one of `niks` or any NIK-long run of digits in text or bytes."""
    leaks = []
    nik_run = re.compile(rb"(?<!\d)\d{%d}(?!\d)" % NIK_LENGTH)
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if any(n.encode() in data for n in niks) or (path.suffix in (".txt", ".bin", ".json") and nik_run.search(data)):
            leaks.append(str(path.relative_to(folder)))
    return leaks


def run_windows(config_path=None, db_url: str | None = None, out: Path | None = None) -> int:
    """The interactive demo: kiosk (windowed) + counter + hall display on the embedded default."""
    from kiosk.ui.app import make_app

    app = make_app()
    from kiosk.services import demo_config, open_services
    from kiosk.ui.kiosk import KioskWindow

    svc = open_services(config=demo_config(config_path), db_url=db_url)
    if svc.participant_count() == 0:
        svc.add_demo_participants(DEMO_PARTICIPANTS)
    out = Path(out or "demo-out").resolve()
    tickets = out / "tickets"
    tickets.mkdir(parents=True, exist_ok=True)
    kiosk = KioskWindow(svc, printer_url=f"preview://{tickets}", settings=svc.config.kiosk)
    kiosk.resize(1280, 800)
    feed, counter_window, display_window = staff_windows(svc, speak=True)
    for w in (kiosk, counter_window, display_window):
        w.show()
    sys.stdout.write(f"Demo berjalan. Tiket pratinjau: {tickets}\n")
    start_web_service(svc, config_path, db_url)
    code = app.exec()
    feed.close()
    svc.close()
    return code


def start_web_service(svc, config_path=None, db_url: str | None = None):
    """`anjungan web` beside the demo windows, in a process of its own on the same database (it
    follows the queue as a branch server would); its address is printed, and it stops with the demo."""
    import atexit
    import subprocess

    from kiosk.domain.catalog import tr

    port = svc.config.web.port
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", port)) == 0:      # taken: any free port
            port = closed_port()
    args = [sys.executable, "-m", "kiosk"] + (["--config", str(config_path)] if config_path else []) + \
        (["--db", db_url] if db_url else []) + ["web", "--host", "127.0.0.1", "--port", str(port)]
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    atexit.register(lambda: child.poll() is None and (child.terminate(), child.wait(5)))
    sys.stdout.write(tr("cli.demo.web", url=f"http://127.0.0.1:{port}/") + "\n")
    return child


if __name__ == "__main__":  # pragma: no cover
    logging.basicConfig(level=logging.WARNING)
    sys.exit(run_headless(Path(os.environ.get("ANJUNGAN_DEMO_OUT", "demo-out"))))
