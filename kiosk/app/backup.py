"""Backing up the branch's store and putting a backup back (`anjungan backup`, `anjungan restore`).

A backup is one folder, `anjungan-<UTC moment>/`, owner-only:
- `anjungan.sqlite` (SQLite's online backup API: every committed ticket, while kiosks issue) or
  `anjungan.dump` (`pg_dump` of the branch's schema);
- `nik.key`: the NIK key (checked against the fingerprint the database keeps before it is bundled);
- `config/`: this machine's configuration file(s) (never the database password file);
- `manifest.json`: what it is, when it was taken, the schema revision, the key's fingerprint.
It is written under a `.partial-…` name and renamed when whole, so a backup killed part way is
never taken for one; the folder keeps the newest `keep` backups (one backup at a time: a lock).

A restore refuses a store in use (a machine's heartbeat within the silence limit, or on SQLite
another process with the file open) unless forced, refuses a key that is not the database's and
never makes a new one, and continues today's numbering past every number that may already be in
someone's hand (kiosk/domain/restore.py).
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

from kiosk.app.bootstrap import fixed_clock_from_env
from kiosk.app.core import AppCore
from kiosk.app.progress import Progress
from kiosk.config import Config, load_config
from kiosk.domain import restore as rules
from kiosk.domain.devices import SILENT_AFTER_S
from kiosk.domain.errors import AnjunganError, ConfigError, StoreNotReady
from kiosk.domain.queue import format_number
from kiosk.store import backup as copies, db, keyprint, schema, secrets

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "anjungan.sqlite"
PG_FILE = "anjungan.dump"
KEY_FILE = "nik.key"
CONFIG_FOLDER = "config"
PREFIX = "anjungan-"
PARTIAL = ".partial-"


@dataclass(frozen=True)
class BackupMade:
    path: Path
    tickets: int
    bytes: int
    removed: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"path": str(self.path), "tickets": self.tickets, "bytes": self.bytes}


@dataclass(frozen=True)
class Restored:
    path: Path                     # the backup restored
    database: str                  # where to (without a password)
    tickets: int
    taken_at: str
    day: date                      # the service day whose numbering was continued
    numbering: tuple[rules.Continued, ...]
    key_installed: Path | None     # the backup's key, put where this machine reads it
    letters: dict[str, str]        # each service's number letter

    def next_number(self, continued: rules.Continued) -> str:
        return format_number(self.letters.get(continued.service, continued.service[:1]), continued.last + 1)

    def to_json(self) -> dict:
        return {"path": str(self.path), "database": self.database, "tickets": self.tickets,
                "taken_at": self.taken_at, "service_day": self.day.isoformat(),
                "numbering": [{"service": c.service, "last_in_backup": c.last_in_backup, "next": self.next_number(c),
                               "skipped": c.skipped, "known": c.known} for c in self.numbering],
                "key_installed": str(self.key_installed) if self.key_installed else None}


# -- backup ------------------------------------------------------------------------------------------------
def default_folder() -> Path:
    return db.data_dir() / "backups"


def backup(app: AppCore, to: str | os.PathLike | None = None, keep: int = rules.BACKUPS_KEPT,
           progress: Progress | None = None) -> BackupMade:
    """One backup of the branch's store, with its NIK key and configuration, into `to` (default:
    `backups/` in the data folder); the folder keeps the newest `keep`."""
    engine = app.database.engine
    key = _branch_key(engine)
    folder = Path(to) if to is not None else default_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise ConfigError.of("backup.folder", folder=folder, error=exc.strerror or exc) from None
    with _only_backup(folder):
        _forget_killed(folder)          # under the lock: what a backup killed part way left
        taken = datetime.now(timezone.utc)
        name = _free_name(folder, PREFIX + taken.strftime("%Y%m%dT%H%M%SZ"))
        partial = folder / (PARTIAL + name)
        partial.mkdir(mode=0o700)
        try:
            day = app.today()
            if app.dialect == "postgresql":
                facts = copies.pg_backup(engine, partial / PG_FILE, day, progress)
                where = {"schema": copies.pg_schema(engine)}
            else:
                source = app.database.sqlite_path()
                if source is None:
                    raise ConfigError.of("backup.memory")
                facts = copies.sqlite_backup(Path(source), partial / SQLITE_FILE, day, progress)
                where = {}
            tickets = facts.tickets
            _write_private(partial / KEY_FILE, key.hex() + "\n")
            configs = _copy_config(app.file_config, partial / CONFIG_FOLDER)
            manifest = {"format": FORMAT, "kind": app.dialect, "taken_at": taken.isoformat(),
                        "service_day": day.isoformat(), "revision": schema.current_revision(engine),
                        "tickets": tickets, "key_fingerprint": keyprint.key_fingerprint(key), **facts.to_json(),
                        "database": app.database.url_text, "config": configs, **where}
            _write_private(partial / MANIFEST, json.dumps(manifest, indent=2) + "\n")
            os.rename(partial, folder / name)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        removed = _rotate(folder, keep)
    made = folder / name
    return BackupMade(made, tickets, _size(made), removed)


def _branch_key(engine) -> bytes:
    """This machine's NIK key, when it is the one the database keeps the fingerprint of: a backup
    without the branch's key could not be restored."""
    try:
        key = secrets.load_nik_key(create=False)
    except ConfigError:
        raise ConfigError.of("backup.key.missing", path=secrets.key_file()) from None
    stored = keyprint.stored_key_fingerprint(engine)
    if stored is not None and stored != keyprint.key_fingerprint(key):
        raise ConfigError.of("backup.key.not_branch", path=secrets.key_file())
    return key


class _only_backup:
    """One backup at a time in a folder (the nightly timer and a hand-made one)."""

    def __init__(self, folder: Path):
        self.path = folder / ".lock"

    def __enter__(self):
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            raise AnjunganError.of("backup.busy", folder=self.path.parent) from None
        return self

    def __exit__(self, *exc) -> None:
        os.close(self.fd)


def _free_name(folder: Path, name: str) -> str:
    candidate, n = name, 1
    while (folder / candidate).exists():
        n += 1
        candidate = f"{name}-{n}"
    return candidate


def _write_private(path: Path, content: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(content)
        f.flush()
        os.fsync(f.fileno())


def _copy_config(config: Config, into: Path) -> list[str]:
    """This machine's configuration file and the files it extends beside it."""
    into.mkdir(mode=0o700)
    copied: list[str] = []
    path: Path | None = Path(config.path)
    while path is not None and path.is_file() and path.name not in copied and len(copied) < 8:
        shutil.copyfile(path, into / path.name)
        os.chmod(into / path.name, 0o600)
        copied.append(path.name)
        path = _extended(path)
    return copied


def _extended(path: Path) -> Path | None:
    import tomllib

    try:
        parent = tomllib.loads(path.read_text(encoding="utf-8")).get("extends")
    except (OSError, ValueError):
        return None
    if not isinstance(parent, str):
        return None
    beside = (path.parent / parent)
    return beside if beside.is_file() else None


def _forget_killed(folder: Path) -> None:
    """Remove what backups killed part way left (called under the lock, so none is running): one
    killed a moment ago may have left the very name this backup is about to take."""
    for stale in folder.glob(PARTIAL + "*"):
        shutil.rmtree(stale, ignore_errors=True)


def _rotate(folder: Path, keep: int) -> tuple[str, ...]:
    """Remove the backups beyond the newest `keep` (under the lock)."""
    names = [p.name for p in folder.glob(PREFIX + "*") if (p / MANIFEST).is_file()]
    gone = rules.backups_to_remove(names, keep)
    for name in gone:
        shutil.rmtree(folder / name, ignore_errors=True)
    return tuple(gone)


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# -- restore -----------------------------------------------------------------------------------------------
def read_manifest(path: str | os.PathLike) -> tuple[Path, dict]:
    """The backup folder (given itself or a file inside it) and its manifest."""
    folder = Path(path)
    if folder.is_file():
        folder = folder.parent
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ValueError("format")
    except (OSError, ValueError):
        raise ConfigError.of("backup.not_backup", path=path) from None
    return folder, manifest


def restore(config_path=None, db_url: str | None = None, path: str | os.PathLike = "", *, force: bool = False,
            clock: Callable[[], datetime] | None = None, config: Config | None = None,
            progress: Progress | None = None) -> Restored:
    """Put the backup at `path` into the configured store (see the module's docstring)."""
    config = config or load_config(config_path)
    url = db_url or config.database_url or db.default_url()
    folder, manifest = read_manifest(path)
    schema.refuse_newer_schema(manifest.get("revision"))
    kind = manifest.get("kind")
    target = copies.sqlite_target(url)
    if (kind == "sqlite") != url.startswith("sqlite") or (kind == "sqlite" and target is None):
        raise ConfigError.of("backup.kind_mismatch", kind=kind, url=copies.shown(url))
    data = folder / (SQLITE_FILE if kind == "sqlite" else PG_FILE)
    if not data.is_file():
        raise ConfigError.of("backup.not_backup", path=path)
    key_to_install = _restore_key(folder, manifest)
    tz = ZoneInfo(config.branch.timezone)
    clock = clock or fixed_clock_from_env() or (lambda: datetime.now(tz))
    now = clock().astimezone(tz)
    today = now.date()
    current = _open_current(url, target)
    try:
        _refuse_in_use(current, target, now, force)
        replaced = copies.store_facts(current, today) if current is not None else None
    finally:
        if current is not None:
            current.dispose()
    in_backup = copies.StoreFacts.from_json(manifest, int(manifest.get("tickets") or 0))
    if manifest.get("service_day") != today.isoformat():     # the backup knows no number of today
        in_backup = copies.StoreFacts({}, in_backup.tickets, in_backup.busiest)
    numbering = _numbering(in_backup, replaced, [s.code for s in config.branch.services])
    statements = copies.numbering_sql(today, numbering, skipped=copies.counts_skipped(manifest.get("revision")))
    installed = _install_key(key_to_install)
    if kind == "sqlite":
        assert target is not None
        _restore_sqlite(data, target, statements, progress)
    else:
        _restore_pg(url, data, statements, progress)
    return Restored(folder, copies.shown(url), in_backup.tickets, str(manifest.get("taken_at")), today, numbering,
                    installed, {s.code: s.letter for s in config.branch.services})


def _restore_key(folder: Path, manifest: dict) -> bytes | None:
    """The key this machine must be given (None: it already has the branch's). A key that is not
    the database's is refused, and no key is ever made here."""
    expected = manifest.get("key_fingerprint")
    bundled = None
    if (folder / KEY_FILE).is_file():
        try:
            bundled = bytes.fromhex((folder / KEY_FILE).read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            bundled = None
        if bundled is None or (expected and keyprint.key_fingerprint(bundled) != expected):
            raise ConfigError.of("backup.restore.key_inconsistent", path=folder / KEY_FILE)
    try:
        mine = secrets.load_nik_key(create=False)
    except ConfigError:
        mine = None
    if mine is not None:
        if expected and keyprint.key_fingerprint(mine) != expected:
            where = secrets.KEY_ENV if os.environ.get(secrets.KEY_ENV) else secrets.key_file()
            raise ConfigError.of("backup.restore.key_wrong", path=where)
        return None
    if bundled is None:
        raise ConfigError.of("backup.restore.key_absent", path=secrets.key_file())
    return bundled


def _install_key(key: bytes | None) -> Path | None:
    if key is None:
        return None
    path = secrets.key_file()
    try:
        secrets.write_key_file(path, key.hex())
    except FileExistsError:                   # made a moment ago by another process: checked again
        if keyprint.key_fingerprint(secrets.load_nik_key(create=False)) != keyprint.key_fingerprint(key):
            raise ConfigError.of("backup.restore.key_wrong", path=path) from None
        return None
    except OSError as exc:
        raise ConfigError.of("safety.key.unreadable", path=path, error=exc.strerror or exc) from None
    return path


def _open_current(url: str, target: Path | None):
    """The store being replaced, to read what it knows (None: there is no SQLite file yet)."""
    if target is not None and not target.exists():
        return None
    return db.make_engine(url, create=False)


def _refuse_in_use(engine, target: Path | None, now: datetime, force: bool) -> None:
    """A store is in use when a machine wrote its heartbeat into it within the silence limit
    (every kiosk, counter, display, rating screen, monitor and the web service beats every 30 s),
    or, for SQLite, when another process has the file open."""
    if force or engine is None:
        return
    who = copies.recent_devices(engine, now, SILENT_AFTER_S)
    if target is not None and (pid := copies.sqlite_open_elsewhere(target)) is not None:
        who.append(f"pid {pid}")
    if who:
        raise AnjunganError.of("backup.restore.in_use", who=", ".join(who))


def _numbering(in_backup: copies.StoreFacts, replaced: copies.StoreFacts | None,
               services: list[str]) -> tuple[rules.Continued, ...]:
    """Today's numbering of each service in the restored store (kiosk/domain/restore.py)."""
    known = replaced is not None and rules.replaced_store_known(replaced.tickets, in_backup.tickets)
    names = sorted(set(services) | set(in_backup.numbers) | set(replaced.numbers if replaced else ()))
    out = []
    for service in names:
        last, skipped = in_backup.numbers.get(service, (0, 0))
        theirs = replaced.numbers.get(service, (0, 0))[0] if known and replaced is not None else None
        out.append(rules.continue_numbering(service, last, skipped, theirs, in_backup.busiest.get(service, 0)))
    return tuple(out)


def _restore_sqlite(data: Path, target: Path, statements: list[str], progress: Progress | None) -> None:
    """A checked copy beside the store, its numbering continued, renamed over the store in one step."""
    if target.parent.resolve() == db.data_dir_path().resolve():
        db.data_dir()                         # a new machine's data folder: made, owner-only
    if not target.parent.is_dir():
        raise StoreNotReady.of("safety.db.no_folder", folder=target.parent)
    draft = copies.sqlite_restore_file(data, target, progress)
    try:
        problem = copies.sqlite_check(draft)
        if problem is not None:
            raise StoreNotReady.of("backup.restore.broken", path=data, error=problem)
        copies.sqlite_continue(draft, statements)
        copies.sqlite_put_in_place(draft, target)
    finally:
        for leftover in (draft, Path(f"{draft}-wal"), Path(f"{draft}-shm"), Path(f"{draft}-journal")):
            leftover.unlink(missing_ok=True)


def _restore_pg(url: str, data: Path, statements: list[str], progress: Progress | None) -> None:
    """The dump and the numbering in one transaction; then the machine roles' rights again."""
    engine = db.make_engine(url)
    try:
        prefix = copies.pg_roles_prefix(engine)
        copies.pg_restore(engine, data, statements, progress)
        if prefix is not None:
            copies.pg_grant_again(engine, prefix)
    finally:
        engine.dispose()
