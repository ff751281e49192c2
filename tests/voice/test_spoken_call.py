"""The spoken call reaches the back of the room: said twice, the letter said so it cannot be
mistaken (the branch's rule), calls queued and never cut; speech text written for speech, checked
with espeak-ng's own phonemes; a voice asked for by name that is missing is said, not faked."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from kiosk.domain.speech import LetterRule, letter_phrases, speakable, spoken_service, ticket_sentence
from kiosk.services import demo_config
from kiosk.voice.announcer import Announcer
from kiosk.voice.settings import VoiceSettings, coerce_settings, service_names
from kiosk.voice.sinks import RecordingSink
from tests.events.helpers import ROOT
from tests.voice.test_announcer import RecordingBackend

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def phonemes(text: str) -> str:
    """What espeak-ng's Indonesian voice would say, as its phoneme mnemonics."""
    done = subprocess.run(["espeak-ng", "-v", "id", "-q", "-x", text], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout


@needs_espeak
def test_a_synthetic_voice_reads_the_signs_of_the_names_aloud():
    """The measure itself: read as written, "/" is "garis miring" and "&" is "tanda dan"."""
    assert "m'iR2iN" in phonemes("Perubahan / Koreksi Data")
    assert "t,anda" in phonemes("Informasi & Kepesertaan")


@needs_espeak
def test_every_service_is_said_in_words_never_its_signs():
    branch = demo_config().branch
    signs = [phonemes(word).strip() for word in ("garis", "miring", "tanda", "kurung")]
    said = {s.code: phonemes(spoken_service(s)) for s in branch.services}
    for code, heard in said.items():
        assert not any(sign in heard for sign in signs), (code, heard)
    assert ",ataU" in said["DATA"] and " dan " in said["INFO"]
    # the kiosk's sentence for a new ticket and the hall's call carry the same words
    data = branch.service("DATA")
    sentence = ticket_sentence("B-007", spoken_service(data), 2)
    assert "Perubahan atau Koreksi Data" in sentence and "m'iR2iN" not in phonemes(sentence)


def test_speech_text_is_written_for_speech():
    assert speakable("Perubahan / Koreksi Data") == "Perubahan atau Koreksi Data"
    assert speakable("Informasi & Kepesertaan") == "Informasi dan Kepesertaan"
    assert speakable("Klaim JHT (Jaminan Hari Tua)") == "Klaim JHT, Jaminan Hari Tua"
    branch = demo_config().branch
    assert spoken_service(branch.service("JHT")) == "Klaim Jaminan Hari Tua"      # the configured spoken form


def test_the_letter_is_said_by_the_branch_rule():
    assert letter_phrases("D", LetterRule.SERVICE, "Klaim Jaminan Hari Tua") == ("Klaim Jaminan Hari Tua", "D")
    assert letter_phrases("D", "spelling") == ("D", "Denpasar")
    assert letter_phrases("B", "spelling") == ("B", "Bandung")          # be, de, ge: never alike again
    assert letter_phrases("D", "letter") == ("D",)
    names = service_names(demo_config().branch)
    backend = RecordingBackend(seconds=0.0)
    for rule, expected in (("service", "Nomor antrian, Klaim Jaminan Hari Tua, D, dua puluh tiga, silakan menuju loket tiga"),
                           ("spelling", "Nomor antrian, D, Denpasar, dua puluh tiga, silakan menuju loket tiga")):
        settings = VoiceSettings(backends=("silent",), player="none", chime=False, letter_rule=rule, service_names=names)
        with Announcer(settings, backend=backend, sink=RecordingSink()) as announcer:
            announcer.announce("D-023", 3)
            assert announcer.wait_idle(5)
        assert backend.spoken[-1][0] == expected


def test_each_call_is_said_twice_and_the_next_waits_for_its_end():
    settings = coerce_settings(demo_config().voice, backends=("silent",), player="none", chime=False)
    assert settings.repeat == 2                                   # the branch's configuration
    backend = RecordingBackend(seconds=0.05)
    sink = RecordingSink(realtime=True)
    with Announcer(settings, backend=backend, sink=sink) as announcer:
        announcer.announce("A-001", 1)
        announcer.announce("B-002", 2)                            # made while the first is spoken
        assert announcer.wait_idle(5)
    assert [s.split(",")[1].strip() for s, _, _ in backend.spoken] == ["A", "A", "B", "B"]
    for (_, _, end), (_, start, _) in zip(backend.spoken, backend.spoken[1:]):
        assert end <= start                                       # never cut, never over each other
    assert sink.max_concurrent == 1


def test_a_voice_asked_for_that_is_missing_is_said_in_one_sentence(tmp_path):
    wav = tmp_path / "call.wav"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "kiosk", "announce", "A-023", "--counter", "3", "--backend", "clips",
                           "--clip-dir", str(tmp_path / "none"), "--wav", str(wav)], cwd=ROOT, capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode != 0 and not wav.exists()              # no chime-only file
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("anjungan: Tidak ada rekaman suara yang terpasang")
    assert "Traceback" not in done.stderr
