"""The printer's own user-facing failure: a message id and its values, said in Indonesian and
English by the application's catalog (`printer.texts`)."""
from __future__ import annotations

from typing import Any, Mapping

from .texts import say


class PrinterError(Exception):
    """A printer address or connection that cannot be used. `str(err)` is the Indonesian sentence.

    `exit_status` is what the `anjungan` command exits with when it stops on this error.
    """

    exit_status = 4

    def __init__(self, message: str, message_en: str | None = None, *, key: str | None = None,
                 params: Mapping[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message
        self.key = key
        self.params = dict(params or {})

    @classmethod
    def of(cls, key: str, /, **params: Any) -> "PrinterError":
        """The error whose sentences are the message id `key`, with `params` filled in."""
        message, message_en = say(key, **params)
        return cls(message, message_en, key=key, params=params)
