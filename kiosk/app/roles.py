"""`anjungan db roles`: the PostgreSQL roles of least privilege (kiosk/store/roles.py)."""
from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from kiosk.app.core import AppCore
from kiosk.domain import errors
from kiosk.store import db, roles


class RoleUseCases(AppCore):
    def create_roles(self, prefix: str = "anjungan") -> dict[str, str]:
        """Create or update the owner and machine roles on this branch's schema; their names by kind."""
        if self.dialect != "postgresql":
            raise errors.ConfigError.of("safety.roles.postgresql_only")
        try:
            roles.plan(prefix)
        except ValueError:
            raise errors.ConfigError.of("safety.roles.prefix", prefix=prefix) from None
        try:
            with db.transaction(self.engine) as conn:
                conn.execution_options(deadline=None)
                made = roles.apply(conn, prefix)
        except DBAPIError as exc:
            detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__
            raise errors.AnjunganError.of("safety.roles.refused", error=detail) from None
        return {"owner": made.owner, **made.machines}
