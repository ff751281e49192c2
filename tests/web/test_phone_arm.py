"""The phone page asks for the touch a browser needs before it may vibrate or sound
("Aktifkan getar dan suara"), then vibrates and sounds when the number is called (Debian's chromium)."""
from __future__ import annotations

from tests.web.test_phone_page import YOUNG, browser  # noqa: F401  (the browser fixture)

SPY = """
window.__buzz = [];
navigator.vibrate = function (p) { window.__buzz.push(p); return true; };
window.__tones = 0;
var Real = window.AudioContext;
window.AudioContext = function () {
  var c = new Real();
  var make = c.createOscillator.bind(c);
  c.createOscillator = function () { var o = make(); var s = o.start.bind(o); o.start = function (t) { window.__tones++; s(t); }; return o; };
  return c;
};
"""


def test_one_touch_turns_on_vibration_and_sound_for_the_call(browser, svc, web):  # noqa: F811
    svc.issue(YOUNG[0], "INFO")
    mine = svc.issue(YOUNG[1], "INFO")
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID", has_touch=True,
                                  is_mobile=True, bypass_csp=True)
    context.add_init_script(SPY)
    page = context.new_page()
    page.goto(f"{web.url}/t/{mine.ref}")
    arm = page.locator("#arm")
    assert arm.is_visible() and arm.inner_text() == "Aktifkan getar dan suara"
    arm.tap()
    assert arm.inner_text() == "Getar dan suara aktif" and arm.is_disabled()
    assert page.evaluate("window.__buzz") == [60]                 # the touch itself: a short buzz
    page.wait_for_function("document.getElementById('mode').textContent.indexOf('Langsung') >= 0", timeout=5000)
    svc.call_next(1)
    svc.finish(1)
    assert svc.call_next(1).number == mine.number                 # her number
    page.wait_for_function("document.getElementById('box').className.indexOf('calling') >= 0", timeout=10000)
    assert page.evaluate("window.__buzz")[-1] == [400, 200, 400, 200, 400]
    assert page.evaluate("window.__tones") == 1
    context.close()
