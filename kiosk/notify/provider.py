"""Providers that carry a text to a phone."""
from __future__ import annotations

import os
import shutil
import subprocess
from typing import Protocol

from kiosk.domain.errors import AnjunganError

INJECT = "gammu-smsd-inject"
TIMEOUT_S = 15


class NotifyUnavailable(AnjunganError):
    """The way to the phones is missing or refused the message (one sentence)."""


class Provider(Protocol):
    name: str

    def check(self) -> None:
        """Raise NotifyUnavailable when no message could be handed over now."""

    def send(self, phone: str, text: str) -> None:
        """Hand one text to one number (`+628…`); NotifyUnavailable when refused."""


class GammuSmsd:
    """gammu-smsd (Debian's `gammu-smsd`) with a GSM modem: each message goes into its outbox
    through `gammu-smsd-inject -c SMSDRC TEXT PHONE -text …`; the daemon sends it."""

    name = "gammu-smsd"

    def __init__(self, smsdrc: str | None, inject: str = INJECT):
        self.smsdrc = smsdrc
        self.inject = inject

    def check(self) -> None:
        if not self.smsdrc or not os.path.isfile(self.smsdrc):
            raise NotifyUnavailable.of("sms.smsdrc.missing", path=self.smsdrc or "[sms] smsdrc")
        if shutil.which(self.inject) is None:
            raise NotifyUnavailable.of("sms.inject.missing")

    def send(self, phone: str, text: str) -> None:
        self.check()
        try:
            done = subprocess.run([self.inject, "-c", self.smsdrc, "TEXT", phone, "-text", text],
                                  capture_output=True, text=True, timeout=TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise NotifyUnavailable.of("sms.inject.failed", reason=type(exc).__name__) from None
        if done.returncode != 0:
            # gammu's own last line, without the number
            reason = (done.stderr or done.stdout).strip().splitlines()[-1:] or [f"exit {done.returncode}"]
            raise NotifyUnavailable.of("sms.inject.failed", reason=reason[0].replace(phone, "…")[:160])
