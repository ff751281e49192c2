import json
import shutil
import ssl
import subprocess
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kiosk.directory.base import SourceUnavailable
from kiosk.directory.http import HttpSource
from kiosk.domain.participant import Status

NIK = "3171011708450001"
RELEASE = threading.Event()
SEEN_PATHS: list[str] = []
ANSWERS = {
    "ok": (200, json.dumps({"found": True, "status": "unpaid", "status_text": "Menunggak 4 bulan",
                            "segment": "bpu", "programs": ["JKK", "jkm"], "last_paid": "2026-07",
                            "birth_date": "1945-08-17", "sex": "L", "name": "Slamet Riyadi"})),
    "minimal": (200, json.dumps({"status": "Pensiun"})),
    "notfound": (200, json.dumps({"found": False})),
    "missing": (404, "{}"),
    "broken": (500, "Internal Server Error"),
    "forbidden": (403, "{}"),
    "garbage": (200, "<html>not json</html>"),
    "wrongtype": (200, json.dumps({"status": 3})),
    "list": (200, "[1, 2]"),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        SEEN_PATHS.append(self.path)
        kind = self.path.strip("/").split("/")[0]
        if kind == "slow":
            RELEASE.wait(5)
            kind = "ok"
        status, body = ANSWERS[kind]
        data = body.encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.handle_error = lambda request, address: None
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    RELEASE.set()
    httpd.shutdown()
    httpd.server_close()


def test_found_participant_is_mapped(server):
    participant = HttpSource(f"{server}/ok/{{nik}}").lookup(NIK)
    assert SEEN_PATHS[-1] == f"/ok/{NIK}"
    assert participant.verified and participant.found
    assert participant.status is Status.UNPAID
    assert participant.status_text == "Menunggak 4 bulan"
    assert participant.segment == "BPU" and participant.programs == frozenset({"JKK", "JKM"})
    assert participant.last_paid == "2026-07" and participant.birth_date == date(1945, 8, 17)
    assert participant.sex == "M" and participant.name == "Slamet Riyadi"


def test_url_without_placeholder_gets_the_nik_appended(server):
    participant = HttpSource(f"{server}/minimal/").lookup(NIK)
    assert SEEN_PATHS[-1] == f"/minimal/{NIK}"
    assert participant.found and participant.status is Status.OTHER
    assert participant.status_text == "Pensiun" and participant.birth_date is None


@pytest.mark.parametrize("kind", ["missing", "notfound"])
def test_not_registered(server, kind):
    participant = HttpSource(f"{server}/{kind}/{{nik}}").lookup(NIK)
    assert participant.verified and not participant.found


@pytest.mark.parametrize("kind", ["broken", "forbidden", "garbage", "wrongtype", "list"])
def test_bad_answers_mean_unavailable(server, kind, caplog):
    with pytest.raises(SourceUnavailable) as caught:
        HttpSource(f"{server}/{kind}/{{nik}}").lookup(NIK)
    assert str(caught.value) == "Status peserta belum dapat diperiksa"
    assert NIK not in caplog.text and "************0001" in caplog.text


def test_slow_service_is_given_up_after_the_timeout(server, caplog):
    started = time.monotonic()
    with pytest.raises(SourceUnavailable) as caught:
        HttpSource(f"{server}/slow/{{nik}}").lookup(NIK)
    elapsed = time.monotonic() - started
    assert 1.5 < elapsed < 2.8
    assert "2 s" in caught.value.detail
    assert NIK not in caplog.text


def test_refused_connection_is_unavailable():
    import socket
    with socket.socket() as probe:                 # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SourceUnavailable):
        HttpSource(f"http://127.0.0.1:{port}/p/{{nik}}", timeout_s=1).lookup(NIK)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_a_self_signed_certificate_is_refused(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.handle_error = lambda request, address: None
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"https://127.0.0.1:{httpd.server_address[1]}/ok/{{nik}}"
        with pytest.raises(SourceUnavailable):
            HttpSource(url).lookup(NIK)
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_only_http_urls_and_validated_niks(server):
    with pytest.raises(ValueError):
        HttpSource("file:///etc/passwd")
    with pytest.raises(ValueError):
        HttpSource(f"{server}/ok/{{nik}}").lookup("3171 0117 0845 0001")


def test_a_reply_that_is_not_http_is_unavailable():
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def answer_garbage():
        conn, _ = listener.accept()
        with conn:
            conn.recv(4096)
            conn.sendall(b"\x00\x01 this is not HTTP\r\n\r\n")

    thread = threading.Thread(target=answer_garbage, daemon=True)
    thread.start()
    try:
        with pytest.raises(SourceUnavailable):
            HttpSource(f"http://127.0.0.1:{listener.getsockname()[1]}/p/{{nik}}").lookup(NIK)
    finally:
        thread.join(3)
        listener.close()
