"""API tokens of the branch's web service: made for one role, stored hashed, revocable.

The secret is shown once when the token is made; the store keeps its SHA-256 hash (the secret
has 256 random bits, so a plain hash is enough). What each role may do is the domain's rule
(`kiosk.domain.access`).
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from kiosk.app.core import AppCore
from kiosk.app.views import iso
from kiosk.domain import errors
from kiosk.domain.access import ROLE_NAMES, Permission, Role, may
from kiosk.store.tokens import TokenRecord

TOKEN_PREFIX = "anj_"
NAME_MAX = 80


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Caller:
    """Who made an API request: the token's number, name and role."""

    token_id: int
    name: str
    role: Role


def create_token(app: AppCore, role: str, name: str) -> tuple[str, dict]:
    """A new token for `role`: the secret (shown once) and its record."""
    try:
        role_ = Role((role or "").strip().lower())
    except ValueError:
        raise errors.AnjunganError.of("error.token.role", role=role, roles=", ".join(ROLE_NAMES)) from None
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise errors.AnjunganError.of("error.token.name")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = app.now()
    with app.uow() as uow:
        token_id = uow.tokens.add(name, role_.value, token_hash(secret), secret[:8], now)
    return secret, _token_json(app, TokenRecord(token_id, name, role_.value, secret[:8], now))


def tokens(app: AppCore) -> list[dict]:
    with app.uow(write=False) as uow:
        return [_token_json(app, t) for t in uow.tokens.all()]


def revoke_token(app: AppCore, which: str) -> int:
    """Revoke the token with this number, or every active token with this name."""
    now = app.now()
    which = (which or "").strip()
    with app.uow() as uow:
        store = uow.tokens
        count = store.revoke(token_id=int(which), at=now) if which.isdigit() else store.revoke(name=which, at=now)
    if not count:
        raise errors.UnknownTicket.of("error.token.unknown", which=which)
    return count


def authorize(app: AppCore, secret: str | None, permission: Permission) -> Caller:
    """The caller of a request with this bearer secret, if its role may do `permission`.

    Raises `Unauthorized` (no or unknown token) or `Forbidden` (wrong role)."""
    if not secret:
        raise Unauthorized.of("error.token.missing")
    with app.uow(write=False) as uow:
        record = uow.tokens.by_hash(token_hash(secret.strip()))
    if record is None or not record.active:
        raise Unauthorized.of("error.token.invalid")
    if not may(record.role, permission):
        raise Forbidden.of("error.token.forbidden", role=record.role)
    return Caller(record.id, record.name, Role(record.role))


def _token_json(app: AppCore, t: TokenRecord) -> dict:
    return {"id": t.id, "name": t.name, "role": t.role, "prefix": t.prefix,
            "created_at": iso(app.local(t.created_at)), "revoked_at": iso(app.local(t.revoked_at)),
            "active": t.active}


class Unauthorized(errors.AnjunganError):
    """No token, or one that is unknown or revoked."""


class Forbidden(errors.AnjunganError):
    """A token whose role may not do this."""
