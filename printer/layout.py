"""The ticket, described once as device-independent print operations.

`ticket_ops` turns a `TicketData` into a list of simple operations for the paper width in
the settings. `escpos_out` replays them as ESC/POS bytes, `preview` draws them as a PNG; both
see exactly the same lines, already wrapped and reduced to the printer's code page.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Union

from .settings import PrinterSettings
from .text import fold, wrap
from .ticket import CheckPageLabels, TicketData

Align = Literal["left", "center", "right"]
MAX_SIZE = 8  # ESC/POS character size multiplier limit (GS !)


@dataclass(frozen=True)
class Text:
    """One printed line (already wrapped to fit), `size` times the standard font."""

    text: str
    align: Align = "left"
    size: int = 1
    bold: bool = False
    invert: bool = False


@dataclass(frozen=True)
class Row:
    """A label on the left and its value on the right of one standard-size line."""

    left: str
    right: str


@dataclass(frozen=True)
class Rule:
    """A full-width separator line."""

    char: str = "-"


@dataclass(frozen=True)
class QR:
    payload: str
    module: int = 6          # dots per QR module
    native: bool = True      # GS ( k on the printer, or a raster image when False


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    pass


Op = Union[Text, Row, Rule, QR, Feed, Cut]


def biggest_size(text: str, columns: int) -> int:
    """The largest character size at which `text` still fits on one line."""
    return max(1, min(MAX_SIZE, columns // max(1, len(text))))


def native_qr_supported(settings: PrinterSettings) -> bool:
    """Native QR when settings ask for it and the capability profile has it."""
    if not settings.native_qr:
        return False
    from escpos.capabilities import get_profile

    try:
        return bool(get_profile(settings.profile).supports("qrCode"))
    except Exception:  # unknown profile: be safe, draw it ourselves
        return False


class _Builder:
    def __init__(self, settings: PrinterSettings):
        self.settings = settings
        self.ops: list[Op] = []

    def line(self, text: str, align: Align = "left", size: int = 1, bold: bool = False, invert: bool = False) -> None:
        text = fold(text, self.settings.codepage)
        width = self.settings.columns // size
        for part in wrap(text, width) or [""]:
            self.ops.append(Text(part, align, size, bold, invert))

    def pair(self, label: str, value: str) -> None:
        """`label: value`, the value right-aligned when it fits on the same line."""
        label = fold(label, self.settings.codepage)
        value = fold(value, self.settings.codepage)
        cols = self.settings.columns
        if len(label) + 1 + len(value) <= cols:
            self.ops.append(Row(label, value))
        else:
            self.line(label)
            self.ops.append(Text(value, "right"))

    def bullets(self, items: tuple[str, ...]) -> None:
        for item in items:
            item = fold(item, self.settings.codepage)
            for part in wrap(item, self.settings.columns, indent="- ", hang="  "):
                self.ops.append(Text(part))

    def rule(self) -> None:
        self.ops.append(Rule())


def ticket_ops(ticket: TicketData, settings: PrinterSettings) -> list[Op]:
    """The ticket as print operations, for the paper in `settings`."""
    b = _Builder(settings)
    cols = settings.columns
    words = ticket.labels

    b.line(ticket.branch_name, "center", bold=True)
    if ticket.branch_address:
        b.line(ticket.branch_address, "center")
    b.line(ticket.issued_text, "center")
    b.rule()
    if ticket.reprint:
        b.line(words.reprint, "center", bold=True, invert=True)
    b.line(words.heading, "center")
    b.ops.append(Text(fold(ticket.number, settings.codepage), "center", biggest_size(ticket.number, cols), True))
    b.line(ticket.service_name, "center", size=2 if len(ticket.service_name) <= cols // 2 else 1, bold=True)
    if ticket.priority:
        reason = f": {ticket.priority_reason}" if ticket.priority_reason else ""
        b.line(f"{words.priority}{reason}", "center", bold=True, invert=True)
    for note in ticket.notes:
        b.line(note, "center", bold=True)
    b.rule()
    b.pair(words.ahead, str(ticket.ahead))
    b.pair(words.wait, ticket.wait_text or words.wait_unknown)
    if ticket.nik_masked:
        b.pair(words.nik, ticket.nik_masked)
    if not ticket.verified:
        b.line(words.unverified, "center", bold=True)
        b.line(words.unverified_note, "center")
    if ticket.documents:
        b.rule()
        b.line(words.documents, bold=True)
        b.bullets(ticket.documents)
    b.rule()
    b.ops.append(QR(ticket.qr_payload, module=6 if settings.paper_mm >= 80 else 5, native=native_qr_supported(settings)))
    if ticket.qr_caption:
        b.line(ticket.qr_caption, "center")
    b.line(f"{words.reference} {ticket.ticket_id}", "center")
    if ticket.footer:
        b.rule()
        for text in ticket.footer:
            b.line(text, "center")
    b.ops.append(Feed(1))
    b.ops.append(Cut())
    return b.ops


def check_page_ops(settings: PrinterSettings, words: CheckPageLabels) -> list[Op]:
    """A page to check a newly connected printer: alignment, sizes, QR, code page; its words
    given by the caller."""
    b = _Builder(settings)
    cols = settings.columns
    facts = {"paper_mm": settings.paper_mm, "dots": settings.dots, "columns": cols, "profile": settings.profile,
             "codepage": settings.codepage}
    b.line(words.title, "center", size=2, bold=True)
    b.line(words.paper.format(**facts), "center")
    b.line(words.profile.format(**facts), "center")
    b.rule()
    b.ops.append(Text(("1234567890" * 7)[:cols]))
    b.line(words.left, "left")
    b.line(words.center, "center")
    b.line(words.right, "right")
    b.line(words.bold, bold=True)
    b.line(words.inverted, invert=True)
    for size in (2, 3, 4):
        b.line(f"x{size}", "center", size=size)
    b.ops.append(Text("A-023", "center", biggest_size("A-023", cols), True))
    b.rule()
    b.line(words.characters, "left")
    b.line("ÀÁÂÄ àáâä ÈÉÊË èéêë ñ ç ü ö", "left")
    b.rule()
    native = native_qr_supported(settings)
    b.ops.append(QR("ANJ1:TEST", module=6 if settings.paper_mm >= 80 else 5, native=native))
    b.line(words.qr_native if native else words.qr_raster, "center")
    b.ops.append(Feed(1))
    b.ops.append(Cut())
    return b.ops


def plain_lines(ops: list[Op], columns: int) -> list[str]:
    """The text lines of `ops` laid out as they print (for logs and tests)."""
    out: list[str] = []
    for op in ops:
        if isinstance(op, Text):
            width = columns // op.size
            if op.align == "center":
                out.append(op.text.center(width).rstrip())
            elif op.align == "right":
                out.append(op.text.rjust(width))
            else:
                out.append(op.text)
        elif isinstance(op, Row):
            out.append(op.left + op.right.rjust(columns - len(op.left)))
        elif isinstance(op, Rule):
            out.append(op.char * columns)
        elif isinstance(op, QR):
            out.append(f"[QR {op.payload}]")
    return out
