"""The participant's screens: Welcome, NIK, the KK and heir questions, Status, Visit (groups, then
services), Route, Documents, Ticket, a ticket already held, Message.

Each screen draws itself from the window's visit state in `refresh()`, so a language switch or
a rotation simply draws again. Actions go back to the window (`self.kiosk`).
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QBoxLayout, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QStackedWidget,
    QVBoxLayout, QWidget,
)

from kiosk.domain.booking import BookingState
from kiosk.domain.catalog import pick, tr
from kiosk.domain.catalog.kiosk import SEGMENTS
from kiosk.domain.classification import Route, heir_service
from kiosk.domain.formatting import minutes_text, month_text, time_en, time_id, when_text
from kiosk.domain.nik import NIK_LENGTH, mask_nik, nik_problem, problem_part_key, problem_span
from kiosk.domain.participant import Status
from kiosk.domain.queue import TicketState
from kiosk.domain.speech import spoken_number
from kiosk.ui.kiosk import theme
from kiosk.ui.kiosk.base import CENTER, Screen
from kiosk.ui.kiosk.keypad import Keypad
from kiosk.ui.kiosk.widgets import (
    FittedPicture, button, label, qr_pixmap, restyle, set_direction, set_tone, wrap_button,
)

__all__ = ["CENTER", "DocumentsScreen", "HeirScreen", "KkScreen", "MessageScreen", "NikScreen", "RepeatScreen",
           "RouteScreen", "Screen", "StatusScreen", "TicketScreen", "VisitScreen", "WelcomeScreen",
           "group_digits", "wait_text"]

# Group icons: glyphs of the bundled font, by the names the configuration uses.
ICONS = {"info": "ℹ", "claim": "☂", "complaint": "✉", "payment": "Rp", "data": "✎", "health": "✚",
         "question": "?", "": "●"}


MAX_TILE_PX = 440
LONG_TEXT = 120          # characters: a route's reason this long is set smaller


def group_digits(digits: str) -> str:
    """`3171011708450001` → `3171 0117 0845 0001` (groups of four as it is typed)."""
    return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))


def wait_text(minutes: int | None, lang: str) -> str | None:
    return None if minutes is None else minutes_text(minutes, lang)


def service_name(kiosk, code: str, lang: str) -> str:
    spec = kiosk.svc.branch.service(code)
    return pick(lang, spec.name_id, spec.name_en) if spec is not None else code


def status_line(kiosk, lang: str) -> str:
    """"D.L. · Status: Aktif · NIK ************1234" for the visit's participant (never the name)."""
    result = kiosk.visit.result
    if result is None:
        return ""
    parts = []
    p = result.participant
    if kiosk.visit.heir:
        parts.append(tr("status.heir", lang))
    elif p is not None and p.verified and p.found:
        if p.initials:
            parts.append(".".join(p.initials) + ".")
        if p.status is not None:
            parts.append(tr("status.label", lang, status=pick(lang, p.status.label_id, p.status.label_en)))
    if result.nik_masked:
        parts.append(tr("status.nik", lang, nik=result.nik_masked).replace(" ", "\u00a0"))   # never split
    return "  ·  ".join(parts)


# ------------------------------------------------------------------------------------- Welcome
class WelcomeScreen(Screen):
    name = "welcome"
    title_key = "welcome.title"

    def __init__(self, kiosk):
        super().__init__(kiosk)
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 24, 48, 24)
        box.setSpacing(14)
        self.title = label(self, "welcomeTitle", "title", align=CENTER)
        self.branch = label(self, "welcomeBranch", "big", align=CENTER)
        self.date = label(self, "welcomeDate", "big", align=CENTER)
        self.clock = label(self, "welcomeClock", "title", align=CENTER)
        self.office = label(self, "officeStatus", "big", align=CENTER)
        self.take = wrap_button(self, "takeTicket", "go")
        self.take.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.take.setMinimumHeight(160)
        self.take.clicked.connect(kiosk.start_visit)
        self.booking = wrap_button(self, "bookingStart")          # blue: the other way in, never the main one
        self.booking.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.booking.setMinimumHeight(96)
        self.booking.clicked.connect(lambda: kiosk.start_booking())
        self.scan = label(self, "welcomeScan", "hint", align=CENTER)
        self.priority = label(self, "welcomePriority", "hint", align=CENTER)
        box.addWidget(self.title)
        box.addWidget(self.branch)
        box.addWidget(self.date)
        box.addWidget(self.clock)
        box.addWidget(self.office)
        box.addStretch(1)
        box.addWidget(self.take, 4)
        box.addWidget(self.booking, 2)
        box.addWidget(self.scan)
        box.addStretch(1)
        box.addWidget(self.priority)

    def refresh(self) -> None:
        lang, now = self.lang, self.kiosk.now()
        self.title.setText(tr("welcome.title", lang))
        self.branch.setText(self.kiosk.svc.branch.name)
        self.date.setText(when_text(now, lang, clock=None))
        self.clock.setText(time_en(now) if lang == "en" else time_id(now))
        office = self.kiosk.office()
        self.office.setText(pick(lang, office.message_id, office.message_en))
        set_tone(self.office, "ok" if office.is_open else "warn")
        self.take.setText(f"{tr('welcome.take', lang)}\n{tr('welcome.take.sub', lang)}")
        self.take.setAccessibleName(tr("welcome.take", lang))
        self.booking.setText(f"{tr('welcome.booking', lang)}\n{tr('welcome.booking.sub', lang)}")
        self.booking.setAccessibleName(tr("welcome.booking", lang))
        self.scan.setText(tr("welcome.scan", lang))
        self.priority.setText(tr("welcome.priority", lang))

    def spoken(self) -> str:
        return tr("speak.welcome", self.lang)


# ------------------------------------------------------------------------------------- NIK
class NikInput(QLineEdit):
    """The NIK field: digits only, in groups of four as it is typed; masked once complete."""

    def __init__(self, parent: QWidget, screen: "NikScreen"):
        super().__init__(parent)
        self.screen = screen
        self.setObjectName("nikInput")
        self.setAlignment(CENTER)
        self.setMaxLength(NIK_LENGTH + (NIK_LENGTH - 1) // 4)     # digits and the spaces between groups
        self.setMinimumHeight(88)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API: the masked field still deletes
        if self.isReadOnly() and event.key() == Qt.Key.Key_Backspace and not self.screen.checking:
            self.screen.backspace()
            return
        super().keyPressEvent(event)


class NikMark(QWidget):
    """The sixteen places of a NIK with the wrong part marked: its digits shown in red boxes, the
    other places as dots (the whole NIK is never drawn here)."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("nikMark")
        self.digits = ""
        self.span: tuple[int, int] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def show_span(self, digits: str, span: tuple[int, int] | None) -> None:
        self.digits, self.span = digits, span
        self.setVisible(span is not None)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        h = max(48, int(self.fontMetrics().height() * 1.6))
        return QSize(NIK_LENGTH * h, h)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(NIK_LENGTH * 20, self.sizeHint().height())

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        if self.span is None:
            return
        start, end = self.span
        gap_small, gap_group = 3, 14
        n = NIK_LENGTH
        groups = (n - 1) // 4
        cell = (self.width() - (n - 1 - groups) * gap_small - groups * gap_group) / n
        cell = max(8.0, min(cell, self.height() * 0.9))
        used = n * cell + (n - 1 - groups) * gap_small + groups * gap_group
        x = (self.width() - used) / 2
        top = (self.height() - cell) / 2
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(max(8, int(cell * 0.7)))
        painter.setFont(font)
        for i in range(n):
            box = QRectF(x, top, cell, cell)
            wrong = start <= i < end
            if wrong:
                painter.setPen(QPen(QColor(theme.RED), 3))
                painter.setBrush(QColor("#FBE3E3"))
            else:
                painter.setPen(QPen(QColor(theme.KEY_BORDER), 1))
                painter.setBrush(QColor(theme.MUTED_BG))
            painter.drawRoundedRect(box.adjusted(1, 1, -1, -1), 4, 4)
            if i < len(self.digits):
                painter.setPen(QColor(theme.RED if wrong else theme.GREY))
                painter.drawText(box, int(CENTER), self.digits[i] if wrong else "•")
            x += cell + (gap_group if i % 4 == 3 else gap_small)
        painter.end()


class NikScreen(Screen):
    name = "nik"
    flows = ("body",)
    title_key = "nik.title"

    def __init__(self, kiosk):
        super().__init__(kiosk)
        self.digits = ""
        self.rejected_non_digit = False
        self.checking = False
        self.revealed = False
        self.note: tuple[str, str] | None = None      # a sentence of the window (an unknown card, …)
        self._updating = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 16, 40, 16)
        outer.setSpacing(12)
        self.title = label(self, "nikTitle", "title", align=CENTER)
        outer.addWidget(self.title)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(32)
        outer.addLayout(self.body, 1)

        left = QVBoxLayout()
        left.setSpacing(12)
        self.hint = label(self, "nikHint", "hint", align=CENTER)
        self.input = NikInput(self, self)
        self.input.textEdited.connect(self._typed)
        self.input.returnPressed.connect(self._enter)
        self.reveal = button(self, "nikReveal", "secondary")
        self.reveal.pressed.connect(lambda: self._reveal(True))
        self.reveal.released.connect(lambda: self._reveal(False))
        field = QVBoxLayout()           # the whole width for the sixteen digits; the reveal under them
        field.setSpacing(8)
        field.addWidget(self.input)
        reveal_row = QHBoxLayout()
        reveal_row.addStretch(1)
        reveal_row.addWidget(self.reveal)
        reveal_row.addStretch(1)
        field.addLayout(reveal_row)
        self.mark = NikMark(self)
        self.message = label(self, "nikMessage", "big", align=CENTER)
        self.message.setMinimumHeight(56)
        self.scan = label(self, "nikScan", "hint", align=CENTER)
        buttons = QHBoxLayout()
        self.back = button(self, "nikBack", "secondary", expand=True)
        self.back.clicked.connect(lambda: kiosk.go_welcome(end_visit=False))
        self.submit = button(self, "nikSubmit", "go", expand=True)
        self.submit.clicked.connect(self._submit)
        buttons.addWidget(self.back)
        buttons.addWidget(self.submit)
        left.addStretch(1)
        left.addLayout(field)
        left.addWidget(self.mark)
        left.addWidget(self.message)
        left.addWidget(self.hint)
        left.addWidget(self.scan)
        left.addStretch(1)
        left.addLayout(buttons)
        self.body.addLayout(left, 3)

        self.keypad = Keypad("keypad", self)
        self.keypad.digit.connect(self._digit)
        self.keypad.backspace.connect(self.backspace)
        self.keypad.clear.connect(self._clear)
        self.keypad.setMinimumWidth(300)
        self.body.addWidget(self.keypad, 2)

    # -- input
    @property
    def complete(self) -> bool:
        return len(self.digits) == NIK_LENGTH

    def _set_digits(self, digits: str) -> None:
        self.digits = digits[:NIK_LENGTH]
        self.kiosk.visit.nik = self.digits
        if not self.complete:
            self.revealed = False
        self._show_field()
        self._validate()

    def _show_field(self) -> None:
        masked = self.complete and not self.revealed
        self._updating = True
        self.input.setText(mask_nik(self.digits) if masked else group_digits(self.digits))
        self.input.setCursorPosition(len(self.input.text()))
        self._updating = False
        self.input.setReadOnly(self.checking or self.complete)
        self.input.setAccessibleName(tr("nik.field.name", self.lang))

    def _reveal(self, shown: bool) -> None:
        if self.complete:
            self.revealed = shown
            self._show_field()

    def _typed(self, text: str) -> None:
        if self._updating or self.checking or self.complete:
            return
        digits = "".join(ch for ch in text if ch.isdigit() and ch.isascii())
        self.rejected_non_digit = any(not (ch.isdigit() or ch.isspace()) for ch in text)
        self.note = None
        self._set_digits(digits)

    def _digit(self, d: str) -> None:
        if self.checking or self.complete:
            return
        self.rejected_non_digit = False
        self.note = None
        self._set_digits(self.digits + d)

    def backspace(self) -> None:
        if not self.checking:
            self.rejected_non_digit = False
            self.note = None
            self._set_digits(self.digits[:-1])

    def _clear(self) -> None:
        if not self.checking:
            self.rejected_non_digit = False
            self.note = None
            self._set_digits("")

    def set_digits(self, digits: str) -> None:
        """Put digits in the field as if typed (a scanned NIK, a restored field)."""
        self.rejected_non_digit = False
        self._set_digits(digits)

    def reset(self) -> None:
        self.checking = False
        self.rejected_non_digit = False
        self.revealed = False
        self.note = None
        self.keypad.cancel_confirm()
        self._set_digits("")

    def say(self, text_id: str, text_en: str | None = None) -> None:
        """A sentence of the window under the field (an unknown card, a failed scan)."""
        self.note = (text_id, text_en or text_id)
        self._validate()

    # -- checks
    def problem(self):
        return nik_problem(self.digits, self.kiosk.today())

    @property
    def ready(self) -> bool:
        return self.complete and self.problem() is None

    def _validate(self) -> None:
        lang = self.lang
        problem = self.problem()
        busy = self.checking
        self.keypad.setEnabled(not busy)
        self.input.setReadOnly(busy or self.complete)
        span = problem_span(problem)
        self.mark.show_span(self.digits, span)
        if busy:
            self.message.setText(tr("scan.reading" if self.kiosk.visit.scanned else "nik.checking", lang))
            set_tone(self.message, None)
        elif problem is not None:
            text = pick(lang, problem.message, problem.message_en)
            part = problem_part_key(problem)
            if span is not None and part is not None:
                text += "\n" + tr("nik.part.wrong", lang, start=span[0] + 1, end=span[1], part=tr(part, lang))
            self.message.setText(text)
            set_tone(self.message, "error")
        elif self.note is not None:
            self.message.setText(pick(lang, *self.note))
            set_tone(self.message, "warn")
        elif self.rejected_non_digit:
            self.message.setText(tr("nik.digits.only", lang))
            set_tone(self.message, "error")
        elif self.complete:
            self.message.setText(tr("nik.complete", lang))
            set_tone(self.message, "ok")
        else:
            self.message.setText(tr("nik.count", lang, n=len(self.digits)))
            set_tone(self.message, None)
        set_tone(self.input, "error" if problem is not None else None)
        self.reveal.setVisible(self.complete)
        self.submit.setEnabled(self.ready and not busy)
        self.back.setEnabled(not busy)

    def _enter(self) -> None:
        if self.submit.isEnabled():
            self._submit()

    def _submit(self) -> None:
        if not self.ready or self.checking:
            return
        self.checking = True
        self._validate()
        self.kiosk.check_nik(self.digits)

    def start_checking(self) -> None:
        """The window checks something on the participant's behalf (a scanned card)."""
        self.checking = True
        self._validate()

    def check_done(self) -> None:
        self.checking = False
        self._validate()

    def refresh(self) -> None:
        lang = self.lang
        self.title.setText(tr("nik.title.assisted" if self.kiosk.staff_role else "nik.title", lang))
        self.hint.setText(tr("nik.hint", lang))
        self.scan.setText(tr("nik.scan", lang))
        self.input.setPlaceholderText(tr("nik.placeholder", lang))
        self.reveal.setText(tr("nik.reveal", lang))
        self.reveal.setAccessibleName(tr("nik.reveal.name", lang))
        self.back.setText(tr("back", lang))
        self.submit.setText(tr("next", lang))
        self.keypad.retranslate(lang)
        self._show_field()
        self._validate()

    def spoken(self) -> str:
        return tr("speak.nik", self.lang)


# ------------------------------------------------------------------------------------- questions
class QuestionScreen(Screen):
    """A question with two large answers (the KK and the heir questions)."""

    remembered = False

    def __init__(self, kiosk, prefix: str):
        super().__init__(kiosk)
        box = QVBoxLayout(self)
        box.setContentsMargins(64, 32, 64, 32)
        box.setSpacing(24)
        self.title = label(self, f"{prefix}Title", "title", align=CENTER)
        self.text = label(self, f"{prefix}Text", "big", align=CENTER)
        self.note = label(self, f"{prefix}Note", "hint", align=CENTER)
        self.answers = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.answers.setSpacing(24)
        self.first = wrap_button(self, f"{prefix}First", "secondary")
        self.second = wrap_button(self, f"{prefix}Second", "go")
        for b in (self.first, self.second):
            b.setMinimumHeight(120)
            self.answers.addWidget(b)
        box.addStretch(1)
        box.addWidget(self.title)
        box.addWidget(self.text)
        box.addWidget(self.note)
        box.addStretch(1)
        box.addLayout(self.answers)

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        set_direction(self.answers, portrait)


class KkScreen(QuestionScreen):
    """"Apakah ini nomor KK?": a well-formed number the directory does not know."""

    name = "kkQuestion"
    object_name = "kkQuestion"

    def __init__(self, kiosk):
        super().__init__(kiosk, "kk")
        self.first.setObjectName("kkRetype")
        self.second.setObjectName("kkContinue")
        self.first.clicked.connect(kiosk.retype_nik)
        self.second.clicked.connect(kiosk.not_family_card)
        self.first.setProperty("role", "go")
        self.second.setProperty("role", "secondary")

    def refresh(self) -> None:
        lang, result = self.lang, self.kiosk.visit.result
        self.title.setText(tr("kk.title", lang))
        self.text.setText(tr("kk.text", lang, nik=result.nik_masked if result is not None else ""))
        self.note.setText(tr("nik.hint", lang))
        self.first.setText(tr("kk.retype", lang))
        self.second.setText(tr("kk.continue", lang))

    def spoken(self) -> str:
        return tr("kk.spoken", self.lang)


class HeirScreen(QuestionScreen):
    """The participant is recorded as deceased: is the visitor the heir? (objectName `heirChoice`)"""

    name = "heirChoice"
    object_name = "heirChoice"

    def __init__(self, kiosk):
        super().__init__(kiosk, "heir")
        self.first.setObjectName("heirNo")
        self.second.setObjectName("heirYes")
        self.first.clicked.connect(lambda: kiosk.answer_heir(False))
        self.second.clicked.connect(lambda: kiosk.answer_heir(True))

    def refresh(self) -> None:
        lang = self.lang
        self.title.setText(tr("heir.title", lang))
        self.text.setText(tr("heir.question", lang))
        self.note.setText(tr("heir.priority", lang))
        self.first.setText(tr("heir.no", lang))
        self.second.setText(tr("heir.yes", lang))

    def spoken(self) -> str:
        return tr("heir.spoken", self.lang)


# ------------------------------------------------------------------------------------- Status
class StatusScreen(Screen):
    name = "status"
    title_key = "status.title"

    def __init__(self, kiosk):
        super().__init__(kiosk)
        box = QVBoxLayout(self)
        box.setContentsMargins(64, 24, 64, 24)
        box.setSpacing(18)
        self.title = label(self, "statusTitle", "title", align=CENTER)
        card = QFrame(self)
        card.setProperty("role", "card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(36, 24, 36, 24)
        inner.setSpacing(14)
        self.status = label(card, "statusText", "title")
        self.details = label(card, "statusDetail", "big")
        self.advice = label(card, "statusAdvice", "body")
        inner.addWidget(self.status)
        inner.addWidget(self.details)
        inner.addWidget(self.advice)
        buttons = QHBoxLayout()
        self.back = button(self, "statusBack", "secondary", expand=True)
        self.back.clicked.connect(kiosk.go_back)
        self.next = wrap_button(self, "statusNext", "go")
        self.next.clicked.connect(kiosk.show_visit)
        buttons.addWidget(self.back, 1)
        buttons.addWidget(self.next, 2)
        box.addWidget(self.title)
        box.addWidget(card)
        box.addStretch(1)
        box.addLayout(buttons)

    def texts(self) -> tuple[str, str, str, str]:
        """(status line, details, advice, tone) for the participant of the visit."""
        lang, visit = self.lang, self.kiosk.visit
        result = visit.result
        if result is None:
            return "", "", "", ""
        p = result.participant
        details = [tr("status.nik", lang, nik=result.nik_masked)]
        if p is None or not p.verified:
            return (tr("status.unverified", lang), "\n".join(details),
                    tr("status.unverified.advice", lang), "warn")
        if not p.found:
            return tr("status.not_found", lang), "\n".join(details), tr("status.not_found.advice", lang), "warn"
        label_text = pick(lang, p.status.label_id, p.status.label_en) if p.status else (p.status_text or "-")
        status_line_ = tr("status.label", lang, status=label_text)
        if visit.heir:
            return tr("status.heir", lang), "\n".join([status_line_] + details), tr("status.heir.advice", lang), "ok"
        if p.initials:
            details.insert(0, tr("status.initials", lang, initials=".".join(p.initials) + "."))
        if p.segment:
            words = SEGMENTS.get(p.segment.upper())
            segment = f"{p.segment} — {pick(lang, *words)}" if words else p.segment
            details.append(tr("status.segment", lang, segment=segment))
        kind = p.status or Status.OTHER
        if kind is Status.ACTIVE:
            return status_line_, "\n".join(details), tr("status.active.advice", lang), "ok"
        if kind is Status.UNPAID:
            since = tr("status.unpaid.since", lang, month=month_text(p.last_paid, lang)) if p.last_paid else ""
            return status_line_, "\n".join(details), tr("status.unpaid.advice", lang, since=since), "warn"
        if kind is Status.DECEASED and visit.heir is False:
            return status_line_, "\n".join(details), tr("status.deceased.self.advice", lang), "warn"
        if kind in (Status.INACTIVE, Status.DECEASED):
            return status_line_, "\n".join(details), tr(f"status.{kind.value}.advice", lang), "warn"
        if p.status_text and p.status_text != label_text:
            status_line_ = f"{status_line_} ({p.status_text})"
        return status_line_, "\n".join(details), tr("status.other.advice", lang), "warn"

    def refresh(self) -> None:
        lang = self.lang
        status, details, advice, tone = self.texts()
        self.title.setText(tr("status.title", lang))
        self.status.setText(status)
        set_tone(self.status, tone or None)
        self.details.setText(details)
        self.advice.setText(advice)
        self.back.setText(tr("back", lang))
        self.next.setText(tr("status.next", lang))

    def spoken(self) -> str:
        status, _, advice, _ = self.texts()
        return f"{status}. {advice}"


# ------------------------------------------------------------------------------------- Visit
class _TileBase(QPushButton):
    """A large touch tile whose wrapped labels decide its size."""

    def __init__(self, parent: QWidget, name: str, min_height: int = 110):
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("role", "tile")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(min_height)
        self.setMaximumHeight(MAX_TILE_PX)

    def _label(self, name: str) -> QLabel:
        w = QLabel(self)
        w.setObjectName(name)
        w.setWordWrap(True)
        w.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        w.setTextFormat(Qt.TextFormat.PlainText)
        return w

    def sizeHint(self):  # noqa: N802 - Qt API: the wrapped labels decide
        return self.layout().sizeHint()

    def minimumSizeHint(self):  # noqa: N802 - Qt API
        return self.layout().minimumSize()


class ServiceTile(_TileBase):
    def __init__(self, parent: QWidget, code: str):
        super().__init__(parent, f"service_{code}")
        box = QVBoxLayout(self)
        box.setContentsMargins(18, 10, 18, 10)
        box.setSpacing(4)
        self.name = self._label("tileName")
        self.detail = self._label("tileDetail")
        box.addWidget(self.name)
        box.addWidget(self.detail)
        box.addStretch(1)

    def show_option(self, option, lang: str, quota_full: bool, priority: bool, held=None) -> None:
        route = Route(option.route)
        if self.property("route") != route.value:
            self.setProperty("route", route.value)
            for w in (self, self.name, self.detail):
                restyle(w)
        self.name.setText(pick(lang, option.name_id, option.name_en))
        if held is not None:
            detail = tr("visit.held", lang, number=held.number)
        elif route is Route.QUEUE:
            wait = wait_text(option.estimated_wait_min, lang)
            if option.waiting == 0:
                detail = tr("visit.queue.none", lang)
            elif wait:
                detail = tr("visit.queue", lang, waiting=option.waiting, wait=wait)
            else:
                detail = tr("visit.queue.nowait", lang, waiting=option.waiting)
            if priority:
                detail = f"★ {tr('visit.priority', lang)} · {detail}"
        elif route is Route.ONLINE:
            detail = tr("visit.online", lang) + (f": {option.online.name}" if option.online else "")
        elif route is Route.FRONT_DESK:
            detail = tr("visit.front_desk", lang)
        elif route is Route.CLOSED:
            detail = tr("visit.quota", lang) if quota_full else tr("visit.closed", lang)
        else:
            detail = tr("visit.not_eligible", lang)
        self.detail.setText(detail)
        self.setAccessibleName(tr("a11y.service", lang, name=self.name.text(), detail=detail))


class GroupTile(_TileBase):
    """A service group: its icon, name and one line (objectName `group_<code>`)."""

    def __init__(self, parent: QWidget, code: str, icon: str):
        super().__init__(parent, f"group_{code}", min_height=120)
        self.code = code
        row = QHBoxLayout(self)
        row.setContentsMargins(22, 10, 22, 10)
        row.setSpacing(20)
        self.icon = self._label("groupIcon")
        self.icon.setWordWrap(False)
        self.icon.setText(ICONS.get(icon, ICONS[""]))
        self.icon.setAlignment(CENTER)
        texts = QVBoxLayout()
        texts.setSpacing(4)
        self.name = self._label("groupName")
        self.detail = self._label("groupDetail")
        texts.addStretch(1)
        texts.addWidget(self.name)
        texts.addWidget(self.detail)
        texts.addStretch(1)
        row.addWidget(self.icon)
        row.addLayout(texts, 1)

    def show_group(self, group, lang: str, count: int) -> None:
        self.name.setText(pick(lang, group.name_id, group.name_en))
        line = pick(lang, group.description_id, group.description_en) if group.description_id else ""
        self.detail.setText(line or tr("visit.group.services", lang, n=count))
        self.setAccessibleName(f"{self.name.text()}. {self.detail.text()}")


class VisitScreen(Screen):
    """The branch's service groups first, then the services of the chosen group. A group with
    one service goes straight to it; heirs see the heir services at once."""

    name = "visit"
    title_key = "visit.title"

    def __init__(self, kiosk):
        super().__init__(kiosk)
        box = QVBoxLayout(self)
        box.setContentsMargins(32, 16, 32, 16)
        box.setSpacing(12)
        self.title = label(self, "visitTitle", "title", align=CENTER)
        self.status = label(self, "visitStatus", "body", align=CENTER)
        # two pages, so that going from the groups to the services is one switch, not a re-layout
        self.pages = QStackedWidget(self)
        self.group_page, self.service_page = QWidget(self.pages), QWidget(self.pages)
        self.group_grid = QGridLayout(self.group_page)
        self.grid = QGridLayout(self.service_page)
        for grid, page in ((self.group_grid, self.group_page), (self.grid, self.service_page)):
            grid.setSpacing(14)
            grid.setContentsMargins(0, 0, 0, 0)
            self.pages.addWidget(page)
        self.tiles: dict[str, ServiceTile] = {}
        self.group_tiles: dict[str, GroupTile] = {}
        self.group: str | None = None          # the chosen group; None: the groups are shown
        self.back = button(self, "visitBack", "secondary")
        self.back.clicked.connect(self._back)
        box.addWidget(self.title)
        box.addWidget(self.status)
        box.addWidget(self.pages, 10)
        row = QHBoxLayout()
        row.addWidget(self.back)
        row.addStretch(1)
        box.addLayout(row)
        self._placed: dict[int, tuple] = {}

    def reset(self) -> None:
        self.group = None

    # -- what is shown
    def options(self) -> list:
        result = self.kiosk.visit.result
        options = list(result.options) if result is not None else []
        if self.kiosk.visit.heir:
            branch = self.kiosk.svc.branch
            options = [o for o in options if branch.service(o.service).heirs]
            # the heirs' claims first (the group of the claim with heir documents), then the rest
            first = branch.service(heir_service(branch)) if heir_service(branch) else None
            claims = first.group if first is not None else None
            options.sort(key=lambda o: branch.service(o.service).group != claims)
        return options

    def groups(self, options) -> list:
        """The groups to choose from first (none for heirs or a branch without groups)."""
        if self.kiosk.visit.heir:
            return []
        branch = self.kiosk.svc.branch
        codes = {branch.service(o.service).group for o in options}
        groups = [g for g in branch.groups if g.code in codes]
        if len(groups) < 2 or any(not branch.service(o.service).group for o in options):
            return []
        return groups

    def in_group(self, options, group: str) -> list:
        branch = self.kiosk.svc.branch
        return [o for o in options if branch.service(o.service).group == group]

    @property
    def showing_groups(self) -> bool:
        return self.group is None and bool(self.groups(self.options()))

    # -- actions
    def choose_group(self, code: str) -> None:
        members = self.in_group(self.options(), code)
        if len(members) == 1:
            self.kiosk.choose_service(members[0].service)
            return
        self.group = code
        self.refresh()
        self.kiosk.screen_changed(self)

    def _back(self) -> None:
        if self.group is not None and self.groups(self.options()):
            self.group = None
            self.refresh()
            self.kiosk.screen_changed(self)
            return
        self.kiosk.go_back()

    # -- drawing
    def refresh(self) -> None:
        lang = self.lang
        options = self.options()
        groups = self.groups(options)
        if self.group is not None and not any(g.code == self.group for g in groups):
            self.group = None
        self.back.setText(tr("back", lang))
        self.status.setText(status_line(self.kiosk, lang))
        for o in options:
            if o.service not in self.tiles:
                tile = ServiceTile(self.service_page, o.service)
                tile.clicked.connect(lambda _=False, c=o.service: self.kiosk.choose_service(c))
                tile.hide()
                self.tiles[o.service] = tile
        for g in groups:
            if g.code not in self.group_tiles:
                tile = GroupTile(self.group_page, g.code, g.icon)
                tile.clicked.connect(lambda _=False, c=g.code: self.choose_group(c))
                tile.hide()
                self.group_tiles[g.code] = tile
        held = self.kiosk.visit.held
        for o in options:                   # every tile is drawn, shown or not (a group away)
            priority = o.priority or bool(self.kiosk.visit.priority_reason)
            self.tiles[o.service].show_option(o, lang, o.reason_code == "quota_full", priority, held.get(o.service))
        if groups and self.group is None:
            self.title.setText(tr("visit.groups.title", lang))
            for g in groups:
                self.group_tiles[g.code].show_group(g, lang, len(self.in_group(options, g.code)))
            shown = [self.group_tiles[g.code] for g in groups]
            self._place(self.group_grid, shown, 1 if self.portrait else min(3, len(shown)))
            self.pages.setCurrentWidget(self.group_page)
        else:
            self.title.setText(tr("visit.title", lang))
            members = self.in_group(options, self.group) if self.group is not None else options
            shown = [self.tiles[o.service] for o in members]
            self._place(self.grid, shown, 2 if self.portrait else (3 if len(shown) > 4 else 2))
            self.pages.setCurrentWidget(self.service_page)

    def _place(self, grid: QGridLayout, shown: list, columns: int) -> None:
        key = (tuple(id(t) for t in shown), columns)
        if key == self._placed.get(id(grid)):
            return
        self._placed[id(grid)] = key
        while grid.count():
            item = grid.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
        for i, tile in enumerate(shown):
            grid.addWidget(tile, i // columns, i % columns)
            tile.show()
        for c in range(4):
            grid.setColumnStretch(c, 1 if c < columns else 0)
        rows = max(1, -(-len(shown) // columns))
        for r in range(8):
            grid.setRowStretch(r, 1 if r < rows else 0)
        # tiles stay their own height at most; what is left stays below them
        grid.setRowStretch(rows, 0)

    def set_portrait(self, portrait: bool) -> None:
        changed = portrait != self.portrait
        super().set_portrait(portrait)
        if changed:
            self._placed = {}
            self.refresh()

    def spoken(self) -> str:
        line = self.status.text()
        ask = tr("speak.groups" if self.showing_groups else "speak.visit", self.lang)
        return f"{line}. {ask}" if line else ask


# ------------------------------------------------------------------------------------- Route
ROUTE_TITLES = {
    Route.ONLINE: "route.online.title",
    Route.FRONT_DESK: "route.front_desk.title",
    Route.NOT_ELIGIBLE: "route.not_eligible.title",
    Route.CLOSED: "route.closed.title",
}


class RouteScreen(Screen):
    """A service that does not simply queue: online, front desk, not eligible, closed."""

    name = "route"
    flows = ("body",)

    def __init__(self, kiosk):
        super().__init__(kiosk)
        box = QVBoxLayout(self)
        box.setContentsMargins(56, 20, 56, 20)
        box.setSpacing(14)
        self.title = label(self, "routeTitle", "title", align=CENTER)
        self.service = label(self, "routeService", "big", align=CENTER)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(32)
        texts = QVBoxLayout()
        self.text = label(self, "routeText", "big")
        self.channel = label(self, "routeChannel", "body")
        self.recorded = label(self, "routeRecorded", "body")
        texts.addWidget(self.text)
        texts.addWidget(self.channel)
        texts.addWidget(self.recorded)
        texts.addStretch(1)
        self.body.addLayout(texts, 3)
        self.qr = QLabel(self)
        self.qr.setObjectName("routeQr")
        self.qr.setAlignment(CENTER)
        self.body.addWidget(self.qr, 2)
        self.suggest = wrap_button(self, "routeSuggest", "go")
        self.suggest.clicked.connect(self._take_suggested)
        self.queue_anyway = wrap_button(self, "queueAnyway", "go")
        self.queue_anyway.clicked.connect(kiosk.queue_anyway)
        self.assisted_issue = wrap_button(self, "routeAssistIssue", "go")
        self.assisted_issue.clicked.connect(kiosk.queue_anyway)
        self.record = wrap_button(self, "frontDeskRecord", "go")
        self.record.clicked.connect(lambda: kiosk.record_front_desk())     # the visit's own service
        # landscape: one row [Kembali][Selesai][actions…]; portrait: the actions stacked above
        self.actions = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.actions.setSpacing(16)
        for w in (self.suggest, self.queue_anyway, self.assisted_issue, self.record):
            self.actions.addWidget(w)
        nav = QHBoxLayout()
        nav.setSpacing(16)
        self.back = wrap_button(self, "routeBack", "secondary")
        self.back.clicked.connect(kiosk.go_back)
        self.done = wrap_button(self, "routeDone", "secondary")
        self.done.clicked.connect(lambda: kiosk.go_welcome())
        nav.addWidget(self.back)
        nav.addWidget(self.done)
        self.bottom = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.bottom.setSpacing(16)
        self.bottom.addLayout(nav, 2)
        self.bottom.addLayout(self.actions, 3)
        box.addWidget(self.title)
        box.addWidget(self.service)
        box.addLayout(self.body, 1)
        box.addLayout(self.bottom)
        self.recorded_text = ""

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        set_direction(self.actions, portrait)

    def _suggested(self):
        """The option of the service the refusal names instead, when it can be chosen."""
        option, result = self.kiosk.visit.option, self.kiosk.visit.result
        if option is None or result is None or not option.suggest:
            return None
        return result.option(option.suggest)

    def _take_suggested(self) -> None:
        suggested = self._suggested()
        if suggested is not None:
            self.kiosk.choose_service(suggested.service)

    def refresh(self) -> None:
        lang, option = self.lang, self.kiosk.visit.option
        self.back.setText(tr("back", lang))
        self.done.setText(tr("done", lang))
        self.queue_anyway.setText(f"{tr('route.queue_anyway', lang)}\n{tr('route.queue_anyway.sub', lang)}")
        self.queue_anyway.setAccessibleName(tr("route.queue_anyway", lang))
        self.assisted_issue.setText(tr("route.assisted_issue", lang))
        self.record.setText(tr("route.front_desk.record", lang))
        self.recorded.setText(self.recorded_text)
        if option is None:
            return
        route, assisted = Route(option.route), bool(self.kiosk.staff_role)
        quota = option.reason_code == "quota_full"
        title_key = "route.quota.title" if quota else ROUTE_TITLES.get(route, "route.closed.title")
        self.title.setText(tr(title_key, lang))
        self.service.setText(pick(lang, option.name_id, option.name_en))
        text = pick(lang, option.reason, option.reason_en)      # says where to go, or when it opens again
        suggested = self._suggested()
        if suggested is not None:         # the service that fits, said on its button
            name = pick(lang, suggested.name_id, suggested.name_en)
            self.suggest.setText(tr("route.suggest.take", lang, service=name))
        if route is Route.NOT_ELIGIBLE and not assisted:
            text = f"{text}\n\n{tr('route.not_eligible.next', lang)}"
        self.text.setText(text)
        channel = option.online if route is Route.ONLINE else None
        if channel is not None and channel.url:
            self.channel.setText(f"{tr('route.online.scan', lang)}\n{channel.name}\n{channel.url}")
            size = 260 if self.height() < 900 or self.portrait else 320
            self.qr.setPixmap(qr_pixmap(channel.url, size))
            self.qr.show()
        else:
            self.channel.setText("")
            self.qr.clear()
            self.qr.hide()
        # Which ticket buttons appear is the domain's refusal rule, asked for each case.
        shown = {
            self.suggest: suggested is not None and suggested.service != option.service,
            self.queue_anyway: option.can_issue(False),
            self.assisted_issue: assisted and option.can_issue(True) and not option.can_issue(False),
            self.record: assisted and not self.recorded_text,
        }
        for w, visible in shown.items():
            w.setVisible(visible)
        # two or more actions get a row of their own, above Back and Done
        many = sum(shown.values()) >= 2
        self.bottom.setDirection(QBoxLayout.Direction.BottomToTop if self.portrait or many
                                 else QBoxLayout.Direction.LeftToRight)
        # a long reason is set in the body size so that it fits beside the buttons
        role = "body" if len(text) > (LONG_TEXT if not self.kiosk.roomy else 3 * LONG_TEXT) else "big"
        if self.text.property("role") != role:
            self.text.setProperty("role", role)
            restyle(self.text)

    def spoken(self) -> str:
        return f"{self.title.text()}. {self.text.text()}"


# ------------------------------------------------------------------------------------- Documents
class DocumentsScreen(Screen):
    name = "documents"
    flows = ("choice",)
    title_key = "documents.title"

    def __init__(self, kiosk):
        super().__init__(kiosk)
        self.incomplete = False
        self.issuing = False
        box = QVBoxLayout(self)
        box.setContentsMargins(56, 16, 56, 16)
        box.setSpacing(12)
        self.title = label(self, "documentsTitle", "title", align=CENTER)
        self.service = label(self, "documentsService", "big", align=CENTER)
        self.list_frame = QFrame(self)
        self.list_frame.setObjectName("documentsList")
        self.list_box = QGridLayout(self.list_frame)
        self.list_box.setContentsMargins(28, 16, 28, 16)
        self.list_box.setHorizontalSpacing(28)
        self.list_box.setVerticalSpacing(8)
        self.note = label(self, "documentsNote", "big")
        self.confirm = wrap_button(self, "ticketConfirm", "go")
        self.confirm.clicked.connect(lambda: kiosk.issue_ticket(documents_complete=True))
        self.not_complete = wrap_button(self, "documentsIncomplete", "secondary")
        self.not_complete.clicked.connect(self._show_incomplete)
        self.consult = wrap_button(self, "consultationTicket", "go")
        self.consult.clicked.connect(lambda: kiosk.issue_ticket(documents_complete=False))
        self.later = wrap_button(self, "documentsLater", "secondary")
        self.later.clicked.connect(lambda: kiosk.go_welcome())
        self.back = wrap_button(self, "documentsBack", "secondary")
        self.back.clicked.connect(self._back)
        self.choice = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.choice.setSpacing(16)
        for w in (self.back, self.not_complete, self.confirm, self.later, self.consult):
            self.choice.addWidget(w, 1 if w is self.back else 2)
        box.addWidget(self.title)
        box.addWidget(self.service)
        box.addWidget(self.list_frame)
        box.addWidget(self.note)
        box.addStretch(1)
        box.addLayout(self.choice)
        self._items: list[QLabel] = []
        self._docs: tuple = ()

    def reset(self) -> None:
        self.incomplete = False
        self.issuing = False

    def _back(self) -> None:
        if self.incomplete:
            self.incomplete = False
            self.refresh()
            return
        self.kiosk.go_back()

    def _show_incomplete(self) -> None:
        self.incomplete = True
        self.refresh()
        self.kiosk.screen_changed(self)

    def _show_documents(self, docs: list[str]) -> None:
        columns = 2 if (not self.portrait and len(docs) > 4) else 1
        key = (tuple(docs), columns)
        if key == self._docs:
            return
        self._docs = key
        for item in self._items:
            self.list_box.removeWidget(item)
            item.hide()
            item.deleteLater()
        self._items = []
        rows = -(-len(docs) // columns)
        for i, doc in enumerate(docs):
            item = label(self.list_frame, "documentItem", "big")
            item.setText(f"☐  {doc}")
            self.list_box.addWidget(item, i % rows, i // rows)
            self._items.append(item)
        for c in range(2):
            self.list_box.setColumnStretch(c, 1 if c < columns else 0)

    def refresh(self) -> None:
        lang, option = self.lang, self.kiosk.visit.option
        self.title.setText(tr("documents.title", lang))
        self.confirm.setText(tr("documents.complete", lang))
        self.not_complete.setText(tr("documents.incomplete", lang))
        self.consult.setText(tr("documents.consult", lang))
        self.later.setText(tr("documents.later", lang))
        self.back.setText(tr("back", lang))
        if option is None:
            return
        self.service.setText(pick(lang, option.name_id, option.name_en))
        docs = list(option.documents_en if lang == "en" and option.documents_en else option.documents)
        self._show_documents(docs or [tr("documents.none", lang)])
        if self.issuing:
            self.note.setText(tr("documents.issuing", lang))
            set_tone(self.note, None)
        elif self.incomplete:
            self.note.setText(tr("documents.incomplete.text", lang))
            set_tone(self.note, "warn")
        elif option.warning:                # said before the ticket: the wait runs past closing time
            self.note.setText(pick(lang, option.warning, option.warning_en))
            set_tone(self.note, "warn")
        else:
            self.note.setText("")
        self.note.setVisible(bool(self.note.text()))
        for w in (self.confirm, self.not_complete):
            w.setVisible(not self.incomplete)
        for w in (self.consult, self.later):
            w.setVisible(self.incomplete)
        for w in (self.confirm, self.consult, self.not_complete, self.later, self.back):
            w.setEnabled(not self.issuing)

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        self._docs = ()

    def spoken(self) -> str:
        option = self.kiosk.visit.option
        docs = ", ".join(option.documents) if option is not None else ""
        return f"{tr('speak.documents', self.lang)} {docs}."


# ------------------------------------------------------------------------------------- Ticket
class TicketScreen(Screen):
    name = "ticket"
    flows = ("body",)
    title_key = "ticket.take"
    remembered = False

    def __init__(self, kiosk):
        super().__init__(kiosk)
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 16, 48, 16)
        box.setSpacing(10)
        self.state = label(self, "ticketState", "big", align=CENTER)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(36)
        info = QVBoxLayout()
        info.setSpacing(8)
        self.caption = label(self, "ticketCaption", "big", align=CENTER)
        self.number = label(self, "ticketNumber", "title", wrap=False, align=CENTER)
        self.service = label(self, "ticketService", "big", align=CENTER)
        self.ahead = label(self, "ticketAhead", "big", align=CENTER)
        self.wait = label(self, "ticketWait", "big", align=CENTER)
        self.priority = label(self, "ticketPriority", "big", align=CENTER)
        self.booked = label(self, "ticketBooking", "body", align=CENTER)
        self.notes = label(self, "ticketNotes", "body", align=CENTER)
        for w in (self.caption, self.number, self.service, self.ahead, self.wait, self.priority, self.booked,
                  self.notes):
            info.addWidget(w)
        info.addStretch(1)
        self.body.addLayout(info, 3)
        self.preview = FittedPicture(self, "ticketPreview")
        qr_box = QVBoxLayout()
        self.qr = QLabel(self)
        self.qr.setObjectName("ticketQr")
        self.qr.setAlignment(CENTER)
        self.qr_caption = label(self, "ticketQrCaption", "body", align=CENTER)
        qr_box.addStretch(1)
        qr_box.addWidget(self.qr)
        qr_box.addWidget(self.qr_caption)
        qr_box.addStretch(1)
        self.body.addWidget(self.preview, 2)
        self.body.addLayout(qr_box, 2)
        self.done = button(self, "ticketDone", "go")
        self.done.clicked.connect(lambda: kiosk.go_welcome())
        box.addWidget(self.state)
        box.addLayout(self.body, 1)
        box.addWidget(self.done)
        self.preview_image: QPixmap | None = None

    def refresh(self) -> None:
        lang, visit = self.lang, self.kiosk.visit
        ticket, outcome = visit.ticket, visit.print_outcome
        self.done.setText(tr("done", lang))
        if ticket is None:
            return
        self.caption.setText(tr("ticket.title", lang))
        self.number.setText(ticket.number)
        option = visit.option
        name = pick(lang, option.name_id, option.name_en) if option is not None else \
            service_name(self.kiosk, ticket.service, lang)
        self.service.setText(name)
        # a booked visit: what the check-in said (booked, with the slot; or walk-in order, and why)
        self.booked.setText(pick(lang, *visit.booking_message) if visit.booking_message else "")
        self.booked.setVisible(bool(visit.booking_message))
        set_tone(self.booked, "ok" if ticket.booking and BookingState(ticket.booking["state"])
                 is BookingState.CHECKED_IN else "warn")
        self.ahead.setText(tr("ticket.ahead", lang, n=ticket.ahead))
        wait = wait_text(ticket.estimated_wait_min, lang)
        if ticket.ahead == 0:
            self.wait.setText(tr("ticket.next", lang))
        else:
            self.wait.setText(tr("ticket.wait", lang, wait=wait) if wait else tr("ticket.wait.unknown", lang))
        reason = None
        if ticket.priority:
            spec = self.kiosk.svc.branch.priority.reason(ticket.priority_reason or "")
            reason = pick(lang, spec.name_id, spec.name_en) if spec else ticket.priority_reason
        self.priority.setText(f"★ {tr('ticket.priority', lang)}" + (f": {reason}" if reason else "")
                              if ticket.priority else "")
        self.priority.setVisible(ticket.priority)
        notes = []
        if not ticket.verified:
            notes.append(tr("ticket.unverified", lang))
        if not visit.documents_complete:
            notes.append(tr("ticket.consult", lang))
        failed = outcome is not None and not outcome.ok
        if failed:
            reason_text = pick(lang, outcome.reason or "", outcome.reason_en)
            if reason_text:
                notes.append(reason_text)
            notes.append(tr("ticket.failed.alerted", lang))
        elif outcome is not None and outcome.paper_near_end and self.kiosk.staff_role:
            notes.append(tr("ticket.paper_low", lang))
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        if outcome is None:
            self.state.setText(tr("ticket.printing", lang))
            set_tone(self.state, None)
        elif failed:
            self.state.setText(tr("ticket.failed", lang))
            set_tone(self.state, "error")
        else:
            self.state.setText(tr("ticket.take", lang))
            set_tone(self.state, "ok")
        if failed:
            self.qr.setPixmap(qr_pixmap(ticket.ticket_data.qr_payload, 260 if self.height() < 900 else 300))
            self.qr.show()
            self.qr_caption.setText(tr("ticket.qr.caption", lang))
            self.qr_caption.show()
            self.preview.hide()
        else:
            self.qr.clear()
            self.qr.hide()
            self.qr_caption.hide()
            self._show_preview()

    def _show_preview(self) -> None:
        if self.preview_image is None:
            self.preview.set_picture(None)
            self.preview.hide()
            return
        if self.preview.original is not self.preview_image:
            self.preview.set_picture(self.preview_image)
        self.preview.show()

    def set_preview(self, pixmap: QPixmap | None) -> None:
        self.preview_image = pixmap

    def spoken(self) -> str:
        outcome = self.kiosk.visit.print_outcome
        if self.kiosk.visit.ticket is None:
            return ""
        if outcome is not None and not outcome.ok:
            return tr("speak.failed", self.lang)
        return tr("speak.take", self.lang) if outcome is not None else ""


# ------------------------------------------------------------------------------------- held ticket
class RepeatScreen(Screen):
    """A ticket the participant already holds: the one for the chosen service (a repeat visit)
    or a scanned ticket. Its number, place and wait; a reprint only with staff
    (objectName `repeatTicket`)."""

    name = "repeatTicket"
    object_name = "repeatTicket"
    remembered = False

    def __init__(self, kiosk):
        super().__init__(kiosk)
        self.scanned = False
        self.feedback = ("", "")
        box = QVBoxLayout(self)
        box.setContentsMargins(56, 16, 56, 16)
        box.setSpacing(10)
        self.title = label(self, "repeatTitle", "title", align=CENTER)
        self.number = label(self, "repeatNumber", "title", wrap=False, align=CENTER)
        self.service = label(self, "repeatService", "big", align=CENTER)
        self.state = label(self, "repeatState", "big", align=CENTER)
        self.ahead = label(self, "repeatAhead", "big", align=CENTER)
        self.wait = label(self, "repeatWait", "big", align=CENTER)
        self.text = label(self, "repeatText", "body", align=CENTER)
        self.lost = label(self, "repeatLost", "hint", align=CENTER)
        self.staff_note = label(self, "repeatFeedback", "big", align=CENTER)
        for w in (self.title, self.number, self.service, self.state, self.ahead, self.wait, self.text,
                  self.lost, self.staff_note):
            box.addWidget(w)
        box.addStretch(1)
        staff = QHBoxLayout()
        self.reprint = wrap_button(self, "repeatReprint", "secondary")
        self.reprint.clicked.connect(kiosk.reprint_shown)
        self.new = wrap_button(self, "repeatNew", "secondary")
        self.new.clicked.connect(lambda: kiosk.issue_ticket(documents_complete=True, insist=True))
        staff.addWidget(self.reprint)
        staff.addWidget(self.new)
        box.addLayout(staff)
        buttons = QHBoxLayout()
        self.back = wrap_button(self, "repeatBack", "secondary")
        self.back.clicked.connect(kiosk.go_back)
        self.done = wrap_button(self, "repeatDone", "go")
        self.done.clicked.connect(lambda: kiosk.go_welcome())
        buttons.addWidget(self.back, 1)
        buttons.addWidget(self.done, 2)
        box.addLayout(buttons)

    def refresh(self) -> None:
        lang, ticket = self.lang, self.kiosk.visit.shown
        self.done.setText(tr("done", lang))
        self.back.setText(tr("back", lang))
        self.reprint.setText(tr("repeat.reprint", lang))
        self.new.setText(tr("repeat.new", lang))
        staff = bool(self.kiosk.staff_role)
        self.reprint.setVisible(staff and ticket is not None)
        self.new.setVisible(staff and ticket is not None and not self.scanned)
        self.back.setVisible(not self.scanned)
        self.staff_note.setText(pick(lang, *self.feedback) if self.feedback[0] else "")
        self.staff_note.setVisible(bool(self.feedback[0]))
        if ticket is None:
            return
        self.title.setText(tr("ticket.status.title" if self.scanned else "repeat.title", lang))
        self.number.setText(ticket.number)
        self.service.setText(service_name(self.kiosk, ticket.service, lang))
        state = TicketState(ticket.state) if ticket.state else TicketState.WAITING
        waiting = state is TicketState.WAITING
        self.state.setText(tr("ticket.state", lang, state=pick(lang, state.label_id, state.label_en)))
        self.state.setVisible(not waiting)
        self.ahead.setText(tr("ticket.ahead", lang, n=ticket.ahead))
        wait = wait_text(ticket.estimated_wait_min, lang)
        if ticket.ahead == 0:
            self.wait.setText(tr("ticket.next", lang))
        else:
            self.wait.setText(tr("ticket.wait", lang, wait=wait) if wait else tr("ticket.wait.unknown", lang))
        for w in (self.ahead, self.wait):
            w.setVisible(waiting)
        self.text.setText(tr("repeat.text", lang) if waiting else "")
        self.text.setVisible(waiting)
        self.lost.setText(tr("repeat.lost", lang))
        self.lost.setVisible(waiting and not staff)

    def spoken(self) -> str:
        ticket = self.kiosk.visit.shown
        if ticket is None:
            return ""
        return tr("repeat.spoken", self.lang, number=spoken_number(ticket.number, self.lang))


# ------------------------------------------------------------------------------------- Message
class MessageScreen(Screen):
    name = "message"
    remembered = False

    def __init__(self, kiosk):
        super().__init__(kiosk)
        box = QVBoxLayout(self)
        box.setContentsMargins(80, 48, 80, 48)
        box.setSpacing(24)
        self.title = label(self, "messageTitle", "title", align=CENTER)
        self.text = label(self, "messageText", "big", align=CENTER)
        self.done = button(self, "messageDone", "go")
        self.done.clicked.connect(lambda: kiosk.go_welcome())
        box.addStretch(1)
        box.addWidget(self.title)
        box.addWidget(self.text)
        box.addStretch(1)
        box.addWidget(self.done)
        self.message: tuple[str, str] = ("", "")

    def refresh(self) -> None:
        self.title.setText(tr("error.title", self.lang))
        self.text.setText(pick(self.lang, *self.message))
        self.done.setText(tr("done", self.lang))

    def spoken(self) -> str:
        return self.text.text()
