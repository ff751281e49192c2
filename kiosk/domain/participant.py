"""Participant status, normalised from whatever source answered."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from kiosk.domain.catalog import msgid, tr


class Status(str, Enum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    UNPAID = "unpaid"          # inactive because contributions are unpaid
    DECEASED = "deceased"
    SUSPENDED = "suspended"
    OTHER = "other"

    @property
    def label_key(self) -> str:
        """The message id of the status's name."""
        return _LABELS[self]

    @property
    def label_id(self) -> str:
        return tr(_LABELS[self], "id")

    @property
    def label_en(self) -> str:
        return tr(_LABELS[self], "en")


_LABELS = {
    Status.ACTIVE: msgid("participant.status.active"),
    Status.INACTIVE: msgid("participant.status.inactive"),
    Status.UNPAID: msgid("participant.status.unpaid"),
    Status.DECEASED: msgid("participant.status.deceased"),
    Status.SUSPENDED: msgid("participant.status.suspended"),
    Status.OTHER: msgid("participant.status.other"),
}

STATUS_WORDS = {s.value: s for s in Status}


@dataclass(frozen=True)
class Participant:
    """What the office knows about the holder of a NIK.

    `verified` is False when the status source could not be reached: the kiosk then goes on
    with an unverified visit. `found` is meaningful only when verified.
    """

    verified: bool = True
    found: bool = False
    status: Status | None = None
    status_text: str = ""                 # the source's own wording
    segment: str | None = None            # PU, BPU, JAKON, PMI (employment) / PBI, PPU, ... (health)
    programs: frozenset[str] = field(default_factory=frozenset)   # JHT, JKK, JKM, JP, JKP
    last_paid: str | None = None          # "YYYY-MM"
    birth_date: date | None = None
    sex: str | None = None                # "M" or "F"
    name: str | None = None               # never shown in full on public screens
    card_number: str | None = None        # membership card (KPJ / JKN card), when the source knows it

    @property
    def initials(self) -> str:
        if not self.name:
            return ""
        return "".join(part[0] for part in self.name.split() if part[:1].isalpha()).upper()[:3]

    @classmethod
    def unavailable(cls) -> "Participant":
        return cls(verified=False, found=False)

    @classmethod
    def not_found(cls) -> "Participant":
        return cls(verified=True, found=False)
