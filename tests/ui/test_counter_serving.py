"""The counter window with booked tickets and the participant's arrival at the counter: the slot
in the waiting list and on the called ticket, the hall display calling a booked ticket like any
other, "start serving" and what the visit's timeline then holds."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk.domain.nik import make_nik
from kiosk.domain.queue import TicketState
from kiosk.domain.timeline import DayLog
from kiosk.events.qt import QtEventFeed
from kiosk.ui.app import make_app
from kiosk.ui.counter import CounterWindow
from tests.conftest import JAKARTA
from tests.ui.test_counter import click, desk, number  # noqa: F401 - the shared fixture

MONDAY = date(2026, 11, 23)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 23, hour, minute, tzinfo=JAKARTA)


def young(serial: int) -> str:
    return make_nik("31", "71", "01", date(1990, 3, 14), "F", 1000 + serial)


def rows(window) -> list[str]:
    return [window.waiting_list.item(i).text() for i in range(window.waiting_list.count())]


def booked_morning(svc, clock):
    """At 09.00, as the slot of a booking for 09.00–09.30 starts: a walk-in, told that the booking
    goes before it (a booking goes first only where the walk-in's told place counted it), the
    booked participant checking in, and one lapsed booking."""
    clock.now = at(8, 0)
    svc.book(young(1), "INFO", MONDAY, "09.00", "09.30", source="Lapak Asik", code="LPK-001")
    svc.book(young(2), "INFO", MONDAY, "08.00", "08.30", source="JMO", code="JMO-002")
    clock.now = at(9, 0)
    walk_in = svc.issue(young(10), "INFO")
    assert walk_in.place.ahead == 1                 # the booking, counted in the place it was told
    booked = svc.check_in("LPK-001")
    assert booked.outcome == "checked_in"
    late = svc.check_in("JMO-002")                  # its window closed at 08.40: walk-in order
    assert late.outcome == "walk_in"
    return walk_in, booked.ticket, late.ticket


def shown(widget) -> str:
    return " | ".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def test_a_booked_ticket_shows_its_slot_in_the_list_and_when_called(desk, qtbot, clock):  # noqa: F811
    svc, window, display = desk()
    walk_in, booked, late = booked_morning(svc, clock)
    clock.now = at(9, 0)                           # the slot has started
    window.refresh()
    qtbot.waitUntil(lambda: "(3)" in window.waiting_title.text(), timeout=3000)
    listed = {row.split()[0]: row for row in rows(window)}
    assert "Booking 09.00–09.30" in listed[booked.number]
    assert "Booking" not in listed[walk_in.number]
    assert "Booking 08.00–08.30 · antrian biasa" in listed[late.number]
    assert rows(window)[0].startswith(booked.number)  # the due booking is called first

    click(qtbot, window, "callNext")
    qtbot.waitUntil(lambda: number(window) == booked.number, timeout=3000)
    label = window.findChild(QLabel, "ticketBooking")
    assert label.isVisible() and label.text() == "Booking online — slot 09.00–09.30 · kode LPK-001"
    assert "Dipanggil" in window.ticket_service.text()

    # the hall display calls it like any other number: no booking, code or slot on the screen
    qtbot.waitUntil(lambda: display.now_number.text() == booked.number, timeout=3000)
    assert display.now_counter.text() == "Loket 1"
    assert display.tiles[1].number.text() == booked.number
    hall = shown(display)
    assert "Booking" not in hall and "LPK-001" not in hall and "09.30" not in hall

    # started, the ticket keeps its booking line; the next call (a walk-in) has none
    click(qtbot, window, "startServing")
    qtbot.waitUntil(lambda: window.findChild(QLabel, "servingSince").isVisible(), timeout=3000)
    assert label.isVisible() and "09.00–09.30" in label.text()
    click(qtbot, window, "finish")
    qtbot.waitUntil(lambda: number(window) == "—", timeout=3000)
    click(qtbot, window, "callNext")
    qtbot.waitUntil(lambda: number(window) == walk_in.number, timeout=3000)
    assert not label.isVisible()
    qtbot.waitUntil(lambda: display.now_number.text() == walk_in.number, timeout=3000)
    assert display.now_counter.text() == "Loket 1"  # the same call as the booked one


def test_the_booking_line_in_english(qtbot, make_services, clock):
    make_app()
    svc = make_services()
    _walk_in, booked, _late = booked_morning(svc, clock)
    clock.now = at(9, 0)
    feed = QtEventFeed(svc, safety_poll_s=1.0)
    window = CounterWindow(svc, 1, feed, unlocked=True, lang="en")
    qtbot.addWidget(window)
    window.show()
    feed.start()
    try:
        qtbot.waitUntil(lambda: window.waiting_list.count() == 3, timeout=3000)
        assert any(row.startswith(booked.number) and "Booked 09:00–09:30" in row for row in rows(window))
        click(qtbot, window, "callNext")
        qtbot.waitUntil(lambda: number(window) == booked.number, timeout=3000)
        assert window.ticket_booking.text() == "Online booking — slot 09:00–09:30 · code LPK-001"
        assert window.findChild(QPushButton, "startServing").text().startswith("Start serving")
    finally:
        window.close()
        feed.close()


def visit_of(svc, ticket_id: str):
    log = DayLog(MONDAY).extend(svc.events_after(0))
    return next(f for f in log.facts(svc.tz) if f.ticket_id == ticket_id)


def test_start_serving_moves_the_ticket_and_the_timeline_has_walking_and_service_time(desk, qtbot, clock):  # noqa: F811
    svc, window, _display = desk()
    (a,) = [svc.issue(young(20), "INFO")]
    start = window.findChild(QPushButton, "startServing")
    assert not start.isVisible()                   # nothing called yet
    clock.now = at(9, 10)
    click(qtbot, window, "callNext")
    qtbot.waitUntil(lambda: number(window) == a.number, timeout=3000)
    assert start.isVisible() and start.isEnabled() and start.text().startswith("Mulai melayani")
    assert start.height() >= 44
    for name in ("finish", "transfer", "recall"):   # every move the domain allows a called ticket (a no-show
                                                    # only after the branch's grace)
        assert window.findChild(QPushButton, name).isEnabled(), name

    clock.now = at(9, 12)                          # two minutes' walk to the counter
    click(qtbot, window, "startServing")
    assert window.feedback.text() == "Memproses…"
    serving = window.findChild(QLabel, "servingSince")
    qtbot.waitUntil(lambda: serving.isVisible(), timeout=3000)
    assert svc.current_ticket(1).state == svc.start_serving(1).state  # started once, stays so
    assert "Dilayani" in window.ticket_service.text()
    assert serving.text() == "Dilayani sejak 09.12 · 0 menit"
    assert not start.isVisible()
    assert "mulai dilayani" in window.feedback.text()
    # a participant at the counter is no longer a no-show; finish and transfer still go
    assert not window.findChild(QPushButton, "skip").isEnabled()
    assert window.findChild(QPushButton, "finish").isEnabled()
    assert window.findChild(QPushButton, "transfer").isEnabled()

    clock.now = at(9, 17)
    window._show_clock()                           # the window's clock tick
    assert serving.text() == "Dilayani sejak 09.12 · 5 menit"
    window.refresh()                               # a reload keeps the start time (from the events)
    qtbot.waitUntil(lambda: not window._refreshing, timeout=3000)
    assert serving.text() == "Dilayani sejak 09.12 · 5 menit"

    clock.now = at(9, 20)
    click(qtbot, window, "finish")
    qtbot.waitUntil(lambda: "selesai" in window.feedback.text(), timeout=3000)
    qtbot.waitUntil(lambda: not serving.isVisible() and not start.isVisible(), timeout=3000)
    facts = visit_of(svc, a.ticket_id)
    assert (facts.wait_s, facts.walk_s, facts.service_s) == (10 * 60, 2 * 60, 8 * 60)
    info = {s["service"]: s for s in svc.report(MONDAY, MONDAY).to_json()["services"]}["INFO"]
    assert (info["served"], info["walk_p50_min"], info["service_p50_min"]) == (1, 2.0, 8.0)


def test_finishing_without_start_serving_still_works(desk, qtbot, clock):  # noqa: F811
    svc, window, _display = desk()
    a, b = svc.issue(young(30), "INFO"), svc.issue(young(31), "INFO")
    clock.now = at(9, 5)
    click(qtbot, window, "callNext")
    qtbot.waitUntil(lambda: number(window) == a.number, timeout=3000)
    clock.now = at(9, 11)
    click(qtbot, window, "finish")                 # the officer never pressed "start serving"
    qtbot.waitUntil(lambda: "selesai" in window.feedback.text(), timeout=3000)
    assert number(window) == "—"
    facts = visit_of(svc, a.ticket_id)
    assert facts.state == TicketState.DONE.value and facts.service_s == 6 * 60 and facts.walk_s == 0
    # and a transfer of a ticket being served goes too
    click(qtbot, window, "callNext")
    qtbot.waitUntil(lambda: number(window) == b.number, timeout=3000)
    click(qtbot, window, "startServing")
    qtbot.waitUntil(lambda: window.findChild(QLabel, "servingSince").isVisible(), timeout=3000)
    click(qtbot, window, "transfer")
    target = window.findChild(object, "transferTarget")
    target.setCurrentIndex(target.findData("JHT"))
    qtbot.keyClicks(window.findChild(object, "transferReason"), "klaim JHT")
    click(qtbot, window, "transferConfirm")
    qtbot.waitUntil(lambda: "dialihkan" in window.feedback.text(), timeout=3000)
    assert [t.number for t in svc.waiting(["JHT"])] == [b.number]


def test_the_shortcut_starts_serving(desk, qtbot, clock):  # noqa: F811
    svc, window, _display = desk()
    (a,) = [svc.issue(young(40), "INFO")]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.scan, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: number(window) == a.number, timeout=3000)
    qtbot.keyClick(window.scan, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: window.findChild(QLabel, "servingSince").isVisible(), timeout=3000)
    assert svc.serving_since(1) == svc.now()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_new_texts_fit_the_button(qtbot, make_services, lang):
    make_app()
    svc = make_services()
    svc.issue(young(50), "INFO")
    feed = QtEventFeed(svc, safety_poll_s=1.0)
    window = CounterWindow(svc, 1, feed, unlocked=True, lang=lang)
    qtbot.addWidget(window)
    window.show()
    feed.start()
    try:
        window.call_next()
        start = window.findChild(QPushButton, "startServing")
        qtbot.waitUntil(start.isVisible, timeout=3000)
        assert start.fontMetrics().horizontalAdvance(start.text()) < start.width() - 28
    finally:
        window.close()
        feed.close()
