"""The `anjungan` command.

Each area registers its sub-commands from its own module (queue, participants, printer,
voice, windows). Commands that need no window never import Qt, so they start fast.
Failures print one sentence on stderr and exit non-zero; never a traceback for a user error.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Callable

from kiosk.domain.catalog import error_text, tr

AREAS = ("kiosk.cli.queue", "kiosk.cli.participants", "kiosk.cli.printer", "kiosk.cli.voice", "kiosk.cli.windows",
         "kiosk.cli.staff", "kiosk.cli.reports", "kiosk.cli.web", "kiosk.cli.init", "kiosk.cli.doctor",
         "kiosk.cli.units", "kiosk.cli.devices", "kiosk.cli.region", "kiosk.cli.backup", "kiosk.cli.missed",
         "kiosk.cli.day", "kiosk.cli.ktp", "kiosk.cli.notifier")


class UserError(Exception):
    """A problem the user can fix; printed as one sentence, exit status 1 (or `status`).

    Raised from a message id of the catalog, `UserError.of("cli.…", **values)`; the command line
    speaks Indonesian."""

    def __init__(self, message: str, status: int = 1, key: str | None = None):
        super().__init__(message)
        self.status = status
        self.key = key

    @classmethod
    def of(cls, key: str, /, *, exit_status: int = 1, **params) -> "UserError":
        return cls(tr(key, "id", **params), exit_status, key)


def print_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def build_parser() -> argparse.ArgumentParser:
    import importlib

    from kiosk.version import program_version

    parser = argparse.ArgumentParser(prog="anjungan", description="Anjungan mandiri: kiosk, counters and hall display.")
    parser.add_argument("--version", action="version", version=f"anjungan {program_version()}")
    parser.add_argument("--config", metavar="PATH",
                        help="branch configuration (TOML); default $ANJUNGAN_CONFIG, else /etc/anjungan/branch.toml "
                             "when it exists, else the default.toml shipped with the package")
    parser.add_argument("--db", metavar="URL",
                        help="database URL (SQLAlchemy); default $ANJUNGAN_DB_URL, else [database] db_url_file, "
                             "else [database] url, else a SQLite file in the data folder")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in AREAS:
        importlib.import_module(name).register(sub)
    return parser


INTERNAL_ERROR = 70          # EX_SOFTWARE: a fault of the program, not of what was asked
# Exit statuses of a machine that is not set up yet (each needs a person; `anjungan units` writes
# them as `RestartPreventExitStatus=`, so systemd does not restart it in a loop): 2 the
# configuration, 5 the database refuses this machine, 6 the database is not ready (missing, schema
# behind or newer, disk full), and 7 no staff/admin PIN yet.
NOT_SET_UP = 7


def main(argv: list[str] | None = None) -> int:
    """Run one command. Every failure ends in one sentence on stderr and an exit status; a fault
    of the program itself is written in full to the log file (kiosk/app/logsetup.py), never shown.
    Run as the command (no `argv`), every log line of the process goes to that file."""
    from kiosk.services import logsetup

    if argv is None:
        logsetup.configure()
    try:
        if any("\x00" in a for a in (argv if argv is not None else sys.argv[1:])):
            raise UserError.of("safety.cli.nul", exit_status=2)      # no file, URL or value holds one
        parser = build_parser()
        args = parser.parse_args(argv)
        handler: Callable[[argparse.Namespace], int | None] = args.handler
        return handler(args) or 0
    except UserError as exc:
        print(f"anjungan: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        return 130
    except SystemExit:
        raise
    except BrokenPipeError:
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())   # nothing more to say at exit
        return 0                                   # the reader went away (`| head`)
    except Exception as exc:  # errors raised by services carry a sentence for the user
        from printer.errors import PrinterError

        from kiosk.domain.errors import AnjunganError

        if isinstance(exc, (AnjunganError, PrinterError)):
            print(f"anjungan: {error_text(exc)}", file=sys.stderr)
            return exc.exit_status
        if isinstance(exc, RecursionError):
            logsetup.report_crash(exc)
            print(f"anjungan: {tr('safety.too_deep')}", file=sys.stderr)
            return 2
        print(f"anjungan: {logsetup.report_crash(exc)}", file=sys.stderr)
        return INTERNAL_ERROR
