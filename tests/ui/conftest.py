"""Kiosk window fixtures: services with demo participants, the window, and taps by object name."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from tests.printer.conftest import printer_standin  # noqa: F401 - a fixture shared with the printer tests

ACTIVE_NIK = "3171012902001234"      # born 2000-02-29: active wage earner, not priority
ELDERLY_NIK = "3171011708450001"     # born 1945-08-17: active, 81 years old → priority
UNPAID_NIK = "7105100607610439"      # born 1961-06-06: non-wage earner, contributions unpaid
UNKNOWN_NIK = "3171015708450001"     # valid, not in the directory
DECEASED_NIK = "3171040901580002"    # born 1958-01-09: recorded as deceased (the heirs come)
ACTIVE_CARD = "16012345678"          # the membership card (KPJ) of ACTIVE_NIK


def scripted_rows():
    from kiosk.domain.participant import Status

    def row(nik, name, status, segment, programs, birth, last_paid, card=None):
        return SimpleNamespace(nik=nik, name=name, status=status, status_text=status.label_id, segment=segment,
                               programs=frozenset(programs), birth_date=birth, last_paid=last_paid,
                               card_number=card)

    return [
        row(ACTIVE_NIK, "Dewi Lestari", Status.ACTIVE, "PU", ("JHT", "JKK", "JKM", "JP"), date(2000, 2, 29), "2026-10",
            ACTIVE_CARD),
        row(ELDERLY_NIK, "Slamet Riyadi", Status.ACTIVE, "PU", ("JHT", "JKK", "JKM", "JP"), date(1945, 8, 17), "2026-10"),
        row(UNPAID_NIK, "Agus Salim", Status.UNPAID, "BPU", ("JKK", "JKM"), date(1961, 6, 6), "2025-09"),
        row(DECEASED_NIK, "Hendra Wijaya", Status.DECEASED, "PU", ("JHT", "JKK", "JKM", "JP"), date(1958, 1, 9),
            "2026-06"),
    ]


@pytest.fixture
def live_window(qtbot):
    """Factory: `make(feed)`'s window shown (at `size`, when given) on its own event feed of `svc`,
    started; closed with its feed after the test."""
    from kiosk.events.qt import QtEventFeed
    from kiosk.ui.app import make_app

    made = []

    def factory(svc, make, size=None):
        make_app()
        feed = QtEventFeed(svc, safety_poll_s=1.0)
        window = make(feed)
        qtbot.addWidget(window)
        if size is not None:
            window.resize(*size)
        window.show()
        feed.start()
        made.append((feed, window))
        return window, feed

    yield factory
    for feed, window in made:
        window.close()
        feed.close()


@pytest.fixture
def kiosk_svc(make_services):
    from kiosk.directory.demo import demo_rows

    svc = make_services()
    svc.import_participants(demo_rows(50, seed=1, today=svc.today()))
    svc.import_participants(scripted_rows())
    return svc


@pytest.fixture
def make_kiosk(qtbot, kiosk_svc, tmp_path):
    """Factory: a shown kiosk window (1920×1080 unless `size`), printing to a preview folder."""
    from kiosk.ui.app import make_app
    from kiosk.ui.kiosk import KioskWindow

    make_app()
    made = []

    def factory(svc=None, size=(1920, 1080), **kwargs):
        kwargs.setdefault("printer_url", f"preview://{tmp_path / 'tickets'}")
        window = KioskWindow(svc or kiosk_svc, **kwargs)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield factory
    for window in made:
        window.bg.forget()
        window.bg.wait(10000)
        window._may_close = True
        window.close()


@pytest.fixture
def kiosk(make_kiosk):
    return make_kiosk()


class Driver:
    """Taps the kiosk's buttons by their object names, like a participant would."""

    def __init__(self, qtbot, window):
        self.qtbot, self.window = qtbot, window

    def widget(self, name: str, kind=None):
        from PySide6.QtWidgets import QWidget

        found = self.window.findChild(kind or QWidget, name)
        assert found is not None, f"no widget named {name!r}"
        return found

    def tap(self, name: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QPushButton

        button = self.widget(name, QPushButton)
        assert button.isVisible(), f"{name!r} is not visible on the {self.window.current_name} screen"
        assert button.isEnabled(), f"{name!r} is disabled on the {self.window.current_name} screen"
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def text(self, name: str) -> str:
        return self.widget(name).text()

    def type_nik(self, digits: str) -> None:
        for d in digits:
            self.tap(f"keypad_{d}")

    def clear(self) -> None:
        """Kosongkan asks first: two touches."""
        self.tap("keypadClear")
        self.tap("keypadClear")

    def wait_screen(self, name: str, timeout: int = 10000) -> None:
        self.qtbot.waitUntil(lambda: self.window.current_name == name, timeout=timeout)

    def wait_screens(self, *names: str, timeout: int = 10000) -> str:
        self.qtbot.waitUntil(lambda: self.window.current_name in names, timeout=timeout)
        return self.window.current_name

    def submitted(self) -> None:
        """After Lanjut on the NIK screen: past a ticket the NIK holds already ("Ambil layanan lain")
        and through the status screen (shown unless simply active)."""
        if self.wait_screens("status", "visit", "repeatTicket") == "repeatTicket":
            self.tap("repeatOther")
        if self.wait_screens("status", "visit") == "status":
            self.tap("statusNext")
            self.wait_screen("visit")

    def to_services(self, nik: str) -> None:
        """Welcome → NIK → (status, unless simply active) → the visit screen."""
        self.tap("takeTicket")
        self.type_nik(nik)
        self.tap("nikSubmit")
        self.submitted()

    def service(self, code: str) -> None:
        """Choose a service on the visit screen: its group first when the groups are shown."""
        screen = self.window.visit_screen
        tile = screen.tiles.get(code)
        if screen.group is not None and (tile is None or not tile.isVisible()):
            self.tap("visitBack")                     # back to the groups
        if screen.showing_groups:
            group = self.window.svc.branch.service(code).group
            self.tap(f"group_{group}")
        if self.window.current_name == "visit":
            self.tap(f"service_{code}")

    def take_ticket(self, nik: str, service: str) -> None:
        self.to_services(nik)
        self.service(service)
        self.wait_screen("documents")
        self.tap("ticketConfirm")
        self.wait_screen("ticket")
        self.qtbot.waitUntil(lambda: self.window.visit.print_outcome is not None, timeout=15000)


@pytest.fixture
def drive(qtbot, kiosk):
    return Driver(qtbot, kiosk)
