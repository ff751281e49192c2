"""A PC more than the domain's limit off the database server says so (issue 18, item 5): at the top
of the counter window and on the kiosk's staff screen, in the screen's language; nothing when the
clock is right (PostgreSQL: on SQLite the database's clock is the PC's)."""
from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from kiosk.events.qt import QtEventFeed
from kiosk.ui.app import make_app
from kiosk.ui.counter import CounterWindow
from tests.conftest import JAKARTA
from tests.ui.test_kiosk_staff import enter_pin, open_pin_pad
from tests.ui.conftest import Driver


def behind(minutes: int):
    return lambda: datetime.now(JAKARTA) - timedelta(minutes=minutes)


def counter_window(qtbot, svc, lang="id"):
    make_app()
    feed = QtEventFeed(svc, safety_poll_s=1.0)
    window = CounterWindow(svc, 1, feed, unlocked=True, lang=lang)
    qtbot.addWidget(window)
    window.show()
    feed.start()
    return window, feed


def test_the_counter_window_says_its_clock_is_behind_the_servers(qtbot, make_services, pg_db):
    svc = make_services(pg_db, clock=behind(5))
    window, feed = counter_window(qtbot, svc)
    try:
        banner = window.findChild(QLabel, "clockSkew")
        qtbot.waitUntil(lambda: banner.isVisible(), timeout=10000)
        assert "terlambat" in banner.text() and "30 detik" in banner.text()
        number = window.findChild(QLabel, "ticketNumber")
        assert banner.mapTo(window, QPoint(0, 0)).y() < number.mapTo(window, QPoint(0, 0)).y()    # above it all
    finally:
        window.close()
        feed.close()


def test_a_counter_whose_clock_is_right_shows_no_banner(qtbot, make_services, pg_db):
    svc = make_services(pg_db, clock=lambda: datetime.now(JAKARTA))
    window, feed = counter_window(qtbot, svc, lang="en")
    try:
        banner = window.findChild(QLabel, "clockSkew")
        qtbot.waitUntil(lambda: banner.skew is not None, timeout=10000)
        assert not banner.isVisible() and not banner.skew.off
    finally:
        window.close()
        feed.close()


def test_the_kiosk_staff_screen_says_its_clock_is_behind(qtbot, make_kiosk, make_services, pg_db):
    svc = make_services(pg_db, clock=behind(3))
    window = make_kiosk(svc, long_press_ms=100)
    drive = Driver(qtbot, window)
    open_pin_pad(qtbot, window)
    enter_pin(drive, "1234")
    drive.wait_screen("staff")
    banner = window.staff.findChild(QLabel, "clockSkew")
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=10000)
    assert "terlambat" in banner.text()
    qtbot.mouseClick(window.language_toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "behind" in banner.text(), timeout=5000)
