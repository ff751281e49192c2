"""Drives the real windows like people would: taps, typed NIKs, scans, waits and screenshots.

Qt and the windows are imported inside the functions, after the demo has made its application.
"""
from __future__ import annotations

import time
from pathlib import Path

from kiosk.demo.cast import LANDSCAPE


class Director:
    """Drives the real kiosk window like a participant would: taps, waits, screenshots."""

    def __init__(self, app, window, shots: Path):
        self.app, self.window, self.shots = app, window, shots
        self.count = 0
        self.saved: list[str] = []

    def settle(self, timeout_s: float = 15.0) -> None:
        """Process events until background work (checks, issuing, printing) has come back."""
        end = time.monotonic() + timeout_s
        while time.monotonic() < end:
            self.app.processEvents()
            if not self.window.bg.busy:
                break
            time.sleep(0.005)
        for _ in range(3):
            self.app.processEvents()
        from PySide6.QtCore import QEvent

        self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)   # as the event loop would

    def spin(self, seconds: float) -> None:
        """Let the windows run on their own for a while (timers, the feed)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.01)

    def tap(self, name: str) -> None:
        from PySide6.QtWidgets import QPushButton

        widget = self.window.findChild(QPushButton, name)
        if widget is None or not widget.isVisible():
            raise RuntimeError(f"no visible button {name!r} on the {self.window.current_name} screen")
        if not widget.isEnabled():
            raise RuntimeError(f"button {name!r} is disabled on the {self.window.current_name} screen")
        widget.click()
        self.settle()

    def type_nik(self, digits: str) -> None:
        for d in digits:
            self.tap(f"keypad_{d}")

    def clear(self) -> None:
        """"Kosongkan" asks first: two touches."""
        self.tap("keypadClear")
        self.tap("keypadClear")

    def choose(self, code: str) -> None:
        """A service on the visit screen: its group's tile first when the groups are shown."""
        screen = self.window.visit_screen
        if screen.group is not None and not screen.tiles[code].isVisible():
            self.tap("visitBack")
        if screen.showing_groups:
            self.tap(f"group_{self.window.svc.branch.service(code).group}")
        if self.window.current_name == "visit":
            self.tap(f"service_{code}")

    def after_nik(self, shots: bool = False, suffix: str = "") -> None:
        """After Lanjut: a number the NIK holds already (another service taken), the KK or heir
        question (the heir's own age skipped) and the status screen when there is something to
        read, then the services."""
        if self.window.current_name == "repeatTicket":
            if shots:
                self.shot(f"held-after-nik{suffix}")
            self.tap("repeatOther")
        if self.window.current_name == "kkQuestion":
            self.tap("kkContinue")
        if self.window.current_name == "heirChoice":
            if shots:
                self.shot(f"heir-question{suffix}")
            self.tap("heirYes")
        if self.window.current_name == "heirAge":
            if shots:
                self.shot(f"heir-age{suffix}")
            self.tap("heirAgeSkip")
        if self.window.current_name == "status":
            if shots:
                self.shot(f"status{suffix}")
            self.tap("statusNext")

    def scan(self, text: str) -> None:
        """What a keyboard-wedge scanner does: the code's characters, fast, then Enter."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        target = self.window.focusWidget() or self.window
        QTest.keyClicks(target, text)
        QTest.keyClick(target, Qt.Key.Key_Return)
        self.settle()

    def shot(self, label: str) -> None:
        self.settle()
        w = self.window
        orientation = "portrait" if w.portrait else "landscape"
        self.count += 1
        name = f"{self.count:02d}-{label}-{w.lang}-{orientation}.png"
        w.grab().save(str(self.shots / name))
        self.saved.append(name)

    def save(self, widget, name: str) -> None:
        """A screenshot of any window under its own name (no number, no language)."""
        widget.grab().save(str(self.shots / name))
        self.saved.append(name)

    def resize(self, size: tuple[int, int]) -> None:
        self.window.resize(*size)
        self.settle()

    def long_press_logo(self) -> None:
        self.window.long_press_start()
        self.window.long_press.stop()
        self.window.open_pin_pad()
        self.settle()

    def home(self) -> None:
        """Back to the Welcome screen, as the next visitor finds it."""
        self.window.go_welcome()
        self.settle()


def visit(d: Director, nik: str, service: str, *, shots: bool = False, suffix: str = "",
          via_online: bool = False) -> None:
    """One visitor's whole visit, from Welcome to the ticket (screenshots of each screen when asked)."""
    d.tap("takeTicket")
    if shots:
        d.type_nik(nik[:10])
        d.shot(f"nik-typing{suffix}")
        d.clear()
    d.type_nik(nik)
    if shots:
        d.shot(f"nik-complete{suffix}")
    d.tap("nikSubmit")
    d.after_nik(shots, suffix)
    if shots:
        d.shot(f"services{suffix}")
    d.choose(service)
    if d.window.current_name == "repeatTicket":      # this NIK already holds a number for it
        if shots:
            d.shot(f"repeat-visit{suffix}")
        d.home()
        return
    if via_online:
        if shots:
            d.shot(f"online-channel{suffix}")
        d.tap("queueAnyway")
    if shots:
        d.shot(f"documents{suffix}")
    d.tap("ticketConfirm")
    d.settle()
    if shots:
        d.shot(f"ticket{suffix}")
    d.home()


def visit_failed(d: Director, nik: str) -> None:
    """A visit whose ticket the printer cannot print: the on-screen ticket in both languages."""
    d.tap("takeTicket")
    d.type_nik(nik)
    d.tap("nikSubmit")
    d.after_nik()
    d.choose("JKK")
    d.tap("ticketConfirm")
    d.window.bg.wait(20000)
    d.settle()
    d.shot("printer-failed")
    d.tap("languageToggle")
    d.shot("printer-failed")
    d.tap("languageToggle")
    d.window.go_welcome()


def wait_idle(d: Director, counter_window, timeout_s: float = 10.0) -> None:
    """Let a counter action finish (it runs off the UI thread) before going on."""
    end = time.monotonic() + timeout_s
    d.settle()
    while counter_window.busy and time.monotonic() < end:
        d.app.processEvents()
        time.sleep(0.005)
    d.settle()


def staff_windows(svc, counter: int = 1, speak: bool = False):
    """The event feed, a counter window and the hall display, sharing one in-process feed."""
    from kiosk.events.qt import QtEventFeed
    from kiosk.ui.counter import CounterWindow
    from kiosk.ui.display import DisplayWindow, make_announcer

    feed = QtEventFeed(svc)
    counter_window = CounterWindow(svc, counter, feed, unlocked=True)
    announcer = make_announcer(svc) if speak else None
    display_window = DisplayWindow(svc, feed, svc.config.display, announcer=announcer)
    feed.start()
    return feed, counter_window, display_window


def locked_counter(d: Director, svc, feed):
    """A second counter's sign-in after five wrong PINs: the branch-wide lock, as the officer sees it."""
    from PySide6.QtWidgets import QLineEdit, QPushButton

    from kiosk.ui.counter import CounterWindow

    window = CounterWindow(svc, 2, feed)
    window.resize(*LANDSCAPE)
    window.show()
    pin = window.findChild(QLineEdit, "pinInput")
    submit = window.findChild(QPushButton, "pinSubmit")
    for _ in range(5):
        pin.setText("0000")
        submit.click()
        end = time.monotonic() + 10
        while window.pin_checking and time.monotonic() < end:
            d.app.processEvents()
            time.sleep(0.005)
    return window
