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

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import URL

from kiosk.domain.errors import StoreNotReady
from kiosk.domain.restore import Continued
from kiosk.store import db

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


def store_facts(engine: Engine, day: date) -> StoreFacts | None:
    """What a store knows of `day`'s numbering; None when it cannot be read (missing, broken)."""
    try:
        with db.transaction(engine, write=False) as conn:
            return StoreFacts(_numbers(conn, day), ticket_count(conn))
    except Exception as exc:  # noqa: BLE001 - missing, broken, older: the restore goes on without it
        log.info("restore: the store being replaced cannot be read (%s)", type(exc).__name__)
        return None


def _numbers(conn: Connection, day: date) -> dict[str, tuple[int, int]]:
    columns = {c["name"] for c in _columns(conn, "number_sequences")}
    skipped = "skipped" if "skipped" in columns else "0"
    rows = conn.execute(text(f"SELECT service, last_seq, {skipped} FROM number_sequences WHERE service_day = :d"),
                        {"d": day})
    return {service: (int(last), int(skip)) for service, last, skip in rows}


def _columns(conn: Connection, table: str) -> list[dict]:
    from sqlalchemy import inspect

    return inspect(conn).get_columns(table)


def continue_numbering(engine: Engine, day: date,
                       decide: Callable[[dict[str, int]], Iterable[Continued]]) -> tuple[Continued, ...]:
    """In one transaction: `decide(busiest day per service)` says how each service's numbering
    goes on `day`, and it is written."""
    with db.transaction(engine) as conn:
        continued = tuple(decide(busiest_days(conn, day)))
        continue_numbers(conn, day, continued)
    return continued


def busiest_days(conn: Connection, day: date) -> dict[str, int]:
    """Per service, the most numbers issued on one day of the year before `day`."""
    rows = conn.execute(text("SELECT service, MAX(last_seq - skipped) FROM number_sequences "
                             "WHERE service_day >= :since AND service_day <= :d GROUP BY service"),
                        {"since": day - timedelta(days=BUSIEST_OVER_DAYS), "d": day})
    return {service: int(most or 0) for service, most in rows}


def continue_numbers(conn: Connection, day: date, continued: Iterable[Continued]) -> None:
    """Set each service's numbering on `day` (in the caller's transaction)."""
    for c in continued:
        done = conn.execute(text("UPDATE number_sequences SET last_seq = :last, skipped = :skipped "
                                 "WHERE service_day = :d AND service = :s"),
                            {"last": c.last, "skipped": c.skipped, "d": day, "s": c.service})
        if done.rowcount == 0:
            conn.execute(text("INSERT INTO number_sequences (service_day, service, last_seq, skipped, waiting_count) "
                              "VALUES (:d, :s, :last, :skipped, 0)"),
                         {"last": c.last, "skipped": c.skipped, "d": day, "s": c.service})


def ticket_count(conn: Connection) -> int:
    return int(conn.execute(text("SELECT COUNT(*) FROM tickets")).scalar() or 0)


def recent_devices(engine: Engine, now: datetime, within_s: float) -> list[str]:
    """Machines that wrote a heartbeat into this store within `within_s` seconds (none when the
    store cannot be read: nothing can be serving from it)."""
    try:
        with db.transaction(engine, write=False) as conn:
            rows = conn.execute(text("SELECT name, last_seen FROM devices")).all()
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


# -- SQLite ----------------------------------------------------------------------------------------------
def sqlite_backup(source: Path, dest: Path, progress: Progress | None = None) -> int:
    """Copy the live SQLite store at `source` into the new file `dest` (one consistent moment,
    every committed ticket); returns the tickets in the copy."""
    src = sqlite3.connect(f"file:{quote(str(source.absolute()))}?mode=rw", uri=True, isolation_level=None,
                          timeout=db.SQLITE_BUSY_TIMEOUT_MS / 1000)
    try:
        src.execute("BEGIN")
        tickets = int(src.execute("SELECT COUNT(*) FROM tickets").fetchone()[0])   # the snapshot starts here
        _copy(src, dest, progress)
        src.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        raise StoreNotReady.of("backup.sqlite_failed", path=source, error=str(exc)) from None
    finally:
        src.close()
    return tickets


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


def pg_backup(engine: Engine, dest: Path, progress: Progress | None = None) -> int:
    """`pg_dump` of the branch's schema into `dest`, on the snapshot the ticket count was read in."""
    tool = pg_tool("pg_dump")
    schema = pg_schema(engine)
    address, env = _libpq(engine.url)
    with engine.connect().execution_options(isolation_level="REPEATABLE READ", deadline=None) as conn:
        with conn.begin():
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            tickets = ticket_count(conn)
            tables = int(conn.execute(text("SELECT COUNT(*) FROM pg_tables WHERE schemaname = :s"),
                                      {"s": schema}).scalar() or 0)
            args = [tool, "--format=custom", f"--schema={schema}", "--no-owner", "--no-acl", "--verbose",
                    f"--snapshot={snapshot}", f"--file={dest}", f"--dbname={address}"]
            _run(args, env, "backup.pg.dump_failed", tables, progress, "dumping contents of table")
    os.chmod(dest, 0o600)
    return tickets


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
        error = said[0] if said else f"exit {proc.returncode}"
        log.error("%s: %s", args[0], error)
        raise StoreNotReady.of(failure, error=error[:300])
    if progress is not None and total is not None:
        progress(total, total)


def pg_restore(engine: Engine, dump: Path, progress: Progress | None = None) -> str:
    """Restore the dump into the branch's schema: the old schema is set aside under another name
    while the dump goes into a new one in one transaction; on failure the old one comes back.
    Returns the name the old schema was set aside under (dropped by `pg_drop_aside`)."""
    tool = pg_tool("pg_restore")
    schema = pg_schema(engine)
    address, env = _libpq(engine.url)
    listing = subprocess.run([tool, "--list", str(dump)], env=env, capture_output=True, text=True)
    if listing.returncode != 0:
        raise StoreNotReady.of("backup.pg.restore_failed", error=(listing.stderr.strip() or "list")[:300])
    own_schema = re.compile(rf"^\d+;\s*\d+\s+\d+\s+SCHEMA\s+-\s+{re.escape(schema)}\s")
    entries = [line for line in listing.stdout.splitlines() if not own_schema.match(line)]
    dumped = _dumped_schema(listing.stdout)
    if dumped is not None and dumped != schema:
        raise StoreNotReady.of("backup.pg.other_schema", dumped=dumped, schema=schema)
    toc = dump.with_name(f".{dump.name}.{os.getpid()}.list")
    aside = f"{schema}_replaced_{os.getpid()}"[:db.IDENTIFIER_MAX_BYTES]
    tables = sum(1 for line in entries if " TABLE DATA " in line)
    with engine.connect().execution_options(deadline=None) as conn:
        conn.execute(text(f'ALTER SCHEMA "{schema}" RENAME TO "{aside}"'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        conn.commit()
    try:
        toc.write_text("\n".join(entries) + "\n", encoding="utf-8")
        _run([tool, "--no-owner", "--no-acl", "--single-transaction", "--exit-on-error", "--verbose",
              f"--use-list={toc}", f"--dbname={address}", str(dump)], env, "backup.pg.restore_failed", tables,
             progress, "processing data for table")
    except BaseException:
        with engine.connect().execution_options(deadline=None) as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            conn.execute(text(f'ALTER SCHEMA "{aside}" RENAME TO "{schema}"'))
            conn.commit()
        raise
    finally:
        toc.unlink(missing_ok=True)
    engine.dispose()                          # no pooled connection keeps the old schema's plans
    return aside


def pg_drop_aside(engine: Engine, aside: str) -> None:
    with engine.connect().execution_options(deadline=None) as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{aside}" CASCADE'))
        conn.commit()


def pg_put_back(engine: Engine, aside: str) -> None:
    """Undo `pg_restore`: the restored schema goes, the set-aside one comes back."""
    schema = pg_schema(engine)
    with engine.connect().execution_options(deadline=None) as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'ALTER SCHEMA "{aside}" RENAME TO "{schema}"'))
        conn.commit()


def _dumped_schema(listing: str) -> str | None:
    """The schema the dump's tables belong to (from `pg_restore --list`)."""
    match = re.search(r"^\d+;\s*\d+\s+\d+\s+TABLE\s+(\S+)\s+tickets\s", listing, re.MULTILINE)
    return match.group(1) if match else None
