"""One laptop on the LAN does not take the web service down: slow headers, many connections
from one address, oversized bodies, connection noise in the log, a revoked token's open event
stream, a NUL in a survey, and the failures the OpenAPI document names. A real uvicorn on
loopback (a thread of the test process, or `anjungan web` in a process of its own)."""
from __future__ import annotations

import json
import logging
import os
import re
import resource
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from kiosk.config.web import WebConfig
from kiosk.services import demo_config
from tests.conftest import fresh_nik

ANSWERS = {f"u{i}": 4 for i in range(1, 10)}
SLOW = b"GET /api/v1/status HTTP/1.1\r\nHost: branch\r\nAuthorization: Bearer "    # never finished


def served(make_services, tmp_path, url: str | None = None, **web):
    from kiosk.web.server import BackgroundServer

    config = replace(demo_config(), web=WebConfig(page_requests_per_min=0, **web))
    svc = make_services(url or f"sqlite:///{tmp_path / 'queue.sqlite'}", config=config)
    return svc, BackgroundServer(svc)


def from_address(address: str, **kwargs) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=5, **kwargs)


def open_slow(host: str, port: int, count: int) -> list[socket.socket]:
    out = []
    for _ in range(count):
        s = socket.create_connection((host, port), timeout=5)
        s.sendall(SLOW)
        out.append(s)
    return out


def closed_by_server(s: socket.socket, wait_s: float) -> bool:
    s.settimeout(wait_s)
    try:
        return s.recv(1) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True
    except (TimeoutError, socket.timeout):
        return False


def test_slow_headers_and_many_connections_from_one_address_leave_the_api_to_everyone(make_services, tmp_path):
    svc, server = served(make_services, tmp_path, connections_per_client=10, header_timeout_s=1.0)
    token, _ = svc.create_token("display", "lobby board")
    with server:
        slow = open_slow(server.host, server.port, 40)
        try:
            started = time.monotonic()
            time.sleep(0.2)
            refused_at_once = sum(closed_by_server(s, 0.1) for s in slow[10:])
            with from_address("127.0.0.2", base_url=server.url) as other:
                answers = [other.get("/api/v1/status", headers={"Authorization": f"Bearer {token}"}).status_code
                           for _ in range(5)]
            assert answers == [200] * 5
            assert refused_at_once == 30
            assert all(closed_by_server(s, 3.0) for s in slow[:10])       # the header time ran out
            assert time.monotonic() - started < 6.0
            assert server.server.tally.total <= 1
        finally:
            for s in slow:
                s.close()


def test_with_every_place_taken_by_slow_connections_a_proper_request_still_gets_in(make_services, tmp_path):
    svc, server = served(make_services, tmp_path, max_connections=20, header_timeout_s=30.0)
    token, _ = svc.create_token("kiosk", "kiosk 1")
    with server:
        slow = []
        for i in range(4):                       # 24 half-sent requests from four addresses
            for _ in range(6):
                s = socket.create_connection((server.host, server.port), timeout=5,
                                             source_address=(f"127.0.1.{i + 1}", 0))
                s.sendall(SLOW)
                slow.append(s)
        try:
            time.sleep(0.3)
            with from_address("127.0.0.9", base_url=server.url) as kiosk:
                answers = [kiosk.post("/api/v1/tickets", json={"nik": fresh_nik(), "service": "INFO"},
                                      headers={"Authorization": f"Bearer {token}"}).status_code for _ in range(3)]
            assert answers == [201, 201, 201]
            assert server.server.tally.total <= 20
            assert sum(closed_by_server(s, 0.05) for s in slow) >= 5
        finally:
            for s in slow:
                s.close()


def test_the_open_file_limit_is_never_reached_and_the_log_stays_small(make_services, tmp_path, isolated_data_dir):
    """`anjungan web` with 256 open files (a unit without LimitNOFILE would have 1,024): 400
    half-sent requests, then the API from another address still answers and the log holds a
    few lines, no traceback."""
    url = f"sqlite:///{tmp_path / 'queue.sqlite'}"
    svc = make_services(url)
    token, _ = svc.create_token("display", "lobby board")
    config = tmp_path / "branch.toml"
    text = Path("config/default.toml").read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^header_timeout_s = \d+", "header_timeout_s = 3", text), encoding="utf-8")
    stderr = tmp_path / "stderr.txt"

    def few_files():
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))

    with stderr.open("wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "kiosk", "--config", str(config), "--db", url, "web",
                                 "--host", "127.0.0.1", "--port", "0"], stdout=subprocess.PIPE, stderr=err,
                                preexec_fn=few_files, env={**os.environ, "ANJUNGAN_NOW": "2026-11-23T09:30:00+07:00"})
    try:
        line = proc.stdout.readline().decode()
        base = re.search(r"http://[\d.]+:\d+", line).group(0)
        host, port = base[7:].split(":")
        slow = []
        for _ in range(8):
            slow += open_slow(host, int(port), 50)
        try:
            time.sleep(0.5)
            with from_address("127.0.0.3", base_url=base) as other:
                answers = [other.get("/api/v1/status", headers={"Authorization": f"Bearer {token}"}).status_code
                           for _ in range(5)]
            assert answers == [200] * 5
        finally:
            for s in slow:
                s.close()
    finally:
        proc.terminate()
        proc.wait(10)
    logs = stderr.read_text(encoding="utf-8", errors="replace")
    log_file = isolated_data_dir / "logs" / "anjungan.log"
    if log_file.exists():
        logs += log_file.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in logs, logs[:3000]
    assert len(logs.encode()) < 20_000, logs[-2000:]


def raw_post(host: str, port: int, head: bytes, body: bytes) -> bytes:
    with socket.create_connection((host, port), timeout=5) as s:
        s.sendall(head + body)
        s.settimeout(5)
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.endswith(b"}"):
            chunk = s.recv(65536)
            if not chunk:
                break
            answer += chunk
    return answer


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_an_oversized_body_is_refused_before_it_is_read(make_services, tmp_path):
    svc, server = served(make_services, tmp_path)
    with server:
        before = rss_mb()
        for _ in range(3):                       # 300 MiB announced, the first 256 KiB sent
            answer = raw_post(server.host, server.port,
                              b"POST /t/abcdefghijklmnop/survey HTTP/1.1\r\nHost: b\r\nContent-Type: application/json"
                              b"\r\nContent-Length: 314572800\r\n\r\n", b"{" + b" " * 262_143)
            assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
            doc = json.loads(answer.split(b"\r\n\r\n", 1)[1])
            assert doc["code"] == "error.web.too_large" and "64 KB" in doc["error_en"]

        def chunks():
            for _ in range(320):                 # 20 MiB streamed without a length
                yield b" " * 65536

        with httpx.Client(base_url=server.url, timeout=10) as http:
            answer = http.post("/t/abcdefghijklmnop/rating", content=chunks(),
                               headers={"Content-Type": "application/json"})
        assert answer.status_code == 413 and answer.json()["code"] == "error.web.too_large"
        assert rss_mb() - before < 15
        with httpx.Client(base_url=server.url, timeout=5) as http:      # and the page still works
            assert http.get("/healthz").status_code == 200


def test_connection_noise_is_a_few_lines_without_a_traceback(make_services, tmp_path):
    svc, server = served(make_services, tmp_path)
    lines: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(record)

    keep = Keep(logging.DEBUG)
    for name in ("uvicorn", "uvicorn.error", "asyncio", "anjungan.web"):
        logging.getLogger(name).addHandler(keep)
    try:
        with server:
            for _ in range(300):
                with socket.create_connection((server.host, server.port), timeout=5) as s:
                    s.sendall(b"NONSENSE\x00\x01 / HTTP/9\r\n\r\n")
                    s.settimeout(2)
                    try:
                        s.recv(100)
                    except (TimeoutError, ConnectionResetError):
                        pass
    finally:
        for name in ("uvicorn", "uvicorn.error", "asyncio", "anjungan.web"):
            logging.getLogger(name).removeHandler(keep)
    noise = [r for r in lines if r.levelno >= logging.WARNING]
    assert len(noise) <= 12, [r.getMessage() for r in noise[:20]]
    assert not any(r.exc_info for r in noise)


def test_a_revoked_tokens_event_stream_ends_within_5_s(make_services, tmp_path):
    svc, server = served(make_services, tmp_path)
    token, doc = svc.create_token("display", "lobby board")
    ended: list[float] = []
    lines: list[str] = []
    with server:
        def follow():
            with httpx.Client(base_url=server.url, timeout=httpx.Timeout(5, read=30)) as http, \
                    http.stream("GET", "/api/v1/events", headers={"Authorization": f"Bearer {token}"}) as answer:
                for line in answer.iter_lines():
                    lines.append(line)
            ended.append(time.monotonic())

        reader = threading.Thread(target=follow, daemon=True)
        reader.start()
        deadline = time.monotonic() + 5
        while not lines and time.monotonic() < deadline:
            time.sleep(0.05)
        assert lines, "the stream did not open"
        revoked = time.monotonic()
        assert svc.revoke_token(str(doc["id"])) == 1
        reader.join(12)
        assert ended, "the stream goes on after its token was revoked"
        assert ended[0] - revoked <= 5.0
    assert any("error.token.invalid" in line for line in lines)


def finished_visit(svc) -> str:
    ticket = svc.issue(fresh_nik(), "INFO")
    svc.call_next(1)
    svc.finish(1)
    return ticket.ref


def test_a_nul_in_a_survey_is_a_400_with_a_sentence(make_services, tmp_path, db_url):
    svc, server = served(make_services, tmp_path, url=db_url)
    ref = finished_visit(svc)
    with server, httpx.Client(base_url=server.url, timeout=10) as http:
        answer = http.post(f"/t/{ref}/survey", json={**ANSWERS, "suggestion": "antre\x00lama"})
        assert answer.status_code == 400
        assert answer.json()["code"] == "error.web.nul" and "NUL" in answer.json()["error_en"]
        form = http.post(f"/t/{ref}/survey", data={**ANSWERS, "suggestion": "antre\x00lama"})
        assert form.status_code == 400 and "NUL" in form.text
        kept = http.post(f"/t/{ref}/survey", json={**ANSWERS, "suggestion": "antre lama"})
        assert kept.status_code == 200                  # nothing was kept by the refused ones


def test_the_openapi_document_lists_the_failures_each_route_gives(make_services, tmp_path):
    svc, server = served(make_services, tmp_path)
    with server, httpx.Client(base_url=server.url, timeout=10) as http:
        doc = http.get("/openapi.json").json()
    paths = doc["paths"]

    def statuses(path, method):
        return set(paths[path][method]["responses"])

    assert {"401", "403", "503"} <= statuses("/api/v1/status", "get")
    assert {"401", "403", "503"} <= statuses("/api/v1/events", "get")
    for path, method in (("/api/v1/tickets", "post"), ("/api/v1/check-in", "post"),
                         ("/api/v1/counters/{counter}/{action}", "post"), ("/api/v1/bookings", "post"),
                         ("/api/v1/bookings/{code}", "delete")):
        assert {"401", "403", "404", "409", "503"} <= statuses(path, method), (path, method)
    assert {"400", "404", "409", "413", "503"} <= statuses("/t/{ref}/survey", "post")
    error = paths["/api/v1/tickets"]["post"]["responses"]["409"]["content"]["application/json"]["schema"]
    assert set(error["required"]) == {"error", "error_en", "code"}
