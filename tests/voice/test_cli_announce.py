import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import UserError
from kiosk.cli import voice as cli_voice
from kiosk.voice.chime import bundled_chime
from kiosk.voice.wav import duration, read_wav

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


def test_speaking_silently_finishes(capsys, no_config):
    assert run(["announce", "A-023", "-c", "3", "--backend", "silent", "--player", "none"]) == 0


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
    assert ok.stdout.strip().startswith("Nomor antrian, C, seratus lima, silakan menuju loket tujuh")
    bad = subprocess.run([sys.executable, "-m", "kiosk", "announce", "C105", "--counter", "7", "--text"],
                         cwd=REPO, capture_output=True, text=True, env=env)
    assert bad.returncode != 0
    assert len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_espeak_call_written_to_wav(tmp_path, no_config):
    out = tmp_path / "call.wav"
    assert run(["announce", "A-023", "-c", "3", "--backend", "espeak", "--wav", str(out)]) == 0
    assert 2.0 <= duration(out.read_bytes()) <= 10.0
