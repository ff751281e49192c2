"""What every participant status source offers, and the helpers they share."""
from __future__ import annotations

import dataclasses
from typing import Protocol, runtime_checkable

from kiosk.domain.catalog import msgid, pair
from kiosk.domain.nik import NikInfo
from kiosk.domain.participant import Participant, Status
from kiosk.domain.errors import AnjunganError

UNAVAILABLE_KEY = msgid("error.source.unavailable")
UNAVAILABLE_ID, UNAVAILABLE_EN = pair(UNAVAILABLE_KEY)


class SourceUnavailable(AnjunganError):
    """The source could not answer (down, slow, broken reply). The visit goes on unverified.

    `detail` says what went wrong for the operator's log; it never contains a NIK.
    """

    exit_status = 3

    def __init__(self, message: str | None = None, message_en: str | None = None, detail: str = "", *,
                 key: str | None = None, params=None):
        if message is None:
            message, message_en, key = UNAVAILABLE_ID, UNAVAILABLE_EN, UNAVAILABLE_KEY
        super().__init__(message, message_en, key=key, params=params)
        self.detail = detail


@runtime_checkable
class ParticipantSource(Protocol):
    """Answers "who holds this NIK, and what is their status?"."""

    name: str

    def lookup(self, nik: str) -> Participant:
        """`nik` is 16 validated digits. Returns a found or not-found Participant;
        raises SourceUnavailable when the source cannot answer."""
        ...

    # Optional: `lookup_card(card_number) -> str | None`, the NIK of the holder of a membership
    # card (a visit started with a scanned card). A source without it cannot resolve cards.


# Words a source or an import file may use for a status, lower case, spaces collapsed.
# English codes first, then the Indonesian wording offices write.
STATUS_SYNONYMS: dict[str, Status] = {
    "active": Status.ACTIVE,
    "inactive": Status.INACTIVE,
    "unpaid": Status.UNPAID,
    "deceased": Status.DECEASED,
    "suspended": Status.SUSPENDED,
    "other": Status.OTHER,
    "aktif": Status.ACTIVE,
    "tidak aktif": Status.INACTIVE,
    "nonaktif": Status.INACTIVE,
    "non aktif": Status.INACTIVE,
    "non-aktif": Status.INACTIVE,
    "menunggak": Status.UNPAID,
    "tidak aktif (iuran belum dibayar)": Status.UNPAID,
    "meninggal": Status.DECEASED,
    "meninggal dunia": Status.DECEASED,
    "ditangguhkan": Status.SUSPENDED,
    "lainnya": Status.OTHER,
}


def status_from_word(word: str) -> Status | None:
    """The Status a word names (case and extra spaces ignored), or None when unknown."""
    return STATUS_SYNONYMS.get(" ".join(word.lower().split()))


def with_nik_facts(participant: Participant, nik_info: NikInfo | None) -> Participant:
    """Fill in birth date and sex from the NIK where the source did not give them."""
    if nik_info is None:
        return participant
    changes = {}
    if participant.birth_date is None:
        changes["birth_date"] = nik_info.birth_date
    if participant.sex is None:
        changes["sex"] = nik_info.sex
    return dataclasses.replace(participant, **changes) if changes else participant
