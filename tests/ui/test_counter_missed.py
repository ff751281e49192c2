"""A missed call at the counter window, as a CSO in a hurry meets it: the no-show waits for the
branch's grace on its own key (not F3 beside recall), the hall display lets go of the number at
once, two taps put the participant back in the queue, "call next" asks about a call never
started, and a pause says why and for how long."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from tests.events.helpers import issue
from tests.ui.test_counter import click, desk, number  # noqa: F401 - the shared fixture


def button(window, name: str) -> QPushButton:
    return window.findChild(QPushButton, name)


def test_a_no_show_waits_for_the_grace_and_comes_back_in_two_taps(desk, qtbot, clock):  # noqa: F811
    svc, window, display = desk()
    first, second = issue(svc, "INFO")[0], issue(svc, "INFO")[0]
    click(qtbot, window, "callNext")
    qtbot.waitUntil(lambda: number(window) == first.number, timeout=3000)
    qtbot.waitUntil(lambda: display.now_number.text() == first.number, timeout=3000)
    skip = button(window, "skip")
    assert not skip.isEnabled() and skip.text() == "Tidak hadir\n1× · 2:00"     # recalls and time still to go
    assert skip.parentWidget() is window.stage.start.parentWidget()       # beside "start serving", not recall
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.scan, Qt.Key.Key_F3)                      # the old key beside recall does nothing now
    qtbot.keyClick(window.scan, Qt.Key.Key_F12)                     # nor the new one, before the grace
    qtbot.wait(100)
    assert number(window) == first.number and svc.current_ticket(1).state == "called"

    click(qtbot, window, "recall")
    qtbot.waitUntil(lambda: not window.busy, timeout=3000)
    clock.advance(seconds=80)
    qtbot.waitUntil(lambda: "0:40" in skip.text(), timeout=3000)          # counts down by itself
    assert not skip.isEnabled()
    clock.advance(seconds=40)
    qtbot.waitUntil(skip.isEnabled, timeout=3000)
    assert skip.text() == "Tidak Hadir\n[F12]"
    qtbot.keyClick(window.scan, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: number(window) == "—", timeout=3000)
    assert window.feedback.text() == f"{first.number} ditandai tidak hadir."
    # the hall no longer sends anyone to counter 1 for that number (within a second)
    qtbot.waitUntil(lambda: display.now_number.text() != first.number, timeout=1000)
    assert all(first.number not in row.text() for row in display.last_rows)

    click(qtbot, window, "returnToQueue")                                 # tap 1
    back = window.findChild(QPushButton, f"return_{first.number}")
    assert back is not None and window.return_panel.isVisible()
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)                     # tap 2
    qtbot.waitUntil(lambda: window.feedback.text().startswith(f"{first.number} kembali ke antrian"), timeout=3000)
    qtbot.waitUntil(lambda: window.waiting_list.count() == 2
                    and first.number in window.waiting_list.item(0).text(), timeout=3000)   # next, ahead of the other
    assert second.number in window.waiting_list.item(1).text()
    assert [e.kind for e in svc.events_after(0) if e.number == first.number][-2:] == ["skipped", "returned"]


def test_call_next_asks_what_became_of_a_call_never_started(desk, qtbot):  # noqa: F811
    svc, window, _display = desk()
    first, second = issue(svc, "INFO")[0], issue(svc, "INFO")[0]
    click(qtbot, window, "callNext")
    qtbot.waitUntil(lambda: number(window) == first.number, timeout=3000)
    click(qtbot, window, "callNext")
    panel = window.previous_panel
    assert panel.isVisible() and not window.actions_box.isVisible()
    assert panel.title.text() == f"{first.number} belum mulai dilayani. Apa yang terjadi?"
    assert not button(window, "previousNoShow").isEnabled()               # the grace again
    assert number(window) == first.number and svc.current_ticket(1).state == "called"   # nothing done yet
    click(qtbot, window, "previousDone")
    qtbot.waitUntil(lambda: number(window) == second.number, timeout=3000)
    assert not panel.isVisible() and window.actions_box.isVisible()
    kinds = [e.kind for e in svc.events_after(0) if e.number == first.number]
    assert kinds == ["issued", "called", "started", "finished"]



def test_a_scanned_ticket_asks_too_what_became_of_a_call_never_started(desk, qtbot):  # noqa: F811
    """Scanning another ticket's QR while the called one was never started is the same question,
    never a silent "served": answered, the scanned ticket comes to the counter."""
    svc, window, _display = desk()
    first, second = issue(svc, "INFO")[0], issue(svc, "INFO")[0]
    click(qtbot, window, "callNext")
    qtbot.waitUntil(lambda: number(window) == first.number, timeout=3000)
    window.scan.setText(second.ticket_id)
    qtbot.keyClick(window.scan, Qt.Key.Key_Return)
    assert window.previous_panel.isVisible()
    assert svc.current_ticket(1).number == first.number and svc.current_ticket(1).state == "called"
    click(qtbot, window, "previousDone")
    qtbot.waitUntil(lambda: number(window) == second.number, timeout=3000)
    kinds = [e.kind for e in svc.events_after(0) if e.number == first.number]
    assert kinds == ["issued", "called", "started", "finished"]


def test_open_ticket_refuses_while_the_called_ticket_was_never_started(desk, qtbot):  # noqa: F811
    import pytest

    from kiosk.domain.errors import IllegalTransition

    svc, _window, _display = desk()
    first, second = issue(svc, "INFO")[0], issue(svc, "INFO")[0]
    svc.call_next(1)
    with pytest.raises(IllegalTransition):
        svc.open_ticket(1, second.ticket_id)
    assert svc.current_ticket(1).number == first.number and svc.current_ticket(1).state == "called"
    assert svc.open_ticket(1, second.ticket_id, "done").number == second.number

def test_a_pause_says_why_and_for_how_long(desk, qtbot, clock):  # noqa: F811
    svc, window, display = desk()
    click(qtbot, window, "pause")
    assert window.pause_panel.isVisible()
    assert [b.text() for b in window.pause_panel.buttons.values()] == [
        "Istirahat", "Sholat", "Rapat", "Gangguan sistem", "Lainnya"]
    click(qtbot, window, "pauseReason_sholat")                  # done: not only seen in the feed, busy no more
    qtbot.waitUntil(lambda: window.paused_mark.isVisible() and not window.busy, timeout=3000)
    assert window.paused_mark.text() == "JEDA · Sholat · 0 mnt"
    clock.advance(minutes=12)
    window._show_clock()
    assert window.paused_mark.text() == "JEDA · Sholat · 12 mnt"
    assert [e.data for e in svc.events_after(0) if e.kind == "paused"] == [{"reason": "sholat"}]
    click(qtbot, window, "pause")                                          # resume: no question
    qtbot.waitUntil(lambda: not window.paused_mark.isVisible(), timeout=3000)
