"""Waiting-time estimate shown at the kiosk, on the ticket and on the status screen.

estimate = people ahead × median recent service time ÷ open counters serving the service,
rounded up to whole minutes. Without recent figures the service's default minutes are used.
"""
from __future__ import annotations

import math
from statistics import median
from typing import Iterable

from kiosk.domain.catalog import pair

MIN_SAMPLES = 3     # fewer recent visits than this: use the configured default minutes


def typical_service_minutes(recent_service_minutes: Iterable[float],
                            default_minutes: float) -> float:
    samples = [m for m in recent_service_minutes if m is not None and m > 0]
    if len(samples) < MIN_SAMPLES:
        return float(default_minutes)
    return float(median(samples))


def estimate_wait_minutes(ahead: int, recent_service_minutes: Iterable[float],
                          open_counters: int, default_minutes: float) -> int | None:
    """Minutes until a ticket with `ahead` people before it is called; None when no open
    counter serves the service."""
    if open_counters <= 0:
        return None
    if ahead <= 0:
        return 0
    per_visit = typical_service_minutes(recent_service_minutes, default_minutes)
    return math.ceil(ahead * per_visit / open_counters)


def late_warning(estimated_wait_min: int | None, serving_minutes_left: int) -> tuple[str, str] | None:
    """A sentence to show before issuing a ticket that may not be served before closing."""
    if estimated_wait_min is None or estimated_wait_min <= serving_minutes_left:
        return None
    return pair("wait.late")
