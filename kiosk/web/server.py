"""Running the web service on uvicorn: `anjungan web`, the demo, the tests and the benchmark."""
from __future__ import annotations

import signal
import socket
import threading

import uvicorn

from kiosk.web.app import create_app
from kiosk.web.guard import (
    ACCEPT_BATCH, BodyLimit, Limits, Tally, guarded_protocol, quiet_logs, raise_file_limit,
)
from kiosk.web.hub import Hub


KEEP_ALIVE_S = 5                 # an idle kept-alive connection is closed after it
MAX_HEADERS_BYTES = 16 * 1024    # request line and headers


def bind(host: str, port: int) -> socket.socket:
    """A listening socket (port 0: any free port). Raises OSError when the address is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(ACCEPT_BATCH)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


class WebServer(uvicorn.Server):
    """uvicorn that ends the open event streams first when it is asked to stop, so a shutdown
    does not wait for phones to hang up."""

    def __init__(self, config: uvicorn.Config, hub: Hub):
        super().__init__(config)
        self.hub = hub

    async def shutdown(self, sockets=None):
        self.hub.close_streams()
        await super().shutdown(sockets)


def make_server(svc, sock: socket.socket, *, log_level: str = "warning", access_log: bool = False) -> WebServer:
    hub = Hub(svc)
    web = svc.config.web
    limits = Limits(connections_per_client=web.connections_per_client, max_connections=web.max_connections,
                    header_timeout_s=web.header_timeout_s, max_body_bytes=web.max_body_kb * 1024)
    tally = Tally(limits)
    app = BodyLimit(create_app(svc, hub=hub), limits.max_body_bytes)
    quiet_logs()
    config = uvicorn.Config(app, log_level=log_level, access_log=access_log, lifespan="on",
                            timeout_graceful_shutdown=3, timeout_keep_alive=KEEP_ALIVE_S, proxy_headers=True,
                            backlog=ACCEPT_BATCH, ws="none", http=guarded_protocol(tally),
                            h11_max_incomplete_event_size=MAX_HEADERS_BYTES)
    server = WebServer(config, hub)
    server.tally = tally
    server._anjungan_sockets = [sock]
    return server


def serve(svc, sock: socket.socket, **kwargs) -> None:
    """Serve on `sock` until interrupted (SIGINT/SIGTERM). After a graceful stop uvicorn raises
    the signal again for the handler that was there before: SIGTERM then ends with status 0."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stopped)
    raise_file_limit()
    server = make_server(svc, sock, **kwargs)
    server.run(sockets=[sock])


def _stopped(_signum, _frame) -> None:
    raise SystemExit(0)


class BackgroundServer:
    """The web service in a thread of this process (the demo and the tests)."""

    def __init__(self, svc, host: str = "127.0.0.1", port: int = 0, **kwargs):
        self.sock = bind(host, port)
        self.host, self.port = self.sock.getsockname()[:2]
        self.server = make_server(svc, self.sock, **kwargs)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       name="anjungan-web", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 10.0) -> "BackgroundServer":
        import time

        self.thread.start()
        end = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > end:
                raise RuntimeError("the web service did not start")
            time.sleep(0.02)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)
        self.sock.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
