"""What goes on a ticket: everything the layout needs, already decided by the caller."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class TicketData:
    ticket_id: str
    number: str                      # "A-023"
    service_code: str
    service_name: str
    service_name_en: str
    issued_at: datetime              # aware, branch local time is used as given
    branch_name: str
    branch_address: str
    ahead: int
    estimated_wait_min: int | None
    priority: bool
    priority_reason: str | None
    verified: bool
    nik_masked: str | None           # "************0002"; never a full NIK
    documents: tuple[str, ...]
    footer: tuple[str, ...]
    qr_payload: str
    reprint: bool = False

    def __post_init__(self) -> None:
        if self.issued_at.tzinfo is None:
            raise ValueError("issued_at must be timezone-aware")
        if self.nik_masked is not None:
            digits = sum(ch.isdigit() for ch in self.nik_masked)
            if digits > 4:
                raise ValueError("nik_masked must show at most the last 4 digits")


def qr_reference(ticket_id: str, number: str, issued_at: datetime) -> str:
    """A compact ticket reference for the QR code: `ANJ1:A-023:20261123:<ticket id>`.

    Short enough for a small QR code; the counter's scanner resolves it by ticket id.
    """
    return f"ANJ1:{number}:{issued_at:%Y%m%d}:{ticket_id}"


def parse_qr_reference(text: str) -> dict | None:
    """The parts of a reference made by `qr_reference`, or None if it is not one."""
    parts = text.strip().split(":", 3)
    if len(parts) != 4 or parts[0] != "ANJ1" or not parts[3]:
        return None
    _, number, day, ticket_id = parts
    if len(day) != 8 or not day.isdigit():
        return None
    return {"number": number, "service_day": f"{day[:4]}-{day[4:6]}-{day[6:]}", "ticket_id": ticket_id}
