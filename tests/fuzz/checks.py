"""What every fuzzed input must do, shared by the hypothesis suite (tests/fuzz/test_fuzz.py) and
the long run (tests/bench/soak_fuzz.py): end in a result or one of the product's own errors
(never another exception, never a traceback on stderr), within a few seconds, and never leave a
change half-written.

Each check counts what it saw in `TALLY`, which the long run reports.
"""
from __future__ import annotations

import contextlib
import io
import os
import signal
import sqlite3
from collections import Counter
from datetime import date
from pathlib import Path

TALLY: Counter = Counter()
HANG_S = 10
TODAY = date(2026, 11, 23)


class Hang(BaseException):
    pass


@contextlib.contextmanager
def bounded(seconds: int = HANG_S):
    """Fail an input that runs longer than `seconds` (main thread only)."""
    def on_alarm(_signum, _frame):
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _user_facing(exc: BaseException) -> bool:
    from printer.errors import PrinterError

    from kiosk.cli import UserError
    from kiosk.domain.errors import AnjunganError

    return isinstance(exc, (AnjunganError, PrinterError, UserError))


def _fail(kind: str, what: str, detail: str) -> None:
    TALLY[kind] += 1
    raise AssertionError(f"{kind}: {what}: {detail}")


# -- participant files ----------------------------------------------------------------------------

def check_csv_bytes(content: bytes, folder: Path, encoding: str | None = None) -> None:
    """Reading a participant file: rows and row errors, or one error for the file as a whole."""
    from kiosk.directory.csvfile import ParticipantRow, RowError, read_participants

    TALLY["csv"] += 1
    path = folder / "fuzz.csv"
    path.write_bytes(content)
    try:
        with bounded():
            items = list(read_participants(path, TODAY, encoding=encoding))
    except Hang as exc:
        _fail("hangs", "csv", str(exc))
    except Exception as exc:  # noqa: BLE001 - the point of the check
        if not _user_facing(exc):
            _fail("tracebacks", "csv", repr(exc))
        return
    for item in items:
        assert isinstance(item, (ParticipantRow, RowError))
        if isinstance(item, RowError):
            assert "\x00" not in item.reason and len(item.reason) < 600 and len(item.nik_masked) <= 20
            assert item.reason_en


def check_csv_import(svc, content: bytes, folder: Path, strict: bool = False) -> None:
    """Importing a participant file: all good rows written with every bad row reported, or nothing."""
    from kiosk.store import participants

    TALLY["csv_import"] += 1
    path = folder / "import.csv"
    path.write_bytes(content)
    with svc.database.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM participants")
    try:
        with bounded():
            report = svc.import_csv(path, strict=strict)
    except Hang as exc:
        _fail("hangs", "import", str(exc))
    except Exception as exc:  # noqa: BLE001
        if not _user_facing(exc):
            _fail("tracebacks", "import", repr(exc))
        if participants.count(svc.database.engine) != 0:
            _fail("half_written", "import", f"{participants.count(svc.database.engine)} rows kept after {exc}")
        return
    written = participants.count(svc.database.engine)
    if written != report.imported or (not report.written and written):
        _fail("half_written", "import", f"{written} rows in the table, report says {report.imported}")


# -- configuration --------------------------------------------------------------------------------

def check_config_text(text: str) -> None:
    from kiosk.config import parse_config
    from kiosk.domain.errors import ConfigError

    TALLY["config"] += 1
    try:
        with bounded():
            parse_config(text, "fuzz.toml")
    except Hang as exc:
        _fail("hangs", "config", str(exc))
    except ConfigError as exc:
        assert str(exc) and "\n" not in str(exc).strip() or "TOML" in str(exc)
    except Exception as exc:  # noqa: BLE001
        _fail("tracebacks", "config", repr(exc))


# -- printer addresses ----------------------------------------------------------------------------

def check_printer_url(url: str, folder: Path) -> None:
    """A printer address is a target or one sentence; printing to it writes nothing outside a
    device or the preview folder, and never creates or changes an ordinary file."""
    from printer import PrinterError, PrinterSettings, parse_url
    from printer.connect import default_preview_dir

    TALLY["printer_url"] += 1
    before = _snapshot(folder)
    try:
        with bounded():
            target = parse_url(url)
    except Hang as exc:
        _fail("hangs", "printer url", str(exc))
    except PrinterError:
        return
    except Exception as exc:  # noqa: BLE001
        _fail("tracebacks", "printer url", repr(exc))
        return
    if target.kind == "preview":
        from urllib.parse import unquote, urlsplit

        parts = urlsplit(url.strip())
        given = unquote(parts.netloc + parts.path)
        where, root = Path(target.directory), default_preview_dir()
        inside = where == root or root.resolve() in where.resolve().parents or where.resolve() == root.resolve()
        if ".." in where.parts or not (given.startswith("/") or inside):
            _fail("escapes", "preview", f"{url} -> {where}")
        return
    # Print only to what the fuzz may touch: its own folder (ordinary files: must stay unchanged)
    # and /dev/null. Never another device of the machine.
    if target.kind == "file" and (target.device == "/dev/null" or Path(target.device).resolve().is_relative_to(folder)):
        from printer.deliver import attempt
        from printer.layout import check_page_ops

        from kiosk.app.printing import check_page_labels

        settings = PrinterSettings.for_paper("dummy://", 80)
        try:
            with bounded():
                attempt(target, "fuzz", check_page_ops(settings, check_page_labels()), settings)
        except Hang as exc:
            _fail("hangs", "file printer", str(exc))
        except Exception as exc:  # noqa: BLE001
            _fail("tracebacks", "file printer", repr(exc))
        if _snapshot(folder) != before:
            _fail("half_written", "file printer", f"{url} changed the folder")


def _snapshot(folder: Path) -> dict:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# -- the command line -----------------------------------------------------------------------------

def check_cli(argv: list[str], db_file: Path) -> int:
    """One `anjungan` command, in this process: an exit status and at most a few sentences on
    stderr; no traceback; the queue consistent afterwards."""
    from kiosk.cli import main

    TALLY["cli"] += 1
    out, err = io.StringIO(), io.StringIO()
    code = None
    try:
        with bounded(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--db", f"sqlite:///{db_file}", *argv])
    except SystemExit as exc:           # argparse: a usage line and status 2
        code = exc.code if isinstance(exc.code, int) else 2
    except Hang as exc:
        _fail("hangs", "cli", f"{argv}: {exc}")
    except Exception as exc:  # noqa: BLE001
        _fail("tracebacks", "cli", f"{argv}: {exc!r}")
    if "Traceback" in err.getvalue() or code not in (0, 1, 2, 3, 4):
        _fail("tracebacks", "cli", f"{argv}: status {code}: {err.getvalue()[-500:]}")
    _queue_consistent(db_file, argv)
    return code


def _queue_consistent(db_file: Path, argv) -> None:
    """Nothing half-written: every number handed out is a ticket, every ticket has its event."""
    if not db_file.exists():
        return
    conn = sqlite3.connect(db_file)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "tickets" not in tables:
            return
        numbers = dict(((d, s), n) for d, s, n in conn.execute(
            "SELECT service_day, service, last_seq FROM number_sequences"))
        tickets = dict(((d, s), n) for d, s, n in conn.execute(
            "SELECT service_day, service, max(seq) FROM tickets WHERE origin_ticket_id IS NULL "
            "GROUP BY service_day, service"))
        counted = dict(((d, s), n) for d, s, n in conn.execute(
            "SELECT service_day, service, count(*) FROM tickets WHERE origin_ticket_id IS NULL "
            "GROUP BY service_day, service"))
        issued_events = conn.execute("SELECT count(*) FROM events WHERE kind = 'issued'").fetchone()[0]
        all_tickets = conn.execute("SELECT count(*) FROM tickets WHERE origin_ticket_id IS NULL").fetchone()[0]
    finally:
        conn.close()
    if numbers != tickets or any(counted[k] != tickets[k] for k in tickets) or issued_events < all_tickets:
        _fail("half_written", "cli", f"{argv}: numbers {numbers} tickets {tickets} events {issued_events}")


def environment(folder: Path) -> dict:
    return {"ANJUNGAN_DATA_DIR": str(folder / "data"), "ANJUNGAN_NOW": "2026-11-23T09:00:00+07:00"}


def apply_environment(folder: Path) -> None:
    os.environ.update(environment(folder))
