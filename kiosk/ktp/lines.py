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
_HEADER_BOTTOM = 0.2            # the header's lines end above this share of the card's height
_ROWS_TOP = 0.25                # the label rows (Nama, Tempat/Tgl Lahir, …) start below this share
_ROW_HEIGHT = 0.04              # a label row's ink is about this share of the card's height
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
    whole = cv2.morphologyEx(ink(evened), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    edge_x, edge_y = int(width * _EDGE), int(height * _EDGE)
    whole[:edge_y], whole[height - edge_y:], whole[:, :edge_x], whole[:, width - edge_x:] = 0, 0, 0, 0
    mask = whole[:, :right]
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
        for top, bottom in _split(rows, start, y, height):
            if len(found) < _MAX_LINES:
                found.append(_band(whole, top, bottom, width, right, height))
    return evened, found


def _split(rows: np.ndarray, start: int, end: int, height: int) -> list[tuple[int, int]]:
    """A band of the label rows twice a row's height is two rows run together (a blurred picture):
    cut it where the ink is thinnest."""
    if end - start < _MIN_BAND:
        return []
    if start < _ROWS_TOP * height or end - start <= _ROW_HEIGHT * height * 1.6:
        return [(start, end)]
    margin = int(_ROW_HEIGHT * height * 0.5)
    cut = start + margin + int(np.argmin(rows[start + margin:end - margin]))
    return _split(rows, start, cut, height) + _split(rows, cut, end, height)


def _band(whole: np.ndarray, top: int, bottom: int, width: int, right: int, height: int) -> Band:
    """The band's box: its ink's left and right ends, with a margin."""
    # the header (PROVINSI …, KOTA …) is centred above the photo: it may run past its edge
    limit = width if bottom < _HEADER_BOTTOM * height else right
    cols = np.nonzero(whole[top:bottom, :limit].sum(axis=0))[0]
    left, last = (int(cols[0]), int(cols[-1])) if len(cols) else (0, limit - 1)
    pad = max(4, (bottom - top) // 3)
    return Band(max(0, top - pad), min(height, bottom + pad), max(0, left - pad), min(limit, last + pad))
