"""The KTP tray at the kiosk: "Letakkan KTP di sini" on Welcome and on the NIK screen, the camera's
frames handed to the visit model (`flow.ktp`, which reads them off the screen's thread), and the
question after a sure read: "NIK ****0003 · lahir 26 Juni 1959 — benar?" (objectName
`ktpConfirm` on its Yes). Never the whole NIK on screen; the frames stay in memory.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from kiosk.domain.catalog import pick, tr
from kiosk.services import Change
from kiosk.ui.kiosk.base import CENTER, Screen
from kiosk.ui.kiosk.camera import Camera, NoCamera, camera_from_setting
from kiosk.ui.kiosk.screens import QuestionScreen
from kiosk.ui.kiosk.widgets import label, set_tone

ROOMY_HEIGHT = 900              # px: below this, large text leaves Welcome no room for the hint
FRAME_MS = 400                  # how often the tray is looked at (a read takes longer: none overlap)


class KtpCheckScreen(QuestionScreen):
    """A sure read of the KTP: is it hers? Yes checks the NIK and goes on; No empties the field."""

    name = "ktpCheck"
    object_name = "ktpCheck"

    def __init__(self, kiosk):
        super().__init__(kiosk, "ktp", text="Question", text_role="title", first="Retype", second="Confirm")
        self.question, self.no, self.yes = self.text, self.first, self.second
        self.no.clicked.connect(kiosk.flow.ktp.reject)
        self.yes.clicked.connect(kiosk.flow.ktp.confirm)

    def refresh(self) -> None:
        lang, flow = self.lang, self.flow
        self.title.setText(tr("ktp.confirm.title", lang))
        indonesian, english = flow.ktp.question()
        self.question.setText(pick(lang, indonesian, english))
        note = flow.nik.note
        self.note.setText(pick(lang, note[0], note[1]) if note else "")
        set_tone(self.note, "error" if note else None)
        self.no.setText(tr("ktp.confirm.no", lang))
        self.yes.setText(tr("ktp.confirm.yes", lang))
        self.yes.setAccessibleName(tr("ktp.confirm.yes", lang))
        self.no.setAccessibleName(tr("ktp.confirm.no", lang))
        checking = flow.nik.checking
        self.yes.setEnabled(not checking)
        self.no.setEnabled(not checking)

    def spoken(self) -> str:
        return tr("ktp.confirm.title", self.lang)


class KtpWatch(QObject):
    """Looks at the tray while the model wants a frame, and keeps the "Letakkan KTP di sini" hints."""

    def __init__(self, window, camera: Camera):
        super().__init__(window)
        self.window = window
        self.camera = camera
        self.hints: list[QLabel] = []
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self.look)
        window.flow.listen(self._changed)
        window.destroyed.connect(self.timer.stop)

    def use(self, camera: Camera) -> None:
        """Another camera (a test's, the demo's)."""
        self.camera.stop()
        self.camera = camera
        self.start()

    def start(self) -> None:
        self._retranslate()
        if self.camera.present:
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.camera.stop()

    def look(self) -> None:
        ktp = self.window.flow.ktp
        if not ktp.wanted:
            return
        frame = self.camera.grab()
        if frame is not None:
            ktp.frame(frame)

    def add_hint(self, screen: Screen, index: int = -1) -> None:
        """The line "Letakkan KTP di sini" in `screen`'s layout (at `index`)."""
        hint = label(screen, f"ktpHint_{screen.name}", "big", align=CENTER)
        layout = screen.layout()
        layout.insertWidget(index if index >= 0 else layout.count(), hint)
        self.hints.append(hint)

    def _changed(self, event) -> None:
        if event.change in (Change.STEP, Change.CHROME):
            self._retranslate()

    def _retranslate(self) -> None:
        flow = self.window.flow
        shown = self.camera.present and flow.ktp.available
        # Welcome in large text on a small screen has no room for one more line (the tray is still read)
        crowded = flow.large_text and self.window.height() < ROOMY_HEIGHT
        for hint in self.hints:
            hint.setText("▭  " + tr("ktp.place", flow.lang))
            hint.setAccessibleName(tr("ktp.place.hint", flow.lang))
            hint.setVisible(shown and not (crowded and hint is self.hints[0]))


def install_ktp(window) -> KtpWatch:
    """The KTP step in the kiosk window: its screen, the hints, and the camera of `[kiosk] camera`."""
    screen = KtpCheckScreen(window)
    window.screens.append(screen)
    window._by_name[screen.name] = screen
    window.stack.addWidget(screen)
    window.ktp_check = screen
    setting = getattr(window.settings, "camera", "none")
    watch = KtpWatch(window, camera_from_setting(setting, window) if setting != "none" else NoCamera())
    welcome = window.welcome.layout()
    at = welcome.indexOf(window.welcome.scan) if hasattr(window.welcome, "scan") else -1
    watch.add_hint(window.welcome, at)
    watch.add_hint(window.nik)
    watch.start()
    return watch


__all__ = ["KtpCheckScreen", "KtpWatch", "install_ktp"]
