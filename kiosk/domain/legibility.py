"""How big text must be on the hall display to be read from the back of the waiting room.

ISO 9241-303 asks that a character subtends at least 16 minutes of arc at the reading distance
(the height of a capital letter). The branch's hall TV is a 43" 16:9 screen read from 6 m:

    height needed   h = 2 · d · tan(α / 2)           (α = 16′, d = 6 m → 27.9 mm)
    screen height   H = diagonal · 9 / √(16² + 9²)   (43" → 535.5 mm on the short side)
    pixels per mm   = lines across the short side / H

so at 16′ a capital letter needs 56 px on a 1080-line TV, 40 px at 768 lines and 113 px at 2160.
The hall asks more than the minimum: every text there subtends at least `HALL_ARCMIN` (18′: 64 px
at 1080 lines, 46 px at 768), and the counter to go to ("Loket 4") is at least `COUNTER_SHARE`
of the called number's height. A portrait TV has the same pixels per millimetre (the short side
holds the 1080 lines). The font size follows from the font's cap height (DejaVu Sans: 0.73 of the
pixel size).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

MIN_ARCMIN = 16.0           # ISO 9241-303 minimum character height
HALL_ARCMIN = 18.0          # the hall display's own floor: every text, from the back of the room
COUNTER_SHARE = 0.5         # "Loket N" is at least this share of the called number's height
TV_DIAGONAL_IN = 43.0
READING_DISTANCE_M = 6.0
MM_PER_INCH = 25.4
ASPECT = (16, 9)


def arcmin(height_mm: float, distance_mm: float) -> float:
    """The angle a `height_mm` character subtends at `distance_mm`, in minutes of arc."""
    return math.degrees(2 * math.atan(height_mm / (2 * distance_mm))) * 60


def height_for_arcmin(angle_arcmin: float, distance_mm: float) -> float:
    """The character height (mm) that subtends `angle_arcmin` at `distance_mm`."""
    return 2 * distance_mm * math.tan(math.radians(angle_arcmin / 60) / 2)


def short_side_mm(diagonal_in: float, aspect: tuple[int, int] = ASPECT) -> float:
    """The length of a screen's short side (mm) from its diagonal (inches) and aspect ratio."""
    w, h = max(aspect), min(aspect)
    return diagonal_in * MM_PER_INCH * h / math.hypot(w, h)


@dataclass(frozen=True)
class Viewing:
    """A TV and where the people reading it sit."""

    diagonal_in: float = TV_DIAGONAL_IN
    distance_m: float = READING_DISTANCE_M
    min_arcmin: float = MIN_ARCMIN

    def px_per_mm(self, resolution: tuple[int, int]) -> float:
        """Pixels per millimetre of a screen showing `resolution` (width, height) edge to edge."""
        return min(resolution) / short_side_mm(self.diagonal_in)

    def min_char_mm(self) -> float:
        return height_for_arcmin(self.min_arcmin, self.distance_m * 1000)

    def min_cap_px(self, resolution: tuple[int, int]) -> int:
        """The smallest capital-letter height in pixels that is legible at this distance."""
        return math.ceil(self.min_char_mm() * self.px_per_mm(resolution))

    def min_font_px(self, resolution: tuple[int, int], cap_ratio: float) -> int:
        """The smallest font pixel size whose capitals are legible (`cap_ratio`: cap height / size)."""
        if not 0 < cap_ratio <= 1:
            raise ValueError("cap_ratio is the cap height as a share of the font size (0..1]")
        return math.ceil(self.min_cap_px(resolution) / cap_ratio)

    def arcmin_of(self, cap_px: float, resolution: tuple[int, int]) -> float:
        """What a capital of `cap_px` pixels subtends from the reading distance."""
        return arcmin(cap_px / self.px_per_mm(resolution), self.distance_m * 1000)


HALL = Viewing(min_arcmin=HALL_ARCMIN)
