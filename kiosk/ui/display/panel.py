"""The coloured boxes of the hall display (now calling, counter tiles, side panels, bars).

They paint themselves, opaque (the rounded corners are filled with the colour behind them),
so Qt never paints what lies under them, and a colour change (a flash, a paused counter)
repaints only the box: no style-sheet polish. Filling a 4K-sized rounded rectangle in one
antialiased path costs milliseconds; here the inside is plain rectangles and only the four
corner squares are antialiased.
"""
from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QFrame

from kiosk.domain import palette

BACKGROUND = palette.HALL_BACKGROUND     # the window behind every box
BAR = palette.HALL_BAR                   # header, footer, side panels
BOX = palette.HALL_BOX                   # now calling, counter rows
PAUSED = palette.HALL_PAUSED
FLASH = palette.HALL_FLASH


class Panel(QFrame):
    def __init__(self, name: str, color: str, radius: int = 0, behind: str = BACKGROUND, parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        self.radius = radius
        self._color = QColor(color)
        self._behind = QColor(behind)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    @property
    def color(self) -> QColor:
        return QColor(self._color)

    def set_color(self, color: str | QColor) -> None:
        color = QColor(color)
        if color != self._color:
            self._color = color
            self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        w, h = self.width(), self.height()
        r = min(self.radius, w // 2, h // 2)
        if r <= 0:
            painter.fillRect(self.rect(), self._color)
            painter.end()
            return
        painter.fillRect(QRect(r, 0, w - 2 * r, h), self._color)
        painter.fillRect(QRect(0, r, r, h - 2 * r), self._color)
        painter.fillRect(QRect(w - r, r, r, h - 2 * r), self._color)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._color)
        for x, y in ((0, 0), (w - r, 0), (0, h - r), (w - r, h - r)):
            corner = QRect(x, y, r, r)
            painter.fillRect(corner, self._behind)
            painter.setClipRect(corner)
            cx = 0 if x == 0 else w - 2 * r
            cy = 0 if y == 0 else h - 2 * r
            painter.drawEllipse(QRectF(cx, cy, 2 * r, 2 * r))
            painter.setClipping(False)
        painter.end()
