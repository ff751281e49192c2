"""The counter (loket) window."""
from kiosk.ui.counter.window import CounterWindow

__all__ = ["CounterWindow"]
