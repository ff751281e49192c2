"""Spoken calls: announcement text -> chime + voice (recorded clips, espeak-ng, Qt, silent).

Names are loaded on first use, so `kiosk.voice.settings` stays cheap for the command line.
Nothing here imports Qt: only `kiosk.voice.qt` does, and a program with windows passes its
`QT_EDGE` in to offer the "qt" backend and player.
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "Announcer": "announcer", "Spoken": "announcer",
    "SinkFailed": "base", "SpokenCall": "base", "VoiceError": "base",
    "ClipBackend": "backends", "EspeakBackend": "backends", "SilentBackend": "backends",
    "clip_plan": "backends", "select_backend": "backends",
    "load_chime": "chime", "make_chime": "chime",
    "VoiceSettings": "settings", "coerce_settings": "settings",
    "CommandSink": "sinks", "NullSink": "sinks", "RecordingSink": "sinks", "select_sink": "sinks",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kiosk.voice' has no attribute {name!r}")
    return getattr(importlib.import_module(f"kiosk.voice.{module}"), name)
