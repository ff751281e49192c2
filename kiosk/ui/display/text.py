"""Labels for the hall display that draw their text once and then only copy it.

A TV-sized number is drawn from glyph outlines every time (glyphs that large are not kept in
the font cache), which costs milliseconds a label at 4K. These labels draw the text into a
small transparent pixmap (just the text's box) when the text, font, colour or size changes,
and copy that pixmap on every later paint. Looks the same as a QLabel: same rectangle,
alignment and colour (the style sheet still picks the colour).
"""
from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy

BUDGET_BYTES = 64 * 1024 * 1024     # drawings kept for all labels together (a 4K number is ~5 MB)


class _Drawings:
    """Text drawings shared by every label, least recently used dropped first.

    Shared, so a line that moves to the next row (the last calls) or comes back (the flash
    colours, a recall, "Silakan menuju Loket 2") is not drawn again.
    """

    def __init__(self, budget: int):
        self.budget = budget
        self.used = 0
        self.items: OrderedDict[tuple, tuple[QPoint, QPixmap]] = OrderedDict()

    def get(self, key: tuple):
        item = self.items.get(key)
        if item is not None:
            self.items.move_to_end(key)
        return item

    def put(self, key: tuple, item: tuple[QPoint, QPixmap]) -> None:
        self.items[key] = item
        self.used += _bytes(item[1])
        while self.used > self.budget and len(self.items) > 1:
            _key, (_at, old) = self.items.popitem(last=False)
            self.used -= _bytes(old)


def _bytes(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * 4


DRAWINGS = _Drawings(BUDGET_BYTES)


class CachedLabel(QLabel):
    """A plain-text QLabel whose painted text is kept as a pixmap."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._color: QColor | None = None

    def set_color(self, color: QColor | str | None) -> None:
        """Paint the text in this colour instead of the style sheet's (None: back to it)."""
        color = QColor(color) if color is not None else None
        if color != self._color:
            self._color = color
            self.update()

    def shown_text(self) -> str:
        """The text as painted (a subclass may shorten it)."""
        return self.text()

    def paintEvent(self, _event) -> None:
        text = self.shown_text()
        if not text:
            return
        rect = self.contentsRect()
        flags = int(self.alignment()) | (int(Qt.TextFlag.TextWordWrap) if self.wordWrap() else 0)
        color = self._color if self._color is not None else self.palette().color(self.foregroundRole())
        ratio = self.devicePixelRatioF()
        key = (text, self.font().key(), color.rgba(), rect.width(), rect.height(), flags, ratio)
        drawn = DRAWINGS.get(key)
        if drawn is None:
            drawn = self._draw(text, rect.translated(-rect.topLeft()), flags, color, ratio)
            DRAWINGS.put(key, drawn)
        at, pixmap = drawn
        painter = QPainter(self)
        painter.drawPixmap(rect.topLeft() + at, pixmap)
        painter.end()

    def _draw(self, text: str, rect: QRect, flags: int, color: QColor, ratio: float) -> tuple[QPoint, QPixmap]:
        metrics = QFontMetrics(self.font())
        box = self._ink_box(metrics, rect, flags, text) & rect
        if box.isEmpty():
            box = QRect(0, 0, 1, 1)
        pixmap = QPixmap(box.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.translate(-box.topLeft())
        painter.setFont(self.font())
        painter.setPen(color)
        painter.drawText(rect, flags, text)
        painter.end()
        return box.topLeft(), pixmap

    @staticmethod
    def _ink_box(metrics: QFontMetrics, rect: QRect, flags: int, text: str) -> QRect:
        """Where the text's ink lands: a small pixmap is quick to make and to copy."""
        layout = metrics.boundingRect(rect, flags, text)
        if flags & Qt.TextFlag.TextWordWrap or "\n" in text:
            pad = max(2, metrics.height() // 4)
            return layout.adjusted(-pad, -pad, pad, pad)
        pad = 2 + metrics.height() // 32    # antialiasing and rounding of the glyph boxes
        ink = metrics.boundingRect(text).translated(layout.left(), layout.top() + metrics.ascent())
        return ink.adjusted(-pad, -pad, pad, pad)


class ElidedLabel(CachedLabel):
    """A one-line label that ends in "…" when the window is too narrow for it."""

    def shown_text(self) -> str:
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())


class FitLabel(CachedLabel):
    """A label whose text grows to `max_px` but always fits its box (numbers, "Istirahat")."""

    def __init__(self, name: str, max_px: int = 100):
        super().__init__()
        self.setObjectName(name)
        self.max_px = max_px
        self.min_px = 8
        self._fitted: tuple | None = None
        self.fitted = None                  # called after the size changed (a neighbour follows it)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def set_max(self, max_px: int) -> None:
        self.max_px = max_px
        self._fit()

    def set_min(self, min_px: int) -> None:
        """Never smaller than this (the legible size), even when the box is small."""
        self.min_px = min_px
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        base = self.font()
        key = (self.text(), base.family(), base.bold(), self.max_px, self.min_px, self.width(), self.height())
        if self._fitted == (*key, base.pixelSize()):   # same text in the same box: already right
            return
        probe = QFont(base)
        probe.setPixelSize(100)
        metrics = QFontMetrics(probe)
        advance = max(1, metrics.horizontalAdvance(self.text() or "M"))
        size = min(self.max_px, int(100 * self.width() * 0.92 / advance),
                   int(100 * self.height() * 0.98 / max(1, metrics.height())))
        size = max(self.min_px, size)
        self._fitted = (*key, size)
        if base.pixelSize() != size:
            probe.setPixelSize(size)
            self.setFont(probe)
            if self.fitted is not None:
                self.fitted()
