"""Sinks: where rendered WAV sound goes. The sink is the edge of the world (speakers).

`play(wav)` blocks until the sound has finished. `select_sink` picks a system player
(paplay, pw-play, aplay) when one is installed, then Qt Multimedia when a program with
windows passes its Qt edge (voice/qt.py) and an audio output exists, otherwise a silent sink
(and says so once in the log).
"""
from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.voice.base import Sink, SinkFailed, SoundEdge
from kiosk.voice.wav import duration

log = logging.getLogger("kiosk.voice")

COMMANDS = {
    "paplay": ["paplay"],
    "pw-play": ["pw-play"],
    "aplay": ["aplay", "-q"],
}


class NullSink:
    """Plays nothing (a machine with no sound card still runs)."""

    name = "none"

    def play(self, wav: bytes) -> None:
        return None


class CommandSink:
    """Plays through a system player (`paplay file.wav`)."""

    def __init__(self, name: str, argv: list[str] | None = None, timeout_s: float = 30.0):
        self.name = name
        self.argv = list(argv or COMMANDS[name])
        self.timeout_s = timeout_s

    def play(self, wav: bytes) -> None:
        with tempfile.NamedTemporaryFile(prefix="anjungan-", suffix=".wav", delete=False) as f:
            f.write(wav)
            path = Path(f.name)
        try:
            result = subprocess.run(self.argv + [str(path)], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, timeout=self.timeout_s, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SinkFailed(f"{self.name}: {exc}") from None
        finally:
            path.unlink(missing_ok=True)
        if result.returncode != 0:
            detail = result.stderr.decode(errors="replace").strip().splitlines()
            raise SinkFailed(f"{self.name} exited {result.returncode}: {detail[-1] if detail else ''}")


@dataclass(frozen=True)
class Played:
    """One sound as a recording sink saw it."""

    wav: bytes
    started: float
    ended: float


class RecordingSink:
    """Keeps what would have been played, with start and end times (monotonic seconds).

    With `realtime` it takes as long as the sound (times `speed`), so ordering and overlap
    are observable; otherwise it returns at once. Used by tests and the headless demo.
    """

    name = "recording"

    def __init__(self, realtime: bool = True, speed: float = 1.0):
        self.realtime = realtime
        self.speed = speed
        self.played: list[Played] = []
        self._lock = threading.Lock()
        self._playing = 0
        self.max_concurrent = 0

    def play(self, wav: bytes) -> None:
        with self._lock:
            self._playing += 1
            self.max_concurrent = max(self.max_concurrent, self._playing)
        started = time.monotonic()
        try:
            if self.realtime:
                time.sleep(duration(wav) * self.speed)
        finally:
            ended = time.monotonic()
            with self._lock:
                self._playing -= 1
                self.played.append(Played(wav, started, ended))


def available_players() -> list[str]:
    return [name for name in COMMANDS if shutil.which(COMMANDS[name][0])]


def select_sink(player: str = "auto", edge: SoundEdge | None = None) -> Sink:
    """The first way to reach the speakers that exists here; NullSink when none does.

    Qt Multimedia ("qt", or "auto" without a system player) comes from `edge`, the Qt edge a
    program with windows passes in (`kiosk.voice.qt.QT_EDGE`).
    """
    if player == "none":
        return NullSink()
    if player in COMMANDS:
        if shutil.which(COMMANDS[player][0]):
            return CommandSink(player)
        log.warning("Pemutar suara %s tidak terpasang; panggilan tanpa suara.", player)
        return NullSink()
    if player == "auto":
        found = available_players()
        if found:
            return CommandSink(found[0])
    if player in ("auto", "qt") and edge is not None:
        sink = edge.sound_sink()
        if sink is not None:
            return sink
    log.warning("Tidak ada keluaran suara (paplay/pw-play/aplay/Qt); panggilan tanpa suara.")
    return NullSink()
