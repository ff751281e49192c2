"""What the monitor's banner says: the steps to take now (`kiosk.domain.advice`), or, when no
help is needed, the outlook to closing; and the wait of someone arriving now as a table cell."""
from __future__ import annotations

from kiosk.domain.catalog import tr
from kiosk.domain.monitor import MonitorFigures, Severity

BANNER_STEPS = 2            # steps shown in the banner, one a line; the rest counted


def banner(figures: MonitorFigures, lang: str) -> tuple[str, Severity]:
    steps = figures.steps
    if not steps:
        advice = figures.advice
        return tr(advice.key, lang, **advice.params), advice.severity
    lines = [tr(step.key, lang, **step.params) for step in steps[:BANNER_STEPS]]
    if len(steps) > BANNER_STEPS:
        lines[-1] += " " + tr("monitor.advice.more", lang, count=len(steps) - BANNER_STEPS)
    return "\n".join(lines), Severity.WARN


def wait_now_text(service, lang: str) -> str:
    """"164 mnt" for someone arriving now; "tanpa loket" when no counter at work serves it."""
    if not service.waiting and service.wait_now_min == 0:
        return "–"
    if service.wait_now_min is None:
        return tr("monitor.wait_now_none", lang)
    return tr("monitor.wait_now", lang, minutes=service.wait_now_min)


def fit_table(table, window_width: int) -> None:
    """The services table's text at a size its columns hold whole at the window's width (15 pt
    from 1700 px wide, else 12 pt), each row as tall as its wrapped service name."""
    from PySide6.QtGui import QFont

    size = 15 if window_width >= 1700 else 12
    if table.font().pointSize() != size:
        font = QFont(table.font())
        font.setPointSize(size)
        table.setFont(font)
        header = table.horizontalHeader()
        heading = QFont(header.font())
        heading.setPointSize(max(10, size - 3))
        header.setFont(heading)
        header.setStyleSheet(header.styleSheet().replace(f"font-size: {max(10, 27 - size)}pt", "")
                             + f" QHeaderView::section {{ font-size: {max(10, size - 3)}pt; }}")
    table.resizeRowsToContents()


def fit_width(window) -> None:
    """Below 1700 px wide the queues take two thirds of the page (else three fifths) and the
    overdue list a smaller size, so the tables' texts stay whole at 1366×768."""
    from PySide6.QtGui import QFont

    wide = window.width() >= 1700
    body = getattr(window, "body", None)
    if body is not None:
        body.setStretch(0, 3 if wide else 2)
        body.setStretch(2, 2 if wide else 1)
    font = QFont(window.overdue.font())
    if font.pointSize() != (14 if wide else 12):
        font.setPointSize(14 if wide else 12)
        window.overdue.setFont(font)
    fit_table(window.services, window.width())
