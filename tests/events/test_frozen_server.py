"""A frozen PostgreSQL server (SIGSTOP: its kernel still acknowledges every packet, so no TCP
timeout fires) blocks no command or window for more than 5 s, is said in one sentence or with
the reconnecting mark, and is followed again within 5 s of answering.

Before: one `issue` blocked 39.9 s and `watch` never said "reconnecting". The server frozen here
is a private throwaway cluster (tests/events/private_pg.py), never the shared one.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from kiosk.domain import errors
from tests.conftest import fresh_pg_schema
from tests.events.helpers import MONDAY_9, ROOT, wait_until
from tests.events.private_pg import PrivateCluster

LIMIT_S = 5.0
NIK = "3171012902001234"


@pytest.fixture(scope="module")
def cluster():
    why = PrivateCluster.why_not()
    if why:
        pytest.skip(f"no private PostgreSQL cluster: {why}")
    c = PrivateCluster().start()
    yield c
    c.stop()


@pytest.fixture
def frozen_url(cluster):
    url, _schema = fresh_pg_schema(cluster.url)
    yield url
    if cluster.frozen:
        cluster.thaw()


def _cli(url: str, *args: str, timeout: float = 30) -> tuple[subprocess.CompletedProcess, float]:
    env = {**os.environ, "ANJUNGAN_NOW": MONDAY_9}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "kiosk", "--db", url, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)
    return done, time.monotonic() - started


def _startup_s() -> float:
    """What the command costs on this machine without any database (the interpreter, imports)."""
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "kiosk", "--help"], cwd=ROOT, capture_output=True, timeout=30)
    return time.monotonic() - started


@pytest.mark.timeout(90)
def test_issue_on_a_frozen_server_fails_within_5_s_with_one_sentence_then_works(make_services, cluster,
                                                                                 frozen_url):
    make_services(frozen_url).close()                     # the schema is in place
    startup = _startup_s()
    cluster.freeze()
    try:
        done, took = _cli(frozen_url, "issue", "--nik", NIK, "--service", "INFO", "--assisted", "--json")
    finally:
        cluster.thaw()
    assert done.returncode == 3, done.stderr
    assert took - startup <= LIMIT_S, (took, startup)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "PostgreSQL" in lines[0] and "Traceback" not in done.stderr
    assert done.stdout == ""
    done, took = _cli(frozen_url, "issue", "--nik", NIK, "--service", "INFO", "--assisted", "--json")
    assert done.returncode == 0, done.stderr
    assert took - startup <= LIMIT_S


@pytest.mark.timeout(90)
def test_counter_call_on_a_frozen_server_is_refused_within_5_s_and_the_pool_recovers(make_services, cluster,
                                                                                      frozen_url):
    svc = make_services(frozen_url)
    svc.issue(NIK, "INFO", assisted=True)
    cluster.freeze()
    try:
        started = time.monotonic()
        with pytest.raises(errors.StoreUnavailable) as caught:
            svc.call_next(1)
        took = time.monotonic() - started
        started = time.monotonic()
        with pytest.raises(errors.StoreUnavailable):
            svc.status()                                   # a second call waits no longer
        again = time.monotonic() - started
    finally:
        cluster.thaw()
    assert took <= LIMIT_S and again <= LIMIT_S, (took, again)
    assert "\n" not in str(caught.value) and "PostgreSQL" in str(caught.value)
    started = time.monotonic()
    wait_until(lambda: _answers(svc), timeout=LIMIT_S, interval=0.1)
    assert time.monotonic() - started <= LIMIT_S
    assert svc.call_next(1).number == "A-001"              # nothing was half-done by the refused call


def _answers(svc) -> bool:
    try:
        svc.status()
        return True
    except errors.StoreUnavailable:
        return False


class Stderr(threading.Thread):
    def __init__(self, stream):
        super().__init__(daemon=True)
        self.stream, self.lines = stream, []

    def run(self) -> None:
        for line in self.stream:
            self.lines.append((time.monotonic(), line))

    def first(self, word: str, after: float) -> float | None:
        return next((at for at, line in self.lines if word in line and at >= after), None)


@pytest.mark.timeout(120)
def test_watch_says_reconnecting_within_5_s_and_follows_again_within_5_s(make_services, cluster, frozen_url):
    svc = make_services(frozen_url)
    env = {**os.environ, "ANJUNGAN_NOW": MONDAY_9}
    watch = subprocess.Popen([sys.executable, "-m", "kiosk", "--db", frozen_url, "watch", "--json"], cwd=ROOT,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    err = Stderr(watch.stderr)
    err.start()
    out: list[str] = []
    threading.Thread(target=lambda: out.extend(watch.stdout), daemon=True).start()
    try:
        wait_until(lambda: err.first("terhubung", 0) is not None, timeout=30)
        time.sleep(1)
        frozen_at = time.monotonic()
        cluster.freeze()
        wait_until(lambda: err.first("menyambung ulang", frozen_at) is not None, timeout=15)
        said = err.first("menyambung ulang", frozen_at) - frozen_at
        time.sleep(3)                                      # a while with the server gone
        thawed_at = time.monotonic()
        cluster.thaw()
        wait_until(lambda: err.first("terhubung", thawed_at) is not None, timeout=15)
        back = err.first("terhubung", thawed_at) - thawed_at
        svc.issue(NIK, "INFO", assisted=True)
        wait_until(lambda: any('"issued"' in line for line in out), timeout=LIMIT_S)
    finally:
        if cluster.frozen:
            cluster.thaw()
        watch.kill()
        watch.wait(10)
    assert said <= LIMIT_S, said
    assert back <= LIMIT_S, back


@pytest.mark.timeout(120)
def test_display_feed_shows_reconnecting_within_5_s_and_is_back_within_5_s(qtbot, make_services, cluster,
                                                                           frozen_url):
    from kiosk.events.qt import QtEventFeed

    svc = make_services(frozen_url)
    feed = QtEventFeed(svc)
    changes: list[tuple[float, bool]] = []
    feed.connection_changed.connect(lambda up: changes.append((time.monotonic(), up)))
    feed.start()
    try:
        qtbot.waitUntil(lambda: feed.connected is True, timeout=10_000)
        frozen_at = time.monotonic()
        cluster.freeze()
        qtbot.waitUntil(lambda: feed.connected is False, timeout=15_000)
        said = next(at for at, up in changes if not up) - frozen_at
        qtbot.wait(2000)
        thawed_at = time.monotonic()
        cluster.thaw()
        qtbot.waitUntil(lambda: feed.connected is True, timeout=15_000)
        back = next(at for at, up in changes if up and at >= thawed_at) - thawed_at
    finally:
        if cluster.frozen:
            cluster.thaw()
        feed.close()
    assert said <= LIMIT_S, said
    assert back <= LIMIT_S, back
