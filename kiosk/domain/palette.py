"""The branch's colours, named once: the staff windows, the hall display, the charts and the
report files (PDF, XLSX) all take their navy from here.

The hall display's colours are chosen for the back of the room: every text a person must read
there stands at least `HALL_CONTRAST` (7:1, WCAG's enhanced contrast) against what is behind
it (`contrast`: WCAG 2's relative luminance ratio)."""
from __future__ import annotations

NAVY = "#134074"            # headers, the number being called, the main buttons
ERROR = "#b00020"           # a sentence that says something went wrong
WHITE = "#ffffff"

# -- the hall display ---------------------------------------------------------------------------
HALL_CONTRAST = 7.0         # the least contrast of any text read from the back of the room
HALL_BACKGROUND = "#0b2545"     # the window behind every box
HALL_BAR = "#13315c"            # header, footer, side panels
HALL_BOX = NAVY                 # now calling, counter rows
HALL_PAUSED = "#2b3544"         # a paused counter's row
HALL_FLASH = "#ffd166"          # the "now calling" box while it flashes
HALL_TEXT = WHITE
HALL_NUMBER = "#ffd166"         # ticket numbers
HALL_TITLE = "#dce6f0"          # panel titles: quieter than white, still 7:1 on the bars
HALL_STALE = "#d0dbe6"          # an old call while the data is being refreshed
HALL_FLASH_TEXT = HALL_BACKGROUND   # dark text on the yellow flash


def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    """WCAG 2 relative luminance of a `#rrggbb` colour."""
    value = color.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two `#rrggbb` colours (1 … 21)."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)
