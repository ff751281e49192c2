"""Finding the card in a camera frame and straightening it (OpenCV).

The document camera looks down at a dark tray; the card is the large pale, low-saturation shape
in it. Its outline gives a turned rectangle (a thumb over one corner leaves the rest of the
outline, which still fixes the rectangle); the card is cut out and turned straight at a fixed
size, landscape. Frames are numpy arrays in memory; nothing is written anywhere.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

#: The straightened card: ID-1 (85.6 x 54 mm) at 10 px per mm.
CARD_WIDTH, CARD_HEIGHT = 856, 540
CARD_RATIO = CARD_WIDTH / CARD_HEIGHT
_RATIO_SLACK = 0.13            # an A4 sheet (1.41) or a square note is not a card (1.585)
_MIN_AREA_SHARE = 0.06         # a card smaller than this share of the frame is too far to read
_WORK_WIDTH = 640              # the outline is found on a smaller copy of the frame


@dataclass(frozen=True)
class FoundCard:
    image: np.ndarray          # BGR, CARD_HEIGHT x CARD_WIDTH, straight
    ratio: float               # long side / short side of the outline found
    angle: float               # how far the card was turned, degrees

    @property
    def card_shaped(self) -> bool:
        """ID-1 (a KTP, or another card); an A4 family card or a note is not."""
        return abs(self.ratio - CARD_RATIO) <= _RATIO_SLACK


def _card_mask(small: np.ndarray) -> np.ndarray:
    """Where the card may be: inside a closed outline (edges hold under a shadow or dim light,
    where brightness alone does not) and unsaturated (a thumb or a red photo is not the card)."""
    gray = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), (5, 5), 0)
    edges = cv2.Canny(gray, 12, 36)
    edges = cv2.dilate(edges, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    filled = np.zeros_like(gray)
    cv2.drawContours(filled, contours, -1, 255, thickness=cv2.FILLED)
    mask = cv2.bitwise_and(filled, _unsaturated(small))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (11, 11))
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)


def _unsaturated(small: np.ndarray) -> np.ndarray:
    """Grey-ish pixels: colour spread small next to the brightness (floored, so dim noise does
    not count as colour)."""
    blurred = cv2.GaussianBlur(small, (9, 9), 0).astype(np.int16)
    spread = blurred.max(axis=2) - blurred.min(axis=2)
    value = np.maximum(blurred.max(axis=2), 60)
    return ((spread * 255) < 80 * value).astype(np.uint8) * 255


def _edge_points(points: np.ndarray, centre, angle: float, long_side: float, short_side: float):
    """The four sides of the card from the outline's pixels near the middle of each side (a thumb
    over a corner or a speck stuck to the edge moves a median little): centre, long, short, angle."""
    a = np.radians(angle)
    u_axis, v_axis = np.array([np.cos(a), np.sin(a)]), np.array([-np.sin(a), np.cos(a)])
    rel = points - np.asarray(centre)
    u, v = rel @ u_axis, rel @ v_axis
    across, along = np.abs(v) < 0.3 * short_side, np.abs(u) < 0.3 * long_side
    sides = [u[across & (u < 0)], u[across & (u > 0)], v[along & (v < 0)], v[along & (v > 0)]]
    if any(len(side) < 5 for side in sides):
        return centre, long_side, short_side, angle
    left, right, top, bottom = (float(np.median(side)) for side in sides)
    top_pts, bottom_pts = points[along & (v < 0)], points[along & (v > 0)]
    slopes = []
    for pts in (top_pts, bottom_pts):
        vx, vy, _, _ = cv2.fitLine(pts.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        slopes.append(np.degrees(np.arctan2(vy, vx)))
    fitted = [s - 180 if s > 90 else s + 180 if s <= -90 else s for s in slopes]
    if all(abs(s - angle) < 5 for s in fitted):
        angle = float(np.mean(fitted))
    mid = np.asarray(centre) + u_axis * (left + right) / 2 + v_axis * (top + bottom) / 2
    return tuple(mid), right - left, bottom - top, angle


def _outline(small: np.ndarray):
    """(centre, long side, short side, angle of the long side in degrees) of the card, or None."""
    mask = _card_mask(small)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return None
    biggest = max(contours, key=cv2.contourArea)
    if cv2.contourArea(biggest) < _MIN_AREA_SHARE * small.shape[0] * small.shape[1]:
        return None
    centre, _, _ = rect = cv2.minAreaRect(cv2.convexHull(biggest))
    p = cv2.boxPoints(rect)
    first, second = p[1] - p[0], p[2] - p[1]
    long_edge, short = (first, second) if np.hypot(*first) >= np.hypot(*second) else (second, first)
    angle = float(np.degrees(np.arctan2(long_edge[1], long_edge[0])))
    if angle > 90:
        angle -= 180
    elif angle <= -90:
        angle += 180
    return _edge_points(biggest.reshape(-1, 2).astype(np.float64), centre, angle,
                        float(np.hypot(*long_edge)), float(np.hypot(*short)))


def find_card(frame: np.ndarray) -> FoundCard | None:
    """The card (or sheet) straightened, or None when nothing pale and flat lies on the tray.

    ``card_shaped`` tells an ID-1 card from a sheet of another shape (a family card is A4); a
    picture that is all card (a scan) is taken whole."""
    if frame is None or frame.ndim != 3 or frame.shape[0] < 50 or frame.shape[1] < 50:
        return None
    height, width = frame.shape[:2]
    scale = _WORK_WIDTH / width
    small = cv2.resize(frame, (_WORK_WIDTH, max(1, int(height * scale))), interpolation=cv2.INTER_AREA)
    outline = _outline(small)
    if outline is None or outline[2] < 1:
        if abs(width / height - CARD_RATIO) <= _RATIO_SLACK / 2:      # a scan: the picture is the card
            image = cv2.resize(frame, (CARD_WIDTH, CARD_HEIGHT), interpolation=cv2.INTER_AREA)
            return FoundCard(image, width / height, 0.0)
        return None
    (cx, cy), long_side, short_side, angle = outline
    ratio = long_side / short_side
    return FoundCard(_cut(frame, (cx / scale, cy / scale), long_side / scale, short_side / scale, angle),
                     ratio, angle)


def _cut(frame: np.ndarray, centre, long_side: float, short_side: float, angle: float,
         upside_down: bool = False) -> np.ndarray:
    """The turned rectangle cut out and laid straight at the card's fixed size."""
    a = np.radians(angle)
    u = np.array([np.cos(a), np.sin(a)]) * long_side / 2        # along the long side, rightwards
    v = np.array([-np.sin(a), np.cos(a)]) * short_side / 2      # across it, downwards
    c = np.array(centre)
    corners = [c - u - v, c + u - v, c + u + v, c - u + v]
    if upside_down:
        corners = corners[2:] + corners[:2]
    target = np.array([[0, 0], [CARD_WIDTH - 1, 0], [CARD_WIDTH - 1, CARD_HEIGHT - 1], [0, CARD_HEIGHT - 1]],
                      dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(np.array(corners, dtype=np.float32), target)
    return cv2.warpPerspective(frame, matrix, (CARD_WIDTH, CARD_HEIGHT), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)
