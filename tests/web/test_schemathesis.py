"""Schemathesis against the service's own OpenAPI document, on a real server: no input makes a
server error. The streams are left out (they never end); each operation gets a bounded number of
examples, with an administrator's token so the write endpoints are reached too."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

EXAMPLES = 12


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from kiosk.services import open_services
    from kiosk.web.server import BackgroundServer

    monday = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    folder = tmp_path_factory.mktemp("schemathesis")
    svc = open_services(db_url=f"sqlite:///{folder / 'api.sqlite'}", clock=lambda: monday)
    token, _ = svc.create_token("admin", "schemathesis")
    svc.issue("3171012902001234", "INFO")
    server = BackgroundServer(svc).start()
    yield server, token
    server.stop()
    svc.close()


def _operations(server_url: str):
    schema = schemathesis.openapi.from_url(f"{server_url}/openapi.json").exclude(path="/api/v1/events")
    return [result.ok() for result in schema.get_all_operations()]


def test_no_input_makes_a_server_error(served):
    server, token = served
    operations = _operations(server.url)
    assert len(operations) >= 12
    failures: list[str] = []
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            try:
                case.call_and_validate(base_url=server.url, headers={"Authorization": f"Bearer {token}"},
                                       checks=[not_a_server_error], timeout=10)
            except Exception as exc:  # noqa: BLE001 - collected and reported together
                failures.append(f"{operation.label}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
                raise
        try:
            run()
        except Exception:  # noqa: BLE001
            pass
    assert failures == []
