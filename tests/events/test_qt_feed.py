"""The Qt edge of the feed: signals and answers arrive on the window's thread."""
from __future__ import annotations

from kiosk.events.qt import Background, QtEventFeed
from tests.events.helpers import issue


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
