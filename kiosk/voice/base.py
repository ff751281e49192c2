"""What every part of the voice shares: the call to speak, backends, sinks and their failures.

Qt-free and dependent on nothing else of the voice, so the backends, the sinks, the announcer
and the Qt edge (voice/qt.py) all build on it without importing one another in a circle.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kiosk.domain.words import call_phrases


class VoiceError(RuntimeError):
    """A backend could not produce the call."""


class SinkFailed(RuntimeError):
    """The sound output broke (the player is missing or refuses the sound)."""


@dataclass(frozen=True)
class SpokenCall:
    """One call to speak: "A-023" to counter 3, its phrases and its sentence."""

    number: str
    counter: int
    phrases: tuple[str, ...]

    @classmethod
    def make(cls, number: str, counter: int, digit_by_digit: bool = False,
             letter_said: tuple[str, ...] | None = None) -> "SpokenCall":
        return cls(number.strip().upper(), counter, call_phrases(number, counter, digit_by_digit, letter_said))

    @property
    def sentence(self) -> str:
        return ", ".join(self.phrases)


class Sink(Protocol):
    """Where rendered WAV sound goes; `play` blocks until the sound has finished."""

    name: str

    def play(self, wav: bytes) -> None: ...


class Backend(Protocol):
    name: str

    def available(self) -> str | None:
        """None when this backend works here, else the reason it does not."""

    def speak(self, call: SpokenCall, sink: Sink) -> None: ...


class SoundEdge(Protocol):
    """Speech and playback that need a running GUI toolkit (the Qt edge, voice/qt.py).

    A program with windows hands its edge to `select_backend`, `select_sink` or the
    announcer; a program without one never loads the toolkit.
    """

    def speech_backend(self) -> Backend:
        """The toolkit's text to speech (it says through `available()` whether it works here)."""

    def sound_sink(self) -> Sink | None:
        """A sink playing through the toolkit, or None when there is no audio output."""
