"""`anjungan backup [--to DIR] [--keep N] [--json]` and `anjungan restore PATH [--force] [--json]`.

A backup is a folder with the store (SQLite's online copy, or `pg_dump` of the branch's schema),
the NIK key and the configuration; the folder keeps the newest N (kiosk/app/backup.py). Both show
their progress (a bar on a terminal, `--progress-json` for scripts).
"""
from __future__ import annotations

import argparse

from kiosk.cli.common import add_json, emit, services
from kiosk.cli.progress import add_progress, shown
from kiosk.domain.catalog import tr
from kiosk.domain.restore import BACKUPS_KEPT


def register(sub) -> None:
    p = sub.add_parser("backup", help="back up the branch's database with its NIK key and configuration",
                       description="Back up the branch's database (safe while the branch is serving), with the "
                                   "NIK key and this machine's configuration, into one folder per backup.")
    p.add_argument("--to", metavar="DIR", help="the folder of backups (default: backups/ in the data folder)")
    p.add_argument("--keep", type=int, default=BACKUPS_KEPT, metavar="N",
                   help=f"backups kept in the folder, the newest (default {BACKUPS_KEPT})")
    add_json(p)
    add_progress(p)
    p.set_defaults(handler=run_backup)

    r = sub.add_parser("restore", help="put a backup back into the configured database",
                       description="Restore a backup folder made by `anjungan backup` into the configured database. "
                                   "Refused while machines use the database, unless --force.")
    r.add_argument("path", metavar="PATH", help="the backup folder (or a file in it)")
    r.add_argument("--force", action="store_true", help="restore even while the database is in use")
    add_json(r)
    add_progress(r)
    r.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    svc = services(args, upgrade=False)           # a backup is taken as the store is: never migrated first
    try:
        with shown(args, "backup") as progress:
            made = svc.backup(args.to, args.keep, progress=progress)
    finally:
        svc.close()
    lines = [tr("backup.made", path=made.path, tickets=made.tickets, size=_size(made.bytes))]
    if made.removed:
        lines.append(tr("backup.rotated", count=len(made.removed), keep=args.keep))
    emit(args, made.to_json(), "\n".join(lines))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from kiosk.services import restore_backup

    with shown(args, "restore") as progress:
        done = restore_backup(args.config, args.db, args.path, force=args.force, progress=progress)
    lines = [tr("backup.restore.done", database=done.database, path=done.path, taken=done.taken_at,
                tickets=done.tickets)]
    if done.key_installed:
        lines.append(tr("backup.restore.key_installed", path=done.key_installed))
    for c in done.numbering:
        if c.known:
            lines.append(tr("backup.restore.next_known", service=c.service, next=done.next_number(c)))
        else:
            lines.append(tr("backup.restore.next_gap", service=c.service, next=done.next_number(c),
                            gap=c.last - c.last_in_backup))
    lines.append(tr("backup.restore.restart"))
    emit(args, done.to_json(), "\n".join(lines))
    return 0


def _size(n: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"
