"""What the kiosk lays over its screens without moving anything on them.

- `Notice`: a short message ("Petugas akan segera membantu Anda.") floating over the top of the
  screen's title, so the buttons the participant is about to touch stay where they are.
- `IdleWarning`: the walk-away warning. It dims the whole window and shows a countdown and one
  large button, "Ya, saya masih di sini".
"""
from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from kiosk.ui.kiosk.widgets import label, set_tone, wrap_button

CENTER = Qt.AlignmentFlag.AlignCenter


class Notice(QLabel):
    """A message floating over the top of the screen area; it takes no room in any layout."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("notice")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(CENTER)
        # a touch goes through to what lies beneath, as if the notice were not there
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.cover_height = 0           # at least this high: what it lies on is hidden whole
        self.hide()

    def say(self, text: str, error: bool = False) -> None:
        self.setText(text)
        set_tone(self, "error" if error else None)
        self.place()
        self.show()
        self.raise_()

    def place(self, area: QRect | None = None) -> None:
        """Over the top of `area` (the screens' titles, above every control), as high as the text
        needs; the window's `notice_area()` gives the room."""
        parent = self.parentWidget()
        if area is None:
            area = getattr(parent, "notice_area", lambda: parent.rect())()
        margin = 16
        width = max(200, area.width() - 2 * margin)
        self.setFixedWidth(width)
        height = self.heightForWidth(width)
        if height <= 0:
            height = self.sizeHint().height()
        self.setFixedHeight(max(40, min(max(height, self.cover_height - 2), area.height() - 2)))
        self.move(area.left() + margin, area.top() + 2)


class IdleWarning(QWidget):
    """The walk-away warning over the whole window (objectName `idleWarning`)."""

    extend = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("idleWarning")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 48, 48, 48)
        outer.addStretch(1)
        self.card = QFrame(self)
        self.card.setObjectName("idleCard")
        box = QVBoxLayout(self.card)
        box.setContentsMargins(40, 32, 40, 32)
        box.setSpacing(20)
        self.title = label(self.card, "idleTitle", "title", align=CENTER)
        self.countdown = label(self.card, "idleCountdown", "big", align=CENTER)
        self.continue_button = wrap_button(self.card, "idleContinue", "go")
        self.continue_button.setMinimumHeight(120)
        self.continue_button.clicked.connect(self.extend.emit)
        box.addWidget(self.title)
        box.addWidget(self.countdown)
        box.addWidget(self.continue_button)
        outer.addWidget(self.card)
        outer.addStretch(1)
        self.hide()

    def cover(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.raise_()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API: a touch beside the card is no answer
        event.accept()
