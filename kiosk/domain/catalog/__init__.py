"""All user-facing text of the windows: Indonesian first, English second.

Each area module (`kiosk`, `staff`) holds `TEXTS = {"key": ("Indonesian", "English"), ...}`;
`tr(key, lang, **fmt)` looks a key up in the merged catalog and fills in `{placeholders}`.
"""
from __future__ import annotations

import importlib
from functools import lru_cache

LANGUAGES = ("id", "en")
_MODULES = ("kiosk.domain.catalog.kiosk", "kiosk.domain.catalog.staff")


@lru_cache(maxsize=1)
def catalog() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for name in _MODULES:
        for key, pair in importlib.import_module(name).TEXTS.items():
            if key in merged and merged[key] != pair:
                raise KeyError(f"text key {key!r} is defined twice with different words ({name})")
            merged[key] = pair
    return merged


def tr(key: str, lang: str = "id", **fmt) -> str:
    """The text for `key` in `lang` ("id" or "en"), with `{name}` placeholders filled in."""
    pair = catalog()[key]
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**fmt) if fmt else text


def has(key: str) -> bool:
    return key in catalog()


def pick(lang: str, id_text: str, en_text: str | None) -> str:
    """Choose between a pair of texts that come from the configuration or the services."""
    return en_text if lang == "en" and en_text else id_text
