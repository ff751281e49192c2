"""What a ticket keeps of a NIK once the retention setting has passed.

While a ticket is current it holds the full NIK (the counter may need it), its last four digits
(the masked NIK on tickets and at the counter) and a keyed hash (the same visitor twice). After
the branch's retention time only what statistics need is kept: the first `VISITOR_KEY_HEX` hex
digits of the keyed hash, enough to count repeat visits among a branch's visitors (one chance
collision in about 4 billion pairs) and far too few to single out a NIK again, even with the key.
"""
from __future__ import annotations

VISITOR_KEY_HEX = 8


def visitor_key(nik_hash: str | None) -> str | None:
    """The part of a keyed NIK hash kept for statistics after retention."""
    return nik_hash[:VISITOR_KEY_HEX] if nik_hash else None


# "Looks like a NIK or a card number": at least ID_DIGITS digits (a KPJ card has 11, a JKN card
# 13, a NIK or family card 16) in one run, whatever stands between them: spaces, `_`, `.`, `,`,
# `/`, dashes, up to ID_GAP of them at a time (`3171 0117 0845 0001`, `3171_0117_0845_0001`,
# `3171,0117,0845,0001`, `31710117/08450001`, `3171 - 0117 - …`). Digits of any script count.
ID_DIGITS = 11
ID_KEEP = 4                       # the last digits left readable
ID_GAP = 3
_SEPARATORS = r"[\s_.,/\-\u2010-\u2015\u2212]"
_ID_NUMBER = None


def _id_pattern():
    global _ID_NUMBER
    if _ID_NUMBER is None:
        import re

        _ID_NUMBER = re.compile(rf"(?<!\d)\d+(?:{_SEPARATORS}{{1,{ID_GAP}}}\d+)*(?!\d)")
    return _ID_NUMBER


def looks_like_id_number(text: str) -> bool:
    """Whether `text` holds a number that could be a NIK or a membership card number."""
    return any(_digits(m.group()) >= ID_DIGITS for m in _id_pattern().finditer(text or ""))


def mask_id_numbers(text: str) -> str:
    """Every number that could be a NIK or a card number (`looks_like_id_number`) with all but its
    last four digits starred, separators kept: `3171_0117_0845_0001` → `****_****_****_0001`.
    The one rule for every free text that is stored or logged (suggestions, log lines, errors)."""
    return _id_pattern().sub(_starred, text) if text else text


def _digits(run: str) -> int:
    return sum(ch.isdecimal() for ch in run)


def _starred(match) -> str:
    run = match.group()
    hide = _digits(run) - ID_KEEP
    if hide + ID_KEEP < ID_DIGITS:
        return run
    out = []
    for ch in run:
        if ch.isdecimal() and hide > 0:
            out.append("*")
            hide -= 1
        else:
            out.append(ch)
    return "".join(out)


mask_long_numbers = mask_id_numbers         # the log filter's name for the same rule


def sent_in_clear(url: str) -> bool:
    """Whether a NIK sent to `url` would cross the network unencrypted: plain `http://` to any
    host but this machine (localhost, 127.0.0.0/8, ::1)."""
    import ipaddress
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return True
    if parts.scheme.lower() != "http":
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True
