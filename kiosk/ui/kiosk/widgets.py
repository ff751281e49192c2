"""Small building blocks shared by the kiosk screens."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.app import qimage_from_pil

MIN_TOUCH = 64


def label(parent: QWidget, name: str, role: str = "body", wrap: bool = True,
          align: Qt.AlignmentFlag | None = None) -> QLabel:
    w = QLabel(parent)
    w.setObjectName(name)
    w.setProperty("role", role)
    w.setWordWrap(wrap)
    w.setTextFormat(Qt.TextFormat.PlainText)
    if align is not None:
        w.setAlignment(align)
    return w


def button(parent: QWidget, name: str, role: str | None = None, expand: bool = False) -> QPushButton:
    w = QPushButton(parent)
    w.setObjectName(name)
    if role:
        w.setProperty("role", role)
    w.setCursor(Qt.CursorShape.PointingHandCursor)
    w.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if expand:
        w.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return w


def wrap_button(parent: QWidget, name: str, role: str | None = None) -> "WrapButton":
    """A button for a sentence: its text wraps when the window is narrow or the text large."""
    return WrapButton(parent, name, role)


def set_tone(widget: QWidget, tone: str | None) -> None:
    """Switch a style variant (error/ok/warn) and let the style sheet apply it."""
    if widget.property("tone") == tone:
        return
    widget.setProperty("tone", tone)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def restyle(widget: QWidget) -> None:
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def qr_pixmap(payload: str, size_px: int) -> QPixmap:
    """A QR code for `payload`, `size_px` square, black on white with a quiet zone."""
    import qrcode

    qr = qrcode.QRCode(border=2, box_size=10, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(payload)
    qr.make(fit=True)
    image = qr.make_image(fill_color="black", back_color="white").get_image()
    pixmap = QPixmap.fromImage(qimage_from_pil(image))
    return pixmap.scaled(size_px, size_px, Qt.AspectRatioMode.KeepAspectRatio,
                         Qt.TransformationMode.FastTransformation)


def keypad_frame(screen: QWidget, title_name: str) -> tuple[QLabel, QBoxLayout, QVBoxLayout]:
    """The frame of a screen typed on the keypad (the NIK, the heir's age): its title across the
    top, then a row (a column in portrait) for the screen's own column and the keypad beside it.
    Returns (title, row, the screen's column): the caller fills the column and adds both to the row."""
    outer = QVBoxLayout(screen)
    outer.setContentsMargins(40, 16, 40, 16)
    outer.setSpacing(12)
    title = label(screen, title_name, "title", align=Qt.AlignmentFlag.AlignCenter)
    outer.addWidget(title)
    row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
    row.setSpacing(32)
    outer.addLayout(row, 1)
    column = QVBoxLayout()
    column.setSpacing(12)
    return title, row, column


def set_direction(layout: QBoxLayout, portrait: bool) -> None:
    layout.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)


def clear_layout(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        w = item.widget()
        if w is not None:
            w.hide()
            w.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


class WrapButton(QPushButton):
    """A button whose text wraps onto several lines (long service names at large sizes, long
    sentences in narrow windows). The style sheet sizes its text like a button's (`wrap`)."""

    def __init__(self, parent: QWidget, name: str, role: str | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("wrap", True)
        if role:
            self.setProperty("role", role)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 6, 14, 6)
        self.label = QLabel(self)
        self.label.setObjectName(f"{name}Text")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        box.addWidget(self.label)
        self.toggled.connect(self._toggled)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        self.label.setText(text)
        self.setAccessibleName(text)

    def text(self) -> str:
        return self.label.text()

    def sizeHint(self):  # noqa: N802 - Qt API: the wrapped text decides, not the (empty) button text
        return self.layout().sizeHint().expandedTo(QSize(MIN_TOUCH, MIN_TOUCH))

    def minimumSizeHint(self):  # noqa: N802 - Qt API
        return self.layout().minimumSize().expandedTo(QSize(MIN_TOUCH, MIN_TOUCH))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API: as many lines as the width needs
        return max(MIN_TOUCH, self.layout().totalHeightForWidth(width))

    def _toggled(self, checked: bool) -> None:
        self.label.setProperty("checked", checked)
        restyle(self.label)


class FittedPicture(QLabel):
    """A picture (the ticket preview) scaled to whatever room the layout gives it, never cut."""

    def __init__(self, parent: QWidget, name: str):
        super().__init__(parent)
        self.setObjectName(name)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(120, 160)
        self.original: QPixmap | None = None
        self._fitted: tuple | None = None

    def set_picture(self, pixmap: QPixmap | None) -> None:
        self.original = pixmap
        self._fitted = None
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self.original is None or self.original.isNull():
            self.clear()
            return
        room = self.contentsRect().size()
        key = (self.original.cacheKey(), room.width(), room.height())
        if key == self._fitted or room.width() < 1 or room.height() < 1:
            return
        self._fitted = key
        scaled = self.original.scaled(room.boundedTo(self.original.size()), Qt.AspectRatioMode.KeepAspectRatio,
                                      Qt.TransformationMode.SmoothTransformation)
        self.setPixmap(scaled)
