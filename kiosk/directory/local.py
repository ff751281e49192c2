"""The branch's own participant table as a status source."""
from __future__ import annotations

from typing import Callable, Mapping

from kiosk.domain.participant import STATUS_WORDS, Participant, Status


class LocalSource:
    """Reads the branch's participant table through `find(nik) -> row mapping | None`
    (the store's lookup, handed in by the application)."""

    name = "local"

    def __init__(self, find: Callable[[str], Mapping | None],
                 find_card: Callable[[str], Mapping | None] | None = None):
        self._find = find
        self._find_card = find_card

    def lookup_card(self, card_number: str) -> str | None:
        """The NIK of the participant holding membership card `card_number`, or None."""
        if self._find_card is None:
            return None
        row = self._find_card(card_number)
        return row["nik"] if row is not None else None

    def lookup(self, nik: str) -> Participant:
        row = self._find(nik)
        if row is None:
            return Participant.not_found()
        status = STATUS_WORDS.get(row["status"], Status.OTHER)
        return Participant(
            verified=True, found=True, status=status, status_text=row["status_text"] or status.label_id,
            segment=row["segment"], programs=frozenset(p for p in (row["programs"] or "").split() if p),
            last_paid=row["last_paid"], birth_date=row["birth_date"], name=row["name"],
            card_number=row.get("card_number"),
        )
