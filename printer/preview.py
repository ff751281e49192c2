"""Print operations drawn on a Pillow image at the printer's dot width.

The kiosk shows it on screen after printing, `preview://DIR` saves it as a PNG next to the
raw bytes, and tests read it. Text uses DejaVu Sans, bundled with this package, so previews
look the same on every machine.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from PIL import Image, ImageDraw, ImageFont

from .layout import QR, Cut, Feed, Op, Row, Rule, Text, ticket_ops
from .qr import qr_image
from .settings import PrinterSettings
from .ticket import TicketData

LINE_DOTS = 24          # Font A is 12 x 24 dots
MARGIN_DOTS = 16        # paper above the first line and below the cut
WHITE, BLACK = 255, 0


@lru_cache(maxsize=64)
def _font(bold: bool, px: int) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    with resources.as_file(resources.files(__package__) / name) as path:
        return ImageFont.truetype(str(path), px)


def _fitting_font(text: str, bold: bool, px: int, width: int) -> ImageFont.FreeTypeFont:
    font = _font(bold, px)
    while px > 8 and font.getlength(text) > width:
        px = int(px * 0.9)
        font = _font(bold, px)
    return font


def _height(op: Op, settings: PrinterSettings) -> int:
    if isinstance(op, Text):
        return LINE_DOTS * op.size
    if isinstance(op, (Row, Rule, Feed)):
        return LINE_DOTS * (op.lines if isinstance(op, Feed) else 1)
    if isinstance(op, QR):
        return qr_image(op.payload, op.module, settings.dots).height + LINE_DOTS // 2
    if isinstance(op, Cut):
        return LINE_DOTS * 2
    return 0


def render_ops(ops: list[Op], settings: PrinterSettings) -> Image.Image:
    """A grayscale image `settings.dots` wide showing what the printer prints."""
    width = settings.dots
    height = MARGIN_DOTS * 2 + sum(_height(op, settings) for op in ops)
    image = Image.new("L", (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    base_px = round(settings.cell_width * 1.7)
    y = MARGIN_DOTS
    for op in ops:
        h = _height(op, settings)
        if isinstance(op, Text):
            font = _fitting_font(op.text, op.bold, base_px * op.size, width)
            text_w = font.getlength(op.text)
            if op.align == "center":
                x = (width - text_w) / 2
            elif op.align == "right":
                x = width - text_w
            else:
                x = 0
            fg = BLACK
            if op.invert:
                draw.rectangle((max(0, x - 6), y, min(width - 1, x + text_w + 6), y + h - 1), fill=BLACK)
                fg = WHITE
            draw.text((x, y + h / 2), op.text, font=font, fill=fg, anchor="lm")
        elif isinstance(op, Row):
            font = _font(False, base_px)
            draw.text((0, y + h / 2), op.left, font=font, fill=BLACK, anchor="lm")
            draw.text((width, y + h / 2), op.right, font=font, fill=BLACK, anchor="rm")
        elif isinstance(op, Rule):
            mid = y + h // 2
            for x0 in range(0, width, 12):
                draw.line((x0, mid, x0 + 7, mid), fill=BLACK, width=2)
        elif isinstance(op, QR):
            image.paste(qr_image(op.payload, op.module, width).convert("L"), (0, y))
        elif isinstance(op, Cut):
            mid = y + h - 2
            for x0 in range(0, width, 8):
                draw.line((x0, mid, x0 + 3, mid), fill=160, width=1)
        y += h
    return image


def render_preview(ticket: TicketData, settings: PrinterSettings) -> Image.Image:
    """The ticket as it prints on the paper in `settings` (width = the printer's dots)."""
    return render_ops(ticket_ops(ticket, settings), settings)


def save_png(image: Image.Image, path) -> None:
    image.save(path, format="PNG", optimize=False, compress_level=1)
