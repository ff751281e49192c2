"""Health-insurance participant status from the national VClaim API.

``GET {base_url}/Peserta/nik/{nik}/tglSEP/{yyyy-MM-dd}`` with the headers ``X-cons-id``,
``X-timestamp`` (Unix seconds, UTC), ``X-signature`` = Base64(HMAC-SHA256(secret,
"consId&timestamp")) and ``user_key``. The answer is ``{"metaData": {"code", "message"},
"response": "..."}``; ``response`` is AES-256-CBC encrypted (key = SHA-256 of
consId + secret + timestamp, IV = the key's first 16 bytes, PKCS#7 padding), and the plain text
is LZString (URI-safe) compressed JSON: ``{"peserta": {"nama", "nik", "noKartu", "sex",
"tglLahir", "statusPeserta": {"kode", "keterangan"}, "jenisPeserta": {"kode",
"keterangan"}, ...}}``. ``statusPeserta.kode == "0"`` is active; anything else is not, and
its ``keterangan`` is kept as the status wording.

AES comes from the ``cryptography`` package, imported on first use. TLS certificates are
always verified. Neither the NIK nor the card number is ever logged.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import ssl
import time
import urllib.request
from datetime import date
from typing import Any, Callable

from kiosk.directory.base import SourceUnavailable
from kiosk.directory.http import fetch
from kiosk.directory.lzstring import decompress_from_encoded_uri_component
from kiosk.domain.privacy import sent_in_clear
from kiosk.domain.nik import mask_nik
from kiosk.domain.participant import Participant, Status

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 2.0
_SEX = {"L": "M", "P": "F", "M": "M", "F": "F"}


def signature(cons_id: str, secret: str, timestamp: str) -> str:
    """Base64(HMAC-SHA256(secret, "consId&timestamp"))."""
    digest = hmac.new(secret.encode(), f"{cons_id}&{timestamp}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def response_key(cons_id: str, secret: str, timestamp: str) -> tuple[bytes, bytes]:
    """The AES-256 key (SHA-256 of consId + secret + timestamp) and IV (its first 16 bytes)."""
    key = hashlib.sha256(f"{cons_id}{secret}{timestamp}".encode()).digest()
    return key, key[:16]


def decrypt_response(encrypted: str, cons_id: str, secret: str, timestamp: str) -> Any:
    """The JSON inside an encrypted ``response`` field; ValueError when it cannot be read."""
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    key, iv = response_key(cons_id, secret, timestamp)
    try:
        data = base64.b64decode(encrypted, validate=True)
    except (ValueError, TypeError):
        raise ValueError("the response field is not Base64") from None
    if not data or len(data) % 16:
        raise ValueError("the response field is not AES-CBC data")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    padded = decryptor.update(data) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    plain = unpadder.update(padded) + unpadder.finalize()      # ValueError on bad padding
    return json.loads(decompress_from_encoded_uri_component(plain.decode("utf-8")))


def participant_from_peserta(peserta: Any) -> Participant:
    """Map VClaim's ``peserta`` object to a Participant; ValueError when it is not one."""
    if not isinstance(peserta, dict):
        raise ValueError("'peserta' is not an object")
    state = peserta.get("statusPeserta") or {}
    kind = peserta.get("jenisPeserta") or {}
    if not isinstance(state, dict) or not isinstance(kind, dict):
        raise ValueError("'statusPeserta' or 'jenisPeserta' is not an object")
    code = str(state.get("kode", "")).strip()
    wording = str(state.get("keterangan") or "").strip()
    if code == "":
        raise ValueError("'statusPeserta.kode' is missing")
    status = Status.ACTIVE if code == "0" else _inactive_status(wording)
    birth = peserta.get("tglLahir")
    sex = _SEX.get(str(peserta.get("sex") or "").strip().upper())
    segment = str(kind.get("keterangan") or "").strip() or None
    name = str(peserta.get("nama") or "").strip() or None
    return Participant(
        verified=True,
        found=True,
        status=status,
        status_text=wording or ("AKTIF" if status is Status.ACTIVE else ""),
        segment=segment,
        programs=frozenset({"JKN"}),
        last_paid=None,
        birth_date=date.fromisoformat(birth[:10]) if isinstance(birth, str) and birth else None,
        sex=sex,
        name=name,
    )


def _inactive_status(wording: str) -> Status:
    upper = wording.upper()
    if "MENINGGAL" in upper:
        return Status.DECEASED
    if "ANGGUH" in upper or "SUSPEND" in upper:      # ditangguhkan, penangguhan
        return Status.SUSPENDED
    if "TUNGGAK" in upper or "IURAN" in upper or "PREMI" in upper:
        return Status.UNPAID
    return Status.INACTIVE


class VClaimSource:
    """Participant status by NIK from the VClaim web service."""

    def __init__(self, base_url: str, cons_id: str, secret: str, user_key: str,
                 timeout_s: float = DEFAULT_TIMEOUT_S, name: str = "vclaim",
                 clock: Callable[[], float] = time.time, today: Callable[[], date] = date.today,
                 allow_plain_http: bool = False):
        if not base_url.startswith(("http://", "https://")):
            raise ValueError("the VClaim URL must start with https://")
        if sent_in_clear(base_url) and not allow_plain_http:
            raise ValueError("a NIK may not go over plain http:// to another machine (allow_plain_http)")
        self.base_url = base_url.rstrip("/")
        self.cons_id = cons_id
        self.secret = secret
        self.user_key = user_key
        self.timeout_s = timeout_s
        self.name = name
        self._clock = clock
        self._today = today
        self._tls = ssl.create_default_context()

    def headers(self, timestamp: str) -> dict[str, str]:
        return {
            "X-cons-id": self.cons_id,
            "X-timestamp": timestamp,
            "X-signature": signature(self.cons_id, self.secret, timestamp),
            "user_key": self.user_key,
            "Accept": "application/json",
        }

    def lookup(self, nik: str) -> Participant:
        if not (len(nik) == 16 and nik.isascii() and nik.isdigit()):
            raise ValueError("lookup needs the 16 digits of a validated NIK")
        masked = mask_nik(nik)
        timestamp = str(int(self._clock()))
        url = f"{self.base_url}/Peserta/nik/{nik}/tglSEP/{self._today().isoformat()}"
        request = urllib.request.Request(url, headers=self.headers(timestamp), method="GET")
        body = fetch(request, self.timeout_s, self._tls, lambda detail: self._unavailable(masked, detail))
        if body is None:
            raise self._unavailable(masked, "HTTP 404")
        try:
            envelope = json.loads(body)
            meta = envelope.get("metaData") or envelope.get("metadata") or {}
            code = str(meta.get("code", "")).strip()
            message = str(meta.get("message") or "")
        except (ValueError, AttributeError):
            raise self._unavailable(masked, "unreadable answer")
        if code != "200":
            if code == "201" or "tidak ditemukan" in message.lower():
                return Participant.not_found()
            raise self._unavailable(masked, f"metaData code {code or '?'}")
        try:
            document = decrypt_response(envelope.get("response") or "", self.cons_id, self.secret, timestamp)
            return participant_from_peserta(document.get("peserta") if isinstance(document, dict) else None)
        except ImportError:
            raise self._unavailable(masked, "the cryptography package is not installed")
        except (ValueError, TypeError, AttributeError, UnicodeDecodeError):
            raise self._unavailable(masked, "the answer could not be decrypted or read")

    def _unavailable(self, masked: str, detail: str) -> SourceUnavailable:
        log.warning("participant service %s: %s (NIK %s)", self.name, detail, masked)
        return SourceUnavailable(detail=detail)

    def __repr__(self) -> str:
        return f"VClaimSource({self.base_url!r}, cons_id={self.cons_id!r})"
