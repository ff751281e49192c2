"""The printed lines of a straightened card, found by where the ink is (no OCR yet).

The card is straight (kiosk/ktp/find.py), so its lines are horizontal bands of dark ink on the
left of the photo. The light is evened out first (a shadow or glare becomes a slow change of
the background, divided away), then ink rows are counted; each band is cut out with a margin.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

TEXT_RIGHT = 0.74               # the photo column starts here, as a share of the card's width
_MIN_BAND = 9                   # px: thinner bands are guilloche or dust
_INK_LEVEL = 170                # evened grey below this is ink (the card's ground is near 255)
_EDGE = 0.02                    # the card's own edge (and the tray beyond it), as a share of its size
_MAX_LINES = 8                  # header (2), NIK, Nama, Tempat/Tgl Lahir, Jenis Kelamin, and spare


@dataclass(frozen=True)
class Band:
    top: int
    bottom: int
    left: int
    right: int

    @property
    def height(self) -> int:
        return self.bottom - self.top


def even_light(gray: np.ndarray) -> np.ndarray:
    """Divide out the slow changes of light (shadow, glare, a dim corner): ink stays dark."""
    background = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (31, 31)))
    background = cv2.GaussianBlur(background, (0, 0), 9)
    return cv2.divide(gray, np.maximum(background, 1), scale=255)


def ink(evened: np.ndarray) -> np.ndarray:
    """Ink pixels (255) of an evened card."""
    return (cv2.GaussianBlur(evened, (3, 3), 0) < _INK_LEVEL).astype(np.uint8) * 255


def bands(card_bgr: np.ndarray) -> tuple[np.ndarray, list[Band]]:
    """(the evened grey card, the first text lines top to bottom)."""
    gray = cv2.cvtColor(card_bgr, cv2.COLOR_BGR2GRAY)
    evened = even_light(gray)
    height, width = gray.shape
    right = int(width * TEXT_RIGHT)
    mask = ink(evened[:, :right])
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    edge_x, edge_y = int(width * _EDGE), int(height * _EDGE)
    mask[:edge_y], mask[height - edge_y:], mask[:, :edge_x] = 0, 0, 0
    rows = mask.sum(axis=1) / 255
    inked = rows > max(6, 0.012 * right)
    found: list[Band] = []
    y = 0
    while y < height and len(found) < _MAX_LINES:
        if not inked[y]:
            y += 1
            continue
        start = y
        while y < height and inked[y]:
            y += 1
        if y - start >= _MIN_BAND:
            cols = np.nonzero(mask[start:y].sum(axis=0))[0]
            left, last = (int(cols[0]), int(cols[-1])) if len(cols) else (0, right - 1)
            pad = max(4, (y - start) // 3)
            found.append(Band(max(0, start - pad), min(height, y + pad), max(0, left - pad), min(right, last + pad)))
    return evened, found
