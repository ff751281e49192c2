"""The Qt edge of the feed: signals on the window's thread, and sound reference counts."""
from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from kiosk.events.qt import Background, QtEventFeed, emit
from tests.events.helpers import issue


class _Source(QObject):
    changed = Signal(int)


def test_emitting_many_signals_leaves_bool_reference_counts_intact(qtbot):
    source = _Source()
    got = []
    source.changed.connect(got.append)
    before = sys.getrefcount(True)
    for i in range(2000):
        emit(source.changed, i)
    assert len(got) == 2000
    assert abs(sys.getrefcount(True) - before) < 50


def test_feed_delivers_events_and_resync_on_the_owner_thread(qtbot, make_services):
    import threading

    svc = make_services()
    feed = QtEventFeed(svc, safety_poll_s=1.0)
    threads, batches, statuses = [], [], []
    feed.events.connect(lambda events: (batches.append(events), threads.append(threading.current_thread())))
    feed.resynced.connect(statuses.append)
    feed.start()
    try:
        qtbot.waitUntil(lambda: feed.connected is True and len(statuses) == 1, timeout=5000)
        tickets = issue(svc, "INFO", "JHT")
        svc.call_next(3)
        qtbot.waitUntil(lambda: sum(len(b) for b in batches) == 3, timeout=5000)
    finally:
        feed.close()
    kinds = [e.kind for b in batches for e in b]
    assert kinds == ["issued", "issued", "called"]
    assert [e.number for b in batches for e in b][2] == tickets[1].number
    assert all(t is threading.main_thread() for t in threads)


def test_background_answers_on_the_owner_thread_and_reports_errors(qtbot):
    import threading

    background = Background()
    answers = []
    background.call(lambda: threading.current_thread().name, lambda name: answers.append(
        (name, threading.current_thread() is threading.main_thread())))
    background.call(lambda: 1 / 0, None, lambda exc: answers.append(type(exc).__name__))
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=3000)
    background.close()
    assert answers[0][0] != threading.main_thread().name and answers[0][1] is True
    assert answers[1] == "ZeroDivisionError"
