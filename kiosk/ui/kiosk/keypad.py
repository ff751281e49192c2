"""On-screen keys: the numeric keypad (1–9, then Kosongkan, 0, Hapus) and the booking-code keyboard.

The numeric keypad's three columns are always the same width. "Kosongkan" sits next to "0", so it asks first: the
first touch turns it amber ("Kosongkan semua?") and only a second touch within a few seconds
clears; any other key cancels the question.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from kiosk.domain.catalog import tr
from kiosk.ui.kiosk.widgets import restyle

CONFIRM_MS = 4000
MIN_KEY_PX = 64           # a finger's touch target


class Keypad(QWidget):
    """Buttons named `<prefix>_0`…`<prefix>_9`, `<prefix>Backspace`, `<prefix>Clear`."""

    digit = Signal(str)
    backspace = Signal()
    clear = Signal()

    def __init__(self, prefix: str = "keypad", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(prefix)
        self.lang = "id"
        grid = QGridLayout(self)
        grid.setSpacing(12)
        grid.setContentsMargins(0, 0, 0, 0)
        self.keys: dict[str, QPushButton] = {}
        for i, d in enumerate("123456789"):
            grid.addWidget(self._key(prefix, d), i // 3, i % 3)
        self.clear_button = self._action(f"{prefix}Clear", self._clear_pressed)
        self.backspace_button = self._action(f"{prefix}Backspace", self._backspace_pressed)
        grid.addWidget(self.clear_button, 3, 0)
        grid.addWidget(self._key(prefix, "0"), 3, 1)
        grid.addWidget(self.backspace_button, 3, 2)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        for row in range(4):
            grid.setRowStretch(row, 1)
        self.confirming = False
        self._confirm = QTimer(self)
        self._confirm.setSingleShot(True)
        self._confirm.setInterval(CONFIRM_MS)
        self._confirm.timeout.connect(self.cancel_confirm)
        self.retranslate("id")

    def _sized(self, button: QPushButton) -> QPushButton:
        # Ignored horizontally: the grid's equal stretch alone decides the widths.
        button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        button.setMinimumSize(MIN_KEY_PX, MIN_KEY_PX)
        return button

    def _key(self, prefix: str, d: str) -> QPushButton:
        button = self._sized(QPushButton(d, self))
        button.setObjectName(f"{prefix}_{d}")
        button.setProperty("role", "key")
        button.clicked.connect(lambda _=False, d=d: self._digit_pressed(d))
        self.keys[d] = button
        return button

    def _action(self, name: str, handler) -> QPushButton:
        button = self._sized(QPushButton(self))
        button.setObjectName(name)
        button.setProperty("role", "keyAction")
        button.clicked.connect(lambda _=False: handler())
        return button

    def _digit_pressed(self, d: str) -> None:
        self.cancel_confirm()
        self.digit.emit(d)

    def _backspace_pressed(self) -> None:
        self.cancel_confirm()
        self.backspace.emit()

    def _clear_pressed(self) -> None:
        if self.confirming:
            self.cancel_confirm()
            self.clear.emit()
            return
        self.confirming = True
        self._confirm.start()
        self._show_clear()

    def cancel_confirm(self) -> None:
        if self.confirming:
            self.confirming = False
            self._confirm.stop()
            self._show_clear()

    def _show_clear(self) -> None:
        lang = self.lang
        b = self.clear_button
        b.setText(tr("keypad.clear.confirm" if self.confirming else "keypad.clear", lang))
        if bool(b.property("confirm")) != self.confirming:      # restyle only when the look changes
            b.setProperty("confirm", self.confirming)
            restyle(b)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self._show_clear()
        self.clear_button.setAccessibleName(tr("keypad.clear.name", lang))
        self.backspace_button.setText("⌫ " + tr("keypad.backspace", lang))
        self.backspace_button.setAccessibleName(tr("keypad.backspace.name", lang))
        for d, key in self.keys.items():
            key.setAccessibleName(d)


CODE_ROWS = ("1234567890-", "ABCDEFGHIJK", "LMNOPQRSTUV", "WXYZ")
TEXT_ROWS = ("1234567890-", "ABCDEFGHIJK", "LMNOPQRSTUV", "WXYZ.,?")    # a short sentence (a suggestion)
KEY_NAMES = {"-": "dash", " ": "space", ".": "dot", ",": "comma", "?": "question"}


class CodeKeyboard(QWidget):
    """Large keys for a booking code: the digits and the dash on top, then A–Z in alphabetical order
    (easier to find than a typewriter's order for someone who never typed), and Hapus (delete one).
    Buttons named `<prefix>_<char>` (`<prefix>_dash` for "-") and `<prefix>Backspace`; every column
    the same width. Clearing the whole code is the screen's own button, away from the keys.
    With `rows=TEXT_ROWS, space=True` it writes a short sentence: Spasi and Hapus end the last row."""

    key = Signal(str)
    backspace = Signal()

    def __init__(self, prefix: str = "codeKey", parent: QWidget | None = None, rows: tuple[str, ...] = CODE_ROWS,
                 space: bool = False):
        super().__init__(parent)
        self.setObjectName(prefix)
        grid = QGridLayout(self)
        grid.setSpacing(8)
        grid.setContentsMargins(0, 0, 0, 0)
        self.keys: dict[str, QPushButton] = {}
        columns = max(len(row) for row in rows)
        for r, row in enumerate(rows):
            for c, char in enumerate(row):
                grid.addWidget(self._key(prefix, char), r, c)
        self.backspace_button = QPushButton(self)
        self.backspace_button.setObjectName(f"{prefix}Backspace")
        self.backspace_button.setProperty("role", "keyAction")
        self._sized(self.backspace_button)
        self.backspace_button.clicked.connect(lambda _=False: self.backspace.emit())
        last = rows[-1]
        first_free = len(last)
        if space:                       # … [ Spasi ][ ⌫ Hapus ] at the end of the last row
            wide = (columns - len(last)) // 2
            space_key = self._key(prefix, " ")
            space_key.setProperty("role", "keyAction")
            grid.addWidget(space_key, len(rows) - 1, first_free, 1, wide)
            first_free += wide
        grid.addWidget(self.backspace_button, len(rows) - 1, first_free, 1, columns - first_free)
        for column in range(columns):
            grid.setColumnStretch(column, 1)
        for row in range(grid.rowCount()):
            grid.setRowStretch(row, 1)
        self.retranslate("id")

    @staticmethod
    def _sized(button: QPushButton) -> QPushButton:
        button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        button.setMinimumSize(MIN_KEY_PX, MIN_KEY_PX)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def _key(self, prefix: str, char: str) -> QPushButton:
        button = self._sized(QPushButton(char, self))
        button.setObjectName(f"{prefix}_{KEY_NAMES.get(char, char)}")
        button.setProperty("role", "codeKey")
        button.clicked.connect(lambda _=False, c=char: self.key.emit(c))
        self.keys[char] = button
        return button

    def retranslate(self, lang: str) -> None:
        self.backspace_button.setText("⌫ " + tr("keypad.backspace", lang))
        self.backspace_button.setAccessibleName(tr("checkin.backspace.name", lang))
        names = {"-": tr("checkin.key.dash", lang), " ": tr("keyboard.space", lang), ".": tr("keyboard.dot", lang),
                 ",": tr("keyboard.comma", lang), "?": tr("keyboard.question", lang)}
        for char, key in self.keys.items():
            key.setAccessibleName(names.get(char, char))
        if " " in self.keys:
            self.keys[" "].setText(tr("keyboard.space", lang))
