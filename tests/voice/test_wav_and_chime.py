import io
import wave
from array import array

import pytest
from hypothesis import given, strategies as st

from kiosk.voice.chime import bundled_chime, load_chime, make_chime
from kiosk.voice.wav import Pcm, WavError, duration, join, peak, read_wav, resample, silence, write_wav


def raw_wav(frames: bytes, channels: int, width: int, rate: int) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(frames)
    return buffer.getvalue()


def test_stereo_and_8_bit_become_16_bit_mono():
    stereo = array("h", [1000, 3000, -2000, -4000])
    pcm = read_wav(raw_wav(stereo.tobytes(), 2, 2, 8000))
    assert list(pcm.samples) == [2000, -3000] and pcm.rate == 8000
    eight = read_wav(raw_wav(bytes([128, 255, 0]), 1, 1, 8000))
    assert list(eight.samples) == [0, 127 << 8, -128 << 8]


def test_24_bit_is_scaled_down():
    frames = (0x123456).to_bytes(3, "little", signed=True) + (-0x100000).to_bytes(3, "little", signed=True)
    assert list(read_wav(raw_wav(frames, 1, 3, 8000)).samples) == [0x1234, -0x1000]


def test_streamed_header_with_placeholder_length_is_measured_from_data():
    data = bytearray(raw_wav(bytes(2 * 8000), 1, 2, 8000))
    data[4:8] = (0x7FFFF024).to_bytes(4, "little")
    data[40:44] = (0x7FFFF000).to_bytes(4, "little")
    assert duration(bytes(data)) == pytest.approx(1.0)


def test_not_a_wav_is_refused():
    with pytest.raises(WavError):
        read_wav(b"ID3 not a wav at all")
    with pytest.raises(WavError):
        duration(b"")


@given(st.integers(4000, 48000), st.integers(4000, 48000), st.integers(1, 4000))
def test_resampling_keeps_the_duration(src_rate, dst_rate, n):
    pcm = Pcm(src_rate, array("h", [100] * n))
    out = resample(pcm, dst_rate)
    assert out.rate == dst_rate
    assert abs(out.seconds - pcm.seconds) <= 1.0 / dst_rate + 1e-9
    assert set(out.samples) == {100}


def test_join_adds_up_and_round_trips():
    parts = [silence(16000, 0.25), Pcm(8000, array("h", [500] * 4000)), silence(16000, 0.25)]
    joined = join(parts)
    assert joined.rate == 16000 and joined.seconds == pytest.approx(1.0, abs=0.001)
    wav = write_wav(joined)
    assert duration(wav) == pytest.approx(1.0, abs=0.001)
    assert peak(wav) == 500


def test_bundled_chime_is_small_audible_and_the_generated_one():
    wav = bundled_chime()
    assert len(wav) < 100_000
    assert 0.5 <= duration(wav) <= 2.0
    assert peak(wav) > 5000
    assert wav == make_chime(), "kiosk/assets/sounds/chime.wav is stale: run python -m kiosk.voice.chime"


def test_custom_chime_file(tmp_path):
    custom = tmp_path / "bell.wav"
    custom.write_bytes(write_wav(silence(8000, 0.1)))
    assert load_chime(str(custom)) == custom.read_bytes()
    assert load_chime(None) == bundled_chime()
