"""Ticket printing: one layout as print operations, ESC/POS output, PNG preview, spooler.

Names are loaded on first use, so that commands that only need the ticket's data do not pay for
python-escpos and Pillow at start-up.
"""
from __future__ import annotations

import importlib

_WHERE = {
    "PrinterError": ".errors",
    "Target": ".connect", "parse_url": ".connect",
    "check_page_ops": ".layout", "ticket_ops": ".layout",
    "PrintOutcome": ".outcome",
    "render_preview": ".preview",
    "PrinterSettings": ".settings",
    "Spooler": ".spooler", "print_test_page": ".spooler", "printer_status": ".spooler",
    "CheckPageLabels": ".ticket", "TicketData": ".ticket", "TicketLabels": ".ticket",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'printer' has no attribute {name!r}")
    value = getattr(importlib.import_module(where, __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
