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


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__


def _calls(operation, url: str, token: str, tried: dict[str, int]):
    """A Hypothesis test that calls `operation` with generated requests (counted in `tried`)."""
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        tried[operation.label] = tried.get(operation.label, 0) + 1
        case.call_and_validate(base_url=url, headers={"Authorization": f"Bearer {token}"},
                               checks=[not_a_server_error], timeout=10)
    return run


def test_no_input_makes_a_server_error(served):
    server, token = served
    operations = _operations(server.url)
    assert len(operations) >= 12
    failures: list[str] = []
    tried: dict[str, int] = {}
    for operation in operations:
        label = operation.label
        run = _calls(operation, server.url, token, tried)
        # Hypothesis raises the (shortest) failing example's error after its search: a server
        # error, a broken connection, or a strategy that cannot make a request. Each is a failure
        # of its operation, collected so one run names them all.
        try:
            run()
        except Exception as exc:  # noqa: BLE001 - every kind of failure is reported below
            failures.append(f"{label}: {_first_line(exc)}")
    assert failures == []
    assert set(tried) == {op.label for op in operations}          # every operation was called
