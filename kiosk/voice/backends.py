"""Speech backends: turn a call into sound.

Tried in the configured order; the first that works here is used:
- "clips":  a folder of recorded WAV clips, one per word (docs/voice.md lists the names),
- "espeak": espeak-ng with the Indonesian voice,
- "qt":     Qt text to speech, where the system has a speech service; offered by the Qt edge
            (voice/qt.py) that a program with windows passes in as `edge`,
- "silent": nothing is spoken (the chime and the screen still work).
Backends that make sound as WAV hand it to a sink (see sinks.py); "qt" speaks itself.
"""
from __future__ import annotations

import logging
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

from kiosk.domain.words import CALL_DIRECTION, CALL_OPENING, DIGITS
from kiosk.domain.speech import SPELLING_WORDS
from kiosk.voice.base import Backend, Sink, SoundEdge, SpokenCall, VoiceError
from kiosk.voice.settings import VoiceSettings, coerce_settings
from kiosk.voice.wav import Pcm, WavError, join, read_wav, silence, write_wav

log = logging.getLogger("kiosk.voice")

NO_QT = "no Qt application running"


class WavBackend:
    """A backend that renders a call to WAV bytes and plays them through the sink."""

    name = "wav"

    def render(self, call: SpokenCall) -> bytes:
        raise NotImplementedError

    def speak(self, call: SpokenCall, sink: Sink) -> None:
        sink.play(self.render(call))


# --- recorded clips ---------------------------------------------------------------------

PAUSE = None  # a short silence between the phrases of a call

OPENING_CLIP = "nomor_antrian"
DIRECTION_CLIP = "silakan_menuju_loket"
WORD_CLIPS = ("belas", "puluh", "ratus", "ribu", "sepuluh", "sebelas", "seratus", "seribu")
REQUIRED_CLIPS = (OPENING_CLIP, DIRECTION_CLIP, *(str(d) for d in range(10)), *WORD_CLIPS)
LETTER_CLIPS = tuple(chr(c) for c in range(ord("A"), ord("Z") + 1))
SERVICE_CLIP, SPELLED_CLIP = "layanan_", "eja_"     # optional: a call without them says the letter alone


def clip_for_word(word: str) -> str:
    """The clip that says one number word: "dua" -> "2", "puluh" -> "puluh"."""
    word = word.lower()
    if word in DIGITS:
        return str(DIGITS.index(word))
    if word in WORD_CLIPS:
        return word
    raise VoiceError(f"no clip for the word {word!r}")


def clip_plan(phrases: tuple[str, ...]) -> list[str | None]:
    """Clip names (without .wav) in speaking order; None marks a pause between phrases.

    ("Nomor antrian", "A", "dua puluh tiga", "silakan menuju loket tiga") ->
    ["nomor_antrian", None, "A", None, "2", "puluh", "3", None, "silakan_menuju_loket", "3"]
    The letter's own words by the branch's rule have clips of their own, recorded when wanted:
    the service's name before the letter `layanan_A`, a spelling word after it `eja_A`.
    """
    plan: list[str | None] = []
    letter = next((p.upper() for p in phrases if len(p) == 1 and p.isalpha()), "")
    seen_letter = False
    for i, phrase in enumerate(phrases):
        if i:
            plan.append(PAUSE)
        if phrase == CALL_OPENING:
            plan.append(OPENING_CLIP)
        elif len(phrase) == 1 and phrase.isalpha():
            seen_letter = True
            plan.append(phrase.upper())
        elif letter and phrase == SPELLING_WORDS.get(letter) and seen_letter:
            plan.append(f"{SPELLED_CLIP}{letter}")
        elif letter and not seen_letter:
            plan.append(f"{SERVICE_CLIP}{letter}")
        elif phrase.startswith(CALL_DIRECTION + " "):
            plan.append(DIRECTION_CLIP)
            plan += [clip_for_word(w) for w in phrase[len(CALL_DIRECTION):].split()]
        else:
            plan += [clip_for_word(w) for w in phrase.split()]
    return plan


class ClipBackend(WavBackend):
    """Joins recorded clips from a folder (any PCM WAV; converted to one format)."""

    name = "clips"

    def __init__(self, clip_dir: str | Path | None, pause_s: float = 0.2):
        self.clip_dir = Path(clip_dir) if clip_dir else None
        self.pause_s = pause_s
        self._cache: dict[str, tuple[float, Pcm]] = {}
        self._lock = threading.Lock()

    def path_for(self, clip: str) -> Path | None:
        if self.clip_dir is None:
            return None
        for candidate in (clip, clip.lower(), clip.upper()):
            path = self.clip_dir / f"{candidate}.wav"
            if path.is_file():
                return path
        return None

    def missing(self, clips: tuple[str, ...] = REQUIRED_CLIPS) -> list[str]:
        return [f"{c}.wav" for c in clips if self.path_for(c) is None]

    def available(self) -> str | None:
        if self.clip_dir is None:
            return "no clip folder configured"
        if not self.clip_dir.is_dir():
            return f"clip folder {self.clip_dir} does not exist"
        missing = self.missing()
        if missing:
            return f"clip folder {self.clip_dir} lacks " + ", ".join(missing)
        return None

    def _clip(self, name: str) -> Pcm:
        path = self.path_for(name)
        if path is None:
            raise VoiceError(f"clip {name}.wav is missing in {self.clip_dir}")
        mtime = path.stat().st_mtime
        with self._lock:
            cached = self._cache.get(name)
            if cached and cached[0] == mtime:
                return cached[1]
        try:
            pcm = read_wav(path.read_bytes())
        except WavError as exc:
            raise VoiceError(f"clip {path.name}: {exc}") from None
        with self._lock:
            self._cache[name] = (mtime, pcm)
        return pcm

    def render(self, call: SpokenCall) -> bytes:
        plan = clip_plan(call.phrases)
        optional = [n for n in plan if n and n.startswith((SERVICE_CLIP, SPELLED_CLIP)) and self.path_for(n) is None]
        for name in optional:                   # and the pause before it
            at = plan.index(name)
            del plan[at - 1:at + 1]
        clips = {name: self._clip(name) for name in plan if name is not PAUSE}
        rate = clips[OPENING_CLIP].rate
        parts = [silence(rate, self.pause_s) if name is PAUSE else clips[name] for name in plan]
        return write_wav(join(parts, rate))


# --- espeak-ng ----------------------------------------------------------------------------

class EspeakBackend(WavBackend):
    """espeak-ng with the Indonesian voice, rendered to WAV (`espeak-ng -v id --stdout`)."""

    name = "espeak"

    def __init__(self, voice: str = "id", rate_wpm: int = 150, executable: str | None = None,
                 timeout_s: float = 15.0):
        self.voice = voice
        self.rate_wpm = rate_wpm
        self.executable = executable or shutil.which("espeak-ng")
        self.timeout_s = timeout_s

    def available(self) -> str | None:
        if not self.executable:
            return "espeak-ng is not installed"
        try:
            out = subprocess.run([self.executable, f"--voices={self.voice}"], capture_output=True,
                                 timeout=self.timeout_s, check=False).stdout.decode(errors="replace")
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"espeak-ng does not run: {exc}"
        languages = {line.split()[1] for line in out.splitlines()[1:] if len(line.split()) > 1}
        if self.voice not in languages:
            return f"espeak-ng has no voice {self.voice!r}"
        return None

    def render(self, call: SpokenCall) -> bytes:
        return self.render_text(call.sentence)

    def render_text(self, text: str, gain: float = 1.0) -> bytes:
        """`gain` 0–2 of espeak's normal loudness (its amplitude 100)."""
        if not self.executable:
            raise VoiceError("espeak-ng is not installed")
        amplitude = max(0, min(200, round(100 * gain)))
        argv = [self.executable, "-v", self.voice, "-s", str(self.rate_wpm), "-a", str(amplitude), "--stdout", text]
        try:
            result = subprocess.run(argv, capture_output=True, timeout=self.timeout_s, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise VoiceError(f"espeak-ng failed: {exc}") from None
        if result.returncode != 0 or not result.stdout:
            raise VoiceError(f"espeak-ng failed: {result.stderr.decode(errors='replace').strip()}")
        try:
            # espeak streams a placeholder length in the header; rewrite a clean file
            return write_wav(read_wav(result.stdout))
        except WavError as exc:
            raise VoiceError(f"espeak-ng gave no usable sound: {exc}") from None


# --- silent ----------------------------------------------------------------------------------

class SilentBackend:
    """Speaks nothing; the call still shows on screen."""

    name = "silent"

    def available(self) -> str | None:
        return None

    def speak(self, call: SpokenCall, sink: Sink) -> None:
        return None


class UnavailableBackend:
    """A backend this program cannot offer (e.g. "qt" without windows); says why."""

    def __init__(self, name: str, reason: str):
        self.name = name
        self.reason = reason

    def available(self) -> str | None:
        return self.reason

    def speak(self, call: SpokenCall, sink: Sink) -> None:
        raise VoiceError(f"{self.name}: {self.reason}")


# --- choosing ----------------------------------------------------------------------------------

def make_backend(name: str, settings: VoiceSettings, edge: SoundEdge | None = None) -> Backend:
    """The backend called `name`; "qt" comes from `edge`, the Qt edge of a program with windows."""
    if name == "clips":
        return ClipBackend(settings.clip_dir, settings.pause_s)
    if name == "espeak":
        return EspeakBackend(settings.espeak_voice, settings.rate_wpm)
    if name == "qt":
        return edge.speech_backend() if edge is not None else UnavailableBackend("qt", NO_QT)
    if name == "silent":
        return SilentBackend()
    raise ValueError(f"unknown voice backend {name!r}")


def select_backend(settings: Any = None, *, edge: SoundEdge | None = None, **overrides: Any) -> Backend:
    """The first backend in `settings.backends` that works here; says once in the log which.

    `edge` offers the "qt" backend (a program with windows passes `kiosk.voice.qt.QT_EDGE`).
    Falls back to silent when none works (a machine without speech still runs).
    """
    settings = coerce_settings(settings, **overrides)
    reasons: list[str] = []
    for name in settings.backends:
        backend = make_backend(name, settings, edge)
        reason = backend.available()
        if reason is None:
            if name == "silent":
                break
            log.info("Suara panggilan: %s.", name)
            return backend
        reasons.append(f"{name}: {reason}")
    detail = "; ".join(reasons) if reasons else "silent chosen"
    log.warning("Panggilan tanpa suara (%s).", detail)
    return SilentBackend()
