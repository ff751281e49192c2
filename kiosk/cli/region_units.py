"""The region's configuration bundles taken every few minutes at a branch, as systemd runs it:
`anjungan region units [--out DIR] [--db URL] [--role ROLE] [--every MIN]` (docs/region.md).

Written for the branch's database server, beside its nightly backup (kiosk/cli/backup_units.py):
- `anjungan-region-apply.service`: one `anjungan region apply` (Type=oneshot), as the database's
  owner role: the server's `postgres` user logs in through the server's own socket and takes the
  owner role at once (`options=-crole=anjungan_owner` in the address), so the bundle is checked and
  stored with exactly the owner's rights, as `config push` is; with the setup's data folder, where
  the NIK key is;
- `anjungan-region-apply.timer`: starts it two minutes after boot and then every few minutes (5 by
  default). A bundle the branch refuses makes that run fail (`systemctl status` and the journal
  say why), and the region's `region status` and the branch's `doctor` say so too.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.cli import UserError
from kiosk.cli.backup_units import OWNER, OWNER_DATA_DIR
from kiosk.cli.unit_files import CONFIG_FILE, DEFAULT_PROGRAM, installed_program, oneshot_service, write_unit_files
from kiosk.domain.catalog import tr

SERVICE = "anjungan-region-apply.service"
TIMER = "anjungan-region-apply.timer"
DB_URL = "postgresql+psycopg:///anjungan"       # the branch's database through the server's own socket
OWNER_ROLE = "anjungan_owner"
EVERY_MIN = 5


def register(rsub) -> None:
    units = rsub.add_parser("units", help="on a branch server: write the systemd service and timer that run "
                                          "`region apply` as the owner role every few minutes")
    units.add_argument("--out", default="anjungan-region-units", metavar="DIR",
                       help="where to write (default ./anjungan-region-units)")
    units.add_argument("--program", metavar="PATH",
                       help=f"the installed anjungan command (default: the one on PATH, else {DEFAULT_PROGRAM})")
    units.add_argument("--branch-db", dest="branch_db", default=DB_URL, metavar="URL",
                       help=f"the branch's database as the server's postgres user reaches it (default {DB_URL})")
    units.add_argument("--role", default=OWNER_ROLE, help=f"the role the bundles are taken as (default {OWNER_ROLE})")
    units.add_argument("--every", type=int, default=EVERY_MIN, metavar="MIN",
                       help=f"minutes between two runs, 1 to 60 (default {EVERY_MIN})")
    units.set_defaults(handler=run_units)


def db_url(url: str, role: str) -> str:
    """The branch's database, logging in as the server's user and acting as `role` from the start."""
    return url + ("&" if "?" in url else "?") + f"options=-crole%3D{role}"


def _unit_escaped(value: str) -> str:
    return value.replace("%", "%%")                # systemd's specifiers begin with %


def service_text(program: str, url: str, role: str, config_file: Path = CONFIG_FILE) -> str:
    command = [program, "--db", db_url(url, role), "region", "apply"]
    return oneshot_service(
        written_by="`anjungan region units`; see docs/region.md (configuration from the centre)",
        description="anjungan: take the region's newest configuration bundle (as the owner role)",
        user=OWNER, data=OWNER_DATA_DIR, config_file=config_file, exec_start=_unit_escaped(" ".join(command)),
        extra=("TimeoutStartSec=2min",), read_write=str(OWNER_DATA_DIR), identifier="anjungan-region-apply")


def timer_text(every_min: int = EVERY_MIN) -> str:
    return "\n".join([
        "# Written by `anjungan region units`; see docs/region.md (configuration from the centre).", "[Unit]",
        f"Description=anjungan: the region's configuration bundles, every {every_min} minutes", "",
        "[Timer]", "OnBootSec=2min", f"OnUnitActiveSec={every_min}min", "AccuracySec=30s",
        "RandomizedDelaySec=30s", f"Unit={SERVICE}", "", "[Install]", "WantedBy=timers.target", ""])


def readme_text() -> str:
    return "\n".join([
        "# The region's configuration bundles, taken every few minutes (on the branch's database server, as root):",
        f"cp {SERVICE} {TIMER} /etc/systemd/system/ && systemctl daemon-reload && systemctl enable --now {TIMER}",
        f"systemctl list-timers {TIMER}     # when it runs next; `systemctl start {SERVICE}` runs it now",
        f"journalctl -u {SERVICE}          # what each run said (a refused bundle: the run failed, with the reason)",
        "# First, once: `region follow` as the superuser (docs/region.md).", ""])


def run_units(args: argparse.Namespace) -> int:
    if not 1 <= args.every <= 60:
        raise UserError.of("region.units.every", exit_status=2, every=args.every)
    out = Path(args.out)
    write_unit_files(out, {SERVICE: service_text(installed_program(args.program), args.branch_db, args.role),
                           TIMER: timer_text(args.every), "README": readme_text()})
    print(tr("region.units.next", out=out, timer=TIMER), file=sys.stderr)
    return 0
