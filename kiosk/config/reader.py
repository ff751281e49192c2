"""Reading a configuration file: TOML text and files, and typed getters that name every mistake.

A bad file fails with one sentence naming the file, the key and the reason, Indonesian first
with the English twin in parentheses, e.g.
``config/x.toml: services[2].letter: harus satu huruf kapital (must be one capital letter)``.
Unknown keys are errors too, so a typo never passes silently; wrong types, empty text, numbers
out of range and broken TOML all come back as a ConfigError naming the key.
"""
from __future__ import annotations

import re
import tomllib
from datetime import time
from pathlib import Path
from typing import Any, NoReturn

from kiosk.domain.errors import ConfigError

__all__ = ["REQUIRED", "Table", "parse_time", "parse_toml", "read_toml_file"]


class _Missing:
    pass


REQUIRED: Any = _Missing()          # default of a getter whose key must be given


class Table:
    """A TOML table being read: typed getters that name the key in every error, and a final
    check that no unknown key was left."""

    def __init__(self, data: Any, key: str, file: str):
        self.key = key
        self.file = file
        if not isinstance(data, dict):
            self.fail("", "harus berupa tabel", "must be a table")
        self.data = data
        self.used: set[str] = set()

    def path(self, name: str) -> str:
        if not name:
            return self.key or "(berkas)"
        return f"{self.key}.{name}" if self.key else name

    def fail(self, name: str, reason_id: str, reason_en: str) -> NoReturn:
        where = self.path(name)
        raise ConfigError(f"{self.file}: {where}: {reason_id} ({reason_en})",
                          f"{self.file}: {where}: {reason_en}")

    def has(self, name: str) -> bool:
        return name in self.data

    def raw(self, name: str, default: Any = REQUIRED) -> Any:
        self.used.add(name)
        if name not in self.data:
            if default is REQUIRED:
                self.fail(name, "wajib diisi", "is required")
            return default
        return self.data[name]

    def str(self, name: str, default: Any = REQUIRED, *, empty_ok: bool = False) -> Any:
        value = self.raw(name, default)
        if value is default and name not in self.data:
            return value
        if not isinstance(value, str):
            self.fail(name, "harus berupa teks", "must be text")
        value = value.strip()
        if not value and not empty_ok:
            self.fail(name, "tidak boleh kosong", "must not be empty")
        return value

    def opt_str(self, name: str) -> str | None:
        value = self.str(name, None, empty_ok=True)
        return value or None

    def bool(self, name: str, default: Any = REQUIRED) -> Any:
        value = self.raw(name, default)
        if not isinstance(value, bool):
            self.fail(name, "harus true atau false", "must be true or false")
        return value

    def int(self, name: str, default: Any = REQUIRED, *, lo: int | None = None,
            hi: int | None = None) -> Any:
        value = self.raw(name, default)
        if value is None and default is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, "harus berupa bilangan bulat", "must be a whole number")
        if lo is not None and value < lo:
            self.fail(name, f"minimal {lo}", f"must be at least {lo}")
        if hi is not None and value > hi:
            self.fail(name, f"maksimal {hi}", f"must be at most {hi}")
        return value

    def number(self, name: str, default: Any = REQUIRED, *, lo: float = 0.0) -> float:
        value = self.raw(name, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(name, "harus berupa angka", "must be a number")
        if value <= lo:
            self.fail(name, f"harus lebih dari {lo:g}", f"must be more than {lo:g}")
        return float(value)

    def str_list(self, name: str, default: Any = REQUIRED, *, empty_ok: bool = True) -> tuple:
        value = self.raw(name, default)
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            self.fail(name, "harus berupa daftar teks", "must be a list of text")
        items = tuple(v.strip() for v in value)
        if any(not v for v in items):
            self.fail(name, "berisi teks kosong", "contains empty text")
        if not items and not empty_ok:
            self.fail(name, "tidak boleh kosong", "must not be empty")
        return items

    def int_list(self, name: str, default: Any = REQUIRED) -> tuple:
        value = self.raw(name, default)
        if not isinstance(value, (list, tuple)) or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in value):
            self.fail(name, "harus berupa daftar bilangan bulat", "must be a list of whole numbers")
        return tuple(value)

    def table(self, name: str, *, required: bool = False) -> Table:
        value = self.raw(name, REQUIRED if required else {})
        return Table(value, self.path(name), self.file)

    def tables(self, name: str, *, required: bool = False) -> list[Table]:
        value = self.raw(name, REQUIRED if required else [])
        if not isinstance(value, list):
            self.fail(name, "harus berupa daftar tabel ([[...]])", "must be an array of tables")
        return [Table(v, f"{self.path(name)}[{i}]", self.file) for i, v in enumerate(value)]

    def time(self, name: str, default: Any = REQUIRED) -> Any:
        value = self.raw(name, default)
        if value is None and default is None:
            return None
        parsed = parse_time(value)
        if parsed is None:
            self.fail(name, "jam tidak sah, tulis seperti \"08.45\"",
                      "invalid time, write it like \"08.45\"")
        return parsed

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            self.fail(unknown[0], "kunci tidak dikenal", "unknown key")


_TIME_RE = re.compile(r"^([01]?\d|2[0-3])[.:]([0-5]\d)$")


def parse_time(value: Any) -> time | None:
    """A clock time written "08.45" or "08:45" (or a TOML local time); None when it is not one."""
    if isinstance(value, time):
        return value.replace(tzinfo=None)
    if not isinstance(value, str):
        return None
    m = _TIME_RE.match(value.strip())
    if not m:
        return None
    return time(int(m.group(1)), int(m.group(2)))


# --------------------------------------------------------------------------- text and files


def parse_toml(text: str, label: str) -> dict:
    """TOML text as a dict; `label` names the file in the error."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{label}: TOML tidak sah: {exc} (invalid TOML)",
                          f"{label}: invalid TOML: {exc}") from None


def _merge(base: dict, over: dict) -> dict:
    """`over` on top of `base`: tables merge key by key, everything else is replaced."""
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def read_toml_file(p: Path, label: str, seen: tuple[Path, ...] = ()) -> dict:
    """A TOML file as a dict, laid over the file its `extends = "…"` names (relative to itself):
    tables merge key by key, arrays such as [[services]] replace the base's whole."""
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{label}: berkas konfigurasi tidak ditemukan (file not found)",
                          f"{label}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{label}: berkas konfigurasi tidak dapat dibaca ({exc})",
                          f"{label}: configuration file cannot be read ({exc})") from None
    data = parse_toml(text, label)
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str) or not parent.strip():
        raise ConfigError(f"{label}: extends: harus berupa nama berkas (must be a file name)",
                          f"{label}: extends: must be a file name")
    parent_path = (p.resolve().parent / parent).resolve()
    if parent_path in seen or parent_path == p.resolve():
        raise ConfigError(f"{label}: extends: berkas saling merujuk (files extend each other)",
                          f"{label}: extends: files extend each other")
    base = read_toml_file(parent_path, parent, seen + (p.resolve(),))
    return _merge(base, data)
