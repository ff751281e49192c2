"""Create or migrate the schema with Alembic (`anjungan db upgrade`)."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from kiosk.store.db import unavailable

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD = "0006"
PG_LOCK_KEY = 5172601  # advisory lock taken while migrating, so two machines never race


def alembic_config(engine: Engine, connection=None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    cfg.attributes["connection"] = connection
    return cfg


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError) as exc:
        if "alembic_version" in str(exc):
            return None
        raise unavailable(engine, exc) from None


def upgrade(engine: Engine) -> str:
    """Bring the schema to the newest revision; cheap when it already is."""
    if current_revision(engine) == HEAD:
        return HEAD
    from alembic import command

    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": PG_LOCK_KEY})
            conn.commit()
        try:
            command.upgrade(alembic_config(engine, conn), "head")
            conn.commit()
        finally:
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": PG_LOCK_KEY})
                conn.commit()
    return HEAD
