"""The printer's sentences come from the application that uses it.

The package writes no sentence of its own (it stands apart from the kiosk): errors, faults and
status lines carry a message id and its values, and the application installs the one function
that says them in both languages (`use(pair)` with the kiosk's catalog). Used on its own, the
package says the id and its values, which is enough for a log.
"""
from __future__ import annotations

from typing import Any, Callable

Say = Callable[..., tuple[str, str]]      # say(key, **values) -> (Indonesian, English)
_say: Say | None = None


def use(say: Say | None) -> None:
    """Install the function that turns a message id and its values into both sentences."""
    global _say
    _say = say


def say(key: str, /, **values: Any) -> tuple[str, str]:
    """The Indonesian and the English sentence for `key` with `values` filled in."""
    if _say is not None:
        return _say(key, **values)
    text = key + (f" ({', '.join(f'{k}={v}' for k, v in values.items())})" if values else "")
    return text, text
