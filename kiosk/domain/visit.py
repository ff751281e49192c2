"""The questions a patient officer at the door would ask before a ticket is made.

- A well-formed number that is not registered is often the family-card (KK) number: ask first
  ("Apakah ini nomor KK? NIK ada di KTP"), with a way to type it again.
- A deceased participant's NIK is typed by the heir: ask whether the visitor is the heir; the
  heir's visit goes to the heir services with the heir documents, and priority comes from the
  visitor (staff may set it), never from the deceased's birth date.
- A NIK that already holds a waiting ticket for the same service gets that ticket back, unless
  staff insist on a new one.
- The heir's own age, for her priority, is what she says on the heir's step: her age, or her own
  NIK (typed, or read from her own KTP), whose birth date gives it (`visitor_age`).
"""
from __future__ import annotations

from datetime import date
from typing import TypeVar

from kiosk.domain.nik import NIK_LENGTH, NikError, parse_nik
from kiosk.domain.participant import Participant, Status
from kiosk.domain.queue import AT_COUNTER_STATES, WAITING_STATES

T = TypeVar("T")
HOLDING_STATES = WAITING_STATES | AT_COUNTER_STATES     # a ticket its participant still holds today


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


AGE_DIGITS = 3          # an age as typed: at most three digits
OLDEST = 120            # no visitor is older


def visitor_age(typed: str, today: date) -> int | None:
    """The visitor's own age from what she typed on the heir's step: an age (one to three digits,
    1–120) or her own NIK (sixteen digits: the age its birth date gives); None when it is neither
    (an incomplete or impossible NIK, an age out of range)."""
    digits = "".join(ch for ch in typed or "" if ch.isdigit() and ch.isascii())
    if digits != (typed or "").strip() or not digits:
        return None
    if len(digits) == NIK_LENGTH:
        try:
            return parse_nik(digits, today).age(today)
        except NikError:
            return None
    if len(digits) <= AGE_DIGITS and 1 <= int(digits) <= OLDEST:
        return int(digits)
    return None
