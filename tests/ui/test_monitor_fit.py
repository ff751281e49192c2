"""Every text of the monitor and of the rating window whole at 1366×768 and 1920×1080, in both
languages (the kiosk's fit check, and the same for table cells and headings): at 11.00 on a busy
morning, with advice, paused and idle counters and long service names."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.ui.monitor import MonitorWindow
from tests.app.test_monitor_advice import eleven_o_clock
from tests.ui.fit import elided_problems, table_problems, text_problems

SIZES = ((1366, 768), (1920, 1080))


def shot(window, name: str) -> None:
    folder = os.environ.get("ANJUNGAN_FIT_SHOTS")
    if folder:
        window.grab().save(str(Path(folder) / name))


@pytest.mark.parametrize("lang", ("id", "en"))
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_monitor_text_is_whole(qtbot, make_services, clock, live_window, size, lang):
    svc = make_services()
    eleven_o_clock(svc, clock)
    window, feed = live_window(svc, lambda feed: MonitorWindow(svc, feed, lang=lang), size)
    qtbot.waitUntil(lambda: window.monitor is not None and feed.connected is True, timeout=10000)
    window.render()
    qtbot.wait(50)
    assert window.figures.steps                          # the banner carries advice
    problems = text_problems(window) + elided_problems(window) + table_problems(window.services)
    shot(window, f"monitor-{size[0]}x{size[1]}-{lang}.png")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ("id", "en"))
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_rating_text_is_whole(qtbot, make_services, live_window, size, lang):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from kiosk.ui.rating import RatingWindow

    svc = make_services()
    window, feed = live_window(svc, lambda feed: RatingWindow(svc, 1, feed, lang=lang), size)
    qtbot.waitUntil(lambda: feed.connected is True, timeout=10000)
    problems = [f"waiting: {p}" for p in text_problems(window)]
    svc.issue("3171012902001234", "INFO")
    svc.call_next(1)
    svc.finish(1)
    qtbot.waitUntil(lambda: window.page == window.ASK, timeout=5000)
    qtbot.wait(50)
    problems += [f"ask: {p}" for p in text_problems(window)]
    shot(window, f"rating-{size[0]}x{size[1]}-{lang}.png")
    qtbot.mouseClick(window.findChild(QPushButton, "rate_3"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.findChild(QPushButton, "fullSurvey"), Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    problems += [f"survey: {p}" for p in text_problems(window)]
    shot(window, f"rating-survey-{size[0]}x{size[1]}-{lang}.png")
    for score in (4, 4, 3, 4, 3, 4, 4, 3, 4):
        qtbot.mouseClick(window.findChild(QPushButton, f"skmAnswer_{score}"), Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    problems += [f"survey end: {p}" for p in text_problems(window)]
    assert not problems, "\n".join(problems)
