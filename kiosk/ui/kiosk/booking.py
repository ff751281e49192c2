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

from kiosk.domain.booking import CODE_MAX, normalize_code
from kiosk.domain.catalog import pick, tr
from kiosk.domain.formatting import time_en, time_id
from kiosk.domain.nik import NIK_LENGTH, mask_nik
from kiosk.ui.kiosk.base import CENTER, Screen
from kiosk.ui.kiosk.keypad import CodeKeyboard
from kiosk.ui.kiosk.screens import QuestionScreen, service_name
from kiosk.ui.kiosk.widgets import label, set_tone, wrap_button

KEY_MAX_PX = 150
CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")


def slot_times(booking: dict, lang: str) -> tuple[str, str]:
    """The slot of a booking (`booking_json`) as the participant reads it: `09.00`, `09.30`."""
    start = datetime.fromisoformat(booking["slot_start"])
    end = datetime.fromisoformat(booking["slot_end"])
    show = time_en if lang == "en" else time_id
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
        self.code = ""
        self.checking = False
        self.note: tuple[str, str] | None = None        # what came of the last try (an unknown code, …)
        self._updating = False
        box = QVBoxLayout(self)
        box.setContentsMargins(40, 16, 40, 16)
        box.setSpacing(12)
        self.title = label(self, "bookingTitle", "title", align=CENTER)
        self.input = CodeInput(self)
        self.input.textEdited.connect(self._typed)
        self.input.returnPressed.connect(self._submit)
        field = QHBoxLayout()
        field.addStretch(1)
        field.addWidget(self.input, 6)
        field.addStretch(1)
        self.message = label(self, "bookingMessage", "body", align=CENTER)
        self.message.setMinimumHeight(56)
        self.keyboard = CodeKeyboard("codeKey", self)
        self.keyboard.key.connect(self._key)
        self.keyboard.backspace.connect(self._backspace)
        buttons = QHBoxLayout()
        buttons.setSpacing(16)
        self.back = wrap_button(self, "bookingBack", "secondary")
        self.back.clicked.connect(lambda: kiosk.go_welcome(end_visit=False))
        self.retype = wrap_button(self, "bookingRetype", "secondary")
        self.retype.clicked.connect(self._retype)
        self.submit = wrap_button(self, "bookingSubmit", "go")
        self.submit.clicked.connect(self._submit)
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

    # -- input
    def set_code(self, text: str) -> None:
        """Put a code in the field as if typed (a scanned code, a restored field)."""
        self.code = "".join(ch for ch in (text or "").upper() if ch in CODE_CHARS)[:CODE_MAX]
        self._show()

    def _typed(self, text: str) -> None:
        if self._updating or self.checking:
            return
        self.note = None
        self.set_code(text)

    def _key(self, char: str) -> None:
        if not self.checking and len(self.code) < CODE_MAX:
            self.note = None
            self.set_code(self.code + char)

    def _backspace(self) -> None:
        if not self.checking:
            self.note = None
            self.set_code(self.code[:-1])

    def _retype(self) -> None:
        if not self.checking:
            self.note = None
            self.set_code("")

    def reset(self) -> None:
        self.checking = False
        self.note = None
        self.set_code("")

    def say(self, text_id: str, text_en: str | None = None) -> None:
        """What came of a check-in that gave no ticket (an unknown, used or other day's code)."""
        self.checking = False
        self.note = (text_id, text_en or text_id)
        self._show()

    @property
    def ready(self) -> bool:
        return normalize_code(self.code) is not None

    def _submit(self) -> None:
        if not self.ready or self.checking:
            return
        self.checking = True
        self._show()
        self.kiosk.check_in_booking(self.code)

    def start_checking(self) -> None:
        self.checking = True
        self._show()

    # -- drawing
    def _show(self) -> None:
        lang = self.lang
        # a NIK typed here instead of a code is masked once complete, as on the NIK screen
        nik = len(self.code) == NIK_LENGTH and self.code.isdigit()
        shown = mask_nik(self.code) if nik else self.code
        self._updating = True
        self.input.setText(shown)
        self.input.setCursorPosition(len(shown))
        self._updating = False
        self.input.setReadOnly(self.checking or nik)
        self.input.setAccessibleName(tr("checkin.field.name", lang))
        if self.checking:
            self.message.setText(tr("checkin.checking", lang))
            set_tone(self.message, None)
        elif self.note is not None:
            self.message.setText(pick(lang, *self.note))
            set_tone(self.message, "error")
        else:
            self.message.setText(tr("checkin.hint", lang))
            set_tone(self.message, None)
        set_tone(self.input, "error" if self.note is not None and not self.checking else None)
        self.keyboard.setEnabled(not self.checking)
        self.submit.setEnabled(self.ready and not self.checking)
        self.retype.setEnabled(bool(self.code) and not self.checking)
        self.back.setEnabled(not self.checking)

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
    FOUND, EARLY = "found", "early"

    def __init__(self, kiosk):
        super().__init__(kiosk, "bookingFound")
        self.mode = self.FOUND
        self.first.clicked.connect(self._first)
        self.second.clicked.connect(self._second)

    def _first(self) -> None:
        if self.mode == self.FOUND:
            self.kiosk.continue_without_booking()
        else:
            self.kiosk.go_welcome()

    def _second(self) -> None:
        if self.mode == self.FOUND:
            self.kiosk.check_in_found()
        else:
            self.kiosk.check_in_walk_in()

    def refresh(self) -> None:
        lang, visit = self.lang, self.kiosk.visit
        found = self.mode == self.FOUND
        self.first.setObjectName("bookingSkip" if found else "bookingLater")
        self.second.setObjectName("bookingCheckIn" if found else "bookingWalkIn")
        if found:
            booking = visit.booking or {}
            self.title.setText(tr("checkin.found.title", lang))
            if booking:
                start, end = slot_times(booking, lang)
                self.text.setText(tr("checkin.found.text", lang, service=service_name(self.kiosk, booking["service"], lang),
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
        busy = self.kiosk.visit.checking_in
        for b in (self.first, self.second):
            b.setEnabled(not busy)

    def spoken(self) -> str:
        if self.mode == self.FOUND:
            return tr("speak.checkin.found", self.lang)
        return f"{self.title.text()}. {self.text.text()}"
