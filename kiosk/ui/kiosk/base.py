"""What every kiosk screen shares: the `Screen` base class and what a screen may ask of its window.

The screens (screens.py, staff.py) know the window only through `KioskHost`, so they never
import the window module; the window imports them and passes itself in.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.domain.catalog import tr
from kiosk.ui.kiosk.state import Visit
from kiosk.ui.kiosk.widgets import set_direction

CENTER = Qt.AlignmentFlag.AlignCenter


class KioskHost(Protocol):
    """The kiosk window as its screens see it: the visit, the language, and the actions."""

    svc: object                     # kiosk.services.Services: read-only use by the screens
    visit: Visit
    lang: str
    staff_role: str | None
    portrait: bool
    roomy: bool                     # normal text on a full-size window

    def now(self) -> datetime: ...
    def today(self) -> date: ...
    def office(self): ...
    def screen_changed(self, screen: "Screen") -> None: ...

    # the participant's flow
    def go_welcome(self) -> None: ...
    def go_back(self) -> None: ...
    def start_visit(self) -> None: ...
    def check_nik(self, digits: str) -> None: ...
    def show_visit(self) -> None: ...
    def choose_service(self, code: str) -> None: ...
    def queue_anyway(self) -> None: ...
    def issue_ticket(self, documents_complete: bool = True, insist: bool = False) -> None: ...
    def retype_nik(self) -> None: ...
    def not_family_card(self) -> None: ...
    def answer_heir(self, heir: bool) -> None: ...
    def reprint_shown(self) -> None: ...

    # assisted mode
    def cancel_pin(self) -> None: ...
    def check_pin(self, pin: str) -> None: ...
    def set_priority_reason(self, code: str | None) -> None: ...
    def record_front_desk(self, code: str | None = None) -> None: ...
    def reprint_last(self) -> None: ...
    def refresh_printer_status(self) -> None: ...
    def leave_kiosk(self) -> None: ...


class Screen(QWidget):
    name = "screen"
    object_name: str | None = None   # default: `<name>Screen`
    title_key: str | None = None
    flows: tuple[str, ...] = ()      # names of layouts that stack vertically in portrait
    remembered = True                # whether Back may return to this screen

    def __init__(self, kiosk: KioskHost):
        super().__init__()
        self.kiosk = kiosk
        self.setObjectName(self.object_name or f"{self.name}Screen")
        self.portrait = False

    @property
    def lang(self) -> str:
        return self.kiosk.lang

    def refresh(self) -> None:
        """Draw the screen from the visit state in the current language."""

    def set_portrait(self, portrait: bool) -> None:
        self.portrait = portrait
        for name in self.flows:             # side-by-side layouts that stack in portrait
            set_direction(getattr(self, name), portrait)

    def spoken(self) -> str:
        """What spoken guidance says when the screen appears (short Indonesian sentences)."""
        return tr(self.title_key, self.lang) if self.title_key else ""
