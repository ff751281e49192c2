"""Kiosk window figures: tap → next screen painted, cold start to Welcome, memory over many visits.

Targets: tap → painted p95 ≤ 50 ms; cold start ≤ 2.5 s; RSS after 500 visits ≤ 250 MB with growth
≤ 10 MB per further 500. Run alone: `.venv/bin/python -m tests.bench.bench_kiosk [VISITS]`.
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
ACTIVE_NIK = "3171012902001234"

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
        from kiosk.services import open_services
        from kiosk.ui.kiosk import KioskWindow
        from tests.ui.conftest import scripted_rows

        now = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
        self.svc = open_services(db_url=f"sqlite:///{tmp}/bench.sqlite", clock=lambda: now)
        self.svc.add_demo_participants(200)
        self.svc.import_participants(scripted_rows())
        self.window = KioskWindow(self.svc, printer_url="dummy://", inactivity_ms=3_600_000,
                                  ticket_return_ms=3_600_000)
        self.window.resize(1920, 1080)
        self.window.show()
        self.app.processEvents()
        self.taps: list[float] = []
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
        before = self.window.current()
        t0 = time.perf_counter()
        button.click()
        if timed:
            self.app.processEvents()
            self.window.repaint()           # painted, not just switched
            elapsed = time.perf_counter() - t0
            if self.window.current() is not before:
                self.taps.append(elapsed * 1000)
        self.settle()

    def visit(self, timed: bool = False, code: str = "INFO") -> None:
        self.tap("takeTicket", timed)
        for d in ACTIVE_NIK:
            self.tap(f"keypad_{d}")
        self.tap("nikSubmit")
        self.tap("statusNext", timed)
        self.tap(f"service_{code}", timed)
        self.tap("ticketConfirm")
        self.settle()
        self.tap("ticketDone", timed)

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
        for _ in range(30):
            bench.visit(timed=True)
            bench.drain()
        print(f"tap → next screen painted ({len(bench.taps)} taps): median {statistics.median(bench.taps):.1f} ms, "
              f"p95 {p95(bench.taps):.1f} ms (target p95 ≤ 50 ms)")
        marks = [rss_mb()]
        for block in range(2):
            for i in range(visits):
                bench.visit(code="INFO" if i % 2 else "ADUAN")
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
