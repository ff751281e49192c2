"""The running text along the bottom of the hall display (office hours, online channels)."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

FRAME_MS = 33              # about 30 frames a second
SPEED = 0.1                # text heights per frame


class Marquee(QWidget):
    def __init__(self, text: str, parent=None):
        super().__init__(parent)
        self._text = text
        self._offset = 0.0
        self._width = 0
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
        self.setFixedHeight(int(metrics.height() * 1.3))

    def sizeHint(self) -> QSize:
        return QSize(400, self.height())

    def _step(self) -> None:
        if self._width <= 0 or not self.isVisible():
            return
        self._offset = (self._offset + max(1.0, self.height() * SPEED)) % self._width
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#13315c"))
        painter.setPen(QColor("#ffffff"))
        painter.setFont(self.font())
        metrics = QFontMetrics(self.font())
        baseline = (self.height() + metrics.ascent() - metrics.descent()) // 2
        x = -self._offset
        while x < self.width():
            painter.drawText(int(x), baseline, self._text)
            x += self._width
        painter.end()
