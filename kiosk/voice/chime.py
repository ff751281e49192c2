"""The chime before each call: a soft two-tone "ding-dong", made with `wave` and `math`.

`python -m kiosk.voice.chime [PATH]` writes it (default: kiosk/assets/sounds/chime.wav).
"""
from __future__ import annotations

import math
import sys
from array import array
from importlib import resources
from pathlib import Path

from kiosk.voice.wav import Pcm, write_wav

RATE = 22050
NOTES = ((659.25, 0.0), (523.25, 0.45))  # E5 then C5, seconds from the start
LENGTH_S = 1.3


def make_chime(rate: int = RATE) -> bytes:
    """WAV bytes of the chime: two bell-like notes with harmonics and a gentle decay."""
    n = int(rate * LENGTH_S)
    out = array("h", bytes(2 * n))
    for freq, start in NOTES:
        first = int(start * rate)
        for i in range(first, n):
            t = (i - first) / rate
            attack = min(1.0, t / 0.01)
            envelope = attack * math.exp(-3.2 * t)
            value = (math.sin(2 * math.pi * freq * t)
                     + 0.35 * math.sin(2 * math.pi * 2 * freq * t) * math.exp(-4 * t)
                     + 0.15 * math.sin(2 * math.pi * 3 * freq * t) * math.exp(-6 * t))
            out[i] = max(-32767, min(32767, out[i] + int(9000 * envelope * value)))
    # fade the last 50 ms to avoid a click
    fade = int(0.05 * rate)
    for k in range(fade):
        i = n - fade + k
        out[i] = int(out[i] * (1 - k / fade))
    return write_wav(Pcm(rate, out))


def bundled_chime() -> bytes:
    """The chime shipped with the product (kiosk/assets/sounds/chime.wav)."""
    return (resources.files("kiosk.assets") / "sounds" / "chime.wav").read_bytes()


def load_chime(path: str | None = None) -> bytes:
    if path:
        return Path(path).read_bytes()
    try:
        return bundled_chime()
    except FileNotFoundError:
        return make_chime()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    target = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "assets" / "sounds" / "chime.wav"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(make_chime())
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
