"""Create or migrate the schema with Alembic (`anjungan db upgrade`)."""
from __future__ import annotations

import functools
import logging
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from kiosk.store import secrets
from kiosk.domain.catalog import msgid
from kiosk.domain.errors import StoreNotReady
from kiosk.store.db import unavailable
from kiosk.store.pgfailures import describe_host, log_failure

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD = "0018"
PG_LOCK_KEY = 5172601  # advisory lock taken while migrating, so two machines never race
log = logging.getLogger("anjungan.store")


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
        if "alembic_version" in str(exc) and getattr(exc.orig, "sqlstate", None) != "42501":
            return None                     # no such table yet (a role that may not read it: below)
        raise unavailable(engine, exc) from None


def upgrade(engine: Engine, progress=None) -> str:
    """Bring the schema to the newest revision; cheap when it already is. `progress(steps done,
    steps)`: once per migration step, each in its own transaction."""
    current = current_revision(engine)
    if current == HEAD:
        _remember_key(engine, create=False)
        if progress is not None:
            progress(0, 0)
        return HEAD
    refuse_newer_schema(current)

    # Migrations may take long on a big table, and wait for another machine's migration: no
    # statement deadline here (kiosk/store/db.py), and none on the server either.
    with engine.connect().execution_options(deadline=None) as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SET statement_timeout = 0"))
            conn.execute(text("SET lock_timeout = 0"))
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": PG_LOCK_KEY})
            conn.commit()
            current = current_revision(engine)    # another machine may have migrated while we waited
        try:
            _keep_database_key(conn)
            conn.commit()
            cfg = alembic_config(engine, conn)
            steps = pending_revisions(current)
            if progress is not None:
                _follow_steps(cfg, len(steps), progress)
            before = current
            for revision in steps:
                _apply_one(engine, conn, cfg, before, revision)
                before = revision
        finally:
            if engine.dialect.name == "postgresql":
                conn.rollback()             # a failed migration's transaction, so that its error is the one said
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": PG_LOCK_KEY})
                conn.execute(text("RESET statement_timeout"))
                conn.execute(text("RESET lock_timeout"))
                conn.commit()
    # The machine that creates a branch database makes its NIK key (the others are given it), and
    # the database keeps the key's fingerprint (kiosk/store/health.py).
    _remember_key(engine, create=current is None)
    return HEAD


@functools.lru_cache(maxsize=1)
def migration_scripts():
    """The migration scripts, read once per process (each step of an upgrade would read them all again)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg)


def pending_revisions(current: str | None) -> list[str]:
    """The revisions still to apply after `current` (None: an empty database), oldest first."""
    newest_first = migration_scripts().iterate_revisions("heads", current or "base")
    return [script.revision for script in reversed(list(newest_first))]


def _migrate_to(cfg, revision: str) -> None:
    """Alembic's `upgrade` to `revision` through the scripts already read."""
    from alembic.runtime.environment import EnvironmentContext

    scripts = migration_scripts()
    with EnvironmentContext(cfg, scripts, fn=lambda rev, _context: scripts._upgrade_revs(revision, rev),
                            destination_rev=revision):
        scripts.run_env()


def _apply_one(engine: Engine, conn, cfg, before: str | None, revision: str) -> None:
    """One migration and its revision stamp in one transaction: a power cut leaves the store at
    `before` or at `revision`, never between (SQLite's DDL is transactional once BEGIN is ours:
    the driver never commits behind our back, kiosk/store/db.py). A step that fails is said in
    one sentence naming it, and its real cause goes to the log."""
    conn.info["write"] = True                 # SQLite: BEGIN IMMEDIATE, the whole step is one transaction
    try:
        with conn.begin():
            _migrate_to(cfg, revision)
    except Exception as exc:  # noqa: BLE001 - a known store problem keeps its own sentence
        said = unavailable(engine, exc)
        if said.key not in _NOT_A_STORE_PROBLEM:
            raise said from None              # locked, read-only, not allowed, server gone, disk full…
        log.error("database: migration %s -> %s failed: %s", before or "base", revision,
                  str(getattr(exc, "orig", exc)).splitlines()[0][:300])
        raise StoreNotReady.of("deploy.schema.step_failed", revision=before or "-", next=revision) from None


# What `unavailable` says when it knows no better: during a migration that is the step itself.
_NOT_A_STORE_PROBLEM = frozenset({msgid("error.db.unreachable.sqlite"), msgid("error.db.unreachable.postgresql")})


def _follow_steps(cfg, steps: int, progress) -> None:
    """`progress(done, steps)` as each migration is applied (each in its own transaction)."""
    done = 0

    def applied(**_step) -> None:
        nonlocal done
        done += 1
        progress(min(done, steps), steps)

    progress(0, steps)
    cfg.attributes["on_version_apply"] = applied


def known_revisions() -> set[str]:
    return {p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*.py")}


def require_current(engine: Engine) -> str:
    """A machine that does not migrate (every one on PostgreSQL but `anjungan db upgrade`): the
    schema must be this program's, else it stops with the sentence that says what to run (exit 6)."""
    current = current_revision(engine)
    if current == HEAD:
        return HEAD
    refuse_newer_schema(current)
    host, _port = describe_host(engine.url)
    error = (StoreNotReady.of("deploy.schema.missing", host=host) if current is None
             else StoreNotReady.of("deploy.schema.behind", revision=current, head=HEAD, host=host))
    log_failure(error)
    raise error


def _remember_key(engine: Engine, create: bool) -> None:
    """Keep the NIK key's fingerprint in a database that has none yet, when this machine has the
    key (or, `create`, makes it: a new database). A machine without the key writes nothing."""
    from kiosk.domain.errors import ConfigError, StoreNotAllowed
    from kiosk.store.db import transaction
    from kiosk.store.keyprint import remember_key, stored_key_fingerprint

    try:
        if stored_key_fingerprint(engine) is not None:
            return                            # the usual case: one read
        key = secrets.load_nik_key(create=create)
        with transaction(engine) as conn:
            remember_key(conn, key)
    except (ConfigError, StoreNotAllowed):    # no key here, or a role that may not keep it
        return


def refuse_newer_schema(current: str | None) -> None:
    """A database migrated by a newer anjungan is never touched by this one: update this PC."""
    if current is not None and current not in known_revisions():
        from kiosk.version import program_version

        error = StoreNotReady.of("install.pg.schema_newer", version=program_version(), revision=current, head=HEAD)
        log_failure(error)
        raise error


def _keep_database_key(conn) -> None:
    """Before revision 0008 drops `branch_secret`, its key goes to the key file (kiosk/store/secrets.py)."""
    from sqlalchemy import inspect

    if not inspect(conn).has_table("branch_secret"):
        return
    key = conn.execute(text("SELECT nik_key FROM branch_secret WHERE id = 1")).scalar()
    conn.rollback()
    if key:
        secrets.adopt_database_key(key)
