"""Ticket printing: one layout as print operations, ESC/POS output, PNG preview, spooler."""
from __future__ import annotations

from kiosk.errors import PrinterError

from .connect import Target, parse_url
from .layout import check_page_ops, ticket_ops
from .outcome import PrintOutcome
from .preview import render_preview
from .settings import PrinterSettings
from .spooler import Spooler, print_test_page, printer_status
from .ticket import TicketData, parse_qr_reference, qr_reference

__all__ = [
    "PrintOutcome", "PrinterError", "PrinterSettings", "Spooler", "Target", "TicketData", "check_page_ops",
    "parse_qr_reference", "parse_url", "print_test_page", "printer_status", "qr_reference",
    "render_preview", "ticket_ops",
]
