"""Figures for the branch rules: config load, classification, and the call order of a long queue.

Run alone: `.venv/bin/python -m tests.bench.bench_rules`.
"""
from __future__ import annotations

import random
import statistics
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk.config import load_config
from kiosk.domain.classification import Visitor, classify_all
from kiosk.domain.hours import office_status
from kiosk.domain.participant import Participant, Status
from kiosk.domain.queue import WaitingTicket, call_order, pick_next

WIB = ZoneInfo("Asia/Jakarta")


def _figures(name: str, fn, runs: int) -> None:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"{name:<42} median {statistics.median(times):8.3f} ms   p95 {p95:8.3f} ms   (n={runs})")


def main() -> None:
    _figures("load_config(default.toml)", load_config, 30)
    branch = load_config().branch
    now = datetime(2026, 11, 23, 9, tzinfo=WIB)
    visitor = Visitor(45, "M", Participant(found=True, status=Status.ACTIVE, segment="PU",
                                           programs=frozenset({"JHT", "JKK", "JKM", "JP"})))
    _figures("office_status + classify_all (10 services)",
             lambda: classify_all(branch, visitor, office_status(branch.hours, now), {}), 500)
    rnd = random.Random(7)
    t0 = now
    for size in (100, 1000):
        waiting = [WaitingTicket(f"t{i}", rnd.choice("ABCD"), rnd.random() < 0.15,
                                 t0 + timedelta(seconds=rnd.randint(0, 20000)), i + 1)
                   for i in range(size)]
        _figures(f"pick_next, {size} waiting",
                 lambda: pick_next(waiting, {"A", "B"}, 1, branch.priority), 200)
        _figures(f"call_order, {size} waiting",
                 lambda: call_order(waiting, {"A", "B"}, 1, branch.priority), 200)


if __name__ == "__main__":
    main()
