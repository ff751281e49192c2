from dataclasses import dataclass

import pytest

from kiosk.voice.settings import VoiceSettings, coerce_settings


def test_defaults_try_clips_then_espeak_then_qt_then_silent():
    s = VoiceSettings()
    assert s.backends == ("clips", "espeak", "qt", "silent")
    assert s.chime and not s.digit_by_digit and s.clip_dir is None


def test_from_mapping_names_the_bad_key():
    assert VoiceSettings.from_mapping({"backends": ["espeak"], "digit_by_digit": True}).backends == ("espeak",)
    with pytest.raises(ValueError, match="^volume: unknown setting"):
        VoiceSettings.from_mapping({"volume": 3})
    with pytest.raises(ValueError, match="^backends: unknown backend 'festival'"):
        VoiceSettings.from_mapping({"backends": ["festival"]})
    with pytest.raises(ValueError, match="^player:"):
        VoiceSettings(player="speaker")
    with pytest.raises(ValueError, match="^rate_wpm:"):
        VoiceSettings(rate_wpm=10)


def test_a_single_backend_name_is_a_one_item_order():
    assert VoiceSettings(backends="silent").backends == ("silent",)


def test_coerce_from_the_configuration_section_and_overrides():
    @dataclass(frozen=True)
    class VoiceConfig:  # shape of the configuration's voice section
        backends: tuple = ("clips", "silent")
        clip_dir: str | None = "/srv/clips"
        digit_by_digit: bool = True
        chime: bool = False

    s = coerce_settings(VoiceConfig(), player="none", clip_dir=None)
    assert s.backends == ("clips", "silent") and s.clip_dir == "/srv/clips"
    assert s.digit_by_digit and not s.chime and s.player == "none"
    assert coerce_settings(s) == s
    assert coerce_settings({"chime": False}).chime is False
    assert coerce_settings(None, digit_by_digit=True).digit_by_digit
