"""The announcer: one call at a time, in order, never over each other.

`announce(number, counter)` returns at once; one worker thread takes the calls from a FIFO
queue and, for each, plays the chime and then speaks the sentence `repeat` times (the branch's
setting, 2 by default), saying the letter by the branch's rule; the next call waits until the
last word of this one. A recall is simply announced again.
"""
from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from kiosk.domain.ticket import EventKind
from kiosk.voice.backends import SilentBackend, select_backend
from kiosk.voice.base import Backend, Sink, SinkFailed, SoundEdge, SpokenCall
from kiosk.voice.chime import load_chime
from kiosk.voice.settings import coerce_settings
from kiosk.voice.sinks import NullSink, select_sink

log = logging.getLogger("kiosk.voice")

CALL_KINDS = EventKind.CALLS
_STOP = object()


@dataclass(frozen=True)
class Spoken:
    """A finished call: what was said, when (monotonic seconds), and whether it failed."""

    call: SpokenCall
    started: float
    ended: float
    error: str | None = None


class Announcer:
    """Speaks calls in order. `edge` is the Qt edge of a program with windows
    (`kiosk.voice.qt.QT_EDGE`); without it the "qt" backend and player are not offered."""

    def __init__(self, settings: Any = None, *, backend: Backend | None = None, sink: Sink | None = None,
                 chime: bytes | None = None, on_spoken: Callable[[Spoken], None] | None = None,
                 edge: SoundEdge | None = None):
        self.settings = coerce_settings(settings)
        self.backend = backend if backend is not None else select_backend(self.settings, edge=edge)
        if sink is None:
            needs_sink = self.settings.chime or not isinstance(self.backend, SilentBackend)
            sink = select_sink(self.settings.player, edge) if needs_sink else NullSink()
        self.sink = sink
        self.chime = (chime if chime is not None else load_chime(self.settings.chime_path)) if self.settings.chime else None
        self.on_spoken = on_spoken
        self.history: deque[Spoken] = deque(maxlen=200)  # the latest calls, oldest first
        self._queue: queue.Queue = queue.Queue()
        self._pending = 0
        self._idle = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="announcer", daemon=True)
        self._thread.start()

    # --- callers ---------------------------------------------------------------------------

    def announce(self, number: str, counter: int, digit_by_digit: bool | None = None) -> SpokenCall:
        """Queue a call; returns at once. A malformed number raises here, in the caller."""
        if digit_by_digit is None:
            digit_by_digit = self.settings.digit_by_digit
        letter = number.strip().upper()[:1]
        said = self.settings.letter_said(letter) if letter.isalpha() and "A" <= letter <= "Z" else None
        call = SpokenCall.make(number, counter, digit_by_digit, said)
        with self._idle:
            if self._closed:
                raise RuntimeError("announcer is closed")
            self._pending += 1
        self._queue.put(call)
        return call

    def on_queue_events(self, events: Iterable[Any]) -> None:
        """Announce each "called"/"recalled" queue event (pass to `svc.subscribe`)."""
        for event in events:
            if getattr(event, "kind", None) in CALL_KINDS and getattr(event, "number", None) and getattr(event, "counter", None):
                try:
                    self.announce(event.number, int(event.counter))
                except (ValueError, RuntimeError) as exc:
                    log.warning("Panggilan %s tidak diumumkan: %s", event.number, exc)

    @property
    def pending(self) -> int:
        """Calls queued or being spoken."""
        with self._idle:
            return self._pending

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every queued call has been spoken; False if the time ran out."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self, timeout: float | None = 30.0, drain: bool = True) -> None:
        """Stop taking calls; speak what is queued (or drop it) and end the worker."""
        with self._idle:
            if self._closed:
                return
            self._closed = True
        if not drain:
            self._drop_queued()
        self._queue.put(_STOP)
        self._thread.join(timeout)

    def __enter__(self) -> "Announcer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- worker ----------------------------------------------------------------------------

    def _drop_queued(self) -> None:
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is not _STOP:
                self._done()

    def _done(self) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            try:
                self._speak(item)
            finally:
                self._done()

    def _play(self, wav: bytes) -> None:
        try:
            self.sink.play(wav)
        except SinkFailed as exc:
            log.warning("Keluaran suara gagal (%s); panggilan berikutnya tanpa suara.", exc)
            self.sink = NullSink()

    def _speak(self, call: SpokenCall) -> None:
        started = time.monotonic()
        error = None
        try:
            if self.chime:
                self._play(self.chime)
            try:
                for _ in range(self.settings.repeat):
                    self.backend.speak(call, self.sink)
            except SinkFailed as exc:
                error = f"no sound output: {exc}"
                log.warning("Keluaran suara gagal (%s); panggilan berikutnya tanpa suara.", exc)
                self.sink = NullSink()
        except Exception as exc:  # a broken voice must never stop the calls that follow
            error = str(exc) or type(exc).__name__
            log.warning("Panggilan %s loket %s tidak terucap: %s", call.number, call.counter, error)
        spoken = Spoken(call, started, time.monotonic(), error)
        self.history.append(spoken)
        if self.on_spoken is not None:
            try:
                self.on_spoken(spoken)
            except Exception:
                log.exception("on_spoken callback failed")
