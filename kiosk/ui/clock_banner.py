"""A line that appears when this machine's clock is off the database server's by more than the
domain's limit (kiosk/domain/clock.py): on the kiosk's staff screen and at the top of the counter
window (objectName `clockSkew`). It asks the server now and then, off the UI thread; on SQLite,
where the database's clock is this PC's, it never shows."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.domain.catalog import tr
from kiosk.domain.clock import ClockSkew
from kiosk.domain.palette import NAVY
from kiosk.ui.worker import Background, answers

CHECK_EVERY_MS = 60_000
AMBER = "#FFD23F"          # the staff banner's colour (kiosk/ui/kiosk/theme.py): dark text on it


class ClockBanner(QLabel):
    """Hidden while the clock is right; one sentence (in the screen's language) when it is not."""

    def __init__(self, parent: QWidget, clock_skew: Callable[[], ClockSkew | None],
                 lang: Callable[[], str] | str = "id", every_ms: int = CHECK_EVERY_MS, font_px: int = 18):
        super().__init__(parent)
        self.setObjectName("clockSkew")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(f"QLabel#clockSkew {{ background: {AMBER}; color: {NAVY}; padding: 8px 16px; "
                           f"font-weight: bold; font-size: {font_px}px; }}")
        self.hide()
        self._ask = clock_skew
        self._lang = lang if callable(lang) else (lambda: lang)
        self.skew: ClockSkew | None = None
        self._bg = Background(self, "clock")
        self._timer = QTimer(self)
        self._timer.setInterval(every_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        QTimer.singleShot(0, self.check)

    def check(self) -> None:
        """Ask the server's clock (off the UI thread); a server that does not answer says nothing."""
        self._bg.run(self._ask, answers(self.show_skew, on_error=lambda _exc: None))

    def show_skew(self, skew: ClockSkew | None) -> None:
        self.skew = skew
        if skew is None or not skew.off:
            self.hide()
            return
        self.setText(tr(skew.message_key, self._lang(), **skew.params))
        self.setAccessibleName(self.text())
        self.show()

    def retranslate(self) -> None:
        self.show_skew(self.skew)

    def stop(self) -> None:
        self._timer.stop()
        self._bg.close(wait=False)
