"""The branch's machines and printers as one place sees them: each machine's heartbeat, its
printer's paper state, and when a machine counts as silent.

Every window (kiosk, counter, hall display, rating screen, monitor) and the web service report a
heartbeat about every `HEARTBEAT_S` seconds; a machine not heard from for `SILENT_AFTER_S` is
silent since its last heartbeat. A machine with a printer reports the paper state with it: ok,
near end, out, or another fault (offline, cover open, unreachable: `fault` names it), and the
state is kept with the moment it began, so "out of paper since 09.12" survives every heartbeat.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

HEARTBEAT_S = 30.0
SILENT_AFTER_S = 120.0
NAME_MAX = 40


class MachineKind(StrEnum):
    KIOSK = "kiosk"
    COUNTER = "counter"
    DISPLAY = "display"
    RATING = "rating"
    MONITOR = "monitor"
    WEB = "web"


class Paper(StrEnum):
    """The paper state of a machine's printer."""
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"
    FAULT = "fault"          # the printer cannot print for another reason (`fault` says which)


PAPER_OUT_FAULT = "paper_out"


def paper_of(status: dict) -> tuple[Paper, str | None]:
    """The paper state and fault code from a printer status (`printer.spooler.printer_status`)
    or a print outcome (`PrintOutcome.to_json()`): a fault wins, then the near-end sensor."""
    fault = status.get("fault")
    if fault == PAPER_OUT_FAULT:
        return Paper.OUT, fault
    if fault:
        return Paper.FAULT, str(fault)
    if status.get("ok") is False:
        return Paper.FAULT, None
    return (Paper.NEAR_END if status.get("paper_near_end") else Paper.OK), None


def machine_name(kind: str, name: str | None = None, counter: int | None = None, host: str | None = None) -> str:
    """The name a machine reports under: its own (a kiosk's id), else `counter-2`, `rating-2`,
    else the kind at the host (`display@tv-lobby`)."""
    if name:
        chosen = name
    elif counter is not None:
        chosen = f"{kind}-{counter}"
    else:
        chosen = f"{kind}@{host}" if host else str(kind)
    return chosen[:NAME_MAX]


@dataclass(frozen=True)
class Beat:
    """What one heartbeat says."""
    name: str
    kind: str
    counter: int | None
    at: datetime
    printer: str | None = None
    paper: Paper | None = None
    fault: str | None = None


@dataclass(frozen=True)
class DeviceRecord:
    """A machine as the store keeps it: its last heartbeat and its printer's state since when."""
    name: str
    kind: str
    counter: int | None
    last_seen: datetime
    printer: str | None = None
    paper: Paper | None = None
    fault: str | None = None
    paper_since: datetime | None = None


def paper_since(previous: DeviceRecord | None, beat: Beat) -> datetime | None:
    """When the printer's present state began: kept while the state stays, the heartbeat's moment
    when it changes."""
    if beat.paper is None:
        return None
    if previous is not None and previous.paper == beat.paper and previous.fault == beat.fault \
            and previous.paper_since is not None:
        return previous.paper_since
    return beat.at


@dataclass(frozen=True)
class DeviceState:
    """A machine now: silent or not, its printer's trouble, and since when."""
    record: DeviceRecord
    silent: bool
    silent_since: datetime | None

    @property
    def paper_out(self) -> bool:
        return self.record.paper == Paper.OUT

    @property
    def printer_trouble(self) -> bool:
        """The printer cannot print (no paper, or another fault)."""
        return self.record.paper in (Paper.OUT, Paper.FAULT)

    @property
    def ok(self) -> bool:
        return not self.silent and not self.printer_trouble


def assess(record: DeviceRecord, now: datetime, silent_after_s: float = SILENT_AFTER_S) -> DeviceState:
    silent = now - record.last_seen >= timedelta(seconds=silent_after_s)
    return DeviceState(record, silent, record.last_seen if silent else None)


KIND_ORDER = tuple(MachineKind)


def in_order(states: list[DeviceState]) -> list[DeviceState]:
    """Trouble first (silent, then printer), then by kind and name."""
    def key(s: DeviceState):
        kind = KIND_ORDER.index(s.record.kind) if s.record.kind in KIND_ORDER else len(KIND_ORDER)
        return (s.ok, not s.silent, kind, s.record.counter or 0, s.record.name)
    return sorted(states, key=key)
