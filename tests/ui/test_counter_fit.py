"""Every text of the counter window fits, from the smallest desk screen to full HD, in both
languages, with a ticket called, being served, a waiting list and help requests."""
from __future__ import annotations

import pytest

from tests.ui.fit import text_problems
from tests.ui.test_counter import desk  # noqa: F401 - the shared fixture

SIZES = ((1024, 640), (1366, 768), (1920, 1080))


@pytest.mark.parametrize("lang", ("id", "en"))
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_counter_text_fits(qtbot, desk, size, lang):  # noqa: F811
    svc, window, _display = desk(lang=lang)
    for nik in ("3171011708450001", "3171015708450001", "3171012902001234"):
        svc.issue(nik, "INFO")
    for kiosk in ("kiosk-1", "kiosk-2", "kiosk-3", "kiosk-4"):
        svc.request_assistance(kiosk, reason="help")
    window.resize(*size)
    problems = []
    for stage, act in (("called", window.call_next), ("serving", window.start_serving)):
        act()
        qtbot.waitUntil(lambda: not window.busy, timeout=5000)
        window.refresh()
        qtbot.waitUntil(lambda: window.assistance.isVisible(), timeout=5000)
        qtbot.wait(50)
        problems += [f"{stage}: {p}" for p in text_problems(window)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ("id", "en"))
@pytest.mark.parametrize("size", SIZES[:2], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_missed_call_and_pause_panels_fit(qtbot, desk, size, lang):  # noqa: F811
    """The no-show's grace on its button, the question before the next call, the way back into
    the queue and the pause reasons, at the smallest desk screen and at 1366×768."""
    svc, window, _display = desk(lang=lang)
    for nik in ("3171011708450001", "3171015708450001", "3171012902001234"):
        svc.issue(nik, "INFO")
    window.resize(*size)
    window.call_next()
    qtbot.waitUntil(lambda: not window.busy and window.current is not None, timeout=5000)
    problems = []

    def look(stage: str) -> None:
        qtbot.wait(50)
        problems.extend(f"{stage}: {p}" for p in text_problems(window))

    look("grace")
    window.call_next()                                   # never started: what happened?
    assert window.previous_panel.isVisible()
    look("question")
    window.close_panels()
    window.open_return()
    assert window.return_panel.isVisible()
    look("return")
    window.close_panels()
    window.toggle_pause()
    assert window.pause_panel.isVisible()
    look("pause reasons")
    window._pause_chosen("pauseReason_gangguan_sistem")
    qtbot.waitUntil(lambda: window.paused_mark.isVisible() and not window.busy, timeout=5000)
    look("paused")
    assert not problems, "\n".join(problems)
