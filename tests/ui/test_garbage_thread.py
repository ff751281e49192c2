"""A closed window in a reference cycle is freed on the screen thread, never on a heartbeat's or a
worker's: Qt does not survive a widget destroyed on another thread (kiosk/ui/app.py)."""
from __future__ import annotations

import threading
import weakref

from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.app import make_app


class _Screen(QWidget):
    """A window that holds itself through one of its callbacks, as a closure on `self` does."""

    def __init__(self):
        super().__init__()
        self.label = QLabel("Nomor antrean", self)
        self.on_tick = lambda: self.label.text()


def _busy_worker() -> None:
    """A heartbeat's or a worker's thread, allocating as the store does."""
    rows = []
    for i in range(200_000):
        rows.append({"n": i, "pair": [i]})
        if len(rows) > 500:
            rows.clear()


def test_a_window_in_a_cycle_is_freed_on_the_screen_thread_not_by_a_busy_worker(qtbot):
    make_app()
    freed_on: list[str] = []
    screen = _Screen()
    weakref.finalize(screen, lambda: freed_on.append(threading.current_thread().name))
    del screen                                  # only its own cycle keeps it now

    worker = threading.Thread(target=_busy_worker, name="heartbeat-kiosk")
    worker.start()
    worker.join()
    assert freed_on == []                       # the worker's allocations collected nothing

    young = [[] for _ in range(2000)]           # the screen thread allocates past the threshold too
    qtbot.waitUntil(lambda: bool(freed_on), timeout=5000)
    assert freed_on == [threading.main_thread().name]
    assert len(young) == 2000


CLOSED_HALLS = """
import sys
from PySide6.QtCore import QCoreApplication
from kiosk.events.qt import QtEventFeed
from kiosk.services import demo_config, open_services
from kiosk.ui.app import collect, make_app
from kiosk.ui.display import DisplayWindow

make_app()
svc = open_services(db_url=sys.argv[1], config=demo_config())
for i in range(6):
    feed = QtEventFeed(svc, safety_poll_s=1.0)
    window = DisplayWindow(svc, feed, lang="en" if i % 2 else "id")
    window.show()
    QCoreApplication.processEvents()
    window.close()
    feed.close()
    del window, feed                    # only the window's own cycles hold it now
    collect(2)
svc.close()
print("all collected")
"""


def _run_alone(script: str, tmp_path) -> str:
    """Run `script` in a process of its own on a new store; a crash is its exit code (SIGSEGV: -11)."""
    import os
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'queue.sqlite'}"
    subprocess.run([sys.executable, "-m", "kiosk", "--db", url, "db", "upgrade"], check=True, capture_output=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", script, url], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_closed_hall_displays_held_only_by_their_cycles_are_collected_without_a_crash(tmp_path):
    """Python's collector alone, tearing a closed hall display apart piece by piece, ends the
    process (SIGSEGV in a child widget's destructor); Qt deleting the window whole does not."""
    assert _run_alone(CLOSED_HALLS, tmp_path) == "all collected"


OLDER_HALLS = """
import gc, sys, weakref
from PySide6.QtCore import QCoreApplication
from kiosk.events.qt import QtEventFeed
from kiosk.services import demo_config, open_services
from kiosk.ui.app import collect, make_app
from kiosk.ui.display import DisplayWindow

make_app()
svc = open_services(db_url=sys.argv[1], config=demo_config())
freed = []
for i in range(6):
    feed = QtEventFeed(svc, safety_poll_s=1.0)
    window = DisplayWindow(svc, feed, lang="en" if i % 2 else "id")
    weakref.finalize(window, freed.append, i)
    window.show()
    QCoreApplication.processEvents()
    window.close()
    feed.close()
    gc.collect(0)                       # still held: it moves up to the older generation
    del window, feed                    # only its own cycles hold it now
    collect(0)                          # the first pass looks at the young only; the second frees up to the older
print(len(freed), end=" ")
collect(2)
svc.close()
print(len(freed))
"""


def test_a_closed_hall_display_dropped_in_an_older_generation_waits_for_an_older_collection(tmp_path):
    """A young collection frees the generation above it too, where a dropped window may lie that
    its first pass did not look at: it is held, not torn apart (SIGSEGV), and the next full
    collection has Qt delete it whole."""
    assert _run_alone(OLDER_HALLS, tmp_path) == "0 6"
