"""Hall display paint time at common TV sizes (target: <= 16 ms a frame).

    .venv/bin/python -m tests.bench.bench_display [--frames 60]

Offscreen, with a realistic state, at 1366x768, 1920x1080, 1080x1920 and 3840x2160:
- new call: a call with a number never shown before arrives, and the screen is brought up
  to date (state, texts, then every pending repaint: the big number, a tile, the last calls,
  the flash) — what a real call costs;
- full window: every widget of the window painted into an image (the first frame, or after
  the screen was covered) — the worst case;
- flash step: one blink of the "now calling" box;
- running text: one frame of the running text alone.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZES = ((1366, 768), (1920, 1080), (1080, 1920), (3840, 2160))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench_display")
    parser.add_argument("--frames", type=int, default=60)
    args = parser.parse_args(argv or [])
    workdir = Path(tempfile.mkdtemp(prefix="anjungan-bench-"))
    os.environ["ANJUNGAN_DATA_DIR"] = str(workdir)
    os.environ["ANJUNGAN_NOW"] = "2026-11-23T09:00:00+07:00"
    from PySide6.QtGui import QImage

    from kiosk.events.qt import QtEventFeed
    from kiosk.services import open_services
    from kiosk.ui.app import make_app
    from kiosk.ui.display import DisplayWindow

    app = make_app()
    svc = open_services(db_url=f"sqlite:///{workdir / 'display.sqlite'}")
    for code in ("INFO", "JHT", "INFO", "JHT", "DATA", "JHT", "INFO", "JP"):
        svc.issue("3171012902001234", code, assisted=True)
    for n in (1, 2, 3, 4):
        svc.call_next(n)
    feed = QtEventFeed(svc)
    window = DisplayWindow(svc, feed)
    feed.start()
    while feed.connected is not True:
        app.processEvents()
        time.sleep(0.01)
    calls = [e for e in svc.events_after(0) if e.kind == "called"]
    serial = 100
    for width, height in SIZES:
        window.resize(width, height)
        window.show()
        for _ in range(3):   # let the layout settle at the new size
            app.processEvents()
        image = QImage(window.size(), QImage.Format.Format_ARGB32_Premultiplied)
        new_call, full, flash, text = [], [], [], []
        for i in range(args.frames):
            serial += 1
            base = calls[i % len(calls)]
            event = replace(base, number=f"{base.number[0]}-{serial:03d}")  # never drawn before
            started = time.perf_counter()
            window.on_events([event])
            app.processEvents()
            new_call.append(_ms(started))
            started = time.perf_counter()
            window.render(image)
            full.append(_ms(started))
            started = time.perf_counter()
            window._flash_step()
            app.processEvents()
            flash.append(_ms(started))
            started = time.perf_counter()
            window.marquee.repaint()
            text.append(_ms(started))
        print(f"{width}x{height}: " + "; ".join(
            f"{name} median {statistics.median(values):.2f} ms, p95 {_p95(values):.2f} ms"
            for name, values in (("new call", new_call), ("full window", full), ("flash step", flash),
                                 ("running text", text))) + " (target <= 16 ms)")
    feed.close()
    window.close()
    svc.close()


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


if __name__ == "__main__":
    main(sys.argv[1:])
