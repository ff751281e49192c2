"""Hall display repaint time at common TV sizes (target: <= 16 ms a frame).

    .venv/bin/python -m tests.bench.bench_display [--frames 60]

Measures a full repaint of the window (what a new call causes: the big number, a tile, the
last calls) and one frame of the running text alone, offscreen, with a realistic state.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench_display")
    parser.add_argument("--frames", type=int, default=60)
    args = parser.parse_args(argv or [])
    workdir = Path(tempfile.mkdtemp(prefix="anjungan-bench-"))
    os.environ["ANJUNGAN_DATA_DIR"] = str(workdir)
    os.environ["ANJUNGAN_NOW"] = "2026-11-23T09:00:00+07:00"
    from kiosk.events.qt import QtEventFeed
    from kiosk.services import open_services
    from kiosk.ui.app import make_app
    from kiosk.ui.display import DisplayWindow

    app = make_app()
    svc = open_services(db_url=f"sqlite:///{workdir / 'display.sqlite'}")
    for code in ("INFO", "JHT", "INFO", "JHT", "DATA", "JHT", "INFO", "JP"):
        svc.issue(None, code, assisted=True)
    for n in (1, 2, 3, 4):
        svc.call_next(n)
    feed = QtEventFeed(svc)
    window = DisplayWindow(svc, feed)
    feed.start()
    while feed.connected is not True:
        app.processEvents()
        time.sleep(0.01)
    events = svc.events_after(0)
    calls = [e for e in events if e.kind == "called"]
    for width, height in ((1366, 768), (1920, 1080), (1080, 1920), (3840, 2160)):
        window.resize(width, height)
        window.show()
        app.processEvents()
        full, text = [], []
        for i in range(args.frames):
            window.on_events([calls[i % len(calls)]])  # a new call: number, tile and list change
            started = time.perf_counter()
            window.repaint()
            full.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            window.marquee.repaint()
            text.append((time.perf_counter() - started) * 1000)
        print(f"{width}x{height}: full repaint median {statistics.median(full):.2f} ms, "
              f"p95 {_p95(full):.2f} ms; running text frame median {statistics.median(text):.2f} ms, "
              f"p95 {_p95(text):.2f} ms (target <= 16 ms)")
    feed.close()
    window.close()
    svc.close()


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


if __name__ == "__main__":
    main(sys.argv[1:])
