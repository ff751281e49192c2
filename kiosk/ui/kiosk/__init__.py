"""The participant's kiosk window (touchscreen in the lobby)."""
from kiosk.ui.kiosk.window import KioskWindow

__all__ = ["KioskWindow"]
