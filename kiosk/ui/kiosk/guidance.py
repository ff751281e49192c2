"""Optional spoken guidance: each screen's main sentence, read aloud in Indonesian.

Uses espeak-ng through the voice module when it is installed; otherwise it stays silent.
Speech runs on its own thread and a new screen replaces what was still waiting to be said.
"""
from __future__ import annotations

import logging
import queue
import threading

log = logging.getLogger("anjungan.kiosk")


class SpokenGuide:
    def __init__(self, voice: str = "id"):
        from kiosk.voice.backends import EspeakBackend
        from kiosk.voice.qt import QT_EDGE
        from kiosk.voice.sinks import select_sink

        self.backend = EspeakBackend(voice=voice)
        self.available = self.backend.available() is None
        self.sink = select_sink("auto", QT_EDGE) if self.available else None
        self.gain = 1.0                     # the kiosk's volume button sets it (kiosk.domain.speech)
        self._queue: queue.Queue[tuple[str, float]] = queue.Queue(maxsize=1)
        if self.available:
            threading.Thread(target=self._run, name="spoken-guidance", daemon=True).start()

    def __call__(self, text: str) -> None:
        if not self.available:
            return
        try:
            self._queue.get_nowait()        # drop what the previous screen had not said yet
        except queue.Empty:
            pass
        try:
            self._queue.put_nowait((text, self.gain))
        except queue.Full:
            pass

    def set_volume(self, gain: float) -> None:
        self.gain = gain

    def _run(self) -> None:
        while True:
            text, gain = self._queue.get()
            try:
                self.sink.play(self.backend.render_text(text, gain))
            except Exception as exc:  # a missing player must not disturb the kiosk
                log.warning("spoken guidance unavailable: %s", exc.__class__.__name__)


def make_guide(enabled: bool):
    if not enabled:
        return None
    try:
        guide = SpokenGuide()
    except Exception as exc:
        log.warning("spoken guidance unavailable: %s", exc.__class__.__name__)
        return None
    return guide if guide.available else None
