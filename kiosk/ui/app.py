"""The Qt application every window runs in: one bundled font as the application font."""
from __future__ import annotations

import os
import sys
from importlib import resources

FONT_FAMILY = "DejaVu Sans"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
BASE_POINT_SIZE = 18

_loaded_family: str | None = None


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
    family = load_fonts()
    font = QFont(family)
    font.setPointSize(BASE_POINT_SIZE)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    return app


def qimage_from_pil(image):
    """A QImage copy of a Pillow image (any mode)."""
    from PySide6.QtGui import QImage

    rgba = image.convert("RGBA")
    data = rgba.tobytes("raw", "RGBA")
    qimage = QImage(data, rgba.width, rgba.height, rgba.width * 4, QImage.Format.Format_RGBA8888)
    return qimage.copy()
