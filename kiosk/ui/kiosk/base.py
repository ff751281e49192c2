"""What every kiosk screen shares: the `Screen` base class and what a screen may ask of its window.

A screen draws the visit model's state (`kiosk.flow`, a `kiosk.services.VisitFlow`) in `refresh()`
and forwards touches to it; the screens know the window only through `KioskHost`, so they never
import the window module.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.domain.catalog import tr
from kiosk.services import Services, VisitFlow
from kiosk.ui.kiosk.widgets import set_direction

CENTER = Qt.AlignmentFlag.AlignCenter


class KioskHost(Protocol):
    """The kiosk window as its screens see it: the model, the language, and the window's own acts."""

    svc: Services                   # read-only use by the screens (the branch, the office hours)
    flow: VisitFlow
    lang: str
    portrait: bool
    roomy: bool                     # normal text on a full-size window

    def now(self) -> datetime: ...
    def today(self) -> date: ...
    def office(self): ...

    # the window's own: the staff PIN pad (checked by the application) and closing the kiosk
    def cancel_pin(self) -> None: ...
    def check_pin(self, pin: str) -> None: ...
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

    @property
    def flow(self) -> VisitFlow:
        return self.kiosk.flow

    def refresh(self) -> None:
        """Draw the screen from the visit model in the current language."""

    def set_portrait(self, portrait: bool) -> None:
        self.portrait = portrait
        for name in self.flows:             # side-by-side layouts that stack in portrait
            set_direction(getattr(self, name), portrait)

    def spoken(self) -> str:
        """What spoken guidance says when the screen appears (short Indonesian sentences)."""
        return tr(self.title_key, self.lang) if self.title_key else ""
