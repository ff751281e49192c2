"""What a keyboard-wedge scanner typed: a membership card, a JMO digital card, a ticket, a NIK.

A USB barcode/QR scanner set up as a keyboard types the code's characters and Enter into the
focused window, much faster than anyone types. `ScanBurst` tells such a burst from a person
at a keyboard by the time between keys; `read_scan` says what the burst was:

- a ticket's QR (`ANJ1:A-023:20261123:<ticket id>`, or the status-page address `…/t/<ref>` of a
  branch with a web address; see `reference.py`): that ticket's status, or its rating;
- a membership card number (KPJ, 11 digits; a health-insurance card, 13 digits), as printed
  under the card's barcode;
- a JMO / digital-card QR: a text or link that names the card number (`kpj=…`, `no_kartu=…`,
  `card=…`, `JMO:…`, or a JSON object with one of those keys);
- 16 digits: a NIK;
- a booking's code or its QR (`LPK-2026-0001`, `booking:LPK-2026-0001`, a JSON object with a
  `booking` or `kode_booking` key, or a link ending in the code): that booking's check-in. A bare
  code has letters and digits (a word alone or a number alone is not taken for one).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import Enum

from kiosk.domain.booking import normalize_code
from kiosk.domain.nik import NIK_LENGTH, normalize_nik
from kiosk.domain.reference import STATUS_PATH, parse_qr_reference, status_ref_from

CARD_LENGTHS = (11, 13)          # KPJ (employment) and JKN card (health insurance) numbers
MAX_KEY_GAP_S = 0.08             # scanners send a key every few milliseconds; people far slower
MIN_BURST = 6                    # shorter bursts ending in Enter are taken as typing
_CARD_KEYS = ("kpj", "no_kpj", "nokpj", "no_kartu", "nokartu", "card", "card_number", "kartu")
_CARD_IN_TEXT = re.compile(r"(?i)(?:^|[?&;|,\s/:])(?:" + "|".join(_CARD_KEYS) + r")\s*[=:]\s*\"?(\d{11}|\d{13})(?!\d)")
_JMO_PREFIX = re.compile(r"(?i)^\s*(?:jmo|kpj)\s*[:|/]\s*(\d{11}|\d{13})(?!\d)")
_BOOKING_KEYS = ("booking", "kode_booking", "booking_code", "kodebooking")
_BOOKING_PREFIX = re.compile(r"(?i)^\s*(?:" + "|".join(_BOOKING_KEYS) + r")\s*[:=|]\s*(\S+)\s*$")


class ScanKind(str, Enum):
    TICKET = "ticket"
    CARD = "card"
    NIK = "nik"
    BOOKING = "booking"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Scan:
    kind: ScanKind
    value: str = field(repr=False)      # ticket id or status address, card number, NIK or booking code (never logged)


def read_scan(text: str) -> Scan:
    """What a scanned code is (see the module text)."""
    raw = (text or "").strip()
    if not raw:
        return Scan(ScanKind.UNKNOWN, "")
    ticket = parse_qr_reference(raw)
    if ticket is not None:
        return Scan(ScanKind.TICKET, ticket["ticket_id"])
    if status_ref_from(raw) is not None:          # the QR of a branch with a web address
        return Scan(ScanKind.TICKET, raw)
    digits = normalize_nik(raw)
    if digits.isascii() and digits.isdigit():
        if len(digits) == NIK_LENGTH:
            return Scan(ScanKind.NIK, digits)
        if len(digits) in CARD_LENGTHS:
            return Scan(ScanKind.CARD, digits)
        return Scan(ScanKind.UNKNOWN, "")
    card = _card_in_json(raw) or _match(_JMO_PREFIX, raw) or _match(_CARD_IN_TEXT, raw)
    if card is not None:
        return Scan(ScanKind.CARD, card)
    booking = _booking_code(raw)
    if booking is not None:
        return Scan(ScanKind.BOOKING, booking)
    return Scan(ScanKind.UNKNOWN, "")


def _booking_code(text: str) -> str | None:
    """The booking code a scanned text carries (see the module text), or None."""
    marked = _match(_BOOKING_PREFIX, text) or _booking_in_json(text)
    if marked is not None:
        return normalize_code(marked)
    if "://" in text:
        if STATUS_PATH in text:             # a ticket's status page, not a booking
            return None
        text = text.split("?", 1)[0].split("#", 1)[0]
    code = normalize_code(text)
    if code is None or not any(c.isalpha() for c in code) or not any(c.isdigit() for c in code):
        return None
    return code


def _json_object(text: str) -> dict | None:
    """A scanned JSON object, or None when the text is not one."""
    if not text.startswith("{"):
        return None
    try:
        doc = json.loads(text)
    except ValueError:
        return None
    return doc if isinstance(doc, dict) else None


def _booking_in_json(text: str) -> str | None:
    doc = _json_object(text)
    if doc is None:
        return None
    return next((str(doc[key]) for key in _BOOKING_KEYS if isinstance(doc.get(key), (str, int))), None)


def _match(pattern: re.Pattern, text: str) -> str | None:
    m = pattern.search(text)
    return m.group(1) if m else None


def _card_in_json(text: str) -> str | None:
    doc = _json_object(text)
    if doc is None:
        return None
    for key in _CARD_KEYS:
        value = doc.get(key)
        if isinstance(value, (str, int)):
            digits = normalize_nik(str(value))
            if digits.isdigit() and len(digits) in CARD_LENGTHS:
                return digits
    return None


class ScanBurst:
    """Collects key presses and tells a scanner's burst (fast keys, then Enter) from typing.

    `key(char, at)` for every printable key, `enter(at)` for Enter: it returns the scanned text
    when the keys since the last pause came as one fast burst, else None (a person typing).
    Times are seconds on any monotonic clock.
    """

    def __init__(self, max_gap_s: float = MAX_KEY_GAP_S, min_length: int = MIN_BURST):
        self.max_gap_s = max_gap_s
        self.min_length = min_length
        self.chars: list[str] = []
        self._last: float | None = None

    def key(self, char: str, at: float) -> bool:
        """Add a key; True when it starts a new burst (after a pause)."""
        fresh = self._last is None or at - self._last > self.max_gap_s
        if fresh:
            self.chars = []
        self.chars.append(char)
        self._last = at
        return fresh

    def enter(self, at: float) -> str | None:
        quick = self._last is not None and at - self._last <= self.max_gap_s
        text = "".join(self.chars)
        self.chars = []
        self._last = None
        if quick and len(text) >= self.min_length:
            return text
        return None
