"""Spoken calls: announcement text -> chime + voice (recorded clips, espeak-ng, Qt, silent).

Nothing here imports Qt unless the "qt" backend or sink is chosen.
"""
from kiosk.voice.announcer import Announcer, Spoken
from kiosk.voice.backends import (
    ClipBackend,
    EspeakBackend,
    SilentBackend,
    SpokenCall,
    VoiceError,
    clip_plan,
    select_backend,
)
from kiosk.voice.chime import load_chime, make_chime
from kiosk.voice.settings import VoiceSettings, coerce_settings
from kiosk.voice.sinks import CommandSink, NullSink, RecordingSink, select_sink

__all__ = [
    "Announcer", "Spoken", "ClipBackend", "EspeakBackend", "SilentBackend", "SpokenCall", "VoiceError",
    "clip_plan", "select_backend", "load_chime", "make_chime", "VoiceSettings", "coerce_settings",
    "CommandSink", "NullSink", "RecordingSink", "select_sink",
]
