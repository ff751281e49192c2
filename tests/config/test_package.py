"""What `kiosk.config` offers, and what it keeps out (no Qt, no database library)."""
from __future__ import annotations

import subprocess
import sys

import kiosk.config as config


def test_public_names():
    assert sorted(config.__all__) == sorted([
        "Config", "Retention", "DirectoryConfig", "KioskConfig", "DisplayConfig", "VoiceConfig",
        "load_config", "parse_config", "default_config_path", "hash_pin", "verify_pin",
        "MIN_INACTIVITY_S",
    ])
    for name in config.__all__:
        assert hasattr(config, name), name


def test_default_path_is_the_shipped_config_folder():
    path = config.default_config_path()
    assert path.name == "default.toml" and path.parent.name == "config"
    assert path.is_file() and not (path.parent / "__init__.py").exists()


def test_loading_a_configuration_pulls_in_neither_qt_nor_sqlalchemy():
    code = ("import sys; from kiosk.config import load_config; load_config(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'sqlalchemy', 'psycopg')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
