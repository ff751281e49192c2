"""Assisted mode for security staff: the PIN pad and the staff menu.

The attempt limit is the application's (`svc.staff_pin`, shared by every kiosk and counter
through the database); the pad shows its answer and stays shut while that answer says locked.
"""
from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QButtonGroup, QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout

from kiosk.domain.catalog import pick, tr
from kiosk.ui.clock_banner import ClockBanner
from kiosk.ui.kiosk.base import CENTER, Screen
from kiosk.ui.kiosk.keypad import Keypad
from kiosk.ui.kiosk.widgets import WrapButton, button, label, set_direction, set_tone
from kiosk.ui.pin import MIN_PIN, PinAnswer, locked_now

PIN_MAX = 8


class PinScreen(Screen):
    name = "pin"
    title_key = "pin.title"

    def __init__(self, kiosk):
        super().__init__(kiosk)
        self.checking = False
        self.answer: PinAnswer | None = None      # the application's last answer on this pad
        box = QVBoxLayout(self)
        box.setContentsMargins(64, 24, 64, 24)
        box.setSpacing(16)
        self.title = label(self, "pinTitle", "title", align=CENTER)
        self.input = QLineEdit(self)
        self.input.setObjectName("pinInput")
        self.input.setEchoMode(QLineEdit.EchoMode.Password)
        self.input.setAlignment(CENTER)
        self.input.setMaxLength(PIN_MAX)
        self.input.returnPressed.connect(self.submit)
        self.input.textEdited.connect(lambda _t: self._update())
        self.message = label(self, "pinMessage", "big", align=CENTER)
        self.keypad = Keypad("pinKey", self)
        self.keypad.digit.connect(self._digit)
        self.keypad.backspace.connect(lambda: (self.input.setText(self.input.text()[:-1]), self._update()))
        self.keypad.clear.connect(lambda: (self.input.clear(), self._update()))
        self.keypad.setMinimumWidth(360)
        buttons = QHBoxLayout()
        self.cancel = button(self, "pinCancel", "secondary", expand=True)
        self.cancel.clicked.connect(kiosk.cancel_pin)
        self.ok = button(self, "pinSubmit", "go", expand=True)
        self.ok.clicked.connect(self.submit)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.ok)
        pad = QHBoxLayout()
        pad.addStretch(1)
        pad.addWidget(self.keypad, 4)
        pad.addStretch(1)
        self.keypad.setMaximumWidth(640)
        box.addWidget(self.title)
        box.addWidget(self.input)
        box.addWidget(self.message)
        box.addLayout(pad, 1)
        box.addLayout(buttons)

    def reset(self) -> None:
        """A fresh pad; a lock the application reported stays shown until it runs out."""
        self.input.clear()
        self.checking = False
        if not self.locked:
            self.answer = None
        self._update()

    @property
    def locked(self) -> bool:
        return self.answer is not None and locked_now(self.answer.check, self.kiosk.now())

    def _digit(self, d: str) -> None:
        if len(self.input.text()) < PIN_MAX:
            self.input.setText(self.input.text() + d)
        self._update()

    def _update(self) -> None:
        lang, locked = self.lang, self.locked
        answer = self.answer
        if self.checking:
            self.message.setText(tr("pin.checking", lang))
            set_tone(self.message, None)
        elif answer is not None and (locked or answer.check is None or answer.check.locked_until is None):
            self.message.setText(answer.text(lang))
            set_tone(self.message, "error")
        else:
            self.message.setText(tr("pin.hint", lang))
            set_tone(self.message, None)
        busy = locked or self.checking
        self.keypad.setEnabled(not busy)
        self.input.setReadOnly(busy)
        self.ok.setEnabled(not busy and len(self.input.text()) >= MIN_PIN)

    def tick(self) -> None:
        """Called every second while the pad is shown: it opens again when the lock runs out."""
        if self.answer is not None and not self.checking:
            self._update()

    def submit(self) -> None:
        pin = self.input.text()
        if self.checking or self.locked or len(pin) < MIN_PIN:
            self._update()
            return
        self.checking = True
        self._update()
        self.kiosk.check_pin(pin)

    def pin_checked(self, answer: PinAnswer) -> None:
        self.checking = False
        self.input.clear()
        self.answer = None if answer.ok else answer
        self._update()

    def refresh(self) -> None:
        lang = self.lang
        self.title.setText(tr("pin.title", lang))
        self.cancel.setText(tr("pin.cancel", lang))
        self.ok.setText(tr("pin.submit", lang))
        self.keypad.retranslate(lang)
        self._update()


class StaffScreen(Screen):
    name = "staff"
    title_key = "staff.title"

    def __init__(self, kiosk):
        super().__init__(kiosk)
        branch = kiosk.svc.branch
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 20, 48, 20)
        box.setSpacing(14)
        self.clock_banner = ClockBanner(self, kiosk.svc.clock_skew, lambda: self.lang, font_px=24)   # this PC's clock
        box.addWidget(self.clock_banner)

        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.setSpacing(32)
        box.addLayout(self.columns, 1)
        left = QVBoxLayout()
        left.setSpacing(12)
        right = QVBoxLayout()
        right.setSpacing(12)
        self.columns.addLayout(left, 1)
        self.columns.addLayout(right, 1)

        self.priority_label = label(self, "staffPriorityLabel", "body")
        left.addWidget(self.priority_label)
        self.priority_grid = QGridLayout()
        self.priority_grid.setSpacing(10)
        self.priority_group = QButtonGroup(self)
        self.priority_group.setExclusive(True)
        self.priority_buttons = {}
        choices = [(None, None)] + [(r.code, r) for r in branch.priority.reasons]
        for i, (code, _reason) in enumerate(choices):
            b = WrapButton(self, f"priority_{code or 'none'}", "choice")
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, c=code: kiosk.flow.set_priority_reason(c))
            self.priority_group.addButton(b)
            self.priority_buttons[code] = b
            self.priority_grid.addWidget(b, i // 3, i % 3)
        left.addLayout(self.priority_grid)

        self.nik = WrapButton(self, "assistedNik", "go")
        self.nik.clicked.connect(kiosk.flow.start_visit)
        left.addWidget(self.nik)
        self.feedback = label(self, "staffFeedback", "body")
        left.addWidget(self.feedback)
        self.printer = label(self, "printerStatus", "body")
        left.addWidget(self.printer)
        self.reprint = WrapButton(self, "reprintLast", None)
        self.reprint.clicked.connect(kiosk.flow.desk.reprint_last)
        self.printer_refresh = WrapButton(self, "printerRefresh", "secondary")
        self.printer_refresh.clicked.connect(kiosk.flow.desk.refresh_printer_status)
        left.addWidget(self.reprint)
        left.addWidget(self.printer_refresh)
        left.addStretch(1)

        self.front_label = label(self, "staffFrontDeskLabel", "body")
        right.addWidget(self.front_label)
        self.front_grid = QGridLayout()
        self.front_grid.setSpacing(10)
        self.front_buttons = {}
        for i, spec in enumerate(branch.services):
            b = WrapButton(self, f"frontDesk_{spec.code}", "choice")
            b.clicked.connect(lambda _=False, c=spec.code: kiosk.flow.desk.record_front_desk(c))
            self.front_buttons[spec.code] = b
            self.front_grid.addWidget(b, i // 2, i % 2)
        right.addLayout(self.front_grid)
        right.addStretch(1)

        bottom = QHBoxLayout()
        self.leave = WrapButton(self, "leaveKiosk", "secondary")
        self.leave.clicked.connect(kiosk.leave_kiosk)
        self.back = WrapButton(self, "staffBack", "secondary")
        self.back.clicked.connect(lambda: kiosk.flow.go_welcome(end_visit=False))
        bottom.addWidget(self.leave)
        bottom.addWidget(self.back)
        box.addLayout(bottom)

    def refresh(self) -> None:
        lang, branch = self.lang, self.kiosk.svc.branch
        self.priority_label.setText(tr("staff.priority", lang))
        for code, b in self.priority_buttons.items():
            reason = branch.priority.reason(code) if code else None
            b.setText(pick(lang, reason.name_id, reason.name_en) if reason else tr("staff.priority.none", lang))
            b.setChecked(code == self.flow.visit.priority_reason)
        self.nik.setText(tr("staff.nik", lang))
        self.front_label.setText(tr("staff.front_desk", lang))
        for code, b in self.front_buttons.items():
            spec = branch.service(code)
            b.setText(pick(lang, spec.name_id, spec.name_en))
        desk = self.flow.desk
        self.feedback.setText(pick(lang, *desk.feedback))
        self.printer.setText(pick(lang, *desk.printer_text) or tr("staff.printer.checking", lang))
        set_tone(self.printer, desk.printer_tone)
        self.reprint.setText(tr("staff.reprint", lang))
        self.printer_refresh.setText(tr("staff.printer.refresh", lang))
        self.leave.setText(tr("staff.leave", lang))
        self.leave.setVisible(self.flow.may_leave)      # only where it works
        self.back.setText(tr("staff.back", lang))
        self.clock_banner.retranslate()

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        set_direction(self.columns, portrait)
