"""The Qt edge of the voice: Qt text to speech and Qt Multimedia playback.

Built on the Qt-free voice (base.py) and never imported by it: a program with windows hands
`QT_EDGE` to `select_backend`, `select_sink` or the announcer, which then may choose "qt".
Both need a running Qt application. They run on the announcer's worker thread with a local
event loop.
"""
from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QLocale, QTimer, QUrl

from kiosk.voice.base import Sink, SinkFailed, SpokenCall

log = logging.getLogger("kiosk.voice")

INDONESIAN = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)


def _wait(signal, done, timeout_s: float) -> None:
    """Run a local event loop until `done()` is true or the time is up."""
    if done():
        return
    loop = QEventLoop()
    signal.connect(lambda *_: loop.quit() if done() else None)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()


class QtSpeechBackend:
    """Qt text to speech (a system speech service such as speech-dispatcher)."""

    name = "qt"

    def __init__(self, timeout_s: float = 20.0):
        self.timeout_s = timeout_s
        self.engine: str | None = None

    def available(self) -> str | None:
        if QCoreApplication.instance() is None:
            return "no Qt application running"
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as exc:
            return f"Qt text to speech is missing: {exc}"
        engines = [e for e in QTextToSpeech.availableEngines() if e != "mock"]
        for engine in engines:
            speech = QTextToSpeech(engine)
            if speech.state() == QTextToSpeech.State.Error:
                continue
            if any(loc.language() == QLocale.Language.Indonesian for loc in speech.availableLocales()):
                self.engine = engine
                return None
        return "no Qt speech engine with an Indonesian voice"

    def speak(self, call: SpokenCall, sink: Sink) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        speech = QTextToSpeech(self.engine) if self.engine else QTextToSpeech()
        speech.setLocale(INDONESIAN)
        speech.say(call.sentence)
        busy = (QTextToSpeech.State.Speaking, QTextToSpeech.State.Synthesizing)
        _wait(speech.stateChanged, lambda: speech.state() not in busy, 0.0 + self.timeout_s)
        if speech.state() == QTextToSpeech.State.Error:
            raise RuntimeError(f"Qt text to speech: {speech.errorString()}")


class QtSoundSink:
    """Plays WAV bytes with QSoundEffect."""

    name = "qt"

    def __init__(self, timeout_s: float = 30.0):
        self.timeout_s = timeout_s

    def play(self, wav: bytes) -> None:
        from PySide6.QtMultimedia import QSoundEffect

        with tempfile.NamedTemporaryFile(prefix="anjungan-", suffix=".wav", delete=False) as f:
            f.write(wav)
            path = Path(f.name)
        try:
            effect = QSoundEffect()
            effect.setSource(QUrl.fromLocalFile(str(path)))
            _wait(effect.statusChanged, lambda: effect.status() != QSoundEffect.Status.Loading, 5.0)
            if effect.status() != QSoundEffect.Status.Ready:
                raise SinkFailed("Qt could not load the sound")
            effect.play()
            _wait(effect.playingChanged, lambda: not effect.isPlaying(), self.timeout_s)
        finally:
            path.unlink(missing_ok=True)


def qt_sound_sink() -> QtSoundSink | None:
    """A Qt sink when a Qt application runs and the system has an audio output."""
    if QCoreApplication.instance() is None:
        return None
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:
        return None
    if not QMediaDevices.audioOutputs():
        return None
    return QtSoundSink()


class QtEdge:
    """The Qt voice for a program with windows (see `kiosk.voice.base.SoundEdge`)."""

    def speech_backend(self) -> QtSpeechBackend:
        return QtSpeechBackend()

    def sound_sink(self) -> QtSoundSink | None:
        return qt_sound_sink()


QT_EDGE = QtEdge()
