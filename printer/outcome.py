"""The result of one print job, and what went wrong (its sentences: `printer.texts`)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .texts import say


@dataclass(frozen=True)
class Fault:
    """Why a job did not print. `retry` says whether a fresh connection may help; the sentences
    are the application's, for the message id `printer.fault.<code>`."""

    code: str
    retry: bool = False

    @property
    def key(self) -> str:
        return "printer.fault." + self.code

    @property
    def message(self) -> str:
        return say(self.key)[0]

    @property
    def message_en(self) -> str:
        return say(self.key)[1]


NO_ANSWER = Fault("no_answer")
UNREACHABLE = Fault("unreachable", retry=True)
DISCONNECTED = Fault("disconnected", retry=True)
OFFLINE = Fault("offline")
PAPER_OUT = Fault("paper_out")
COVER_OPEN = Fault("cover_open")
PRINTER_ERROR = Fault("error")
NOT_FOUND = Fault("not_found", retry=True)
NO_PERMISSION = Fault("no_permission")
UNSUPPORTED = Fault("unsupported")
FAULTS = (NO_ANSWER, UNREACHABLE, DISCONNECTED, OFFLINE, PAPER_OUT, COVER_OPEN, PRINTER_ERROR, NOT_FOUND,
          NO_PERMISSION, UNSUPPORTED)


@dataclass(frozen=True)
class PrintOutcome:
    ok: bool
    status: str                      # "printed" | "failed"
    reason: str | None = None        # Indonesian sentence when failed
    reason_en: str | None = None
    paper_near_end: bool = False
    printer_url: str = ""
    files: tuple[str, ...] = field(default_factory=tuple)
    fault: str | None = None         # machine code of the fault, e.g. "paper_out"

    @classmethod
    def printed(cls, url: str, *, paper_near_end: bool = False, files: tuple[str, ...] = ()) -> "PrintOutcome":
        return cls(True, "printed", None, None, paper_near_end, url, tuple(files))

    @classmethod
    def failed(cls, url: str, fault: Fault, *, paper_near_end: bool = False) -> "PrintOutcome":
        return cls(False, "failed", fault.message, fault.message_en, paper_near_end, url, (), fault.code)

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "status": self.status,
            "reason": self.reason,
            "reason_en": self.reason_en,
            "fault": self.fault,
            "paper_near_end": self.paper_near_end,
            "printer": self.printer_url,
            "files": list(self.files),
        }
