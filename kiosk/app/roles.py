"""`anjungan db roles`: the PostgreSQL roles of least privilege (kiosk/store/roles.py)."""
from __future__ import annotations

from kiosk.app.core import AppCore
from kiosk.domain import errors
from kiosk.store import roles
from kiosk.store.uow import StoreRefused


def create_roles(app: AppCore, prefix: str = "anjungan") -> dict[str, str]:
    """Create or update the owner and machine roles on this branch's schema; their names by kind."""
    if app.dialect != "postgresql":
        raise errors.ConfigError.of("safety.roles.postgresql_only")
    try:
        roles.plan(prefix)
    except ValueError:
        raise errors.ConfigError.of("safety.roles.prefix", prefix=prefix) from None
    try:
        with app.uow() as uow:
            made = uow.apply_roles(prefix)
    except StoreRefused as exc:
        raise errors.AnjunganError.of("safety.roles.refused", error=exc.detail) from None
    return {"owner": made.owner, **made.machines}

