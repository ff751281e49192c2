"""The running text along the bottom of the hall display (office hours, online channels)."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.domain import palette

FRAME_MS = 33              # about 30 frames a second
SPEED = 0.1                # text heights per frame
STRIP_PX = 4096            # the text is drawn once, in opaque strips of at most this width
BACKGROUND = palette.HALL_BAR
FOREGROUND = palette.HALL_TEXT


class Marquee(QWidget):
    def __init__(self, text: str, parent=None):
        super().__init__(parent)
        self._text = text
        self._offset = 0.0
        self._width = 0
        self._strips: list[tuple[int, int, QPixmap]] = []   # (x in the text, width, drawing), made when painted
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._step)
        self._timer.start()
        self._measure()

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        self._text = text
        self._measure()
        self.update()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        self._measure()

    def _measure(self) -> None:
        metrics = QFontMetrics(self.font())
        self._width = metrics.horizontalAdvance(self._text + "     ")
        self._strips = []
        self.setFixedHeight(int(metrics.height() * 1.08))

    def sizeHint(self) -> QSize:
        return QSize(400, self.height())

    def _step(self) -> None:
        if self._width <= 0 or not self.isVisible():
            return
        self._offset = (self._offset + max(1.0, self.height() * SPEED)) % self._width
        self.update()

    def paintEvent(self, _event) -> None:
        """Copies the text, drawn once: drawing 4K-sized glyphs every frame would cost ~10 ms."""
        painter = QPainter(self)
        if self._width <= 0:
            painter.fillRect(self.rect(), QColor(BACKGROUND))
            painter.end()
            return
        ratio = self.devicePixelRatioF()
        if not self._strips or self._strips[0][2].size() != QSize(self._strips[0][1], self.height()) * ratio:
            self._strips = self._draw_strips(ratio)
        x = -int(self._offset)
        width = self.width()
        while x < width:
            for start, length, strip in self._strips:
                left = x + start
                if left < width and left + length > 0:
                    painter.drawPixmap(left, 0, strip)
            x += self._width
        painter.end()

    def _draw_strips(self, ratio: float) -> list[tuple[int, int, QPixmap]]:
        metrics = QFontMetrics(self.font())
        baseline = (self.height() + metrics.ascent() - metrics.descent()) // 2
        strips = []
        for start in range(0, self._width, STRIP_PX):
            length = min(STRIP_PX, self._width - start)
            strip = QPixmap(QSize(length, max(1, self.height())) * ratio)
            strip.setDevicePixelRatio(ratio)
            strip.fill(QColor(BACKGROUND))
            painter = QPainter(strip)
            painter.setPen(QColor(FOREGROUND))
            painter.setFont(self.font())
            painter.drawText(-start, baseline, self._text)
            painter.end()
            strips.append((start, length, strip))
        return strips
