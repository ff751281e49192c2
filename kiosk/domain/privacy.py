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


_LONG_NUMBER = None


def mask_long_numbers(text: str) -> str:
    """Every run of 16 or more digits (a NIK, a family-card number) with all but its last four
    digits starred: `3171011708450001` → `************0001`. For log lines and error details."""
    global _LONG_NUMBER
    if _LONG_NUMBER is None:
        import re

        _LONG_NUMBER = re.compile(r"(?<!\d)(\d{12,})(\d{4})(?!\d)")
    return _LONG_NUMBER.sub(lambda m: "*" * len(m.group(1)) + m.group(2), text)


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
