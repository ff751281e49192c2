"""The screens of a booked visit: the booking code typed on large keys (or scanned), and the
booking the kiosk found (today's booking of a typed NIK, or an early arrival's choice).

The check-in itself and its rule are the application's (`svc.check_in`, `kiosk.domain.booking`);
these screens only take the code and say what came of it. A NIK typed in place of the code (the
application finds today's booking by it) is masked once complete.
"""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout

from kiosk.domain.booking import CODE_MAX
from kiosk.domain.catalog import pick, tr
from kiosk.domain.formatting import time_en, time_id
from kiosk.domain.nik import NIK_LENGTH, mask_nik
from kiosk.ui.kiosk.base import CENTER, Screen
from kiosk.ui.kiosk.keypad import CodeKeyboard
from kiosk.ui.kiosk.screens import QuestionScreen
from kiosk.ui.kiosk.widgets import label, set_tone, wrap_button

KEY_MAX_PX = 150


def slot_times(booking: dict, lang: str) -> tuple[str, str]:
    """The slot of a booking (`booking_json`) as the participant reads it: `09.00`, `09.30`."""
    start = datetime.fromisoformat(booking["slot_start"])
    end = datetime.fromisoformat(booking["slot_end"])
    show = pick(lang, time_id, time_en)
    return show(start), show(end)


class CodeInput(QLineEdit):
    """The booking code as typed: capitals, digits and dashes only."""

    def __init__(self, parent):
        super().__init__(parent)
        self.setObjectName("bookingCode")
        self.setAlignment(CENTER)
        self.setMaxLength(CODE_MAX)
        self.setMinimumHeight(80)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)


class BookingScreen(Screen):
    """"Saya sudah booking": the code on large keys; Check-in asks the application."""

    name = "booking"
    object_name = "bookingScreen"
    title_key = "checkin.title"

    def __init__(self, kiosk):
        super().__init__(kiosk)
        flow = kiosk.flow
        self._updating = False
        box = QVBoxLayout(self)
        box.setContentsMargins(40, 16, 40, 16)
        box.setSpacing(12)
        self.title = label(self, "bookingTitle", "title", align=CENTER)
        self.input = CodeInput(self)
        self.input.textEdited.connect(self._typed)
        self.input.returnPressed.connect(flow.checkin.submit_code)
        field = QHBoxLayout()
        field.addStretch(1)
        field.addWidget(self.input, 6)
        field.addStretch(1)
        self.message = label(self, "bookingMessage", "body", align=CENTER)
        self.message.setMinimumHeight(56)
        self.keyboard = CodeKeyboard("codeKey", self)
        self.keyboard.key.connect(flow.checkin.press_code_key)
        self.keyboard.backspace.connect(flow.checkin.code_backspace)
        buttons = QHBoxLayout()
        buttons.setSpacing(16)
        self.back = wrap_button(self, "bookingBack", "secondary")
        self.back.clicked.connect(lambda: flow.go_welcome(end_visit=False))
        self.retype = wrap_button(self, "bookingRetype", "secondary")
        self.retype.clicked.connect(flow.checkin.retype_code)
        self.submit = wrap_button(self, "bookingSubmit", "go")
        self.submit.clicked.connect(flow.checkin.submit_code)
        for w in (self.back, self.retype, self.submit):
            buttons.addWidget(w, 1)
        box.addWidget(self.title)
        box.addLayout(field)
        box.addWidget(self.message)
        # keys no taller than a hand needs; what is left of a tall window stays above the buttons
        self.keyboard.setMaximumHeight(4 * KEY_MAX_PX)
        box.addWidget(self.keyboard, 3)
        box.addStretch(1)
        box.addLayout(buttons)

    @property
    def code(self) -> str:
        return self.flow.code.code

    def _typed(self, text: str) -> None:
        if not self._updating:
            self.flow.checkin.type_code(text)

    # -- drawing
    def _show(self) -> None:
        lang, entry = self.lang, self.flow.code
        # a NIK typed here instead of a code is masked once complete, as on the NIK screen
        nik = len(entry.code) == NIK_LENGTH and entry.code.isdigit()
        shown = mask_nik(entry.code) if nik else entry.code
        self._updating = True
        self.input.setText(shown)
        self.input.setCursorPosition(len(shown))
        self._updating = False
        self.input.setReadOnly(entry.checking or nik)
        self.input.setAccessibleName(tr("checkin.field.name", lang))
        if entry.checking:
            self.message.setText(tr("checkin.checking", lang))
            set_tone(self.message, None)
        elif entry.note is not None:
            self.message.setText(pick(lang, *entry.note))
            set_tone(self.message, "error")
        else:
            self.message.setText(tr("checkin.hint", lang))
            set_tone(self.message, None)
        set_tone(self.input, "error" if entry.note is not None and not entry.checking else None)
        self.keyboard.setEnabled(not entry.checking)
        self.submit.setEnabled(entry.ready and not entry.checking)
        self.retype.setEnabled(bool(entry.code) and not entry.checking)
        self.back.setEnabled(not entry.checking)

    def refresh(self) -> None:
        lang = self.lang
        self.title.setText(tr("checkin.title", lang))
        self.input.setPlaceholderText("LPK-2026-0001")
        self.back.setText(tr("back", lang))
        self.retype.setText(tr("checkin.retype", lang))
        self.retype.setAccessibleName(tr("checkin.retype.name", lang))      # after the text: says what it does
        self.submit.setText(tr("checkin.submit", lang))
        self.keyboard.retranslate(lang)
        self._show()

    def spoken(self) -> str:
        return tr("speak.checkin", self.lang)


class BookingFoundScreen(QuestionScreen):
    """A booking the kiosk found (objectName `bookingFound`): today's booking of the NIK just
    typed (check it in, or go on as a walk-in), or an early arrival told when they will be called
    (take an ordinary number now, or come back)."""

    name = "bookingFound"
    object_name = "bookingFound"

    def __init__(self, kiosk):
        super().__init__(kiosk, "bookingFound")
        self.first.clicked.connect(self._first)
        self.second.clicked.connect(self._second)

    def _first(self) -> None:
        if self.flow.found_early:
            self.flow.go_welcome()
        else:
            self.flow.continue_without_booking()

    def _second(self) -> None:
        if self.flow.found_early:
            self.flow.checkin.check_in_walk_in()
        else:
            self.flow.checkin.check_in_found()

    def refresh(self) -> None:
        lang, visit = self.lang, self.flow.visit
        found = not self.flow.found_early
        self.first.setObjectName("bookingSkip" if found else "bookingLater")
        self.second.setObjectName("bookingCheckIn" if found else "bookingWalkIn")
        if found:
            booking = visit.booking or {}
            self.title.setText(tr("checkin.found.title", lang))
            if booking:
                start, end = slot_times(booking, lang)
                self.text.setText(tr("checkin.found.text", lang, service=self.flow.service_name(str(booking["service"])),
                                     start=start, end=end, code=booking["code"]))
            self.note.setText(tr("checkin.found.note", lang))
            self.first.setText(tr("checkin.found.no", lang))
            self.second.setText(tr("checkin.found.yes", lang))
        else:
            result = visit.checkin
            self.title.setText(tr("checkin.early.title", lang))
            self.text.setText(pick(lang, result.message, result.message_en) if result is not None else "")
            self.note.setText("")
            self.first.setText(tr("checkin.early.later", lang))
            self.second.setText(tr("checkin.early.walk_in", lang))
        self.note.setVisible(bool(self.note.text()))
        busy = visit.checking_in
        for b in (self.first, self.second):
            b.setEnabled(not busy)

    def spoken(self) -> str:
        if not self.flow.found_early:
            return tr("speak.checkin.found", self.lang)
        return f"{self.title.text()}. {self.text.text()}"
