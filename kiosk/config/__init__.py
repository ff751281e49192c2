"""Branch configuration: one TOML file, validated once into frozen dataclasses.

A bad file fails with one sentence naming the file, the key and the reason, e.g.
``config/x.toml: services[2].letter: harus satu huruf kapital (must be one capital letter)``.
Unknown keys are errors too, so a typo never passes silently.

- `reader`: TOML text and files (`extends`), typed getters and the error sentences;
- `branch`: the branch, its hours, services, counters, priority and eligibility, the
  participant directory and how long a full NIK is kept;
- `devices`: printer, kiosk (PIN hashes included), hall display and voice;
- `loader`: `load_config`, `parse_config` and the `Config` they return.
"""
from __future__ import annotations

from kiosk.config.branch import DirectoryConfig, Retention
from kiosk.config.devices import MIN_INACTIVITY_S, DisplayConfig, KioskConfig, VoiceConfig
from kiosk.config.loader import Config, default_config_path, load_config, parse_config
from kiosk.domain.pins import hash_pin, verify_pin

__all__ = [
    "Config", "Retention", "DirectoryConfig", "KioskConfig", "DisplayConfig", "VoiceConfig",
    "load_config", "parse_config", "default_config_path", "hash_pin", "verify_pin",
    "MIN_INACTIVITY_S",
]
