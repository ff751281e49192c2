"""The counter window's panels for a missed call and a pause, inline like the transfer (no
dialog): what became of a called ticket never started (before the next call), which ticket goes
back into the queue, and why the counter pauses. Each shows what the desk says; none decides."""
from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLineEdit, QSizePolicy, QVBoxLayout

from kiosk.domain.catalog import tr
from kiosk.ui.app import label
from kiosk.ui.counter.parts import button

PANEL_STYLE = """
#previousPanel, #returnPanel, #pausePanel { background: #fff4d6; border: 1px solid #8a6d00; border-radius: 8px; }
#previousPanel QPushButton, #returnPanel QPushButton, #pausePanel QPushButton { font-size: 16px; }
#previousDone, #returnConfirm { background: #0b2545; color: #ffffff; font-weight: bold; }
"""


class _Panel(QFrame):
    """A titled panel with a grid of buttons that it fills afresh each time it opens."""

    columns = 3

    def __init__(self, name: str, on_cancel: Callable[[], None] | None, lang: str):
        super().__init__()
        self.setObjectName(name)
        self.title = label("", f"{name}Title", 14, True)
        self.title.setWordWrap(True)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.grid = QGridLayout()
        self.grid.setSpacing(6)
        self.buttons: dict[str, object] = {}
        box = QVBoxLayout(self)
        box.setContentsMargins(10, 6, 10, 8)
        box.setSpacing(6)
        box.addWidget(self.title)
        box.addLayout(self.grid)
        self.extra = QHBoxLayout()
        box.addLayout(self.extra)
        self.cancel = None
        if on_cancel is not None:
            self.cancel = button(tr("counter.previous_cancel", lang), f"{name}Cancel")
            self.cancel.clicked.connect(on_cancel)
        self.hide()

    def fill(self, title: str, items: Sequence[tuple[str, str, bool]], on_press: Callable[[str], None]) -> None:
        """`items`: (objectName, words, enabled), laid out `columns` a row."""
        self.title.setText(title)
        for widget in self.buttons.values():
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self.buttons = {}
        for i, (name, words, enabled) in enumerate(items):
            widget = button(words, name, pixels=16)
            widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            widget.setEnabled(enabled)
            widget.clicked.connect(lambda _=False, n=name: on_press(n))
            self.grid.addWidget(widget, i // self.columns, i % self.columns)
            self.buttons[name] = widget


class PreviousPanel(_Panel):
    """"Call next" while the called ticket was never started: what happened?"""

    columns = 3

    def __init__(self, lang: str):
        super().__init__("previousPanel", None, lang)


class ReturnPanel(_Panel):
    """Back into the queue: the called ticket and today's no-shows of this counter, one tap each,
    or a number typed (a participant who comes back to another counter)."""

    columns = 4

    def __init__(self, lang: str, on_number: Callable[[], None], on_cancel: Callable[[], None]):
        super().__init__("returnPanel", on_cancel, lang)
        self.number = QLineEdit()
        self.number.setObjectName("returnNumber")
        self.number.setPlaceholderText(tr("counter.return_number", lang))
        self.number.returnPressed.connect(on_number)
        self.confirm = button(tr("counter.return_confirm", lang), "returnConfirm")
        self.confirm.clicked.connect(on_number)
        self.extra.addWidget(self.number, 1)
        self.extra.addWidget(self.confirm)
        self.extra.addWidget(self.cancel)


class PausePanel(_Panel):
    """Why the counter pauses: one tap on one of the branch's reasons pauses it (cancel beside)."""

    columns = 3

    def __init__(self, lang: str, on_cancel: Callable[[], None]):
        super().__init__("pausePanel", on_cancel, lang)
        self.lang = lang

    def fill(self, title: str, items: Sequence[tuple[str, str, bool]], on_press: Callable[[str], None]) -> None:
        self.grid.removeWidget(self.cancel)
        count = len(items)
        self.columns = 3 if count <= 5 else 4
        super().fill(title, items, on_press)
        self.grid.addWidget(self.cancel, count // self.columns, count % self.columns)
