"""`anjungan units --machine KIND [--counter N] [--out DIR]`: what systemd needs to run one machine.

Written into DIR (default ./anjungan-units), each file for its place on the machine:
- `anjungan-<kind>[-<N>].service` → /etc/systemd/system/: the windows (kiosk, counter, display,
  monitor, rating) full screen under cage on a tty (no desktop, no window manager), the web
  service hardened and with `LimitNOFILE` for its event streams, the SMS service (notifier) as
  hardened, in the `gammu` group that may write gammu-smsd's outbox; stdout and stderr to journald;
  `Restart=always`, except for the exit statuses of a machine that is not set up yet
  (`RestartPreventExitStatus=`: 2 configuration, 5 not allowed, 6 not ready, 7 no PIN), which
  need a person and would otherwise restart forever;
- `anjungan.sysusers.conf` → /etc/sysusers.d/: the dedicated system user `anjungan`, and the
  groups the screen, touch, sound and printer devices need;
- `anjungan.tmpfiles.conf` → /etc/tmpfiles.d/: the data folder (database file, NIK key,
  previews), the log folder inside it (and /var/log/anjungan pointing there), /etc/anjungan;
- `README`: where each file goes and the commands that take it into use.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.cli import NOT_SET_UP, UserError
from kiosk.cli.unit_files import CONFIG_DIR, CONFIG_FILE, DEFAULT_PROGRAM, installed_program, write_unit_files
from kiosk.domain.catalog import tr
from kiosk.domain.errors import ConfigError, StoreNotAllowed, StoreNotReady

MACHINES = ("kiosk", "counter", "display", "web", "monitor", "rating", "notifier")
WINDOWS = ("kiosk", "counter", "display", "monitor", "rating")
NEEDS_COUNTER = ("counter", "rating")
# The SMS service hands each message to gammu-smsd (kiosk/notify): Debian's files backend keeps its
# outbox in this folder, writable by the `gammu` group (another outbox: `systemctl edit` the unit).
SMSD_GROUP = "gammu"
SMSD_SPOOL = Path("/var/spool/gammu")
STAFF_WINDOWS = ("counter", "monitor")          # the public's screens cannot switch to a console
NOT_SET_UP_STATUSES = (ConfigError.exit_status, StoreNotAllowed.exit_status, StoreNotReady.exit_status, NOT_SET_UP)
USER = "anjungan"
DATA_DIR = Path("/var/lib/anjungan")
LOG_DIR = DATA_DIR / "logs"
WEB_OPEN_FILES = 65536
RESTART_S = 5
DEFAULT_CAGE = Path("/usr/bin/cage")

_WHAT = {
    "kiosk": "the participant's kiosk",
    "counter": "the counter (loket) window",
    "display": "the hall display",
    "web": "the branch web service (phone page, API)",
    "monitor": "the head of service's monitor",
    "rating": "the rating screen at a counter",
    "notifier": "the SMS service (to gammu-smsd)",
}


def register(sub) -> None:
    p = sub.add_parser("units", help="write the systemd unit, system user and folders of one machine",
                       description="Write the systemd unit of one machine, with its system user (sysusers.d) and "
                                   "folders (tmpfiles.d), into a folder to install from.")
    p.add_argument("--machine", required=True, choices=MACHINES)
    p.add_argument("--counter", type=int, metavar="N", help="the counter number (counter and rating machines)")
    p.add_argument("--out", default="anjungan-units", metavar="DIR", help="where to write (default ./anjungan-units)")
    p.add_argument("--program", metavar="PATH",
                   help=f"the installed anjungan command (default: the one on PATH, else {DEFAULT_PROGRAM})")
    p.add_argument("--cage", metavar="PATH", default=str(DEFAULT_CAGE), help=f"the cage compositor ({DEFAULT_CAGE})")
    p.add_argument("--tty", type=int, default=1, metavar="N", help="the virtual terminal of the windows (default 1)")
    p.add_argument("--backup", action="store_true",
                   help="also the nightly backup's service and timer (on the machine that holds the database)")
    p.add_argument("--backup-db", metavar="URL",
                   help="PostgreSQL: back up as the database's owner through this address (e.g. "
                        "postgresql+psycopg:///anjungan on the server)")
    p.set_defaults(handler=run_units)


def unit_name(machine: str, counter: int | None = None) -> str:
    return f"anjungan-{machine}" + (f"-{counter}" if counter is not None else "") + ".service"


def _command(machine: str, counter: int | None) -> list[str]:
    return {
        "kiosk": ["kiosk", "--hide-cursor"],
        "counter": ["counter", "--counter", str(counter), "--fullscreen"],
        "display": ["display"],
        "monitor": ["monitor", "--fullscreen"],
        "rating": ["rating", "--counter", str(counter)],
        "web": ["web"],
        "notifier": ["notifier"],
    }[machine]


def unit_text(machine: str, counter: int | None, program: str, cage: str = str(DEFAULT_CAGE), tty: int = 1) -> str:
    """The systemd unit of one machine."""
    name = unit_name(machine, counter).removesuffix(".service")
    what = _WHAT[machine] + (f", counter {counter}" if counter is not None else "")
    command = " ".join([program, *_command(machine, counter)])
    unit = [f"Description=anjungan: {what}", "Wants=network-online.target", "After=network-online.target time-sync.target"]
    service = ["Type=simple", f"User={USER}", f"Group={USER}", f"WorkingDirectory={DATA_DIR}",
               f"Environment=ANJUNGAN_CONFIG={CONFIG_FILE}", f"Environment=ANJUNGAN_DATA_DIR={DATA_DIR}",
               "Environment=PYTHONUNBUFFERED=1"]
    if machine in WINDOWS:
        tty_name = f"tty{tty}"
        unit += [f"Conflicts=getty@{tty_name}.service", f"After=systemd-user-sessions.service getty@{tty_name}.service "
                 "plymouth-quit-wait.service"]
        service += ["PAMName=login", f"TTYPath=/dev/{tty_name}", "TTYReset=yes", "TTYVHangup=yes",
                    "TTYVTDisallocate=yes", "StandardInput=tty-fail", f"UtmpIdentifier={tty_name}", "UtmpMode=user",
                    "SupplementaryGroups=video render input audio lp dialout",
                    "Environment=QT_QPA_PLATFORM=wayland", "Environment=XDG_RUNTIME_DIR=/run/user/%U",
                    # cage gives the window the whole screen (-d: no decorations; -s: staff may switch
                    # to a text console); the program reads no PIN from the tty
                    f"ExecStart={cage} -d{' -s' if machine in STAFF_WINDOWS else ''} -- "
                    f"/bin/sh -c 'exec {command} </dev/null'"]
        install = "graphical.target"
    else:
        writable = [str(DATA_DIR)]
        if machine == "notifier":
            unit.append("After=gammu-smsd.service")
            service.append(f"SupplementaryGroups={SMSD_GROUP}")
            writable.append(f"-{SMSD_SPOOL}")           # "-": no such folder with an SQL backend
        service += [f"ExecStart={command}", f"LimitNOFILE={WEB_OPEN_FILES}", "NoNewPrivileges=yes",
                    "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes",
                    f"ReadWritePaths={' '.join(writable)}", "ProtectKernelTunables=yes", "ProtectControlGroups=yes",
                    "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "LockPersonality=yes"]
        install = "multi-user.target"
    statuses = " ".join(str(s) for s in NOT_SET_UP_STATUSES)
    service += ["StandardOutput=journal", "StandardError=journal", f"SyslogIdentifier={name}",
                "Restart=always", f"RestartSec={RESTART_S}",
                f"# {statuses}: not set up yet (configuration, not allowed, not ready, no PIN): fix, then restart",
                f"RestartPreventExitStatus={statuses}"]
    return "\n".join(["# Written by `anjungan units`; see docs/deploy.md.", "[Unit]", *unit, "", "[Service]", *service,
                      "", "[Install]", f"WantedBy={install}", ""])


def sysusers_text() -> str:
    return "\n".join([
        "# The system user every anjungan machine runs as (systemd-sysusers).",
        f'u {USER} - "anjungan branch machine" {DATA_DIR} -',
        *(f"m {USER} {group}" for group in ("video", "render", "input", "audio", "lp", "dialout")), ""])


def tmpfiles_text() -> str:
    return "\n".join([
        "# anjungan's folders (systemd-tmpfiles --create): the data (database file, NIK key, previews),",
        "# its logs, and the configuration (written by root; the credentials file in it is the service's, 0600).",
        f"d {DATA_DIR} 0700 {USER} {USER} -",
        f"d {LOG_DIR} 0700 {USER} {USER} -",
        f"L /var/log/anjungan - - - - {LOG_DIR}",
        f"d {CONFIG_DIR} 0755 root root -", ""])


def readme_text(unit: str) -> str:
    return "\n".join([
        "# Install (as root):",
        f"cp {unit} /etc/systemd/system/",
        "cp anjungan.sysusers.conf /etc/sysusers.d/anjungan.conf && systemd-sysusers",
        "cp anjungan.tmpfiles.conf /etc/tmpfiles.d/anjungan.conf && systemd-tmpfiles --create",
        f"systemctl daemon-reload && systemctl enable --now {unit}",
        f"journalctl -u {unit} -f        # its log",
        "# Exit statuses that stop the restarts until a person fixes the cause and runs",
        f"# `systemctl restart {unit}`: " + ", ".join(f"{s}" for s in NOT_SET_UP_STATUSES)
        + " (configuration, not allowed, not ready, no PIN).", ""])


def _backup_files(args: argparse.Namespace) -> dict[str, str]:
    """The nightly backup beside the machine's unit (kiosk/cli/backup_units.py)."""
    from kiosk.cli import backup_units as nightly

    program = installed_program(args.program)
    return {nightly.SERVICE: nightly.service_text(program, args.backup_db, USER, DATA_DIR, CONFIG_FILE),
            nightly.TIMER: nightly.timer_text(),
            "anjungan.tmpfiles.conf": tmpfiles_text() + nightly.tmpfiles_line(args.backup_db, USER) + "\n",
            "README": readme_text(unit_name(args.machine, args.counter if args.machine in NEEDS_COUNTER else None))
            + "\n".join(nightly.readme_lines()) + "\n"}


def run_units(args: argparse.Namespace) -> int:
    if args.machine in NEEDS_COUNTER and args.counter is None:
        raise UserError.of("deploy.units.counter", exit_status=2, machine=args.machine)
    counter = args.counter if args.machine in NEEDS_COUNTER else None
    unit = unit_name(args.machine, counter)
    files = {unit: unit_text(args.machine, counter, installed_program(args.program), args.cage, args.tty),
             "anjungan.sysusers.conf": sysusers_text(), "anjungan.tmpfiles.conf": tmpfiles_text(),
             "README": readme_text(unit)}
    if args.backup or args.backup_db:
        files.update(_backup_files(args))
    out = Path(args.out)
    write_unit_files(out, files)
    print(tr("deploy.units.next", out=out, unit=unit), file=sys.stderr)
    return 0
