import logging
import shutil
import subprocess
import sys

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtTextToSpeech import QTextToSpeech

from kiosk.voice.announcer import Announcer
from kiosk.voice.backends import (
    ClipBackend,
    EspeakBackend,
    SilentBackend,
    SpokenCall,
    VoiceError,
    clip_plan,
    select_backend,
)
from kiosk.voice.qt import QT_EDGE, QtSpeechBackend, qt_sound_sink
from kiosk.voice.settings import VoiceSettings
from kiosk.voice.sinks import RecordingSink, select_sink
from kiosk.voice.wav import duration, peak, read_wav

from .conftest import tone


def test_clip_plan_for_the_standard_call():
    call = SpokenCall.make("A-023", 3)
    assert clip_plan(call.phrases) == [
        "nomor_antrian", None, "A", None, "2", "puluh", "3", None, "silakan_menuju_loket", "3",
    ]


@pytest.mark.parametrize(
    "number,counter,digits,expected_number_clips",
    [
        ("B-111", 11, False, ["seratus", "sebelas"]),
        ("C-100", 1, False, ["seratus"]),
        ("D-210", 2, False, ["2", "ratus", "sepuluh"]),
        ("E-015", 2, False, ["5", "belas"]),
        ("F-000", 2, False, ["0"]),
        ("G-1000", 2, False, ["seribu"]),
        ("A-023", 3, True, ["0", None, "2", None, "3"]),
    ],
)
def test_clip_plan_spells_numbers_from_word_clips(number, counter, digits, expected_number_clips):
    plan = clip_plan(SpokenCall.make(number, counter, digits).phrases)
    start = plan.index(number[0]) + 2
    end = plan.index("silakan_menuju_loket") - 1
    assert plan[start:end] == expected_number_clips


def test_clip_backend_joins_clips_with_pauses(clip_dir):
    backend = ClipBackend(clip_dir, pause_s=0.2)
    assert backend.available() is None
    wav = backend.render(SpokenCall.make("A-023", 3))
    # 7 clips of 0.1 s and 3 pauses of 0.2 s
    assert duration(wav) == pytest.approx(7 * 0.1 + 3 * 0.2, abs=0.01)
    assert read_wav(wav).rate == 16000


def test_clips_of_other_formats_are_converted(clip_dir):
    (clip_dir / "puluh.wav").write_bytes(tone(0.5, rate=44100))
    wav = ClipBackend(clip_dir, pause_s=0.0).render(SpokenCall.make("A-023", 3))
    assert duration(wav) == pytest.approx(6 * 0.1 + 0.5, abs=0.01)


def test_missing_clips_are_named(clip_dir):
    (clip_dir / "puluh.wav").unlink()
    (clip_dir / "7.wav").unlink()
    reason = ClipBackend(clip_dir).available()
    assert "7.wav" in reason and "puluh.wav" in reason
    assert "no clip folder" in ClipBackend(None).available()
    assert "does not exist" in ClipBackend(clip_dir / "nope").available()


def test_a_missing_letter_fails_that_call_only(clip_dir):
    (clip_dir / "Q.wav").unlink()
    backend = ClipBackend(clip_dir)
    assert backend.available() is None
    with pytest.raises(VoiceError, match="Q.wav"):
        backend.render(SpokenCall.make("Q-001", 1))
    assert duration(backend.render(SpokenCall.make("A-001", 1))) > 0


def test_select_prefers_a_complete_clip_folder(clip_dir, caplog):
    caplog.set_level(logging.INFO, logger="kiosk.voice")
    backend = select_backend(backends=("clips", "espeak", "silent"), clip_dir=str(clip_dir))
    assert isinstance(backend, ClipBackend)
    assert [r.getMessage() for r in caplog.records] == ["Suara panggilan: clips."]


def test_select_skips_what_does_not_work_and_says_silent_once(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="kiosk.voice")
    backend = select_backend(backends=("clips", "silent"), clip_dir=str(tmp_path))
    assert isinstance(backend, SilentBackend)
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 1 and "tanpa suara" in messages[0] and "clips:" in messages[0]


def test_silent_backend_plays_nothing():
    sink = RecordingSink(realtime=False)
    SilentBackend().speak(SpokenCall.make("A-001", 1), sink)
    assert sink.played == []


def test_espeak_missing_or_broken_is_not_available(monkeypatch, tmp_path):
    assert "does not run" in EspeakBackend(executable=str(tmp_path / "espeak-ng")).available()
    monkeypatch.setattr("kiosk.voice.backends.shutil.which", lambda name: None)
    assert "not installed" in EspeakBackend().available()
    backend = select_backend(backends=("espeak", "silent"))
    assert isinstance(backend, SilentBackend)


needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


@needs_espeak
def test_espeak_renders_the_call_as_plausible_audio():
    backend = EspeakBackend()
    assert backend.available() is None, "espeak-ng is installed but has no Indonesian voice"
    wav = backend.render(SpokenCall.make("A-023", 3))
    assert 1.0 <= duration(wav) <= 8.0
    assert peak(wav) > 2000
    longer = backend.render(SpokenCall.make("C-987", 29))
    assert duration(longer) > duration(wav)


@needs_espeak
def test_the_kiosks_soft_volume_is_quieter_than_loud():
    from kiosk.domain.speech import GAIN, Volume, next_volume

    backend = EspeakBackend()
    text = "Selamat datang. Sentuh tombol hijau besar untuk mengambil nomor antrian."
    loud, soft = (peak(backend.render_text(text, GAIN[v])) for v in (Volume.LOUD, Volume.SOFT))
    assert loud > 2000 and soft < loud * 0.6
    assert [next_volume(v) for v in Volume] == [Volume.SOFT, Volume.OFF, Volume.LOUD]


@needs_espeak
def test_espeak_unknown_voice_is_reported():
    assert "no voice" in EspeakBackend(voice="xx-nonexistent").available()


def test_without_the_qt_edge_qt_is_not_offered_and_qt_is_never_loaded():
    # in a child process, where nothing has loaded PySide6 yet (the command line's situation)
    code = (
        "import sys\n"
        "from kiosk.voice.announcer import Announcer\n"
        "from kiosk.voice.backends import make_backend, select_backend\n"
        "from kiosk.voice.settings import VoiceSettings\n"
        "from kiosk.voice.sinks import select_sink\n"
        "print(make_backend('qt', VoiceSettings()).available())\n"
        "print(select_backend(backends=('qt', 'silent')).name)\n"
        "print(select_sink('qt').name)\n"
        "a = Announcer(VoiceSettings(backends=('qt',), player='qt')); a.close()\n"
        "print(a.backend.name, a.sink.name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["no Qt application running", "silent", "none", "silent none", "[]"]


class FakeSpeech:
    """Stands in for QTextToSpeech: the speech engines a machine has, and what was said."""

    State = QTextToSpeech.State
    engines: dict[str, tuple[QTextToSpeech.State, list[QLocale]]] = {}
    said: list[tuple[str, str, str]] = []

    def __init__(self, engine: str | None = None):
        self.engine = engine if engine is not None else next(iter(self.engines))
        self.locale = QLocale()
        self.stateChanged = None            # never waited on: a fake engine is done at once

    @classmethod
    def availableEngines(cls) -> list[str]:
        return list(cls.engines)

    def state(self):
        return self.engines[self.engine][0]

    def availableLocales(self) -> list[QLocale]:
        return self.engines[self.engine][1]

    def setLocale(self, locale: QLocale) -> None:
        self.locale = locale

    def say(self, text: str) -> None:
        self.said.append((self.engine, self.locale.name(), text))

    def errorString(self) -> str:
        return "broken"


INDONESIAN = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
READY, BROKEN = QTextToSpeech.State.Ready, QTextToSpeech.State.Error


@pytest.fixture
def speech_engines(qapp, monkeypatch):
    """The machine's Qt speech engines, as the test sets them (a fresh, empty set each time)."""
    import PySide6.QtTextToSpeech

    monkeypatch.setattr(FakeSpeech, "engines", {})
    monkeypatch.setattr(FakeSpeech, "said", [])
    monkeypatch.setattr(PySide6.QtTextToSpeech, "QTextToSpeech", FakeSpeech)
    return FakeSpeech.engines


def test_qt_speech_falls_back_to_silent_without_a_working_indonesian_engine(speech_engines, caplog):
    speech_engines.update({
        "mock": (READY, [INDONESIAN]),      # Qt's test engine never counts, whatever it claims
        "speechd": (BROKEN, [INDONESIAN]),  # a speech service that does not start
        "flite": (READY, [ENGLISH]),
    })
    caplog.set_level(logging.INFO, logger="kiosk.voice")
    backend = select_backend(backends=("qt", "silent"), edge=QT_EDGE)
    assert isinstance(backend, SilentBackend)
    assert [r.getMessage() for r in caplog.records] == [
        "Panggilan tanpa suara (qt: no Qt speech engine with an Indonesian voice)."]


def test_qt_speech_is_chosen_with_an_indonesian_engine_and_says_the_call(speech_engines, caplog):
    speech_engines.update({"mock": (READY, [INDONESIAN]), "flite": (READY, [ENGLISH]),
                           "speechd": (READY, [ENGLISH, INDONESIAN])})
    caplog.set_level(logging.INFO, logger="kiosk.voice")
    backend = select_backend(backends=("qt", "silent"), edge=QT_EDGE)
    assert isinstance(backend, QtSpeechBackend) and backend.engine == "speechd"
    assert [r.getMessage() for r in caplog.records] == ["Suara panggilan: qt."]
    backend.speak(SpokenCall.make("A-023", 3), RecordingSink(realtime=False))
    assert FakeSpeech.said == [("speechd", "id_ID", "Nomor antrian, A, dua puluh tiga, silakan menuju loket tiga")]


def test_qt_speech_needs_a_running_application(monkeypatch):
    monkeypatch.setattr("kiosk.voice.qt.QCoreApplication.instance", staticmethod(lambda: None))
    assert QtSpeechBackend().available() == "no Qt application running"
    assert qt_sound_sink() is None


class EdgeSpeech:
    """The speech backend of a stand-in Qt edge: works, and plays nothing."""

    name = "qt"

    def available(self) -> str | None:
        return None

    def speak(self, call: SpokenCall, sink) -> None:
        return None


class FakeEdge:
    """A Qt edge with a chosen speech backend and sink (None: no audio output)."""

    def __init__(self, sink=None):
        self.backend = EdgeSpeech()
        self.sink = sink

    def speech_backend(self):
        return self.backend

    def sound_sink(self):
        return self.sink


def test_the_edge_supplies_the_qt_backend_and_player(monkeypatch):
    monkeypatch.setattr("kiosk.voice.sinks.shutil.which", lambda name: None)   # no system player
    sink = RecordingSink(realtime=False)
    edge = FakeEdge(sink)
    assert select_backend(backends=("qt", "silent"), edge=edge) is edge.backend
    assert select_sink("qt", edge) is sink and select_sink("auto", edge) is sink
    assert select_sink("qt").name == "none"
    assert select_sink("auto", FakeEdge(sink=None)).name == "none"          # no audio output
    with Announcer(VoiceSettings(backends=("qt",), player="auto"), edge=edge) as announcer:
        assert announcer.backend is edge.backend and announcer.sink is sink
