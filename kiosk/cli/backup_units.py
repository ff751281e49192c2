"""The nightly backup as systemd runs it: `anjungan units --machine M --backup [--backup-db URL]`.

Written beside the machine's own unit, for the one machine that holds the branch's store:
- `anjungan-backup.service`: one `anjungan backup` (Type=oneshot, at low CPU and I/O priority,
  with only the data and backup folders writable);
- `anjungan-backup.timer`: starts it every night at 02:30 (within a random quarter of an hour),
  and at the next start when the PC was off at that time (`Persistent=true`).
A one-PC branch (SQLite) backs up as the `anjungan` user with the machine's configuration. A
PostgreSQL branch backs up on the server as the database's owner, through the server's own socket
(`--backup-db postgresql+psycopg:///anjungan`), with the setup's data folder and its NIK key
(docs/deploy.md, section 3).
"""
from __future__ import annotations

from pathlib import Path

from kiosk.cli.unit_files import oneshot_service

BACKUP_DIR = Path("/var/backups/anjungan")
SERVICE = "anjungan-backup.service"
TIMER = "anjungan-backup.timer"
NIGHTLY = "*-*-* 02:30:00"
OWNER = "postgres"
OWNER_DATA_DIR = Path("/var/lib/postgresql/anjungan-setup")


def backup_user(db_url: str | None, user: str) -> str:
    return OWNER if db_url else user


def service_text(program: str, db_url: str | None, user: str, data_dir: Path, config_file: Path) -> str:
    """One backup into BACKUP_DIR, as the machine's user (SQLite) or the database's owner (PostgreSQL)."""
    who = backup_user(db_url, user)
    data = OWNER_DATA_DIR if db_url else data_dir
    command = [program, *(("--db", db_url) if db_url else ()), "backup", "--to", str(BACKUP_DIR)]
    return oneshot_service(
        written_by="`anjungan units --backup`; see docs/deploy.md (Backups)",
        description="anjungan: back up the branch's database, NIK key and configuration",
        user=who, data=data, config_file=config_file, exec_start=" ".join(command),
        extra=("Nice=10", "IOSchedulingClass=idle"), read_write=f"{data} {BACKUP_DIR}", identifier="anjungan-backup")


def timer_text() -> str:
    return "\n".join([
        "# Written by `anjungan units --backup`; see docs/deploy.md (Backups).", "[Unit]",
        "Description=anjungan: the nightly backup", "", "[Timer]", f"OnCalendar={NIGHTLY}",
        "RandomizedDelaySec=15min", "Persistent=true", f"Unit={SERVICE}", "", "[Install]",
        "WantedBy=timers.target", ""])


def tmpfiles_line(db_url: str | None, user: str) -> str:
    who = backup_user(db_url, user)
    return f"d {BACKUP_DIR} 0700 {who} {who} -"


def readme_lines() -> list[str]:
    return [
        "# The nightly backup (on the machine that holds the database only):",
        f"cp {SERVICE} {TIMER} /etc/systemd/system/ && systemctl daemon-reload && systemctl enable --now {TIMER}",
        f"systemctl list-timers {TIMER}     # when it runs next; `systemctl start {SERVICE}` runs it now",
        f"journalctl -u {SERVICE}          # what each backup said",
        f"# Copy {BACKUP_DIR} off this machine (it holds the NIK key: keep the copy locked away).",
    ]
