"""A participant's phone: the one rule for an Indonesian mobile number, and when an SMS is due.

A number is written `08xx…` (10 to 13 digits) or `+628xx…` (the same without its 0, after +62);
spaces, dots and dashes between digits are allowed. It is kept in one form, `+628…`, and shown
only masked (`mask_phone`). The SMS rule (`due_message`): opted in only; at most `limit`
messages per ticket; "almost your turn" once when `notify_when_ahead` or fewer are ahead;
"please go to counter N" once when called; the one-tap SKM link after the visit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.domain.errors import AnjunganError
from kiosk.domain.queue import TicketState

LOCAL_DIGITS = (10, 13)          # 08… in all
_SEPARATORS = re.compile(r"[\s.\-]")


class InvalidPhone(AnjunganError):
    """Not an Indonesian mobile number."""


def normalize_phone(text: str) -> str:
    """`+628…` for a valid mobile number written `08…` or `+628…`; InvalidPhone otherwise."""
    raw = _SEPARATORS.sub("", text or "")
    if raw.startswith("+62"):
        local = "0" + raw[3:]
    else:
        local = raw
    lo, hi = LOCAL_DIGITS
    if not (local.isascii() and local.isdigit() and local.startswith("08") and lo <= len(local) <= hi):
        raise InvalidPhone.of("sms.phone.invalid")
    return "+62" + local[1:]


def is_phone(text: str) -> bool:
    try:
        normalize_phone(text)
    except InvalidPhone:
        return False
    return True


def mask_phone(phone: str) -> str:
    """What a screen or a line may show of a number: its last three digits."""
    digits = re.sub(r"\D", "", phone or "")
    return "•" * max(len(digits) - 3, 0) + digits[-3:]


class SmsKind:
    AHEAD = "ahead"        # almost your turn
    CALLED = "called"      # please go to counter N
    SKM = "skm"            # after the visit: the one-tap survey link


@dataclass(frozen=True)
class OptIn:
    """An opted-in ticket and what it has been sent."""
    ticket_id: str
    phone: str
    lang: str = "id"
    sent: int = 0
    told_ahead: bool = False
    told_called: bool = False


def due_message(opt: OptIn, *, state: TicketState, ahead: int | None, notify_when_ahead: int, limit: int,
                visit_over: bool, survey: bool) -> str | None:
    """The kind of message due to this ticket now, or None. `state` is the ticket's state;
    `visit_over` once it is done, gone or closed; `survey`: the branch has a public address and
    the visit ended well (served)."""
    if opt.sent >= limit:
        return None
    if visit_over:
        return SmsKind.SKM if survey else None
    if state == TicketState.CALLED and not opt.told_called:
        return SmsKind.CALLED
    if state == TicketState.WAITING and not opt.told_ahead and not opt.told_called and ahead is not None \
            and ahead <= notify_when_ahead:
        return SmsKind.AHEAD
    return None
