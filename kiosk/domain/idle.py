"""Walk-aways: how long a kiosk waits, warns, and lets a participant ask for more time.

A participant who goes to fetch the KTP or the glasses must not lose the visit silently. After
`quiet_s` seconds without a touch the kiosk shows a warning with a visible countdown of
`warning_s` seconds (never fewer than 20, WCAG 2.2.1); "Ya, saya masih di sini" gives the full
time again. The warning may be answered that way `extensions` times in a row (at least ten);
any other touch is real activity and starts the count again. Only when the countdown runs out
does the visit end.

The Welcome screen has no warning: a language or text size chosen there and left behind goes
back to the branch's default after `quiet_s` seconds, so the next visitor starts afresh.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

MIN_WARNING_S = 20          # WCAG 2.2.1: at least 20 seconds to answer the warning
DEFAULT_WARNING_S = 30
MIN_EXTENSIONS = 10         # WCAG 2.2.1: the time may be extended at least ten times


class IdlePhase(str, Enum):
    ACTIVE = "active"       # still within the quiet time
    WARNING = "warning"     # the warning is up, counting down
    EXPIRED = "expired"     # the countdown ran out: the visit ends


@dataclass(frozen=True)
class IdleRule:
    quiet_s: float                      # seconds without input before the warning
    warning_s: float = DEFAULT_WARNING_S
    extensions: int = MIN_EXTENSIONS

    def __post_init__(self) -> None:
        if self.warning_s < MIN_WARNING_S:
            raise ValueError(f"the idle warning must last at least {MIN_WARNING_S} s")
        if self.extensions < MIN_EXTENSIONS:
            raise ValueError(f"at least {MIN_EXTENSIONS} extensions must be allowed")
        if self.quiet_s <= 0:
            raise ValueError("the quiet time must be positive")

    @property
    def total_s(self) -> float:
        """Seconds from the last touch to the end of the visit."""
        return self.quiet_s + self.warning_s

    def phase(self, quiet_for_s: float) -> IdlePhase:
        if quiet_for_s < self.quiet_s:
            return IdlePhase.ACTIVE
        if quiet_for_s < self.total_s:
            return IdlePhase.WARNING
        return IdlePhase.EXPIRED

    def seconds_left(self, warning_for_s: float) -> int:
        """Whole seconds left on the countdown after the warning has been up `warning_for_s`
        (rounded up, so the countdown never shows 0 while there is still time)."""
        left = self.warning_s - max(0.0, warning_for_s)
        if left <= 0:
            return 0
        whole = int(left)
        return whole if whole == left else whole + 1

    def may_extend(self, extended: int) -> bool:
        """Whether "I am still here" still works after `extended` extensions in a row."""
        return extended < self.extensions
