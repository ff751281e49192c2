"""The result of one print job, and the sentences for what went wrong."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fault:
    """Why a job did not print. `retry` says whether a fresh connection may help."""

    code: str
    message: str
    message_en: str
    retry: bool = False


NO_ANSWER = Fault("no_answer", "Printer tidak menjawab.", "The printer does not answer.")
UNREACHABLE = Fault("unreachable", "Printer tidak dapat dihubungi.", "The printer cannot be reached.", retry=True)
DISCONNECTED = Fault("disconnected", "Sambungan ke printer terputus.", "The connection to the printer was lost.", retry=True)
OFFLINE = Fault("offline", "Printer sedang offline.", "The printer is offline.")
PAPER_OUT = Fault("paper_out", "Kertas printer habis.", "The printer is out of paper.")
COVER_OPEN = Fault("cover_open", "Tutup printer terbuka.", "The printer cover is open.")
PRINTER_ERROR = Fault("error", "Printer mengalami gangguan.", "The printer reports an error.")
NOT_FOUND = Fault("not_found", "Printer tidak ditemukan; periksa kabel dan daya.", "The printer was not found; check the cable and power.", retry=True)
NO_PERMISSION = Fault("no_permission", "Tidak ada izin untuk menulis ke printer.", "No permission to write to the printer.")
UNSUPPORTED = Fault("unsupported", "Jenis sambungan printer ini tidak tersedia di komputer ini.", "This kind of printer connection is not available on this computer.")


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
