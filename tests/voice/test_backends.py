import logging
import shutil

import pytest

from kiosk.voice.backends import (
    ClipBackend,
    EspeakBackend,
    SilentBackend,
    SpokenCall,
    VoiceError,
    clip_plan,
    select_backend,
)
from kiosk.voice.sinks import RecordingSink
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
def test_espeak_unknown_voice_is_reported():
    assert "no voice" in EspeakBackend(voice="xx-nonexistent").available()


def test_qt_speech_is_tried_and_falls_back_when_the_system_has_no_indonesian_voice():
    # in a child process: the Qt speech plug-ins log to stderr, which is not a failure here
    import subprocess
    import sys

    code = (
        "from PySide6.QtCore import QCoreApplication\n"
        "from kiosk.voice.backends import select_backend, make_backend\n"
        "from kiosk.voice.settings import VoiceSettings\n"
        "print(make_backend('qt', VoiceSettings()).available())\n"
        "app = QCoreApplication([])\n"
        "print(select_backend(backends=('qt', 'silent')).name)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    lines = out.stdout.split("\n")
    assert lines[0] == "no Qt application running"
    assert lines[1] in ("qt", "silent")
