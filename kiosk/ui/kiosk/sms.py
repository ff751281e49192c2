"""The SMS offer under the ticket ("Kirim SMS saat giliran Anda hampir tiba?", objectName
`smsOptIn`): one touch opens a keypad for the phone number, masked once sent; the number goes
to the store through the services (kept until the visit ends, kiosk/app/sms.py). Shown only when
the branch sends SMS (`[sms] enabled`)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.domain.catalog import error_text, tr
from kiosk.domain.phone import LOCAL_DIGITS, is_phone
from kiosk.ui.kiosk.base import CENTER
from kiosk.ui.kiosk.keypad import Keypad
from kiosk.ui.kiosk.widgets import button, label, set_tone


class SmsOptIn(QWidget):
    """`smsOptIn` (the offer), `smsPhone` (the number typed), keys `smsKey_0`…, `smsSend`,
    `smsCancel`, `smsResult` (what came of it)."""

    opened = Signal(bool)

    def __init__(self, screen):
        super().__init__(screen)
        self.screen = screen
        self.setObjectName("smsBox")
        self.ticket_id: str | None = None
        self.digits = ""
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        self.offer = button(self, "smsOptIn")
        self.offer.clicked.connect(lambda: self._open(True))
        self.result = label(self, "smsResult", "body", align=CENTER)
        self.panel = QWidget(self)
        panel = QVBoxLayout(self.panel)
        panel.setContentsMargins(0, 0, 0, 0)
        self.phone = label(self.panel, "smsPhone", "big", wrap=False, align=CENTER)
        self.keypad = Keypad("smsKey", self.panel)
        self.keypad.digit.connect(self._digit)
        self.keypad.backspace.connect(lambda: self._set(self.digits[:-1]))
        self.keypad.clear.connect(lambda: self._set(""))
        row = QHBoxLayout()
        self.cancel = button(self.panel, "smsCancel")
        self.cancel.clicked.connect(lambda: self._open(False))
        self.send = button(self.panel, "smsSend", "go")
        self.send.clicked.connect(self._send)
        row.addWidget(self.cancel)
        row.addWidget(self.send)
        panel.addWidget(self.phone)
        panel.addWidget(self.keypad, 1)
        panel.addLayout(row)
        box.addWidget(self.offer)
        box.addWidget(self.result)
        box.addWidget(self.panel, 1)
        self.panel.hide()
        self.result.hide()
        self.hide()                                 # offered only with a ticket, where SMS is on

    @property
    def svc(self):
        return self.screen.kiosk.svc

    def show_for(self, ticket_id: str | None, lang: str) -> None:
        """The offer for this ticket (a new ticket starts afresh)."""
        enabled = bool(ticket_id) and self.svc.config.sms.enabled
        if ticket_id != self.ticket_id:
            self.ticket_id = ticket_id
            self.digits = ""
            self.result.hide()
            self.offer.setEnabled(True)
            self._open(False)
        self.setVisible(enabled)
        self.offer.setText(tr("sms.kiosk.offer", lang))
        self.cancel.setText(tr("back", lang))
        self.send.setText(tr("sms.kiosk.send", lang))
        self.keypad.retranslate(lang)
        self._set(self.digits)

    def _open(self, shown: bool) -> None:
        self.panel.setVisible(shown)
        self.offer.setVisible(not shown and self.offer.isEnabled())
        self.opened.emit(shown)

    def _digit(self, d: str) -> None:
        if len(self.digits) < LOCAL_DIGITS[1]:
            self._set(self.digits + d)

    def _set(self, digits: str) -> None:
        self.digits = digits
        self.phone.setText(digits or tr("sms.kiosk.hint", self.screen.lang))
        self.send.setEnabled(is_phone(digits))

    def _send(self) -> None:
        lang, ticket_id, digits = self.screen.lang, self.ticket_id, self.digits

        def done(masked, error) -> None:
            if ticket_id != self.ticket_id:
                return
            if error is not None:
                self.result.setText(error_text(error, lang))
                set_tone(self.result, "error")
            else:
                self.digits = ""                       # not kept on screen
                self.offer.setEnabled(False)
                self.result.setText(tr("sms.opted_in", lang, phone=masked))
                set_tone(self.result, "ok")
                self._open(False)
            self.result.show()

        self.screen.kiosk.bg.run(lambda: self.svc.sms_opt_in(ticket_id, digits, lang), done)
