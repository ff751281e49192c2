"""The branch LAN web service: the participant's phone status page, the open API and its event
stream (ASGI, FastAPI on uvicorn). It reads and writes through `kiosk.services` only and follows
the same event feed as the hall displays (`kiosk.events.feed`)."""
from __future__ import annotations

from kiosk.web.app import create_app
from kiosk.web.server import WebServer, bind, serve

__all__ = ["WebServer", "bind", "create_app", "serve"]
