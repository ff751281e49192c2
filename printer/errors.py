"""The printer's own user-facing failure: one sentence, Indonesian first, English second."""
from __future__ import annotations


class PrinterError(Exception):
    """A printer address or connection that cannot be used. `str(err)` is the Indonesian sentence.

    `exit_status` is what the `anjungan` command exits with when it stops on this error.
    """

    exit_status = 4

    def __init__(self, message: str, message_en: str | None = None):
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message
