"""Voice figures: number words, clip and espeak-ng rendering, announce latency, CLI start-up."""
from __future__ import annotations

import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from array import array
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _figures(label: str, seconds: list[float], unit: str = "ms") -> None:
    scale = 1000.0 if unit == "ms" else 1e6
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    print(f"{label:<44} median {statistics.median(ordered) * scale:9.3f} {unit}   p95 {p95 * scale:9.3f} {unit}   n={len(ordered)}")


def _timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    from kiosk.domain.words import call_sentence, number_words, parse_number_words
    from kiosk.voice.announcer import Announcer
    from kiosk.voice.backends import LETTER_CLIPS, REQUIRED_CLIPS, ClipBackend, EspeakBackend, SilentBackend, SpokenCall
    from kiosk.voice.settings import VoiceSettings
    from kiosk.voice.sinks import NullSink
    from kiosk.voice.wav import Pcm, write_wav

    _figures("number_words 0..9999 (all)", _timed(lambda: [number_words(n) for n in range(10000)], 20))
    _figures("parse_number_words round trip 0..9999", _timed(lambda: [parse_number_words(number_words(n)) for n in range(10000)], 5))
    _figures("call_sentence", _timed(lambda: call_sentence("A-023", 3), 2000), "us")

    with tempfile.TemporaryDirectory() as tmp:
        rate = 22050
        clip = write_wav(Pcm(rate, array("h", (int(8000 * math.sin(i / 8)) for i in range(int(0.35 * rate))))))
        for name in (*REQUIRED_CLIPS, *LETTER_CLIPS):
            Path(tmp, f"{name}.wav").write_bytes(clip)
        backend = ClipBackend(tmp)
        backend.render(SpokenCall.make("A-001", 1))  # warm the clip cache
        _figures("clips render A-123 loket 12 (0.35 s clips)", _timed(lambda: backend.render(SpokenCall.make("A-123", 12)), 20))

    if shutil.which("espeak-ng"):
        espeak = EspeakBackend()
        _figures("espeak-ng render A-023 loket 3", _timed(lambda: espeak.render(SpokenCall.make("A-023", 3)), 10))
    else:
        print("espeak-ng render: skipped (espeak-ng not installed)")

    settings = VoiceSettings(backends=("silent",), player="none", chime=False)
    with Announcer(settings, backend=SilentBackend(), sink=NullSink()) as announcer:
        _figures("Announcer.announce (returns to caller)", _timed(lambda: announcer.announce("A-023", 3), 500), "us")
        announcer.wait_idle(10)

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    argv = [sys.executable, "-m", "kiosk", "announce", "A-023", "--counter", "3", "--text"]
    _figures("CLI start-up: anjungan announce --text", _timed(lambda: subprocess.run(argv, cwd=REPO, env=env, capture_output=True, check=True), 7))


if __name__ == "__main__":
    main()
