"""What goes on a ticket: everything the layout needs, already decided by the caller.

The printer writes no words, dates, waits or references of its own: the caller gives the texts
as the participant reads them (`issued_text`, `wait_text`), the fixed words of the ticket in the
participant's language (`labels`), and the QR payload as it is scanned.
"""
from __future__ import annotations

from dataclasses import KW_ONLY, dataclass
from datetime import datetime


@dataclass(frozen=True)
class TicketLabels:
    """The fixed words printed on a ticket, in the language of the participant who took it."""

    heading: str                     # above the number: "NOMOR ANTRIAN" / "QUEUE NUMBER"
    reprint: str                     # a reprinted ticket's band
    priority: str                    # a priority ticket's band (its reason follows after ": ")
    ahead: str                       # the label of the people ahead
    wait: str                        # the label of the estimated wait
    wait_unknown: str                # printed when no wait is known
    nik: str                         # the label of the masked NIK
    unverified: str                  # the band of a ticket whose membership was not checked
    unverified_note: str             # the sentence under it
    documents: str                   # the heading of the documents to bring
    reference: str                   # before the ticket's id at the foot ("Ref.")


@dataclass(frozen=True)
class CheckPageLabels:
    """The words of the printer's test page; `{name}` placeholders are filled by the layout
    (`paper_mm`, `dots`, `columns`, `profile`, `codepage`)."""

    title: str
    paper: str                       # "{paper_mm} mm, {dots} dots, {columns} columns"
    profile: str                     # "Profile {profile}, code page {codepage}"
    left: str
    center: str
    right: str
    bold: str
    inverted: str
    characters: str                  # a line of the code page's letters and signs
    qr_native: str                   # under the QR code, drawn by the printer itself
    qr_raster: str                   # under the QR code, sent as a picture


@dataclass(frozen=True)
class TicketData:
    ticket_id: str
    number: str                      # "A-023"
    service_code: str
    service_name: str
    service_name_en: str
    issued_at: datetime              # aware; names the preview file, not printed as such
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
    qr_payload: str                  # printed as given
    reprint: bool = False
    _: KW_ONLY
    labels: TicketLabels             # the ticket's fixed words in the participant's language
    issued_text: str                 # "Senin, 23 November 2026 09.00", printed under the branch
    wait_text: str | None            # "45 menit"; None when the wait is not known
    notes: tuple[str, ...] = ()      # lines printed under the service, e.g. a booked slot
    qr_caption: str | None = None    # printed under the QR code, e.g. "scan to follow the queue"

    def __post_init__(self) -> None:
        if self.issued_at.tzinfo is None:
            raise ValueError("issued_at must be timezone-aware")
        if self.nik_masked is not None:
            digits = sum(ch.isdigit() for ch in self.nik_masked)
            if digits > 4:
                raise ValueError("nik_masked must show at most the last 4 digits")
