"""Kiosk window figures: presses from Welcome to a ticket (typed and scanned), tap → next screen
painted, cold start to Welcome, memory over many visits.

Targets: typed path ≤ 21 presses, scanned path ≤ 4; tap → painted p95 ≤ 50 ms; cold start
≤ 2.5 s; RSS flat over 1,000 visits (growth ≤ 10 MB per further 500). Run alone:
`.venv/bin/python -m tests.bench.bench_kiosk [VISITS]` (default 500 + 500).
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
DEMO_PARTICIPANTS = 400

COLD_START = r"""
import time
t0 = time.perf_counter()
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from kiosk.ui.app import make_app
app = make_app()
from kiosk.services import open_services
from kiosk.ui.kiosk import KioskWindow
svc = open_services(db_url=sys.argv[1])
w = KioskWindow(svc, printer_url="dummy://")
w.resize(1920, 1080)
w.show()
app.processEvents()
w.repaint()
assert w.current_name == "welcome"
print(time.perf_counter() - t0)
"""


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def cold_start(runs: int = 3) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, ANJUNGAN_DATA_DIR=tmp, PYTHONPATH=str(ROOT))
            out = subprocess.run([sys.executable, "-c", COLD_START, f"sqlite:///{tmp}/cold.sqlite"],
                                 capture_output=True, text=True, env=env, cwd=ROOT, check=True)
            times.append(float(out.stdout.strip().splitlines()[-1]))
    return times


class Bench:
    def __init__(self, tmp: str):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        os.environ["ANJUNGAN_DATA_DIR"] = tmp
        from kiosk.ui.app import make_app

        self.app = make_app()
        from kiosk.directory.demo import demo_rows
        from kiosk.domain.participant import Status
        from kiosk.services import open_services
        from kiosk.ui.kiosk import KioskWindow

        now = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
        self.svc = open_services(db_url=f"sqlite:///{tmp}/bench.sqlite", clock=lambda: now)
        rows = list(demo_rows(DEMO_PARTICIPANTS, seed=7, today=self.svc.today()))
        self.svc.import_participants(rows)
        # active participants: the services come straight after the NIK (no status to read)
        self.people = [(r.nik, r.card_number) for r in rows if r.status is Status.ACTIVE]
        self.turn = 0
        self.window = KioskWindow(self.svc, printer_url="dummy://", inactivity_ms=3_600_000,
                                  ticket_return_ms=3_600_000)
        self.window.resize(1920, 1080)
        self.window.show()
        self.app.processEvents()
        self.taps: list[float] = []
        self.presses = 0
        from PySide6.QtCore import QCoreApplication, QEvent

        self.send_posted = QCoreApplication.sendPostedEvents
        self.deferred_delete = QEvent.Type.DeferredDelete

    def settle(self) -> None:
        while self.window.bg.busy:
            self.app.processEvents()
            time.sleep(0.001)
        self.app.processEvents()
        # what the event loop does between taps: delete the widgets a screen let go of
        self.send_posted(None, self.deferred_delete)

    def tap(self, name: str, timed: bool = False) -> None:
        from PySide6.QtWidgets import QPushButton

        button = self.window.findChild(QPushButton, name)
        if button is None or not button.isVisible() or not button.isEnabled():
            raise RuntimeError(f"{name} cannot be touched on the {self.window.current_name} screen")
        before = (self.window.current(), self.window.visit_screen.group)
        self.presses += 1
        t0 = time.perf_counter()
        button.click()
        if timed:
            self.app.processEvents()
            self.window.repaint()           # painted, not just switched
            elapsed = time.perf_counter() - t0
            if (self.window.current(), self.window.visit_screen.group) != before:
                self.taps.append(elapsed * 1000)
        self.settle()

    def scan(self, text: str) -> None:
        """A keyboard-wedge scanner: the characters fast, then Enter (no press of the participant)."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        QTest.keyClicks(self.window, text)
        QTest.keyClick(self.window, Qt.Key.Key_Return)
        self.settle()

    def person(self) -> tuple[str, str]:
        self.turn = (self.turn + 1) % len(self.people)
        return self.people[self.turn]

    def choose(self, code: str, timed: bool) -> None:
        screen = self.window.visit_screen
        if screen.showing_groups:
            self.tap(f"group_{self.svc.branch.service(code).group}", timed)
        if self.window.current_name == "visit":
            self.tap(f"service_{code}", timed)

    def visit(self, timed: bool = False, code: str = "INFO", scanned: bool = False) -> int:
        """Welcome → ticket; returns the participant's presses (Selesai afterwards not counted)."""
        self.presses = 0
        nik, card = self.person()
        if scanned:
            self.scan(card)
        else:
            self.tap("takeTicket", timed)
            for d in nik:
                self.tap(f"keypad_{d}")
            self.tap("nikSubmit")
        if self.window.current_name != "visit":
            raise RuntimeError(f"expected the services, got the {self.window.current_name} screen")
        self.choose(code, timed)
        self.tap("ticketConfirm")
        self.settle()
        if self.window.current_name != "ticket":
            raise RuntimeError(f"no ticket: the {self.window.current_name} screen")
        presses = self.presses
        self.tap("ticketDone", timed)
        return presses

    def drain(self) -> None:
        """Counters serve what waits, so the queue stays like a real morning's."""
        for counter in self.svc.branch.counters:
            while self.svc.call_next(counter.number) is not None:
                pass


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    visits = int(argv[0]) if argv else 500
    starts = cold_start()
    print(f"cold start to Welcome: median {statistics.median(starts):.2f} s, max {max(starts):.2f} s "
          f"(target ≤ 2.5 s)")
    with tempfile.TemporaryDirectory() as tmp:
        bench = Bench(tmp)
        typed = bench.visit(code="INFO")
        scanned = bench.visit(code="INFO", scanned=True)
        scanned_one = bench.visit(code="ADUAN", scanned=True)
        bench.drain()
        print(f"presses Welcome → ticket: typed NIK {typed} (target ≤ 21), scanned card {scanned} "
              f"(target ≤ 4; {scanned_one} for a group of one service)")
        for i in range(30):
            bench.visit(timed=True, code="INFO" if i % 2 else "ADUAN")
            bench.drain()
        print(f"tap → next screen painted ({len(bench.taps)} taps): median {statistics.median(bench.taps):.1f} ms, "
              f"p95 {p95(bench.taps):.1f} ms (target p95 ≤ 50 ms)")
        marks = [rss_mb()]
        for _block in range(2):
            for i in range(visits):
                bench.visit(code="INFO" if i % 2 else "ADUAN", scanned=i % 3 == 0)
                if i % 20 == 19:
                    bench.drain()
            bench.drain()
            marks.append(rss_mb())
        print(f"memory (RSS): start {marks[0]:.0f} MB, after {visits} visits {marks[1]:.0f} MB, "
              f"after {2 * visits} {marks[2]:.0f} MB → growth {marks[2] - marks[1]:+.1f} MB per further {visits} "
              f"(targets ≤ 250 MB, ≤ 10 MB)")
        bench.window._may_close = True
        bench.window.close()
        bench.svc.close()


if __name__ == "__main__":
    main()
