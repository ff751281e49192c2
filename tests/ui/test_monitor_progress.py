"""The monitor's report tab shows a progress bar while a report is built: it follows the closed
days being summarised, ends full, then goes; a failed report takes it away at once."""
from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QProgressBar, QPushButton

from kiosk.ui.monitor import MonitorWindow
from tests.bench.bench_reports import TODAY, load, working_days
from tests.conftest import Clock

DAYS = 20


@pytest.fixture
def monitor(qtbot, make_services, live_window):
    def factory(svc):
        window, feed = live_window(svc, lambda feed: MonitorWindow(svc, feed), (1920, 1080))
        qtbot.waitUntil(lambda: window.monitor is not None and feed.connected is True, timeout=10000)
        window.tabs.setCurrentIndex(1)
        return window

    return factory


def test_the_report_tab_shows_its_progress_and_ends_full(qtbot, make_services, monitor):
    svc = make_services(clock=Clock(TODAY))
    days = working_days(DAYS)
    load(svc.database.engine, days, per_day=30)
    window = monitor(svc)
    bar = window.findChild(QProgressBar, "reportProgress")
    assert bar is not None and not bar.isVisible()
    seen: list[tuple[int, int, bool]] = []
    bar.valueChanged.connect(lambda value: seen.append((value, bar.maximum(), bar.isVisible())))
    window.set_range(days[0], TODAY.date())
    window.findChild(QPushButton, "reportShow").click()
    assert bar.isVisible()                              # at once, before the first step comes
    qtbot.waitUntil(lambda: window.report is not None and not window.report_busy, timeout=15000)
    assert window.report.total["arrivals"] > DAYS * 20
    steps = DAYS + 3                                    # each closed day, the summaries, the read, the report
    assert seen[-1] == (steps, steps, True)             # full, still in sight as the report shows
    values = [v for v, _, _ in seen]
    assert values == sorted(values) and len(set(values)) > DAYS // 2       # it moved step by step
    assert all(shown for _, _, shown in seen)
    assert bar.value() == bar.maximum() and bar.text() == "Menyusun laporan… 100%"
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=5000)      # then it goes


def test_a_failed_report_takes_the_bar_away(qtbot, make_services, monitor):
    svc = make_services()
    window = monitor(svc)
    bar = window.findChild(QProgressBar, "reportProgress")
    window.set_range(svc.today() - timedelta(days=900), svc.today())       # longer than a report may be
    window.findChild(QPushButton, "reportShow").click()
    qtbot.waitUntil(lambda: not window.report_busy, timeout=10000)
    assert not bar.isVisible()
    assert "732" in window.report_status.text()
