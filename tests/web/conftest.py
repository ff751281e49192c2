"""The web service on a real uvicorn on loopback (a thread of the test process), with a token
of every role."""
from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.config.web import WebConfig
from kiosk.domain.access import ROLE_NAMES
from kiosk.services import demo_config


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


@pytest.fixture
def branch(make_services, tmp_path):
    """The web service and, on the same database, the services a counter uses (no page limit)."""
    from kiosk.web.server import BackgroundServer

    url = f"sqlite:///{tmp_path / 'queue.sqlite'}"
    config = replace(demo_config(), web=WebConfig(page_requests_per_min=0))
    svc = make_services(url, config=config)
    counter = make_services(url, config=config)
    with BackgroundServer(svc) as server:
        yield svc, counter, server
