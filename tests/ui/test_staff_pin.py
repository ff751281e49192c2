"""Staff PINs in every window: one attempt limit for the branch, kept in the database, and the
check made off the UI thread (the window keeps answering while the PIN is hashed)."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from kiosk.ui.counter import CounterWindow
from tests.ui.test_kiosk_staff import enter_pin, open_pin_pad
from tests.ui.conftest import Driver

WRONG = "0000"
STAFF = "1234"          # config/default.toml
ADMIN = "9999"
LOCKED_ID = "PIN terkunci karena terlalu banyak salah; coba lagi pukul 09.05."


@pytest.fixture
def open_counter(live_window):
    """Factory: a counter window that still asks for the PIN, on its own event feed."""
    def factory(svc, counter: int = 1, lang: str = "id"):
        return live_window(svc, lambda feed: CounterWindow(svc, counter, feed, lang=lang))[0]

    return factory


def counter_pin(qtbot, window, pin: str) -> str:
    """Type a PIN into the counter's sign-in and wait for the application's answer."""
    field = window.findChild(QLineEdit, "pinInput")
    qtbot.keyClicks(field, pin)
    qtbot.mouseClick(window.findChild(QPushButton, "pinSubmit"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.pin_checking, timeout=5000)
    return window.findChild(QLabel, "pinError").text()


class Gate:
    """Holds `svc.staff_pin` until the test opens it, and notes the thread it ran on."""

    def __init__(self, svc):
        self.open = threading.Event()
        self.threads: list[threading.Thread] = []
        real = svc.staff_pin

        def held(pin, role="staff"):
            self.threads.append(threading.current_thread())
            self.open.wait(10)
            return real(pin, role)

        svc.staff_pin = held


def ticks_while(qtbot, until) -> int:
    """How often a 10 ms QTimer fired before `until()` became true."""
    fired = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: fired.append(1))
    timer.start()
    qtbot.waitUntil(until, timeout=5000)
    timer.stop()
    return len(fired)


def ticks_during(qtbot, ms: int) -> int:
    """How often a 10 ms QTimer fired in the next `ms` milliseconds of the event loop."""
    fired = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: fired.append(1))
    timer.start()
    qtbot.wait(ms)
    timer.stop()
    return len(fired)


# ----------------------------------------------------------------------------- counter window

def test_counter_locks_after_five_wrong_pins_for_five_minutes_across_windows(qtbot, clock, make_services,
                                                                               open_counter):
    svc = make_services()
    window = open_counter(svc)
    for left in (4, 3, 2, 1):
        assert counter_pin(qtbot, window, WRONG) == f"PIN salah. Sisa percobaan: {left}."
    assert counter_pin(qtbot, window, WRONG) == LOCKED_ID
    assert counter_pin(qtbot, window, STAFF) == LOCKED_ID        # the right PIN is refused while locked
    assert counter_pin(qtbot, window, ADMIN) == LOCKED_ID
    assert not window.unlocked

    again = open_counter(make_services(), counter=2)             # another window, the same database
    assert counter_pin(qtbot, again, STAFF) == LOCKED_ID
    assert not again.unlocked

    clock.advance(minutes=5)
    assert counter_pin(qtbot, again, STAFF) == ""
    assert again.unlocked


def test_counter_says_the_lock_in_english_too(qtbot, make_services, open_counter):
    window = open_counter(make_services(), lang="en")
    assert counter_pin(qtbot, window, WRONG) == "Wrong PIN. Tries left: 4."
    for _ in range(4):
        counter_pin(qtbot, window, WRONG)
    assert window.findChild(QLabel, "pinError").text() == (
        "PIN locked after too many wrong entries; try again at 09:05.")


def test_counter_checks_the_pin_off_the_ui_thread(qtbot, make_services, open_counter):
    svc = make_services()
    gate = Gate(svc)
    window = open_counter(svc)
    qtbot.keyClicks(window.findChild(QLineEdit, "pinInput"), STAFF)
    qtbot.mouseClick(window.findChild(QPushButton, "pinSubmit"), Qt.MouseButton.LeftButton)
    assert window.pin_checking                                   # the click came back at once
    assert window.findChild(QLabel, "pinError").text() == "Memeriksa PIN…"
    assert not window.findChild(QPushButton, "pinSubmit").isEnabled()
    qtbot.waitUntil(lambda: len(gate.threads) == 1, timeout=3000)  # the check is under way on the worker
    assert ticks_during(qtbot, 200) >= 5                          # and the event loop keeps running
    assert not window.unlocked
    gate.open.set()
    qtbot.waitUntil(lambda: window.unlocked, timeout=5000)
    assert gate.threads[0] is not threading.main_thread()


def test_counter_with_the_real_pin_hash_keeps_the_event_loop_going(qtbot, make_services, open_counter):
    window = open_counter(make_services())
    qtbot.keyClicks(window.findChild(QLineEdit, "pinInput"), STAFF)
    qtbot.mouseClick(window.findChild(QPushButton, "pinSubmit"), Qt.MouseButton.LeftButton)
    assert window.pin_checking
    fired = ticks_while(qtbot, lambda: window.unlocked)          # PBKDF2 runs on the worker meanwhile
    assert fired >= 2


# ----------------------------------------------------------------------------- kiosk staff pad

def test_kiosk_pad_and_counters_share_one_lock(qtbot, clock, make_kiosk, make_services, open_counter):
    window = make_kiosk(long_press_ms=100)
    drive = Driver(qtbot, window)
    open_pin_pad(qtbot, window)
    for _ in range(5):
        enter_pin(drive, WRONG)
    assert drive.text("pinMessage") == LOCKED_ID

    counter = open_counter(make_services())                      # a counter PC on the same database
    assert counter_pin(qtbot, counter, STAFF) == LOCKED_ID

    fresh = make_kiosk(long_press_ms=100)                        # a restarted kiosk knows it too
    fresh_drive = Driver(qtbot, fresh)
    open_pin_pad(qtbot, fresh)
    enter_pin(fresh_drive, STAFF)
    assert fresh.current_name == "pin" and fresh.staff_role is None
    assert fresh_drive.text("pinMessage") == LOCKED_ID
    assert not fresh_drive.widget("pinSubmit").isEnabled()

    clock.advance(minutes=5)
    qtbot.waitUntil(lambda: fresh_drive.text("pinMessage") == "Masukkan PIN petugas", timeout=3000)
    enter_pin(fresh_drive, STAFF)
    fresh_drive.wait_screen("staff")
    assert fresh.staff_role == "staff"


def test_kiosk_pad_checks_the_pin_off_the_ui_thread(qtbot, make_kiosk, kiosk_svc):
    gate = Gate(kiosk_svc)
    window = make_kiosk(long_press_ms=100)
    drive = Driver(qtbot, window)
    open_pin_pad(qtbot, window)
    for d in STAFF:
        drive.tap(f"pinKey_{d}")
    drive.tap("pinSubmit")
    assert window.pin.checking and drive.text("pinMessage") == "Memeriksa PIN…"
    qtbot.waitUntil(lambda: len(gate.threads) == 1, timeout=3000)
    assert ticks_during(qtbot, 200) >= 5 and window.current_name == "pin"
    drive.tap("helpButton")                                      # the window still answers
    assert drive.widget("notice").isVisible()
    gate.open.set()
    drive.wait_screen("staff")
    assert gate.threads[0] is not threading.main_thread()


def test_many_staff_sign_ins_never_lock_the_admin_out(qtbot, make_kiosk):
    window = make_kiosk(long_press_ms=100)
    drive = Driver(qtbot, window)
    for _ in range(6):
        open_pin_pad(qtbot, window)
        enter_pin(drive, STAFF)
        drive.wait_screen("staff")
        drive.tap("assistedExit")
        drive.wait_screen("welcome")
    open_pin_pad(qtbot, window)
    enter_pin(drive, ADMIN)
    drive.wait_screen("staff")
    assert window.staff_role == "admin"
    assert drive.widget("leaveKiosk").isEnabled()
