"""The one entry point to the application: `open_services()` and what it hands out.

The use cases live in `kiosk.app` (one module each); this module only names them, so the
windows, the command line and the benchmarks need not know the split.
"""
from __future__ import annotations

from kiosk.app import logsetup
from kiosk.app.bootstrap import Services, fixed_clock_from_env, open_services
from kiosk.app.counter import parse_reference
from kiosk.app.counter_desk import CounterDesk, CounterServices, act as counter_act
from kiosk.app.phone import Board
from kiosk.app.printing import check_page_labels, ticket_labels
from kiosk.app.report_files import PdfRenderer, ReportFormat, export_report, report_text
from kiosk.app.staff import PinCheck, with_demo_pins
from kiosk.app.tokens import Caller, Forbidden, Unauthorized
from kiosk.app.visit_flow import Change, Event, KioskSettings, RatingPage, Step, VisitFlow
from kiosk.app.views import (
    BookingImportReport, CheckInResult, CheckResult, ImportReport, IssuedTicket, QueueEvent, ServiceOption,
    StatusView, TicketView, participant_json,
)
from kiosk.events.feed import Backoff, ConnectionLost, EventFollower

__all__ = ["Backoff", "ConnectionLost", "CounterDesk", "CounterServices", "EventFollower", "counter_act",
           "Board", "BookingImportReport", "Caller", "CheckInResult", "CheckResult", "Forbidden", "ImportReport",
           "IssuedTicket", "PinCheck", "QueueEvent", "ServiceOption", "Services", "StatusView", "TicketView",
           "Unauthorized", "fixed_clock_from_env", "open_services", "parse_reference", "participant_json"]
__all__ += ["PdfRenderer", "ReportFormat", "check_page_labels", "export_report", "logsetup", "report_text",
            "ticket_labels"]
__all__ += ["Change", "Event", "KioskSettings", "RatingPage", "Step", "VisitFlow"]      # the kiosk's visit model


def demo_config(config_path=None):
    """The branch configuration with the demo's PINs (staff 1234, admin 9999): `anjungan demo` only."""
    from kiosk.config import load_config

    return with_demo_pins(load_config(config_path))
