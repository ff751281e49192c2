"""The demo's clock and visitors: a settable branch clock, the scripted people of the morning
(synthetic NIKs, never written to an output file), their seeding, and the check that no file the
demo writes holds a full NIK."""
from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from kiosk.domain.nik import NIK_LENGTH, make_nik
from kiosk.domain.participant import Status

LANDSCAPE = (1920, 1080)
PORTRAIT = (1080, 1920)
DEMO_PARTICIPANTS = 300


class DemoClock:
    """The branch clock of the demo: a settable time that the script moves forward."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@dataclass(frozen=True)
class Person:
    """A scripted visitor: a synthetic NIK (never written to any output file)."""

    key: str
    nik: str
    name: str | None
    status: Status | None
    segment: str | None
    programs: frozenset[str]
    birth: date
    last_paid: str | None
    card_number: str | None = None      # the membership card the visitor may scan


def cast(today: date) -> dict[str, Person]:
    """The visitors of the morning (found in the directory unless `status` is None)."""
    def person(key, birth, sex, serial, name, status, segment, programs, last_paid):
        nik = make_nik("31", "71", "04", birth, sex, serial)
        card = f"1601{serial:07d}" if status is not None else None
        return Person(key, nik, name, status, segment, frozenset(programs), birth, last_paid, card)

    month = f"{today.year}-{today.month:02d}"
    return {p.key: p for p in (
        person("active", date(1990, 3, 14), "F", 9101, "Dewi Lestari", Status.ACTIVE, "PU",
               ("JHT", "JKK", "JKM", "JP"), month),
        person("retired", date(1962, 5, 2), "M", 9102, "Bambang Sutrisno", Status.INACTIVE, "PU",
               ("JHT", "JKK", "JKM", "JP"), "2022-05"),
        person("elderly", date(1950, 8, 17), "M", 9103, "Slamet Riyadi", Status.ACTIVE, "PU",
               ("JHT", "JKK", "JKM", "JP"), month),
        person("unpaid", date(1985, 11, 30), "M", 9104, "Agus Salim", Status.UNPAID, "BPU",
               ("JKK", "JKM"), "2025-09"),
        person("deceased", date(1958, 1, 9), "M", 9105, "Hendra Wijaya", Status.DECEASED, "PU",
               ("JHT", "JKK", "JKM", "JP"), "2026-06"),
        person("unknown", date(2000, 2, 29), "F", 9106, None, None, None, (), None),
    )}


def seed(svc, people: dict[str, Person]) -> int:
    """Demo participants when the directory is empty, plus the scripted visitors (upserted)."""
    added = 0
    if svc.participant_count() == 0:
        added = svc.add_demo_participants(DEMO_PARTICIPANTS)
    rows = [SimpleNamespace(nik=p.nik, name=p.name, status=p.status, status_text=p.status.label_id,
                            segment=p.segment, programs=p.programs, birth_date=p.birth, last_paid=p.last_paid,
                            card_number=p.card_number)
            for p in people.values() if p.status is not None]
    return added + svc.import_participants(rows)


def demo_start(svc, clock: DemoClock, real_now: datetime) -> tuple[datetime, bool]:
    """Real time when the office is open now; otherwise 09.00 of the latest working day."""
    clock.now = real_now
    if svc.office_status().is_open:
        return real_now, False
    day = real_now.date()
    for back in range(0, 30):
        candidate = datetime.combine(day - timedelta(days=back), datetime.min.time(), tzinfo=real_now.tzinfo)
        clock.now = candidate.replace(hour=9)
        if svc.office_status().is_open:
            return clock.now, True
    clock.now = real_now
    return real_now, False


def closed_port() -> int:
    """A local TCP port with nothing listening (a printer that is off)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def full_nik_leaks(folder: Path, niks: list[str]) -> list[str]:
    """Files under `folder` that contain one of `niks` or any NIK-long run of digits in text or bytes."""
    leaks = []
    nik_run = re.compile(rb"(?<!\d)\d{%d}(?!\d)" % NIK_LENGTH)
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if any(n.encode() in data for n in niks) or (path.suffix in (".txt", ".bin", ".json") and nik_run.search(data)):
            leaks.append(str(path.relative_to(folder)))
    return leaks
