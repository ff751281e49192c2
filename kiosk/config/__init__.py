"""Branch configuration: one TOML file, validated once into frozen dataclasses.

A bad file fails with one sentence naming the file, the key and the reason, e.g.
``config/x.toml: services[2].letter: harus satu huruf kapital (must be one capital letter)``.
Unknown keys are errors too, so a typo never passes silently.

- `reader`: TOML text and files (`extends`), typed getters and the error sentences;
- `branch`: the branch, its hours, services, counters, priority and eligibility, the
  participant directory and how long a full NIK is kept;
- `devices`: printer, kiosk (PIN hashes included), hall display and voice;
- `database`: which database this machine uses (`--db`, $ANJUNGAN_DB_URL, a credentials file
  of mode 0600, `[database] url`, the SQLite default);
- `loader`: which file is read (`config_path`: $ANJUNGAN_CONFIG, /etc/anjungan/branch.toml, the
  shipped default), `load_config`, `parse_config` and the `Config` they return. The shipped
  configurations are package data (`kiosk/config/bundled`), read with importlib.resources.
"""
from __future__ import annotations

from kiosk.config.branch import DirectoryConfig, Retention
from kiosk.config.devices import MIN_INACTIVITY_S, DisplayConfig, KioskConfig, VoiceConfig
from kiosk.config.loader import Config, config_path, default_config_path, load_config, parse_config
from kiosk.domain.pins import hash_pin, verify_pin

__all__ = [
    "Config", "Retention", "DirectoryConfig", "KioskConfig", "DisplayConfig", "VoiceConfig",
    "load_config", "parse_config", "default_config_path", "config_path", "hash_pin", "verify_pin",
    "MIN_INACTIVITY_S",
]
