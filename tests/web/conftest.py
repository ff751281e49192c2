"""The web service on a real uvicorn on loopback (a thread of the test process), with a token
of every role."""
from __future__ import annotations

import pytest

from kiosk.domain.access import ROLE_NAMES


@pytest.fixture
def web(svc):
    from kiosk.web.server import BackgroundServer

    server = BackgroundServer(svc).start()
    yield server
    server.stop()


@pytest.fixture
def tokens(svc) -> dict[str, str]:
    return {role: svc.create_token(role, f"test {role}")[0] for role in ROLE_NAMES}


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}
