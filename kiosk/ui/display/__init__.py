"""The hall display window and its state."""
from __future__ import annotations

from kiosk.domain.hall import CallEntry, DisplayState


def make_announcer(svc):
    """The spoken call, from the configuration's voice settings; Qt speech and playback may
    serve it too, since the display is a program with windows."""
    from kiosk.voice import Announcer
    from kiosk.voice.qt import QT_EDGE
    from kiosk.voice.settings import coerce_settings, service_names

    return Announcer(coerce_settings(svc.config.voice, service_names=service_names(svc.branch)), edge=QT_EDGE)


def __getattr__(name: str):
    if name == "DisplayWindow":
        from kiosk.ui.display.window import DisplayWindow

        return DisplayWindow
    raise AttributeError(name)


__all__ = ["CallEntry", "DisplayState", "DisplayWindow", "make_announcer"]
