"""Durations as the screens say them: whole minutes, counted down (4 min 59 s is 4 minutes)."""
from __future__ import annotations

from datetime import datetime


def whole_minutes(start: datetime, end: datetime) -> int:
    """The whole minutes from `start` to `end`; never below 0 (a clock that stepped back)."""
    return max(0, int((end - start).total_seconds() // 60))
