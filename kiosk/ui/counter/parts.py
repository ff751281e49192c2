"""The counter window's parts: its look, the PIN page, the ticket card, the transfer and
later-visit panels and the help requests. Each shows what the desk (`CounterDesk`) says; none
decides anything."""
from __future__ import annotations

from datetime import date
from typing import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFrame, QGridLayout, QHBoxLayout, QLineEdit,
                               QPushButton, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget)

from kiosk.domain.catalog import tr
from kiosk.domain.palette import ERROR, NAVY
from kiosk.ui.app import label

MIN_BUTTON_PX = 44          # every button at least this tall (with text of at least BUTTON_TEXT_PX)
BUTTON_TEXT_PX = 18
START_BUTTON_PX = 72        # the "start serving" button: the one pressed on every visit
START_TEXT_PX = 22
BOOK_SHORTCUT = "F8"        # a later visit for the participant at the counter
BOOKED_ROW = "#e3ecfa"      # booked tickets in the waiting list

STYLE = f"""
#counterWindow {{ background: #f4f6f8; }}
#currentTicket {{ background: #ffffff; border: 2px solid {NAVY}; border-radius: 12px; }}
#ticketNumber {{ color: {NAVY}; }}
#header {{ background: {NAVY}; }}
#header QLabel {{ color: #ffffff; }}
#reconnecting {{ color: #1b1b1b; background: #ffd166; border-radius: 6px; padding: 2px 8px; }}
#pausedMark {{ color: #1b1b1b; background: #ffb4a2; border-radius: 6px; padding: 2px 8px; }}
#feedback {{ color: {NAVY}; }}
#feedback[error="true"] {{ color: {ERROR}; }}
QPushButton {{ padding: 8px 14px; border-radius: 8px; background: #dfe7ef; color: #0b2545;
    font-size: {BUTTON_TEXT_PX}px; min-height: {MIN_BUTTON_PX - 2 * 8 - 2 * 2}px; border: 2px solid #5f6e85; }}
QPushButton:disabled {{ color: #4d4d4d; background: #e6e8eb; border: 2px dashed #767676; }}
#callNext, #recall, #finish, #transfer, #pause, #returnToQueue {{ min-height: {56 - 2 * 8 - 2 * 2}px; }}
#callNext {{ background: {NAVY}; color: #ffffff; font-weight: bold; }}
#skip {{ background: #fde8e4; color: #7a1b0c; border: 2px solid #a8321e;
    min-height: {START_BUTTON_PX - 2 * 8 - 2 * 2}px; }}
#skip:disabled {{ background: #f3eeee; color: #4d4d4d; border: 2px dashed #767676; }}
#callNext:disabled {{ background: #e6e8eb; color: #4d4d4d; border: 2px dashed #767676; }}
#assistancePanel {{ background: #fff4d6; border-radius: 8px; }}
#startServing {{ background: #1b6e3c; color: #ffffff; font-weight: bold; border: 2px solid #0f4d29;
    font-size: {START_TEXT_PX}px; min-height: {START_BUTTON_PX - 2 * 8 - 2 * 2}px; }}
#startServing:disabled {{ background: #e6e8eb; color: #4d4d4d; border: 2px dashed #767676; }}
#servingSince {{ color: #0f4d29; background: #dff3e6; border: 2px solid #1b6e3c; border-radius: 8px;
    padding: 6px 14px; }}
#ticketBooking {{ color: #0b2545; background: #e3ecfa; border: 1px solid {NAVY}; border-radius: 6px;
    padding: 3px 10px; }}
#bookingPanel {{ background: #e3ecfa; border: 1px solid {NAVY}; border-radius: 8px; }}
#bookingPanel QComboBox {{ font-size: 16px; min-height: 30px; }}
#bookingConfirm {{ background: {NAVY}; color: #ffffff; font-weight: bold; }}
#bookingConfirm:disabled {{ background: #e6e8eb; color: #4d4d4d; border: 2px dashed #767676; }}
"""


def button(text: str, name: str, height: int = MIN_BUTTON_PX, pixels: int = BUTTON_TEXT_PX,
           bold: bool = False) -> QPushButton:
    """A button that never takes the focus (a scanner's keystrokes stay in the scan field)."""
    widget = QPushButton(text)
    widget.setObjectName(name)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    widget.setMinimumHeight(height)
    font = QFont(widget.font())
    font.setPixelSize(pixels)
    font.setBold(bold)
    widget.setFont(font)
    return widget


class PinPage(QWidget):
    """Sign in with the staff PIN."""

    def __init__(self, lang: str, counter: int, on_submit: Callable[[], None]):
        super().__init__()
        self.prompt = label(tr("counter.pin_prompt", lang, counter=counter), "pinPrompt", 20, True)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.input = QLineEdit()
        self.input.setObjectName("pinInput")
        self.input.setEchoMode(QLineEdit.EchoMode.Password)
        self.input.setMaxLength(12)
        self.input.setFixedWidth(280)
        self.input.returnPressed.connect(on_submit)
        self.submit = QPushButton(tr("counter.pin_open", lang))
        self.submit.setObjectName("pinSubmit")
        self.submit.clicked.connect(on_submit)
        self.error = label("", "pinError", 16)
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error.setWordWrap(True)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.input)
        row.addWidget(self.submit)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.prompt)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addStretch(2)

    def set_checking(self, checking: bool) -> None:
        self.input.setEnabled(not checking)
        self.submit.setEnabled(not checking)

    def say(self, text: str, error: bool = False) -> None:
        self.error.setText(text)
        self.error.setStyleSheet(f"color: {ERROR if error else NAVY};")


class TicketCard(QFrame):
    """The ticket at the counter: number (and beside it the serving stage), state and service,
    its booking, the facts, the masked NIK behind a toggle and the document checklist."""

    def __init__(self, lang: str, on_toggle_nik: Callable[[], None], on_book: Callable[[], None]):
        super().__init__()
        self.setObjectName("currentTicket")
        self.number = label("", "ticketNumber", 56, True)
        self.number.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)   # never cut
        self.service = label("", "ticketService", 16, True)
        self.service.setWordWrap(True)
        self.facts = label("", "ticketFacts", 14)
        self.facts.setWordWrap(True)
        self.booking = label("", "ticketBooking", 15, True)
        self.booking.setWordWrap(True)
        self.booking.hide()
        self.nik = label("", "nikLabel", 14)
        self.nik_toggle = QPushButton(tr("counter.nik_show", lang))
        self.nik_toggle.setObjectName("nikToggle")
        self.nik_toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.nik_toggle.clicked.connect(on_toggle_nik)
        nik_row = QHBoxLayout()
        nik_row.addWidget(self.nik)
        nik_row.addWidget(self.nik_toggle)
        nik_row.addStretch(1)
        self.documents_title = label(tr("counter.documents", lang), "documentsTitle", 13, True)
        # documents missing: the participant is booked a visit on a later day, here at the counter
        self.book_button = button(f"{tr('counter.book_next', lang)}  [{BOOK_SHORTCUT}]", "bookNext")
        self.book_button.setAccessibleName(tr("counter.book_next", lang))
        self.book_button.setAccessibleDescription(tr("counter.book_next_hint", lang))
        self.book_button.setToolTip(tr("counter.book_next_hint", lang))
        self.book_button.setEnabled(False)
        self.book_button.clicked.connect(on_book)
        documents_row = QHBoxLayout()
        documents_row.addWidget(self.documents_title)
        documents_row.addStretch(1)
        documents_row.addWidget(self.book_button)
        self.documents_box = QVBoxLayout()
        self.document_checks: list[QCheckBox] = []
        box = QVBoxLayout(self)
        self.number_row = QHBoxLayout()             # the number, and beside it "start serving"
        self.number_row.addWidget(self.number)
        box.addLayout(self.number_row)
        box.addWidget(self.service)
        box.addWidget(self.booking)
        box.addWidget(self.facts)
        box.addLayout(nik_row)
        box.addLayout(documents_row)
        box.addLayout(self.documents_box)
        box.addStretch(1)

    def show_card(self, card, keep_documents: bool = False) -> None:
        """Show the desk's `Card` (a new checklist unless `keep_documents`: the same ticket)."""
        self.number.setText(card.number)
        self.service.setText(card.headline)
        self.booking.setText(card.booking or "")
        self.booking.setVisible(bool(card.booking))
        self.facts.setText(card.facts)
        self.nik.setText(card.nik)
        self.nik_toggle.setVisible(card.nik_toggle is not None)
        if card.nik_toggle is not None:
            self.nik_toggle.setText(card.nik_toggle)
        self.documents_title.setVisible(bool(card.documents))
        if keep_documents and [c.text() for c in self.document_checks] == list(card.documents):
            return
        for check in self.document_checks:
            self.documents_box.removeWidget(check)
            check.deleteLater()
        self.document_checks = []
        for doc in card.documents:
            check = QCheckBox(doc)
            check.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.documents_box.addWidget(check)
            self.document_checks.append(check)


class TransferPanel(QFrame):
    """Send the ticket to another service, inline, so the window never waits on a dialog."""

    def __init__(self, lang: str, on_confirm: Callable[[], None], on_cancel: Callable[[], None]):
        super().__init__()
        self.setObjectName("transferPanel")
        self.target = QComboBox()
        self.target.setObjectName("transferTarget")
        self.reason = QLineEdit()
        self.reason.setObjectName("transferReason")
        self.reason.setPlaceholderText(tr("counter.transfer_reason", lang))
        self.reason.returnPressed.connect(on_confirm)
        confirm = QPushButton(tr("counter.transfer_confirm", lang))
        confirm.setObjectName("transferConfirm")
        confirm.clicked.connect(on_confirm)
        cancel = QPushButton(tr("counter.transfer_cancel", lang))
        cancel.setObjectName("transferCancel")
        cancel.clicked.connect(on_cancel)
        row = QHBoxLayout(self)
        row.addWidget(label(tr("counter.transfer_to", lang)))
        row.addWidget(self.target, 2)
        row.addWidget(self.reason, 3)
        row.addWidget(confirm)
        row.addWidget(cancel)
        self.hide()

    def open(self, targets: Sequence[tuple[str, str]]) -> None:
        self.target.clear()
        for text, code in targets:
            self.target.addItem(text, code)
        self.reason.clear()
        self.show()
        self.reason.setFocus()


class BookingPanel(QFrame):
    """The later visit: service, day and slot, inline like the transfer (no dialog)."""

    def __init__(self, lang: str, on_day: Callable[[], None], on_confirm: Callable[[], None],
                 on_cancel: Callable[[], None]):
        super().__init__()
        self.setObjectName("bookingPanel")
        self.title = label("", "bookingTitle", 14, True)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        combos = []
        for name, key in (("bookingService", "counter.booking_service"), ("bookingDay", "counter.booking_day"),
                          ("bookingSlot", "counter.booking_slot")):
            combo = QComboBox()
            combo.setObjectName(name)
            combo.setAccessibleName(tr(key, lang))
            combo.setToolTip(tr(key, lang))
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
            combos.append(combo)
        self.service, self.day, self.slot = combos
        self.day.currentIndexChanged.connect(lambda *_args: on_day())
        self.confirm = button(tr("counter.booking_confirm", lang), "bookingConfirm")
        self.confirm.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.confirm.clicked.connect(on_confirm)
        cancel = button(tr("counter.booking_cancel", lang), "bookingCancel")
        cancel.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        cancel.clicked.connect(on_cancel)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.confirm)
        top.addWidget(cancel)
        choices = QHBoxLayout()
        self.slot.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for combo, stretch in ((self.service, 3), (self.day, 4), (self.slot, 0)):
            choices.addWidget(combo, stretch)
        panel = QVBoxLayout(self)
        panel.setContentsMargins(10, 6, 10, 8)
        panel.setSpacing(6)
        panel.addLayout(top)
        panel.addLayout(choices)
        self.hide()

    def fill(self, choices) -> None:
        """The desk's `BookingChoices`: the services (the ticket's own chosen) and the open days."""
        self.title.setText(choices.title)
        self.service.clear()
        for text, code in choices.services:
            self.service.addItem(text, code)
        self.service.setCurrentIndex(max(0, self.service.findData(choices.service)))
        self.day.blockSignals(True)
        self.day.clear()
        for text, day in choices.days:
            self.day.addItem(text, day)
        self.day.blockSignals(False)

    def chosen_day(self) -> date | None:
        value = self.day.currentData()
        try:
            return date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            return None

    def show_slots(self, slots: Sequence[str]) -> None:
        self.slot.clear()
        for text in slots:
            self.slot.addItem(text)


class HelpPanel(QFrame):
    """The kiosks' help requests, each with its "done" button; the ones without room counted."""

    def __init__(self, lang: str, on_ack: Callable[[int], None]):
        super().__init__()
        self.setObjectName("assistancePanel")
        self.lang, self.on_ack = lang, on_ack
        self.rows_layout = QVBoxLayout(self)
        self.rows_layout.addWidget(label(tr("counter.assistance", lang), "assistanceTitle", 14, True))
        self.rows: list[QWidget] = []
        self.hide()

    def show_rows(self, rows, more: str | None) -> None:
        for row in self.rows:
            self.rows_layout.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for help_row in rows:
            row = QWidget()
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            text = label(help_row.text, f"assistance_{help_row.event_id}", 14)
            text.setWordWrap(True)
            text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            layout.addWidget(text, 1)
            ack = QPushButton(tr("counter.assistance_ack", self.lang))
            ack.setObjectName(f"ack_{help_row.event_id}")
            ack.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            ack.clicked.connect(lambda _=False, eid=help_row.event_id: self.on_ack(eid))
            layout.addWidget(ack)
            self.rows_layout.addWidget(row)
            self.rows.append(row)
        if more:
            extra = label(more, "assistanceMore", 14)
            self.rows_layout.addWidget(extra)
            self.rows.append(extra)
        self.setVisible(bool(rows) or bool(more))


class Header(QFrame):
    """The counter's number and services, the paused and reconnecting marks, and the clock."""

    def __init__(self, lang: str, counter: int, services: str):
        super().__init__()
        self.setObjectName("header")
        self.title = label(tr("counter.title", lang, counter=counter), "counterTitle", 22, True)
        self.services_text = tr("counter.services", lang, services=services)
        self.services = label(self.services_text, "counterServices", 12)
        self.services.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.services.setToolTip(self.services_text)
        self.paused_mark = label(tr("counter.paused_mark", lang), "pausedMark", 14, True)
        self.paused_mark.hide()
        self.reconnecting = label(tr("staff.reconnecting", lang), "reconnecting", 14, True)
        self.reconnecting.hide()
        self.clock = label("", "counterClock", 18, True)
        head = QHBoxLayout(self)
        head.addWidget(self.title)
        head.addSpacing(12)
        head.addWidget(self.services, 1)
        head.addWidget(self.paused_mark)
        head.addWidget(self.reconnecting)
        head.addSpacing(12)
        head.addWidget(self.clock)

    def fit_services(self) -> None:
        """The services as far as they fit beside the marks (whole in the tooltip)."""
        fm = self.services.fontMetrics()
        self.services.setText(fm.elidedText(self.services_text, Qt.TextElideMode.ElideRight,
                                            max(0, self.services.contentsRect().width() - 2)))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.fit_services()


ACTIONS = (  # objectName, text key, shortcut (the no-show stands beside "start serving", on F12)
    ("callNext", "counter.call_next", "F1"),
    ("recall", "counter.recall", "F2"),
    ("finish", "counter.finish", "F4"),
    ("transfer", "counter.transfer", "F5"),
    ("pause", "counter.pause", "F6"),
    ("returnToQueue", "counter.return", "F9"),
)
NO_SHOW_SHORTCUT = "F12"        # far from recall (F2), and from F3 where it used to be


class ActionPad(QWidget):
    """The six actions, three a row, each saying its key beside the words, or below them where
    the column is too narrow for three buttons a row with the words and the key on one line.
    `words` gives the words of the actions that change (pause or resume)."""

    def __init__(self, lang: str, handlers: dict[str, Callable[[], None]], words: dict[str, Callable[[], str]]):
        super().__init__()
        self.setObjectName("actionsBox")
        self.lang, self.words = lang, words
        self.stacked = False
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for i, (name, key, shortcut) in enumerate(ACTIONS):
            action = button(self.text(name, key, shortcut, False), name, height=56, pixels=20)
            action.setAccessibleName(tr(key, lang))
            action.clicked.connect(handlers[name])
            self.buttons[name] = action
            self.grid.addWidget(action, i // 3, i % 3)

    def keys(self) -> list[tuple[str, QPushButton]]:
        return [(shortcut, self.buttons[name]) for name, _key, shortcut in ACTIONS]

    def text(self, name: str, key: str, shortcut: str, stacked: bool) -> str:
        words = self.words[name]() if name in self.words else tr(key, self.lang)
        return f"{words}{chr(10) if stacked else '  '}[{shortcut}]"

    def arrange(self, width: int) -> None:
        """Words and key on one line when three buttons a row fit in `width`, else the key below."""
        first = self.buttons[ACTIONS[0][0]]
        fm = first.fontMetrics()
        pad = first.sizeHint().width() - fm.horizontalAdvance(first.text().split(chr(10))[0])
        need = 3 * (max(fm.horizontalAdvance(self.text(name, key, shortcut, False))
                        for name, key, shortcut in ACTIONS) + pad) + 2 * max(0, self.grid.horizontalSpacing())
        stacked = width < need
        if stacked != self.stacked:
            self.stacked = stacked
            self.show_words()

    def show_words(self) -> None:
        """Every action's words again (pause and resume change)."""
        for name, key, shortcut in ACTIONS:
            self.buttons[name].setText(self.text(name, key, shortcut, self.stacked))

    def show_pause(self) -> None:
        self.show_words()


class ServingStage(QStackedWidget):
    """Beside the number: nothing, the "start serving" button after a call, or since when the
    ticket is being served (one height for all three: nothing below moves)."""

    def __init__(self, lang: str, shortcut: str, on_start: Callable[[], None], on_no_show: Callable[[], None]):
        super().__init__()
        self.setObjectName("servingStage")
        self.lang = lang
        self.start = button(f"{tr('counter.start_serving', lang)}\n[{shortcut}]", "startServing",
                            height=START_BUTTON_PX, pixels=START_TEXT_PX, bold=True)
        self.start.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        # the participant did not come: beside "start serving", greyed out until the branch's grace is over
        self.no_show = button("", "skip", height=START_BUTTON_PX, pixels=BUTTON_TEXT_PX - 2)
        self.no_show.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.no_show.setAccessibleName(tr("counter.no_show", lang))
        self.no_show.clicked.connect(on_no_show)
        self.start.setAccessibleName(tr("counter.start_serving", lang))
        self.start.setAccessibleDescription(tr("counter.start_serving_hint", lang))
        self.start.setToolTip(tr("counter.start_serving_hint", lang))
        self.start.clicked.connect(on_start)
        self.since = label("", "servingSince", 18, True)
        self.since.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.since.setMinimumHeight(START_BUTTON_PX)
        self.since.setWordWrap(True)
        called = QWidget()
        row = QHBoxLayout(called)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.start, 3)
        row.addWidget(self.no_show, 2)
        self.addWidget(QWidget())     # no ticket at the counter
        self.addWidget(called)
        self.addWidget(self.since)

    def show_no_show(self, words: str) -> None:
        """The no-show button's words: the action, or what is left of the grace."""
        # during the grace the button is greyed out: its second line says what is left, not its key
        self.no_show.setText(words if chr(10) in words else f"{words}\n[{NO_SHOW_SHORTCUT}]")

    def show_serving(self, serving) -> None:
        """The desk's `Serving`: its stage, and since when once serving."""
        if serving.stage == 2:
            self.since.setText(serving.text)
        self.setCurrentIndex(serving.stage)
