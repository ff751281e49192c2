"""Participant status from any HTTP/JSON service the office runs.

The URL is a template with ``{nik}`` (``https://host/api/participants/{nik}``); a URL without
``{nik}`` gets ``/<nik>`` appended. One ``GET`` per lookup, ``Accept: application/json``,
2 seconds by default (for connecting and for each wait for data); TLS certificates are
always verified.

Expected answer (HTTP 200)::

    {
      "found": true,                      # optional, default true; false = not registered
      "status": "active",                 # active|inactive|unpaid|deceased|suspended|other,
                                          # or Indonesian wording (aktif, nonaktif, ...);
                                          # any other word is kept as "other"
      "status_text": "Aktif",             # optional: the wording to show, default: status
      "segment": "PU",                    # optional
      "programs": ["JHT", "JKK", "JKM"],  # optional; a "JHT;JKK" string is accepted too
      "last_paid": "2026-10",             # optional, YYYY-MM
      "birth_date": "1961-07-06",         # optional, YYYY-MM-DD (else taken from the NIK)
      "sex": "M",                         # optional, M|F (L|P accepted; else from the NIK)
      "name": "Slamet Riyadi",            # optional
      "card_number": "16012345678"        # optional: the membership card (KPJ / JKN card)
    }

With ``card_url`` (a template with ``{card}``), a scanned membership card is looked up with one
``GET`` too; the answer is the same document with the holder's ``"nik"`` (16 digits); HTTP 404
means the card is unknown.

HTTP 404 (or ``"found": false``) means the NIK is not registered. A timeout, a refused
connection, any other HTTP status or an answer that is not such JSON means the source cannot
answer now: :class:`SourceUnavailable` ("Status peserta belum dapat diperiksa").
"""
from __future__ import annotations

import http.client
import json
import logging
import re
import socket
import ssl
import urllib.error
import urllib.request
from datetime import date
from typing import Any, Mapping

from kiosk.directory.base import SourceUnavailable, status_from_word
from kiosk.domain.privacy import sent_in_clear
from kiosk.domain.nik import NIK_LENGTH, mask_nik
from kiosk.domain.participant import Participant, Status

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 2.0
_MAX_BODY = 1 << 20
_PROGRAM_SPLIT = re.compile(r"[;|,\s]+")
_SEX = {"M": "M", "F": "F", "L": "M", "P": "F"}


class HttpSource:
    """A participant source answering ``GET <url with the NIK>`` with JSON."""

    def __init__(self, url: str, timeout_s: float = DEFAULT_TIMEOUT_S,
                 headers: Mapping[str, str] | None = None, name: str = "http", card_url: str | None = None,
                 allow_plain_http: bool = False):
        if not url.startswith(("http://", "https://")):
            raise ValueError("the participant service URL must start with http:// or https://")
        for u in (url, card_url):
            if u and sent_in_clear(u) and not allow_plain_http:
                raise ValueError("a NIK may not go over plain http:// to another machine (allow_plain_http)")
        self.url = url
        self.card_url = card_url
        self.timeout_s = timeout_s
        self.headers = dict(headers or {})
        self.name = name
        self._tls = ssl.create_default_context()

    def url_for(self, nik: str) -> str:
        if "{nik}" in self.url:
            return self.url.replace("{nik}", nik)
        return self.url.rstrip("/") + "/" + nik

    def lookup(self, nik: str) -> Participant:
        if not (len(nik) == 16 and nik.isascii() and nik.isdigit()):
            raise ValueError("lookup needs the 16 digits of a validated NIK")
        request = urllib.request.Request(
            self.url_for(nik), headers={"Accept": "application/json", **self.headers}, method="GET")
        masked = mask_nik(nik)
        body = fetch(request, self.timeout_s, self._tls, lambda detail: self._unavailable(masked, detail))
        if body is None:
            return Participant.not_found()
        try:
            document = json.loads(body)
            return participant_from_json(document)
        except (ValueError, TypeError, AttributeError) as err:
            raise self._unavailable(masked, f"unreadable answer: {err}")

    def lookup_card(self, card_number: str) -> str | None:
        """The NIK of the holder of a membership card (`card_url`), or None when it is unknown."""
        if not self.card_url or not (card_number.isascii() and card_number.isdigit()):
            return None
        url = self.card_url.replace("{card}", card_number) if "{card}" in self.card_url \
            else self.card_url.rstrip("/") + "/" + card_number
        request = urllib.request.Request(url, headers={"Accept": "application/json", **self.headers}, method="GET")
        masked = mask_nik(card_number)
        body = fetch(request, self.timeout_s, self._tls, lambda detail: self._unavailable(masked, detail))
        if body is None:
            return None
        try:
            document = json.loads(body)
            nik = _text(document, "nik") if isinstance(document, dict) else None
        except (ValueError, TypeError) as err:
            raise self._unavailable(masked, f"unreadable answer: {err}")
        if document.get("found", True) is False or nik is None:
            return None
        if not (len(nik) == NIK_LENGTH and nik.isascii() and nik.isdigit()):
            raise self._unavailable(masked, "the answer's 'nik' is not a NIK")
        return nik

    def _unavailable(self, masked: str, detail: str) -> SourceUnavailable:
        log.warning("participant service %s: %s (NIK %s)", self.name, detail, masked)
        return SourceUnavailable(detail=detail)

    def __repr__(self) -> str:
        return f"HttpSource({self.url!r}, timeout_s={self.timeout_s})"


def participant_from_json(document: Any) -> Participant:
    """Map the service's JSON document to a Participant; ValueError when it is not one."""
    if not isinstance(document, dict):
        raise ValueError("the answer is not a JSON object")
    found = document.get("found", True)
    if not isinstance(found, bool):
        raise ValueError("'found' is not true/false")
    if not found:
        return Participant.not_found()
    raw_status = _text(document, "status")
    if raw_status is None:
        raise ValueError("'status' is missing")
    status = status_from_word(raw_status) or Status.OTHER
    status_text = _text(document, "status_text") or raw_status
    programs = document.get("programs") or []
    if isinstance(programs, str):
        programs = [p for p in _PROGRAM_SPLIT.split(programs) if p]
    if not isinstance(programs, list) or not all(isinstance(p, str) for p in programs):
        raise ValueError("'programs' is not a list of names")
    last_paid = _text(document, "last_paid")
    if last_paid is not None:
        last_paid = last_paid[:7]
        date.fromisoformat(last_paid + "-01")
    birth = _text(document, "birth_date")
    sex = _text(document, "sex")
    if sex is not None:
        if sex.upper() not in _SEX:
            raise ValueError("'sex' is not M or F")
        sex = _SEX[sex.upper()]
    segment = _text(document, "segment")
    return Participant(
        verified=True,
        found=True,
        status=status,
        status_text=status_text,
        segment=segment.upper() if segment else None,
        programs=frozenset(p.strip().upper() for p in programs if p.strip()),
        last_paid=last_paid,
        birth_date=date.fromisoformat(birth[:10]) if birth else None,
        sex=sex,
        name=_text(document, "name"),
        card_number=_text(document, "card_number"),
    )


def _text(document: dict, key: str) -> str | None:
    value = document.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"'{key}' is not text")
    return value.strip() or None


def fetch(request: urllib.request.Request, timeout_s: float, tls, fail) -> bytes | None:
    """The body of a short GET, None for 404; every other failure raises `fail(detail)`."""
    try:
        with urllib.request.urlopen(request, timeout=timeout_s, context=tls) as reply:
            body = reply.read(_MAX_BODY + 1)
    except urllib.error.HTTPError as err:
        err.close()
        if err.code == 404:
            return None
        raise fail(f"HTTP {err.code}")
    except (TimeoutError, socket.timeout):
        raise fail(f"no answer within {timeout_s:g} s")
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        raise fail(f"connection failed: {type(reason).__name__}")
    if len(body) > _MAX_BODY:
        raise fail("answer too large")
    return body
