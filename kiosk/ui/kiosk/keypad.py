"""An on-screen numeric keypad: 1–9, then Kosongkan (clear), 0, Hapus (delete)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from kiosk.domain.catalog import tr


class Keypad(QWidget):
    """Buttons named `<prefix>_0`…`<prefix>_9`, `<prefix>Backspace`, `<prefix>Clear`."""

    digit = Signal(str)
    backspace = Signal()
    clear = Signal()

    def __init__(self, prefix: str = "keypad", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(prefix)
        grid = QGridLayout(self)
        grid.setSpacing(12)
        grid.setContentsMargins(0, 0, 0, 0)
        self.keys: dict[str, QPushButton] = {}
        for i, d in enumerate("123456789"):
            grid.addWidget(self._key(prefix, d), i // 3, i % 3)
        self.clear_button = self._action(f"{prefix}Clear", self.clear)
        self.backspace_button = self._action(f"{prefix}Backspace", self.backspace)
        grid.addWidget(self.clear_button, 3, 0)
        grid.addWidget(self._key(prefix, "0"), 3, 1)
        grid.addWidget(self.backspace_button, 3, 2)
        self.retranslate("id")

    def _key(self, prefix: str, d: str) -> QPushButton:
        button = QPushButton(d, self)
        button.setObjectName(f"{prefix}_{d}")
        button.setProperty("role", "key")
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        button.setMinimumSize(96, 80)
        button.clicked.connect(lambda _=False, d=d: self.digit.emit(d))
        self.keys[d] = button
        return button

    def _action(self, name: str, signal) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.setProperty("role", "keyAction")
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        button.setMinimumSize(96, 80)
        button.clicked.connect(lambda _=False: signal.emit())
        return button

    def retranslate(self, lang: str) -> None:
        self.clear_button.setText(tr("keypad.clear", lang))
        self.backspace_button.setText("⌫ " + tr("keypad.backspace", lang))
