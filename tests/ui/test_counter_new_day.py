"""The counter window the morning after a day nobody closed (issue 18, item 4): counter 2 opens
empty, not on yesterday's ticket, and its first call is today's first ticket."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk.events.qt import QtEventFeed
from kiosk.ui.app import make_app
from kiosk.ui.counter import CounterWindow
from tests.app.test_day_close import TUESDAY, at, monday_left_open


def test_counter_2_opens_empty_the_next_morning(qtbot, make_services, clock):
    svc = make_services()
    a1, _, _ = monday_left_open(svc, clock)
    monday = CounterWindow(svc, 2, QtEventFeed(svc, safety_poll_s=1.0), unlocked=True)
    qtbot.addWidget(monday)
    qtbot.waitUntil(lambda: monday.findChild(QLabel, "ticketNumber").text() == a1.number, timeout=10000)
    monday.close()

    at(clock, TUESDAY, 7, 45)
    make_app()
    tuesday = make_services()                           # the counter PC started this morning
    feed = QtEventFeed(tuesday, safety_poll_s=1.0)
    window = CounterWindow(tuesday, 2, feed, unlocked=True)
    qtbot.addWidget(window)
    window.show()
    feed.start()
    try:
        number = window.findChild(QLabel, "ticketNumber")
        qtbot.waitUntil(lambda: window.desk.current is None and number.text() != a1.number, timeout=10000)
        qtbot.wait(300)
        assert number.text() != a1.number and window.desk.current is None
        at(clock, TUESDAY, 8, 0)
        fresh = tuesday.issue("3171015708900001", "INFO")
        qtbot.mouseClick(window.findChild(QPushButton, "callNext"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: number.text() == fresh.place.number, timeout=10000)
    finally:
        window.close()
        feed.close()
