"""The KTP laid on the kiosk's tray (`flow.ktp`): on Welcome and on the NIK screen the window hands
over camera frames; each is read off the screen's thread (`cases.read_ktp`), one at a time.

A sure read goes straight to the question "NIK ****0003 · lahir 26 Juni 1959 — benar?" (the
confirmation guards the last digits; the reader's own checks guard the rest); an unsure read puts
its digits in the NIK field with a sentence asking her to check them against the card. A family
card or another card is named, never read as a KTP. A card once read must leave the tray before
another read counts, so a card forgotten on the tray never starts the next visit. The frame and
the text read are dropped at once; the NIK lives in the visit, which Welcome clears.
"""
from __future__ import annotations

import logging
from typing import Any, Protocol

from kiosk.app.visit_flow.parts import FlowCore, Step
from kiosk.domain.catalog import msgid, pair
from kiosk.domain.formatting import date_text
from kiosk.domain.nik import nik_tail

log = logging.getLogger("anjungan.kiosk")

# what the reader calls what it saw (kiosk.ktp.reader: kind)
_KTP, _NO_CARD, _FAMILY_CARD = "ktp", "none", "family_card"
_NAMED = {_FAMILY_CARD: msgid("ktp.family_card")}
_TAIL_SHOWN = 4


class _Warned(Protocol):
    @property
    def warning(self) -> bool: ...


class KtpFlow(FlowCore, Protocol):
    idle: _Warned

    def show(self, step: Step, remember: bool = True, speak: bool = True) -> None: ...
    def redraw(self) -> None: ...
    def show_notice(self, key: str, error: bool = False) -> None: ...


class KtpReads:
    def __init__(self, flow: KtpFlow):
        self.flow = flow
        self.reading = False
        self.sure_read: Any = None          # the sure read she is asked to confirm (a KtpRead)
        self.tray_clear = True              # no card read yet since the tray was last seen empty
        self.available = callable(getattr(flow.cases, "read_ktp", None))

    def reset(self) -> None:
        """The visit ends: the read goes with it (the tray's state stays: the card may still lie there)."""
        self.sure_read = None

    @property
    def wanted(self) -> bool:
        """Whether a frame is read now: Welcome, or the NIK screen with an empty field, nothing
        being read or checked, no walk-away warning up."""
        flow = self.flow
        if not self.available or self.reading or flow.idle.warning or flow.nik.checking:
            return False
        return flow.step is Step.WELCOME or (flow.step is Step.NIK and not flow.nik.digits)

    def frame(self, picture: Any) -> None:
        """One camera frame (in memory); read when wanted, dropped otherwise."""
        if picture is None or not self.wanted:
            return
        self.reading = True
        read = self.flow.cases.read_ktp          # type: ignore[attr-defined]
        # the tray is no visit's: its answer comes back even if a visit ended meanwhile
        self.flow.runner.run(lambda: read(picture), self._read)       # type: ignore[attr-defined]

    def _read(self, result: Any, error: BaseException | None) -> None:
        self.reading = False
        if error is not None:
            log.warning("KTP frame not read: %s", error.__class__.__name__)      # never the text
            return
        if result is None:                      # no reader on this machine: the kiosk asks for typing
            self.available = False
            return
        if result.kind == _NO_CARD:
            self.tray_clear = True
            return
        flow = self.flow
        if not self.tray_clear or not self.wanted_now():
            return
        self.tray_clear = False
        if result.kind != _KTP:
            flow.show_notice(_NAMED.get(result.kind, msgid("ktp.other_card")), error=True)
            return
        if result.nik is None:
            flow.show_notice("ktp.unreadable", error=True)
            return
        if flow.step is Step.WELCOME:
            flow.start_visit()
        flow.set_nik(result.nik)
        if result.sure:
            self.sure_read = result
            flow.show(Step.KTP_CHECK)
            return
        flow.nik.note = pair("ktp.check_digits")
        flow.redraw()

    def wanted_now(self) -> bool:
        """Still on a screen that takes a card (she may have moved on while the frame was read)."""
        flow = self.flow
        return flow.step is Step.WELCOME or (flow.step is Step.NIK and not flow.nik.digits and not flow.nik.checking)

    # ------------------------------------------------------------------ her answer
    def question(self) -> tuple[str, str]:
        """(Indonesian, English) "NIK ****0003 · lahir 26 Juni 1959 — benar?": never the whole NIK."""
        read = self.sure_read
        if read is None:
            return "", ""
        tail = "*" * _TAIL_SHOWN + nik_tail(read.nik)
        born_id = date_text(read.birth_date, "id") if read.birth_date else "–"
        born_en = date_text(read.birth_date, "en") if read.birth_date else "–"
        indonesian, _ = pair("ktp.confirm", tail=tail, born=born_id)
        _, english = pair("ktp.confirm", tail=tail, born=born_en)
        return indonesian, english

    def confirm(self) -> None:
        """Yes, it is hers: checked as a typed NIK is, and on to the services."""
        if self.sure_read is None or self.flow.nik.checking:
            return
        self.flow.submit_nik()

    def reject(self) -> None:
        """Not hers (or not right): the field emptied for her to type."""
        self.sure_read = None
        self.flow.set_nik("")
        self.flow.show(Step.NIK)


__all__ = ["KtpReads"]
