"""The SQLite change watch sleeps until the kernel says the database was written (inotify), and
falls back to polling where it cannot."""
from __future__ import annotations

import select
import sys
import time

import pytest

from kiosk.events import EventFollower, feed
from kiosk.events.inotify import FolderWatch
from tests.events.helpers import anjungan, issue, wait_until

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")


def _readable(fd: int, timeout: float) -> bool:
    return bool(select.select([fd], [], [], timeout)[0])


def test_a_commit_from_another_process_wakes_the_watch_and_an_idle_file_does_not(make_services, tmp_path):
    url = f"sqlite:///{tmp_path / 'hall.sqlite'}"
    svc = make_services(url)
    follower = EventFollower(svc)
    follower.connect()
    fd = follower.watcher.fileno()
    assert fd is not None and follower.tick_s >= 1.0          # no 100 ms poll
    follower.poll(force=True)
    assert not _readable(fd, 0.5)                              # nothing written: nothing to wake for
    (tmp_path / "anjungan.log").write_text("another file in the same folder\n")
    assert not follower.watcher.changed()                      # other files do not count
    done = anjungan("issue", "--service", "INFO", "--nik", "3171012902001234", db=url)
    assert done.returncode == 0, done.stderr
    assert _readable(fd, 5)
    events = follower.poll()
    assert [e.kind for e in events] == ["issued"]
    follower.close()


def test_follow_gets_the_event_without_its_poll(make_services, tmp_path, monkeypatch):
    """With the look-anyway tick at a minute, only the kernel's wake-up can bring the event."""
    monkeypatch.setattr(feed, "SQLITE_WATCHED_POLL_S", 60.0)
    url = f"sqlite:///{tmp_path / 'hall.sqlite'}"
    reader, writer = make_services(url), make_services(url)
    follower = EventFollower(reader)
    follower.connect()
    follower.poll(force=True)
    issue(writer, "INFO")
    t0 = time.monotonic()
    follower.wait(60)
    events = follower.poll(safety_poll_s=120)
    assert time.monotonic() - t0 < 5 and [e.kind for e in events] == ["issued"]
    follower.close()


def test_without_inotify_the_watch_polls(make_services, tmp_path, monkeypatch):
    monkeypatch.setattr(FolderWatch, "open", classmethod(lambda cls, folder, prefix: None))
    url = f"sqlite:///{tmp_path / 'hall.sqlite'}"
    reader, writer = make_services(url), make_services(url)
    follower = EventFollower(reader)
    follower.connect()
    assert follower.watcher.fileno() is None and follower.tick_s == feed.SQLITE_POLL_S
    follower.poll(force=True)
    issue(writer, "JHT")
    got: list = []
    wait_until(lambda: (follower.wait(1), got.extend(follower.poll()))[1] is None and bool(got), timeout=5)
    assert [e.kind for e in got] == ["issued"]
    follower.close()
