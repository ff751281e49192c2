"""The hall display from the back of the room: on a 43" TV at 6 m every text subtends at least 18
minutes of arc, at every resolution, on every page of the strip; "Loket N" is at least half the
height of the called number; the last calls never leave the screen; every text stands 7:1
against its box.

The heights are measured on the real widgets (the font's capital height as drawn); set
ANJUNGAN_HALL_SHOTS=DIR to keep a screenshot of each size and `-s` to see the figures."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel

from kiosk.domain import palette
from kiosk.domain.legibility import COUNTER_SHARE, HALL
from kiosk.ui.display import DisplayWindow
from kiosk.ui.display.panel import Panel
from kiosk.ui.display.text import CachedLabel, ElidedLabel
from tests.ui.fit import label_problem

NIKS = ["3171011708450001", "3171012902001234", "7105100607610439", "3171015708450001",
        "3171011708450002", "3171012902001235"]
SIZES = [(1366, 768), (1920, 1080), (1080, 1920), (3840, 2160)]


@pytest.fixture
def display(qtbot, make_services, live_window):
    def factory(size, lang="id"):
        svc = make_services()
        for nik, code in zip(NIKS, ("INFO", "ADUAN", "JHT", "JHT", "JKM", "INFO")):
            svc.issue(nik, code, assisted=True)
        for counter in (1, 2, 3, 4, 5):
            svc.call_next(counter)
        svc.pause(6)
        window, feed = live_window(svc, lambda feed: DisplayWindow(svc, feed, lang=lang), size)
        qtbot.waitUntil(lambda: feed.connected is True, timeout=10000)
        window.on_resynced(svc.status())
        qtbot.wait(30)
        return window

    return factory


def shown_texts(window):
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.text():
            yield label


def cap_px(label) -> int:
    return QFontMetrics(label.font()).capHeight()


def text_color(label) -> str:
    own = label._color if isinstance(label, CachedLabel) else None
    return (own or label.palette().color(label.foregroundRole())).name()


def box_color(label) -> str:
    """The colour painted behind a label: its nearest self-painting box, else the window."""
    w = label.parentWidget()
    while w is not None:
        if isinstance(w, Panel):
            return w.color.name()
        w = w.parentWidget()
    return palette.HALL_BACKGROUND


def pages(window):
    for i in range(window.pages.count()):
        window.pages.setCurrentIndex(i)
        yield window.pages.currentWidget().objectName()


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_text_on_every_page_is_at_least_18_arcminutes(qtbot, display, size, lang):
    window = display(size, lang)
    need = HALL.min_cap_px(size)
    problems, heights = [], {}
    for page in pages(window):
        qtbot.wait(20)
        for label in shown_texts(window):
            cap = cap_px(label)
            heights[label.objectName()] = HALL.arcmin_of(cap, size)
            if cap < need:
                problems.append(f"{page} {label.objectName()} {label.text()!r}: capitals {cap} px < {need} px "
                                f"({HALL.arcmin_of(cap, size):.1f}′)")
            fm = QFontMetrics(label.font())
            if fm.height() > label.height() + 1:
                problems.append(f"{page} {label.objectName()} {label.text()!r}: {fm.height()} px high in {label.height()}")
            if isinstance(label, ElidedLabel) and label.shown_text() != label.text():
                problems.append(f"{page} {label.objectName()} {label.text()!r}: cut to {label.shown_text()!r}")
            elif not isinstance(label, ElidedLabel) and label_problem(label):
                problems.append(f"{page} {label.objectName()} {label.text()!r}: {label_problem(label)}")
    cap = QFontMetrics(window.marquee.font()).capHeight()
    heights["runningText"] = HALL.arcmin_of(cap, size)
    if cap < need:
        problems.append(f"running text: capitals {cap} px < {need} px")
    print(f"\n{size[0]}×{size[1]} {lang}: " + ", ".join(f"{k} {v:.1f}′" for k, v in sorted(heights.items())))
    shots = os.environ.get("ANJUNGAN_HALL_SHOTS")
    if shots:
        window.pages.setCurrentIndex(0)
        qtbot.wait(20)
        window.grab().save(str(Path(shots) / f"display-{size[0]}x{size[1]}-{lang}.png"))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_counter_to_go_to_is_at_least_half_the_number(qtbot, display, size):
    window = display(size)
    number, counter = window.now_number, window.now_counter
    assert counter.text() == "Loket 5" and number.text() == "F-001"
    assert cap_px(counter) >= COUNTER_SHARE * cap_px(number), (cap_px(counter), cap_px(number))
    assert QFontMetrics(counter.font()).horizontalAdvance(counter.text()) <= counter.width()
    assert QFontMetrics(number.font()).horizontalAdvance(number.text()) <= number.width()
    # the number stays the largest thing on the screen, far above the floor
    assert HALL.arcmin_of(cap_px(number), size) > 2 * HALL.min_arcmin


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_last_calls_stay_on_screen_while_the_strip_turns(qtbot, display, size):
    window = display(size)
    rows = [window.findChild(QLabel, f"lastCall_{i}") for i in range(5)]
    calls = {f"{t.number}  →  Loket {t.counter}" for t in (window.svc.current_ticket(n) for n in range(1, 6)) if t}
    assert len(calls) == 5
    seen = set()
    for _ in range(window.pages.count() + 1):
        seen.add(window.pages.currentWidget().objectName())
        assert window.findChild(Panel, "lastCalls").isVisible()
        shown = [r.text() for r in rows if r.isVisible()]
        assert len(shown) >= 3 and set(shown) <= calls      # at least three, whatever page the strip is on
        window.next_page()
    assert seen == {"counterRows", "waitingPanel"}
    paused = window.findChild(Panel, "counterTile_6")
    assert paused.text() == "Loket 6 Istirahat"


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_text_stands_7_to_1_against_its_box(qtbot, display, size):
    window = display(size)
    problems = []

    def check(state: str) -> None:
        for page in pages(window):
            for label in shown_texts(window):
                fg, bg = text_color(label), box_color(label)
                if label.objectName() == "reconnecting":
                    bg = palette.HALL_FLASH         # a label with its own background
                ratio = palette.contrast(fg, bg)
                if ratio < palette.HALL_CONTRAST:
                    problems.append(f"{state} {page} {label.objectName()} {fg} on {bg}: {ratio:.1f}:1")

    check("calling")
    window._start_flash()
    check("flashing")
    window._flash.stop()
    window._flash_on = False
    window.on_connection(False)
    check("reconnecting")
    assert not problems, "\n".join(problems)


def test_the_panel_titles_of_before_would_fail():
    """The measure itself: the titles' old colour on the bars was 5.3:1."""
    assert palette.contrast("#8da9c4", palette.HALL_BAR) == pytest.approx(5.3, abs=0.05)
    assert palette.contrast("#ffffff", "#000000") == pytest.approx(21)


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080), (1080, 1920)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_header_shows_the_hall_title_whole(qtbot, display, size):
    """The branch's full name does not fit at the legible size; the configured hall title does."""
    window = display(size)
    qtbot.wait(50)
    assert window.svc.config.display.title == "KC Setiabudi"
    assert window.branch_label.shown_text() == "KC Setiabudi"
