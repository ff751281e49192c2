"""Errors a participant, officer or IT officer can read: one sentence each."""
from __future__ import annotations


class AnjunganError(Exception):
    """Base for every user-facing failure. `str(err)` is the Indonesian sentence."""

    exit_status = 1

    def __init__(self, message: str, message_en: str | None = None):
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message


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
    exit_status = 3


class PrinterError(AnjunganError):
    exit_status = 4
