"""A later visit booked at the counter: documents are missing, "come back on Tuesday at 10.00".

The officer opens the booking panel for the participant at the counter, picks the service, one
of the next open days and a slot, and reads the code out from the feedback line; on that day the
kiosk finds the booking by the participant's NIK. Refusals are the sentences of `book`."""
from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk.domain import errors
from kiosk.domain.booking import COUNTER_SOURCE, NEW_CODE_HEX_DIGITS, NEW_CODE_PREFIX
from kiosk.domain.nik import make_nik
from tests.conftest import JAKARTA
from tests.ui.fit import text_problems
from tests.ui.test_counter import click, desk, number  # noqa: F401 - the shared fixture

NIK = "3171012902001234"
TUESDAY = date(2026, 11, 24)           # the clock stands on Monday 23 November 2026, 09.00


def other(serial: int) -> str:
    return make_nik("31", "71", "01", date(1990, 3, 14), "F", 3000 + serial)


def at_the_counter(svc, window, qtbot, service: str = "INFO"):
    ticket = svc.issue(NIK, service)
    click(qtbot, window, "callNext")
    qtbot.waitUntil(lambda: number(window) == ticket.number and not window.busy, timeout=5000)
    return ticket


def open_panel(window, qtbot) -> None:
    click(qtbot, window, "bookNext")
    assert window.findChild(object, "bookingPanel").isVisible()


def choose(window, service: str | None = None, day: date | None = None, slot: str | None = None) -> None:
    if service is not None:
        combo = window.findChild(object, "bookingService")
        combo.setCurrentIndex(combo.findData(service))
    if day is not None:
        combo = window.findChild(object, "bookingDay")
        combo.setCurrentIndex(combo.findData(day.isoformat()))
    if slot is not None:
        combo = window.findChild(object, "bookingSlot")
        index = combo.findText(slot)
        assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
        combo.setCurrentIndex(index)


def confirmed(window, qtbot) -> str:
    click(qtbot, window, "bookingConfirm")
    assert window.busy                                        # answered at once, the booking on the worker
    qtbot.waitUntil(lambda: not window.busy, timeout=5000)
    return window.feedback.text()


def test_the_officer_books_a_later_visit_and_that_day_the_kiosk_finds_it(desk, qtbot, clock, caplog):
    caplog.set_level(logging.DEBUG)
    svc, window, _ = desk()
    book_next = window.findChild(QPushButton, "bookNext")
    assert not book_next.isEnabled()                          # nobody at the counter yet
    assert book_next.height() >= 44 and book_next.font().pixelSize() >= 18
    ticket = at_the_counter(svc, window, qtbot)
    assert book_next.isEnabled()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.scan, Qt.Key.Key_F8)               # the key opens the panel too
    panel = window.findChild(object, "bookingPanel")
    assert panel.isVisible()
    service, day = window.findChild(object, "bookingService"), window.findChild(object, "bookingDay")
    assert service.currentData() == "INFO"                    # the ticket's own service first
    assert "JKP" not in [service.itemData(i) for i in range(service.count())]     # online only: no queue
    assert day.itemText(0) == "besok, Selasa, 24 November 2026" and day.currentData() == TUESDAY.isoformat()
    assert "Sabtu" not in " ".join(day.itemText(i) for i in range(day.count()))  # closed on Saturdays
    choose(window, slot="10.00–10.30")
    said = confirmed(window, qtbot)
    code = re.fullmatch(r"Booking (\S+) dibuat: besok, Selasa, 24 November 2026, pukul 10\.00–10\.30, "
                        r"Informasi & Kepesertaan\.", said)
    assert code, said
    code = code.group(1)
    assert not window.feedback_error and not panel.isVisible()

    booking = svc.booking(code)
    assert booking["source"] == COUNTER_SOURCE == "counter"
    assert booking["nik_masked"] == "************1234" and booking["service"] == "INFO"
    assert booking["slot_start"] == "2026-11-24T10:00:00+07:00" and booking["slot_end"] == "2026-11-24T10:30:00+07:00"
    assert [b["code"] for b in svc.bookings_of(TUESDAY)] == [code]
    shown = " ".join(w.text() for w in window.findChildren(QLabel)) + window.feedback.text()
    assert NIK not in shown and NIK not in caplog.text         # never the full NIK, on screen or in logs

    click(qtbot, window, "finish")
    qtbot.waitUntil(lambda: number(window) == "—", timeout=5000)
    assert not book_next.isEnabled()

    clock.now = datetime(2026, 11, 24, 9, 45, tzinfo=JAKARTA)   # Tuesday: the participant is back
    found = svc.check_in(NIK)
    assert found.outcome == "checked_in" and found.ticket.booking["code"] == code
    assert found.ticket.service_day == TUESDAY and found.ticket.ticket_id != ticket.ticket_id


def test_a_full_quota_is_refused_with_the_sentence_and_the_panel_stays(desk, qtbot):
    svc, window, _ = desk()
    quota = svc.branch.service("JKM").daily_quota
    for i in range(quota):
        svc.book(other(i), "JKM", TUESDAY, "09.00", "09.30")
    at_the_counter(svc, window, qtbot)
    open_panel(window, qtbot)
    choose(window, service="JKM", day=TUESDAY, slot="10.00–10.30")
    assert confirmed(window, qtbot) == "Kuota layanan JKM pada Selasa, 24 November 2026 sudah penuh."
    assert window.feedback_error and window.findChild(object, "bookingPanel").isVisible()
    assert len(svc.bookings_of(TUESDAY, "JKM")) == quota


def test_a_day_closed_after_the_panel_opened_is_refused_with_the_sentence(desk, qtbot, monkeypatch):
    svc, window, _ = desk()
    at_the_counter(svc, window, qtbot)
    open_panel(window, qtbot)
    choose(window, day=TUESDAY, slot="10.00–10.30")
    holiday = replace(svc.branch.hours, closed_dates=frozenset({TUESDAY}))   # a holiday declared meanwhile
    monkeypatch.setattr(svc, "config", replace(svc.config, branch=replace(svc.branch, hours=holiday)))
    assert confirmed(window, qtbot) == "Kantor tutup pada Selasa, 24 November 2026."
    assert window.feedback_error
    assert svc.bookings_of(TUESDAY) == []


@pytest.mark.parametrize("day,start,end", [
    ("2026-11-28", "10.00", "10.30"),          # a Saturday: closed
    ("2026-11-24", "07.00", "07.30"),          # before opening
    ("2026-11-20", "10.00", "10.30"),          # last Friday: over
])
def test_the_counter_is_refused_with_the_sentences_of_book(make_services, day, start, end):
    svc = make_services()
    ticket = svc.issue(NIK, "INFO")
    with pytest.raises(errors.AnjunganError) as by_book:
        svc.book(NIK, "INFO", day, start, end)
    with pytest.raises(errors.AnjunganError) as by_counter:
        svc.book_for_ticket(ticket.ticket_id, "INFO", day, start, end)
    assert (by_counter.value.message, by_counter.value.message_en) == (by_book.value.message, by_book.value.message_en)
    message = by_counter.value.message
    assert message.endswith(".") and ". " not in message and "\n" not in message     # one sentence


@pytest.mark.parametrize("lang", ("id", "en"))
@pytest.mark.parametrize("size", ((1024, 640), (1920, 1080)), ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_booking_panel_fits(desk, qtbot, size, lang):
    svc, window, _ = desk(lang=lang)
    window.resize(*size)
    at_the_counter(svc, window, qtbot)
    open_panel(window, qtbot)
    qtbot.wait(50)
    problems = text_problems(window)
    assert not problems, "\n".join(problems)
    choose(window, service="JKM", slot="14.00–14.30" if lang == "id" else "14:00–14:30")
    sentence = confirmed(window, qtbot)
    qtbot.wait(50)
    problems = text_problems(window)                      # the sentence in the feedback line fits too
    assert not problems, "\n".join(problems)
    code = re.search(re.escape(NEW_CODE_PREFIX) + r"[0-9A-F]+", sentence).group()
    assert len(code) == len(NEW_CODE_PREFIX) + NEW_CODE_HEX_DIGITS
    widest = max("0123456789ABCDEF", key=QFontMetrics(window.feedback.font()).horizontalAdvance)
    window.say(sentence.replace(code, NEW_CODE_PREFIX + widest * NEW_CODE_HEX_DIGITS))    # whichever code it draws
    qtbot.wait(50)
    problems = text_problems(window)
    assert not problems, "\n".join(problems)
