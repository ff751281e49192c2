"""The kiosk runs its slow calls on the windows' one worker (`kiosk.ui.worker.Background`)."""
from __future__ import annotations

from kiosk.ui.worker import Background

__all__ = ["Background"]
