"""The report tab's progress bar: shown while a report is built, following the steps the report's
use case tells (a closed day summarised, the figures read), full when the report is in, then gone."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressBar

SHOWN_FULL_MS = 1200            # the full bar stays a moment, so the eye sees the work ended


class ReportProgress(QProgressBar):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("reportProgress")
        self.setMinimumWidth(250)
        font = self.font()
        font.setPointSize(11)                 # "Menyusun laporan… 54%" on one line at 1366×768
        self.setFont(font)
        self.setTextVisible(True)
        self._hide_later = QTimer(self)
        self._hide_later.setSingleShot(True)
        self._hide_later.setInterval(SHOWN_FULL_MS)
        self._hide_later.timeout.connect(self.hide)
        self.hide()

    def start(self, working: str) -> None:
        """A report is being built (`working` says so, beside the percentage): a busy bar until the
        first step says how many steps there are."""
        self._hide_later.stop()
        self.setAccessibleName(working)
        self.setFormat(f"{working} %p%")
        self.setRange(0, 0)
        self.show()

    def step(self, done: int, total: int | None) -> None:
        if not total:
            self.setRange(0, 0)
            return
        if self.maximum() != total:
            self.setRange(0, total)
        self.setValue(min(max(done, 0), total))

    def finish(self) -> None:
        """The report is in: the bar full, then gone."""
        if self.maximum() == 0:
            self.setRange(0, 1)
        self.setValue(self.maximum())
        self._hide_later.start()

    def stop(self) -> None:
        """The report failed: the bar goes at once (the status line says why)."""
        self._hide_later.stop()
        self.hide()
