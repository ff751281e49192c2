import threading
import time
from dataclasses import dataclass

import pytest

from kiosk.domain.queue import TicketNumberError
from kiosk.voice.announcer import Announcer
from kiosk.voice.backends import ClipBackend, SpokenCall
from kiosk.voice.chime import bundled_chime
from kiosk.voice.settings import VoiceSettings
from kiosk.voice.sinks import NullSink, RecordingSink, SinkFailed
from kiosk.voice.wav import silence, write_wav

QUIET = VoiceSettings(backends=("silent",), player="none", chime=False)


class RecordingBackend:
    """Speaks a short silence per call through the sink and records start and end times."""

    name = "recording"

    def __init__(self, seconds=0.03, fail_on=()):
        self.seconds = seconds
        self.fail_on = set(fail_on)
        self.spoken: list[tuple[str, float, float]] = []
        self.began = threading.Event()
        self._lock = threading.Lock()

    def available(self):
        return None

    def speak(self, call: SpokenCall, sink):
        if call.number in self.fail_on:
            raise RuntimeError("voice broke")
        start = time.monotonic()
        self.began.set()
        sink.play(write_wav(silence(8000, self.seconds)))
        end = time.monotonic()
        with self._lock:
            self.spoken.append((call.sentence, start, end))


def test_three_threads_announce_at_once_calls_never_overlap():
    backend = RecordingBackend(seconds=0.03)
    sink = RecordingSink(realtime=True)
    short_chime = write_wav(silence(8000, 0.01))
    settings = VoiceSettings(backends=("silent",), player="none", chime=True)
    announcer = Announcer(settings, backend=backend, sink=sink, chime=short_chime)
    barrier = threading.Barrier(3)
    order: dict[int, list[str]] = {}

    def counter_pc(counter):
        barrier.wait()
        order[counter] = []
        for seq in range(1, 5):
            call = announcer.announce(f"A-{counter}{seq:02d}", counter)
            order[counter].append(call.sentence)

    threads = [threading.Thread(target=counter_pc, args=(c,)) for c in (1, 2, 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert announcer.wait_idle(10)
    announcer.close()

    spoken = backend.spoken
    assert len(spoken) == 12
    for (_, _, end), (_, start, _) in zip(spoken, spoken[1:]):
        assert end <= start, "a call started before the previous one ended"
    assert sink.max_concurrent == 1
    # each counter's calls come out in the order that counter made them
    sentences = [s for s, _, _ in spoken]
    for counter, made in order.items():
        assert [s for s in sentences if s.endswith(f"loket {['satu', 'dua', 'tiga'][counter - 1]}")] == made
    # chime, call, chime, call ... : 24 sounds, one at a time
    assert len(sink.played) == 24
    assert [p.wav == short_chime for p in sink.played] == [True, False] * 12
    for a, b in zip(sink.played, sink.played[1:]):
        assert a.ended <= b.started


def test_announce_returns_at_once_and_a_recall_is_spoken_again():
    backend = RecordingBackend(seconds=0.2)
    with Announcer(QUIET, backend=backend, sink=RecordingSink()) as announcer:
        t0 = time.monotonic()
        announcer.announce("A-023", 3)
        announcer.announce("A-023", 3)  # recall
        assert time.monotonic() - t0 < 0.1
        assert announcer.pending == 2
        assert announcer.wait_idle(0.05) is False
        assert announcer.wait_idle(5) is True
    assert [s for s, _, _ in backend.spoken] == ["Nomor antrian, A, dua puluh tiga, silakan menuju loket tiga"] * 2
    assert [s.call.number for s in announcer.history] == ["A-023", "A-023"]


def test_digit_by_digit_setting_applies():
    backend = RecordingBackend(seconds=0.0)
    settings = VoiceSettings(backends=("silent",), player="none", chime=False, digit_by_digit=True)
    with Announcer(settings, backend=backend, sink=NullSink()) as announcer:
        announcer.announce("B-105", 2)
        announcer.announce("B-105", 2, digit_by_digit=False)
        announcer.wait_idle(5)
    assert [s for s, _, _ in backend.spoken] == [
        "Nomor antrian, B, satu, nol, lima, silakan menuju loket dua",
        "Nomor antrian, B, seratus lima, silakan menuju loket dua",
    ]


def test_malformed_number_is_refused_in_the_caller():
    with Announcer(QUIET, backend=RecordingBackend(), sink=NullSink()) as announcer:
        with pytest.raises(TicketNumberError):
            announcer.announce("23", 3)
        assert announcer.pending == 0


def test_a_broken_voice_does_not_stop_the_calls_that_follow(caplog):
    backend = RecordingBackend(seconds=0.0, fail_on={"A-002"})
    with Announcer(QUIET, backend=backend, sink=NullSink()) as announcer:
        for n in ("A-001", "A-002", "A-003"):
            announcer.announce(n, 1)
        assert announcer.wait_idle(5)
    assert [s.split(", ")[2] for s, _, _ in backend.spoken] == ["satu", "tiga"]
    errors = {s.call.number: s.error for s in announcer.history}
    assert errors["A-002"] == "voice broke" and errors["A-001"] is None
    assert any("A-002" in r.getMessage() for r in caplog.records)


class BrokenSink:
    name = "broken"

    def __init__(self):
        self.calls = 0

    def play(self, wav):
        self.calls += 1
        raise SinkFailed("paplay exited 1: Connection refused")


def test_a_failing_speaker_turns_silent_once(caplog):
    sink = BrokenSink()
    settings = VoiceSettings(backends=("silent",), player="none", chime=True)
    with Announcer(settings, backend=RecordingBackend(seconds=0.0), sink=sink) as announcer:
        announcer.announce("A-001", 1)
        announcer.announce("A-002", 1)
        assert announcer.wait_idle(5)
    assert sink.calls == 1
    assert isinstance(announcer.sink, NullSink)
    assert sum("tanpa suara" in r.getMessage() for r in caplog.records) == 1


def test_close_drains_the_queue_and_then_refuses():
    backend = RecordingBackend(seconds=0.01)
    announcer = Announcer(QUIET, backend=backend, sink=RecordingSink())
    for seq in range(5):
        announcer.announce(f"C-{seq:03d}", 4)
    announcer.close()
    assert len(backend.spoken) == 5
    with pytest.raises(RuntimeError):
        announcer.announce("C-010", 4)


def test_close_without_drain_drops_what_waits():
    backend = RecordingBackend(seconds=0.1)
    announcer = Announcer(QUIET, backend=backend, sink=RecordingSink())
    for seq in range(5):
        announcer.announce(f"C-{seq:03d}", 4)
    assert backend.began.wait(5)
    announcer.close(drain=False)
    assert len(backend.spoken) == 1
    assert announcer.pending == 0


@dataclass
class Event:
    kind: str
    number: str | None
    counter: int | None


def test_queue_events_are_announced_when_called_or_recalled():
    backend = RecordingBackend(seconds=0.0)
    with Announcer(QUIET, backend=backend, sink=NullSink()) as announcer:
        announcer.on_queue_events([
            Event("issued", "A-001", None), Event("called", "A-001", 2), Event("finished", "A-001", 2),
            Event("recalled", "A-001", 2), Event("called", "bogus", 2), Event("called", "B-004", 5),
        ])
        assert announcer.wait_idle(5)
    assert [s.split(", ")[2] + "/" + s[-4:] for s, _, _ in backend.spoken] == ["satu/ dua", "satu/ dua", "empat/lima"]


def test_real_clip_voice_end_to_end(clip_dir):
    sink = RecordingSink(realtime=False)
    settings = VoiceSettings(backends=("clips", "silent"), clip_dir=str(clip_dir), player="none", chime=True)
    with Announcer(settings, sink=sink) as announcer:
        assert isinstance(announcer.backend, ClipBackend)
        announcer.announce("A-023", 3)
        assert announcer.wait_idle(5)
    assert len(sink.played) == 2
    assert sink.played[0].wav == bundled_chime()
    assert sink.played[1].wav == announcer.backend.render(SpokenCall.make("A-023", 3))
