"""Participant import figures: CSV parse + validation throughput, NIK parsing, demo generation.

`python -m tests.bench.bench_csv [ROWS]` (default 1,000,000 rows; ANJUNGAN_BENCH_CSV_ROWS too).
"""
from __future__ import annotations

import math
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from kiosk.directory.csvfile import RowError, read_participants
from kiosk.directory.demo import demo_rows, write_demo_csv
from kiosk.domain.nik import nik_problem, parse_nik

TODAY = date(2026, 11, 22)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def _per_call(label: str, fn, args: list, repeat: int = 5) -> None:
    """Median/p95 over `repeat` passes of the per-call time across `args`."""
    per_call = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for arg in args:
            fn(arg)
        per_call.append((time.perf_counter() - t0) / len(args))
    print(f"{label:<40} median {statistics.median(per_call) * 1e6:8.2f} µs   p95 {_p95(per_call) * 1e6:8.2f} µs"
          f"   ({len(args)} calls x {repeat})")


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    rows = int(argv[0]) if argv and argv[0].isdigit() else int(os.environ.get("ANJUNGAN_BENCH_CSV_ROWS", "1000000"))

    niks = [r.nik for r in demo_rows(20_000, seed=11, today=TODAY)]
    _per_call("parse_nik (valid NIK)", lambda n: parse_nik(n, TODAY), niks)
    _per_call("nik_problem (12-digit prefix)", lambda n: nik_problem(n, TODAY), [n[:12] for n in niks])

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "participants.csv"
        t0 = time.perf_counter()
        write_demo_csv(path, rows, seed=1, today=TODAY)
        made = time.perf_counter() - t0
        size_mb = path.stat().st_size / 1e6
        print(f"demo CSV written: {rows} rows, {size_mb:.1f} MB in {made:.1f} s ({rows / made:,.0f} rows/s)")

        passes = []
        for _ in range(3):
            t0 = time.perf_counter()
            good = bad = 0
            for item in read_participants(path, TODAY):
                if isinstance(item, RowError):
                    bad += 1
                else:
                    good += 1
            passes.append(time.perf_counter() - t0)
            assert good == rows and bad == 0, (good, bad)
        median = statistics.median(passes)
        print(f"CSV read+validate {rows} rows: median {median:.2f} s   worst {max(passes):.2f} s   "
              f"({rows / median:,.0f} rows/s, 3 passes)")


if __name__ == "__main__":
    main()
