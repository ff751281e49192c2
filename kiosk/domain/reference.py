"""The ticket's reference as its QR code carries it, and reading it back at a counter."""
from __future__ import annotations

from datetime import date


def qr_reference(ticket_id: str, number: str, service_day: date) -> str:
    """A compact ticket reference for the QR code: `ANJ1:A-023:20261123:<ticket id>`.

    Short enough for a small QR code; the counter's scanner resolves it by ticket id.
    """
    return f"ANJ1:{number}:{service_day:%Y%m%d}:{ticket_id}"


def parse_qr_reference(text: str) -> dict | None:
    """The parts of a reference made by `qr_reference`, or None if it is not one."""
    parts = text.strip().split(":", 3)
    if len(parts) != 4 or parts[0] != "ANJ1" or not parts[3]:
        return None
    _, number, day, ticket_id = parts
    if len(day) != 8 or not day.isdigit():
        return None
    return {"number": number, "service_day": f"{day[:4]}-{day[4:6]}-{day[6:]}", "ticket_id": ticket_id}


def ticket_id_from(text: str) -> str | None:
    """The ticket id in a scanned reference or a typed ticket id, or None when unreadable."""
    parsed = parse_qr_reference(text)
    if parsed:
        return parsed["ticket_id"]
    text = text.strip()
    return text.upper() if text and text.isalnum() else None


# --------------------------------------------------------------------------- the phone page

STATUS_REF_BYTES = 12           # 96 random bits: far beyond guessing, short enough for a small QR
STATUS_PATH = "/t/"


def new_status_ref() -> str:
    """An unguessable reference for the ticket's status page (URL-safe, 16 characters)."""
    import secrets

    return secrets.token_urlsafe(STATUS_REF_BYTES)


def status_url(public_url: str, ref: str) -> str:
    """`{public_url}/t/{ref}`: what the ticket's QR code carries when the branch has a web address."""
    return f"{public_url.rstrip('/')}{STATUS_PATH}{ref}"


def status_ref_from(text: str) -> str | None:
    """The reference in a scanned status-page address (`…/t/<ref>`), or None when it is not one."""
    text = text.strip()
    if STATUS_PATH not in text:
        return None
    ref = text.rsplit(STATUS_PATH, 1)[1].split("?", 1)[0].split("#", 1)[0].strip("/")
    return ref if is_status_ref(ref) else None


def is_status_ref(ref: str) -> bool:
    return 16 <= len(ref) <= 24 and all(c.isalnum() or c in "-_" for c in ref)
