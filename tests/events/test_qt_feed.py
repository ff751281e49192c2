"""The Qt edge of the feed: signals and answers arrive on the window's thread."""
from __future__ import annotations

from kiosk.events.qt import QtEventFeed
from kiosk.ui.worker import Background, answers
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
    got = []
    background.run(lambda: threading.current_thread().name, answers(lambda name: got.append(
        (name, threading.current_thread() is threading.main_thread()))))
    background.run(lambda: 1 / 0, lambda result, error: got.append((result, type(error).__name__)))
    qtbot.waitUntil(lambda: len(got) == 2, timeout=3000)
    assert got[0][0] != threading.main_thread().name and got[0][1] is True
    assert got[1] == (None, "ZeroDivisionError")
    assert not background.busy
    background.close()


def test_background_forgets_answers_of_an_abandoned_visit_and_stays_quiet_after_close(qtbot):
    import threading

    background = Background()
    release, got = threading.Event(), []
    background.run(release.wait, lambda result, error: got.append("late"))
    assert background.busy
    background.forget()                       # the visit was abandoned: its answer must not arrive
    release.set()
    assert background.wait(3000)
    background.run(lambda: 1, lambda result, error: got.append(result))
    qtbot.waitUntil(lambda: got == [1], timeout=3000)
    background.close()
    assert background.run(lambda: 2, lambda result, error: got.append(result)) is None
    qtbot.wait(50)
    assert got == [1]
