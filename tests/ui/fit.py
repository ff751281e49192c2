"""Does every text on screen fit its widget? Font metrics against the widget's rectangle.

A label's text (wrapped to its width when it wraps) must fit inside its contents rectangle;
a button's text inside the style's contents rectangle (the box minus border and padding); and
the widget itself must lie inside every widget around it, up to the window (a layout that ran
out of room pushes widgets past the window's edge, where they are cut off).
"""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QStyle, QStyleOptionButton, QStyleOptionFrame, QWidget

HUGE = 100_000
SLACK = 1          # pixels of rounding between the metrics and the painted text


def _inside_ancestors(w: QWidget, window: QWidget) -> str | None:
    """Where `w` sticks out of a widget around it (None: it is wholly inside)."""
    child: QWidget = w
    rect = QRect(QPoint(0, 0), w.size())
    while child is not window and child.parentWidget() is not None:
        parent = child.parentWidget()
        rect = rect.translated(child.pos())
        bounds = QRect(QPoint(0, 0), parent.size())
        if not bounds.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(rect):
            return f"outside {parent.objectName() or type(parent).__name__} ({rect} in {bounds})"
        child = parent
    return None


def label_problem(w: QLabel) -> str | None:
    text = w.text()
    pixmap = w.pixmap()
    if pixmap is not None and not pixmap.isNull():          # a picture (a ticket, a QR code) is not cut either
        rect = w.contentsRect()
        size = pixmap.deviceIndependentSize()
        if size.width() > rect.width() + SLACK or size.height() > rect.height() + SLACK:
            return f"picture {size.width():.0f}×{size.height():.0f} in {rect.width()}×{rect.height()}"
        return None
    if not text:
        return None
    fm = QFontMetrics(w.font())
    rect = w.contentsRect()
    m = w.margin()
    rect = rect.adjusted(m, m, -m, -m)
    flags = int(w.alignment())
    if w.wordWrap():
        need = fm.boundingRect(QRect(0, 0, max(1, rect.width()), HUGE), flags | int(Qt.TextFlag.TextWordWrap), text)
    else:
        need = fm.boundingRect(QRect(0, 0, HUGE, HUGE), flags, text)
    if need.width() > rect.width() + SLACK or need.height() > rect.height() + SLACK:
        return f"needs {need.width()}×{need.height()}, has {rect.width()}×{rect.height()}"
    return None


def button_problem(w: QPushButton) -> str | None:
    text = QPushButton.text(w)          # the button's own text (a wrapping button draws a label instead)
    if not text:
        return None
    option = QStyleOptionButton()
    w.initStyleOption(option)
    rect = w.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, w)
    fm = QFontMetrics(w.font())
    need = fm.boundingRect(QRect(0, 0, HUGE, HUGE), int(Qt.AlignmentFlag.AlignCenter), text)
    if need.width() > rect.width() + SLACK or need.height() > rect.height() + SLACK:
        return f"needs {need.width()}×{need.height()}, has {rect.width()}×{rect.height()}"
    return None


def line_edit_problem(w: QLineEdit) -> str | None:
    text = w.text()
    if not text:
        return None
    option = QStyleOptionFrame()
    w.initStyleOption(option)
    rect = w.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, w)
    fm = QFontMetrics(w.font())
    need_w, need_h = fm.horizontalAdvance(text), fm.height()
    if need_w > rect.width() + SLACK or need_h > rect.height() + SLACK:
        return f"needs {need_w}×{need_h}, has {rect.width()}×{rect.height()}"
    return None


def text_problems(window: QWidget) -> list[str]:
    """Every shown label, button or field whose text does not fit (objectName: text: why)."""
    problems = []
    for kind, check in ((QLabel, label_problem), (QPushButton, button_problem), (QLineEdit, line_edit_problem)):
        for w in window.findChildren(kind):
            if not w.isVisibleTo(window) or not w.isVisible():
                continue
            own = QPushButton.text(w) if isinstance(w, QPushButton) else w.text()
            picture = isinstance(w, QLabel) and w.pixmap() is not None and not w.pixmap().isNull()
            why = check(w) or (_inside_ancestors(w, window) if (own or "").strip() or picture else None)
            if why:
                problems.append(f"{w.objectName() or type(w).__name__}: {w.text()[:40]!r}: {why}")
    return problems


def table_problems(table) -> list[str]:
    """Every cell and heading of a QTableWidget whose text is not whole in its box (cut or "…")."""
    problems = []
    fm = QFontMetrics(table.font())
    pad = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    wrap = int(Qt.TextFlag.TextWordWrap) if table.wordWrap() else 0
    for r in range(table.rowCount()):
        for c in range(table.columnCount()):
            item = table.item(r, c)
            if item is None or not item.text():
                continue
            rect = table.visualItemRect(item)
            need = fm.boundingRect(QRect(0, 0, max(1, rect.width() - pad), HUGE), int(item.textAlignment()) | wrap,
                                   item.text())
            if need.width() > rect.width() - pad + SLACK or need.height() > rect.height() + SLACK:
                problems.append(f"{table.objectName()} [{r},{c}] {item.text()!r}: needs {need.width()}×{need.height()},"
                                f" has {rect.width() - pad}×{rect.height()}")
    header = table.horizontalHeader()
    hfm = QFontMetrics(header.font())
    for c in range(table.columnCount()):
        item = table.horizontalHeaderItem(c)
        if item is None or not item.text():
            continue
        width = header.sectionSize(c) - 12          # the heading's padding (style sheet: 6 px a side)
        need = hfm.boundingRect(QRect(0, 0, HUGE, HUGE), int(Qt.AlignmentFlag.AlignCenter), item.text())
        if need.width() > width + SLACK or need.height() > header.height() + SLACK:
            problems.append(f"{table.objectName()} heading {item.text()!r}: needs {need.width()}×{need.height()}, "
                            f"has {width}×{header.height()}")
    return problems


def elided_problems(window: QWidget) -> list[str]:
    """Labels that shorten their own text with "…" (they keep the whole of it as `full_text`)."""
    return [f"{w.objectName()}: {w.full_text!r} shown as {w.text()!r}" for w in window.findChildren(QLabel)
            if w.isVisible() and getattr(w, "full_text", None) and w.text() != w.full_text]
