"""Every user-facing sentence of the product, keyed by message id: Indonesian first, English second.

Each area module holds `TEXTS = {"key": ("Indonesian", "English"), ...}`:
- `kiosk`, `staff`: the windows (kiosk, counter, hall display);
- `messages`: what the domain, the application layer, the store and the status sources say
  (refusals, visit reasons, office hours, ticket states, errors);
- `config`: the reasons a configuration file is refused;
- `cli`: the `anjungan` command's own sentences.

A language is a `Lang` value (`Lang.ID`, `Lang.EN`; `LANGUAGES` lists them, Indonesian first).
It is decided here and nowhere else: the rest of the product asks `Lang.of(text)` to read one,
`lang.pick(indonesian, english)` to choose between a pair, and `error_text(err, lang)` to say an
error in it.

`tr(key, lang, **fmt)` looks a key up in the merged catalog and fills in `{placeholders}`;
`pair(key, **fmt)` gives both languages at once. A placeholder value that is written differently
in each language (a time, a date, a service name) is passed as `ByLanguage(id, en)`.
Tables of keys mark each key with `msgid("…")`, so that every key in the code can be found and
checked against the catalog.
"""
from __future__ import annotations

import importlib
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple, TypeVar

T = TypeVar("T")


class Lang(StrEnum):
    """A language the product speaks. A `str`, so `Lang.EN == "en"` and it goes into JSON as is."""

    ID = "id"
    EN = "en"

    @classmethod
    def of(cls, value: object, default: "Lang | None" = None) -> "Lang":
        """The language named by `value` ("id", "en", a `Lang`); Indonesian (or `default`) otherwise."""
        if type(value) is cls:
            return value
        if value == "en":
            return cls.EN
        if value == "id":
            return cls.ID
        return default or cls.ID

    @classmethod
    def known(cls, value: object) -> bool:
        return value in _NAMES

    def pick(self, id_value: T, en_value: T | None) -> T:
        """`en_value` in English (when there is one), `id_value` otherwise."""
        return en_value if self is Lang.EN and en_value else id_value

    @property
    def other(self) -> "Lang":
        """The language the toggle button switches to."""
        return Lang.ID if self is Lang.EN else Lang.EN


LANGUAGES: tuple[Lang, ...] = tuple(Lang)
_NAMES = frozenset(LANGUAGES)
_MODULES = ("kiosk.domain.catalog.kiosk", "kiosk.domain.catalog.staff", "kiosk.domain.catalog.messages",
            "kiosk.domain.catalog.config", "kiosk.domain.catalog.cli", "kiosk.domain.catalog.web",
            "kiosk.domain.catalog.reports", "kiosk.domain.catalog.paper", "kiosk.domain.catalog.visit_mend",
            "kiosk.domain.catalog.safety", "kiosk.domain.catalog.install", "kiosk.domain.catalog.doctor",
            "kiosk.domain.catalog.branch_config", "kiosk.domain.catalog.devices",
            "kiosk.domain.catalog.missed", "kiosk.domain.catalog.day", "kiosk.domain.catalog.backup",
            "kiosk.domain.catalog.intake", "kiosk.domain.catalog.region", "kiosk.domain.catalog.ktp",
            "kiosk.domain.catalog.advice", "kiosk.domain.catalog.hall", "kiosk.domain.catalog.sms")


class ByLanguage(NamedTuple):
    """A placeholder value written differently in each language (`08.45` / `08:45`)."""

    id: str
    en: str

    def text(self, lang: str) -> str:
        return Lang.of(lang).pick(self.id, self.en)


@lru_cache(maxsize=1)
def catalog() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for name in _MODULES:
        for key, pair_ in importlib.import_module(name).TEXTS.items():
            if key in merged and merged[key] != pair_:
                raise KeyError(f"text key {key!r} is defined twice with different words ({name})")
            merged[key] = pair_
    return merged


def _fill(text: str, lang: str, fmt: dict) -> str:
    if not fmt:
        return text
    for value in fmt.values():
        if type(value) is ByLanguage:
            en = lang == "en"
            fmt = {name: (v[1] if en else v[0]) if type(v) is ByLanguage else v for name, v in fmt.items()}
            break
    return text.format(**fmt)


def tr(key: str, lang: str = "id", /, **fmt) -> str:
    """The text for `key` in `lang` ("id" or "en"), with `{name}` placeholders filled in."""
    pair_ = catalog()[key]
    return _fill(pair_[1] if lang == "en" else pair_[0], lang, fmt)


_PLAIN_VALUES = (str, int, ByLanguage)


def pair(key: str, /, **fmt) -> tuple[str, str]:
    """The Indonesian and the English text for `key`, placeholders filled in."""
    if all(type(value) in _PLAIN_VALUES for value in fmt.values()):
        return _pair(key, tuple(fmt.items()))        # the same sentences come back again and again
    id_text, en_text = catalog()[key]
    return _fill(id_text, "id", fmt), _fill(en_text, "en", fmt)


@lru_cache(maxsize=2048)
def _pair(key: str, items: tuple) -> tuple[str, str]:
    id_text, en_text = catalog()[key]
    fmt = dict(items)
    return _fill(id_text, "id", fmt), _fill(en_text, "en", fmt)


def msgid(key: str) -> str:
    """Marks a message id kept in a table, to be looked up later; returns it unchanged."""
    return key


def has(key: str) -> bool:
    return key in catalog()


def pick(lang: str, id_text: T, en_text: T | None) -> T:
    """Choose between a pair of texts that come from the configuration or the services."""
    return Lang.of(lang).pick(id_text, en_text)


def error_text(error: BaseException, lang: str = "id") -> str:
    """The one way an error is said to a person, in `lang`. An error raised from a message id
    carries its two sentences, made from the id when it was raised (with where it happened, for a
    configuration file); one that carries only its id and values (the printer's, when it was not
    handed the catalog) is said from them here; anything else as the exception says itself."""
    key = getattr(error, "key", None)
    message = getattr(error, "message", None)
    if message and not (key and message.startswith(key)):
        return pick(lang, message, getattr(error, "message_en", None))
    if key and key in catalog():
        try:
            return tr(key, lang, **(getattr(error, "params", None) or {}))
        except (KeyError, IndexError, ValueError):
            pass                                 # values that do not fill the sentence
    return message or str(error)
