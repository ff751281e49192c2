"""The Qt application every window runs in: one bundled font as the application font, windows shown
to cover their screen with or without a window manager, and Python's cycle collector run on the
screen thread only, with Qt tearing down its own windows.

A window's Qt objects may only be destroyed on the screen thread. Python's cycle collector runs on
whichever thread happens to allocate when a threshold is crossed: a heartbeat or a worker thread
could free a closed window there, and the process would end at once. So the application turns the
automatic collector off and collects on a timer of the screen thread, by the same thresholds.

A window that is only held by its own cycles (a closure on `self`, a bound method kept by a
child) must not be torn down by the collector either: it clears the Python halves one by one, in
no order Qt knows, and a child widget may then be destroyed after the window it looks up to. So
the collector first only finds the unreachable objects; each window among them is deleted by Qt,
whole, children first; then what is left is freed, with every window still there held meanwhile
(a dropped window in an older generation is found by a later, older collection).
"""
from __future__ import annotations

import contextlib
import gc
import os
import sys
from importlib import resources

FONT_FAMILY = "DejaVu Sans"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
BASE_POINT_SIZE = 18

GARBAGE_TICK_MS = 1000     # how often the screen thread collects what the collector would have

_loaded_family: str | None = None
_garbage_timer = None


def load_fonts() -> str:
    """Register the bundled DejaVu Sans files with Qt; returns the family name."""
    global _loaded_family
    if _loaded_family:
        return _loaded_family
    from PySide6.QtGui import QFontDatabase

    family = FONT_FAMILY
    fonts = resources.files("kiosk.assets") / "fonts"
    for name in FONT_FILES:
        data = (fonts / name).read_bytes()
        font_id = QFontDatabase.addApplicationFontFromData(data)
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            family = families[0]
    _loaded_family = family
    return family


def make_app(argv: list[str] | None = None, headless: bool = False):
    """The QApplication (created once), with the bundled font as its font.

    `headless=True` selects the offscreen platform; it must be decided before the first
    QApplication exists, so it is set here and never later.
    """
    if headless:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
        app.setApplicationName("anjungan")
        app.setOrganizationName("anjungan")
    collect_garbage_on_screen_thread(app)
    family = load_fonts()
    font = QFont(family)
    font.setPointSize(BASE_POINT_SIZE)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    return app


def collect_garbage_on_screen_thread(app) -> None:
    """Only the screen thread collects cycles from now on (once per process)."""
    global _garbage_timer
    if _garbage_timer is not None:
        return
    from PySide6.QtCore import QTimer

    gc.disable()
    _garbage_timer = QTimer(app)
    _garbage_timer.setInterval(GARBAGE_TICK_MS)
    _garbage_timer.timeout.connect(collect_garbage)
    _garbage_timer.start()


def collect_garbage() -> None:
    """What the automatic collector would do now: the oldest generation past its threshold."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if counts[generation] > thresholds[generation]:
            collect(generation)
            return


def collect(generation: int = 2) -> None:
    """Free the unreachable objects of `generation` and younger; the collector never tears a
    window apart. While a window of ours is off screen (closed, or not shown yet) it may be among
    the garbage: a first pass only finds the garbage, and Qt deletes the windows in it whole. The
    pass that frees holds every window still there, so one in an older generation that the first
    pass did not look at waits for a later collection instead of being torn apart by this one."""
    if _closed_windows():
        debug = gc.get_debug()
        gc.set_debug(debug | gc.DEBUG_SAVEALL)      # found, not freed: gc.garbage holds them
        try:
            gc.collect(generation)
            found, gc.garbage[:] = gc.garbage[:], []
        finally:
            gc.set_debug(debug)
        _delete_windows(found)
        del found
        generation = min(generation + 1, 2)          # the survivors of the first pass moved up one
    windows = _windows()                             # held while the collector frees the rest
    gc.collect(generation)
    del windows


def _windows() -> list:
    """Every top-level window there is now (none before Qt's widgets are loaded)."""
    if "PySide6.QtWidgets" not in sys.modules:
        return []
    from PySide6.QtWidgets import QApplication

    return QApplication.topLevelWidgets()


def _closed_windows() -> bool:
    """Whether a top-level window of ours (not one of Qt's own, such as a tooltip) is off screen:
    closed, or not shown yet: the garbage is searched for windows only then."""
    return any(not w.isVisible() and not type(w).__module__.startswith("PySide6") for w in _windows())


def _delete_windows(found: list) -> None:
    if "PySide6.QtWidgets" not in sys.modules:
        return
    import shiboken6
    from PySide6.QtWidgets import QWidget

    for obj in found:
        if isinstance(obj, QWidget) and shiboken6.isValid(obj) and obj.parent() is None:
            shiboken6.delete(obj)


def show_window(window, fullscreen: bool = True, screen=None) -> None:
    """Show a top-level window: fullscreen, it covers its whole screen with or without a window
    manager; windowed, it is an ordinary window that fits the screen's free area.

    `showFullScreen()` alone asks a window manager to do it (`_NET_WM_STATE_FULLSCREEN` on X): on
    X without one (docs/kiosk-lockdown.md, option B) nobody does, and the window keeps its own size
    — Qt's two thirds of the screen, or the size the window set for itself — with the rest of the
    screen dead to touches. So the window takes its screen's geometry itself before it is mapped,
    and again whenever that screen changes size or turns (`QScreen.geometryChanged`) or the window
    moves to another screen. A window manager or a compositor (cage) that makes it fullscreen
    gives it the same rectangle. `screen`: the screen to use (default: the window's own).
    """
    from PySide6.QtCore import QObject

    if screen is not None:
        window.setScreen(screen)
    screen = window.screen()
    window.winId()                          # the native window exists from here on, on that screen
    if not fullscreen:
        free = screen.availableGeometry()
        window.setMinimumSize(window.minimumSize().boundedTo(free.size()))
        window.resize(window.size().boundedTo(free.size()))
        if not free.contains(window.geometry()):
            window.move(free.topLeft())
        window.show()
        return

    class ScreenFit(QObject):
        """Keeps the window on its screen's rectangle."""

        def __init__(self) -> None:
            super().__init__(window)
            self.screen = None
            window.windowHandle().screenChanged.connect(self.follow)

        def follow(self, now) -> None:
            if self.screen is not None:
                with contextlib.suppress(RuntimeError):     # a screen unplugged may be gone already
                    self.screen.geometryChanged.disconnect(self.fit)
            self.screen = now
            if now is not None:
                now.geometryChanged.connect(self.fit)
                self.fit()

        def fit(self, *_args) -> None:
            rect = self.screen.geometry()
            window.setMinimumSize(window.minimumSize().boundedTo(rect.size()))
            if window.geometry() != rect:
                window.setGeometry(rect)

    window.screen_fit = ScreenFit()
    window.screen_fit.follow(screen)
    window.showFullScreen()
    window.screen_fit.fit()                 # the platform may have moved it while mapping


def qimage_from_pil(image):
    """A QImage copy of a Pillow image (any mode)."""
    from PySide6.QtGui import QImage

    rgba = image.convert("RGBA")
    data = rgba.tobytes("raw", "RGBA")
    qimage = QImage(data, rgba.width, rgba.height, rgba.width * 4, QImage.Format.Format_RGBA8888)
    return qimage.copy()


def label(text: str = "", name: str | None = None, size: int | None = None, bold: bool = False,
          kind: type | None = None):
    """A label (or a `kind` of label) named for automation, in `size` points and bold when asked."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QLabel

    widget = (kind or QLabel)(text)
    if name:
        widget.setObjectName(name)
    if size or bold:
        font = QFont(widget.font())
        if size:
            font.setPointSize(size)
        font.setBold(bold)
        widget.setFont(font)
    return widget
