"""The visit being made at the kiosk: cleared on every return to the Welcome screen."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Visit:
    nik: str = ""                          # typed or scanned digits; never logged, never kept after the visit
    result: Any = None                     # services.CheckResult
    option: Any = None                     # services.ServiceOption chosen
    priority_reason: str | None = None     # set by staff in assisted mode
    documents_complete: bool = True
    ticket: Any = None                     # services.IssuedTicket
    print_outcome: Any = None              # printer.PrintOutcome
    heir: bool | None = None               # None: not asked; True: the visitor is the heir
    held: dict = field(default_factory=dict)   # service code → IssuedTicket the NIK already holds
    shown: Any = None                      # the held or scanned ticket on the repeat screen
    scanned: bool = False                  # the visit started with a scanned card

    def clear(self) -> None:
        self.__init__()

    @property
    def empty(self) -> bool:
        return not self.nik and self.result is None and self.ticket is None
