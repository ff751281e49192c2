"""The head of service's monitor window (live figures and the report tab)."""
from kiosk.ui.monitor.window import MonitorWindow

__all__ = ["MonitorWindow"]
