"""Small WAV helpers (PCM only): read, convert to 16-bit mono, join with pauses, measure."""
from __future__ import annotations

import io
import sys
import wave
from array import array
from dataclasses import dataclass


class WavError(ValueError):
    """Bytes that are not a PCM WAV file this product can play."""


@dataclass(frozen=True)
class Pcm:
    """16-bit signed little-endian mono samples at `rate` Hz."""

    rate: int
    samples: array  # array("h")

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate if self.rate else 0.0


def read_wav(data: bytes) -> Pcm:
    """Decode any PCM WAV (8/16/24/32-bit, mono or stereo) to 16-bit mono."""
    try:
        with wave.open(io.BytesIO(data), "rb") as w:
            channels, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
            frames = w.readframes(w.getnframes())
    except (wave.Error, EOFError) as exc:
        raise WavError(f"not a PCM WAV file: {exc}") from None
    if width not in (1, 2, 3, 4):
        raise WavError(f"unsupported sample width {width}")
    if width == 2:
        values = array("h")
        values.frombytes(frames[: len(frames) - len(frames) % 2])
        if sys.byteorder == "big":
            values.byteswap()
    else:
        values = array("h", _to_16(frames, width))
    if channels > 1:
        mono = array("h", bytes(2 * (len(values) // channels)))
        for i in range(len(mono)):
            chunk = values[i * channels:(i + 1) * channels]
            mono[i] = sum(chunk) // channels
        values = mono
    return Pcm(rate, values)


def _to_16(frames: bytes, width: int):
    if width == 1:  # unsigned 8-bit
        for b in frames:
            yield (b - 128) << 8
        return
    for i in range(0, len(frames) - width + 1, width):
        yield int.from_bytes(frames[i:i + width], "little", signed=True) >> (8 * (width - 2))


def resample(pcm: Pcm, rate: int) -> Pcm:
    """Linear-interpolation resampling; good enough for speech clips."""
    if pcm.rate == rate or not pcm.samples:
        return Pcm(rate, pcm.samples)
    src = pcm.samples
    n_out = max(1, round(len(src) * rate / pcm.rate))
    step = pcm.rate / rate
    out = array("h", bytes(2 * n_out))
    last = len(src) - 1
    for i in range(n_out):
        pos = i * step
        j = int(pos)
        if j >= last:
            out[i] = src[last]
        else:
            frac = pos - j
            out[i] = int(src[j] + (src[j + 1] - src[j]) * frac)
    return Pcm(rate, out)


def silence(rate: int, seconds: float) -> Pcm:
    return Pcm(rate, array("h", bytes(2 * int(rate * seconds))))


def join(parts: list[Pcm], rate: int | None = None) -> Pcm:
    """Concatenate, resampling every part to `rate` (default: the first part's rate)."""
    if not parts:
        raise WavError("nothing to join")
    rate = rate or parts[0].rate
    out = array("h")
    for part in parts:
        out.extend(resample(part, rate).samples)
    return Pcm(rate, out)


def write_wav(pcm: Pcm) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(pcm.rate)
        samples = pcm.samples
        if sys.byteorder == "big":
            samples = array("h", samples)
            samples.byteswap()
        w.writeframes(samples.tobytes())
    return buffer.getvalue()


def duration(data: bytes) -> float:
    """Seconds of audio in a WAV file (counted from the data, not the header, which
    streamed WAVs fill with a placeholder)."""
    try:
        with wave.open(io.BytesIO(data), "rb") as w:
            rate, frame_size = w.getframerate(), w.getsampwidth() * w.getnchannels()
            frames = w.readframes(w.getnframes())
            return len(frames) / frame_size / rate if rate and frame_size else 0.0
    except (wave.Error, EOFError) as exc:
        raise WavError(f"not a PCM WAV file: {exc}") from None


def peak(data: bytes) -> int:
    """Largest absolute sample (16-bit scale): 0 means silence."""
    samples = read_wav(data).samples
    return max((abs(s) for s in samples), default=0)
