"""The branch's web service (`[web]`) and its booked visits (`[bookings]`)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.config.reader import Table
from kiosk.domain.booking import BookingRule

__all__ = ["WebConfig", "read_bookings", "read_web"]

DEFAULT_PORT = 8080


@dataclass(frozen=True)
class WebConfig:
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    public_url: str | None = None        # e.g. "http://10.0.0.5:8080"; the ticket QR then opens the phone page
    page_requests_per_min: int = 60      # per client address; 0 turns the limit off
    page_burst: int = 20
    connections_per_client: int = 50     # open connections per client address; 0 turns the limit off
    max_connections: int = 1000          # in all (fewer when the open-file limit is lower)
    header_timeout_s: float = 10.0       # a request's line, headers and body must arrive within it
    max_body_kb: int = 64                # a longer request body is refused (413) before it is read


def read_web(t: Table) -> WebConfig:
    host = t.str("host", "127.0.0.1")
    port = t.int("port", DEFAULT_PORT, lo=1, hi=65535)
    public_url = t.opt_str("public_url")
    if public_url is not None:
        if not re.match(r"^https?://[^/\s?#]+(/[^\s?#]*)?$", public_url):
            t.fail("public_url", "config.web.public_url")
        public_url = public_url.rstrip("/")
    rate = t.int("page_requests_per_min", 60, lo=0, hi=100_000)
    burst = t.int("page_burst", 20, lo=1, hi=100_000)
    per_client = t.int("connections_per_client", 50, lo=0, hi=100_000)
    most = t.int("max_connections", 1000, lo=16, hi=1_000_000)
    header_s = t.int("header_timeout_s", 10, lo=1, hi=600)
    body_kb = t.int("max_body_kb", 64, lo=1, hi=100_000)
    t.done()
    return WebConfig(host=host, port=port, public_url=public_url, page_requests_per_min=rate, page_burst=burst,
                     connections_per_client=per_client, max_connections=most, header_timeout_s=float(header_s),
                     max_body_kb=body_kb)


def read_bookings(t: Table) -> BookingRule:
    every = t.int("every_m_calls", 2, lo=1, hi=100)
    ageing = t.int("ageing_min", 20, lo=0, hi=480)
    early = t.int("early_min", 30, lo=0, hi=480)
    late = t.int("late_min", 10, lo=0, hi=480)
    per_counter = t.int("quota_per_counter", 19, lo=0, hi=1000)       # 0: no cap of its own
    per_nik = t.int("per_nik", 1, lo=0, hi=1000)                       # 0: no limit per NIK
    t.done()
    return BookingRule(every_m_calls=every, ageing_min=ageing, early_min=early, late_min=late,
                       quota_per_counter=per_counter or None, per_nik=per_nik or None)
