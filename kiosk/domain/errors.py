"""Errors a participant, officer or IT officer can read: one sentence each.

An error is raised from a message id of the catalog, `UnknownTicket.of("error.ticket.unknown",
ticket_id=…)`: it keeps the id and its values (`key`, `params`) and both sentences.
"""
from __future__ import annotations

from typing import Any, Mapping

from kiosk.domain.catalog import error_text, pair


class AnjunganError(Exception):
    """Base for every user-facing failure. `str(err)` is the Indonesian sentence."""

    exit_status = 1

    def __init__(self, message: str, message_en: str | None = None, *, key: str | None = None,
                 params: Mapping[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message
        self.key = key
        self.params = dict(params or {})

    @classmethod
    def of(cls, key: str, /, **params):
        """The error whose sentences are the catalog's `key`, with `params` filled in."""
        message, message_en = pair(key, **params)
        return cls(message, message_en, key=key, params=params)

    def text(self, lang: str) -> str:
        """The sentence in `lang`, said by the catalog's one `error_text`."""
        return error_text(self, lang)


class ConfigError(AnjunganError):
    exit_status = 2


class InvalidNik(AnjunganError):
    pass


class UnknownService(AnjunganError):
    pass


class UnknownCounter(AnjunganError):
    pass


class UnknownTicket(AnjunganError):
    pass


class IllegalTransition(AnjunganError):
    pass


class ServiceClosed(AnjunganError):
    """Office closed, on a break, or the day's quota is used."""


class StoreUnavailable(AnjunganError):
    """The database cannot be used now; as such (exit 3) it cannot be reached: nothing listens,
    no route, no answer in time, or it is busy."""

    exit_status = 3


class PrinterError(AnjunganError):
    exit_status = 4


class StoreNotAllowed(StoreUnavailable):
    """The database server answers but refuses this machine: an unknown role, a wrong password,
    no pg_hba.conf line, or a permission this machine's role does not have."""

    exit_status = 5


class StoreNotReady(StoreUnavailable):
    """The database server answers but cannot serve this program: the database does not exist,
    its schema is newer than this program, or the server's disk is full."""

    exit_status = 6
