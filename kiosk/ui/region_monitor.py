"""`anjungan region monitor`: every branch of the region at a glance, live from the region database.

One row per branch: its link to the region, how many wait and the longest wait now, the counters
open, what its own monitor advises, and whether it has gone silent. The figures are read again
every few seconds (`load`, the region's `overview`); a branch in trouble is drawn in the warning
colour, a silent or disconnected one says so in words, not only in colour.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QMainWindow, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from kiosk.domain.catalog import Lang, msgid, tr

COLUMNS = (msgid("region.monitor.col.branch"), msgid("region.monitor.col.link"), msgid("region.monitor.col.waiting"),
           msgid("region.monitor.col.longest"), msgid("region.monitor.col.counters"),
           msgid("region.monitor.col.advice"))
REFRESH_MS = 5000
TROUBLE = QColor("#fde2c8")


class RegionMonitorWindow(QMainWindow):
    def __init__(self, load: Callable[[], list[dict]], lang: str = "id", refresh_ms: int = REFRESH_MS):
        super().__init__()
        self.setObjectName("regionMonitor")
        self._load = load
        self.lang = Lang.of(lang)
        self.setWindowTitle(tr("region.monitor.title", self.lang))
        body = QWidget()
        layout = QVBoxLayout(body)
        self.heading = QLabel(tr("region.monitor.title", self.lang))
        self.heading.setObjectName("regionHeading")
        font = self.heading.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = QLabel()
        self.summary.setObjectName("regionSummary")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("regionTable")
        self.table.setHorizontalHeaderLabels([tr(k, self.lang) for k in COLUMNS])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(tr("region.monitor.title", self.lang))
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.setCentralWidget(body)
        self.resize(1100, 600)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(refresh_ms)
        self.refresh()

    def refresh(self) -> None:
        rows = self._load()
        self.table.setRowCount(len(rows))
        trouble = 0
        for i, row in enumerate(rows):
            if not row["connected"]:
                link = tr("region.monitor.down", self.lang)
            else:
                link = tr(msgid("region.monitor.silent") if row["silent"] else msgid("region.monitor.up"), self.lang)
            advice = self.lang.pick(*row["advice"]) if row["advice"] else ""
            cells = (f"{row['branch']} — {row['name']}", link, str(row["waiting"]),
                     tr("region.monitor.minutes", self.lang, minutes=row["longest_wait_min"])
                     if row["longest_wait_min"] is not None else "–",
                     str(row["counters_open"]), advice)
            bad = row["trouble"]
            trouble += bad
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if bad:
                    item.setBackground(QBrush(TROUBLE))
                self.table.setItem(i, j, item)
        self.summary.setText(tr("region.monitor.summary", self.lang, branches=len(rows), trouble=trouble,
                                waiting=sum(r["waiting"] for r in rows)))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.timer.stop()
        super().closeEvent(event)
