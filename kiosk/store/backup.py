"""Copies of the branch's store and putting one back (`anjungan backup`, `anjungan restore`).

- SQLite: SQLite's online backup API, page by page, inside one read transaction on the live file:
  a consistent moment with everything committed (the WAL's content included), while kiosks keep
  issuing (a WAL reader never blocks a writer, and holding the snapshot keeps the copy from
  starting over at every commit). Restored by copying into a new file beside the store, checking
  it, and renaming it over the store in one step.
- PostgreSQL: `pg_dump` of the branch's schema (custom format) on a snapshot exported by a
  transaction that also counts the tickets; restored with `pg_restore` into a new schema of the
  same name while the old one is set aside, so a failed restore leaves the old store as it was.
"""
from __future__ import annotations

import fcntl
import glob
import logging
import os
import re
import shutil
import sqlite3
import struct
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import quote

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from kiosk.domain.catalog import msgid
from kiosk.domain.errors import StoreNotAllowed, StoreNotReady
from kiosk.domain.restore import Continued
from kiosk.store import db
from kiosk.store.models import devices

log = logging.getLogger("anjungan.store")

Progress = Callable[[int, "int | None"], None]
PAGES_PER_STEP = 256              # SQLite pages copied per step (1 MiB of 4 KiB pages)
WAL_INDEX_DMS = 128               # the byte of the -shm file every open SQLite connection holds locked
BUSIEST_OVER_DAYS = 365           # the busiest day of a service is looked for this far back


# -- what a restore must know of a store ---------------------------------------------------------------
@dataclass(frozen=True)
class StoreFacts:
    numbers: dict[str, tuple[int, int]]       # per service on the day: last number, numbers skipped
    tickets: int                              # tickets in the store, every day
    busiest: dict[str, int]                   # per service: the most numbers issued on one day of the year

    def to_json(self) -> dict:
        return {"numbers": {s: list(n) for s, n in self.numbers.items()}, "busiest": self.busiest}

    @classmethod
    def from_json(cls, doc: dict, tickets: int) -> "StoreFacts":
        return cls({s: (int(n[0]), int(n[1])) for s, n in (doc.get("numbers") or {}).items()}, tickets,
                   {s: int(n) for s, n in (doc.get("busiest") or {}).items()})


def store_facts(engine: Engine, day: date) -> StoreFacts | None:
    """What a store knows of `day`'s numbering; None when it cannot be read (missing, broken)."""
    try:
        with db.transaction(engine, write=False) as conn:
            return _facts(conn, day)
    except Exception as exc:  # noqa: BLE001 - missing, broken, older: the restore goes on without it
        log.info("restore: the store being replaced cannot be read (%s)", type(exc).__name__)
        return None


def _facts(conn, day: date) -> StoreFacts:
    """Within the caller's transaction (a SQLAlchemy or a sqlite3 connection)."""
    plain = not isinstance(conn, Connection)          # sqlite3 takes the days as text

    def rows(sql: str, params: dict):
        if plain:
            return conn.execute(sql, {k: v.isoformat() for k, v in params.items()}).fetchall()
        return conn.execute(text(sql), params).fetchall()

    # a store not yet at revision 0014 (backed up before `db upgrade`, as it should be) skipped none
    if plain or conn.dialect.name == "sqlite":
        has_skipped = any(row[1] == "skipped" for row in rows("PRAGMA table_info(number_sequences)", {}))
    else:
        has_skipped = bool(rows("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = "
                                "current_schema() AND table_name = 'number_sequences' AND column_name = 'skipped'",
                                {})[0][0])
    skipped = "skipped" if has_skipped else "0"
    numbers = {service: (int(last), int(skip)) for service, last, skip in rows(
        f"SELECT service, last_seq, {skipped} FROM number_sequences WHERE service_day = :d", {"d": day})}
    busiest = {service: int(most or 0) for service, most in rows(
        f"SELECT service, MAX(last_seq - {skipped}) FROM number_sequences WHERE service_day >= :since "
        "AND service_day <= :d GROUP BY service", {"since": day - timedelta(days=BUSIEST_OVER_DAYS), "d": day})}
    tickets = int(rows("SELECT COUNT(*) FROM tickets", {})[0][0] or 0)
    return StoreFacts(numbers, tickets, busiest)


SKIPPED_SINCE = "0014"            # the revision that counts numbers skipped (number_sequences.skipped)


def counts_skipped(revision: str | None) -> bool:
    """Whether a store at `revision` keeps the numbers skipped after a restore."""
    return revision is not None and revision >= SKIPPED_SINCE


def numbering_sql(day: date, continued: Iterable[Continued], skipped: bool = True) -> list[str]:
    """Statements that set each service's numbering on `day` (values written out: for a script).
    `skipped=False`: a store older than revision 0014, which keeps no count of numbers skipped."""
    out = []
    for c in continued:
        service = c.service.replace("'", "''")
        columns, values, kept = "", "", ""
        if skipped:
            columns, values, kept = ", skipped", f", {int(c.skipped)}", ", skipped = excluded.skipped"
        out.append(f"INSERT INTO number_sequences (service_day, service, last_seq{columns}, waiting_count) "
                   f"VALUES ('{day.isoformat()}', '{service}', {int(c.last)}{values}, 0) "
                   f"ON CONFLICT (service_day, service) DO UPDATE SET last_seq = excluded.last_seq{kept};")
    return out


def recent_devices(engine: Engine, now: datetime, within_s: float) -> list[str]:
    """Machines that wrote a heartbeat into this store within `within_s` seconds (none when the
    store cannot be read: nothing can be serving from it)."""
    try:
        with db.transaction(engine, write=False) as conn:
            rows = conn.execute(select(devices.c.name, devices.c.last_seen)).all()
    except Exception:  # noqa: BLE001 - missing, broken, older than the heartbeats
        return []
    since = now - timedelta(seconds=within_s)
    return sorted(name for name, seen in rows if seen is not None and _aware(seen) >= since)


def _aware(moment: datetime) -> datetime:
    from datetime import timezone

    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def sqlite_open_elsewhere(path: Path) -> int | None:
    """The process id of another process that has the SQLite file open, None when none has.

    Every open SQLite connection in WAL mode holds a shared lock on one byte of the `-shm` file
    (the wal-index's "dead man switch"), even while idle: asking the kernel who holds it
    (F_GETLK) finds a kiosk or web service that has the store open, without taking any lock."""
    shm = Path(f"{path}-shm")
    try:
        fd = os.open(shm, os.O_RDONLY)
    except OSError:
        return None
    try:
        probe = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, WAL_INDEX_DMS, 1, 0)
        kind, _whence, _start, _len, pid = struct.unpack("hhqqi", fcntl.fcntl(fd, fcntl.F_GETLK, probe))
    except OSError:
        return None
    finally:
        os.close(fd)
    return None if kind == fcntl.F_UNLCK else pid


def sqlite_target(url: str) -> Path | None:
    """The SQLite file a database URL names (None: not SQLite, or in memory)."""
    if not url.startswith("sqlite"):
        return None
    try:
        return db.sqlite_file(make_url(url).database)
    except ArgumentError:
        return None


def shown(url: str) -> str:
    """A database URL as it may be shown: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "?"


# -- SQLite ----------------------------------------------------------------------------------------------
def sqlite_backup(source: Path, dest: Path, day: date, progress: Progress | None = None) -> StoreFacts:
    """Copy the live SQLite store at `source` into the new file `dest` (one consistent moment,
    every committed ticket); returns what the copy holds of `day`'s numbering."""
    src = sqlite3.connect(f"file:{quote(str(source.absolute()))}?mode=rw", uri=True, isolation_level=None,
                          timeout=db.SQLITE_BUSY_TIMEOUT_MS / 1000)
    try:
        src.execute("BEGIN")
        facts = _facts(src, day)              # the snapshot starts here; the copy is of the same moment
        _copy(src, dest, progress)
        src.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        raise StoreNotReady.of("backup.sqlite_failed", path=source, error=str(exc)) from None
    finally:
        src.close()
    return facts


def _copy(src: sqlite3.Connection, dest: Path, progress: Progress | None) -> None:
    os.close(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    out = sqlite3.connect(dest, isolation_level=None)
    try:
        def step(_status, remaining: int, total: int) -> None:
            if progress is not None:
                progress(total - remaining, total)

        src.backup(out, pages=PAGES_PER_STEP, progress=step)
        out.execute("PRAGMA journal_mode=DELETE")       # one self-contained file
    finally:
        out.close()
    _fsync(dest)


def sqlite_continue(draft: Path, statements: list[str]) -> None:
    """Run the numbering statements on the restored file before it is put in place."""
    conn = sqlite3.connect(draft, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        for statement in statements:
            conn.execute(statement)
        conn.execute("COMMIT")
    finally:
        conn.close()


def sqlite_check(path: Path) -> str | None:
    """None when the file is a sound SQLite store with tickets; else what is wrong."""
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.absolute()))}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
            conn.execute("SELECT COUNT(*) FROM tickets").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if result == "ok" else str(result)


def sqlite_restore_file(backup: Path, target: Path, progress: Progress | None = None) -> Path:
    """A checked copy of `backup` beside `target`, not yet in its place (see `sqlite_put_in_place`)."""
    draft = target.with_name(f".{target.name}.restore-{os.getpid()}")
    for leftover in (draft, Path(f"{draft}-journal"), Path(f"{draft}-wal"), Path(f"{draft}-shm")):
        leftover.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{quote(str(backup.absolute()))}?mode=ro", uri=True)
    try:
        _copy(src, draft, progress)
    finally:
        src.close()
    return draft


def sqlite_put_in_place(draft: Path, target: Path) -> None:
    """Rename the restored file over the store in one step. The old store's -wal and -shm files go
    first: SQLite would otherwise lay the old store's last writes over the restored one."""
    _fsync(draft)
    for stale in (Path(f"{target}-wal"), Path(f"{target}-shm"), Path(f"{target}-journal")):
        stale.unlink(missing_ok=True)
    os.replace(draft, target)
    _fsync_folder(target.parent)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    try:
        _fsync(folder)
    except OSError:
        pass


# -- PostgreSQL ------------------------------------------------------------------------------------------
def pg_tool(name: str) -> str:
    """`pg_dump` or `pg_restore`: on the PATH, else the newest in Debian's /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: [int(x) if x.isdigit() else 0 for x in re.split(r"[/.]", p)])
    if candidates:
        return candidates[-1]
    raise StoreNotReady.of("backup.pg.no_tool", tool=name)


def pg_schema(engine: Engine) -> str:
    with db.transaction(engine, write=False) as conn:
        return conn.execute(text("SELECT current_schema()")).scalar_one()


def _libpq(url: URL) -> tuple[str, dict]:
    """The address for pg_dump/pg_restore without its password, and the environment carrying it
    (a password on the command line would show in `ps`)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def pg_backup(engine: Engine, dest: Path, day: date, progress: Progress | None = None) -> StoreFacts:
    """`pg_dump` of the branch's schema into `dest`, on the snapshot the numbering facts were read in."""
    tool = pg_tool("pg_dump")
    schema = pg_schema(engine)
    address, env = _libpq(engine.url)
    with engine.connect().execution_options(isolation_level="REPEATABLE READ", deadline=None) as conn:
        with conn.begin():
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            facts = _facts(conn, day)
            tables = int(conn.execute(text("SELECT COUNT(*) FROM pg_tables WHERE schemaname = :s"),
                                      {"s": schema}).scalar() or 0)
            args = [tool, "--format=custom", f"--schema={schema}", "--no-owner", "--no-acl", "--verbose",
                    f"--snapshot={snapshot}", f"--file={dest}", f"--dbname={address}"]
            _run(args, env, msgid("backup.pg.dump_failed"), tables, progress, "dumping contents of table")
    os.chmod(dest, 0o600)
    return facts


def _run(args: list[str], env: dict, failure: str, total: int | None, progress: Progress | None, marker: str) -> None:
    """Run a PostgreSQL tool; `progress` counts the lines of its --verbose output naming `marker`."""
    done = 0
    if progress is not None:
        progress(0, total)
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    said: list[str] = []
    assert proc.stderr is not None
    for line in proc.stderr:
        if marker in line:
            done += 1
            if progress is not None:
                progress(done if total is None else min(done, total), total)
        elif "error" in line.lower() or "fatal" in line.lower():
            said.append(line.strip())
    if proc.wait() != 0:
        _refused(said[0] if said else f"exit {proc.returncode}", failure)
    if progress is not None and total is not None:
        progress(total, total)


def pg_restore(engine: Engine, dump: Path, after: list[str], progress: Progress | None = None) -> None:
    """Restore the dump into the branch's schema in one transaction: what the schema holds is
    dropped and the dump's tables, data and functions made again (`pg_restore` writes the script,
    `psql --single-transaction` runs it after the drops, and `after` last); any error and nothing
    changed. Needs only
    to own the schema's objects (the owner role, or the superuser); the grants are given back by
    `pg_grant_again` (or `anjungan db roles`)."""
    schema = pg_schema(engine)
    if schema is None:
        raise StoreNotReady.of("backup.pg.no_schema")
    restorer, psql = pg_tool("pg_restore"), pg_tool("psql")
    address, env = _libpq(engine.url)
    env["PGOPTIONS"] = "-c lock_timeout=10000"           # a machine in the middle of work: said, not waited on
    listing = subprocess.run([restorer, "--list", str(dump)], env=env, capture_output=True, text=True)
    if listing.returncode != 0:
        raise StoreNotReady.of("backup.pg.restore_failed", error=(listing.stderr.strip() or "list")[:300])
    dumped = _dumped_schema(listing.stdout)
    if dumped is not None and dumped != schema:
        raise StoreNotReady.of("backup.pg.other_schema", dumped=dumped, schema=schema)
    # the schema itself stays (and its owner, and who may use it): only what is in it is made again
    entries = [line for line in listing.stdout.splitlines() if not re.search(r"\sSCHEMA\s+-\s", line)]
    tables = sum(1 for line in entries if " TABLE DATA " in line)
    stem = dump.with_name(f".{dump.name}.{os.getpid()}")
    toc, prelude, said = Path(f"{stem}.list"), Path(f"{stem}.sql"), Path(f"{stem}.err")
    postlude = Path(f"{stem}.after.sql")
    try:
        toc.write_text("\n".join(entries) + "\n", encoding="utf-8")
        prelude.write_text("\n".join([f'SET search_path = "{schema}";', *_drops(engine, schema)]) + "\n",
                           encoding="utf-8")
        postlude.write_text("\n".join([f'SET search_path = "{schema}";', *after]) + "\n", encoding="utf-8")
        script = subprocess.Popen([restorer, "--no-owner", "--no-acl", "--verbose", f"--use-list={toc}", "--file=-",
                                   str(dump)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        with open(said, "w+", encoding="utf-8") as errors:
            runner = subprocess.Popen([psql, "-X", "-q", "--single-transaction", "-v", "ON_ERROR_STOP=1",
                                       f"--file={prelude}", "--file=-", f"--file={postlude}", f"--dbname={address}"],
                                      env=env,
                                      stdin=script.stdout, stdout=subprocess.DEVNULL, stderr=errors)
            assert script.stdout is not None and script.stderr is not None
            script.stdout.close()
            _count(script.stderr, "processing data for table", tables, progress)
            script.wait()
            runner.wait()
            errors.seek(0)
            error = next((line.strip() for line in errors if "ERROR" in line or "FATAL" in line), "")
        if runner.returncode != 0 or script.returncode != 0:
            _refused(error or f"exit {runner.returncode or script.returncode}", msgid("backup.pg.restore_failed"))
    finally:
        for scratch in (toc, prelude, postlude, said):
            scratch.unlink(missing_ok=True)
    engine.dispose()                          # no pooled connection keeps plans of the old tables


def _drops(engine: Engine, schema: str) -> list[str]:
    """DROP statements for everything in the schema (its tables, views, sequences, functions, types)."""
    kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE",
             "f": "FOREIGN TABLE"}
    with db.transaction(engine, write=False) as conn:
        relations = conn.execute(text(
            "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = :s AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"), {"s": schema}).all()
        routines = conn.execute(text(
            "SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = :s AND p.prokind IN ('f', 'p')"),
            {"s": schema}).scalars().all()
        types = conn.execute(text(
            "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
            "WHERE n.nspname = :s AND t.typtype IN ('e', 'd')"), {"s": schema}).scalars().all()
    out = [f'DROP {kinds[kind]} IF EXISTS "{name}" CASCADE;' for name, kind in relations]
    out += [f"DROP ROUTINE IF EXISTS {_routine(r)} CASCADE;" for r in routines]
    out += [f'DROP TYPE IF EXISTS "{t}" CASCADE;' for t in types]
    return out


def _routine(signature: str) -> str:
    name, _, args = signature.partition("(")
    return f'"{name}"({args}'


def _count(stream, marker: str, total: int | None, progress: Progress | None) -> None:
    done = 0
    if progress is not None:
        progress(0, total)
    for line in stream:
        if marker in line:
            done += 1
            if progress is not None:
                progress(done if total is None else min(done, total), total)


def _refused(error: str, failure: str) -> None:
    """A PostgreSQL tool's failure in one sentence: a right this role lacks is "not allowed" (exit 5)."""
    log.error("PostgreSQL tool: %s", error)
    if "permission denied" in error or "must be owner" in error:
        raise StoreNotAllowed.of("backup.pg.not_allowed", error=error[:300])
    raise StoreNotReady.of(failure, error=error[:300])


def pg_roles_prefix(engine: Engine) -> str | None:
    """The prefix of the branch's roles (`anjungan db roles`), from the owner of its tickets table:
    `<prefix>_owner`; None when the store has none yet (a new server) or cannot be read."""
    try:
        with db.transaction(engine, write=False) as conn:
            owner = conn.execute(text("SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() "
                                      "AND tablename = 'tickets'")).scalar()
            if not owner or not owner.endswith("_owner"):
                return None
            prefix = owner.removesuffix("_owner")
            known = conn.execute(text("SELECT COUNT(*) FROM pg_roles WHERE rolname = :r"),
                                 {"r": f"{prefix}_kiosk"}).scalar()
    except Exception:  # noqa: BLE001 - no store to read: no roles to give back
        return None
    return prefix if known else None


def pg_grant_again(engine: Engine, prefix: str) -> None:
    """After a restore: every role of the branch gets its rights again (as `anjungan db roles`)."""
    from kiosk.store import roles

    with db.transaction(engine) as conn:
        roles.apply(conn.execution_options(deadline=None), prefix)


def _dumped_schema(listing: str) -> str | None:
    """The schema the dump's tables belong to (from `pg_restore --list`)."""
    match = re.search(r"^\d+;\s*\d+\s+\d+\s+TABLE\s+(\S+)\s+tickets\s", listing, re.MULTILINE)
    return match.group(1) if match else None
