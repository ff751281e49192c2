"""Ticket printing figures: bytes per ticket, print call -> last byte on the loopback
stand-in printer, preview PNG render. `python -m tests.bench.bench_printer [RUNS]`.

Targets: bytes per 80 mm ticket with native QR <= 1.5 KB; print -> last byte p95 <= 20 ms;
PNG preview (render + encode) <= 50 ms.
"""
from __future__ import annotations

import io
import math
import statistics
import sys
import time

from printer import PrinterSettings, Spooler, render_preview
from printer.escpos_out import render_bytes
from printer.layout import ticket_ops
from printer.preview import save_png
from tests.printer.samples import ticket
from tests.printer.standin import PrinterStandin


def _figures(label: str, seconds: list[float]) -> None:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    print(f"{label:<46} median {statistics.median(ordered) * 1000:8.2f} ms   p95 {p95 * 1000:8.2f} ms   n={len(ordered)}")


def main(runs: int = 200) -> None:
    s80 = PrinterSettings("dummy://")
    s58 = PrinterSettings.for_paper("dummy://", 58)
    t = ticket()
    print(f"{'bytes per ticket, 80 mm, native QR':<46} {len(render_bytes(ticket_ops(t, s80), s80)):6d} B  (target <= 1536)")
    print(f"{'bytes per ticket, 58 mm, raster QR':<46} {len(render_bytes(ticket_ops(t, s58), s58)):6d} B")

    with PrinterStandin() as standin, Spooler(PrinterSettings(standin.url)) as spooler:
        spooler.print_now(t)  # warm up: imports, fonts, first connection
        standin.wait_for_jobs(1)
        latencies = []
        for i in range(runs):
            start = time.perf_counter()
            outcome = spooler.print_now(t)
            assert outcome.ok, outcome
            standin.wait_for_jobs(i + 2)
            latencies.append(standin.last_byte_at - start)
        _figures("print call -> last byte (loopback stand-in)", latencies)
        waits = []
        for _ in range(max(20, runs // 4)):
            start = time.perf_counter()
            spooler.print_now(t)
            waits.append(time.perf_counter() - start)
        _figures("print call -> outcome (with status checks)", waits)

    for label, settings in (("preview PNG render + encode, 80 mm", s80), ("preview PNG render + encode, 58 mm", s58)):
        render_preview(t, settings)
        times = []
        for _ in range(max(20, runs // 4)):
            start = time.perf_counter()
            save_png(render_preview(t, settings), io.BytesIO())
            times.append(time.perf_counter() - start)
        _figures(label + "  (target <= 50 ms)", times)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
