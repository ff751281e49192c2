"""The participant's rating screen at a counter, driven like a visitor: one rating per ticket, a
quiet timeout, both languages, the full questionnaire, and a scanned ticket."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk.ui.rating import RatingWindow

YOUNG = "3171012902001234"
OTHER = "3171015708900001"


@pytest.fixture
def screen(qtbot, make_services, live_window):
    def factory(counter=1, **kwargs):
        svc = make_services()
        window, feed = live_window(svc, lambda feed: RatingWindow(svc, counter, feed, **kwargs), (1280, 800))
        qtbot.waitUntil(lambda: feed.connected is True, timeout=10000)
        return svc, window

    return factory


def finish_one(svc, nik=YOUNG, counter=1):
    ticket = svc.issue(nik, "INFO")
    svc.call_next(counter)
    svc.finish(counter)
    return ticket


def tap(qtbot, window, name):
    button = window.findChild(QPushButton, name)
    assert button is not None and button.isVisible(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_finished_visit_is_rated_once_with_one_tap(screen, qtbot):
    svc, window = screen()
    assert window.page == window.IDLE
    ticket = finish_one(svc)
    qtbot.waitUntil(lambda: window.page == window.ASK, timeout=5000)
    assert window.findChild(QLabel, "ratingTicket").text() == f"Nomor antrian {ticket.number}"
    words = [window.findChild(QPushButton, f"rate_{s}").accessibleName() for s in (1, 2, 3, 4)]
    assert words == ["Tidak baik (1 dari 4)", "Kurang baik (2 dari 4)", "Baik (3 dari 4)", "Sangat baik (4 dari 4)"]
    tap(qtbot, window, "rate_4")
    assert window.page == window.THANKS
    qtbot.waitUntil(lambda: ticket.ticket_id in window.rated, timeout=5000)
    assert svc.rating_of(ticket.ticket_id) == 4
    window.rate(1)                                         # a second tap (the faces are gone) changes nothing
    qtbot.wait(200)
    assert svc.rating_of(ticket.ticket_id) == 4
    window.ask(ticket.ticket_id, ticket.number)            # the same ticket is never asked again
    assert window.page == window.THANKS


def test_nobody_taps_and_the_screen_goes_back_quietly(screen, qtbot):
    svc, window = screen(timeout_s=1)
    ticket = finish_one(svc)
    qtbot.waitUntil(lambda: window.page == window.ASK, timeout=5000)
    qtbot.waitUntil(lambda: window.page == window.IDLE, timeout=4000)
    assert svc.rating_of(ticket.ticket_id) is None


def test_only_the_screens_own_counter_is_asked(screen, qtbot):
    svc, window = screen(counter=2)
    finish_one(svc, counter=1)
    qtbot.wait(600)
    assert window.page == window.IDLE
    finish_one(svc, OTHER, counter=2)
    qtbot.waitUntil(lambda: window.page == window.ASK, timeout=5000)


def test_the_screen_speaks_english_with_one_tap(screen, qtbot):
    svc, window = screen()
    tap(qtbot, window, "languageToggle")
    finish_one(svc)
    qtbot.waitUntil(lambda: window.page == window.ASK, timeout=5000)
    assert window.findChild(QLabel, "askText").text() == "How was our service today?"
    assert window.findChild(QPushButton, "rate_2").accessibleName() == "Could be better (2 of 4)"
    assert window.findChild(QPushButton, "languageToggle").text() == "Bahasa Indonesia"


def test_the_full_questionnaire_after_the_rating(screen, qtbot):
    svc, window = screen()
    ticket = finish_one(svc)
    qtbot.waitUntil(lambda: window.page == window.ASK, timeout=5000)
    tap(qtbot, window, "rate_3")
    tap(qtbot, window, "fullSurvey")
    assert window.page == window.SURVEY
    question = window.findChild(QLabel, "skmQuestion")
    assert "persyaratan" in question.text()
    for score in (4, 4, 3, 4, 3, 4, 4, 3, 4):
        tap(qtbot, window, f"skmAnswer_{score}")
    window.findChild(object, "skmSex").setCurrentIndex(2)
    window.findChild(object, "skmSuggestion").setText("Ruang tunggu nyaman")
    tap(qtbot, window, "skmSend")
    assert window.page == window.THANKS
    qtbot.waitUntil(lambda: svc.report(svc.today(), svc.today()).ikm.respondents == 1, timeout=5000)
    report = svc.report(svc.today(), svc.today())
    # 33 of 36 → NRR mean 3.667 → 91.67, grade A
    assert (report.ikm.value, report.ikm.grade) == (91.67, "A")
    assert svc.suggestions(svc.today(), svc.today())[0][2] == "Ruang tunggu nyaman"
    assert svc.rating_of(ticket.ticket_id) == 3


def test_a_scanned_ticket_asks_for_its_visit(screen, qtbot):
    svc, window = screen(counter=2)
    ticket = finish_one(svc, counter=1)                   # finished at another counter
    window.scan.setText(ticket.ticket_id)
    window.scan.returnPressed.emit()
    qtbot.waitUntil(lambda: window.page == window.ASK, timeout=5000)
    tap(qtbot, window, "rate_2")
    qtbot.waitUntil(lambda: svc.rating_of(ticket.ticket_id) == 2, timeout=5000)
