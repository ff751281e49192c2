import math
from array import array
from pathlib import Path

import pytest

from kiosk.voice.backends import LETTER_CLIPS, REQUIRED_CLIPS
from kiosk.voice.wav import Pcm, write_wav


def tone(seconds: float, freq: float = 440.0, rate: int = 16000) -> bytes:
    n = int(seconds * rate)
    return write_wav(Pcm(rate, array("h", (int(8000 * math.sin(2 * math.pi * freq * i / rate)) for i in range(n)))))


@pytest.fixture
def clip_dir(tmp_path: Path) -> Path:
    """A complete clip folder: every clip a 0.1 s tone at 16 kHz."""
    folder = tmp_path / "clips"
    folder.mkdir()
    for name in (*REQUIRED_CLIPS, *LETTER_CLIPS):
        (folder / f"{name}.wav").write_bytes(tone(0.1))
    return folder
