"""The hall display from the back of the room: on a 43" TV at 6 m every text subtends at least 16
minutes of arc (ISO 9241-303), at every resolution, on every page of the side panel."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel

from kiosk.domain.legibility import HALL
from kiosk.ui.display import DisplayWindow
from kiosk.ui.display.text import ElidedLabel

NIKS = ["3171011708450001", "3171012902001234", "7105100607610439", "3171015708450001"]


@pytest.fixture
def display(qtbot, make_services, live_window):
    def factory(size):
        svc = make_services()
        for nik, code in zip(NIKS, ("INFO", "ADUAN", "INFO", "ADUAN")):
            svc.issue(nik, code)
        for counter in (1, 2):
            svc.call_next(counter)
        svc.pause(6)
        window, feed = live_window(svc, lambda feed: DisplayWindow(svc, feed), size)
        qtbot.waitUntil(lambda: feed.connected is True, timeout=10000)
        window.on_resynced(svc.status())
        return window

    return factory


def shown_texts(window):
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.text():
            yield label


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080), (1080, 1920), (3840, 2160)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_text_on_every_page_is_at_least_16_arcminutes(qtbot, display, size):
    window = display(size)
    need = HALL.min_cap_px(size)
    problems = []
    for page in ("tiles", "lastCalls", "waitingPanel"):
        window.show_page(page)
        qtbot.wait(20)
        for label in shown_texts(window):
            fm = QFontMetrics(label.font())
            cap = fm.capHeight()
            if cap < need:
                problems.append(f"{page} {label.objectName()} {label.text()!r}: capitals {cap} px < {need} px "
                                f"({HALL.arcmin_of(cap, size):.1f}′)")
            if fm.height() > label.height() + 1:
                problems.append(f"{page} {label.objectName()} {label.text()!r}: {fm.height()} px high in {label.height()}")
            shown = label.shown_text() if isinstance(label, ElidedLabel) else label.text()
            if isinstance(label, ElidedLabel) and len(shown.rstrip("…")) < 3:
                problems.append(f"{page} {label.objectName()} {label.text()!r}: elided to {shown!r}")
        cap = QFontMetrics(window.marquee.font()).capHeight()
        if cap < need:
            problems.append(f"running text: capitals {cap} px < {need} px")
    assert not problems, "\n".join(problems)


def test_the_side_panel_takes_turns(qtbot, display):
    window = display((1920, 1080))
    pages = []
    for _ in range(4):
        pages.append(window.pages.currentWidget().objectName() or "tiles")
        window.next_page()
    assert pages == ["tiles", "lastCalls", "waitingPanel", "tiles"]
    assert window.findChild(QLabel, "lastCall_0").text().endswith("Loket 2")


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080), (1080, 1920)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_header_shows_the_hall_title_whole(qtbot, display, size):
    """The branch's full name does not fit at the legible size; the configured hall title does."""
    window = display(size)
    qtbot.wait(50)
    assert window.svc.config.display.title == "KC Setiabudi"
    assert window.branch_label.shown_text() == "KC Setiabudi"
