"""The questions a patient officer at the door would ask before a ticket is made.

- A well-formed number that is not registered is often the family-card (KK) number: ask first
  ("Apakah ini nomor KK? NIK ada di KTP"), with a way to type it again.
- A deceased participant's NIK is typed by the heir: ask whether the visitor is the heir; the
  heir's visit goes to the heir services with the heir documents, and priority comes from the
  visitor (staff may set it), never from the deceased's birth date.
- A NIK that already holds a waiting ticket for the same service gets that ticket back, unless
  staff insist on a new one.
"""
from __future__ import annotations

from typing import TypeVar

from kiosk.domain.participant import Participant, Status

T = TypeVar("T")


def ask_if_family_card(participant: Participant | None) -> bool:
    """Whether to ask "is this the family-card number?": the source answered and found nobody."""
    return participant is not None and participant.verified and not participant.found


def ask_if_heir(participant: Participant | None) -> bool:
    """Whether to ask "are you the heir?": the participant is recorded as deceased."""
    return (participant is not None and participant.verified and participant.found
            and participant.status is Status.DECEASED)


def ticket_to_return(waiting: T | None, insist: bool) -> T | None:
    """The ticket to hand back instead of a new one: the NIK's waiting ticket for the same
    service, unless staff insist on a new ticket."""
    if insist:
        return None
    return waiting
