"""What `kiosk.config` offers, and what it keeps out (no Qt, no database library)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import kiosk.config as config

ROOT = Path(__file__).resolve().parents[2]


def test_public_names():
    assert sorted(config.__all__) == sorted([
        "Config", "Retention", "DirectoryConfig", "KioskConfig", "DisplayConfig", "VoiceConfig",
        "load_config", "parse_config", "default_config_path", "config_path", "hash_pin", "verify_pin",
        "MIN_INACTIVITY_S",
    ])
    for name in config.__all__:
        assert hasattr(config, name), name


def test_default_path_is_the_file_shipped_inside_the_package():
    path = config.default_config_path()
    package = Path(config.__file__).parent
    assert path == package / "bundled" / "default.toml" and path.is_file()
    # one copy in the source tree: the package sees the top-level config/ folder through a link
    assert path.resolve() == (ROOT / "config" / "default.toml").resolve()
    assert not (path.parent / "__init__.py").exists()


def test_loading_a_configuration_pulls_in_neither_qt_nor_sqlalchemy():
    code = ("import sys; from kiosk.config import load_config; load_config(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'sqlalchemy', 'psycopg')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
