"""Real-time printer status (`DLE EOT n`), asked before and after each job.

Byte layouts follow the ESC/POS reference: every answer has bits 1 and 4 set and bits 0
and 7 clear. n=1 printer (bit 3: offline), n=2 offline cause (bit 2: cover open, bit 5:
stopped at paper end, bit 6: error), n=3 error cause (bit 3: cutter, bit 5: unrecoverable,
bit 6: auto-recoverable), n=4 paper roll sensor (bits 2-3: near end, bits 5-6: paper end).
"""
from __future__ import annotations

import socket
from dataclasses import asdict, dataclass

from .outcome import COVER_OPEN, OFFLINE, PAPER_OUT, PRINTER_ERROR, Fault

DLE_EOT = b"\x10\x04"


class NoAnswer(Exception):
    """The printer did not answer a status request in time."""


class Disconnected(Exception):
    """The connection closed while waiting for an answer."""


def valid(byte: int) -> bool:
    return byte & 0x93 == 0x12


@dataclass
class StatusReport:
    readable: bool = False
    online: bool | None = None
    cover_open: bool | None = None
    paper: str | None = None          # "ok" | "near_end" | "out"
    error: bool | None = None
    cutter_error: bool | None = None

    @property
    def paper_near_end(self) -> bool:
        return self.paper == "near_end"

    def fault(self) -> Fault | None:
        """What stops printing now, if anything (paper near end does not)."""
        if self.cover_open:
            return COVER_OPEN
        if self.paper == "out":
            return PAPER_OUT
        if self.error or self.cutter_error:
            return PRINTER_ERROR
        if self.online is False:
            return OFFLINE
        return None

    def to_json(self) -> dict:
        return asdict(self) | {"paper_near_end": self.paper_near_end}


def query(p, n: int) -> int | None:
    """One status byte; None for an answer that is not a status byte (some printers)."""
    p._raw(DLE_EOT + bytes([n]))
    try:
        data = p._read()
    except (socket.timeout, TimeoutError) as exc:
        raise NoAnswer() from exc
    except Exception as exc:  # pyusb's timeout has its own class
        if "timeout" in type(exc).__name__.lower() or "timed out" in str(exc).lower():
            raise NoAnswer() from exc
        raise
    if data is None or len(data) == 0:
        if isinstance(p._device, socket.socket):
            raise Disconnected()
        raise NoAnswer()
    byte = data[-1]
    return byte if valid(byte) else None


def read_status(p, *, full: bool = True) -> StatusReport:
    """Ask the printer how it is. `full=False` asks only what the after-job check needs."""
    report = StatusReport(readable=True)
    printer = query(p, 1)
    if printer is not None:
        report.online = not printer & 0x08
    if report.online is False or full:
        cause = query(p, 2)
        if cause is not None:
            report.cover_open = bool(cause & 0x04)
            report.error = bool(cause & 0x40)
            if cause & 0x20:
                report.paper = "out"
        if full or report.error:
            err = query(p, 3)
            if err is not None:
                report.cutter_error = bool(err & 0x08)
                report.error = bool(report.error or err & 0x60)
    paper = query(p, 4)
    if paper is not None:
        if paper & 0x60:
            report.paper = "out"
        elif report.paper != "out":
            report.paper = "near_end" if paper & 0x0C else "ok"
    return report
