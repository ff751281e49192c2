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
    booking: Any = None                    # today's booking of the typed NIK (`booking_json`), offered
    checkin: Any = None                    # services.CheckInResult of an early arrival (no ticket yet)
    checking_in: bool = False              # a check-in is on its way
    booking_message: tuple = ()            # what the check-in said (Indonesian, English), on the ticket screen
    rating: Any = None                     # (ticket id, number) of the scanned visit being rated
    online_shown: str | None = None        # a service whose online route was shown (counted if no ticket)

    def clear(self) -> None:
        self.__init__()

    @property
    def empty(self) -> bool:
        return not self.nik and self.result is None and self.ticket is None
