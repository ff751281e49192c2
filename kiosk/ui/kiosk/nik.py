"""The NIK screen: sixteen digits on a large keypad (or typed, or scanned), checked as they are
typed, masked once complete. A view of the visit model's NIK entry (`flow.nik`)."""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from kiosk.domain.catalog import error_text, pick, tr
from kiosk.domain.nik import NIK_LENGTH, mask_nik, problem_part_key, problem_span
from kiosk.ui.kiosk import theme
from kiosk.ui.kiosk.base import CENTER, Screen
from kiosk.ui.kiosk.keypad import Keypad
from kiosk.ui.kiosk.widgets import button, keypad_frame, label, set_tone


def group_digits(digits: str) -> str:
    """`3171011708450001` → `3171 0117 0845 0001` (groups of four as it is typed)."""
    return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))


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
        if self.isReadOnly() and event.key() == Qt.Key.Key_Backspace:
            self.screen.flow.backspace()
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
        self.revealed = False               # held down: the whole NIK shown (the view's own)
        self._updating = False
        flow = kiosk.flow
        self.title, self.body, left = keypad_frame(self, "nikTitle")
        self.hint = label(self, "nikHint", "hint", align=CENTER)
        self.input = NikInput(self, self)
        self.input.textEdited.connect(self._typed)
        self.input.returnPressed.connect(flow.submit_nik)
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
        self.back.clicked.connect(lambda: flow.go_welcome(end_visit=False))
        self.submit = button(self, "nikSubmit", "go", expand=True)
        self.submit.clicked.connect(flow.submit_nik)
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
        self.keypad.digit.connect(flow.press_digit)
        self.keypad.backspace.connect(flow.backspace)
        self.keypad.clear.connect(flow.clear_nik)
        self.keypad.setMinimumWidth(300)
        self.body.addWidget(self.keypad, 2)

    @property
    def digits(self) -> str:
        return self.flow.nik.digits

    def set_digits(self, digits: str) -> None:
        """Digits in the field as if typed (a scanned NIK, a restored field)."""
        self.flow.set_nik(digits)

    def _typed(self, text: str) -> None:
        if not self._updating:
            self.flow.type_nik(text)

    def _reveal(self, shown: bool) -> None:
        if self.flow.nik.complete:
            self.revealed = shown
            self._show_field()

    # -- drawing
    def _show_field(self) -> None:
        entry = self.flow.nik
        if not entry.complete:
            self.revealed = False
        masked = entry.complete and not self.revealed
        self._updating = True
        self.input.setText(mask_nik(entry.digits) if masked else group_digits(entry.digits))
        self.input.setCursorPosition(len(self.input.text()))
        self._updating = False
        self.input.setReadOnly(entry.checking or entry.complete)
        self.input.setAccessibleName(tr("nik.field.name", self.lang))

    def _validate(self) -> None:
        lang, entry = self.lang, self.flow.nik
        problem = entry.problem(self.kiosk.today())
        busy = entry.checking
        self.keypad.setEnabled(not busy)
        span = problem_span(problem)
        self.mark.show_span(entry.digits, span)
        if busy:
            self.message.setText(tr("scan.reading" if self.flow.visit.scanned else "nik.checking", lang))
            set_tone(self.message, None)
        elif problem is not None:
            text = error_text(problem, lang)
            part = problem_part_key(problem)
            if span is not None and part is not None:
                text += "\n" + tr("nik.part.wrong", lang, start=span[0] + 1, end=span[1], part=tr(part, lang))
            self.message.setText(text)
            set_tone(self.message, "error")
        elif entry.note is not None:
            self.message.setText(pick(lang, *entry.note))
            set_tone(self.message, "warn")
        elif entry.rejected_non_digit:
            self.message.setText(tr("nik.digits.only", lang))
            set_tone(self.message, "error")
        elif entry.complete:
            self.message.setText(tr("nik.complete", lang))
            set_tone(self.message, "ok")
        else:
            self.message.setText(tr("nik.count", lang, n=len(entry.digits)))
            set_tone(self.message, None)
        set_tone(self.input, "error" if problem is not None else None)
        self.reveal.setVisible(entry.complete)
        self.submit.setEnabled(problem is None and entry.complete and not busy)
        self.back.setEnabled(not busy)

    def refresh(self) -> None:
        lang = self.lang
        if not self.flow.nik.digits:
            self.keypad.cancel_confirm()
        self.title.setText(tr("nik.title.assisted" if self.flow.assisted else "nik.title", lang))
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
