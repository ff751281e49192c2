"""The hall display: follows calls made elsewhere, survives a database restart, speaks in order."""
from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.events.qt import QtEventFeed
from kiosk.ui.app import make_app
from kiosk.domain.hall import DisplayState
from kiosk.ui.display import DisplayWindow
from kiosk.voice import Announcer, RecordingSink, VoiceSettings
from kiosk.voice.wav import silence, write_wav
from tests.conftest import fresh_nik
from tests.events.helpers import anjungan_json, issue, terminate_backend

NIK_LIKE = re.compile(r"\d{16}|\*{6,}\d{4}")


@pytest.fixture
def open_display(qtbot):
    made = []

    def factory(svc, settings=None, announcer=None, size=(1366, 768)):
        make_app()
        feed = QtEventFeed(svc, safety_poll_s=1.0)
        window = DisplayWindow(svc, feed, settings, announcer=announcer)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        feed.start()
        qtbot.waitUntil(lambda: feed.connected is True, timeout=10000)
        made.append((feed, window))
        return feed, window

    yield factory
    for feed, window in made:
        window.close()
        feed.close()


def texts(window) -> str:
    return " | ".join(label.text() for label in window.findChildren(QLabel))


def now_text(window) -> str:
    return window.findChild(object, "nowCalling").findChild(QLabel, "nowNumber").text()


def tile_text(window, n: int) -> str:
    return window.findChild(object, f"counterTile_{n}").text()


def test_call_from_another_process_reaches_the_display_sqlite(make_services, tmp_path, open_display, qtbot):
    url = f"sqlite:///{tmp_path / 'hall.sqlite'}"
    svc = make_services(url)
    tickets = issue(svc, "INFO", "JHT")
    feed, window = open_display(svc)
    assert now_text(window) == "—"
    called = anjungan_json("call", "--counter", "1", db=url)["ticket"]
    assert called["number"] == tickets[0].number
    qtbot.waitUntil(lambda: now_text(window) == tickets[0].number, timeout=5000)
    assert "Loket 1" in window.now_counter.text()
    assert tile_text(window, 1).endswith(tickets[0].number)
    assert tickets[0].number in window.findChild(object, "lastCalls").findChild(QLabel, "lastCall_0").text()
    assert window.flashing
    anjungan_json("finish", "--counter", "1", db=url)
    qtbot.waitUntil(lambda: tile_text(window, 1).endswith("—"), timeout=5000)


def test_call_on_another_connection_reaches_the_display_postgres(make_services, pg_db, open_display, qtbot):
    display_svc, counter_svc = make_services(pg_db), make_services(pg_db)
    tickets = issue(counter_svc, "JHT", "INFO")
    feed, window = open_display(display_svc)
    assert feed.mode == "postgresql"
    counter_svc.call_next(3)
    qtbot.waitUntil(lambda: now_text(window) == tickets[0].number, timeout=3000)
    assert tile_text(window, 3).endswith(tickets[0].number)
    counter_svc.pause(6)
    qtbot.waitUntil(lambda: tile_text(window, 6).endswith("Istirahat"), timeout=3000)


def test_listener_killed_display_marks_it_resyncs_and_is_never_stale(make_services, pg_db, pg_url, open_display,
                                                                     qtbot):
    display_svc, counter_svc = make_services(pg_db), make_services(pg_db)
    first, second = issue(counter_svc, "INFO", "INFO")
    feed, window = open_display(display_svc)
    counter_svc.call_next(1)
    qtbot.waitUntil(lambda: now_text(window) == first.number, timeout=3000)
    changes = []
    feed.connection_changed.connect(changes.append)
    terminate_backend(pg_url, feed.follower.watcher.pid)
    counter_svc.call_next(2)  # its NOTIFY is lost with the connection
    qtbot.waitUntil(lambda: False in changes, timeout=10000)
    assert window.reconnecting.isVisible() or changes[-1] is True
    qtbot.waitUntil(lambda: changes[-1] is True, timeout=10000)
    qtbot.waitUntil(lambda: now_text(window) == second.number, timeout=5000)
    assert not window.reconnecting.isVisible()
    assert "Loket 2" in window.now_counter.text()
    assert tile_text(window, 1).endswith(first.number) and tile_text(window, 2).endswith(second.number)


def test_sqlite_file_gone_shows_reconnecting_then_resyncs(make_services, tmp_path, open_display, qtbot):
    import shutil

    path = tmp_path / "hall.sqlite"
    svc = make_services(f"sqlite:///{path}")
    (ticket,) = issue(svc, "INFO")
    feed, window = open_display(svc)
    shutil.move(path, tmp_path / "aside.sqlite")
    qtbot.waitUntil(lambda: window.reconnecting.isVisible(), timeout=5000)
    assert window.now_counter.text() == "Data sedang diperbarui"  # the old call is not shown as current
    shutil.move(tmp_path / "aside.sqlite", path)
    svc.call_next(1)
    qtbot.waitUntil(lambda: not window.reconnecting.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: now_text(window) == ticket.number, timeout=5000)


def test_display_shows_only_its_counters_and_never_a_nik(make_services, open_display, qtbot, clock):
    from dataclasses import replace

    svc = make_services()
    a, b = issue(svc, "INFO", "JHT", nik="3171011708450001")
    settings = replace(svc.config.display, counters=(1, 2))
    feed, window = open_display(svc, settings)
    assert window.findChild(object, "counterTile_3") is None
    svc.call_next(3)   # not this display's counter
    svc.call_next(1)
    qtbot.waitUntil(lambda: now_text(window) == a.number, timeout=3000)
    assert b.number not in texts(window)
    assert not NIK_LIKE.search(texts(window))


def test_calls_are_spoken_one_at_a_time_in_order(make_services, open_display, qtbot):
    svc = make_services()
    tickets = issue(svc, "INFO", "INFO", "JHT")
    sink = RecordingSink(realtime=True)
    settings = VoiceSettings(backends=("silent",), player="none", chime=True)
    announcer = Announcer(settings, sink=sink, chime=write_wav(silence(8000, 0.08)))
    try:
        feed, window = open_display(svc, announcer=announcer)
        barrier = threading.Barrier(2)

        def counter_pc(n):
            barrier.wait()
            svc.call_next(n)

        threads = [threading.Thread(target=counter_pc, args=(n,)) for n in (1, 3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        qtbot.waitUntil(lambda: len(announcer.history) == 2, timeout=5000)
        svc.recall(1)
        qtbot.waitUntil(lambda: len(announcer.history) == 3, timeout=5000)
        assert announcer.wait_idle(5)
    finally:
        announcer.close()
    spoken = [(s.call.number, s.call.counter) for s in announcer.history]
    calls = [(e.number, e.counter) for e in svc.events_after(0) if e.kind in ("called", "recalled")]
    assert spoken == calls  # the order the calls were made, the recall spoken again
    assert spoken[2] == spoken[[c for _n, c in spoken[:2]].index(1)]
    assert sink.max_concurrent == 1
    ends = [(p.started, p.ended) for p in sink.played]
    assert all(later[0] >= earlier[1] for earlier, later in zip(ends, ends[1:]))


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080), (1080, 1920), (3840, 2160)])
def test_display_scales_and_numbers_fit(make_services, open_display, qtbot, size, tmp_path):
    svc = make_services()
    issue(svc, "INFO", "JHT", "JHT", "INFO")
    for n in (1, 3, 4):
        svc.call_next(n)
    svc.pause(6)
    feed, window = open_display(svc, size=size)
    qtbot.waitUntil(lambda: tile_text(window, 4) != "Loket 4 —", timeout=3000)
    qtbot.wait(50)
    assert (window.width(), window.height()) == size
    labels = [window.now_number] + [t.number for t in window.tiles.values()]
    for label in (label for label in labels if label.isVisible()):     # the strip's page on screen
        assert label.fontMetrics().horizontalAdvance(label.text()) <= label.width(), label.text()
    assert window.now_number.font().pixelSize() >= 0.09 * min(size)  # readable across a room
    assert not window.grab().isNull()


def test_state_rules_for_recall_and_finish(make_services):
    """A recall moves to the top without a duplicate; finishing clears only that counter's tile."""
    svc = make_services()
    state = DisplayState.for_branch(svc.branch)
    a, b = issue(svc, "INFO", "INFO")
    svc.call_next(1)
    svc.call_next(2)
    svc.recall(1)
    svc.finish(2)
    for event in svc.events_after(0):
        state.apply(event)
    assert [c.number for c in state.last_calls] == [a.number, b.number]
    assert state.now_calling.number == a.number and state.now_calling.recall
    assert state.tiles[1].number == a.number and state.tiles[2].number is None
    fresh = DisplayState.for_branch(svc.branch)
    fresh.load(svc.status())
    assert fresh.tiles[1].number == a.number and fresh.tiles[2].number is None
    assert fresh.now_calling.number == a.number


def _pixel(widget, x: int, y: int) -> str:
    return widget.grab().toImage().pixelColor(x, y).name()


def test_new_call_flashes_the_box_and_the_number_repaints(make_services, open_display, qtbot):
    """The "now calling" box turns yellow with dark text on a call, then back; each number is drawn anew."""
    from kiosk.ui.display.panel import BOX, FLASH

    svc = make_services()
    a, b = issue(svc, "INFO", "INFO")
    feed, window = open_display(svc, size=(1920, 1080))
    window._flash.setInterval(40)           # blink faster than on the TV, to keep the test short
    box = window.findChild(object, "nowCalling")
    assert _pixel(box, 40, 40) == BOX
    svc.call_next(1)
    qtbot.waitUntil(lambda: now_text(window) == a.number, timeout=3000)
    assert window.flashing and _pixel(box, 40, 40) == FLASH
    qtbot.waitUntil(lambda: not window.flashing, timeout=6000)
    assert _pixel(box, 40, 40) == BOX
    first = window.now_number.grab().toImage()
    svc.call_next(2)
    qtbot.waitUntil(lambda: now_text(window) == b.number, timeout=3000)
    qtbot.waitUntil(lambda: not window.flashing, timeout=6000)
    second = window.now_number.grab().toImage()
    assert second != first and not second.isNull()        # the new number, not the old drawing
    svc.recall(1)
    qtbot.waitUntil(lambda: now_text(window) == a.number, timeout=3000)
    qtbot.waitUntil(lambda: not window.flashing, timeout=6000)
    assert window.now_number.grab().toImage() == first


def test_stale_message_wraps_inside_the_box(make_services, open_display, qtbot):
    svc = make_services()
    issue(svc, "INFO")
    svc.call_next(1)
    feed, window = open_display(svc, size=(1366, 768))
    window.on_connection(False)
    qtbot.wait(50)                                  # the box lays the sentence out at its size
    label = window.now_counter
    assert label.text() == "Data sedang diperbarui"
    assert label.fontMetrics().horizontalAdvance(label.text()) > label.width()   # too long for one line
    image = label.grab().toImage()
    ink_rows = [y for y in range(image.height())
                if any(image.pixelColor(x, y).name() != image.pixelColor(0, 0).name() for x in range(0, image.width(), 3))]
    assert ink_rows and ink_rows[-1] - ink_rows[0] > 1.5 * label.fontMetrics().height()   # two lines


@pytest.mark.parametrize("lang,date_text,clock_text", [
    ("id", "Senin, 23 November 2026", "09.00"),
    ("en", "Monday, 23 November 2026", "09:00"),
])
def test_the_date_and_clock_are_written_in_the_display_language(qtbot, make_services, lang, date_text, clock_text):
    make_app()
    svc = make_services()
    feed = QtEventFeed(svc, safety_poll_s=1.0)
    window = DisplayWindow(svc, feed, lang=lang)
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.findChild(QLabel, "dateLabel").text() == date_text
        assert window.findChild(QLabel, "clockLabel").text() == clock_text
    finally:
        window.close()
        feed.close()


def test_a_pushed_branch_configuration_reaches_the_hall_at_once(make_services, tmp_path, open_display, qtbot):
    """The IT officer pushes a branch with four counters and a new running text from another PC:
    the hall display shows four tiles and the new text without a restart, and a call still shows."""
    url = f"sqlite:///{tmp_path / 'queue.sqlite'}"
    hall = make_services(url)
    feed, window = open_display(hall)
    assert sorted(window.tiles) == [c.number for c in hall.branch.counters] and len(window.tiles) == 6
    shipped = Path(__file__).resolve().parents[2] / "config" / "default.toml"
    pushed = tmp_path / "branch.toml"
    counters = "".join(f'[[counters]]\nnumber = {n}\nservices = ["INFO", "DATA", "IURAN", "JHT", "JKK", "JKM", "JP", '
                       f'"ADUAN"]\n\n' for n in (1, 2, 3, 4))
    pushed.write_text(f'extends = "{shipped}"\n\n[display]\nrunning_text = ["Loket 5 dan 6 tutup hari ini."]\n\n'
                      + counters, encoding="utf-8")
    office = make_services(url)                       # the IT officer's PC, on the same database
    office.push_config(pushed)
    qtbot.waitUntil(lambda: sorted(window.tiles) == [1, 2, 3, 4], timeout=5000)
    assert window.findChild(object, "counterTile_5") is None or not window.findChild(object, "counterTile_5").isVisible()
    assert window.marquee.text() == "Loket 5 dan 6 tutup hari ini."
    office.issue(fresh_nik(), "INFO", assisted=True)
    office.call_next(4)
    qtbot.waitUntil(lambda: tile_text(window, 4).endswith("A-001"), timeout=5000)
