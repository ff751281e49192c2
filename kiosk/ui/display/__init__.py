"""The hall display window and its state."""
from __future__ import annotations

from kiosk.ui.display.state import CallEntry, DisplayState


def make_announcer(svc):
    """The spoken call, from the configuration's voice settings."""
    from kiosk.voice import Announcer

    return Announcer(svc.config.voice)


def __getattr__(name: str):
    if name == "DisplayWindow":
        from kiosk.ui.display.window import DisplayWindow

        return DisplayWindow
    raise AttributeError(name)


__all__ = ["CallEntry", "DisplayState", "DisplayWindow", "make_announcer"]
