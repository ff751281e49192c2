"""Voice settings: which speech backends to try, in order, and how to speak a call."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Mapping

from kiosk.domain.speech import LetterRule, letter_phrases, spoken_service

BACKENDS = ("clips", "espeak", "qt", "silent")
PLAYERS = ("auto", "paplay", "pw-play", "aplay", "qt", "none")


@dataclass(frozen=True)
class VoiceSettings:
    """How the hall speaks.

    backends       order to try: "clips" (recorded voice in clip_dir), "espeak" (espeak-ng),
                   "qt" (Qt text to speech), "silent"; the first that works is used.
    clip_dir       folder of recorded WAV clips (see docs/voice.md), or None.
    digit_by_digit read "A-023" as "nol, dua, tiga" instead of "dua puluh tiga".
    chime          play a chime before each call.
    chime_path     a WAV to use instead of the bundled chime.
    espeak_voice   espeak-ng voice name ("id" is Indonesian).
    rate_wpm       espeak-ng speaking rate, words per minute (slower is clearer in a hall).
    player         how WAV sound reaches the speakers: "auto" (paplay, pw-play, aplay, then
                   Qt), one of those names, or "none".
    pause_s        pause between the parts of a call made from clips.
    repeat         each call said this many times (1–3), never cut by the next call.
    letter_rule    how the letter is said so it cannot be mistaken (kiosk.domain.speech.LetterRule):
                   "service" (the service's spoken name before it), "spelling" ("D, Denpasar")
                   or "letter".
    service_names  (letter, spoken name of its service) pairs, for the "service" rule.
    """

    backends: tuple[str, ...] = BACKENDS
    clip_dir: str | None = None
    digit_by_digit: bool = False
    chime: bool = True
    chime_path: str | None = None
    espeak_voice: str = "id"
    rate_wpm: int = 150
    player: str = "auto"
    pause_s: float = 0.2
    repeat: int = 1                 # the configuration says 2 (config/default.toml)
    letter_rule: str = "service"
    service_names: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        backends = (self.backends,) if isinstance(self.backends, str) else tuple(self.backends)
        object.__setattr__(self, "backends", backends)
        problem = self.problem()
        if problem:
            raise ValueError(problem)

    def problem(self) -> str | None:
        if not self.backends:
            return "backends: name at least one of " + ", ".join(BACKENDS)
        for name in self.backends:
            if name not in BACKENDS:
                return f"backends: unknown backend {name!r}; choose from " + ", ".join(BACKENDS)
        if self.player not in PLAYERS:
            return f"player: unknown player {self.player!r}; choose from " + ", ".join(PLAYERS)
        if not isinstance(self.rate_wpm, int) or not 80 <= self.rate_wpm <= 450:
            return "rate_wpm: must be a whole number between 80 and 450"
        if not 0 <= float(self.pause_s) <= 2:
            return "pause_s: must be between 0 and 2 seconds"
        if not isinstance(self.repeat, int) or not 1 <= self.repeat <= 3:
            return "repeat: must be 1, 2 or 3"
        if self.letter_rule not in {r.value for r in LetterRule}:
            return "letter_rule: choose from " + ", ".join(r.value for r in LetterRule)
        return None

    def letter_said(self, letter: str) -> tuple[str, ...]:
        """The phrases that say `letter` by this branch's rule."""
        return letter_phrases(letter, self.letter_rule, dict(self.service_names).get(letter.upper()))

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> "VoiceSettings":
        """From a TOML table; unknown keys and bad values raise ValueError("KEY: reason")."""
        known = {f.name for f in fields(cls)}
        for key in values:
            if key not in known:
                raise ValueError(f"{key}: unknown setting; known: " + ", ".join(sorted(known)))
        return cls(**dict(values))


def coerce_settings(settings: Any = None, **overrides: Any) -> VoiceSettings:
    """VoiceSettings from a VoiceSettings, a mapping, any object with the same attribute
    names (e.g. the configuration's voice section) or None, then keyword overrides."""
    if settings is None:
        base: dict[str, Any] = {}
    elif isinstance(settings, VoiceSettings):
        base = {f.name: getattr(settings, f.name) for f in fields(VoiceSettings)}
    elif isinstance(settings, Mapping):
        base = dict(settings)
    else:
        base = {f.name: getattr(settings, f.name) for f in fields(VoiceSettings) if hasattr(settings, f.name)}
    base.update({k: v for k, v in overrides.items() if v is not None})
    return VoiceSettings.from_mapping(base)


def service_names(branch: Any) -> tuple[tuple[str, str], ...]:
    """(letter, spoken name) of each of the branch's services that issues tickets."""
    return tuple((s.letter, spoken_service(s)) for s in branch.services if s.queues)
