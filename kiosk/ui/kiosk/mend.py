"""Screens that mend the visit right after the NIK: the KK question with the number laid out to
compare with the KTP and mend one digit at a time, and the heir's own age. Views of the visit
model's `flow.mend` and `flow.heir_age` (`kiosk.app.visit_flow.mending`)."""
from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.domain.catalog import error_text, tr
from kiosk.domain.nik import NIK_LENGTH
from kiosk.ui.kiosk.base import CENTER, Screen
from kiosk.ui.kiosk.keypad import Keypad
from kiosk.ui.kiosk.nik import group_digits
from kiosk.ui.kiosk.widgets import button, keypad_frame, label, restyle, set_direction, set_tone, wrap_button

DIGIT_PX = 56           # a digit of the number: a finger's touch on a portrait screen's width
GROUP_GAP = 18


class NumberDigits(QWidget):
    """The sixteen digits as buttons in groups of four (`kkDigit_0`…`kkDigit_15`): a touch picks one."""

    def __init__(self, parent: QWidget, pick):
        super().__init__(parent)
        self.setObjectName("kkDigits")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addStretch(1)
        self.digits: list[QPushButton] = []
        for i in range(NIK_LENGTH):
            if i and i % 4 == 0:
                row.addSpacing(GROUP_GAP)
            b = button(self, f"kkDigit_{i}", "digit")
            b.setCheckable(True)
            b.setMinimumSize(DIGIT_PX, DIGIT_PX + 32)
            b.setMaximumWidth(DIGIT_PX * 2)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.clicked.connect(lambda _=False, i=i: pick(i))
            row.addWidget(b, 1)
            self.digits.append(b)
        row.addStretch(1)

    def show_number(self, digits: str, checked: str, selected: int | None, lang: str) -> None:
        for i, b in enumerate(self.digits):
            d = digits[i] if i < len(digits) else ""
            b.setText(d)
            b.setChecked(i == selected)
            mended = i < len(checked) and d != checked[i]
            if bool(b.property("mended")) != mended:
                b.setProperty("mended", mended)
                restyle(b)
            b.setAccessibleName(tr("kk.digit.name", lang, n=i + 1, digit=d))


class KkScreen(Screen):
    """"Apakah ini nomor KK?": a well-formed number the directory does not know, shown whole in
    groups of four to compare with the KTP; a wrong digit is touched and changed in place."""

    name = "kkQuestion"
    object_name = "kkQuestion"
    remembered = False

    def __init__(self, kiosk):
        super().__init__(kiosk)
        mend = kiosk.flow.mend
        box = QVBoxLayout(self)
        box.setContentsMargins(32, 16, 32, 16)
        box.setSpacing(12)
        self.title = label(self, "kkTitle", "title", align=CENTER)
        self.text = label(self, "kkText", "body", align=CENTER)
        self.compare = label(self, "kkCompare", "big", align=CENTER)
        self.number = NumberDigits(self, mend.pick)
        self.hint = label(self, "kkHint", "body", align=CENTER)
        self.keys = QWidget(self)
        self.keys.setObjectName("kkKeys")
        keys = QHBoxLayout(self.keys)
        keys.setContentsMargins(0, 0, 0, 0)
        keys.setSpacing(8)
        self.key_buttons: list[QPushButton] = []
        for d in "1234567890":
            b = button(self.keys, f"kkKey_{d}", "key")
            b.setText(d)
            b.setMinimumHeight(72)
            b.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            b.clicked.connect(lambda _=False, d=d: mend.put(d))
            keys.addWidget(b, 1)
            self.key_buttons.append(b)
        self.message = label(self, "kkMessage", "big", align=CENTER)
        self.note = label(self, "kkNote", "hint", align=CENTER)
        self.answers = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.answers.setSpacing(16)
        self.retype = wrap_button(self, "kkRetype", "secondary")
        self.retype.clicked.connect(kiosk.flow.retype_nik)
        self.keep = wrap_button(self, "kkContinue", "secondary")
        self.keep.clicked.connect(kiosk.flow.not_family_card)
        self.check = wrap_button(self, "kkCheck", "go")
        self.check.clicked.connect(mend.check)
        for b in (self.retype, self.keep, self.check):
            b.setMinimumHeight(96)
            self.answers.addWidget(b)
        for w in (self.title, self.text, self.compare, self.number, self.hint, self.keys, self.message, self.note):
            box.addWidget(w)
        box.addStretch(1)
        box.addLayout(self.answers)

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        set_direction(self.answers, portrait)

    def refresh(self) -> None:
        lang, flow = self.lang, self.flow
        mend, entry = flow.mend, flow.nik
        self.title.setText(tr("kk.title", lang))
        self.text.setText(tr("kk.unknown", lang))
        self.compare.setText(tr("kk.compare", lang))
        self.number.show_number(mend.digits, mend.checked, mend.selected, lang)
        self.number.setEnabled(not entry.checking)
        picked = mend.selected is not None
        self.hint.setText(tr("kk.pick", lang, n=mend.selected + 1) if picked else tr("kk.touch", lang))
        self.keys.setVisible(picked)
        for b in self.key_buttons:
            b.setAccessibleName(tr("kk.key.name", lang, digit=b.text()))
        problem = mend.problem(flow.today())
        if entry.checking:
            self.message.setText(tr("nik.checking", lang))
            set_tone(self.message, None)
        elif problem is not None:
            self.message.setText(error_text(problem, lang))
            set_tone(self.message, "error")
        elif mend.changed:
            self.message.setText(tr("kk.changed", lang))
            set_tone(self.message, "ok")
        else:
            self.message.setText("")
            set_tone(self.message, None)
        self.message.setVisible(bool(self.message.text()))
        self.note.setText(tr("nik.hint", lang))
        self.retype.setText(tr("kk.retype", lang))
        self.keep.setText(tr("kk.continue", lang))
        self.check.setText(tr("kk.check", lang))
        self.keep.setVisible(not mend.changed)
        self.check.setVisible(mend.changed)
        self.check.setEnabled(problem is None and not entry.checking)
        self.retype.setEnabled(not entry.checking)

    def spoken(self) -> str:
        return tr("kk.spoken", self.lang)


class HeirAgeScreen(Screen):
    """The heir's own age, for her priority: her age or her own NIK on the keypad (or her own KTP
    on a reader, `flow.heir_age.own_ktp`), or skipped."""

    name = "heirAge"
    object_name = "heirAge"
    flows = ("body",)
    remembered = False

    def __init__(self, kiosk):
        super().__init__(kiosk)
        heir_age = kiosk.flow.heir_age
        self.title, self.body, left = keypad_frame(self, "heirAgeTitle")
        self.text = label(self, "heirAgeText", "big", align=CENTER)
        field = QFrame(self)                # the field, seen even while empty
        field.setProperty("role", "card")
        field.setMinimumHeight(96)
        inner = QVBoxLayout(field)
        inner.setContentsMargins(16, 8, 16, 8)
        self.typed = label(field, "heirAgeInput", "title", wrap=False, align=CENTER)
        inner.addWidget(self.typed)
        self.message = label(self, "heirAgeMessage", "big", align=CENTER)
        self.hint = label(self, "heirAgeHint", "hint", align=CENTER)
        buttons = QHBoxLayout()
        self.skip = wrap_button(self, "heirAgeSkip", "secondary")
        self.skip.clicked.connect(heir_age.skip)
        self.next = wrap_button(self, "heirAgeNext", "go")
        self.next.clicked.connect(heir_age.go_on)
        buttons.addWidget(self.skip, 1)
        buttons.addWidget(self.next, 1)
        left.addWidget(self.text)
        left.addStretch(1)
        left.addWidget(field)
        left.addWidget(self.message)
        left.addWidget(self.hint)
        left.addStretch(1)
        left.addLayout(buttons)
        self.body.addLayout(left, 3)
        self.keypad = Keypad("heirAgeKeypad", self)
        self.keypad.digit.connect(heir_age.press)
        self.keypad.backspace.connect(heir_age.backspace)
        self.keypad.clear.connect(heir_age.clear)
        self.keypad.setMinimumWidth(300)
        self.body.addWidget(self.keypad, 2)

    def refresh(self) -> None:
        lang, heir_age = self.lang, self.flow.heir_age
        typed, age = heir_age.typed, heir_age.age()
        self.title.setText(tr("heir.age.title", lang))
        self.text.setText(tr("heir.age.text", lang))
        self.typed.setText(group_digits(typed) if len(typed) > 3 else typed)
        self.typed.setAccessibleName(tr("heir.age.field", lang))
        if age is not None:
            key = "heir.age.priority" if heir_age.priority() else "heir.age.read"
            self.message.setText(tr(key, lang, age=age))
            set_tone(self.message, "ok")
        elif typed:
            self.message.setText(tr("heir.age.invalid", lang))
            set_tone(self.message, "warn" if len(typed) < NIK_LENGTH else "error")
        else:
            self.message.setText("")
            set_tone(self.message, None)
        self.hint.setText(tr("heir.age.hint", lang))
        self.skip.setText(tr("heir.age.skip", lang))
        self.next.setText(tr("next", lang))
        self.next.setEnabled(age is not None)
        if not typed:
            self.keypad.cancel_confirm()
        self.keypad.retranslate(lang)

    def spoken(self) -> str:
        return tr("heir.age.spoken", self.lang)
