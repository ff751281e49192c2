import argparse
import logging
import os
import shutil
import subprocess
import sys
from array import array
from itertools import groupby
from pathlib import Path

import pytest

from kiosk.cli import UserError
from kiosk.cli import voice as cli_voice
from kiosk.voice.chime import bundled_chime
from kiosk.voice.wav import Pcm, duration, read_wav, write_wav

REPO = Path(__file__).resolve().parents[2]


def run(argv, config=None):
    """Parse and run exactly as `anjungan` does for this area."""
    parser = argparse.ArgumentParser(prog="anjungan")
    parser.add_argument("--config")
    parser.add_argument("--db")
    cli_voice.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args((["--config", str(config)] if config else []) + argv)
    return args.handler(args)


@pytest.fixture
def no_config(monkeypatch):
    monkeypatch.setattr(cli_voice, "_configured_voice", lambda path: None)


def test_text_prints_the_sentence(capsys, no_config):
    assert run(["announce", "A-023", "--counter", "3", "--text"]) == 0
    assert capsys.readouterr().out == "Nomor antrian, A, dua puluh tiga, silakan menuju loket tiga\n"
    assert run(["announce", "a-023", "-c", "12", "--text", "--digits"]) == 0
    assert capsys.readouterr().out == "Nomor antrian, A, nol, dua, tiga, silakan menuju loket dua belas\n"


@pytest.mark.parametrize("bad", ["A023", "23", "AA-001", "A-1"])
def test_malformed_number_is_one_sentence(bad, no_config):
    with pytest.raises(UserError) as err:
        run(["announce", bad, "--counter", "3", "--text"])
    assert "A-023" in str(err.value) and "\n" not in str(err.value)


def test_counter_out_of_range(no_config):
    with pytest.raises(UserError, match="loket"):
        run(["announce", "A-001", "--counter", "0", "--text"])


# Every clip a steady level of its own (0.05 s at 16 kHz), so what reached the speakers can be
# heard back clip by clip; the pauses between phrases are silence.
CLIP_SAMPLES = 800
WORDS = {"nomor_antrian": "Nomor antrian", "silakan_menuju_loket": "silakan menuju loket",
         **{str(d): w for d, w in enumerate("nol satu dua tiga empat lima enam tujuh delapan sembilan".split())}}


@pytest.fixture
def word_clips(tmp_path):
    """A complete clip folder whose clips can be told apart in the played sound."""
    from kiosk.voice.backends import LETTER_CLIPS, REQUIRED_CLIPS

    folder = tmp_path / "word-clips"
    folder.mkdir()
    levels = {}
    for i, name in enumerate((*REQUIRED_CLIPS, *LETTER_CLIPS)):
        levels[200 * (i + 1)] = name
        (folder / f"{name}.wav").write_bytes(write_wav(Pcm(16000, array("h", [200 * (i + 1)] * CLIP_SAMPLES))))
    return folder, levels


def heard(wav: bytes, levels: dict[int, str]) -> str:
    """The sentence a listener hears in `wav` made from `word_clips`: phrases split by pauses."""
    phrases, words = [], []
    for level, run_ in groupby(read_wav(wav).samples):
        count = len(list(run_))
        if level == 0:
            phrases.append(" ".join(words))
            words = []
            continue
        name = levels[level]
        assert count % CLIP_SAMPLES == 0, f"clip {name} cut short"
        words += [WORDS.get(name, name)] * (count // CLIP_SAMPLES)
    return ", ".join(phrases + [" ".join(words)])


@pytest.fixture
def speakers(tmp_path, monkeypatch):
    """The machine's sound output, faked: a `paplay` that keeps each sound it is given, in order."""
    played = tmp_path / "played"
    played.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    player = bin_dir / "paplay"
    player.write_text(f'#!/bin/sh\ncp "$1" "{played}/$(ls "{played}" | wc -l).wav"\n')
    player.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    return lambda: [(played / f"{i}.wav").read_bytes() for i in range(len(list(played.iterdir())))]


@pytest.mark.parametrize("argv, sentence", [
    (["A-023", "-c", "3"], "Nomor antrian, A, dua puluh tiga, silakan menuju loket tiga"),
    (["b-111", "-c", "11"], "Nomor antrian, B, seratus sebelas, silakan menuju loket sebelas"),
    (["a-023", "-c", "12", "--digits"], "Nomor antrian, A, nol, dua, tiga, silakan menuju loket dua belas"),
])
def test_speaking_plays_the_chime_then_says_the_call(argv, sentence, word_clips, speakers, capsys, no_config):
    folder, levels = word_clips
    assert run(["announce", *argv, "--backend", "clips", "--clip-dir", str(folder)]) == 0
    chime, voice = speakers()
    assert chime == bundled_chime()
    assert heard(voice, levels) == sentence
    assert capsys.readouterr().out == ""


def test_speaking_without_chime_says_only_the_call(word_clips, speakers, no_config):
    folder, levels = word_clips
    assert run(["announce", "C-105", "-c", "7", "--backend", "clips", "--clip-dir", str(folder), "--no-chime"]) == 0
    assert [heard(wav, levels) for wav in speakers()] == ["Nomor antrian, C, seratus lima, silakan menuju loket tujuh"]


def test_silent_voice_still_plays_the_chime(speakers, caplog, no_config):
    assert run(["announce", "A-023", "-c", "3", "--backend", "silent"]) == 0
    assert speakers() == [bundled_chime()]
    assert "Panggilan tanpa suara (silent chosen)." in caplog.messages


def test_no_player_sends_nothing_to_the_speakers(word_clips, speakers, caplog, no_config):
    caplog.set_level(logging.INFO, logger="kiosk.voice")
    folder, _ = word_clips
    assert run(["announce", "A-023", "-c", "3", "--backend", "clips", "--clip-dir", str(folder),
                "--player", "none"]) == 0
    assert speakers() == []
    assert "Suara panggilan: clips." in caplog.messages


def test_wav_holds_chime_then_voice(tmp_path, clip_dir, no_config):
    out = tmp_path / "call.wav"
    assert run(["announce", "B-111", "-c", "2", "--backend", "clips", "--clip-dir", str(clip_dir),
                "--wav", str(out)]) == 0
    # the chime, then 6 clips of 0.1 s (nomor_antrian, B, seratus, sebelas, silakan_menuju_loket, 2)
    # with 3 pauses of 0.2 s
    chime_s = duration(bundled_chime())
    assert duration(out.read_bytes()) == pytest.approx(chime_s + 6 * 0.1 + 3 * 0.2, abs=0.02)
    start = read_wav(out.read_bytes()).samples[:1000]
    assert list(start) == list(read_wav(bundled_chime()).samples[:1000])


def test_wav_with_nothing_to_hear_is_an_error(tmp_path, no_config):
    with pytest.raises(UserError):
        run(["announce", "A-001", "-c", "1", "--backend", "silent", "--no-chime", "--wav", str(tmp_path / "x.wav")])


def test_voice_settings_come_from_the_configuration(monkeypatch, capsys):
    class Voice:
        backends = ("silent",)
        clip_dir = None
        digit_by_digit = True
        chime = False

    monkeypatch.setattr(cli_voice, "_configured_voice", lambda path: Voice())
    assert run(["announce", "A-023", "-c", "3", "--text"]) == 0
    assert "A, nol, dua, tiga" in capsys.readouterr().out


def test_command_module_does_not_import_qt():
    code = "import sys, kiosk.cli.voice; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_installed_command_end_to_end(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    ok = subprocess.run([sys.executable, "-m", "kiosk", "announce", "C-105", "--counter", "7", "--text"],
                        cwd=REPO, capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stderr
    # the shipped configuration says the service before the letter (letter_rule = "service")
    assert ok.stdout.strip() == "Nomor antrian, Pembayaran Iuran BPU, C, seratus lima, silakan menuju loket tujuh"
    bad = subprocess.run([sys.executable, "-m", "kiosk", "announce", "C105", "--counter", "7", "--text"],
                         cwd=REPO, capture_output=True, text=True, env=env)
    assert bad.returncode != 0
    assert len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_espeak_call_written_to_wav(tmp_path, no_config):
    out = tmp_path / "call.wav"
    assert run(["announce", "A-023", "-c", "3", "--backend", "espeak", "--wav", str(out)]) == 0
    assert 2.0 <= duration(out.read_bytes()) <= 10.0
