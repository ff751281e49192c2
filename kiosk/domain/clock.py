"""A machine's clock against the database server's: the one rule of when it is "off".

The queue's order never depends on a machine's clock (kiosk/domain/queue.py, `arrival_after`),
but the times a machine writes (arrivals, calls, the ticket's paper) do: a machine more than
`SKEW_LIMIT_S` seconds off the server says so on its staff screen, at the counter and in
`anjungan doctor`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.catalog import msgid

SKEW_LIMIT_S = 30


@dataclass(frozen=True)
class ClockSkew:
    """This machine's clock minus the server's, in seconds (negative: this machine is behind)."""
    seconds: float

    @property
    def off(self) -> bool:
        return abs(self.seconds) > SKEW_LIMIT_S

    @property
    def behind(self) -> bool:
        return self.seconds < 0

    @property
    def whole_seconds(self) -> int:
        return int(round(abs(self.seconds)))

    @property
    def message_key(self) -> str:
        """The banner's sentence (filled with `seconds`, `most`)."""
        return msgid("clock.skew.behind") if self.behind else msgid("clock.skew.ahead")

    @property
    def params(self) -> dict:
        return {"seconds": self.whole_seconds, "most": SKEW_LIMIT_S}

    def to_json(self) -> dict:
        return {"seconds": round(self.seconds, 1), "off": self.off, "limit_s": SKEW_LIMIT_S}


def skew(machine_now: datetime, server_now: datetime) -> ClockSkew:
    return ClockSkew((machine_now - server_now).total_seconds())
