"""The one entry point to the application: `open_services()` and what it hands out.

The use cases live in `kiosk.app` (one module each); this module only names them, so the
windows, the command line and the benchmarks need not know the split.
"""
from __future__ import annotations

from kiosk.app.bootstrap import Services, fixed_clock_from_env, open_services
from kiosk.app.counter import parse_reference
from kiosk.app.staff import PinCheck
from kiosk.app.views import (
    CheckResult, ImportReport, IssuedTicket, QueueEvent, ServiceOption, StatusView, TicketView, participant_json,
)

__all__ = ["CheckResult", "ImportReport", "IssuedTicket", "PinCheck", "QueueEvent", "ServiceOption", "Services",
           "StatusView", "TicketView", "fixed_clock_from_env", "open_services", "parse_reference",
           "participant_json"]
