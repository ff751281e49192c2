"""What a participant's text fields may hold, checked before anything is written.

The lengths are the columns' (kiosk/store/models.py `participants`; a test keeps them equal):
PostgreSQL refuses a longer value and SQLite would keep it, so a file is checked against them
on both. Control characters (NUL and the other C0/C1 codes) and the two non-characters
U+FFFE/U+FFFF are never part of a name or a wording: PostgreSQL cannot store NUL at all.
"""
from __future__ import annotations

import re

PARTICIPANT_TEXT_LIMITS = {"name": 200, "status_text": 100, "segment": 16, "programs": 100, "card_number": 20}

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def forbidden_character(value: str) -> str | None:
    """The first character that may not be stored, as `U+0000`; None when there is none."""
    m = _FORBIDDEN.search(value)
    return f"U+{ord(m.group()):04X}" if m else None


def printable(value: str, limit: int = 40) -> str:
    """A value as it may be quoted back in a sentence: forbidden characters shown as `?`, cut."""
    text = _FORBIDDEN.sub("?", value)
    return text if len(text) <= limit else text[:limit - 1] + "…"
