"""Which participant status source a branch uses, built from its configuration."""
from __future__ import annotations

import logging
import os
from datetime import date
from typing import Callable

from kiosk.domain import errors
from kiosk.domain.privacy import sent_in_clear
from kiosk.store.uow import Database

log = logging.getLogger("anjungan.directory")


def make_directory(settings, database: Database, today: Callable[[], date]):
    """The status source of `settings` (config `[directory]`): local table, HTTP/JSON or VClaim."""
    if settings.kind in ("http", "vclaim"):
        clear = [u for u in (settings.url, settings.card_url) if u and sent_in_clear(u)]
        if clear:       # only with allow_plain_http = true (the configuration refuses it otherwise)
            log.warning("participant status source %s gets NIKs over plain http: allow_plain_http = true",
                        ", ".join(clear))
    if settings.kind == "http":
        from kiosk.directory.http import HttpSource

        return HttpSource(settings.url, timeout_s=settings.timeout_s, card_url=settings.card_url,
                          allow_plain_http=settings.allow_plain_http)
    if settings.kind == "vclaim":
        from kiosk.directory.vclaim import VClaimSource

        secret, user_key = os.environ.get(settings.secret_env), os.environ.get(settings.user_key_env)
        if not secret or not user_key:
            raise errors.ConfigError.of("error.vclaim.secrets", secret_env=settings.secret_env,
                                        user_key_env=settings.user_key_env)
        return VClaimSource(settings.url, settings.cons_id, secret, user_key, timeout_s=settings.timeout_s,
                            today=today, allow_plain_http=settings.allow_plain_http)
    from kiosk.directory.local import LocalSource

    return LocalSource(database.find_participant, database.find_card)
