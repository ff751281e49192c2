"""Charts and tables drawn with QPainter: the same drawing on a PDF page and in the monitor's
report tab. Sizes are given in points (`pt`), so a chart reads the same at any resolution.

No QtCharts scene: a painter draws straight onto the page, so the PDF needs no window and the
figures are exactly the report's.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.domain.catalog import tr
from kiosk.domain.formatting import decimal_text
from kiosk.domain import palette

NAVY = QColor(palette.NAVY)
SKY = QColor("#8DA9C4")
TEAL = QColor("#2A9D8F")
ORANGE = QColor("#E76F51")
SAND = QColor("#F4A261")
INK = QColor("#1B1B1B")
GRID = QColor("#D5DCE3")
MUTED = QColor("#5A6673")
LIGHT = QColor("#F4F6F8")
WHITE = QColor("#FFFFFF")
_NUMERIC = re.compile(r"^[\d.,\s/%–-]+$")


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]
    color: QColor


def pt(painter: QPainter, points: float) -> float:
    """Points as device pixels of the painter's device."""
    return points * painter.device().logicalDpiY() / 72.0


def font(painter: QPainter, size_pt: float, bold: bool = False, family: str | None = None) -> QFont:
    f = QFont(family or painter.font().family())
    f.setPointSizeF(size_pt)
    f.setBold(bold)
    return f


def text(painter: QPainter, rect: QRectF, value: str, size_pt: float, *, bold: bool = False, color: QColor = INK,
         align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, wrap: bool = False) -> None:
    painter.setFont(font(painter, size_pt, bold))
    painter.setPen(color)
    flags = align | (Qt.TextFlag.TextWordWrap if wrap else Qt.TextFlag.TextSingleLine)
    if not wrap:
        value = QFontMetricsF(painter.font(), painter.device()).elidedText(value, Qt.TextElideMode.ElideRight,
                                                                           rect.width())
    painter.drawText(rect, int(flags), value)


def nice_step(value: float, ticks: int = 4) -> float:
    """A round tick step (1, 2, 2.5, 5 × 10^k) so that `ticks` steps reach at least `value`."""
    if value <= 0:
        return 1.0 if ticks else 0.25
    raw = value / ticks
    exp = 10 ** math.floor(math.log10(raw))
    for step in (1, 2, 2.5, 5, 10):
        if step * exp >= raw - 1e-12:
            return step * exp
    return 10 * exp


def nice_max(value: float, ticks: int = 4) -> float:
    """The axis end: `ticks` round steps at or above `value`."""
    return nice_step(value, ticks) * ticks


def _title(painter: QPainter, rect: QRectF, title: str) -> QRectF:
    """Draws the chart title; returns the area left for the chart."""
    h = pt(painter, 16)
    text(painter, QRectF(rect.left(), rect.top(), rect.width(), h), title, 11, bold=True, color=NAVY)
    return QRectF(rect.left(), rect.top() + h + pt(painter, 4), rect.width(), rect.height() - h - pt(painter, 4))


def _legend(painter: QPainter, rect: QRectF, series: Sequence[Series]) -> float:
    """A legend row at the bottom of `rect`; returns its height."""
    h = pt(painter, 14)
    x = rect.left()
    y = rect.bottom() - h
    painter.setFont(font(painter, 8.5))
    metrics = QFontMetricsF(painter.font(), painter.device())
    for s in series:
        box = pt(painter, 8)
        painter.fillRect(QRectF(x, y + (h - box) / 2, box, box), s.color)
        x += box + pt(painter, 4)
        width = metrics.horizontalAdvance(s.label)
        text(painter, QRectF(x, y, width + 2, h), s.label, 8.5, color=MUTED)
        x += width + pt(painter, 14)
    return h


def bar_chart_height(painter: QPainter, categories: int, series: int) -> float:
    """The height a bar chart of `categories` groups of `series` bars needs."""
    legend = pt(painter, 18) if series > 1 else 0
    return pt(painter, 24) + categories * (pt(painter, 14) * series + pt(painter, 8)) + legend


def bar_chart(painter: QPainter, rect: QRectF, title: str, categories: Sequence[str], series: Sequence[Series],
              lang: str = "id", max_value: float | None = None, decimals: int = 1) -> None:
    """Horizontal bars: one group per category (a service, a counter, an element), one bar per series."""
    area = _title(painter, rect, title)
    if not categories:
        return
    legend_h = pt(painter, 18) if len(series) > 1 else 0
    needed = len(categories) * (pt(painter, 14) * len(series) + pt(painter, 8))
    area = QRectF(area.left(), area.top(), area.width(), min(area.height() - legend_h, needed))
    if legend_h:
        _legend(painter, QRectF(area.left(), area.bottom(), area.width(), legend_h + pt(painter, 4)), series)
    label_w = min(area.width() * 0.45, max(QFontMetricsF(font(painter, 9), painter.device()).horizontalAdvance(c)
                                           for c in categories) + pt(painter, 8))
    plot = QRectF(area.left() + label_w, area.top(), area.width() - label_w - pt(painter, 34), area.height())
    top = max_value or nice_max(max([v for s in series for v in s.values if v is not None] or [0]))
    group_h = min(plot.height() / len(categories), pt(painter, 14) * len(series) + pt(painter, 8))
    bar_h = min(pt(painter, 12), group_h * 0.8 / len(series))
    painter.setPen(QPen(GRID, max(1.0, pt(painter, 0.5))))
    for i in range(5):
        x = plot.left() + plot.width() * i / 4
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
    for row, category in enumerate(categories):
        y0 = plot.top() + row * group_h
        text(painter, QRectF(area.left(), y0, label_w - pt(painter, 6), group_h), category, 9,
             align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        block = bar_h * len(series)
        for k, s in enumerate(series):
            value = s.values[row] if row < len(s.values) else None
            y = y0 + (group_h - block) / 2 + k * bar_h
            if value is None:
                continue
            w = plot.width() * min(1.0, value / top) if top else 0
            painter.fillRect(QRectF(plot.left(), y, w, bar_h * 0.9), s.color)
            text(painter, QRectF(plot.left() + w + pt(painter, 3), y - pt(painter, 2), pt(painter, 40),
                                 bar_h + pt(painter, 4)), decimal_text(value, lang, decimals), 8, color=INK)
    if all(v is None for s in series for v in s.values):          # an empty survey: said, not a blank chart
        text(painter, plot, tr("report.chart.no_data", lang), 10, bold=True, color=MUTED,
             align=Qt.AlignmentFlag.AlignCenter, wrap=True)


def column_chart(painter: QPainter, rect: QRectF, title: str, categories: Sequence[str], bars: Series,
                 line: Series | None = None, lang: str = "id", same_scale: bool = False) -> None:
    """Columns (e.g. arrivals per hour) with an optional line on its own right-hand scale (e.g. wait),
    or on the columns' scale with `same_scale` (arrivals and served per day)."""
    area = _title(painter, rect, title)
    if not categories:
        return
    legend = [bars] + ([line] if line else [])
    legend_h = _legend(painter, area, legend)
    label_h = pt(painter, 14)
    plot = QRectF(area.left() + pt(painter, 30), area.top() + pt(painter, 4), area.width() - pt(painter, 62),
                  area.height() - legend_h - label_h - pt(painter, 10))
    top = nice_max(max([v for v in bars.values if v is not None] or [0]))
    line_top = nice_max(max([v for v in (line.values if line else []) if v is not None] or [0]))
    if same_scale:
        top = line_top = max(top, line_top)
    decimals = 0 if float(top / 4).is_integer() else 1
    line_decimals = 0 if float(line_top / 4).is_integer() else 1
    painter.setPen(QPen(GRID, max(1.0, pt(painter, 0.5))))
    for i in range(5):
        y = plot.bottom() - plot.height() * i / 4
        painter.setPen(QPen(GRID, max(1.0, pt(painter, 0.5))))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        text(painter, QRectF(area.left(), y - pt(painter, 7), pt(painter, 27), pt(painter, 14)),
             decimal_text(top * i / 4, lang, decimals), 7.5, color=MUTED,
             align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if line and not same_scale:
            text(painter, QRectF(plot.right() + pt(painter, 3), y - pt(painter, 7), pt(painter, 30), pt(painter, 14)),
                 decimal_text(line_top * i / 4, lang, line_decimals), 7.5, color=line.color)
    n = len(categories)
    step = plot.width() / n
    width = min(step * 0.62, pt(painter, 26))
    every = max(1, math.ceil(n / 16))
    points = []
    for i, category in enumerate(categories):
        x = plot.left() + i * step
        value = bars.values[i]
        if value:
            h = plot.height() * min(1.0, value / top)
            painter.fillRect(QRectF(x + (step - width) / 2, plot.bottom() - h, width, h), bars.color)
        if i % every == 0:
            text(painter, QRectF(x - step, plot.bottom() + pt(painter, 2), step * 3, label_h), category, 8,
                 color=MUTED, align=Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        if line and line.values[i] is not None:
            points.append(QPointF(x + step / 2, plot.bottom() - plot.height() * min(1.0, line.values[i] / line_top)))
    if line and points:
        painter.setPen(QPen(line.color, pt(painter, 2)))
        for a, b in zip(points, points[1:]):
            painter.drawLine(a, b)
        painter.setBrush(QBrush(line.color))
        for p in points:
            painter.drawEllipse(p, pt(painter, 2.5), pt(painter, 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)


def heatmap(painter: QPainter, rect: QRectF, title: str, rows: Sequence[str], columns: Sequence[str],
            values: Sequence[Sequence[float | None]], color: QColor, lang: str = "id", decimals: int = 0) -> None:
    """A grid of cells shaded by value (weekday × hour), each with its number."""
    area = _title(painter, rect, title)
    if not rows or not columns:
        return
    label_w = pt(painter, 52)
    head_h = pt(painter, 14)
    cell_w = min(pt(painter, 44), (area.width() - label_w) / len(columns))
    cell_h = min(pt(painter, 22), (area.height() - head_h) / len(rows))
    top = max([v for row in values for v in row if v is not None] or [1]) or 1
    for c, column in enumerate(columns):
        text(painter, QRectF(area.left() + label_w + c * cell_w, area.top(), cell_w, head_h), column, 8, color=MUTED,
             align=Qt.AlignmentFlag.AlignCenter)
    for r, row in enumerate(rows):
        y = area.top() + head_h + r * cell_h
        text(painter, QRectF(area.left(), y, label_w - pt(painter, 4), cell_h), row, 8.5, bold=True)
        for c in range(len(columns)):
            value = values[r][c]
            cell = QRectF(area.left() + label_w + c * cell_w + 1, y + 1, cell_w - 2, cell_h - 2)
            if value is None:
                painter.fillRect(cell, LIGHT)
                continue
            share = max(0.0, min(1.0, value / top))
            shade = QColor(int(255 + (color.red() - 255) * share), int(255 + (color.green() - 255) * share),
                           int(255 + (color.blue() - 255) * share))
            painter.fillRect(cell, shade)
            text(painter, cell, decimal_text(value, lang, decimals), 8, color=WHITE if share > 0.55 else INK,
                 align=Qt.AlignmentFlag.AlignCenter)


def table(painter: QPainter, rect: QRectF, headers: Sequence[str], rows: Sequence[Sequence[str]],
          widths: Sequence[float] | None = None, size_pt: float = 8.5, highlight: Callable[[int], bool] | None = None
          ) -> float:
    """A table with a coloured header row; numbers right-aligned. Returns the height drawn."""
    widths = widths or [1.0] * len(headers)
    total = sum(widths)
    cols = [rect.width() * w / total for w in widths]
    head_h = pt(painter, size_pt * 3.2)
    row_h = pt(painter, size_pt * 1.9)
    x = rect.left()
    painter.fillRect(QRectF(rect.left(), rect.top(), rect.width(), head_h), NAVY)
    for header, w in zip(headers, cols):
        size = size_pt - 0.5
        while size > 5.5:
            metrics = QFontMetricsF(font(painter, size, True), painter.device())
            if max(metrics.horizontalAdvance(word) for word in header.split() or [""]) <= w - pt(painter, 4):
                break
            size -= 0.5
        text(painter, QRectF(x + pt(painter, 2), rect.top(), w - pt(painter, 4), head_h), header, size,
             bold=True, color=WHITE, align=Qt.AlignmentFlag.AlignCenter, wrap=True)
        x += w
    y = rect.top() + head_h
    for i, row in enumerate(rows):
        if y + row_h > rect.bottom() + 0.5:
            break
        if highlight is not None and highlight(i):
            painter.fillRect(QRectF(rect.left(), y, rect.width(), row_h), QColor("#FDE2DC"))
        elif i % 2:
            painter.fillRect(QRectF(rect.left(), y, rect.width(), row_h), LIGHT)
        x = rect.left()
        for c, (value, w) in enumerate(zip(row, cols)):
            numeric = _NUMERIC.match(value) is not None
            align = (Qt.AlignmentFlag.AlignRight if numeric and c else Qt.AlignmentFlag.AlignLeft) | \
                Qt.AlignmentFlag.AlignVCenter
            text(painter, QRectF(x + pt(painter, 3), y, w - pt(painter, 6), row_h), value, size_pt, align=align,
                 bold=(c == 0))
            x += w
        y += row_h
    painter.setPen(QPen(GRID, max(1.0, pt(painter, 0.5))))
    painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
    return y - rect.top()


class ChartView(QWidget):
    """A widget that paints one chart with the functions above (the monitor's report tab)."""

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._draw: Callable[[QPainter, QRectF], None] | None = None
        self.scale = 1.4                # screen text a desk's distance away reads larger than print

    def show_chart(self, draw: Callable[[QPainter, QRectF], None] | None) -> None:
        self._draw = draw
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), WHITE)
        if self._draw is not None:
            margin, scale = 10, self.scale
            painter.scale(scale, scale)
            self._draw(painter, QRectF(margin, margin, self.width() / scale - 2 * margin,
                                       self.height() / scale - 2 * margin))
        painter.end()
