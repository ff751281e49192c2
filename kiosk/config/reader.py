"""Reading a configuration file: TOML text and files, and typed getters that name every mistake.

A bad file fails with one sentence naming the file, the key and the reason, Indonesian first
with the English twin in parentheses, e.g.
``config/x.toml: services[2].letter: harus satu huruf kapital (must be one capital letter)``.
Unknown keys are errors too, so a typo never passes silently; wrong types, empty text, numbers
out of range and broken TOML all come back as a ConfigError naming the key.
"""
from __future__ import annotations

import atexit
import re
import tomllib
from contextlib import ExitStack
from datetime import time
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from typing import Any, NoReturn

from kiosk.domain.catalog import pair, tr
from kiosk.domain.errors import ConfigError

__all__ = ["REQUIRED", "Table", "bundled_config", "config_error", "parse_time", "parse_toml",
           "read_toml_file"]


def config_error(file: str, where: str | tuple[str, str], reason_key: str, **params) -> ConfigError:
    """`FILE: KEY: reason (English reason)`, the reason being the catalog's `reason_key`.

    `where` is the key, or its Indonesian and English names (the whole file: "(berkas)")."""
    where_id, where_en = (where, where) if isinstance(where, str) else where
    reason_id, reason_en = pair(reason_key, **params)
    return ConfigError(f"{file}: {where_id}: {reason_id} ({reason_en})", f"{file}: {where_en}: {reason_en}",
                       key=reason_key, params={"file": file, "where": where_id, **params})


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
            self.fail("", "config.table")
        self.data = data
        self.used: set[str] = set()

    def path(self, name: str, lang: str = "id") -> str:
        if not name:
            return self.key or tr("config.file.whole", lang)
        return f"{self.key}.{name}" if self.key else name

    def fail(self, name: str, reason_key: str, **params) -> NoReturn:
        """Refuse the key `name` (the table itself when empty) for the catalog's reason `reason_key`."""
        raise config_error(self.file, (self.path(name), self.path(name, "en")), reason_key, **params)

    def has(self, name: str) -> bool:
        return name in self.data

    def raw(self, name: str, default: Any = REQUIRED) -> Any:
        self.used.add(name)
        if name not in self.data:
            if default is REQUIRED:
                self.fail(name, "config.required")
            return default
        return self.data[name]

    def str(self, name: str, default: Any = REQUIRED, *, empty_ok: bool = False) -> Any:
        value = self.raw(name, default)
        if value is default and name not in self.data:
            return value
        if not isinstance(value, str):
            self.fail(name, "config.text")
        value = value.strip()
        if not value and not empty_ok:
            self.fail(name, "config.not_empty")
        return value

    def opt_str(self, name: str) -> str | None:
        value = self.str(name, None, empty_ok=True)
        return value or None

    def bool(self, name: str, default: Any = REQUIRED) -> Any:
        value = self.raw(name, default)
        if not isinstance(value, bool):
            self.fail(name, "config.bool")
        return value

    def int(self, name: str, default: Any = REQUIRED, *, lo: int | None = None,
            hi: int | None = None) -> Any:
        value = self.raw(name, default)
        if value is None and default is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, "config.int")
        if lo is not None and value < lo:
            self.fail(name, "config.at_least", lo=lo)
        if hi is not None and value > hi:
            self.fail(name, "config.at_most", hi=hi)
        return value

    def number(self, name: str, default: Any = REQUIRED, *, lo: float = 0.0) -> float:
        value = self.raw(name, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(name, "config.number")
        if value <= lo:
            self.fail(name, "config.more_than", lo=lo)
        return float(value)

    def str_list(self, name: str, default: Any = REQUIRED, *, empty_ok: bool = True) -> tuple:
        value = self.raw(name, default)
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            self.fail(name, "config.text_list")
        items = tuple(v.strip() for v in value)
        if any(not v for v in items):
            self.fail(name, "config.empty_text")
        if not items and not empty_ok:
            self.fail(name, "config.not_empty")
        return items

    def int_list(self, name: str, default: Any = REQUIRED) -> tuple:
        value = self.raw(name, default)
        if not isinstance(value, (list, tuple)) or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in value):
            self.fail(name, "config.int_list")
        return tuple(value)

    def table(self, name: str, *, required: bool = False) -> Table:
        value = self.raw(name, REQUIRED if required else {})
        return Table(value, self.path(name), self.file)

    def tables(self, name: str, *, required: bool = False) -> list[Table]:
        value = self.raw(name, REQUIRED if required else [])
        if not isinstance(value, list):
            self.fail(name, "config.tables")
        return [Table(v, f"{self.path(name)}[{i}]", self.file) for i, v in enumerate(value)]

    def time(self, name: str, default: Any = REQUIRED) -> Any:
        value = self.raw(name, default)
        if value is None and default is None:
            return None
        parsed = parse_time(value)
        if parsed is None:
            self.fail(name, "config.time", example="08.45")
        return parsed

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            self.fail(unknown[0], "config.unknown_key")


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
        raise ConfigError.of("config.file.invalid_toml", file=label, error=exc) from None
    except (RecursionError, MemoryError):           # e.g. an array nested 5,000 deep
        raise ConfigError.of("config.file.invalid_toml", file=label, error=tr("safety.too_deep")) from None


def _merge(base: dict, over: dict) -> dict:
    """`over` on top of `base`: tables merge key by key, everything else is replaced."""
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def bundled_config(name: str) -> Path | None:
    """The configuration shipped inside the package that `name` means, or None.

    `name` is what an `extends` or `--template` says: "default.toml", "../default.toml",
    "kesehatan", "examples/lan-postgres.toml" or "lan-postgres.toml". Only the file name and the
    folders under the shipped configurations count: nothing outside them is ever read."""
    parts = [part for part in PurePosixPath(name.replace("\\", "/")).parts if part not in ("/", ".", "..")]
    if not parts:
        return None
    wanted = ["/".join(parts), parts[-1], f"examples/{parts[-1]}"]
    for candidate in dict.fromkeys(w if w.endswith(".toml") else f"{w}.toml" for w in wanted):
        found = _bundled_root().joinpath(*candidate.split("/"))
        if found.is_file():
            return _as_path(found)
    return None


def _bundled_root() -> Traversable:
    return resources.files("kiosk.config").joinpath("bundled")


_extracted = ExitStack()            # shipped files of a package that is not plain files (a zip)
atexit.register(_extracted.close)


def _as_path(item: Traversable) -> Path:
    if isinstance(item, Path):
        return item
    return _extracted.enter_context(resources.as_file(item))


def read_toml_file(p: Path, label: str, seen: tuple[Path, ...] = ()) -> dict:
    """A TOML file as a dict, laid over the file its `extends = "…"` names: tables merge key by
    key, arrays such as [[services]] replace the base's whole.

    The name is looked for next to the file first, then among the configurations shipped with
    the package (`bundled_config`), so a branch file copied to /etc/anjungan keeps
    `extends = "../default.toml"` or says `extends = "default.toml"`."""
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError.of("config.file.not_found", file=label) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:     # ValueError: a NUL in the name
        raise ConfigError.of("config.file.unreadable", file=label.replace("\x00", "?"), error=exc) from None
    data = parse_toml(text, label)
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str) or not parent.strip():
        raise config_error(label, "extends", "config.extends.file_name")
    parent_path = (p.resolve().parent / parent).resolve()
    if not parent_path.exists():
        parent_path = (bundled_config(parent) or parent_path).resolve()
    if parent_path in seen or parent_path == p.resolve():
        raise config_error(label, "extends", "config.extends.cycle")
    base = read_toml_file(parent_path, parent, seen + (p.resolve(),))
    return _merge(base, data)
