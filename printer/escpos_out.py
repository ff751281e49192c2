"""Print operations replayed as ESC/POS through python-escpos.

A job is rendered once into bytes (on python-escpos' `Dummy` printer, with the configured
capability profile) and then written to the real connection in one piece: the same bytes
go to the printer, into the preview's `.bin` file and into the tests.
"""
from __future__ import annotations

from functools import lru_cache

from escpos.constants import CODEPAGE_CHANGE, ESC, GS, HW_INIT
from escpos.printer import Dummy
from .errors import PrinterError
from .qr import qr_image
from .layout import QR, Cut, Feed, Op, Row, Rule, Text
from .settings import PrinterSettings
from .text import encode

_ALIGN = {"left": ESC + b"a\x00", "center": ESC + b"a\x01", "right": ESC + b"a\x02"}
_BOLD = {False: ESC + b"E\x00", True: ESC + b"E\x01"}
_INVERT = {False: GS + b"B\x00", True: GS + b"B\x01"}
PANEL_BUTTONS_OFF = ESC + b"c5\x01"


def _size_byte(size: int) -> bytes:
    n = max(1, min(8, size)) - 1
    return GS + b"!" + bytes([(n << 4) | n])


@lru_cache(maxsize=16)
def _codepage_select(profile: str, codepage: str) -> bytes:
    """`ESC t n` for the code page in this profile; nothing if the profile lacks it."""
    from escpos.capabilities import get_profile

    try:
        pages = get_profile(profile).get_code_pages()
    except Exception:
        return b""
    wanted = codepage.upper().replace("-", "").replace("_", "")
    for name, number in pages.items():
        if name.upper().replace("-", "").replace("_", "") == wanted:
            return CODEPAGE_CHANGE + bytes([int(number)])
    return b""


class _Printer:
    """Tracks the style state so each change is sent once, not per line."""

    def __init__(self, p, settings: PrinterSettings):
        self.p = p
        self.settings = settings
        self.align = "left"
        self.size = 1
        self.bold = False
        self.invert = False

    def style(self, align: str, size: int, bold: bool, invert: bool) -> None:
        raw = self.p._raw
        if align != self.align:
            raw(_ALIGN[align])
            self.align = align
        if size != self.size:
            raw(_size_byte(size))
            self.size = size
        if bold != self.bold:
            raw(_BOLD[bold])
            self.bold = bold
        if invert != self.invert:
            raw(_INVERT[invert])
            self.invert = invert

    def play(self, op: Op) -> None:
        s = self.settings
        if isinstance(op, Text):
            self.style(op.align, op.size, op.bold, op.invert)
            self.p._raw(encode(op.text, s.codepage) + b"\n")
        elif isinstance(op, Row):
            self.style("left", 1, False, False)
            line = op.left + op.right.rjust(s.columns - len(op.left))
            self.p._raw(encode(line, s.codepage) + b"\n")
        elif isinstance(op, Rule):
            self.style("left", 1, False, False)
            self.p._raw(op.char.encode("ascii") * s.columns + b"\n")
        elif isinstance(op, QR):
            self.style("center", 1, False, False)
            if op.native:
                self.p.qr(op.payload, size=op.module, native=True)
                self.p._raw(b"\n")
            else:
                self.p.image(qr_image(op.payload, op.module, s.dots), impl="bitImageRaster")
        elif isinstance(op, Feed):
            self.p._raw(b"\n" * op.lines)
        elif isinstance(op, Cut):
            self.style("left", 1, False, False)
            self.p.cut()


def render_bytes(ops: list[Op], settings: PrinterSettings) -> bytes:
    """The whole job as ESC/POS bytes: one `ESC @`, the code page once, then the ops."""
    from .settings import is_known_profile

    if not is_known_profile(settings.profile):
        raise PrinterError.of("printer.profile.unknown", profile=repr(settings.profile))
    p = Dummy(profile=settings.profile)
    p._raw(HW_INIT)
    if settings.disable_feed_button:
        p._raw(PANEL_BUTTONS_OFF)
    p._raw(_codepage_select(settings.profile, settings.codepage))
    out = _Printer(p, settings)
    for op in ops:
        out.play(op)
    return p.output
