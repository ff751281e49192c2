"""The counter window, driven by its objectNames like an officer at the desk."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk.events.qt import QtEventFeed
from kiosk.ui.app import make_app
from kiosk.ui.counter import CounterWindow
from kiosk.ui.display import DisplayWindow
from tests.events.helpers import issue


@pytest.fixture
def desk(qtbot, make_services):
    """A counter window for counter 1 and a display, sharing one in-process feed (as in the demo)."""
    made = []

    def factory(svc=None, counter=1, unlocked=True, lang="id"):
        make_app()
        svc = svc or make_services()
        feed = QtEventFeed(svc, safety_poll_s=1.0)
        window = CounterWindow(svc, counter, feed, unlocked=unlocked, lang=lang)
        display = DisplayWindow(svc, feed)
        for w in (window, display):
            qtbot.addWidget(w)
            w.show()
        feed.start()
        qtbot.waitUntil(lambda: feed.connected is True, timeout=10000)
        made.append((feed, window, display))
        return svc, window, display

    yield factory
    for feed, window, display in made:
        window.close()
        display.close()
        feed.close()


def number(window) -> str:
    return window.findChild(QLabel, "ticketNumber").text()


def click(qtbot, window, name: str) -> None:
    """Tap a button once the counter is done with its last action: a tap while it works is not
    taken (the feed may show an action's result a moment before the action is done)."""
    if hasattr(window, "busy"):
        qtbot.waitUntil(lambda: not window.busy, timeout=5000)
    qtbot.mouseClick(window.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def test_wrong_pin_keeps_it_locked_right_pin_opens(desk, qtbot):
    svc, window, _ = desk(unlocked=False)
    assert not window.unlocked
    qtbot.keyClicks(window.findChild(object, "pinInput"), "0000")
    click(qtbot, window, "pinSubmit")
    qtbot.waitUntil(lambda: not window.pin_checking, timeout=5000)
    assert not window.unlocked
    assert window.findChild(QLabel, "pinError").text() == "PIN salah. Sisa percobaan: 4."
    qtbot.keyClicks(window.findChild(object, "pinInput"), "1234")
    click(qtbot, window, "pinSubmit")
    qtbot.waitUntil(lambda: window.unlocked, timeout=5000)


def test_call_next_shows_the_ticket_and_the_display_follows(desk, qtbot):
    svc, window, display = desk()
    elderly, young = issue(svc, "INFO", nik="3171011708450001")[0], issue(svc, "DATA")[0]
    qtbot.waitUntil(lambda: "(2)" in window.waiting_title.text(), timeout=3000)
    click(qtbot, window, "callNext")
    assert window.feedback.text() == "Memproses…"  # answered within the frame
    qtbot.waitUntil(lambda: number(window) == elderly.number, timeout=3000)
    box = window.findChild(object, "currentTicket")
    shown = " ".join(label.text() for label in box.findChildren(QLabel))
    assert "Prioritas" in shown and "Informasi & Kepesertaan" in shown
    assert "0001" not in shown  # NIK hidden until the officer asks
    click(qtbot, window, "nikToggle")
    assert "************0001" in window.nik_label.text()
    assert [c.text() for c in window.document_checks] == list(svc.branch.service("INFO").documents)
    qtbot.waitUntil(lambda: display.now_number.text() == elderly.number, timeout=3000)
    qtbot.waitUntil(lambda: "(1)" in window.waiting_title.text(), timeout=3000)
    assert young.number in window.waiting_list.item(0).text()


def test_recall_skip_finish_and_today_counts(desk, qtbot, clock):
    svc, window, _ = desk()
    a, b, c = issue(svc, "INFO", "INFO", "INFO")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.scan, Qt.Key.Key_F1)  # the shortcut works while the scan field has the focus
    qtbot.waitUntil(lambda: number(window) == a.number, timeout=3000)
    click(qtbot, window, "recall")
    qtbot.waitUntil(lambda: "dipanggil ulang" in window.feedback.text(), timeout=3000)
    assert svc.current_ticket(1).call_count == 2
    clock.advance(minutes=2)                    # the branch's grace before a no-show
    qtbot.waitUntil(lambda: window.findChild(QPushButton, "skip").isEnabled(), timeout=3000)
    click(qtbot, window, "skip")
    qtbot.waitUntil(lambda: "tidak hadir" in window.feedback.text(), timeout=3000)
    assert number(window) == "—"
    click(qtbot, window, "callNext")
    qtbot.waitUntil(lambda: number(window) == b.number, timeout=3000)
    click(qtbot, window, "finish")
    qtbot.waitUntil(lambda: "selesai" in window.feedback.text(), timeout=3000)
    qtbot.waitUntil(lambda: "dilayani 1 · tidak hadir 1" in window.today.text(), timeout=3000)


def test_transfer_needs_a_reason_and_moves_the_ticket(desk, qtbot):
    svc, window, _ = desk()
    (a,) = issue(svc, "INFO")
    click(qtbot, window, "callNext")
    qtbot.waitUntil(lambda: number(window) == a.number, timeout=3000)
    click(qtbot, window, "transfer")
    assert window.transfer_panel.isVisible()
    target = window.findChild(object, "transferTarget")
    target.setCurrentIndex(target.findData("JHT"))
    click(qtbot, window, "transferConfirm")
    assert "alasan" in window.feedback.text()
    qtbot.keyClicks(window.findChild(object, "transferReason"), "klaim JHT")
    click(qtbot, window, "transferConfirm")
    qtbot.waitUntil(lambda: "dialihkan" in window.feedback.text(), timeout=3000)
    moved = svc.waiting(["JHT"])
    assert [t.number for t in moved] == [a.number]


def test_pause_blocks_calls_until_resumed(desk, qtbot):
    svc, window, display = desk()
    issue(svc, "INFO")
    click(qtbot, window, "pause")
    click(qtbot, window, "pauseReason_istirahat")         # a pause says why (the branch's reasons)
    qtbot.waitUntil(lambda: window.paused_mark.isVisible() and not window.busy, timeout=3000)
    assert not window.findChild(QPushButton, "callNext").isEnabled()
    qtbot.waitUntil(lambda: display.tiles[1].number.text() == "Istirahat", timeout=3000)
    click(qtbot, window, "pause")
    qtbot.waitUntil(lambda: window.findChild(QPushButton, "callNext").isEnabled(), timeout=3000)


def test_scanned_ticket_qr_opens_that_ticket(desk, qtbot):
    svc, window, _ = desk()
    first, second = issue(svc, "INFO", "INFO")
    reference = second.ticket_data.qr_payload  # what the ticket's QR code holds
    qtbot.keyClicks(window.findChild(object, "scanInput"), reference)  # a keyboard-wedge scanner types it
    qtbot.keyClick(window.findChild(object, "scanInput"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: number(window) == second.number, timeout=3000)
    assert "dibuka" in window.feedback.text()


def test_assistance_request_appears_and_is_acknowledged(desk, qtbot):
    svc, window, _ = desk()
    event_id = svc.request_assistance("kiosk-2", "kursi roda")
    qtbot.waitUntil(lambda: window.findChild(QPushButton, f"ack_{event_id}") is not None, timeout=3000)
    assert window.assistance.isVisible()
    click(qtbot, window, f"ack_{event_id}")
    qtbot.waitUntil(lambda: not window.assistance.isVisible(), timeout=3000)
    assert svc.open_assistance() == []


def test_an_error_is_one_sentence_in_the_window(desk, qtbot):
    svc, window, _ = desk()
    click(qtbot, window, "callNext")
    qtbot.waitUntil(lambda: window.feedback.text() == "Tidak ada antrian yang menunggu.", timeout=3000)
    assert not window.feedback_error
    qtbot.keyClicks(window.scan, "NOSUCH")                  # a scan the queue does not know
    qtbot.keyClick(window.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.feedback.text() == "Tiket NOSUCH tidak ditemukan.", timeout=3000)
    assert window.feedback_error and not window.busy
    assert window.findChild(QPushButton, "callNext").isEnabled()      # the window keeps working


def test_two_counters_calling_at_once_never_share_a_ticket(make_services, db_url):
    svcs = [make_services(db_url) for _ in range(4)]
    issue(svcs[0], *(["INFO"] * 12))
    got: dict[int, list[str]] = {1: [], 2: []}
    barrier = threading.Barrier(4)

    def counter_pc(svc, counter):
        barrier.wait()
        for _ in range(3):
            view = svc.call_next(counter, "done")
            if view is not None:
                got[counter].append(view.ticket_id)

    threads = [threading.Thread(target=counter_pc, args=(svcs[i], 1 + i % 2)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    called = [e.ticket_id for e in svcs[0].events_after(0) if e.kind == "called"]
    assert len(called) == 12
    assert len(set(called)) == 12  # no ticket was called twice
